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
  /// Ask the app for credentials (CredentialsRequired, not refused) before
  /// the CONNECT of every attempt, reconnections included, so that a
  /// short-lived token is renewed before the server can refuse it. The
  /// CONNECT waits for the answer within connect_timeout_ms.
  bool credentials_each_attempt = false;
  /// Extra query parameters for the transport URL, already decided by the app
  /// (a token goes here only if the app chose query-string auth).
  std::vector<std::pair<std::string, std::string>> query;

  /// From opening the transport to the namespace CONNECT answer.
  std::int64_t connect_timeout_ms = 20000;
  ReconnectionConfig reconnection;
  /// How long disconnect() keeps a connection open for the acks of what was
  /// sent (a read receipt, a send in flight) before it closes; 0 closes at once.
  std::int64_t disconnect_grace_ms = 1000;
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
