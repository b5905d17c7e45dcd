// The connection state machine: Engine.IO handshake and heartbeat, Socket.IO
// namespace connect with credentials, acks, a bounded outbox, and
// reconnection with backoff. Sans-IO: it opens no socket, reads no clock and
// starts no timer.
//
// Driving it (the JS side or a test does this):
//   1. Feed every input as a call carrying the current time `now_ms`
//      (any monotonic millisecond clock).
//   2. After each call, drain poll_action() and perform the actions in order
//      (open the transport, send frames, close it), drain poll_event() and
//      report the events, then arm one timer for poll_timeout().
//   3. When that timer fires, call handle_timeout(now_ms).
// Every input is safe to repeat: a spurious or late call (a timer that fires
// early, a frame from a transport already closed) is a harmless no-op.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/engineio.h"
#include "protocol/socketio.h"
#include "session/backoff.h"
#include "session/config.h"
#include "session/events.h"
#include "session/outbox.h"
#include "session/polling.h"
#include "util/result.h"

namespace chatwire::session {

/// Options of one emit.
struct EmitOptions {
  /// Ask the server for an ack and wait this long after transmission;
  /// nullopt sends without an ack. Buffered emits start their timer only
  /// when they are actually sent, so time spent offline does not count.
  std::optional<std::int64_t> ack_timeout_ms;
  /// If the connection drops before the ack, send again (same ack id) after
  /// reconnecting instead of failing with kConnectionLost. Use only when the
  /// server deduplicates (the chatwire protocol does, by client id).
  /// Requires ack_timeout_ms.
  bool resend_after_reconnect = false;
};

/// Why emit() refused an emit. Nothing was queued.
enum class EmitError : std::uint8_t {
  kOutboxFull,      // not connected and the outbox is at capacity: retry later or raise outbox_capacity
  kTooLarge,        // the encoded frame exceeds the server's maxPayload: send less
  kInvalidEvent,    // empty or reserved event name, or args not an array
  kInvalidOptions,  // resend_after_reconnect without an ack timeout, or a timeout <= 0
  kNotConnectable,  // state is kDisconnected or kFailed: call connect() first
};
const char* to_string(EmitError error);

class Session {
 public:
  /// Validates the config; the error names the offending field.
  static Result<Session, ConfigError> create(SessionConfig config);

  // ---- user commands ------------------------------------------------------

  /// Starts connecting. From kIdle, kDisconnected or kFailed: a fresh start
  /// with the backoff reset. In kReconnecting while waiting: retries now.
  /// Otherwise a no-op.
  void connect(std::int64_t now_ms);

  /// Closes the connection and stops all retries; buffered and unacked emits
  /// fail with kDisconnected. A no-op in kDisconnected.
  void disconnect(std::int64_t now_ms);

  /// Queues an EVENT ["event", ...args]. Sent at once when connected,
  /// otherwise buffered (oldest first, exactly once) until connected.
  Result<EmitId, EmitError> emit(std::int64_t now_ms, std::string_view event, Json args,
                                 const EmitOptions& options = {});

  /// Answers a ServerEvent that carried an ack id. A no-op when not connected
  /// (the server has forgotten that ack id by then).
  void ack(std::int64_t now_ms, std::uint32_t ack_id, Json args);

  /// Replaces the credentials for future CONNECT packets.
  void set_auth(Json auth);

  /// Answers CredentialsRequired: retries the namespace CONNECT once with
  /// `auth`. A no-op unless credentials were asked for.
  void provide_credentials(std::int64_t now_ms, Json auth);

  /// Answers CredentialsRequired negatively: the session fails with the
  /// server's rejection. A no-op unless credentials were asked for.
  void decline_credentials(std::int64_t now_ms);

  // ---- network hints ------------------------------------------------------

  /// The platform reports connectivity (browser `online`). While waiting to
  /// reconnect, retries at once instead of waiting out the delay.
  void network_online(std::int64_t now_ms);

  /// The platform reports no connectivity (browser `offline`). No new
  /// connection attempt starts until network_online(). An open connection is
  /// kept: the hint can be wrong, and the heartbeat decides.
  void network_offline(std::int64_t now_ms);

  // ---- transport events ---------------------------------------------------

  /// The transport from OpenTransport{transport} is open.
  void transport_opened(std::int64_t now_ms, std::uint32_t transport);

  /// A text frame arrived on `transport`.
  void frame_received(std::int64_t now_ms, std::uint32_t transport, std::string_view text);

  /// A binary frame arrived on `transport` (binary attachments are skipped).
  void binary_frame_received(std::int64_t now_ms, std::uint32_t transport, std::string_view bytes);

  /// The transport closed or failed, for whatever reason (`detail` is for
  /// diagnostics, e.g. the WebSocket close code).
  void transport_closed(std::int64_t now_ms, std::uint32_t transport, std::string_view detail);

  /// HttpRequest `request` ended: `status` and the whole `body`, or status 0
  /// and a diagnostic in `body` when no complete answer came (a network
  /// error, a body cut short). A status other than 200 ends the connection
  /// (an error event says which: http_error, session_unknown,
  /// request_failed) and a new one starts as after any loss. An answer for a
  /// request not waited for (stale, repeated, of a closed transport) is a
  /// no-op.
  void http_response(std::int64_t now_ms, std::uint32_t request, int status, std::string_view body);

  // ---- timers -------------------------------------------------------------

  /// Call when the deadline from poll_timeout() is reached. Processes every
  /// deadline at or before now_ms; calling early or twice does nothing.
  void handle_timeout(std::int64_t now_ms);

  // ---- outputs ------------------------------------------------------------

  /// The next transport action, in order; nullopt when there is none.
  std::optional<Action> poll_action();

  /// The next event, in order; nullopt when there is none.
  std::optional<Event> poll_event();

  /// The earliest deadline (absolute ms) at which handle_timeout() must be
  /// called, or nullopt if no timer is needed.
  [[nodiscard]] std::optional<std::int64_t> poll_timeout() const;

  // ---- inspection ---------------------------------------------------------

  [[nodiscard]] State state() const { return state_; }
  /// The namespace session id from the server's CONNECT, while connected.
  [[nodiscard]] const std::string& sid() const { return sid_; }
  /// The Engine.IO handshake of the current connection, if any.
  [[nodiscard]] const std::optional<protocol::eio::Handshake>& handshake() const { return handshake_; }
  /// When the next reconnection attempt starts, if one is scheduled.
  [[nodiscard]] std::optional<std::int64_t> reconnect_at() const { return reconnect_at_; }
  [[nodiscard]] bool network_offline_hint() const { return offline_; }
  [[nodiscard]] std::size_t outbox_size() const { return outbox_.size(); }
  [[nodiscard]] std::size_t awaiting_ack_count() const { return acks_.size(); }
  [[nodiscard]] const SessionConfig& config() const { return config_; }
  /// The kind of the current (or last) transport.
  [[nodiscard]] TransportKind transport_kind() const { return kind_; }
  /// True while a WebSocket upgrade probe is out.
  [[nodiscard]] bool upgrading() const { return probe_transport_ != 0; }

 private:
  /// Where the current connection attempt stands, finer than State.
  enum class Phase : std::uint8_t {
    kNone,                 // no transport and nothing scheduled
    kOpeningTransport,     // OpenTransport issued
    kAwaitingHandshake,    // transport open, waiting for the Engine.IO open packet
    kAwaitingNamespace,    // CONNECT sent
    kAwaitingCredentials,  // CONNECT refused; CredentialsRequired emitted
    kReady,                // namespace connected
    kWaitingToRetry,       // reconnect_at_ set
    kWaitingForNetwork,    // offline: retry on network_online()
  };

  explicit Session(SessionConfig config);

  // Attempts and their end.
  void start_attempt(std::int64_t now_ms);
  void start_reconnect_attempt(std::int64_t now_ms);
  void retry_now(std::int64_t now_ms);
  /// Closes the transport (if any) and clears everything tied to it.
  void end_attempt();
  /// The attempt or connection ended unexpectedly: schedule a retry or fail.
  void lose_connection(std::int64_t now_ms, Reason reason, std::string detail);
  /// Terminal: kFailed, every emit failed with kSessionFailed.
  void fail(Reason reason, std::string detail);
  void fail_all_emits(EmitFailure failure);
  void set_state(State to, Reason reason, std::string detail = {});

  // Transports (session_transports.cpp).
  /// Opens transport_ as the kind this attempt is on (the preferred one, or
  /// the fallback fall_back() chose).
  void open_transport(std::int64_t now_ms);
  /// Before the handshake with another transport left to try: reports the
  /// failure, starts the next transport at once, and returns true.
  bool fall_back(std::int64_t now_ms, const std::string& detail);
  /// The open packet was taken: polling starts, the upgrade probe goes out.
  void after_handshake(std::int64_t now_ms);
  /// Ends polling (with a goodbye POST when it can) and the probe.
  void close_transports();
  std::uint32_t take_request_id();
  void issue_polling();
  void on_polling_payload(std::int64_t now_ms, std::uint32_t transport, std::string_view body);
  void on_polling_failure(std::int64_t now_ms, int status, std::string_view body);
  void start_probe(std::int64_t now_ms);
  void on_probe_opened();
  void on_probe_frame(std::int64_t now_ms, std::string_view text);
  /// The probe failed: it is closed (unless `already_closed`), an
  /// upgrade_failed error says why, and polling resumes.
  void fail_probe(const std::string& detail, bool already_closed);
  void maybe_finish_upgrade(std::int64_t now_ms);
  void close_probe();
  [[nodiscard]] bool is_probe(std::uint32_t transport) const {
    return transport != 0 && transport == probe_transport_;
  }

  // Sending.
  [[nodiscard]] std::size_t outbound_frame_limit() const;
  void transmit(std::int64_t now_ms, PendingEmit emit);
  void send_frame(std::string text);
  void send_connect();
  [[nodiscard]] bool is_current(std::uint32_t transport) const;
  void touch_heartbeat(std::int64_t now_ms);

  // Receiving.
  /// One Engine.IO packet's text from the current transport (a WebSocket
  /// frame, or one packet of a polling payload).
  void on_engine_frame(std::int64_t now_ms, std::string_view text);
  void on_engine_packet(std::int64_t now_ms, const protocol::eio::Packet& packet);
  void on_open_packet(std::int64_t now_ms, std::string_view data);
  void on_binary_message(std::string_view bytes);
  void on_socket_outcome(std::int64_t now_ms, protocol::sio::DecodeOutcome outcome);
  void on_socket_packet(std::int64_t now_ms, protocol::sio::Packet packet);
  void on_namespace_connected(std::int64_t now_ms, const protocol::sio::Packet& packet);
  void on_connect_error(const protocol::sio::Packet& packet);
  void hold_early_event(protocol::sio::Packet packet);
  void on_server_event(protocol::sio::Packet packet);
  void on_ack(protocol::sio::Packet packet);
  void report(ErrorCode code, std::string message,
              std::optional<protocol::DecodeErrorCode> decode_error = std::nullopt);

  SessionConfig config_;
  State state_ = State::kIdle;
  Phase phase_ = Phase::kNone;
  bool offline_ = false;

  std::uint32_t transport_ = 0;  // id of the current transport; 0 = none
  std::uint32_t next_transport_ = 1;
  TransportKind kind_ = TransportKind::kWebSocket;
  std::size_t transport_index_ = 0;                // in config_.transports, of this attempt
  std::size_t preferred_index_ = 0;                // the one that last reached the handshake
  std::size_t transports_tried_ = 0;               // in this attempt
  std::optional<std::size_t> fallback_index_;      // set by fall_back() for open_transport()
  std::optional<std::int64_t> handshake_deadline_;  // only while a fallback is left
  std::optional<Polling> polling_;                 // when transport_ is polling
  std::uint32_t next_request_ = 1;
  std::uint32_t probe_transport_ = 0;  // the WebSocket probed for an upgrade; 0 = none
  bool probe_answered_ = false;        // "3probe" came: polling pauses, then "5"
  std::optional<std::int64_t> probe_deadline_;
  protocol::sio::Decoder decoder_;
  std::optional<protocol::eio::Handshake> handshake_;
  std::string sid_;
  bool credentials_refreshed_ = false;  // one refresh per rejection cycle: never loops
  std::string rejection_message_;

  Backoff backoff_;
  std::uint32_t reconnect_attempts_ = 0;  // since the last successful connect
  std::optional<std::int64_t> connect_deadline_;
  std::optional<std::int64_t> heartbeat_deadline_;
  std::optional<std::int64_t> reconnect_at_;

  /// Events that arrived between our CONNECT and the server's answer,
  /// delivered once connected (see hold_early_event); at most kMaxEarlyEvents.
  std::vector<protocol::sio::Packet> early_events_;
  static constexpr std::size_t kMaxEarlyEvents = 64;

  EmitId next_emit_id_ = 1;
  Outbox outbox_;
  AckTracker acks_;

  std::deque<Action> actions_;
  std::deque<Event> events_;
};

}  // namespace chatwire::session
