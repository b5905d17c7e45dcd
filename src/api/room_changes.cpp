#include "api/room_changes.h"

#include "api/snapshot_json.h"

namespace chatwire::api {
namespace {

void write_message_edits(JsonWriter& out, const chat::Room& room, const chat::ListChanges& changes) {
  const chat::MessageStore& messages = room.shown_messages();
  out.begin_object();
  if (changes.reset) out.boolean("reset", true);
  if (!changes.removed.empty()) {
    out.key("removed").begin_array();
    for (const std::string& key : changes.removed) out.string(key);
    out.end_array();
  }
  if (!changes.upserts.empty()) {
    out.key("upserts").begin_array();
    for (const std::size_t index : changes.upserts) {
      const chat::Message& message = messages.at(index);
      out.begin_array().number(index).string(chat::message_key(message, messages.key_at(index)));
      write_message(out, message, room.read_by(index));
      out.end_array();
    }
    out.end_array();
  }
  out.end_object();
}

}  // namespace

void write_room_change(JsonWriter& out, Client& client, const chat::RoomId& id, std::uint32_t what) {
  out.begin_object().string("id", id);
  const chat::Room* room = client.chat().room(id);
  if (room == nullptr) {
    out.boolean("gone", true).end_object();
    return;
  }
  out.number("version", room->version());
  if ((what & chat::kChangeMessages) != 0) {
    const chat::ListChanges changes = client.take_message_changes(id);
    if (!changes.empty()) write_message_edits(out.key("messages"), *room, changes);
  }
  if ((what & chat::kChangeTyping) != 0) {
    out.key("typingUsers").begin_array();
    for (const chat::User& user : room->typing_users()) write_user(out, user);
    out.end_array();
  }
  if ((what & chat::kChangeUnread) != 0) {
    out.number("unreadCount", room->unread_count()).string_or_null("firstUnreadId", room->first_unread_id());
  }
  if ((what & chat::kChangeMembers) != 0) {
    out.key("members").begin_array();
    for (const chat::Member& member : room->members()) {
      out.begin_object().key("user");
      write_user(out, member.user);
      out.boolean("online", member.online).end_object();
    }
    out.end_array();
  }
  if ((what & chat::kChangeState) != 0) {
    out.string("state", chat::to_string(room->state()))
        .boolean("hasMore", room->has_more())
        .boolean("active", room->active())
        .boolean("loadingOlder", room->loading_older())
        .boolean("detached", room->detached())
        .boolean("hasNewer", room->has_newer())
        .boolean("loadingNewer", room->loading_newer());
  }
  out.end_object();
}

}  // namespace chatwire::api
