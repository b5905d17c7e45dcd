// The server the client talks to: what it says next, read from the script.
// Server events shaped like the preset's (or anything), bursts of live
// messages, echoes of the user's own messages, acks that answer the
// requests the client really sent (their ack ids read back from its frames)
// or any ack id, and Engine.IO / Socket.IO control traffic.
//
// It only writes frames; the harness delivers them to the client.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "client_fuzz/payload_generator.h"
#include "client_fuzz/tracked_sends.h"
#include "util/json.h"

namespace chatwire::fuzz::client_fuzz {

// maxPayload 8000: a send of 4000 two-byte characters is refused as too large.
inline constexpr const char* kHandshake =
    "0{\"sid\":\"s\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":8000}";
inline constexpr const char* kConnectAck = "40{\"sid\":\"n\"}";

/// An event the client emitted with an ack id (parsed from its frames).
struct SentRequest {
  std::uint32_t ack_id;
  std::string event;
  json_util::Json payload;  // the first argument, or null
};

class FakeServer {
 public:
  /// `payloads` writes the JSON; `sends` lends the user's messages to echo.
  FakeServer(FuzzedDataProvider& input, std::size_t preset, PayloadGenerator& payloads,
             const TrackedSends& sends)
      : in_(input), preset_(preset), payloads_(payloads), sends_(sends) {}

  /// Reads a frame the client sent, and learns the ack ids of its requests
  /// (the newest 16), so acks can answer them. Checks the properties tagged
  /// "frames": the client's frames decode, and an event is [name, ...].
  void receive(const std::string& text);

  /// One of the preset's events, its payload typed for each field.
  std::string shaped_event();
  /// Any event name (known or not) with any payload.
  std::string generic_event();
  /// Several valid messages in a row, each a frame of its own: fills a room
  /// past its bound with live traffic. Deliver them one at a time.
  std::vector<std::string> burst();
  /// The server's copy of one of the user's own messages, as a live event;
  /// nothing before the first send().
  std::optional<std::string> own_echo();
  /// A plausible, well-formed answer to one of the requests the client
  /// sent; nothing before the first request.
  std::optional<std::string> smart_ack();
  /// An ack with fuzzed arguments, to a recent request or to any ack id.
  std::string fuzzed_ack();
  /// Engine.IO and Socket.IO control traffic.
  std::string session_frame();
  /// Any text at all.
  std::string raw_frame();
  /// A binary frame's bytes.
  std::string binary_frame();

 private:
  std::string event_frame(std::string_view name, const std::string& args_after_name);
  /// The preset's event that carries a live message.
  [[nodiscard]] const char* message_event() const;

  FuzzedDataProvider& in_;
  std::size_t preset_;
  PayloadGenerator& payloads_;
  const TrackedSends& sends_;
  std::deque<SentRequest> requests_;  // the newest last
};

}  // namespace chatwire::fuzz::client_fuzz
