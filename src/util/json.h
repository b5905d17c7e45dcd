// JSON helpers that can never abort the module.
//
// nlohmann::json reports errors by throwing; in a build without exceptions a
// throw becomes std::abort(). So the core never calls a throwing overload on
// network data: it parses with the non-throwing parser behind a nesting-depth
// guard (the serializer is recursive, so unbounded depth could exhaust the
// small Wasm stack), and it serializes with invalid UTF-8 replaced rather than
// rejected.
//
// One leniency: JSON.stringify writes a string holding a lone UTF-16
// surrogate (say, a message cut in the middle of an emoji) as the escape
// "\ud83d", which JSON.parse accepts but nlohmann rejects, so a single
// truncated emoji would make a whole packet undecodable. parse() reads such
// an escape as U+FFFD, the character a browser's TextEncoder would send.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace chatwire::json_util {

using Json = nlohmann::json;

/// Default bound on array/object nesting in any document from the network.
inline constexpr std::size_t kDefaultMaxDepth = 64;

/// Why a document was refused.
enum class ParseFailure { kSyntax, kTooDeep };

/// Deepest array/object nesting in `text`, stopping early once `limit` is
/// exceeded (so the scan of a hostile document is bounded by `limit`, not by
/// its length). Brackets inside strings are skipped.
std::size_t nesting_depth(std::string_view text, std::size_t limit);

/// Parses `text` without throwing. Returns the document, or why it was refused.
/// Escapes of lone surrogates ("\ud800" not followed by a low surrogate, or a
/// stray "\udc00") decode as U+FFFD, as they would after a JavaScript peer's
/// UTF-8 encoding; every other deviation from RFC 8259 is refused.
struct ParseOutcome {
  std::optional<Json> value;
  ParseFailure failure = ParseFailure::kSyntax;  // meaningful only when !value
  // kSyntax only: index of the byte where the parser found the error, or
  // text.size() when the text ended too early.
  std::size_t error_offset = 0;
};
ParseOutcome parse(std::string_view text, std::size_t max_depth = kDefaultMaxDepth);

/// The text nlohmann's parser should read in place of `text`: the text
/// itself, or a copy with lone-surrogate escapes rewritten (same length, so
/// byte offsets still point into `text`). `too_deep` when `text` nests deeper
/// than `max_depth`, in which case it must not be parsed at all.
struct PreparedText {
  std::optional<std::string> repaired;
  bool too_deep = false;
  [[nodiscard]] std::string_view input(std::string_view text) const {
    return repaired ? std::string_view(*repaired) : text;
  }
};
PreparedText prepare(std::string_view text, std::size_t max_depth);

/// A SAX handler for sax_parse(): records where the parser gave up, so that
/// errors point at a byte as parse()'s do. Handlers derive from it and
/// implement the value callbacks.
class SaxHandler : public Json::json_sax_t {
 public:
  bool binary(binary_t& /*value*/) override { return true; }  // JSON text has none
  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const Json::exception& /*error*/) final {
    error_position_ = position;
    return false;
  }
  [[nodiscard]] std::size_t error_position() const { return error_position_; }

 private:
  std::size_t error_position_ = 0;
};

/// What sax_parse() found: ok, or why the text was refused (as parse()).
struct SaxOutcome {
  bool ok = false;
  ParseFailure failure = ParseFailure::kSyntax;  // meaningful only when !ok
  std::size_t error_offset = 0;                  // kSyntax only, as in ParseOutcome
};

/// Reads `text` into `handler` without building a tree and without throwing,
/// under exactly parse()'s rules: the same depth bound (no container past
/// it is ever opened), the same lone-surrogate leniency, the same refusals
/// (invalid UTF-8, numbers too large for a double, trailing bytes), the same
/// error offsets. The reading is json_sax_reader.h's one pass, not
/// nlohmann's lexer (which costs ~70 instructions a byte); on a refusal the
/// handler may have had callbacks for a prefix of the text, and its state
/// means nothing. A handler that returns false stops the parse; the outcome
/// is then a kSyntax failure at the handler's error_position() (0 unless
/// the parser reported an error).
SaxOutcome sax_parse(std::string_view text, SaxHandler& handler, std::size_t max_depth = kDefaultMaxDepth);

/// Whether `text` is one JSON document parse() would accept, checked without
/// building it (a SAX pass with a handler that keeps nothing).
SaxOutcome validate(std::string_view text, std::size_t max_depth = kDefaultMaxDepth);

/// Compact serialization that never throws: invalid UTF-8 in strings is
/// replaced with U+FFFD.
std::string dump(const Json& value);

/// Typed, non-throwing field access. Each returns nullopt (or nullptr) when the
/// field is absent or has another type.
const Json* find(const Json& object, std::string_view key);
std::optional<std::string> get_string(const Json& object, std::string_view key);
std::optional<std::int64_t> get_int(const Json& object, std::string_view key);

}  // namespace chatwire::json_util
