// The JSON reader of the core: one pass, no tree. The text of every frame's
// arguments goes through here (json_util::sax_parse), and so does every other
// document (json_util::parse builds its tree from these callbacks), so it has
// to cost a few instructions per byte and be all the parser the module holds.
//
// It reads exactly the language nlohmann's strict parser reads (RFC 8259; a
// leading UTF-8 BOM skipped; lone-surrogate escapes as U+FFFD, the leniency
// of json.h; a NUL byte after the value ends the text, as nlohmann's lexer
// has it) and hands the same callbacks, with the same values, to the same
// nlohmann::json_sax_t handler: integers that fit int64 (negative) or uint64
// (non-negative) as integers, every other number as the nearest double, and
// a number too large for a double refused.
//
// A refusal says where: the first byte at which the text stops being the
// start of any JSON text (the end of the text when it ends too early), or,
// for a number too large for a double, the number's first byte. That is
// never later than the byte nlohmann's parser reports (which reads a whole
// token before it complains). fuzz/json_sax_reader_fuzz.cpp checks all of
// this against nlohmann's parser, value by value.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

namespace chatwire::json_util {

enum class SaxReadResult {
  kAccepted,           // one value, then only whitespace
  kRefused,            // not JSON, or nested deeper than the bound
  kStoppedByHandler,   // a callback returned false
};

struct SaxRead {
  SaxReadResult result = SaxReadResult::kAccepted;
  std::size_t error_offset = 0;  // kRefused: where (see above); kStoppedByHandler: where the reader was
};

/// Reads `text` into `handler`, nesting at most `max_depth` arrays and
/// objects. The handler may have received callbacks for a prefix of the
/// text before a refusal. A text nested too deep is refused like any other;
/// json_util::sax_parse tells the two apart.
SaxRead read_sax(std::string_view text, nlohmann::json::json_sax_t& handler, std::size_t max_depth);

/// String buffers the frame path keeps from one frame to the next (here and
/// in dialect/plan_capture.cpp) are let go past this capacity: a chat
/// message's fields fit, an outsized frame's do not stay in memory.
inline constexpr std::size_t kKeptBufferCapacity = 4096;

}  // namespace chatwire::json_util
