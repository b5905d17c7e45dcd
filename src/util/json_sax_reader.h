// A one-pass JSON reader for the hot path: the text of every frame's
// arguments goes through here (json_util::sax_parse), so it has to cost a
// few instructions per byte, not the ~70 of nlohmann's lexer, which copies
// every character through its input adapter and token buffer.
//
// It reads exactly the language nlohmann's strict parser reads behind
// json_util::parse() (RFC 8259; a leading UTF-8 BOM skipped; lone-surrogate
// escapes as U+FFFD, the leniency of json.h; a NUL byte after the value
// ends the text, as nlohmann's lexer has it) and hands the same callbacks,
// with the same values, to the same nlohmann::json_sax_t handler: integers
// that fit int64 (negative) or uint64 (non-negative) as integers, every
// other number through strtod, and a number strtod makes infinite refused.
// It does not say why a text is refused: on any refusal the caller asks
// nlohmann where the error is, so error offsets stay nlohmann's.
// fuzz/json_sax_reader_fuzz.cpp checks the equivalence, value by value.
#pragma once

#include <cstddef>
#include <string_view>

#include "util/json.h"

namespace chatwire::json_util {

enum class SaxReadResult {
  kAccepted,           // one value, then only whitespace
  kRefused,            // not JSON, or nested deeper than the bound
  kStoppedByHandler,   // a callback returned false
};

/// Reads `text` into `handler`, nesting at most `max_depth` arrays and
/// objects. Refuses without saying why (see above); the handler may have
/// received callbacks for a prefix of the text before a refusal.
SaxReadResult read_sax(std::string_view text, Json::json_sax_t& handler, std::size_t max_depth);

/// String buffers the frame path keeps from one frame to the next (here and
/// in dialect/plan_capture.cpp) are let go past this capacity: a chat
/// message's fields fit, an outsized frame's do not stay in memory.
inline constexpr std::size_t kKeptBufferCapacity = 4096;

}  // namespace chatwire::json_util
