// Helpers shared by the fuzz targets.
//
// A fuzz target proves more than "no crash": it checks properties (round
// trips, agreement between two decoders). FUZZ_CHECK turns a broken property
// into a crash that libFuzzer saves as a reproducer, after printing which
// property broke and on what bytes. Everything here is deterministic in the
// input, so a saved crash file replays the same way every time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>

#include "protocol/decode_error.h"
#include "util/seeded_random.h"

namespace chatwire::fuzz {

inline std::string_view as_view(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Bytes as a C-style literal, cut at 256 bytes: enough to recognise a frame
/// in a crash log without flooding it (the full input is in the crash file).
inline std::string printable(std::string_view bytes) {
  constexpr std::size_t kMaxShown = 256;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (std::size_t i = 0; i < bytes.size() && i < kMaxShown; ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  out += '"';
  if (bytes.size() > kMaxShown) out += "...(" + std::to_string(bytes.size()) + " bytes)";
  return out;
}

[[noreturn]] inline void fail(const char* file, int line, const char* property, const std::string& detail) {
  std::fprintf(stderr, "\n%s:%d: fuzz property violated: %s\n  %s\n", file, line, property, detail.c_str());
  std::fflush(stderr);
  std::abort();  // libFuzzer reports a deadly signal and writes crash-<sha1>
}

}  // namespace chatwire::fuzz

/// Checks a property of the code under test. `detail` is evaluated only on
/// failure, so it may build strings freely.
#define FUZZ_CHECK(condition, detail)                                                   \
  do {                                                                                  \
    if (!(condition)) ::chatwire::fuzz::fail(__FILE__, __LINE__, #condition, (detail)); \
  } while (false)

namespace chatwire::fuzz {

/// Limits small enough that fuzz inputs reach every limit branch
/// (kFrameTooLarge, kJsonTooDeep, long namespaces) within a few mutations.
inline constexpr protocol::DecodeLimits kTightLimits{
    .max_frame_bytes = 64, .max_json_depth = 4, .max_namespace_bytes = 8};

/// The same limits without the frame bound. Used to re-decode what we just
/// encoded: an encoding is not always shorter than the input it came from
/// (base64 of a binary frame is 4/3 longer; "1E5" re-serialises as "100000.0"),
/// so a frame-size refusal there would be a false alarm, not a bug.
inline protocol::DecodeLimits without_frame_bound(protocol::DecodeLimits limits) {
  limits.max_frame_bytes = std::numeric_limits<std::size_t>::max();
  return limits;
}

/// FNV-1a: seeds the split PRNG from the input, so chunk boundaries change
/// whenever the input does, yet replay identically from a crash file.
inline std::uint64_t fnv1a(std::string_view bytes) {
  std::uint64_t hash = 0xcbf29ce484222325u;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3u;
  }
  return hash;
}

}  // namespace chatwire::fuzz
