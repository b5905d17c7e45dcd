#include "api/config_fields.h"

#include <algorithm>
#include <cmath>

namespace chatwire::api {
namespace {

/// "12", "-3", "4294967295": whole numbers in messages, without "e+09".
std::string whole_text(double value) {
  if (value < 0) return "-" + std::to_string(static_cast<std::uint64_t>(-value));
  return std::to_string(static_cast<std::uint64_t>(value));
}

}  // namespace

std::string ObjectFields::path_of(std::string_view key) const {
  if (path_.empty()) return std::string(key);
  std::string path = path_;
  path += '.';
  path += key;
  return path;
}

const Json* ObjectFields::find(std::string_view key) const { return json_util::find(object_, key); }

void ObjectFields::refuse_unknown(std::initializer_list<std::string_view> known) const {
  for (auto it = object_.begin(); it != object_.end(); ++it) {
    const std::string& key = it.key();
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    std::string list;
    for (std::string_view name : known) {
      if (!list.empty()) list += ", ";
      list += name;
    }
    fail(key, "is not a known setting here (misspelt?); known: " + list);
    return;
  }
}

void ObjectFields::boolean(std::string_view key, bool& out) const {
  const Json* value = find(key);
  if (value == nullptr) return;
  if (!value->is_boolean()) return fail(key, "must be true or false");
  out = value->get<bool>();
}

void ObjectFields::string(std::string_view key, std::string& out) const {
  const Json* value = find(key);
  if (value == nullptr) return;
  if (!value->is_string()) return fail(key, "must be a string");
  out = value->get<std::string>();
}

void ObjectFields::number(std::string_view key, double& out) const {
  const Json* value = find(key);
  if (value == nullptr) return;
  if (!value->is_number()) return fail(key, "must be a number");
  const double number = value->get<double>();
  if (!std::isfinite(number)) return fail(key, "must be a finite number");
  out = number;
}

std::optional<double> ObjectFields::whole_number(std::string_view key, double low, double high) const {
  const Json* value = find(key);
  if (value == nullptr) return std::nullopt;
  low = std::max(low, -kMaxSafeInteger);
  high = std::min(high, kMaxSafeInteger);
  const auto refuse = [&] {
    fail(key, "must be a whole number from " + whole_text(low) + " to " + whole_text(high));
    return std::optional<double>();
  };
  // Integers are checked as integers: converting a 64-bit one to double
  // first could round an out-of-range value into range.
  double number = 0;
  if (value->is_number_unsigned()) {
    const auto n = value->get<std::uint64_t>();
    if (n > static_cast<std::uint64_t>(kMaxSafeInteger)) return refuse();
    number = static_cast<double>(n);
  } else if (value->is_number_integer()) {
    const auto n = value->get<std::int64_t>();
    const auto limit = static_cast<std::int64_t>(kMaxSafeInteger);
    if (n < -limit || n > limit) return refuse();
    number = static_cast<double>(n);
  } else if (value->is_number_float()) {
    number = value->get<double>();
    if (!std::isfinite(number) || std::trunc(number) != number) return refuse();
  } else {
    return refuse();
  }
  if (number < low || number > high) return refuse();
  return number;
}

std::optional<ObjectFields> ObjectFields::object(std::string_view key) const {
  const Json* value = find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_object()) {
    fail(key, "must be an object");
    return std::nullopt;
  }
  return ObjectFields(*value, path_of(key), errors_);
}

const Json* ObjectFields::required(std::string_view key, std::string_view what) const {
  const Json* value = find(key);
  if (value == nullptr) fail(key, "is required: " + std::string(what));
  return value;
}

void ObjectFields::fail(std::string_view key, std::string message) const {
  errors_.add(path_of(key), std::move(message));
}

}  // namespace chatwire::api
