// The text helpers of error_text.h: short, escaped excerpts of untrusted bytes.
#include "protocol/error_text.h"

#include "util/utf8.h"

namespace chatwire::protocol::error_text {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

// Two lower-case hex digits of `byte` after `prefix` ("\\x" or "0x").
void append_hex(std::string& out, const char* prefix, unsigned char byte) {
  out += prefix;
  out += kHexDigits[byte >> 4];
  out += kHexDigits[byte & 0x0F];
}

// excerpt() without the quotes, and with '"' and '\' escaped only if `quote`.
std::string cut(std::string_view text, std::size_t max_bytes, bool quote) {
  std::string out = quote ? "\"" : "";
  std::size_t pos = 0;
  while (pos < text.size() && pos < max_bytes) {
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (quote && (byte == '"' || byte == '\\')) {
      out += '\\';
      out += static_cast<char>(byte);
      ++pos;
    } else if (byte < 0x20 || byte == 0x7F) {
      append_hex(out, "\\x", byte);
      ++pos;
    } else if (const std::size_t length = utf8::sequence_length(text, pos); length > 0) {
      out.append(text.substr(pos, length));  // may run past max_bytes by at most 3 bytes
      pos += length;
    } else {
      append_hex(out, "\\x", byte);
      ++pos;
    }
  }
  if (quote) out += '"';
  if (pos < text.size()) out += "...";
  return out;
}

}  // namespace

std::string excerpt(std::string_view text, std::size_t max_bytes) { return cut(text, max_bytes, true); }

std::string describe_json(const json_util::Json& value, std::size_t max_bytes) {
  const std::string text = cut(json_util::dump(value), max_bytes, false);
  if (value.is_array() || value.is_object()) return std::string(value.type_name()) + " " + text;
  return text;
}

std::string excerpt_around(std::string_view text, std::size_t offset, std::size_t max_bytes) {
  if (offset > text.size()) offset = text.size();
  std::size_t start = offset > max_bytes / 2 ? offset - max_bytes / 2 : 0;
  // Start on a character boundary (at most 3 continuation bytes back), so a
  // multi-byte character is not shown as escaped fragments.
  for (int step = 0; step < 3 && start > 0 && start < text.size(); ++step) {
    if ((static_cast<unsigned char>(text[start]) & 0xC0) != 0x80) break;
    --start;
  }
  std::string out = start > 0 ? "..." : "";
  out += excerpt(text.substr(start), max_bytes);
  return out;
}

std::string byte_name(char byte) {
  const auto value = static_cast<unsigned char>(byte);
  if (value >= 0x20 && value < 0x7F) return std::string("'") + byte + "'";
  std::string out;
  append_hex(out, "0x", value);
  return out;
}

DecodeError frame_too_large(std::string_view what, std::size_t size, std::size_t limit) {
  std::string message(what);
  message +=
      " of " + std::to_string(size) + " bytes exceeds the limit of " + std::to_string(limit) + " bytes";
  return {DecodeErrorCode::kFrameTooLarge, std::move(message)};
}

}  // namespace chatwire::protocol::error_text
