#include "protocol/base64.h"

#include <cstdint>

namespace chatwire::protocol::base64 {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// 6-bit value of a base64 character, or -1 outside the alphabet.
int value_of(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

char character_of(std::uint32_t six_bits) { return kAlphabet[six_bits & 0x3F]; }

}  // namespace

std::string encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t pos = 0;
  const auto byte = [&](std::size_t i) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i]));
  };
  for (; bytes.size() - pos >= 3; pos += 3) {
    const std::uint32_t group = byte(pos) << 16 | byte(pos + 1) << 8 | byte(pos + 2);
    out += character_of(group >> 18);
    out += character_of(group >> 12);
    out += character_of(group >> 6);
    out += character_of(group);
  }
  const std::size_t rest = bytes.size() - pos;
  if (rest == 1) {
    const std::uint32_t group = byte(pos) << 16;
    out += character_of(group >> 18);
    out += character_of(group >> 12);
    out += "==";
  } else if (rest == 2) {
    const std::uint32_t group = byte(pos) << 16 | byte(pos + 1) << 8;
    out += character_of(group >> 18);
    out += character_of(group >> 12);
    out += character_of(group >> 6);
    out += '=';
  }
  return out;
}

std::optional<std::string> decode(std::string_view text, DecodeFailure* failure) {
  const auto fail = [failure](std::size_t offset, const char* reason) -> std::optional<std::string> {
    if (failure != nullptr) *failure = {offset, reason};
    return std::nullopt;
  };

  std::string out;
  out.reserve(text.size() / 4 * 3);
  // Characters are checked in reading order before the length, so a stray
  // character is reported as such rather than as a bad length.
  for (std::size_t group_start = 0; group_start < text.size(); group_start += 4) {
    const std::size_t group_size = text.size() - group_start < 4 ? text.size() - group_start : 4;
    const bool last_group = group_start + 4 >= text.size();
    std::uint32_t values[4] = {0, 0, 0, 0};
    std::size_t padding = 0;
    for (std::size_t i = 0; i < group_size; ++i) {
      const std::size_t offset = group_start + i;
      const char c = text[offset];
      if (c == '=') {
        // Only the last one or two characters of the whole text may be padding.
        if (!last_group || i < 2) return fail(offset, "'=' padding before the end");
        ++padding;
        continue;
      }
      if (padding > 0) return fail(offset, "data after '=' padding");
      const int value = value_of(c);
      if (value < 0) return fail(offset, "character outside the base64 alphabet");
      values[i] = static_cast<std::uint32_t>(value);
    }
    if (group_size < 4) return fail(group_start, "incomplete final group: length not a multiple of 4");

    // The bits a padded group does not use must be zero in canonical base64.
    if (padding == 2 && (values[1] & 0x0F) != 0)
      return fail(group_start + 1, "non-zero bits before '=' padding");
    if (padding == 1 && (values[2] & 0x03) != 0)
      return fail(group_start + 2, "non-zero bits before '=' padding");

    const std::uint32_t group = values[0] << 18 | values[1] << 12 | values[2] << 6 | values[3];
    out += static_cast<char>(group >> 16 & 0xFF);
    if (padding < 2) out += static_cast<char>(group >> 8 & 0xFF);
    if (padding < 1) out += static_cast<char>(group & 0xFF);
  }
  return out;
}

}  // namespace chatwire::protocol::base64
