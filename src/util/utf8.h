// UTF-8 well-formedness, per the Unicode Standard, table 3-7.
//
// Text from the network is bytes until checked. Anything handed to JavaScript
// or written into JSON must be well-formed UTF-8, so the codecs check names
// they keep (namespaces) and error excerpts they build with these helpers.
// Header-only: two small functions, used by several translation units.
#pragma once

#include <cstddef>
#include <string_view>

namespace chatwire::utf8 {

/// Length (1-4) of the well-formed UTF-8 sequence that starts at `text[pos]`,
/// or 0 when the bytes there are not one: a stray continuation byte, a
/// truncated sequence, an overlong form, a surrogate (U+D800-U+DFFF) or a
/// value above U+10FFFF. In that case `*bad_byte`, when given, is set to the
/// position of the first byte that no well-formed sequence could have there
/// (`pos` for a bad lead byte, text.size() when the text ends too early).
/// `pos` must be less than `text.size()`.
inline std::size_t sequence_length(std::string_view text, std::size_t pos, std::size_t* bad_byte = nullptr) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const auto refuse = [&](std::size_t at) -> std::size_t {
    if (bad_byte != nullptr) *bad_byte = at;
    return 0;
  };
  const unsigned char lead = byte(pos);
  if (lead < 0x80) return 1;

  std::size_t length = 0;
  // The second byte's range depends on the lead byte; this is what rules out
  // overlong forms, surrogates and values past U+10FFFF (table 3-7).
  unsigned char second_min = 0x80;
  unsigned char second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_min = 0xA0;  // no overlong 3-byte forms
    if (lead == 0xED) second_max = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_min = 0x90;  // no overlong 4-byte forms
    if (lead == 0xF4) second_max = 0x8F;  // nothing above U+10FFFF
  } else {
    return refuse(pos);  // 0x80-0xC1 (continuation or overlong lead) and 0xF5-0xFF
  }

  for (std::size_t i = 1; i < length; ++i) {
    if (pos + i >= text.size()) return refuse(text.size());
    const unsigned char next = byte(pos + i);
    const unsigned char min = i == 1 ? second_min : 0x80;
    const unsigned char max = i == 1 ? second_max : 0xBF;
    if (next < min || next > max) return refuse(pos + i);
  }
  return length;
}

/// True when all of `text` is well-formed UTF-8 (the empty string is).
inline bool is_valid(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t length = sequence_length(text, pos);
    if (length == 0) return false;
    pos += length;
  }
  return true;
}

}  // namespace chatwire::utf8
