// NativeBackend: edits, deletes and reactions, and the catch-up after a
// rejoin (docs/protocol.md, "Edits, deletes, reactions and replies"), as
// the reference server answers them: checks in the documented order, a
// repeated opId answered with the message's current state and nothing
// applied again, message_updated to the room after every change that
// bumped the version.
#include <algorithm>

#include "support/native_backend.h"

namespace chatwire::testing {
namespace {

using chat::Message;

constexpr std::size_t kChangesPage = 100;

Json ok_with(const Message& message) { return Json{{"ok", true}, {"message", to_json(message)}}; }

Json refusal(const std::string& code, const std::string& message) {
  return Json{{"ok", false}, {"error", {{"code", code}, {"message", message}}}};
}

/// The messages of `messages` with rev > `after_rev` (and seq <= `max_seq`),
/// oldest change first, at most `limit`; whether more remain.
std::pair<Json, bool> changes_after(const std::vector<Message>& messages, std::int64_t after_rev, std::int64_t max_seq,
                                    std::size_t limit) {
  std::vector<const Message*> changed;
  for (const Message& message : messages) {
    if (message.rev > after_rev && message.seq.value_or(0) <= max_seq) changed.push_back(&message);
  }
  std::sort(changed.begin(), changed.end(), [](const Message* a, const Message* b) { return a->rev < b->rev; });
  Json out = Json::array();
  for (std::size_t i = 0; i < changed.size() && i < limit; ++i) out.push_back(to_json(*changed[i]));
  return {std::move(out), changed.size() > limit};
}

}  // namespace

void NativeBackend::changed(Room& room, Message& message) {
  ++message.version;
  message.rev = ++room.rev;
  refresh_replies(room, message);
}

void NativeBackend::refresh_replies(Room& room, const Message& parent) {
  // A reply's preview is made from its parent as it is whenever the reply is
  // sent (docs/protocol.md, "Replies"); a stored one kept up to date is that.
  // Not a change of the reply: no version, no rev, no message_updated.
  for (Message& reply : room.messages) {
    if (reply.reply_to && reply.reply_to->id == parent.id) reply.reply_to = reply_preview(parent);
  }
}

NativeBackend::Reply NativeBackend::handle_change(const std::string& name, const Json& payload) {
  const auto room_id = json_util::get_string(payload, "room");
  const auto id = json_util::get_string(payload, "id");
  const auto op_id = json_util::get_string(payload, "opId");
  const auto text = json_util::get_string(payload, "text");
  const auto emoji = json_util::get_string(payload, "emoji");
  const Json* on = json_util::find(payload, "on");
  const bool shaped = room_id && !room_id->empty() && id && op_id && !op_id->empty() && op_id->size() <= 64 &&
                      (name != "edit" || text) && (name != "react" || (emoji && on != nullptr && on->is_boolean()));
  if (!shaped) return {refusal("bad_request", name + " needs room, id, opId and its fields"), std::nullopt};
  // The repeat lookup comes before everything else but the shape.
  if (auto done = by_op_id_.find({me_.id, *op_id}); done != by_op_id_.end()) {
    ++duplicate_ops;
    return {ok_with(rooms_.at(done->second.first).messages[done->second.second]), std::nullopt};
  }
  if (!room_exists(*room_id)) return {refusal("not_found", "no such room"), std::nullopt};
  if (!joined_.contains(*room_id)) return {refusal("not_member", "room not joined on this connection"), std::nullopt};
  Room& room = rooms_[*room_id];
  const auto found = std::find_if(room.messages.begin(), room.messages.end(), [&](const Message& m) { return m.id == *id; });
  if (found == room.messages.end()) return {refusal("message_not_found", "no such message"), std::nullopt};
  Message& message = *found;
  const std::size_t index = static_cast<std::size_t>(found - room.messages.begin());
  if (message.deleted && name != "delete") return {refusal("gone", "the message is deleted"), std::nullopt};
  if (name != "react" && message.author.id != me_.id) return {refusal("unauthorized", "not the author"), std::nullopt};

  bool bumped = false;
  if (name == "edit") {
    if (text->find_first_not_of(" \t\n") == std::string::npos) return {refusal("empty", "text is empty"), std::nullopt};
    message.text = *text;
    message.edited_at_ms = now();
    bumped = true;
  } else if (name == "delete") {
    if (!message.deleted) {
      message.deleted = true;
      message.text.clear();
      message.reactions.clear();
      message.reply_to = chat::ReplyRef();
      bumped = true;
    }
  } else {
    auto reaction = std::find_if(message.reactions.begin(), message.reactions.end(),
                                 [&](const chat::Reaction& r) { return r.emoji == *emoji; });
    const bool set = reaction != message.reactions.end() &&
                     std::find(reaction->users.begin(), reaction->users.end(), me_.id) != reaction->users.end();
    if (on->get<bool>() && !set) {
      if (reaction == message.reactions.end()) {
        chat::Reaction added;
        added.emoji = *emoji;
        reaction = message.reactions.insert(reaction, std::move(added));
      }
      reaction->users.push_back(me_.id);
      bumped = true;
    } else if (!on->get<bool>() && set) {
      std::erase(reaction->users, me_.id);
      if (reaction->users.empty()) message.reactions.erase(reaction);
      bumped = true;
    }
  }
  by_op_id_[{me_.id, *op_id}] = {*room_id, index};
  if (!bumped) return {ok_with(message), std::nullopt};  // a no-op success: no version, no broadcast
  changed(room, message);
  return {ok_with(message), message, true};
}

NativeBackend::Reply NativeBackend::handle_changes(const Json& payload) {
  const auto room_id = json_util::get_string(payload, "room");
  const auto after_rev = json_util::get_int(payload, "afterRev");
  const auto limit = json_util::get_int(payload, "limit");
  if (!room_id || room_id->empty() || !after_rev || *after_rev < 0 || (limit && (*limit < 1 || *limit > 100))) {
    return {refusal("bad_request", "changes needs room and afterRev >= 0, limit 1-100"), std::nullopt};
  }
  if (!joined_.contains(*room_id)) return {refusal("not_member", "room not joined on this connection"), std::nullopt};
  const Room& room = rooms_[*room_id];
  auto [messages, more] = changes_after(room.messages, *after_rev, INT64_MAX,
                                        limit ? static_cast<std::size_t>(*limit) : kChangesPage);
  return {Json{{"ok", true}, {"messages", std::move(messages)}, {"hasMore", more}, {"rev", room.rev}}, std::nullopt};
}

void NativeBackend::add_join_changes(const Room& room, const Json& payload, Json& ack) const {
  const auto since = json_util::get_int(payload, "since");
  const auto since_rev = json_util::get_int(payload, "sinceRev");
  if (!since || !since_rev) return;
  auto [changes, more] = changes_after(room.messages, *since_rev, *since, kChangesPage);
  ack["changes"] = std::move(changes);
  ack["changesMore"] = more;
}

Message NativeBackend::change(const chat::RoomId& room_id, const std::string& id,
                              const std::function<void(Message&)>& change, bool away) {
  Room& room = rooms_[room_id];
  const auto found = std::find_if(room.messages.begin(), room.messages.end(), [&](const Message& m) { return m.id == id; });
  if (found == room.messages.end()) return {};
  change(*found);
  changed(room, *found);
  if (!away) push_to_room(room_id, "message_updated", to_json(*found));
  return *found;
}

}  // namespace chatwire::testing
