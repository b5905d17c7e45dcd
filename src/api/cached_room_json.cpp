#include "api/cached_room_json.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "api/snapshot_json.h"

namespace chatwire::api {
namespace {

/// What changes made of a message, as write_message() wrote it: optional
/// fields, each absent on a message never changed.
bool read_changes(FieldReader& fields, chat::Message& message) {
  std::optional<std::int64_t> edited_at;
  if (!fields.optional_integer("editedAt", edited_at)) return false;
  message.edited_at_ms = edited_at.value_or(0);
  if (fields.find("deleted") != nullptr && !fields.boolean("deleted", message.deleted)) return false;
  if (const json_util::Json* reactions = fields.find("reactions")) {
    if (!reactions->is_array()) return fields.fail("'reactions' is not an array");
    for (const json_util::Json& value : *reactions) {
      FieldReader item(value);
      chat::Reaction reaction;
      std::int64_t count = 0;
      if (!item.is_object() || !item.string("emoji", reaction.emoji) || !item.integer("count", count) ||
          !item.boolean("mine", reaction.mine) || count < 1 || count > UINT32_MAX) {
        return fields.fail("a reaction: " + (item.why().empty() ? std::string("its count is out of range") : item.why()));
      }
      reaction.count = static_cast<std::uint32_t>(count);
      message.reactions.push_back(std::move(reaction));
    }
  }
  if (const json_util::Json* reply = fields.find("replyTo")) {
    FieldReader parent(*reply);
    chat::ReplyTo to;
    const json_util::Json* author = parent.is_object() ? parent.find("author") : nullptr;
    FieldReader by(author != nullptr ? *author : *reply);
    if (author == nullptr || !parent.string("id", to.id) || !parent.string("excerpt", to.excerpt) ||
        !parent.boolean("deleted", to.deleted) || !by.is_object() || !by.string("id", to.author.id) ||
        !by.string("name", to.author.name)) {
      return fields.fail("'replyTo' is not a reply (" + (parent.why().empty() ? by.why() : parent.why()) + ")");
    }
    message.reply_to = chat::ReplyRef(std::move(to));
  }
  return true;
}

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
  if (!read_changes(fields, message)) return std::nullopt;
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
