#include "session/events.h"

namespace chatwire::session {

const char* to_string(State state) {
  switch (state) {
    case State::kIdle:
      return "idle";
    case State::kConnecting:
      return "connecting";
    case State::kConnected:
      return "connected";
    case State::kReconnecting:
      return "reconnecting";
    case State::kDisconnected:
      return "disconnected";
    case State::kFailed:
      return "failed";
  }
  return "unknown";
}

const char* to_string(Reason reason) {
  switch (reason) {
    case Reason::kUserConnect:
      return "user_connect";
    case Reason::kUserDisconnect:
      return "user_disconnect";
    case Reason::kNamespaceConnected:
      return "namespace_connected";
    case Reason::kConnectTimeout:
      return "connect_timeout";
    case Reason::kHeartbeatTimeout:
      return "heartbeat_timeout";
    case Reason::kTransportClosed:
      return "transport_closed";
    case Reason::kServerClosedTransport:
      return "server_closed_transport";
    case Reason::kServerDisconnected:
      return "server_disconnected";
    case Reason::kInvalidHandshake:
      return "invalid_handshake";
    case Reason::kConnectRejected:
      return "connect_rejected";
    case Reason::kAttemptsExhausted:
      return "attempts_exhausted";
    case Reason::kRetryNow:
      return "retry_now";
    case Reason::kBackoffElapsed:
      return "backoff_elapsed";
    case Reason::kHandshakeTimeout:
      return "handshake_timeout";
  }
  return "unknown";
}

const char* to_string(EmitFailure failure) {
  switch (failure) {
    case EmitFailure::kAckTimeout:
      return "ack_timeout";
    case EmitFailure::kConnectionLost:
      return "connection_lost";
    case EmitFailure::kDisconnected:
      return "disconnected";
    case EmitFailure::kSessionFailed:
      return "session_failed";
    case EmitFailure::kTooLarge:
      return "too_large";
  }
  return "unknown";
}

const char* to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::kMalformedFrame:
      return "malformed_frame";
    case ErrorCode::kUnexpectedPacket:
      return "unexpected_packet";
    case ErrorCode::kInvalidHandshake:
      return "invalid_handshake";
    case ErrorCode::kConnectRejected:
      return "connect_rejected";
    case ErrorCode::kBinaryUnsupported:
      return "binary_unsupported";
    case ErrorCode::kHttpError:
      return "http_error";
    case ErrorCode::kSessionUnknown:
      return "session_unknown";
    case ErrorCode::kRequestFailed:
      return "request_failed";
    case ErrorCode::kTransportFailed:
      return "transport_failed";
    case ErrorCode::kUpgradeFailed:
      return "upgrade_failed";
  }
  return "unknown";
}

}  // namespace chatwire::session
