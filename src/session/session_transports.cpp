// The Session's transports: which one each attempt opens and the fallback to
// the next when one fails before its handshake (transports order), HTTP
// long-polling (its requests and answers), and the upgrade from polling to
// a WebSocket (probe "2probe"/"3probe", pause polling, "5"). The protocol
// after the handshake is the same on both and lives in session.cpp.
#include <string>
#include <utility>

#include "protocol/engineio.h"
#include "protocol/error_text.h"
#include "session/session.h"

namespace chatwire::session {

namespace eio = protocol::eio;

namespace {

// engine.io answers {"code":1,"message":"Session ID unknown"} with a 400;
// python-engineio a 400 "Invalid session".
bool names_unknown_session(std::string_view body) {
  return body.find("Session ID unknown") != std::string_view::npos ||
         body.find("Invalid session") != std::string_view::npos;
}

}  // namespace

// ---- inputs -------------------------------------------------------------------

void Session::http_response(std::int64_t now_ms, std::uint32_t request, int status, std::string_view body) {
  if (!polling_) return;
  const std::uint32_t transport = polling_->transport();
  const Polling::Request which = polling_->answered(request);
  if (which == Polling::Request::kNone) return;
  if (status != 200) {
    on_polling_failure(now_ms, status, body);
    return;
  }
  if (which == Polling::Request::kGet) {
    // A frame proves the transport open, as on a WebSocket.
    if (phase_ == Phase::kOpeningTransport) phase_ = Phase::kAwaitingHandshake;
    on_polling_payload(now_ms, transport, body);
    if (!polling_ || polling_->transport() != transport) return;  // a packet in it ended the connection
  }
  issue_polling();
  maybe_finish_upgrade(now_ms);
}

// ---- opening and falling back -------------------------------------------------

void Session::open_transport(std::int64_t now_ms) {
  if (fallback_index_) {
    transport_index_ = *fallback_index_;
    fallback_index_.reset();
    ++transports_tried_;
  } else {
    transport_index_ = preferred_index_;
    transports_tried_ = 1;
  }
  // The last transport left gets the whole connect timeout: only a
  // transport with a fallback behind it may be given up early.
  if (transports_tried_ < config_.transports.size()) handshake_deadline_ = now_ms + config_.handshake_timeout_ms;
  kind_ = config_.transports[transport_index_];
  if (kind_ == TransportKind::kWebSocket) {
    actions_.emplace_back(OpenTransport{transport_, transport_query(kind_, config_.query)});
    return;
  }
  polling_.emplace(transport_, config_.query);
  issue_polling();
}

bool Session::fall_back(std::int64_t now_ms, const std::string& detail) {
  const bool before_handshake = phase_ == Phase::kOpeningTransport || phase_ == Phase::kAwaitingHandshake;
  if (!before_handshake || transports_tried_ >= config_.transports.size()) return false;
  const std::size_t next = (transport_index_ + 1) % config_.transports.size();
  report(ErrorCode::kTransportFailed, std::string(to_string(kind_)) + " failed before the Engine.IO handshake (" +
                                          detail + "); trying " + to_string(config_.transports[next]));
  fallback_index_ = next;
  start_attempt(now_ms);
  return true;
}

void Session::after_handshake(std::int64_t now_ms) {
  handshake_deadline_.reset();
  preferred_index_ = transport_index_;
  if (!polling_) return;
  polling_->set_sid(handshake_->sid);
  issue_polling();
  start_probe(now_ms);
}

void Session::close_transports() {
  close_probe();
  if (polling_) {
    if (auto goodbye = polling_->goodbye(take_request_id())) actions_.emplace_back(std::move(*goodbye));
    polling_.reset();
  }
  handshake_deadline_.reset();
}

// ---- polling --------------------------------------------------------------------

std::uint32_t Session::take_request_id() {
  const std::uint32_t id = next_request_;
  next_request_ = next_request_ == UINT32_MAX ? 1 : next_request_ + 1;
  return id;
}

void Session::issue_polling() {
  if (polling_) polling_->issue(next_request_, actions_);
}

void Session::on_polling_payload(std::int64_t now_ms, std::uint32_t transport, std::string_view body) {
  // Packet by packet, as WebSocket frames: a bad one (an unknown type, cut
  // base64) is reported and dropped, and the others still count.
  std::size_t start = 0;
  while (is_current(transport)) {
    const std::size_t end = std::min(body.find(eio::kRecordSeparator, start), body.size());
    on_engine_frame(now_ms, body.substr(start, end - start));
    if (end == body.size()) return;
    start = end + 1;
  }
}

void Session::on_polling_failure(std::int64_t now_ms, int status, std::string_view body) {
  std::string detail;
  if (status == 0) {
    detail = "a polling request got no complete answer (" + protocol::error_text::excerpt(body, 80) + ")";
    report(ErrorCode::kRequestFailed, detail + "; reconnecting");
  } else if (status == 400 && handshake_ && names_unknown_session(body)) {
    detail = "the server no longer knows Engine.IO session " + protocol::error_text::excerpt(handshake_->sid) +
             " (it restarted, or a node without sticky sessions answered)";
    report(ErrorCode::kSessionUnknown, detail + "; reconnecting with a new session");
  } else {
    detail = "a polling request got HTTP " + std::to_string(status) + ": " + protocol::error_text::excerpt(body, 80);
    report(ErrorCode::kHttpError, detail + "; reconnecting");
  }
  // The session is gone or unreachable: no goodbye POST. end_attempt()
  // still closes the transport, which aborts the other request out.
  polling_.reset();
  lose_connection(now_ms, Reason::kTransportClosed, std::move(detail));
}

// ---- upgrade ----------------------------------------------------------------------

void Session::start_probe(std::int64_t now_ms) {
  bool websocket_allowed = false;
  for (const TransportKind kind : config_.transports) websocket_allowed |= kind == TransportKind::kWebSocket;
  bool offered = false;
  for (const std::string& upgrade : handshake_->upgrades) offered |= upgrade == "websocket";
  if (!websocket_allowed || !offered || probe_transport_ != 0) return;
  probe_transport_ = next_transport_;
  next_transport_ = next_transport_ == UINT32_MAX ? 1 : next_transport_ + 1;
  probe_answered_ = false;
  probe_deadline_ = now_ms + config_.handshake_timeout_ms;
  actions_.emplace_back(OpenTransport{probe_transport_,
                                      transport_query(TransportKind::kWebSocket, config_.query, handshake_->sid)});
}

void Session::on_probe_opened() {
  actions_.emplace_back(SendFrame{probe_transport_, eio::encode_packet({eio::PacketType::kPing, "probe", false})});
}

void Session::on_probe_frame(std::int64_t now_ms, std::string_view text) {
  if (probe_answered_ || text != "3probe") {
    fail_probe("the probe got " + protocol::error_text::excerpt(text) + " instead of \"3probe\"", false);
    return;
  }
  // The server's answer: stop polling, and switch once the requests out
  // come back (the server ends the waiting GET with a noop).
  probe_answered_ = true;
  if (polling_) polling_->pause();
  maybe_finish_upgrade(now_ms);
}

void Session::fail_probe(const std::string& detail, bool already_closed) {
  if (probe_transport_ == 0) return;
  if (already_closed) probe_transport_ = 0;  // no CloseTransport for it
  close_probe();
  report(ErrorCode::kUpgradeFailed, "the WebSocket upgrade failed (" + detail + "); staying on polling");
  if (polling_) {
    polling_->resume();
    issue_polling();
  }
}

void Session::maybe_finish_upgrade(std::int64_t /*now_ms*/) {
  if (!probe_answered_ || !polling_ || !polling_->idle()) return;
  const std::uint32_t polling_transport = polling_->transport();
  std::vector<std::string> queued = polling_->take_queued();
  polling_.reset();
  transport_ = probe_transport_;
  probe_transport_ = 0;
  probe_answered_ = false;
  probe_deadline_.reset();
  kind_ = TransportKind::kWebSocket;
  preferred_index_ = 0;
  for (std::size_t i = 0; i < config_.transports.size(); ++i) {
    if (config_.transports[i] == TransportKind::kWebSocket) preferred_index_ = i;
  }
  // "5" first: the server moves the session to the WebSocket on it, so
  // letting the polling transport go afterwards cannot end the session.
  actions_.emplace_back(SendFrame{transport_, eio::encode_packet({eio::PacketType::kUpgrade, {}, false})});
  for (std::string& packet : queued) actions_.emplace_back(SendFrame{transport_, std::move(packet)});
  actions_.emplace_back(CloseTransport{polling_transport});
  // Announced only on a connection the app already knows as connected; a
  // connect completing later announces the transport then.
  if (phase_ == Phase::kReady) events_.emplace_back(TransportChanged{kind_});
}

void Session::close_probe() {
  if (probe_transport_ != 0) actions_.emplace_back(CloseTransport{probe_transport_});
  probe_transport_ = 0;
  probe_answered_ = false;
  probe_deadline_.reset();
}

}  // namespace chatwire::session
