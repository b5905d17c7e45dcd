#include "client_fuzz/json_text.h"

#include <cstddef>

namespace chatwire::fuzz::client_fuzz {

void append_quoted(std::string& out, std::string_view raw) {
  // Escapes what JSON requires; bytes >= 0x80 go through unchanged, so
  // invalid UTF-8 reaches the parser as the server sent it.
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (const char c : raw) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20) {
      out += "\\u00";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += c;
    }
  }
  out += '"';
}

std::string json_string(std::string_view raw) {
  std::string out;
  append_quoted(out, raw);
  return out;
}

std::string object_text(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out = "{";
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    append_quoted(out, fields[i].first);
    out += ':';
    out += fields[i].second;
  }
  out += '}';
  return out;
}

std::string iso_time(std::int64_t seconds, const char* suffix) {
  seconds %= 86'400;
  const auto two = [](std::int64_t v) {
    std::string s = std::to_string(v);
    return s.size() < 2 ? "0" + s : s;
  };
  return "2024-06-03T" + two(seconds / 3600) + ":" + two(seconds / 60 % 60) + ":" + two(seconds % 60) +
         suffix;
}

}  // namespace chatwire::fuzz::client_fuzz
