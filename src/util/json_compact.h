// Compacting a JSON text at compile time: whitespace between tokens and the
// members of one name (say "comment") dropped, everything else kept byte for
// byte. For documents built into the module (dialect/presets.cpp), so that
// their readable form stays in the source and only the compact one ships.
#pragma once

#include <cstddef>
#include <string_view>

namespace chatwire::json_util {

namespace compact_detail {

constexpr bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

constexpr std::size_t skip_space(std::string_view text, std::size_t pos) {
  while (pos < text.size() && is_space(text[pos])) ++pos;
  return pos;
}

// Just past the string whose opening quote is at `pos`.
constexpr std::size_t skip_string(std::string_view text, std::size_t pos) {
  for (++pos; pos < text.size(); ++pos) {
    if (text[pos] == '\\') {
      ++pos;
    } else if (text[pos] == '"') {
      return pos + 1;
    }
  }
  return pos;
}

// Just past the value that starts at `pos` (after any whitespace).
constexpr std::size_t skip_value(std::string_view text, std::size_t pos) {
  pos = skip_space(text, pos);
  std::size_t depth = 0;
  while (pos < text.size()) {
    const char c = text[pos];
    if (c == '"') {
      pos = skip_string(text, pos);
    } else if (c == '[' || c == '{') {
      ++depth;
      ++pos;
    } else if (c == ']' || c == '}') {
      if (depth == 0) return pos;  // the end of the enclosing container
      --depth;
      ++pos;
    } else if (depth == 0 && (c == ',' || is_space(c))) {
      return pos;  // the end of a number or literal
    } else {
      ++pos;
    }
    if (depth == 0 && (c == '"' || c == ']' || c == '}')) return pos;
  }
  return pos;
}

}  // namespace compact_detail

/// Writes `text` (valid JSON) without whitespace between tokens and without
/// any object member named `dropped_key` (at any depth), into `out` when it
/// is not null; returns the length of the result either way, so a first call
/// with nullptr sizes the buffer of the second.
constexpr std::size_t compact_json(std::string_view text, std::string_view dropped_key, char* out) {
  using namespace compact_detail;
  std::size_t size = 0;
  char last = '\0';
  const auto put = [&](char c) {
    if (out != nullptr) out[size] = c;
    ++size;
    last = c;
  };
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char c = text[pos];
    if (is_space(c)) {
      ++pos;
      continue;
    }
    if (c != '"') {
      put(c);
      ++pos;
      continue;
    }
    const std::size_t end = skip_string(text, pos);
    const std::size_t after = skip_space(text, end);
    const bool is_key = after < text.size() && text[after] == ':';
    if (is_key && text.substr(pos + 1, end - pos - 2) == dropped_key) {
      // Drop the member and one comma beside it: the one after it, or the
      // one already written before it when it was the object's last.
      pos = skip_space(text, skip_value(text, after + 1));
      if (pos < text.size() && text[pos] == ',') {
        ++pos;
      } else if (last == ',') {
        --size;
      }
      continue;
    }
    for (std::size_t i = pos; i < end; ++i) put(text[i]);
    pos = end;
  }
  return size;
}

}  // namespace chatwire::json_util
