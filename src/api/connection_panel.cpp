#include "api/connection_panel.h"

#include <utility>

namespace chatwire::api {

bool ConnectionPanel::update(const ClientEvent& event) {
  if (const auto* changed = std::get_if<session::StateChanged>(&event)) {
    const bool connected = changed->to == session::State::kConnected;
    state_ = changed->to;
    if (connected) error_.reset();
    // A countdown means something only while waiting to reconnect; the
    // attempt count starts over once connected.
    if (changed->to != session::State::kReconnecting) reconnect_at_.reset();
    if (connected) reconnect_attempt_ = 0;
    return true;
  }
  if (const auto* scheduled = std::get_if<session::ReconnectScheduled>(&event)) {
    reconnect_at_ = scheduled->at_ms;
    reconnect_attempt_ = scheduled->attempt;
    return true;
  }
  if (const auto* deferred = std::get_if<session::ReconnectDeferred>(&event)) {
    reconnect_at_.reset();  // waits for the network, not for a time
    reconnect_attempt_ = deferred->attempt;
    return true;
  }
  if (const auto* changed = std::get_if<session::TransportChanged>(&event)) {
    if (transport_ == changed->transport) return false;
    transport_ = changed->transport;
    return true;
  }
  if (const auto* error = std::get_if<session::Error>(&event)) {
    error_ = Error{"connection", session::to_string(error->code), error->message};
    return true;
  }
  return false;
}

bool ConnectionPanel::auth_failed(std::string_view message) {
  error_ = Error{"auth", "auth_failed", std::string(message)};
  return true;
}

void ConnectionPanel::write(JsonWriter& out) const {
  out.begin_object().string("state", session::to_string(state_)).key("error");
  if (error_) {
    out.begin_object()
        .string("source", error_->source)
        .string("code", error_->code)
        .string("message", error_->message)
        .end_object();
  } else {
    out.null();
  }
  out.key("reconnectAt");
  if (reconnect_at_) {
    out.number(*reconnect_at_);
  } else {
    out.null();
  }
  out.number("reconnectAttempt", reconnect_attempt_).key("transport");
  if (transport_) {
    out.string(session::to_string(*transport_));
  } else {
    out.null();
  }
  out.end_object();
}

}  // namespace chatwire::api
