// ChatModel: messages from the server, live or in pages, or kept by the device
// from before a restart (restore_history). A message may be
// the echo of one of the user's sends (then it confirms that send), or
// someone else's (then it may be unread, and it tells who is around).
#include <utility>
#include <vector>

#include "chat/chat_model.h"

namespace chatwire::chat {
namespace {

/// Seqs and times within what JSON carries exactly (±2^53, the protocol's
/// bound): beyond it they would collide with the store's keys for pending
/// messages and break the order.
bool valid_position(const Message& message) {
  constexpr std::int64_t kMaxExact = (std::int64_t{1} << 53) - 1;
  if (message.seq && (*message.seq < 0 || *message.seq > kMaxExact)) return false;
  return message.created_at_ms >= -kMaxExact && message.created_at_ms <= kMaxExact;
}

}  // namespace

void ChatModel::on_message(std::int64_t now_ms, MessageSignal& signal) {
  Room* room = resolve(signal.room);
  if (room == nullptr) {
    report(ChatErrorCode::kUnroutable, signal.room.value_or(RoomId{}), "a message for a room not joined was dropped");
    return;
  }
  Message& message = signal.message;
  if (!valid_position(message)) {
    report(ChatErrorCode::kServerError, room->id_, "a message with an out-of-range seq or time was dropped");
    return;
  }
  take_server_copy(*room, message);
  if (message.created_at_ms == 0) message.created_at_ms = now_ms;
  room->changes_.seen(message.rev);
  room->history_.pushed(message.seq);
  if (auto own = match_own(*room, message)) {
    confirm(now_ms, *room, *own, message);
    return;
  }
  add_live(now_ms, *room, std::move(message));
}

void ChatModel::add_live(std::int64_t now_ms, Room& room, Message&& message) {
  const bool own = is_self(message.author);
  if (!own) {
    // A message ends its author's typing, whatever happened to their stop.
    if (room.typing_in_.clear(user_key(message.author))) touch(room, kChangeTyping);
    learn_author(room, message.author, true);
  }
  overlay(room, message);
  const bool announce = !own && arrival_events_;
  Message copy = announce ? message : Message{};
  const AddResult added = room.store_.add(std::move(message));
  if (added == AddResult::kUpdated) {
    // A newer state of a message held: a change, not an arrival.
    touch(room, kChangeMessages);
    cache_.changed(now_ms, room.id_);
  }
  if (added != AddResult::kAdded) return;  // duplicate or too old
  touch(room, kChangeMessages | (own ? 0u : static_cast<std::uint32_t>(kChangeUnread)));
  after_messages_changed(now_ms, room);
  if (announce) events_.push_back(MessageArrived{room.id_, std::move(copy), room.detached()});
}

std::size_t ChatModel::add_page(std::int64_t now_ms, Room& room, HistoryPage page, MessageStore::PageKind kind,
                                bool counts_as_read) {
  // The server's newest page is what the cached copy stood in for.
  if (kind == MessageStore::PageKind::kLatest && room.store_.drop_cached() > 0) touch(room, kChangeMessages);
  const bool had_messages = room.store_.newest_confirmed() != nullptr;
  std::optional<std::int64_t> newest_in_page;
  for (const Message& message : page.messages) {
    if (message.seq && (!newest_in_page || *newest_in_page < *message.seq)) newest_in_page = message.seq;
  }
  std::vector<Message> others;
  others.reserve(page.messages.size());
  std::size_t confirmed_own = 0;
  for (Message& message : page.messages) {
    if (!valid_position(message)) continue;
    take_server_copy(room, message);
    if (auto own = match_own(room, message)) {
      // A message handed over before the connection dropped, found in the
      // history the rejoin brought: it did arrive.
      confirm(now_ms, room, *own, message);
      ++confirmed_own;
      continue;
    }
    learn_author(room, message.author, false);
    overlay(room, message);
    others.push_back(std::move(message));
  }
  const auto result = room.store_.add_page(std::move(others), kind, page.has_more);

  if (counts_as_read) room.store_.mark_read_through_newest();
  // The room was open before its history came: the divider goes where the
  // server's read state (if any) says reading starts.
  if (kind == MessageStore::PageKind::kLatest && room.active_) place_divider(room);
  room.history_.page_added(kind, page.has_more, newest_in_page, room.store_);
  if (room.history_.take_overlap_check()) {
    // Overlap with what was shown (a duplicate, or a confirmed own message)
    // or a page holding the whole history means nothing was skipped.
    const bool overlaps = result.duplicates + confirmed_own > 0 || page.has_more == std::optional<bool>(false);
    if (had_messages && !overlaps) events_.push_back(Discontinuity{room.id_});
  }
  touch(room, kChangeMessages | kChangeUnread | kChangeState);
  after_messages_changed(now_ms, room);
  return result.added + confirmed_own;
}

std::vector<Message> ChatModel::window_page(Room& room, std::vector<Message> messages) {
  std::erase_if(messages, [](const Message& message) { return !valid_position(message); });
  for (Message& message : messages) {
    take_server_copy(room, message);
    learn_author(room, message.author, false);
    overlay(room, message);
  }
  return messages;
}

std::size_t ChatModel::restore_history(std::vector<CachedRoom> rooms) {
  for (CachedRoom& cached : rooms) {
    // The same rules as messages from the server: a client id only on the
    // user's own, positions JSON carries exactly.
    std::erase_if(cached.messages, [](const Message& message) { return !valid_position(message); });
    for (Message& message : cached.messages) {
      if (!is_self(message.author)) message.client_id.clear();
    }
  }
  const std::size_t taken = cache_.restore(std::move(rooms), config_.max_rooms);
  // Rooms joined already (restored late): shown now, as a join would.
  for (auto& [id, room] : rooms_) {
    if (room->state_ != RoomState::kLeft && !room->history_.first_history_seen()) show_cached(*room);
  }
  flush_changes();
  return taken;
}

void ChatModel::show_cached(Room& room) {
  std::vector<Message> cached = cache_.take(room.id_);
  if (cached.empty()) return;
  // Shown until the room's first history from the server replaces them.
  room.store_.add_page(std::move(cached), MessageStore::PageKind::kLatest, std::nullopt);
  touch(room, kChangeMessages);
}

}  // namespace chatwire::chat
