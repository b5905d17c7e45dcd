// JSON helpers that can never abort the module.
//
// nlohmann::json reports errors by throwing; in a build without exceptions a
// throw becomes std::abort(). So the core never hands network data to
// nlohmann's parser or serializer: documents are read by the one-pass reader
// of json_sax_reader.h (parse() builds its tree from that reader's callbacks,
// behind a nesting-depth bound, since the tree's destructor and dump() are
// recursive and the Wasm stack is small), and dump() is this file's own
// writer, which replaces invalid UTF-8 rather than rejecting it. Neither
// nlohmann's lexer and parser nor its serializer is linked into the module,
// nor the libc they bring (strtod's long-double arithmetic, snprintf):
// bindings/SIZE.md has the figures.
//
// One leniency: JSON.stringify writes a string holding a lone UTF-16
// surrogate (say, a message cut in the middle of an emoji) as the escape
// "\ud83d", which JSON.parse accepts but nlohmann rejects, so a single
// truncated emoji would make a whole packet undecodable. The reader takes
// such an escape as U+FFFD, the character a browser's TextEncoder would send.
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

/// Parses `text` without throwing. Returns the document, or why it was refused.
/// Escapes of lone surrogates ("\ud800" not followed by a low surrogate, or a
/// stray "\udc00") decode as U+FFFD, as they would after a JavaScript peer's
/// UTF-8 encoding; every other deviation from RFC 8259 is refused. A key
/// repeated in an object keeps its last value.
struct ParseOutcome {
  std::optional<Json> value;
  ParseFailure failure = ParseFailure::kSyntax;  // meaningful only when !value
  // kSyntax only: index of the first byte at which the text stops being
  // the start of any JSON text, or text.size() when it ended too early
  // (json_sax_reader.h has the one exception, numbers too large).
  std::size_t error_offset = 0;
};
ParseOutcome parse(std::string_view text, std::size_t max_depth = kDefaultMaxDepth);

/// A SAX handler for sax_parse(). Handlers derive from it and implement the
/// value callbacks; the two that JSON text never calls for are answered here.
class SaxHandler : public Json::json_sax_t {
 public:
  bool binary(binary_t& /*value*/) override { return true; }  // JSON text has none
  // The reader says where a text is refused itself (SaxOutcome), so it
  // never reports errors through the handler.
  bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/,
                   const Json::exception& /*error*/) final {
    return false;
  }
};

/// What sax_parse() found: ok, or why the text was refused (as parse()).
struct SaxOutcome {
  bool ok = false;
  ParseFailure failure = ParseFailure::kSyntax;  // meaningful only when !ok
  std::size_t error_offset = 0;                  // kSyntax only, as in ParseOutcome
};

/// Reads `text` into `handler` without building a tree and without throwing,
/// under exactly parse()'s rules (parse() is this with a tree-building
/// handler): the depth bound (no container past it is ever opened), the
/// lone-surrogate leniency, the refusals (invalid UTF-8, numbers too large
/// for a double, trailing bytes) and their offsets. On a refusal the handler
/// may have had callbacks for a prefix of the text, and its state means
/// nothing. A handler that returns false stops the parse; the outcome is
/// then a kSyntax failure at the byte the reader had reached.
SaxOutcome sax_parse(std::string_view text, SaxHandler& handler, std::size_t max_depth = kDefaultMaxDepth);

/// Whether `text` is one JSON document parse() would accept, checked without
/// building it (a SAX pass with a handler that keeps nothing).
SaxOutcome validate(std::string_view text, std::size_t max_depth = kDefaultMaxDepth);

/// Compact serialization that never throws, as nlohmann's dump() without
/// indent: members in key order, floats in their shortest round-trip form
/// (an integral one with ".0"; NaN and infinities as null), strings with '"',
/// '\\' and control characters escaped, other text as UTF-8, each byte that
/// starts no valid UTF-8 sequence replaced with U+FFFD.
std::string dump(const Json& value);

/// Typed, non-throwing field access. Each returns nullopt (or nullptr) when the
/// field is absent or has another type.
const Json* find(const Json& object, std::string_view key);
std::optional<std::string> get_string(const Json& object, std::string_view key);
std::optional<std::int64_t> get_int(const Json& object, std::string_view key);

}  // namespace chatwire::json_util
