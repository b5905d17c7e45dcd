#include "session/config.h"

namespace chatwire::session {

std::optional<ConfigError> validate(const SessionConfig& config) {
  if (config.nsp.empty() || config.nsp.front() != '/' ||
      config.nsp.size() > config.limits.max_namespace_bytes || config.nsp.find(',') != std::string::npos) {
    return ConfigError{"nsp", "must start with '/', contain no ',' and fit max_namespace_bytes"};
  }
  if (!config.auth.is_null() && !config.auth.is_object()) {
    return ConfigError{"auth", "must be a JSON object or null"};
  }
  if (config.transports.empty() || config.transports.size() > 2 ||
      (config.transports.size() == 2 && config.transports[0] == config.transports[1])) {
    return ConfigError{"transports", "must name \"websocket\", \"polling\" or both, each once"};
  }
  if (config.handshake_timeout_ms <= 0) {
    return ConfigError{"handshake_timeout_ms", "must be positive"};
  }
  if (config.connect_timeout_ms <= 0) {
    return ConfigError{"connect_timeout_ms", "must be positive"};
  }
  const BackoffConfig& backoff = config.reconnection.backoff;
  if (backoff.initial_delay_ms <= 0) {
    return ConfigError{"reconnection.initial_delay_ms", "must be positive"};
  }
  if (backoff.max_delay_ms < backoff.initial_delay_ms) {
    return ConfigError{"reconnection.max_delay_ms", "must be at least initial_delay_ms"};
  }
  if (!(backoff.factor >= 1.0) || backoff.factor > 100.0) {  // also rejects NaN
    return ConfigError{"reconnection.factor", "must be within [1, 100]"};
  }
  if (!(backoff.randomization >= 0.0 && backoff.randomization <= 1.0)) {
    return ConfigError{"reconnection.randomization", "must be within [0, 1]"};
  }
  if (config.outbox_capacity == 0) {
    return ConfigError{"outbox_capacity", "must be at least 1"};
  }
  if (config.limits.max_frame_bytes < 64) {
    return ConfigError{"limits.max_frame_bytes", "must be at least 64"};
  }
  if (config.limits.max_json_depth < 2) {
    return ConfigError{"limits.max_json_depth", "must be at least 2"};
  }
  return std::nullopt;
}

}  // namespace chatwire::session
