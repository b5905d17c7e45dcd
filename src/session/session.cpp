#include "session/session.h"

#include <algorithm>
#include <utility>

#include "util/take_front.h"

namespace chatwire::session {

namespace eio = protocol::eio;
namespace sio = protocol::sio;

namespace {

// The human-readable reason of a CONNECT_ERROR: {"message": "..."} in v5,
// a bare string from v4 servers.
std::string connect_error_message(const sio::Packet& packet) {
  if (packet.data) {
    if (packet.data->is_string()) return packet.data->get<std::string>();
    if (auto message = json_util::get_string(*packet.data, "message")) return *message;
  }
  return "the server refused the connection";
}

std::string message_frame(const sio::Packet& packet) {
  std::string frame(1, '0' + static_cast<char>(eio::PacketType::kMessage));
  frame += sio::encode(packet);
  return frame;
}

}  // namespace

const char* to_string(EmitError error) {
  switch (error) {
    case EmitError::kOutboxFull:
      return "outbox_full";
    case EmitError::kTooLarge:
      return "too_large";
    case EmitError::kInvalidEvent:
      return "invalid_event";
    case EmitError::kInvalidOptions:
      return "invalid_options";
    case EmitError::kNotConnectable:
      return "not_connectable";
  }
  return "unknown";
}

Result<Session, ConfigError> Session::create(SessionConfig config) {
  if (auto error = validate(config)) return Failure{std::move(*error)};
  return Session(std::move(config));
}

Session::Session(SessionConfig config)
    : config_(std::move(config)),
      decoder_(config_.limits, sio::PayloadForm::kText),
      backoff_(config_.reconnection.backoff, config_.random_seed),
      outbox_(config_.outbox_capacity) {}

// ---- user commands --------------------------------------------------------

void Session::connect(std::int64_t now_ms) {
  switch (state_) {
    case State::kIdle:
    case State::kDisconnected:
    case State::kFailed:
      reconnect_attempts_ = 0;
      credentials_refreshed_ = false;
      set_state(State::kConnecting, Reason::kUserConnect);
      start_attempt(now_ms);
      return;
    case State::kReconnecting:
      if (phase_ == Phase::kWaitingToRetry || phase_ == Phase::kWaitingForNetwork) retry_now(now_ms);
      return;
    case State::kConnecting:
    case State::kConnected:
      return;
  }
}

void Session::disconnect(std::int64_t /*now_ms*/) {
  if (state_ == State::kDisconnected) return;
  if (phase_ == Phase::kReady) {
    // Tell the server before closing, so it frees the session at once
    // instead of waiting for its own heartbeat timeout.
    send_frame(
        message_frame(sio::Packet{sio::PacketType::kDisconnect, config_.nsp, std::nullopt, std::nullopt, {}, {}}));
  }
  end_attempt();
  phase_ = Phase::kNone;
  set_state(State::kDisconnected, Reason::kUserDisconnect);
  fail_all_emits(EmitFailure::kDisconnected);
}

Result<EmitId, EmitError> Session::emit(std::int64_t now_ms, std::string_view event, Json args,
                                        const EmitOptions& options) {
  if (event.empty() || sio::is_reserved_event_name(event) || !args.is_array()) {
    return Failure{EmitError::kInvalidEvent};
  }
  if ((options.ack_timeout_ms && *options.ack_timeout_ms <= 0) ||
      (options.resend_after_reconnect && !options.ack_timeout_ms)) {
    return Failure{EmitError::kInvalidOptions};
  }
  if (state_ == State::kDisconnected || state_ == State::kFailed) return Failure{EmitError::kNotConnectable};

  const EmitId id = next_emit_id_;
  const std::optional<std::uint32_t> ack_id =
      options.ack_timeout_ms ? std::optional<std::uint32_t>(id) : std::nullopt;
  PendingEmit pending{id, message_frame(sio::make_event(config_.nsp, event, std::move(args), ack_id)),
                      options.ack_timeout_ms, options.resend_after_reconnect};
  if (pending.frame.size() > outbound_frame_limit()) return Failure{EmitError::kTooLarge};

  if (phase_ == Phase::kReady) {
    transmit(now_ms, std::move(pending));
  } else if (!outbox_.push(std::move(pending))) {
    return Failure{EmitError::kOutboxFull};
  }
  next_emit_id_ = next_emit_id_ == UINT32_MAX ? 1 : next_emit_id_ + 1;
  return id;
}

void Session::ack(std::int64_t /*now_ms*/, std::uint32_t ack_id, Json args) {
  if (phase_ != Phase::kReady) return;
  if (!args.is_array()) args = Json::array({std::move(args)});
  send_frame(message_frame(sio::Packet{sio::PacketType::kAck, config_.nsp, ack_id, std::move(args), {}, {}}));
}

void Session::set_auth(Json auth) { config_.auth = std::move(auth); }

void Session::provide_credentials(std::int64_t /*now_ms*/, Json auth) {
  if (phase_ != Phase::kAwaitingCredentials) return;
  config_.auth = std::move(auth);
  credentials_refreshed_ = true;
  phase_ = Phase::kAwaitingNamespace;
  send_connect();
}

void Session::decline_credentials(std::int64_t /*now_ms*/) {
  if (phase_ != Phase::kAwaitingCredentials) return;
  fail(Reason::kConnectRejected, rejection_message_);
}

// ---- network hints --------------------------------------------------------

void Session::network_online(std::int64_t now_ms) {
  offline_ = false;
  if (phase_ == Phase::kWaitingToRetry || phase_ == Phase::kWaitingForNetwork) retry_now(now_ms);
}

void Session::network_offline(std::int64_t /*now_ms*/) {
  offline_ = true;
  if (phase_ == Phase::kWaitingToRetry) {
    reconnect_at_.reset();
    phase_ = Phase::kWaitingForNetwork;
    events_.emplace_back(ReconnectDeferred{reconnect_attempts_ + 1});
  }
}

// ---- transport events -----------------------------------------------------

void Session::transport_opened(std::int64_t /*now_ms*/, std::uint32_t transport) {
  if (is_probe(transport)) {
    on_probe_opened();
    return;
  }
  if (!is_current(transport) || phase_ != Phase::kOpeningTransport) return;
  phase_ = Phase::kAwaitingHandshake;
}

void Session::frame_received(std::int64_t now_ms, std::uint32_t transport, std::string_view text) {
  if (is_probe(transport)) {
    on_probe_frame(now_ms, text);
    return;
  }
  if (!is_current(transport)) return;
  on_engine_frame(now_ms, text);
}

void Session::on_engine_frame(std::int64_t now_ms, std::string_view text) {
  // A frame proves the transport open even if its open callback is late.
  if (phase_ == Phase::kOpeningTransport) phase_ = Phase::kAwaitingHandshake;
  touch_heartbeat(now_ms);

  auto packet = eio::decode_packet(text, config_.limits);
  if (!packet) {
    report(ErrorCode::kMalformedFrame, "dropped an Engine.IO frame: " + packet.error().message,
           packet.error().code);
    return;
  }
  on_engine_packet(now_ms, *packet);
}

void Session::binary_frame_received(std::int64_t now_ms, std::uint32_t transport, std::string_view bytes) {
  if (!is_current(transport)) return;
  touch_heartbeat(now_ms);
  on_binary_message(bytes);
}

void Session::transport_closed(std::int64_t now_ms, std::uint32_t transport, std::string_view detail) {
  if (is_probe(transport)) {
    fail_probe(std::string(detail), true);
    return;
  }
  if (!is_current(transport)) return;
  transport_ = 0;  // already closed: no CloseTransport action for it
  lose_connection(now_ms, Reason::kTransportClosed, std::string(detail));
}

// ---- timers ---------------------------------------------------------------

void Session::handle_timeout(std::int64_t now_ms) {
  if (probe_deadline_ && now_ms >= *probe_deadline_) {
    fail_probe("no \"3probe\" within " + std::to_string(config_.handshake_timeout_ms) + " ms", false);
  }
  if (handshake_deadline_ && now_ms >= *handshake_deadline_) {
    lose_connection(now_ms, Reason::kHandshakeTimeout,
                    "no Engine.IO open packet within " + std::to_string(config_.handshake_timeout_ms) + " ms");
  } else if (connect_deadline_ && now_ms >= *connect_deadline_) {
    lose_connection(now_ms, Reason::kConnectTimeout,
                    "not connected within " + std::to_string(config_.connect_timeout_ms) + " ms");
  } else if (heartbeat_deadline_ && now_ms >= *heartbeat_deadline_) {
    lose_connection(now_ms, Reason::kHeartbeatTimeout,
                    "no data from the server within pingInterval + pingTimeout");
  }
  if (reconnect_at_ && now_ms >= *reconnect_at_) {
    reconnect_at_.reset();
    start_reconnect_attempt(now_ms);
  }
  for (const EmitId id : acks_.expire(now_ms)) events_.emplace_back(EmitFailed{id, EmitFailure::kAckTimeout});
}

// ---- outputs --------------------------------------------------------------

std::optional<Action> Session::poll_action() {
  return util::take_front(actions_);
}

std::optional<Event> Session::poll_event() {
  return util::take_front(events_);
}

std::optional<std::int64_t> Session::poll_timeout() const {
  std::optional<std::int64_t> earliest;
  for (const auto& deadline :
       {connect_deadline_, heartbeat_deadline_, reconnect_at_, acks_.next_deadline(), handshake_deadline_,
        probe_deadline_}) {
    if (deadline && (!earliest || *deadline < *earliest)) earliest = deadline;
  }
  return earliest;
}

// ---- attempts -------------------------------------------------------------

void Session::start_attempt(std::int64_t now_ms) {
  end_attempt();
  transport_ = next_transport_;
  next_transport_ = next_transport_ == UINT32_MAX ? 1 : next_transport_ + 1;
  phase_ = Phase::kOpeningTransport;
  connect_deadline_ = now_ms + config_.connect_timeout_ms;
  open_transport(now_ms);
}

void Session::start_reconnect_attempt(std::int64_t now_ms) {
  ++reconnect_attempts_;
  start_attempt(now_ms);
}

void Session::retry_now(std::int64_t now_ms) {
  reconnect_at_.reset();
  start_reconnect_attempt(now_ms);
}

void Session::end_attempt() {
  close_transports();
  if (transport_ != 0) {
    actions_.emplace_back(CloseTransport{transport_});
    transport_ = 0;
  }
  handshake_.reset();
  sid_.clear();
  decoder_.reset();
  connect_deadline_.reset();
  heartbeat_deadline_.reset();
  reconnect_at_.reset();
}

void Session::lose_connection(std::int64_t now_ms, Reason reason, std::string detail) {
  if (fall_back(now_ms, detail)) return;
  end_attempt();

  // Emits in flight will never see their ack on a new connection: resend
  // those that asked for it (ahead of newer buffered emits), fail the rest.
  std::vector<PendingEmit> resend;
  for (PendingEmit& emit : acks_.drain()) {
    if (emit.resend_after_reconnect) {
      resend.push_back(std::move(emit));
    } else {
      events_.emplace_back(EmitFailed{emit.id, EmitFailure::kConnectionLost});
    }
  }
  outbox_.requeue_front(std::move(resend));

  if (!config_.reconnection.enabled) {
    fail(reason, std::move(detail));
    return;
  }
  const std::uint32_t max_attempts = config_.reconnection.max_attempts;
  if (max_attempts != 0 && reconnect_attempts_ >= max_attempts) {
    fail(Reason::kAttemptsExhausted,
         "gave up after " + std::to_string(max_attempts) + " reconnection attempts; last: " + detail);
    return;
  }
  set_state(State::kReconnecting, reason, detail);

  const std::uint32_t attempt = reconnect_attempts_ + 1;
  if (offline_) {
    phase_ = Phase::kWaitingForNetwork;
    events_.emplace_back(ReconnectDeferred{attempt});
    return;
  }
  const std::int64_t delay = backoff_.delay_ms(reconnect_attempts_);
  reconnect_at_ = now_ms + delay;
  phase_ = Phase::kWaitingToRetry;
  events_.emplace_back(ReconnectScheduled{attempt, delay, *reconnect_at_, reason, std::move(detail)});
}

void Session::fail(Reason reason, std::string detail) {
  end_attempt();
  phase_ = Phase::kNone;
  set_state(State::kFailed, reason, std::move(detail));
  fail_all_emits(EmitFailure::kSessionFailed);
}

void Session::fail_all_emits(EmitFailure failure) {
  for (const PendingEmit& emit : acks_.drain()) events_.emplace_back(EmitFailed{emit.id, failure});
  for (const PendingEmit& emit : outbox_.drain()) events_.emplace_back(EmitFailed{emit.id, failure});
}

void Session::set_state(State to, Reason reason, std::string detail) {
  if (to == state_) return;
  events_.emplace_back(StateChanged{state_, to, reason, std::move(detail)});
  state_ = to;
}

// ---- sending --------------------------------------------------------------

std::size_t Session::outbound_frame_limit() const {
  if (!handshake_) return config_.limits.max_frame_bytes;
  // maxPayload may exceed what size_t holds on wasm32; a plain cast would
  // truncate it to a small number and refuse every emit.
  const auto advertised = static_cast<std::uint64_t>(handshake_->max_payload);
  return static_cast<std::size_t>(std::min<std::uint64_t>(advertised, SIZE_MAX));
}

void Session::transmit(std::int64_t now_ms, PendingEmit emit) {
  // Buffered before the handshake told us the server's limit: check again.
  if (emit.frame.size() > outbound_frame_limit()) {
    events_.emplace_back(EmitFailed{emit.id, EmitFailure::kTooLarge});
    return;
  }
  if (!emit.ack_timeout) {
    send_frame(std::move(emit.frame));
    return;
  }
  send_frame(emit.frame);  // kept too: resend_after_reconnect may send it again
  acks_.track(now_ms, std::move(emit));
}

void Session::send_frame(std::string text) {
  if (polling_) {
    polling_->queue(std::move(text));
    issue_polling();
    return;
  }
  actions_.emplace_back(SendFrame{transport_, std::move(text)});
}

void Session::send_connect() {
  early_events_.clear();  // held for an earlier CONNECT: not this one's
  std::optional<Json> auth;
  if (config_.auth.is_object()) auth = config_.auth;
  send_frame(
      message_frame(sio::Packet{sio::PacketType::kConnect, config_.nsp, std::nullopt, std::move(auth), {}, {}}));
}

bool Session::is_current(std::uint32_t transport) const { return transport != 0 && transport == transport_; }

void Session::touch_heartbeat(std::int64_t now_ms) {
  // Any data proves the server alive, not only pings.
  if (handshake_) heartbeat_deadline_ = now_ms + handshake_->ping_interval_ms + handshake_->ping_timeout_ms;
}

// ---- receiving ------------------------------------------------------------

void Session::on_engine_packet(std::int64_t now_ms, const eio::Packet& packet) {
  switch (packet.type) {
    case eio::PacketType::kOpen:
      if (phase_ != Phase::kAwaitingHandshake) {
        report(ErrorCode::kUnexpectedPacket, "ignored an Engine.IO open packet on an open session");
        return;
      }
      on_open_packet(now_ms, packet.data);
      return;
    case eio::PacketType::kClose:
      lose_connection(now_ms, Reason::kServerClosedTransport, "the server closed the Engine.IO session");
      return;
    case eio::PacketType::kPing:
      // Answer with the same data ("2probe" -> "3probe"), as the spec requires.
      send_frame(eio::encode_packet(eio::Packet{eio::PacketType::kPong, packet.data, false}));
      return;
    case eio::PacketType::kMessage:
      if (!handshake_) {
        report(ErrorCode::kUnexpectedPacket, "ignored a message received before the Engine.IO handshake");
        return;
      }
      if (packet.binary) {
        on_binary_message(packet.data);
      } else {
        on_socket_outcome(now_ms, decoder_.feed_text(packet.data));
      }
      return;
    case eio::PacketType::kPong:
    case eio::PacketType::kUpgrade:
    case eio::PacketType::kNoop:
      // A pong answers only a probe (on its own transport); an upgrade
      // packet is ours to send; a noop ends a poll during an upgrade.
      return;
  }
}

void Session::on_open_packet(std::int64_t now_ms, std::string_view data) {
  auto handshake = eio::parse_handshake(data, config_.limits);
  if (!handshake) {
    report(ErrorCode::kInvalidHandshake, handshake.error().message, handshake.error().code);
    lose_connection(now_ms, Reason::kInvalidHandshake, handshake.error().message);
    return;
  }
  handshake_ = std::move(*handshake);
  touch_heartbeat(now_ms);
  phase_ = Phase::kAwaitingNamespace;
  after_handshake(now_ms);
  send_connect();
}

void Session::on_binary_message(std::string_view bytes) {
  const sio::DecodeOutcome outcome = decoder_.feed_binary(bytes);
  if (const auto* error = std::get_if<protocol::DecodeError>(&outcome)) {
    report(ErrorCode::kBinaryUnsupported, error->message, error->code);
  }
}

void Session::on_socket_outcome(std::int64_t now_ms, sio::DecodeOutcome outcome) {
  if (auto* packet = std::get_if<sio::Packet>(&outcome)) {
    on_socket_packet(now_ms, std::move(*packet));
  } else if (const auto* error = std::get_if<protocol::DecodeError>(&outcome)) {
    const ErrorCode code = error->code == protocol::DecodeErrorCode::kUnsupportedBinary
                               ? ErrorCode::kBinaryUnsupported
                               : ErrorCode::kMalformedFrame;
    report(code, "dropped a Socket.IO packet: " + error->message, error->code);
  }
}

void Session::on_socket_packet(std::int64_t now_ms, sio::Packet packet) {
  if (packet.nsp != config_.nsp) {
    report(ErrorCode::kUnexpectedPacket, "ignored a packet for namespace " + packet.nsp);
    return;
  }
  const bool ready = phase_ == Phase::kReady;
  switch (packet.type) {
    case sio::PacketType::kConnect:
      if (phase_ != Phase::kAwaitingNamespace) break;
      on_namespace_connected(now_ms, packet);
      return;
    case sio::PacketType::kConnectError:
      if (phase_ != Phase::kAwaitingNamespace) break;
      on_connect_error(packet);
      return;
    case sio::PacketType::kDisconnect:
      if (!ready && phase_ != Phase::kAwaitingNamespace) break;
      // socket.io semantics: a server-side disconnect is deliberate (a
      // kick, a ban); reconnecting on our own would defy it.
      fail(Reason::kServerDisconnected, "the server ended the session; call connect() to start a new one");
      return;
    case sio::PacketType::kEvent:
      if (phase_ == Phase::kAwaitingNamespace) {
        hold_early_event(std::move(packet));
        return;
      }
      if (!ready) break;
      on_server_event(std::move(packet));
      return;
    case sio::PacketType::kAck:
      if (!ready) break;
      on_ack(std::move(packet));
      return;
    case sio::PacketType::kBinaryEvent:
    case sio::PacketType::kBinaryAck:
      break;  // the decoder reports these; never produced as packets
  }
  report(ErrorCode::kUnexpectedPacket, std::string("ignored a ") + sio::to_string(packet.type) +
                                           " packet received while " + to_string(state_));
}

void Session::on_namespace_connected(std::int64_t now_ms, const sio::Packet& packet) {
  sid_ = packet.data ? json_util::get_string(*packet.data, "sid").value_or("") : "";
  phase_ = Phase::kReady;
  connect_deadline_.reset();
  reconnect_attempts_ = 0;
  credentials_refreshed_ = false;
  set_state(State::kConnected, Reason::kNamespaceConnected);
  events_.emplace_back(TransportChanged{kind_});
  // After the state change, as socket.io-client emits them after 'connect'.
  std::vector<sio::Packet> early = std::exchange(early_events_, {});
  for (sio::Packet& event : early) on_server_event(std::move(event));
  while (auto emit = outbox_.pop()) transmit(now_ms, std::move(*emit));
}

// python-socketio (Flask-SocketIO) runs the connect handler before it sends
// the CONNECT packet, so whatever the handler emits (the seeds' 'connected',
// 'connection_response', 'status') arrives first. socket.io-client buffers
// such events until it is connected; dropping them would lose data a backend
// may send only then. The buffer is bounded: a server cannot grow it forever.
void Session::hold_early_event(sio::Packet packet) {
  if (early_events_.size() >= kMaxEarlyEvents) {
    report(ErrorCode::kUnexpectedPacket, "dropped an event sent before the namespace CONNECT: more than " +
                                             std::to_string(kMaxEarlyEvents) + " arrived");
    return;
  }
  early_events_.push_back(std::move(packet));
}

void Session::on_connect_error(const sio::Packet& packet) {
  std::string message = connect_error_message(packet);
  report(ErrorCode::kConnectRejected, message);
  if (config_.refresh_credentials_on_reject && !credentials_refreshed_) {
    phase_ = Phase::kAwaitingCredentials;
    rejection_message_ = message;
    events_.emplace_back(CredentialsRequired{std::move(message)});
    return;
  }
  fail(Reason::kConnectRejected, std::move(message));
}

void Session::on_server_event(sio::Packet packet) {
  events_.emplace_back(ServerEvent{std::move(packet.event), std::move(packet.args_json), packet.ack_id});
}

void Session::on_ack(sio::Packet packet) {
  std::optional<PendingEmit> emit = packet.ack_id ? acks_.take(*packet.ack_id) : std::nullopt;
  if (!emit) {
    report(ErrorCode::kUnexpectedPacket,
           "ignored an ack that answers no pending emit (timed out, or never sent)");
    return;
  }
  events_.emplace_back(AckReceived{emit->id, std::move(packet.args_json)});
}

void Session::report(ErrorCode code, std::string message,
                     std::optional<protocol::DecodeErrorCode> decode_error) {
  events_.emplace_back(Error{code, std::move(message), decode_error});
}

}  // namespace chatwire::session
