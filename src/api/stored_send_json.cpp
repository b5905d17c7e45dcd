#include "api/stored_send_json.h"

#include <cstdint>
#include <optional>
#include <utility>

#include "util/json.h"

namespace chatwire::api {
namespace {

using json_util::Json;

/// A record, or why it is not one.
std::optional<chat::StoredSend> read_record(const Json& value, std::string& why) {
  if (!value.is_object()) {
    why = "not an object";
    return std::nullopt;
  }
  const auto field = [&](const char* name) -> const Json* {
    const auto it = value.find(name);
    return it == value.end() ? nullptr : &*it;
  };
  const Json* schema = field("schema");
  if (schema == nullptr || !schema->is_number_integer() || schema->get<std::int64_t>() != chat::StoredSend::kSchema) {
    why = "schema is not " + std::to_string(chat::StoredSend::kSchema);
    return std::nullopt;
  }
  chat::StoredSend record;
  const auto text_field = [&](const char* name, std::string& out, bool required) {
    const Json* found = field(name);
    if (found == nullptr && !required) return true;
    if (found == nullptr || !found->is_string()) {
      why = std::string("'") + name + "' is not a string";
      return false;
    }
    out = found->get<std::string>();
    return true;
  };
  if (!text_field("clientId", record.client_id, true) || !text_field("room", record.room, true) ||
      !text_field("text", record.text, true) || !text_field("failure", record.failure, false)) {
    return std::nullopt;
  }
  const Json* created = field("createdAtMs");
  if (created == nullptr || !created->is_number_integer()) {
    why = "'createdAtMs' is not a whole number";
    return std::nullopt;
  }
  record.created_at_ms = created->get<std::int64_t>();
  const Json* handed_over = field("handedOver");
  if (handed_over == nullptr || !handed_over->is_boolean()) {
    why = "'handedOver' is not a boolean";
    return std::nullopt;
  }
  record.handed_over = handed_over->get<bool>();
  return record;
}

}  // namespace

void write_stored_send(JsonWriter& out, const chat::StoredSend& record) {
  out.begin_object()
      .number("schema", chat::StoredSend::kSchema)
      .string("clientId", record.client_id)
      .string("room", record.room)
      .string("text", record.text)
      .number("createdAtMs", record.created_at_ms)
      .boolean("handedOver", record.handed_over);
  if (!record.failure.empty()) out.string("failure", record.failure);
  out.end_object();
}

StoredSendsRead read_stored_sends(std::string_view json) {
  StoredSendsRead read;
  json_util::ParseOutcome parsed = json_util::parse(json);
  if (!parsed.value) {
    read.error = "the records are not valid JSON";
    return read;
  }
  if (!parsed.value->is_array()) {
    read.error = "the records are not a JSON array";
    return read;
  }
  std::size_t index = 0;
  for (const Json& value : *parsed.value) {
    std::string why;
    if (std::optional<chat::StoredSend> record = read_record(value, why)) {
      read.records.push_back(std::move(*record));
    } else {
      read.skipped.push_back("record " + std::to_string(index) + ": " + why);
    }
    ++index;
  }
  return read;
}

}  // namespace chatwire::api
