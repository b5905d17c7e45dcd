// ChatModel: reading. The read cursor and unread counts, the rooms the user
// has in view (read as messages arrive), and read receipts both ways: the
// user's, throttled, and other readers', shown on the messages they read.
#include <algorithm>
#include <limits>
#include <vector>

#include "chat/chat_model.h"
#include "chat/read_receipts.h"

namespace chatwire::chat {

Result<bool, CommandError> ChatModel::mark_read(std::int64_t now_ms, const RoomId& id) {
  Room* room = find(id);
  if (room == nullptr || room->state_ == RoomState::kLeft) return Failure{CommandError::kNotJoined};
  read_to_newest(now_ms, *room);
  flush_changes();
  return true;
}

Result<bool, CommandError> ChatModel::set_active(std::int64_t now_ms, const RoomId& id, bool active) {
  Room* room = find(id);
  if (room == nullptr || room->state_ == RoomState::kLeft) return Failure{CommandError::kNotJoined};
  room->shown_ = active;
  apply_active(now_ms, *room);
  flush_changes();
  return true;
}

void ChatModel::set_page_visible(std::int64_t now_ms, bool visible) {
  if (page_visible_ == visible) return;
  page_visible_ = visible;
  for (auto& [id, room] : rooms_) {
    if (room->shown_ && room->state_ != RoomState::kLeft) apply_active(now_ms, *room);
  }
  // A hidden page may never run again (mobile browsers discard hidden tabs,
  // and a reload hides the page first): write the cache while it can.
  if (!visible) write_history_cache(now_ms, true);
  flush_changes();
}

void ChatModel::apply_active(std::int64_t now_ms, Room& room) {
  const bool was_active = room.active_;
  room.active_ = room.shown_ && page_visible_;
  if (room.active_ != was_active) touch(room, kChangeState);
  // Opened (or seen again): the divider goes where reading starts, before it is all read.
  if (room.active_ && !was_active) place_divider(room);
  if (reads_live(room)) {
    read_to_newest(now_ms, room);
  } else if (room.receipt_due_) {
    // The throttle coalesces receipts while the user keeps reading; looking
    // away (another room, a hidden page, a closing tab) ends that, and a
    // receipt held for later might never go out.
    send_receipts(now_ms, room);
  }
}

void ChatModel::read_to_newest(std::int64_t now_ms, Room& room) {
  move_read_cursor(room, [](MessageStore& store) { store.mark_read_through_newest(); });
  schedule_receipt(now_ms, room);
}

void ChatModel::place_divider(Room& room) {
  const Message* first = room.store_.first_unread();
  std::string id = first != nullptr ? first->id : std::string();
  if (id == room.first_unread_id_) return;
  room.first_unread_id_ = std::move(id);
  touch(room, kChangeUnread);
}

ListChanges ChatModel::take_message_changes(const RoomId& id) {
  Room* room = find(id);
  if (room == nullptr) return ListChanges{};
  return room->detached() ? room->window_->messages().take_changes() : room->store_.take_changes();
}

std::size_t ChatModel::unread_total() const {
  std::size_t total = 0;
  for (const auto& [id, room] : rooms_) {
    if (room->state_ != RoomState::kLeft) total += room->unread_count();
  }
  return total;
}

void ChatModel::after_messages_changed(std::int64_t now_ms, Room& room) {
  cache_.changed(now_ms, room.id_);
  if (!reads_live(room)) return;
  room.store_.mark_read_through_newest();
  schedule_receipt(now_ms, room);
}

// ---- the user's receipts ------------------------------------------------------

// Receipts are throttled: the cursor moves at once, the receipt follows at
// most once per interval, covering everything read meanwhile.
void ChatModel::schedule_receipt(std::int64_t now_ms, Room& room) {
  if (!config_.capabilities.has(Operation::kMarkRead)) return;
  const auto cursor = room.store_.read_cursor();
  if (!cursor || (room.receipt_sent_ && *cursor <= *room.receipt_sent_)) return;
  const std::int64_t allowed = room.last_receipt_ms_ + config_.read_receipt_interval_ms;
  if (now_ms >= allowed) {
    send_receipts(now_ms, room);
  } else if (!room.receipt_due_) {
    room.receipt_due_ = allowed;
  }
}

void ChatModel::send_receipts(std::int64_t now_ms, Room& room) {
  room.receipt_due_.reset();
  if (!connected_ || room.state_ != RoomState::kJoined || !config_.capabilities.has(Operation::kMarkRead)) return;
  const auto cursor = room.store_.read_cursor();
  if (!cursor || (room.receipt_sent_ && *cursor <= *room.receipt_sent_)) return;

  const MessageStore& store = room.store_;
  // Confirmed messages from others between the last receipt and the cursor.
  std::vector<std::size_t> covered;
  for (std::size_t i = store.size(); i-- > 0;) {
    const OrderKey key = store.key_at(i);
    if (key > *cursor) continue;
    if (room.receipt_sent_ && key <= *room.receipt_sent_) break;
    const Message& message = store.at(i);
    if (message.status == MessageStatus::kSent && !message.id.empty() && !is_self(message.author)) {
      covered.push_back(i);
    }
  }
  room.receipt_sent_ = cursor;
  room.last_receipt_ms_ = now_ms;
  if (covered.empty()) return;

  // One receipt for the newest message, or (backends that mark messages one
  // by one) one per message, oldest first, bounded by a page.
  const std::size_t count = config_.capabilities.read_receipt_per_message
                                ? std::min<std::size_t>(covered.size(), config_.history_page_size)
                                : 1;
  for (std::size_t n = count; n-- > 0;) {
    const Message& message = store.at(covered[n]);
    Request request;
    request.op = Operation::kMarkRead;
    request.room = room.id_;
    request.message_id = message.id;
    request.seq = message.seq;
    requests_.issue(std::move(request));
  }
}

// ---- others' receipts ---------------------------------------------------------

void ChatModel::on_receipt(const ReceiptSignal& signal) {
  Room* room = nullptr;
  if (signal.room) {
    room = resolve(signal.room);
  } else if (!signal.message_id.empty()) {
    room = room_of_message_id(signal.message_id);
  } else {
    room = resolve(std::nullopt);
  }
  if (room == nullptr) return;

  // Where the receipt points: the message it names, or its seq.
  std::optional<OrderKey> position;
  const MessageStore& store = room->store_;
  if (!signal.message_id.empty()) {
    for (std::size_t i = store.size(); i-- > 0;) {
      if (store.at(i).id == signal.message_id) {
        position = store.key_at(i);
        break;
      }
    }
  } else if (signal.seq && config_.capabilities.has_seq) {
    position = OrderKey{*signal.seq, std::numeric_limits<std::uint64_t>::max()};
  }
  if (!position) return;

  if (signal.user && is_self(*signal.user)) {
    // The user read this in another tab or device: their unread count follows.
    move_read_cursor(*room, [&signal](MessageStore& own) {
      if (!signal.message_id.empty()) {
        own.mark_read_through_id(signal.message_id);
      } else if (signal.seq) {
        own.set_read_cursor_seq(*signal.seq);
      }
    });
    return;
  }
  const std::string reader = signal.user ? user_key(*signal.user) : std::string(kUnnamedReader);
  if (const auto moved = room->receipts_.record(reader, *position)) {
    // Every message the reader had not read before now names them in its read-by list.
    for (MessageStore* held : room->stores()) {
      if (held != nullptr) held->touch_range(moved->from, moved->to);
    }
    touch(*room, kChangeMessages);
  }
}

}  // namespace chatwire::chat
