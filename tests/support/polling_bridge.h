// Puts a FakeServer behind Engine.IO HTTP long-polling, as engine.io's
// polling transport does, and plays the WebSocket upgrade probe: held GETs
// answered with every frame the server queued (joined by 0x1e), POST bodies
// split into frames for it, "2probe" answered with "3probe" while the held
// GET gets a noop, and "5" moving the server's connection to the WebSocket.
// Tests script its faults (a status for the next answer, a cut body, a probe
// that stays silent or is refused). BasicPair drives it.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>

#include "session/events.h"
#include "support/fake_server.h"

namespace chatwire::testing {

/// What the bridge says to the client, delivered by BasicPair in order.
struct BridgeOutput {
  enum class Kind { kAnswer, kOpened, kFrame, kClosed } kind;
  std::uint32_t id;  // the request (kAnswer) or the probe transport
  int status = 0;    // kAnswer only
  std::string text;  // body, frame, or close detail
};

/// How a WebSocket is met: a plain one (the server's own) or an upgrade probe.
enum class SocketReply {
  kAnswer,  // the server's (a probe: "3probe", then the upgrade)
  kSilent,  // the socket opens, then nothing (the proxy hang)
  kRefuse,  // the socket closes at once
};

class PollingBridge {
 public:
  explicit PollingBridge(FakeServer& server) : server_(server) {}

  /// How plain WebSockets (no sid) are met; kAnswer leaves them to the server.
  SocketReply websocket = SocketReply::kAnswer;
  /// How upgrade probes are met.
  SocketReply probe = SocketReply::kAnswer;
  /// The next request is answered with this status and body instead
  /// (status 0: the body cut short, no complete answer).
  std::optional<std::pair<int, std::string>> fail_next;
  /// Appended as is to the next GET answer that carries frames (raw payload
  /// text: start it with 0x1e to add packets).
  std::string extra_payload;

  /// Takes the client's action if it is polling's or the probe's.
  bool take(std::int64_t now_ms, const session::Action& action);
  /// Takes the server's output if it is for a polling connection.
  bool take(const ServerOutput& output);
  std::optional<BridgeOutput> poll_output();

  // What the bridge saw.
  std::uint32_t gets = 0;
  std::uint32_t posts = 0;
  std::vector<std::string> post_bodies;
  std::uint32_t most_requests_out = 0;  // the most requests of one connection out at once
  bool upgraded = false;

 private:
  struct Connection {
    std::string sid;
    std::optional<std::uint32_t> held_get;
    std::uint32_t out = 0;  // requests waiting for an answer
    std::string buffered;   // frames joined by 0x1e
    bool dead = false;      // the server dropped it: requests get "Session ID unknown"
  };

  void on_request(std::int64_t now_ms, const session::HttpRequest& request);
  void answer(Connection& connection, std::uint32_t request, int status, std::string body);
  void flush(Connection& connection);

  FakeServer& server_;
  std::map<std::uint32_t, Connection> connections_;  // by transport id
  std::map<std::uint32_t, std::uint32_t> probes_;    // probe transport -> polling transport
  std::map<std::uint32_t, bool> silent_sockets_;     // plain WebSockets held open, silent
  std::deque<BridgeOutput> outputs_;
};

}  // namespace chatwire::testing
