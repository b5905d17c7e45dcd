// The core's own cost per message, natively: the workload of `npm run
// ingest` (bench/lib/frames.mjs: native-protocol "message" pushes into one
// joined room, all unread) fed to api::CoreApi, the class the Wasm module
// wraps, with no JavaScript around it. What it prints is the floor under
// the Wasm figures: if a frame costs X here, it costs more in the module.
//
//   cmake --build build --target chatwire_ingest_native
//   build/bench/native/chatwire_ingest_native [frames] [runs]
//   valgrind --tool=callgrind build/bench/native/chatwire_ingest_native 5000 1
//
// A measurement, not a test: it fails only when the workload did not run as
// meant (the handshake or the join was not answered as the protocol says).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "api/core_api.h"

namespace {

constexpr std::int64_t kStart = 1'717'430'400'000;

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "ingest_native: %s\n", what.c_str());
  std::exit(2);
}

/// The text after `key` in `answer` up to the next `end`, e.g. a transport id.
std::string field_after(const std::string& answer, std::string_view key, char end) {
  const std::size_t at = answer.find(key);
  if (at == std::string::npos) fail("no " + std::string(key) + " in " + answer);
  const std::size_t from = at + key.size();
  return answer.substr(from, answer.find(end, from) - from);
}

/// Mulberry32, as bench/lib/frames.mjs, so the texts vary the same way.
struct Random {
  std::uint32_t state;
  double next() {
    state += 0x6d2b79f5u;
    std::uint32_t t = state;
    t = (t ^ (t >> 15)) * (t | 1u);
    t ^= t + (t ^ (t >> 7)) * (t | 61u);
    return static_cast<double>(t ^ (t >> 14)) / 4294967296.0;
  }
};

std::vector<std::string> message_frames(int count) {
  static const char* const kWords[] = {"the", "quick", "brown", "fox", "jumps", "over", "a", "lazy",
                                       "dog", "while", "we", "ship", "the", "release", "tonight",
                                       "please", "review", "my", "change", "before", "lunch", "thanks",
                                       "\xF0\x9F\x91\x8D", "d\xC3\xA9j\xC3\xA0", "vu", "na\xC3\xAFve",
                                       "caf\xC3\xA9"};
  static const char* const kAuthors[] = {R"({"id":"u2","name":"Grace"})", R"({"id":"u3","name":"Linus"})",
                                         R"({"id":"u4","name":"Margaret"})",
                                         R"({"id":"u5","name":"Ada Lovelace"})"};
  constexpr int kWordCount = sizeof(kWords) / sizeof(kWords[0]);
  Random random{42};
  std::vector<std::string> frames;
  frames.reserve(static_cast<std::size_t>(count));
  for (int seq = 1; seq <= count; ++seq) {
    const int words = 1 + static_cast<int>(random.next() * 24);
    std::string text;
    for (int w = 0; w < words; ++w) {
      if (w > 0) text += ' ';
      text += kWords[static_cast<int>(random.next() * kWordCount)];
    }
    char client_id[32] = "null";
    if (seq % 3 == 0) {
      std::snprintf(client_id, sizeof client_id, "\"c-%x\"",
                    static_cast<std::uint32_t>(static_cast<std::uint64_t>(seq) * 2654435761u));
    }
    frames.push_back(R"(42["message",{"id":"m-)" + std::to_string(seq) + R"(","room":"general","seq":)" +
                     std::to_string(seq) + R"(,"clientId":)" + client_id + R"(,"author":)" +
                     kAuthors[seq % 4] + R"(,"text":")" + text + R"(","createdAt":)" +
                     std::to_string(kStart + seq * 1000) + "}]");
  }
  return frames;
}

/// A client connected and joined to "general", as the Node benchmark's fake server leaves it.
struct Joined {
  chatwire::api::CoreApi api{
      R"({"dialect":"chatwire","user":{"id":"u-self","name":"Bench Reader"},"maxMessagesPerRoom":500,)"
      R"("reconnection":{"enabled":false}})"};
  double transport = 0;
  std::int64_t now = kStart;

  Joined() {
    if (!api.created()) fail("configuration refused: " + api.error());
    api.set_message_events(false);  // as the package leaves it while nobody listens for "message"
    transport = std::stod(field_after(api.connect(static_cast<double>(now)), R"("transport":)", ','));
    api.transport_opened(static_cast<double>(now), transport);
    const std::string namespace_connect = api.frame_received(
        static_cast<double>(now), transport,
        R"(0{"sid":"bench","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})");
    if (namespace_connect.find(R"("text":"40)") == std::string::npos) fail("no CONNECT: " + namespace_connect);
    api.frame_received(static_cast<double>(now), transport, R"(40{"sid":"bench-socket-sid"})");
    const std::string join = api.join(static_cast<double>(now), "general");
    const std::string ack_id = field_after(join, R"("text":"42)", '[');
    const std::string ack = api.frame_received(
        static_cast<double>(now), transport,
        "43" + ack_id +
            R"([{"ok":true,"room":"general","members":[{"user":{"id":"u-self","name":"Bench Reader"},"online":true}],)"
            R"("messages":[],"hasMore":false,"readSeq":0,"lastSeq":0}])");
    if (ack.find(R"("state":"joined")") == std::string::npos) fail("join not acknowledged: " + ack);
  }
};

}  // namespace

int main(int argc, char** argv) {
  const int count = argc > 1 ? std::max(1, std::atoi(argv[1])) : 100'000;
  const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
  const std::vector<std::string> frames = message_frames(count);
  std::size_t bytes = 0;
  for (const std::string& frame : frames) bytes += frame.size();

  std::printf("frames: %d native-protocol message pushes, %.0f B on average, one joined room\n", count,
              static_cast<double>(bytes) / count);
  for (int run = 1; run <= runs; ++run) {
    Joined client;
    std::size_t answered = 0;
    std::string last;
    const auto started = std::chrono::steady_clock::now();
    for (const std::string& frame : frames) {
      last = client.api.frame_received(static_cast<double>(client.now), client.transport, frame);
      answered += last.size();
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("run %d: %.0f msg/s, %.2f us per frame, %.0f B of answer per frame\n", run, count / seconds,
                seconds * 1e6 / count, static_cast<double>(answered) / count);
    if (run == 1) std::printf("the last frame's answer: %s\n", last.c_str());
  }
  return 0;
}
