// The inner loop of reading and of writing a JSON string: how far the text
// runs on without a byte that needs a second look. Both the frame reader
// (json_sax_reader.cpp) and the answer writer (api/json_writer.cpp) copy such
// runs at once, which is most of every message's bytes.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace chatwire::json_util {

/// Bytes that end a plain run: control characters, '"', '\\' and every byte
/// of a multi-byte UTF-8 sequence (those are checked one sequence at a time).
/// A table: one load per byte instead of four comparisons.
inline constexpr std::array<bool, 256> kEndsPlainRun = [] {
  std::array<bool, 256> ends{};
  for (std::size_t byte = 0; byte < ends.size(); ++byte) {
    ends[byte] = byte < 0x20 || byte >= 0x80 || byte == '"' || byte == '\\';
  }
  return ends;
}();

/// The first position at or after `from` whose byte ends a plain run, or text.size().
inline std::size_t plain_run_end(std::string_view text, std::size_t from) {
  while (from < text.size() && !kEndsPlainRun[static_cast<unsigned char>(text[from])]) ++from;
  return from;
}

}  // namespace chatwire::json_util
