// Fuzzes the session's transports: long-polling answers (any status, any
// body, for any request id, late or repeated), the fallback between
// transports, and the upgrade probe, interleaved with the clock, commands
// and a WebSocket's events, as a hostile server or a broken proxy could
// produce them.
//
// Properties checked after every operation, beyond "no crash, no leak":
//   - at most one GET and one POST of a polling transport are out at a time
//     (a goodbye POST, the close packet last, may overlap: it ends the session);
//   - request ids are never reused, and requests name a transport that is open;
//   - after handle_timeout(now), the next deadline is later than now;
//   - the state reported by StateChanged events matches state().
#include <fuzzer/FuzzedDataProvider.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "session_clock.h"
#include "session/session.h"

namespace {

using chatwire::json_util::Json;
using namespace chatwire::session;

constexpr const char* kOpenPacket =
    "0{\"sid\":\"s\",\"upgrades\":[\"websocket\"],\"pingInterval\":300,\"pingTimeout\":200}";
constexpr const char* kConnectAck = "40{\"sid\":\"n\"}";

struct Out {
  std::uint32_t transport;
  bool post;
};

struct Harness {
  explicit Harness(Session s) : session(std::move(s)) {}

  Session session;
  std::int64_t now = 0;
  std::map<std::uint32_t, Out> out;      // requests made and not answered, by id
  std::set<std::uint32_t> seen_requests;
  std::set<std::uint32_t> open;          // transports opened (WebSocket or polling) and not closed
  std::vector<std::uint32_t> sockets;    // WebSockets opened, newest last
  State reported = State::kIdle;

  void drain() {
    while (auto action = session.poll_action()) {
      if (const auto* request = std::get_if<HttpRequest>(&*action)) {
        FUZZ_CHECK(seen_requests.insert(request->request).second,
                   "request id " + std::to_string(request->request) + " reused");
        open.insert(request->transport);
        const bool goodbye = request->post && (request->body == "1" || request->body.ends_with("\x1e" "1"));
        if (!goodbye) {
          for (const auto& [id, earlier] : out) {
            FUZZ_CHECK(earlier.transport != request->transport || earlier.post != request->post,
                       std::string("a second ") + (request->post ? "POST" : "GET") + " out on transport " +
                           std::to_string(request->transport));
          }
        }
        out[request->request] = Out{request->transport, request->post};
      } else if (const auto* socket = std::get_if<OpenTransport>(&*action)) {
        FUZZ_CHECK(open.insert(socket->transport).second, "transport ids are fresh");
        sockets.push_back(socket->transport);
      } else if (const auto* send = std::get_if<SendFrame>(&*action)) {
        FUZZ_CHECK(open.count(send->transport) == 1, "a frame for a transport not open");
      } else if (const auto* close = std::get_if<CloseTransport>(&*action)) {
        open.erase(close->transport);
        // The package aborts the GET; POSTs finish and their answers no longer matter.
        std::erase_if(out, [&](const auto& entry) { return entry.second.transport == close->transport; });
      }
    }
    while (auto event = session.poll_event()) {
      if (const auto* change = std::get_if<StateChanged>(&*event)) {
        FUZZ_CHECK(change->from == reported, std::string("from ") + to_string(change->from));
        reported = change->to;
      }
    }
    FUZZ_CHECK(reported == session.state(), std::string("state() is ") + to_string(session.state()));
  }

  /// The id of a request out (the oldest GET or POST), or 0.
  std::uint32_t request_out(bool post) const {
    for (const auto& [id, request] : out) {
      if (request.post == post) return id;
    }
    return 0;
  }

  void answer(std::uint32_t request, int status, std::string_view body) {
    out.erase(request);
    session.http_response(now, request, status, body);
  }

  [[nodiscard]] std::uint32_t newest_socket() const { return sockets.empty() ? 0 : sockets.back(); }

};

SessionConfig fuzz_config(FuzzedDataProvider& input) {
  SessionConfig config;
  config.random_seed = input.ConsumeIntegral<std::uint64_t>();
  switch (input.ConsumeIntegralInRange<int>(0, 2)) {
    case 0:
      config.transports = {TransportKind::kWebSocket, TransportKind::kPolling};
      break;
    case 1:
      config.transports = {TransportKind::kPolling, TransportKind::kWebSocket};
      break;
    default:
      config.transports = {TransportKind::kPolling};
      break;
  }
  config.handshake_timeout_ms = input.ConsumeIntegralInRange<std::int64_t>(1, 3000);
  config.connect_timeout_ms = input.ConsumeIntegralInRange<std::int64_t>(1, 5000);
  config.reconnection.max_attempts = input.ConsumeIntegralInRange<std::uint32_t>(0, 3);
  config.limits = chatwire::fuzz::kTightLimits;
  config.limits.max_frame_bytes = 256;
  return config;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  auto created = Session::create(fuzz_config(input));
  FUZZ_CHECK(created.ok(), "the fuzz config is valid");
  Harness h(std::move(created).value());

  while (input.remaining_bytes() > 0) {
    switch (input.ConsumeIntegralInRange<int>(0, 15)) {
      case 0:  // the GET out gets any body
        h.answer(h.request_out(false), 200, input.ConsumeRandomLengthString(300));
        break;
      case 1:  // the handshake, or a push, with more packets after it
        h.answer(h.request_out(false), 200, std::string(kOpenPacket) + "\x1e" + kConnectAck);
        break;
      case 2:
        h.answer(h.request_out(false), 200, input.ConsumeBool() ? "2" : "6\x1e" "42[\"x\",1]");
        break;
      case 3:  // the POST out
        h.answer(h.request_out(true), 200, "ok");
        break;
      case 4: {  // any request, any status: an error page, a forgotten sid, no answer
        const bool post = input.ConsumeBool();
        const int status = input.PickValueInArray({0, 200, 400, 404, 502});
        h.answer(h.request_out(post), status, input.ConsumeRandomLengthString(60));
        break;
      }
      case 5:  // any id: one never given, one already answered, or one out
        h.answer(input.ConsumeIntegralInRange<std::uint32_t>(0, 40), 200, kOpenPacket);
        break;
      case 6:
        h.session.transport_opened(h.now, h.newest_socket());
        break;
      case 7:
        h.session.frame_received(h.now, h.newest_socket(), input.ConsumeBool() ? "3probe" : kOpenPacket);
        break;
      case 8:
        h.session.frame_received(h.now, h.newest_socket(), input.ConsumeRandomLengthString(40));
        break;
      case 9:
        h.session.transport_closed(h.now, h.newest_socket(), "fuzz");
        break;
      case 10:
        h.session.connect(h.now);
        break;
      case 11:
        h.session.disconnect(h.now);
        break;
      case 12:
        (void)h.session.emit(h.now, "e", Json::array({input.ConsumeRandomLengthString(20)}));
        break;
      case 13:
        h.session.frame_received(h.now, h.newest_socket(), kConnectAck);
        break;
      default:
        chatwire::fuzz::advance_clock(h, input.ConsumeIntegralInRange<std::int64_t>(0, 10'000));
        break;
    }
    h.drain();
  }
  return 0;
}
