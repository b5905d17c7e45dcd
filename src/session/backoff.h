// Reconnection delays: exponential growth, a cap, and random spread.
//
// The delay before reconnection attempt n (counting from 0) is
//   d = min(max_delay, initial_delay * factor^n)
// spread uniformly over [d * (1 - randomization), d * (1 + randomization)].
// The spread keeps a crowd of clients dropped by one server restart from
// reconnecting in lockstep. Randomness comes from a seeded generator so that
// tests replay exactly; the JS side seeds it from crypto.getRandomValues.
#pragma once

#include <cstdint>

#include "util/seeded_random.h"

namespace chatwire::session {

struct BackoffConfig {
  std::int64_t initial_delay_ms = 1000;
  std::int64_t max_delay_ms = 5000;
  double factor = 2.0;
  double randomization = 0.5;  // 0 = exact delays; must be within [0, 1]
};

/// Computes delays; the caller counts attempts (a wait for the network to
/// come back is not an attempt, so only the caller knows the count).
class Backoff {
 public:
  Backoff(BackoffConfig config, std::uint64_t seed) : config_(config), random_(seed) {}

  /// The randomized delay before attempt `attempt` (0 for the first
  /// reconnection attempt), in whole milliseconds within the interval above.
  /// Draws from the generator, so each call gives a fresh spread.
  std::int64_t delay_ms(std::uint32_t attempt);

  /// The un-randomized delay d for attempt `attempt`.
  [[nodiscard]] double base_delay_ms(std::uint32_t attempt) const;

 private:
  BackoffConfig config_;
  SeededRandom random_;
};

}  // namespace chatwire::session
