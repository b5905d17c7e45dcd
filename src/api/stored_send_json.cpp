#include "api/stored_send_json.h"

#include <optional>

#include "api/record_reader.h"

namespace chatwire::api {
namespace {

std::optional<chat::StoredSend> read_stored_send(FieldReader& fields) {
  chat::StoredSend record;
  if (!fields.schema(chat::StoredSend::kSchema) || !fields.string("clientId", record.client_id) ||
      !fields.string("room", record.room) || !fields.string("text", record.text) ||
      !fields.string("failure", record.failure, false) || !fields.string("replyTo", record.reply_to, false) ||
      !fields.integer("createdAtMs", record.created_at_ms) ||
      !fields.boolean("handedOver", record.handed_over)) {
    return std::nullopt;
  }
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
  if (!record.reply_to.empty()) out.string("replyTo", record.reply_to);
  out.end_object();
}

StoredSendsRead read_stored_sends(std::string_view json) {
  return read_records<chat::StoredSend>(json, read_stored_send);
}

}  // namespace chatwire::api
