// ChatModel: history. Each room's HistoryPager decides what to ask for and
// what an answer means for the paging; here the commands and the server's
// pages reach it, and the pages reach the room (add_page).
#include <utility>

#include "chat/chat_model.h"

namespace chatwire::chat {

Result<bool, CommandError> ChatModel::load_older(std::int64_t now_ms, const RoomId& id, std::uint32_t count) {
  (void)now_ms;
  Room* room = find(id);
  if (room == nullptr || room->state_ == RoomState::kLeft) return Failure{CommandError::kNotJoined};
  if (!config_.capabilities.has(Operation::kHistory) || !config_.capabilities.history_before) {
    return Failure{CommandError::kUnsupported};
  }
  if (room->detached()) return load_window_page(*room, DetachedWindow::Asked::kOlder, count);
  if (auto refused = room->history_.refuse_older(room->store_)) return Failure{*refused};
  if (!connected_ || room->state_ != RoomState::kJoined) return Failure{CommandError::kNotJoined};
  room->history_.ask_older(requests_, id, room->store_, count == 0 ? config_.history_page_size : count);
  touch(*room, kChangeState);  // loading
  return true;
}

void ChatModel::on_history(std::int64_t now_ms, HistorySignal signal) {
  if (!signal.room && !signal.page.messages.empty() && !signal.page.messages.front().room.empty()) {
    signal.room = signal.page.messages.front().room;
  }
  Room* room = signal.confirms_join && !signal.room ? resolve(std::nullopt, true) : resolve(signal.room);
  if (room == nullptr) {
    report(ChatErrorCode::kUnroutable, signal.room.value_or(RoomId{}), "history for a room not joined was dropped");
    return;
  }
  const std::size_t added = add_page(now_ms, *room, std::move(signal.page), MessageStore::PageKind::kLatest,
                                     room->history_.first_history_is_read(room->store_));
  if (!signal.confirms_join) end_history(*room, added);  // the answer to history_after_join
  if (signal.confirms_join && room->state_ == RoomState::kJoining && room->join_deadline_) {
    last_answered_join_ = room->id_;
    on_joined(now_ms, *room);
  }
}

void ChatModel::on_history_response(std::int64_t now_ms, Room& room, RequestId id, Response response) {
  if (!response.ok || !response.history) {
    room.history_.failed();
    report(ChatErrorCode::kRequestFailed, room.id_, "history: " + refusal_text(response), Operation::kHistory, id);
    touch(room, kChangeState);  // no longer loading
    return;
  }
  const auto kind = room.history_.answered(*response.history);
  const std::size_t added = add_page(now_ms, room, std::move(*response.history), kind, false);
  events_.push_back(HistoryLoaded{room.id_, id, added});
  room.history_.continue_gap(requests_, room.id_);
  apply_early_changes(now_ms, room);
}

void ChatModel::write_history_cache(std::int64_t now_ms, bool everything) {
  for (const RoomId& id : cache_.take_due(now_ms, everything)) {
    const Room* room = find(id);
    if (room == nullptr || room->state_ == RoomState::kLeft) continue;
    const MessageStore& store = room->store_;
    const std::size_t count = std::min(store.confirmed_size(), cache_.per_room());
    CachedRoom record{id, {}};
    record.messages.reserve(count);
    for (std::size_t i = store.confirmed_size() - count; i < store.confirmed_size(); ++i) {
      record.messages.push_back(store.at(i));
    }
    events_.push_back(HistoryCached{std::move(record)});
  }
}

void ChatModel::end_history(Room& room, std::size_t added) {
  if (auto request = room.history_.end()) events_.push_back(HistoryLoaded{room.id_, *request, added});
}

}  // namespace chatwire::chat
