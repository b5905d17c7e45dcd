#include "util/json.h"

#include <charconv>
#include <cmath>

#include "util/json_depth.h"
#include "util/json_escape.h"
#include "util/json_sax_reader.h"
#include "util/json_tree_builder.h"

namespace chatwire::json_util {
namespace {

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

// dump()'s writer. Recursive: every tree in the core comes from parse()
// (nested at most kDefaultMaxDepth deep) or from code that builds a few
// levels, so the depth is bounded by the callers.
void write(std::string& out, const Json& value) {
  switch (value.type()) {
    case Json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, member] : value.get_ref<const Json::object_t&>()) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, key);
        out += ':';
        write(out, member);
      }
      out += '}';
      return;
    }
    case Json::value_t::array: {
      out += '[';
      bool first = true;
      for (const Json& element : value) {
        if (!first) out += ',';
        first = false;
        write(out, element);
      }
      out += ']';
      return;
    }
    case Json::value_t::string:
      append_json_string(out, value.get_ref<const std::string&>());
      return;
    case Json::value_t::boolean:
      out += value.get<bool>() ? "true" : "false";
      return;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: {
      char digits[24];
      const auto end = value.is_number_unsigned()
                           ? std::to_chars(digits, digits + sizeof digits, value.get<std::uint64_t>()).ptr
                           : std::to_chars(digits, digits + sizeof digits, value.get<std::int64_t>()).ptr;
      out.append(digits, end);
      return;
    }
    case Json::value_t::number_float: {
      const double number = value.get<double>();
      if (!std::isfinite(number)) {
        out += "null";  // as JSON.stringify and nlohmann write them
        return;
      }
      // nlohmann's own shortest round-trip formatting (Grisu2, no printf).
      char digits[64];
      out.append(digits, nlohmann::detail::to_chars(digits, digits + sizeof digits, number));
      return;
    }
    case Json::value_t::null:
    case Json::value_t::binary:     // never in a tree built from JSON text
    case Json::value_t::discarded:  // never kept by parse()
      out += "null";
      return;
  }
}

}  // namespace

ParseOutcome parse(std::string_view text, std::size_t max_depth) {
  TreeBuilder builder;
  const SaxOutcome outcome = sax_parse(text, builder, max_depth);
  if (!outcome.ok) return {std::nullopt, outcome.failure, outcome.error_offset};
  return {std::move(builder.root), ParseFailure::kSyntax, 0};
}

SaxOutcome sax_parse(std::string_view text, SaxHandler& handler, std::size_t max_depth) {
  const SaxRead read = read_sax(text, handler, max_depth);
  switch (read.result) {
    case SaxReadResult::kAccepted:
      return {true, ParseFailure::kSyntax, 0};
    case SaxReadResult::kStoppedByHandler:
      return {false, ParseFailure::kSyntax, read.error_offset};
    case SaxReadResult::kRefused:
      break;
  }
  // Too deep is decided on the whole text, brackets outside strings, so that
  // a hostile document is named for its depth wherever its first error is.
  if (nesting_depth(text, max_depth) > max_depth) return {false, ParseFailure::kTooDeep, 0};
  return {false, ParseFailure::kSyntax, read.error_offset};
}

SaxOutcome validate(std::string_view text, std::size_t max_depth) {
  Validator validator;
  return sax_parse(text, validator, max_depth);
}

std::string dump(const Json& value) {
  std::string out;
  write(out, value);
  return out;
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
