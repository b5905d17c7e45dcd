#include "session/backoff.h"

#include <algorithm>
#include <cmath>

namespace chatwire::session {

std::uint64_t SeededRandom::next_u64() {
  state_ += 0x9E3779B97F4A7C15ull;
  std::uint64_t z = state_;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

double SeededRandom::next_unit() {
  // The top 53 bits fill a double's mantissa exactly.
  return static_cast<double>(next_u64() >> 11) * 0x1.0p-53;
}

double Backoff::base_delay_ms(std::uint32_t attempt) const {
  const double cap = static_cast<double>(config_.max_delay_ms);
  // pow overflows to +inf for large attempts, which min() then caps.
  const double grown =
      static_cast<double>(config_.initial_delay_ms) * std::pow(config_.factor, static_cast<double>(attempt));
  return std::min(cap, grown);
}

std::int64_t Backoff::delay_ms(std::uint32_t attempt) {
  const double base = base_delay_ms(attempt);
  const double spread = config_.randomization * (2.0 * random_.next_unit() - 1.0);
  const double delay = base * (1.0 + spread);
  // Whole milliseconds, kept inside the documented interval even where its
  // bounds are fractional.
  const double low = std::ceil(base * (1.0 - config_.randomization));
  const double high = std::floor(base * (1.0 + config_.randomization));
  const double rounded = low <= high ? std::clamp(std::round(delay), low, high) : std::round(delay);
  return std::max<std::int64_t>(0, static_cast<std::int64_t>(rounded));
}

}  // namespace chatwire::session
