#include "session/backoff.h"

#include <algorithm>
#include <cmath>

namespace chatwire::session {

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
