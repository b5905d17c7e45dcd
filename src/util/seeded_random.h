// A small deterministic random generator for everything that must replay
// exactly: reconnection jitter (seeded per client, fixed in tests) and the
// fuzz harnesses (seeded from the input).
#pragma once

#include <cstddef>
#include <cstdint>

namespace chatwire {

/// SplitMix64: tiny, fast, well distributed, and identical on every platform
/// (unlike std::uniform_real_distribution, whose output is implementation-defined).
class SeededRandom {
 public:
  explicit SeededRandom(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next_u64() {
    state_ += 0x9E3779B97F4A7C15ull;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  /// Uniform in [0, 1): the top 53 bits fill a double's mantissa exactly.
  double next_unit() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

  /// In [0, bound], nearly uniform (modulo bias is irrelevant at our bounds).
  /// bound + 1 must not overflow.
  std::size_t up_to(std::size_t bound) { return static_cast<std::size_t>(next_u64() % (bound + 1)); }

 private:
  std::uint64_t state_;
};

}  // namespace chatwire
