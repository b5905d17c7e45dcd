#include "api/record_reader.h"

namespace chatwire::api {

bool FieldReader::is_object() { return value_.is_object() || fail("not an object"); }

const json_util::Json* FieldReader::find(const char* name) const {
  const auto it = value_.find(name);
  return it == value_.end() ? nullptr : &*it;
}

bool FieldReader::schema(int schema) {
  const json_util::Json* found = find("schema");
  if (found != nullptr && found->is_number_integer() && found->get<std::int64_t>() == schema) return true;
  return fail("schema is not " + std::to_string(schema));
}

bool FieldReader::string(const char* name, std::string& out, bool required) {
  const json_util::Json* found = find(name);
  if (found == nullptr && !required) return true;
  if (found == nullptr || !found->is_string()) return fail(std::string("'") + name + "' is not a string");
  out = found->get<std::string>();
  return true;
}

bool FieldReader::string_or_null(const char* name, std::string& out) {
  const json_util::Json* found = find(name);
  if (found != nullptr && found->is_null()) {
    out.clear();
    return true;
  }
  return string(name, out, false);
}

bool FieldReader::integer(const char* name, std::int64_t& out) {
  const json_util::Json* found = find(name);
  if (found == nullptr || !found->is_number_integer()) return fail(std::string("'") + name + "' is not a whole number");
  out = found->get<std::int64_t>();
  return true;
}

bool FieldReader::optional_integer(const char* name, std::optional<std::int64_t>& out) {
  const json_util::Json* found = find(name);
  if (found == nullptr || found->is_null()) {
    out.reset();
    return true;
  }
  std::int64_t value = 0;
  if (!integer(name, value)) return false;
  out = value;
  return true;
}

bool FieldReader::boolean(const char* name, bool& out) {
  const json_util::Json* found = find(name);
  if (found == nullptr || !found->is_boolean()) return fail(std::string("'") + name + "' is not a boolean");
  out = found->get<bool>();
  return true;
}

}  // namespace chatwire::api
