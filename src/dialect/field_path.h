// Where a value sits in a server payload, and how a wire value becomes a
// typed one. Every function here accepts any JSON and never aborts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chat/vocabulary.h"
#include "dialect/timestamp.h"
#include "util/json.h"

namespace chatwire::dialect {

/// Bounds on a path in a dialect document; longer ones are refused on load.
inline constexpr std::size_t kMaxPathSegments = 16;
inline constexpr std::size_t kMaxPathLength = 256;

/// A dotted path into a JSON value: "author.id", "sender.username",
/// "messages.0.text" (a segment of digits indexes an array).
struct FieldPath {
  std::string text;  // as written in the document, for error messages
  std::vector<std::string> segments;
};

/// Splits `text` at dots; nullopt when it is empty, has an empty segment
/// ("a..b", ".a", "a.") or exceeds the bounds above.
std::optional<FieldPath> parse_field_path(std::string_view text);

/// The array index a path segment names, or nullopt unless it is all digits
/// ("00" is element 0; "-1" and "+1" name none). lookup() reads segments
/// this way, and so must the reading plan (plan.cpp) that stands in for it.
std::optional<std::size_t> array_index(const std::string& segment);

/// The value at `path` under `root`, or nullptr when a segment is absent,
/// when the path crosses a value that is neither object nor array, or when
/// the value found is null (servers write null for "no value").
const json_util::Json* lookup(const json_util::Json& root, const FieldPath& path);

/// An identifier or a name: a string, or an integer written in decimal
/// (SQL backends send numeric ids). nullopt for any other type.
std::optional<std::string> read_id(const json_util::Json& value);

/// A string, and only a string.
std::optional<std::string> read_text(const json_util::Json& value);

/// An integer that fits in int64; floats (even 3.0) are refused.
std::optional<std::int64_t> read_int(const json_util::Json& value);

/// A boolean, and only a boolean.
std::optional<bool> read_bool(const json_util::Json& value);

/// Epoch milliseconds from an ISO 8601 string or an epoch number counted in
/// `unit` (integer or fractional); nullopt for anything else.
std::optional<std::int64_t> read_timestamp_ms(const json_util::Json& value, EpochUnit unit);

/// Emoji kept per message at most (read_reactions): a bound on what one
/// message can make this client hold.
inline constexpr std::size_t kMaxReactions = 64;

/// A message's reactions: an array of {"emoji": non-empty string, "users":
/// [id, ...]} (ids as read_id() reads them), each with its count the length
/// of its list. nullopt when anything in it has another shape. Only the
/// first kMaxReactions emoji are kept.
std::optional<std::vector<chat::Reaction>> read_reactions(const json_util::Json& value);

}  // namespace chatwire::dialect
