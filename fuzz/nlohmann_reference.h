// nlohmann's own parser and serializer, as the reference the core's JSON
// reader and writer (src/util/json*.cpp) are fuzzed against. The module no
// longer links them; the fuzz build does, only here.
//
// reference_parse() reads a text as the core promises to (json.h): the same
// depth bound, and lone-surrogate escapes taken as U+FFFD (nlohmann refuses
// them, so the text is repaired first, keeping its length, so that offsets
// still point into the original).
#pragma once

#include <cstddef>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "util/json.h"
#include "util/json_depth.h"

namespace chatwire::fuzz {

struct ReferenceOutcome {
  std::optional<json_util::Json> value;
  json_util::ParseFailure failure = json_util::ParseFailure::kSyntax;
  std::size_t error_offset = 0;  // kSyntax: the byte nlohmann's parser complained at
};

namespace reference_detail {

inline long hex4(std::string_view text, std::size_t pos) {
  if (pos > text.size() || text.size() - pos < 4) return -1;
  long value = 0;
  for (std::size_t i = pos; i < pos + 4; ++i) {
    const char c = text[i];
    long digit = 0;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    } else {
      return -1;
    }
    value = value * 16 + digit;
  }
  return value;
}

inline bool is_high_surrogate(long unit) { return unit >= 0xD800 && unit <= 0xDBFF; }
inline bool is_low_surrogate(long unit) { return unit >= 0xDC00 && unit <= 0xDFFF; }

// `text` with each lone-surrogate escape rewritten as "\uFFFD" (same length).
inline std::string replace_lone_surrogate_escapes(std::string_view text) {
  static constexpr char kReplacement[] = "\\uFFFD";
  static constexpr std::size_t kEscapeLength = 6;  // \uXXXX
  std::string repaired(text);
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (text[pos] != '\\') {
      ++pos;
      continue;
    }
    // Any escape other than \u is two characters ("\\" included).
    if (pos + 1 >= text.size() || text[pos + 1] != 'u') {
      pos += 2;
      continue;
    }
    const long unit = hex4(text, pos + 2);
    if (unit < 0) {
      pos += 2;  // malformed escape: left for the parser to refuse
      continue;
    }
    if (is_high_surrogate(unit)) {
      const std::size_t next = pos + kEscapeLength;
      const bool paired = text.size() - next >= kEscapeLength && text[next] == '\\' && text[next + 1] == 'u' &&
                          is_low_surrogate(hex4(text, next + 2));
      if (paired) {
        pos = next + kEscapeLength;
        continue;
      }
    } else if (!is_low_surrogate(unit)) {
      pos += kEscapeLength;
      continue;
    }
    std::memcpy(repaired.data() + pos, kReplacement, kEscapeLength);
    pos += kEscapeLength;
  }
  return repaired;
}

// Listens only for where nlohmann's SAX parser gave up.
class ErrorLocator final : public json_util::Json::json_sax_t {
 public:
  std::size_t position = 0;

  bool null() override { return true; }
  bool boolean(bool /*value*/) override { return true; }
  bool number_integer(number_integer_t /*value*/) override { return true; }
  bool number_unsigned(number_unsigned_t /*value*/) override { return true; }
  bool number_float(number_float_t /*value*/, const string_t& /*text*/) override { return true; }
  bool string(string_t& /*value*/) override { return true; }
  bool binary(binary_t& /*value*/) override { return true; }
  bool start_object(std::size_t /*elements*/) override { return true; }
  bool key(string_t& /*value*/) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t /*elements*/) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t at, const std::string& /*last_token*/,
                   const json_util::Json::exception& /*error*/) override {
    position = at;
    return false;
  }
};

}  // namespace reference_detail

/// `text` read by nlohmann's DOM parser under json.h's rules.
inline ReferenceOutcome reference_parse(std::string_view text, std::size_t max_depth) {
  using json_util::Json;
  if (json_util::nesting_depth(text, max_depth) > max_depth) return {std::nullopt, json_util::ParseFailure::kTooDeep, 0};
  const std::string input = reference_detail::replace_lone_surrogate_escapes(text);
  Json value = Json::parse(input, /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (!value.is_discarded()) return {std::move(value), json_util::ParseFailure::kSyntax, 0};
  reference_detail::ErrorLocator locator;
  static_cast<void>(Json::sax_parse(input, &locator));
  // nlohmann counts the characters it read, the offending one included.
  const std::size_t offset = locator.position > 0 ? locator.position - 1 : 0;
  return {std::nullopt, json_util::ParseFailure::kSyntax, offset < text.size() ? offset : text.size()};
}

/// nlohmann's compact serialization, as json_util::dump() promises to match.
inline std::string reference_dump(const json_util::Json& value) {
  return value.dump(-1, ' ', /*ensure_ascii=*/false, json_util::Json::error_handler_t::replace);
}

}  // namespace chatwire::fuzz
