// Typed, non-throwing reads of the fields of one JSON object in a
// configuration document, each bad field named by its dotted path
// ("typing.idleMs"). The config parser (config_json.cpp) is a list of these
// reads; the rules for what a number may be live here, once.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "util/json.h"

namespace chatwire::api {

using Json = json_util::Json;

/// Largest integer a JavaScript number holds exactly (2^53): beyond it, the
/// number the app wrote and the number that arrives may differ.
inline constexpr double kMaxSafeInteger = 9007199254740992.0;

/// A refused configuration: `field` is the dotted path of the offending
/// field ("" for the document as a whole) and `message` says what it must be.
struct CoreConfigError {
  std::string field;
  std::string message;
  friend bool operator==(const CoreConfigError&, const CoreConfigError&) = default;
};

/// The first error found while reading a document. Reads after it are
/// no-ops, so a parser can read every field and check once at the end.
class ConfigErrors {
 public:
  void add(std::string field, std::string message) {
    if (!first_) first_ = CoreConfigError{std::move(field), std::move(message)};
  }
  [[nodiscard]] bool any() const { return first_.has_value(); }
  [[nodiscard]] const std::optional<CoreConfigError>& first() const { return first_; }

 private:
  std::optional<CoreConfigError> first_;
};

/// The fields of one JSON object at `path` ("" for the document itself).
/// Each read leaves `out` untouched when the field is absent (the default
/// stays), and records an error naming the field when it has the wrong type
/// or an unrepresentable value.
class ObjectFields {
 public:
  ObjectFields(const Json& object, std::string path, ConfigErrors& errors)
      : object_(object), path_(std::move(path)), errors_(errors) {}

  /// "typing" + "idleMs" -> "typing.idleMs"; at the root just the key.
  [[nodiscard]] std::string path_of(std::string_view key) const;
  /// The raw field, or nullptr when absent.
  [[nodiscard]] const Json* find(std::string_view key) const;

  /// Refuses every key not listed: a misspelt setting fails loudly rather
  /// than being silently ignored.
  void refuse_unknown(std::initializer_list<std::string_view> known) const;

  void boolean(std::string_view key, bool& out) const;
  void string(std::string_view key, std::string& out) const;
  /// Any finite number.
  void number(std::string_view key, double& out) const;
  /// A whole number within the range of `Int` and of JavaScript's safe
  /// integers (|n| <= 2^53). 3.0 counts as whole; 2.5 does not.
  template <class Int>
  void integer(std::string_view key, Int& out) const {
    static_assert(std::numeric_limits<Int>::is_integer);
    const std::optional<double> value =
        whole_number(key, static_cast<double>(std::numeric_limits<Int>::min()),
                     static_cast<double>(std::numeric_limits<Int>::max()));
    if (value) out = static_cast<Int>(*value);
  }
  /// A nested object; nullopt (and an error) when present with another
  /// type, nullopt alone when absent.
  [[nodiscard]] std::optional<ObjectFields> object(std::string_view key) const;
  /// A required field: records "is required" when absent.
  [[nodiscard]] const Json* required(std::string_view key, std::string_view what) const;
  /// Records an error for `key` (for rules particular to one field).
  void fail(std::string_view key, std::string message) const;

 private:
  /// The field as a whole number in [low, high] (each clamped to ±2^53).
  [[nodiscard]] std::optional<double> whole_number(std::string_view key, double low, double high) const;

  const Json& object_;
  std::string path_;
  ConfigErrors& errors_;
};

}  // namespace chatwire::api
