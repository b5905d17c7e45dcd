// Settings of a Session. Defaults follow socket.io-client where it has one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "protocol/decode_error.h"
#include "session/backoff.h"
#include "session/transport_kind.h"
#include "util/json.h"

namespace chatwire::session {

struct ReconnectionConfig {
  bool enabled = true;
  BackoffConfig backoff;           // 1000 ms initial, x2, 5000 ms cap, 0.5 spread
  std::uint32_t max_attempts = 0;  // 0: unlimited
};

struct SessionConfig {
  /// Socket.IO namespace to join ("/" or "/chat").
  std::string nsp = "/";
  /// Sent with the namespace CONNECT packet; null sends none. Never logged.
  json_util::Json auth;
  /// When the server refuses the credentials, ask the app once for fresh ones
  /// (CredentialsRequired) instead of failing at once.
  bool refresh_credentials_on_reject = false;
  /// Extra query parameters for the transport URL, already decided by the app
  /// (a token goes here only if the app chose query-string auth).
  std::vector<std::pair<std::string, std::string>> query;

  /// The transports to use, in the order to try them (socket.io-client's
  /// `transports`): each attempt starts with the one that last reached the
  /// handshake (else the first) and, when it fails before the Engine.IO open
  /// packet, goes on at once to the next. From polling, a WebSocket in the
  /// list is probed and the connection upgrades to it. The session default
  /// is WebSocket only; the package passes its own default.
  std::vector<TransportKind> transports = {TransportKind::kWebSocket};
  /// How long a transport may take to deliver the Engine.IO open packet
  /// before the next transport is tried (a proxy that accepts the WebSocket
  /// and then says nothing), and how long a WebSocket upgrade probe may take.
  /// Applies only while another transport is left to try: the last one gets
  /// the whole connect_timeout_ms, so a slow network still connects.
  std::int64_t handshake_timeout_ms = 5000;
  /// From opening the transport to the namespace CONNECT answer.
  std::int64_t connect_timeout_ms = 20000;
  ReconnectionConfig reconnection;
  /// Emits buffered while not connected; further emits are refused.
  std::size_t outbox_capacity = 256;
  /// Bounds on inbound frames; outbound frames are bounded by the server's maxPayload.
  protocol::DecodeLimits limits;
  /// Seeds the reconnection jitter. Give each client a different seed.
  std::uint64_t random_seed = 0;
};

/// What is wrong with a config, naming the field.
struct ConfigError {
  std::string field;
  std::string message;
};

/// Checks every field; nullopt when the config is usable.
std::optional<ConfigError> validate(const SessionConfig& config);

}  // namespace chatwire::session
