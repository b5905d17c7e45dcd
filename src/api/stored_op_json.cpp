#include "api/stored_op_json.h"

#include <optional>

namespace chatwire::api {
namespace {

std::optional<chat::Operation> op_from_name(const std::string& name) {
  for (const chat::Operation op : {chat::Operation::kEdit, chat::Operation::kDelete, chat::Operation::kReact}) {
    if (name == chat::to_string(op)) return op;
  }
  return std::nullopt;
}

std::optional<chat::StoredOp> read_stored_op(FieldReader& fields) {
  chat::StoredOp record;
  std::string op;
  if (!fields.schema(chat::StoredOp::kSchema) || !fields.string("opId", record.op_id) ||
      !fields.string("room", record.room) || !fields.string("op", op) ||
      !fields.string("messageId", record.message_id, false) || !fields.string("clientId", record.client_id, false) ||
      !fields.string("text", record.text, false) || !fields.string("emoji", record.emoji, false) ||
      !fields.integer("createdAtMs", record.created_at_ms)) {
    return std::nullopt;
  }
  if (fields.find("on") != nullptr && !fields.boolean("on", record.on)) return std::nullopt;
  const std::optional<chat::Operation> kind = op_from_name(op);
  if (!kind) {
    fields.fail("'op' is not \"edit\", \"delete\" or \"react\"");
    return std::nullopt;
  }
  record.op = *kind;
  return record;
}

}  // namespace

void write_stored_op(JsonWriter& out, const chat::StoredOp& record) {
  out.begin_object()
      .number("schema", chat::StoredOp::kSchema)
      .string("opId", record.op_id)
      .string("room", record.room)
      .string("op", chat::to_string(record.op));
  if (!record.message_id.empty()) out.string("messageId", record.message_id);
  if (!record.client_id.empty()) out.string("clientId", record.client_id);
  if (record.op == chat::Operation::kEdit) out.string("text", record.text);
  if (record.op == chat::Operation::kReact) out.string("emoji", record.emoji).boolean("on", record.on);
  out.number("createdAtMs", record.created_at_ms).end_object();
}

RecordsRead<chat::StoredOp> read_stored_ops(std::string_view json) {
  return read_records<chat::StoredOp>(json, read_stored_op);
}

}  // namespace chatwire::api
