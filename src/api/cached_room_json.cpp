#include "api/cached_room_json.h"

#include <optional>
#include <utility>

#include "api/snapshot_json.h"

namespace chatwire::api {
namespace {

std::optional<chat::Message> read_cached_message(FieldReader& fields) {
  chat::Message message;
  if (!fields.is_object() || !fields.string_or_null("id", message.id) ||
      !fields.string_or_null("clientId", message.client_id) || !fields.string("text", message.text) ||
      !fields.integer("createdAt", message.created_at_ms) || !fields.optional_integer("seq", message.seq)) {
    return std::nullopt;
  }
  const json_util::Json* author = fields.find("author");
  if (author == nullptr) {
    fields.fail("'author' is missing");
    return std::nullopt;
  }
  FieldReader user(*author);
  if (!user.is_object() || !user.string("id", message.author.id) || !user.string("name", message.author.name)) {
    fields.fail("author: " + user.why());
    return std::nullopt;
  }
  return message;
}

std::optional<chat::CachedRoom> read_cached_room(FieldReader& fields) {
  chat::CachedRoom record;
  if (!fields.schema(chat::CachedRoom::kSchema) || !fields.string("room", record.room)) return std::nullopt;
  const json_util::Json* messages = fields.find("messages");
  if (messages == nullptr || !messages->is_array()) {
    fields.fail("'messages' is not an array");
    return std::nullopt;
  }
  record.messages.reserve(messages->size());
  for (const json_util::Json& value : *messages) {
    FieldReader message_fields(value);
    std::optional<chat::Message> message = read_cached_message(message_fields);
    if (!message) {
      fields.fail("message " + std::to_string(record.messages.size()) + ": " + message_fields.why());
      return std::nullopt;
    }
    record.messages.push_back(std::move(*message));
  }
  return record;
}

}  // namespace

void write_cached_room(JsonWriter& out, const chat::CachedRoom& record) {
  out.begin_object().number("schema", chat::CachedRoom::kSchema).string("room", record.room).key("messages");
  out.begin_array();
  for (const chat::Message& message : record.messages) write_message(out, message);
  out.end_array().end_object();
}

CachedRoomsRead read_cached_rooms(std::string_view json) {
  return read_records<chat::CachedRoom>(json, read_cached_room);
}

}  // namespace chatwire::api
