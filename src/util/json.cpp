#include "util/json.h"

#include "util/json_sax_reader.h"

#include <cstring>

namespace chatwire::json_util {
namespace {

// Value of the four hex digits at text[pos], or -1 if they are not four hex digits.
long hex4(std::string_view text, std::size_t pos) {
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

bool is_high_surrogate(long unit) { return unit >= 0xD800 && unit <= 0xDBFF; }
bool is_low_surrogate(long unit) { return unit >= 0xDC00 && unit <= 0xDFFF; }

// A copy of `text` with each lone-surrogate escape rewritten as "\uFFFD", or
// nullopt when there is none (the common case, which then costs one scan and
// no allocation). The replacement has the same length as the escape, so byte
// offsets in parse errors still point into the caller's text.
std::optional<std::string> replace_lone_surrogate_escapes(std::string_view text) {
  static constexpr char kReplacement[] = "\\uFFFD";
  static constexpr std::size_t kEscapeLength = 6;  // \uXXXX
  std::optional<std::string> repaired;
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (text[pos] != '\\') {
      ++pos;
      continue;
    }
    // Any escape other than \u is two characters ("\\" included, so the "u"
    // of a literal backslash followed by 'u' is never mistaken for an escape).
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
      const bool paired = text.size() - next >= kEscapeLength && text[next] == '\\' &&
                          text[next + 1] == 'u' && is_low_surrogate(hex4(text, next + 2));
      if (paired) {
        pos = next + kEscapeLength;
        continue;
      }
    } else if (!is_low_surrogate(unit)) {
      pos += kEscapeLength;
      continue;
    }
    if (!repaired) repaired.emplace(text);
    std::memcpy(repaired->data() + pos, kReplacement, kEscapeLength);
    pos += kEscapeLength;
  }
  return repaired;
}

// Reports where the parser gave up. The DOM parser behind parse() does not
// expose the position, so on failure the text is parsed a second time with
// this handler, which only listens for the error. It never throws: the SAX
// parser hands the exception object to parse_error() instead.
class ErrorLocator final : public Json::json_sax_t {
 public:
  std::size_t offset = 0;

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
  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const Json::exception& /*error*/) override {
    offset = position;
    return false;
  }
};

}  // namespace

namespace {

struct Prescan {
  std::size_t depth = 0;        // deepest nesting, or the first depth over the limit
  bool unicode_escape = false;  // a "\\u" escape inside a string: surrogates possible
};

// One pass over the text before nlohmann sees it: the nesting depth, and
// whether the lone-surrogate repair can be skipped (the usual case: peers
// send non-ASCII text as raw UTF-8, and escape only control characters).
Prescan prescan(std::string_view text, std::size_t limit) {
  Prescan result;
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
        if (c == 'u') result.unicode_escape = true;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        ++depth;
        if (depth > result.depth) {
          result.depth = depth;
          if (result.depth > limit) return result;
        }
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return result;
}

}  // namespace

std::size_t nesting_depth(std::string_view text, std::size_t limit) { return prescan(text, limit).depth; }

PreparedText prepare(std::string_view text, std::size_t max_depth) {
  PreparedText prepared;
  const Prescan scan = prescan(text, max_depth);
  if (scan.depth > max_depth) {
    prepared.too_deep = true;
    return prepared;
  }
  if (scan.unicode_escape) prepared.repaired = replace_lone_surrogate_escapes(text);
  return prepared;
}

namespace {

// nlohmann reports how many characters it read, the offending one (or the
// end of input) included; the offset is that of the offending byte.
std::size_t error_offset(std::size_t position, std::string_view text) {
  const std::size_t offset = position > 0 ? position - 1 : 0;
  return offset < text.size() ? offset : text.size();
}

// Keeps nothing: sax_parse() as a validator.
class Validator final : public SaxHandler {
 public:
  bool null() override { return true; }
  bool boolean(bool /*value*/) override { return true; }
  bool number_integer(number_integer_t /*value*/) override { return true; }
  bool number_unsigned(number_unsigned_t /*value*/) override { return true; }
  bool number_float(number_float_t /*value*/, const string_t& /*text*/) override { return true; }
  bool string(string_t& /*value*/) override { return true; }
  bool start_object(std::size_t /*elements*/) override { return true; }
  bool key(string_t& /*value*/) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t /*elements*/) override { return true; }
  bool end_array() override { return true; }
};

}  // namespace

ParseOutcome parse(std::string_view text, std::size_t max_depth) {
  const PreparedText prepared = prepare(text, max_depth);
  if (prepared.too_deep) return {std::nullopt, ParseFailure::kTooDeep, 0};
  const std::string_view input = prepared.input(text);
  Json value = Json::parse(input, /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    ErrorLocator locator;
    static_cast<void>(Json::sax_parse(input, &locator));
    return {std::nullopt, ParseFailure::kSyntax, error_offset(locator.offset, text)};
  }
  return {std::move(value), ParseFailure::kSyntax, 0};
}

SaxOutcome sax_parse(std::string_view text, SaxHandler& handler, std::size_t max_depth) {
  // The fast reader reads what nlohmann reads (json_sax_reader.h); only a
  // refusal, which is rare and must say where, goes to nlohmann.
  switch (read_sax(text, handler, max_depth)) {
    case SaxReadResult::kAccepted:
      return {true, ParseFailure::kSyntax, 0};
    case SaxReadResult::kStoppedByHandler:
      return {false, ParseFailure::kSyntax, error_offset(handler.error_position(), text)};
    case SaxReadResult::kRefused:
      break;
  }
  const PreparedText prepared = prepare(text, max_depth);
  if (prepared.too_deep) return {false, ParseFailure::kTooDeep, 0};
  ErrorLocator locator;
  // Strict (the whole text is one value) and without comments, as parse().
  if (Json::sax_parse(prepared.input(text), &locator)) {
    // nlohmann accepts what the fast reader refused: a bug in the reader,
    // which the fuzz targets look for. Refusing is the safe answer.
    return {false, ParseFailure::kSyntax, 0};
  }
  return {false, ParseFailure::kSyntax, error_offset(locator.offset, text)};
}

SaxOutcome validate(std::string_view text, std::size_t max_depth) {
  Validator validator;
  return sax_parse(text, validator, max_depth);
}

std::string dump(const Json& value) {
  return value.dump(-1, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace);
}

const Json* find(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::optional<std::string> get_string(const Json& object, std::string_view key) {
  const Json* field = find(object, key);
  if (field == nullptr || !field->is_string()) return std::nullopt;
  return field->get_ref<const std::string&>();
}

std::optional<std::int64_t> get_int(const Json& object, std::string_view key) {
  const Json* field = find(object, key);
  if (field == nullptr) return std::nullopt;
  if (field->is_number_integer()) {
    if (field->is_number_unsigned() && field->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
      return std::nullopt;
    }
    return field->get<std::int64_t>();
  }
  return std::nullopt;
}

}  // namespace chatwire::json_util
