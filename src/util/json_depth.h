// How deeply a JSON text nests, found without reading it as JSON: the bound
// every document from the network is held to (json.h), checked by the
// reader (json_sax_reader.cpp) and by json_util::sax_parse to tell a text
// refused for its depth from one refused for its syntax.
#pragma once

#include <cstddef>
#include <string_view>

namespace chatwire::json_util {

/// Deepest array/object nesting in `text`, stopping early once `limit` is
/// exceeded (so the scan of a hostile document is bounded by `limit`, not by
/// its length). Brackets inside strings are skipped.
inline std::size_t nesting_depth(std::string_view text, std::size_t limit) {
  std::size_t deepest = 0;
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        ++depth;
        if (depth > deepest) {
          deepest = depth;
          if (deepest > limit) return deepest;
        }
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return deepest;
}

}  // namespace chatwire::json_util
