// Writes JSON text straight into a string, for everything the API hands to
// JavaScript (batches, snapshots, command results).
//
// Why not build nlohmann::json values and dump() them: every
// `Json{{"key", value}, ...}` expands into code that builds a temporary
// tree, and the API builds hundreds of fields; writing the text directly is
// a fraction of that code in the WebAssembly module (bindings/SIZE.md) and
// allocates once per output instead of once per node.
//
// Strings are written as well-formed UTF-8 whatever the input: each byte
// that starts no valid sequence becomes U+FFFD, as json_util::dump() does.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

namespace chatwire::api {

class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();

  /// Room for `bytes` of text, so that writing an answer of about that size
  /// allocates once instead of growing step by step.
  void reserve(std::size_t bytes) { out_.reserve(bytes); }

  /// Starts a member of the current object; a value call must follow.
  /// `name` is one of the API's own member names (plain ASCII, nothing to
  /// escape) and is written as it is: escaping every key was a tenth of the
  /// cost of an answer.
  JsonWriter& key(std::string_view name);

  // ---- values (in an array, or after key()) ----
  JsonWriter& string(std::string_view text);
  JsonWriter& boolean(bool value);
  JsonWriter& null();
  template <class Int>
  requires(std::is_integral_v<Int> && !std::is_same_v<Int, bool>) JsonWriter& number(Int value) {
    before_value();
    if constexpr (std::is_signed_v<Int>) {
      append_signed(static_cast<std::int64_t>(value));
    } else {
      append_unsigned(static_cast<std::uint64_t>(value));
    }
    return *this;
  }
  /// A value that is JSON text already (e.g. an array written elsewhere).
  JsonWriter& raw(std::string_view json);

  // ---- members: key(name) then the value ----
  JsonWriter& string(std::string_view name, std::string_view text) { return key(name).string(text); }
  JsonWriter& boolean(std::string_view name, bool value) { return key(name).boolean(value); }
  template <class Int>
  JsonWriter& number(std::string_view name, Int value) {
    return key(name).number(value);
  }
  /// The string, or null when it is empty (absent ids).
  JsonWriter& string_or_null(std::string_view name, std::string_view text);

  [[nodiscard]] const std::string& text() const { return out_; }
  /// The text written; the writer starts over empty.
  std::string take();

 private:
  void before_value();
  void append_signed(std::int64_t value);
  void append_unsigned(std::uint64_t value);
  void append_escaped(std::string_view text);

  std::string out_;
  bool needs_comma_ = false;
};

}  // namespace chatwire::api
