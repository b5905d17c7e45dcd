// The checks and message helpers every section loader shares (loader_checks.h).
#include "dialect/loader_checks.h"

#include <utility>

namespace chatwire::dialect::loader {

namespace {

// Event names socket.io reserves: a client cannot emit them and a server
// cannot send them as events.
constexpr std::string_view kReservedEvents[] = {"connect",       "connect_error", "disconnect",
                                                "disconnecting", "newListener",   "removeListener"};

}  // namespace

std::string join_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string quoted_list(std::initializer_list<std::string_view> names) {
  std::string out;
  for (const std::string_view name : names) {
    if (!out.empty()) out += ", ";
    out += "\"" + std::string(name) + "\"";
  }
  return out;
}

bool is_reserved_event(std::string_view event) {
  for (const std::string_view reserved : kReservedEvents) {
    if (reserved == event) return true;
  }
  return false;
}

bool DocumentChecks::fail(std::string field, std::string message) {
  if (!error_) error_ = DialectError{std::move(field), std::move(message)};
  return false;
}

bool DocumentChecks::only_keys(const Json& object, const std::string& path,
                               std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    for (const std::string_view name : allowed) known = known || name == key;
    if (!known)
      return fail(join_path(path, key), "unknown key (expected one of: " + quoted_list(allowed) + ")");
  }
  return true;
}

bool DocumentChecks::object_at(const Json* value, const std::string& path) {
  if (value != nullptr && value->is_object()) return true;
  return fail(path, value == nullptr ? "is required (an object)" : "must be an object");
}

std::optional<bool> DocumentChecks::optional_bool(const Json& object, const std::string& path,
                                                  std::string_view key) {
  const Json* value = json_util::find(object, key);
  if (value == nullptr) return false;
  if (!value->is_boolean()) {
    fail(join_path(path, key), "must be true or false");
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<std::size_t> DocumentChecks::choice(const Json& object, const std::string& path,
                                                  std::string_view key,
                                                  std::initializer_list<std::string_view> names,
                                                  std::size_t fallback) {
  const Json* value = json_util::find(object, key);
  if (value == nullptr) return fallback;
  std::size_t index = 0;
  for (const std::string_view name : names) {
    if (value->is_string() && value->get_ref<const std::string&>() == name) return index;
    ++index;
  }
  fail(join_path(path, key), "must be one of " + quoted_list(names));
  return std::nullopt;
}

bool DocumentChecks::comment(const Json& object, const std::string& path) {
  const Json* value = json_util::find(object, "comment");
  if (value == nullptr || value->is_string()) return true;
  if (value->is_array()) {
    for (const Json& line : *value) {
      if (!line.is_string())
        return fail(join_path(path, "comment"), "must be a string or an array of strings");
    }
    return true;
  }
  return fail(join_path(path, "comment"), "must be a string or an array of strings");
}

std::optional<FieldPath> DocumentChecks::path_at(const Json& value, const std::string& path) {
  if (!value.is_string()) {
    fail(path, "must be a field path (a string such as \"author.id\")");
    return std::nullopt;
  }
  std::optional<FieldPath> parsed = parse_field_path(value.get_ref<const std::string&>());
  if (!parsed) {
    fail(path, "is not a field path: segments separated by single dots, at most " +
                   std::to_string(kMaxPathSegments) + " of them and " + std::to_string(kMaxPathLength) +
                   " characters");
  }
  return parsed;
}

}  // namespace chatwire::dialect::loader
