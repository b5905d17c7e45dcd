// ChatModel: who is there and who is typing. The user's typing (announced
// through each room's TypingSender), others' typing, members and their
// online state, and members learned from the authors of messages where the
// backend reports none.
#include <string>
#include <utility>

#include "chat/chat_model.h"

namespace chatwire::chat {
namespace {

constexpr std::size_t kMaxPresenceEntries = 4096;

}  // namespace

// ---- the user's typing --------------------------------------------------------

void ChatModel::typing(std::int64_t now_ms, const RoomId& id) {
  Room* room = find(id);
  if (room == nullptr || room->state_ != RoomState::kJoined || !connected_) return;
  apply_typing_output(*room, room->typing_out_.keystroke(now_ms));
}

void ChatModel::stop_typing(std::int64_t now_ms, const RoomId& id) {
  Room* room = find(id);
  if (room == nullptr || !connected_) return;
  apply_typing_output(*room, room->typing_out_.stop(now_ms));
}

void ChatModel::apply_typing_output(Room& room, TypingOutput output) {
  if (output == TypingOutput::kNone || !connected_) return;
  const Operation op = output == TypingOutput::kSendStart ? Operation::kTypingStart : Operation::kTypingStop;
  if (!config_.capabilities.has(op)) return;
  make_current(room);
  requests_.issue(op, room.id_);
}

// ---- others -------------------------------------------------------------------

void ChatModel::on_typing(std::int64_t now_ms, const TypingSignal& signal) {
  Room* room = signal.room ? resolve(signal.room) : resolve_for_user(signal.user);
  if (room == nullptr || is_self(signal.user)) return;  // the user's own typing never shows
  User user = signal.user;
  if (user.name.empty()) {
    // Backends that send only ids (nest-conversations): name them from the roster.
    if (auto known = room->roster_.find(user_key(user))) user.name = known->name;
  }
  if (room->typing_in_.on_typing(now_ms, user, signal.typing, signal.ttl_ms)) {
    touch(*room, kChangeTyping);
  }
}

Result<bool, CommandError> ChatModel::refresh_members(std::int64_t now_ms, const RoomId& id) {
  (void)now_ms;
  Room* room = find(id);
  if (room == nullptr || room->state_ != RoomState::kJoined || !connected_) return Failure{CommandError::kNotJoined};
  if (!config_.capabilities.has(Operation::kMembers)) return Failure{CommandError::kUnsupported};
  requests_.issue(Operation::kMembers, id);
  return true;
}

void ChatModel::on_member_change(const std::optional<RoomId>& named, const User& user, bool joined,
                                 const std::optional<std::vector<Member>>& members) {
  Room* room = resolve(named);
  if (room == nullptr) return;
  bool changed = false;
  if (members) {
    changed = room->roster_.replace(*members);
  } else if (joined) {
    changed = room->roster_.upsert(Member{user, true});
  } else if (!is_self(user)) {
    changed = room->roster_.remove(user_key(user));
  }
  if (!joined && !is_self(user) && room->typing_in_.clear(user_key(user))) touch(*room, kChangeTyping);
  if (changed) touch(*room, kChangeMembers);
}

void ChatModel::on_presence(const PresenceSignal& signal) {
  const std::string key = user_key(signal.user);
  if (is_self(signal.user)) return;
  if (presence_.size() < kMaxPresenceEntries || presence_.count(key) != 0) presence_[key] = signal.online;
  for (auto& [id, room] : rooms_) {
    if (room->roster_.set_online(key, signal.online)) touch(*room, kChangeMembers);
    if (!signal.online && room->typing_in_.clear(key)) touch(*room, kChangeTyping);
  }
}

void ChatModel::learn_author(Room& room, const User& author, bool online) {
  if (config_.capabilities.reports_members || is_self(author)) return;
  const std::string key = user_key(author);
  if (room.roster_.contains(key)) return;
  if (auto known = presence_.find(key); known != presence_.end()) online = known->second;
  if (room.roster_.upsert(Member{author, online})) touch(room, kChangeMembers);
}

}  // namespace chatwire::chat
