#include "api/snapshot_json.h"

namespace chatwire::api {
namespace {

const char* to_string(chat::Confirmation confirmation) {
  switch (confirmation) {
    case chat::Confirmation::kAck:
      return "ack";
    case chat::Confirmation::kEvent:
      return "event";
    case chat::Confirmation::kNone:
      return "none";
  }
  return "none";
}

}  // namespace

void write_user(JsonWriter& out, const chat::User& user) {
  out.begin_object().string("id", user.id).string("name", user.name).end_object();
}

void write_message(JsonWriter& out, const chat::Message& message, const std::vector<std::string>& read_by) {
  // Empty ids are absent ones: pending messages have no server id yet, and
  // messages from others carry no client id.
  out.begin_object()
      .string_or_null("id", message.id)
      .string_or_null("clientId", message.client_id)
      .key("author");
  write_user(out, message.author);
  out.string("text", message.text)
      .number("createdAt", message.created_at_ms)
      .string("status", chat::to_string(message.status));
  if (message.seq) out.number("seq", *message.seq);
  if (message.status == chat::MessageStatus::kFailed) out.string("failure", message.failure);
  if (message.cached) out.boolean("cached", true);
  if (message.edited_at_ms != 0) out.boolean("edited", true).number("editedAt", message.edited_at_ms);
  if (message.deleted) out.boolean("deleted", true);
  if (!message.reactions.empty()) {
    out.key("reactions").begin_array();
    for (const chat::Reaction& reaction : message.reactions) {
      out.begin_object()
          .string("emoji", reaction.emoji)
          .number("count", reaction.count)
          .boolean("mine", reaction.mine)
          .end_object();
    }
    out.end_array();
  }
  if (message.reply_to) {
    const chat::ReplyTo& reply = *message.reply_to;
    out.key("replyTo").begin_object().string("id", reply.id).key("author");
    write_user(out, reply.author);
    out.string("excerpt", reply.excerpt).boolean("deleted", reply.deleted).end_object();
  }
  if (message.pending_ops != 0) out.number("pendingOps", message.pending_ops);
  if (!read_by.empty()) {
    out.key("readBy").begin_array();
    for (const std::string& user : read_by) out.string(user);
    out.end_array();
  }
  out.end_object();
}

void write_capabilities(JsonWriter& out, const chat::Capabilities& capabilities) {
  out.begin_object().key("operations").begin_array();
  for (std::size_t i = 0; i < chat::kOperationCount; ++i) {
    const auto op = static_cast<chat::Operation>(i);
    if (capabilities.has(op)) out.string(chat::to_string(op));
  }
  out.end_array()
      .string("joinConfirmation", to_string(capabilities.join_confirmation))
      .string("sendConfirmation", to_string(capabilities.send_confirmation))
      .boolean("idempotentSend", capabilities.idempotent_send)
      .number("typingExpiresMs", capabilities.typing_expires_ms)
      .boolean("historySince", capabilities.history_since)
      .boolean("historyBefore", capabilities.history_before)
      .boolean("historyAround", capabilities.history_around)
      .boolean("historyAfterJoin", capabilities.history_after_join)
      .boolean("readReceiptPerMessage", capabilities.read_receipt_per_message)
      .boolean("hasSeq", capabilities.has_seq)
      .boolean("identifiesUsersByName", capabilities.identifies_users_by_name)
      .boolean("reportsMembers", capabilities.reports_members)
      .boolean("roomImpliedByLastJoin", capabilities.room_implied_by_last_join)
      .boolean("replies", capabilities.replies)
      .boolean("changesSince", capabilities.changes_since)
      .end_object();
}

void write_stats(JsonWriter& out, std::uint64_t unknown_events, std::uint64_t malformed_events) {
  out.begin_object()
      .number("unknownEvents", unknown_events)
      .number("malformedEvents", malformed_events)
      .end_object();
}

}  // namespace chatwire::api
