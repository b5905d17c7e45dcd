// Choices read from the operation script. Every part of client_fuzz reads
// the one FuzzedDataProvider in turn, so the order of the reads is the input
// format: client_fuzz_seeds.py writes seeds by the same layout.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <array>
#include <cstddef>

namespace chatwire::fuzz::client_fuzz {

/// One of 0 .. n-1 (n > 0).
inline std::size_t pick(FuzzedDataProvider& in, std::size_t n) {
  return in.ConsumeIntegralInRange<std::size_t>(0, n - 1);
}

/// One entry of `table`.
template <class T, std::size_t N>
T pick_from(FuzzedDataProvider& in, const std::array<T, N>& table) {
  return table[pick(in, N)];
}

}  // namespace chatwire::fuzz::client_fuzz
