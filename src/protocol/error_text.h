// Internal: how the decoders write the messages of their DecodeErrors.
//
// Messages quote the offending bytes, which are untrusted: they may be huge,
// hold control characters, or be invalid UTF-8. An excerpt is therefore
// short, quoted, escaped, and always well-formed UTF-8, so a message can be
// logged, put into JSON or handed to JavaScript as is.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "protocol/decode_error.h"
#include "util/json.h"

namespace chatwire::protocol::error_text {

/// How many bytes of untrusted input a message quotes at most.
inline constexpr std::size_t kExcerptBytes = 40;

/// `text` in double quotes, cut after about `max_bytes` (at a character
/// boundary, with "..." appended), with '"' and '\' escaped and control
/// characters and bytes that are not UTF-8 written as \xNN.
std::string excerpt(std::string_view text, std::size_t max_bytes = kExcerptBytes);

/// Like excerpt(), of the part of `text` around byte `offset` (where a parser
/// stopped), with "..." in front when the start is cut.
std::string excerpt_around(std::string_view text, std::size_t offset, std::size_t max_bytes = kExcerptBytes);

/// A JSON value for a message: its type and compact text for arrays and
/// objects ("object {\"a\":1}"), the text alone for scalars ("1.5", "null",
/// "\"text\""), cut like excerpt(). The text is json_util::dump's, which is
/// valid UTF-8 with control characters escaped, so it is not quoted again.
std::string describe_json(const json_util::Json& value, std::size_t max_bytes = kExcerptBytes);

/// One byte for a message: 'x' when printable ASCII, else 0xNN.
std::string byte_name(char byte);

/// The error "<what> of <size> bytes exceeds the limit of <limit> bytes".
DecodeError frame_too_large(std::string_view what, std::size_t size, std::size_t limit);

}  // namespace chatwire::protocol::error_text
