// Internal: standard base64 (RFC 4648 section 4, "+/" alphabet, '=' padding),
// the encoding Engine.IO uses for binary packets in text ("b<base64>").
//
// The decoder is strict: it accepts exactly what encode() produces (no
// whitespace, no missing padding, no URL-safe alphabet, no non-zero bits
// under the padding, as RFC 4648 section 3.5 permits a decoder to require).
// Node's Buffer.from(s, "base64") would silently skip what it does not
// understand; accepting only the canonical form means a damaged frame is
// reported instead of turning into different bytes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace chatwire::protocol::base64 {

/// Encodes `bytes` with padding. The output is 4 * ceil(n / 3) characters.
std::string encode(std::string_view bytes);

/// Where and why decode() refused its input.
struct DecodeFailure {
  std::size_t offset = 0;   // first offending character (for a bad length: the incomplete group)
  const char* reason = "";  // static text, e.g. "character outside the base64 alphabet"
};

/// Decodes canonical padded base64; nullopt on any deviation, with the first
/// one described in `*failure` when given. The empty string decodes to no bytes.
std::optional<std::string> decode(std::string_view text, DecodeFailure* failure = nullptr);

}  // namespace chatwire::protocol::base64
