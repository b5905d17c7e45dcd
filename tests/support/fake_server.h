// A scripted Socket.IO server for session tests: it speaks the real wire
// format (Engine.IO v4 / Socket.IO v5 text frames) and follows a script
// that tests change mid-run to create outages, rejections and silence.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "protocol/engineio.h"
#include "protocol/socketio.h"
#include "util/json.h"

namespace chatwire::testing {

using Json = json_util::Json;

class FakeServer;

/// How the server answers a namespace CONNECT.
struct ConnectReply {
  enum class Kind { kAccept, kReject, kSilent } kind = Kind::kAccept;
  std::string message;  // the CONNECT_ERROR message when rejecting

  static ConnectReply accept() { return {}; }
  static ConnectReply reject(std::string why) { return {Kind::kReject, std::move(why)}; }
  static ConnectReply silent() { return {Kind::kSilent, {}}; }
};

struct ServerScript {
  bool accept_transport = true;                     // false: every open request is refused at once
  bool send_handshake = true;                       // false: the transport opens, then nothing
  std::optional<std::string> open_packet_override;  // raw data of the open packet
  protocol::eio::Handshake handshake{"eio-sid", {}, 25000, 20000, 1'000'000};
  bool send_pings = true;  // every pingInterval, as real servers do
  /// Decides each CONNECT from the auth it carried (null if none).
  std::function<ConnectReply(const Json& auth)> on_connect = [](const Json&) {
    return ConnectReply::accept();
  };
  /// Acknowledge every event that asks for it with ["ok"] (unless on_event
  /// answers it).
  bool auto_ack = true;
  /// Plays the backend: sees every EVENT (name, the args after it) and may
  /// answer with the args of its ack (used only if the client asked for an
  /// ack). It may also push events with FakeServer::send_event.
  std::function<std::optional<Json>(FakeServer& server, const std::string& name, const Json& args)> on_event;
};

/// A server that never acknowledges, for ack timeouts and in-flight emits.
inline ServerScript without_acks() {
  ServerScript script;
  script.auto_ack = false;
  return script;
}

/// Something the server does to the client, delivered by Pair in order.
struct ServerOutput {
  enum class Kind { kOpened, kFrame, kClosed } kind;
  std::uint32_t transport;
  std::string text;  // frame text, or the close detail
};

class FakeServer {
 public:
  explicit FakeServer(ServerScript initial_script) : script(std::move(initial_script)) {}

  ServerScript script;

  // ---- driven by Pair ----
  void on_open_request(std::int64_t now_ms, std::uint32_t transport);
  void on_client_frame(std::int64_t now_ms, std::uint32_t transport, const std::string& text);
  void on_client_close(std::uint32_t transport);
  [[nodiscard]] std::optional<std::int64_t> next_deadline() const { return next_ping_; }
  void handle_timeout(std::int64_t now_ms);
  std::optional<ServerOutput> poll_output();

  // ---- used by tests ----
  /// Sends a raw Engine.IO text frame on the live connection.
  void send_raw(std::string frame);
  /// Sends a Socket.IO EVENT on the live connection.
  void send_event(const std::string& name, Json args, std::optional<std::uint32_t> ack_id = std::nullopt);
  /// Drops the live connection as a crash or network loss would.
  void drop_connection(const std::string& detail = "connection reset");
  /// Loses the frames sent that the client has not received yet, as a
  /// network cut does to what is on the wire (then drop_connection()).
  void lose_in_flight();
  /// The live connection continues on transport `to` (an Engine.IO upgrade
  /// from `from`); a no-op unless `from` is live.
  void move_connection(std::uint32_t from, std::uint32_t to) {
    if (live_ == from && from != 0) live_ = to;
  }
  /// Keeps the connection but stops sending anything (a half-dead link).
  void go_silent() {
    silent_ = true;
    next_ping_.reset();
  }

  [[nodiscard]] bool has_live_connection() const { return live_ != 0; }
  /// The clock as of the last input the server saw.
  [[nodiscard]] std::int64_t now_ms() const { return now_ms_; }

  // ---- what the server saw ----
  std::uint32_t open_requests = 0;
  std::uint32_t connections_accepted = 0;
  std::uint32_t pongs_received = 0;
  std::vector<Json> connect_auths;                     // auth of every CONNECT, in order
  std::vector<protocol::sio::Packet> events_received;  // every EVENT, in order
  std::vector<std::string> frames_received;            // every frame, raw
  std::vector<std::string> frames_sent;                // every frame queued for the client, raw
  std::uint32_t client_disconnects = 0;                // Socket.IO DISCONNECT packets
  std::uint32_t client_closes = 0;                     // CloseTransport on the live connection

 private:
  void send_to_client(std::string frame);
  void on_socket_packet(const protocol::sio::Packet& packet);

  std::uint32_t live_ = 0;  // transport id of the live connection; 0 = none
  bool silent_ = false;
  std::uint32_t namespace_sessions_ = 0;
  std::int64_t now_ms_ = 0;
  std::optional<std::int64_t> next_ping_;
  std::deque<ServerOutput> outputs_;
};

}  // namespace chatwire::testing
