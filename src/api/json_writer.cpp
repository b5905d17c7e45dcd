#include "api/json_writer.h"

#include <charconv>
#include <utility>

#include "util/json_escape.h"

namespace chatwire::api {

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_ += '{';
  needs_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  out_ += '}';
  needs_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  out_ += '[';
  needs_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  out_ += ']';
  needs_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  before_value();
  out_ += '"';
  out_ += name;
  out_ += "\":";
  needs_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view text) {
  before_value();
  append_escaped(text);
  return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
  before_value();
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  before_value();
  out_ += json;
  return *this;
}

JsonWriter& JsonWriter::string_or_null(std::string_view name, std::string_view text) {
  key(name);
  return text.empty() ? null() : string(text);
}

std::string JsonWriter::take() {
  needs_comma_ = false;
  return std::exchange(out_, std::string());
}

void JsonWriter::before_value() {
  if (needs_comma_) out_ += ',';
  needs_comma_ = true;
}

void JsonWriter::append_signed(std::int64_t value) {
  char digits[24];
  out_.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
}

void JsonWriter::append_unsigned(std::uint64_t value) {
  char digits[24];
  out_.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
}

void JsonWriter::append_escaped(std::string_view text) { json_util::append_json_string(out_, text); }

}  // namespace chatwire::api
