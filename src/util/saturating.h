#pragma once
// Deadline arithmetic on the caller's clock: a far-future time or a huge
// configured interval must clamp, not overflow (signed overflow is undefined).
#include <cstdint>
#include <limits>

namespace chatwire::util {

/// a + b, clamped to the range of int64_t.
[[nodiscard]] constexpr std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
  if (b > 0 && a > std::numeric_limits<std::int64_t>::max() - b) return std::numeric_limits<std::int64_t>::max();
  if (b < 0 && a < std::numeric_limits<std::int64_t>::min() - b) return std::numeric_limits<std::int64_t>::min();
  return a + b;
}

}  // namespace chatwire::util
