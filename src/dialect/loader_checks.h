// What every section loader of a dialect document (loader_*.cpp) shares: the
// checks any part of the document gets (allowed keys, objects, booleans,
// choices, comments, field paths), the record of the first problem they find,
// and the spelling of paths and name lists in the messages. Internal to the
// loader; Dialect::load() is the API.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "dialect/dialect.h"
#include "dialect/field_path.h"
#include "util/json.h"

namespace chatwire::dialect::loader {

/// The path of `key` inside `parent`, as errors name fields: "requests" and
/// "send" give "requests.send"; the document's root is "".
std::string join_path(const std::string& parent, std::string_view key);

/// The names, each in double quotes, separated by ", ": what a refusal
/// lists as expected.
std::string quoted_list(std::initializer_list<std::string_view> names);

/// Whether socket.io reserves `event` ("connect", "disconnect", ...), so
/// that neither a request nor a server event may use it.
bool is_reserved_event(std::string_view event);

/// The checks a section makes on its part of the document. Each one that
/// refuses records the problem through fail() and returns false (or
/// nullopt); only the first problem found is kept, so a section may run
/// several checks before giving up and still report the first of them.
class DocumentChecks {
 public:
  /// Records the problem with `field` unless one is recorded already.
  /// Always false, so that a check can `return fail(...)`.
  bool fail(std::string field, std::string message);

  /// Whether a problem has been recorded.
  [[nodiscard]] bool failed() const { return error_.has_value(); }
  /// The problem recorded (nullopt if none), handed over.
  std::optional<DialectError> take_error() { return std::exchange(error_, std::nullopt); }

  /// Every key of `object` is one of `allowed`.
  bool only_keys(const Json& object, const std::string& path,
                 std::initializer_list<std::string_view> allowed);

  /// `value` (at `path`) is present and an object.
  bool object_at(const Json* value, const std::string& path);

  /// `object[key]` as a boolean: false when absent, nullopt (after fail())
  /// when it is not a boolean.
  std::optional<bool> optional_bool(const Json& object, const std::string& path, std::string_view key);

  /// A string from a fixed set; nullopt (after fail()) when it is something else.
  std::optional<std::size_t> choice(const Json& object, const std::string& path, std::string_view key,
                                    std::initializer_list<std::string_view> names, std::size_t fallback);

  /// `object`'s "comment", if any, is a string or an array of strings.
  bool comment(const Json& object, const std::string& path);

  /// `value` (at `path`) is a field path; nullopt (after fail()) if not.
  std::optional<FieldPath> path_at(const Json& value, const std::string& path);

 private:
  std::optional<DialectError> error_;
};

}  // namespace chatwire::dialect::loader
