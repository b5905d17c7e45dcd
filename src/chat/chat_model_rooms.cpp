// ChatModel: rooms. Joining and leaving, rejoining after a reconnect, the
// answers to joins, and which room an event that names none belongs to.
#include <algorithm>
#include <memory>
#include <utility>

#include "chat/chat_model.h"

namespace chatwire::chat {
namespace {

constexpr std::size_t kMaxRoomIdBytes = 256;

}  // namespace

Room* ChatModel::find(const RoomId& id) {
  auto it = rooms_.find(id);
  return it == rooms_.end() ? nullptr : it->second.get();
}

const Room* ChatModel::room(const RoomId& id) const {
  auto it = rooms_.find(id);
  return it == rooms_.end() ? nullptr : it->second.get();
}

std::vector<const Room*> ChatModel::rooms() const {
  std::vector<const Room*> out;
  out.reserve(rooms_.size());
  for (const auto& [id, room] : rooms_) out.push_back(room.get());
  std::sort(out.begin(), out.end(), [](const Room* a, const Room* b) { return a->join_order_ < b->join_order_; });
  return out;
}

void ChatModel::forget(const RoomId& id) {
  sends_.forget_room(requests_, id);
  ops_.forget_room(requests_, id);
  // Readers that mirror the room learn it is gone (a change of nothing, for
  // a room that no longer exists). Before the erase: `id` may be the room's own.
  events_.push_back(RoomChanged{id, 0});
  rooms_.erase(id);
}

// ---- joining ----------------------------------------------------------------

Result<bool, CommandError> ChatModel::join(std::int64_t now_ms, const RoomId& id) {
  if (id.empty() || id.size() > kMaxRoomIdBytes) return Failure{CommandError::kInvalidRoomId};
  Room* room = find(id);
  if (room == nullptr) {
    std::size_t open = 0;
    for (const auto& [other_id, other] : rooms_) open += other->state_ != RoomState::kLeft ? 1 : 0;
    // Left rooms stay readable but count against the bound too: forget the
    // oldest left one to make space rather than refuse.
    if (rooms_.size() >= config_.max_rooms) {
      const Room* oldest_left = nullptr;
      for (const Room* candidate : rooms()) {
        if (candidate->state_ == RoomState::kLeft) {
          oldest_left = candidate;
          break;
        }
      }
      if (oldest_left == nullptr || open >= config_.max_rooms) return Failure{CommandError::kTooManyRooms};
      forget(oldest_left->id_);
    }
    StoreConfig store;
    store.max_messages = config_.max_messages_per_room;
    store.order_by_seq = config_.capabilities.has_seq;
    store.is_own = [this](const User& user) { return is_self(user); };
    TypingPolicy policy;
    policy.refresh_ms = config_.typing.refresh_ms;
    policy.idle_ms = config_.typing.idle_ms;
    policy.server_expires_ms = config_.capabilities.typing_expires_ms;
    policy.has_stop = config_.capabilities.has(Operation::kTypingStop);
    auto created = std::make_unique<Room>(id, next_join_order_++, std::move(store), policy,
                                          config_.typing.remote_ttl_ms,
                                          config_.capabilities.identifies_users_by_name);
    room = created.get();
    rooms_.emplace(id, std::move(created));
    room->roster_.ensure_self(config_.self);
    touch(*room, kChangeState | kChangeMembers);
  } else if (room->state_ != RoomState::kLeft) {
    return false;  // already joining or joined
  } else {
    room->state_ = RoomState::kJoining;
    room->join_order_ = next_join_order_++;  // a rejoined room moves to the end of the rejoin order
    touch(*room, kChangeState);
  }
  if (sends_.show_restored(room->store_, id)) touch(*room, kChangeMessages);
  show_cached(*room);
  show_ops(now_ms, *room);
  if (connected_) request_join(now_ms, *room);
  flush_changes();
  return true;
}

void ChatModel::request_join(std::int64_t now_ms, Room& room) {
  Request request;
  request.op = Operation::kJoin;
  request.room = room.id_;
  const bool resuming = room.was_joined_;
  if (resuming && config_.capabilities.history_since) request.seq = room.history_.complete_through();
  // What changed meanwhile in the messages held comes with the answer.
  if (request.seq && config_.capabilities.changes_since) request.since_rev = room.changes_.since_rev();
  if (room.state_ != RoomState::kJoining) {
    room.state_ = RoomState::kJoining;
    touch(room, kChangeState);
  }
  room.join_request_ = requests_.issue(std::move(request));
  server_current_room_ = room.id_;
  // Where the backend cannot fill the gap, the first history after the
  // rejoin tells whether anything was missed (see add_page).
  room.history_.arm_overlap_check(resuming && !config_.capabilities.history_since);

  switch (config_.capabilities.join_confirmation) {
    case Confirmation::kAck:
      break;  // on_join_response
    case Confirmation::kEvent:
      room.join_deadline_ = now_ms + config_.request_timeout_ms;
      break;
    case Confirmation::kNone:
      on_joined(now_ms, room);
      break;
  }
}

void ChatModel::on_join_response(std::int64_t now_ms, Room& room, const RequestTracker::InFlight& request,
                                 Response response) {
  if (!response.ok) {
    on_join_refused(now_ms, room, refusal_text(response));
    return;
  }
  if (response.members && room.roster_.replace(*response.members)) touch(room, kChangeMembers);
  if (response.read_seq && *response.read_seq > 0) {
    const std::int64_t read_seq = *response.read_seq;
    move_read_cursor(room, [read_seq](MessageStore& store) { store.set_read_cursor_seq(read_seq); });
  }
  if (response.history) {
    const auto kind = room.history_.join_page(request.since.has_value(), *response.history);
    // Where the server keeps read cursors it has said where the user is.
    const bool counts_as_read = !response.read_seq.has_value() && room.history_.first_history_is_read(room.store_);
    add_page(now_ms, room, std::move(*response.history), kind, counts_as_read);
  }
  room.changes_.joined(requests_, room.id_, response.rev, response.changes);
  if (response.changes) apply_changes(now_ms, room, std::move(response.changes->messages));
  on_joined(now_ms, room);
  room.history_.continue_gap(requests_, room.id_);
  apply_early_changes(now_ms, room);
}

void ChatModel::on_joined(std::int64_t now_ms, Room& room) {
  room.join_request_.reset();
  room.join_deadline_.reset();
  const bool resuming = room.was_joined_;
  room.state_ = RoomState::kJoined;
  room.was_joined_ = true;
  touch(room, kChangeState);
  if (config_.capabilities.history_after_join && config_.capabilities.has(Operation::kHistory) &&
      !room.history_.loading()) {
    room.history_.ask_latest(requests_, room.id_, config_.history_page_size);
  } else if (resuming && room.history_.take_overlap_check()) {
    // No gap filling and no history coming: messages sent while away are lost to us.
    events_.push_back(Discontinuity{room.id_});
  }
  transmit_waiting(now_ms, room);
  if (reads_live(room)) room.store_.mark_read_through_newest();
  send_receipts(now_ms, room);
}

void ChatModel::on_join_refused(std::int64_t now_ms, Room& room, const std::string& why) {
  room.join_request_.reset();
  room.join_deadline_.reset();
  room.state_ = RoomState::kLeft;
  room.was_joined_ = false;
  touch(room, kChangeState);
  fail_all_in(room, "room join refused: " + why);
  fail_ops_in(now_ms, room, "room join refused: " + why);
  report(ChatErrorCode::kJoinFailed, room.id_, why, Operation::kJoin);
}

// ---- leaving ----------------------------------------------------------------

Result<bool, CommandError> ChatModel::leave(std::int64_t now_ms, const RoomId& id) {
  Room* room = find(id);
  if (room == nullptr || room->state_ == RoomState::kLeft) return Failure{CommandError::kNotJoined};
  if (connected_) {
    apply_typing_output(*room, room->typing_out_.stop(now_ms));
    if (room->state_ == RoomState::kJoined && config_.capabilities.has(Operation::kLeave)) {
      requests_.issue(Operation::kLeave, id);
    }
  }
  room->typing_out_.reset();
  room->typing_in_.clear_all();
  room->state_ = RoomState::kLeft;
  room->was_joined_ = false;
  room->join_request_.reset();
  room->join_deadline_.reset();
  end_history(*room, 0);
  room->history_.close_gap();  // a later join fills its own gap, if any
  close_window(now_ms, *room);  // a left room shows what it kept of its latest messages
  room->history_.stop_following();
  room->receipt_due_.reset();
  room->changes_.stop();
  fail_all_in(*room, "left the room");
  fail_ops_in(now_ms, *room, "left the room");
  if (cache_.enabled()) {
    cache_.forget(id);
    events_.push_back(HistoryCached{CachedRoom{id, {}}});
  }
  touch(*room, kChangeState | kChangeTyping | kChangeUnread);
  flush_changes();
  return true;
}

// ---- which room -------------------------------------------------------------

// Rooms named by an event, or the one the backend considers current: the
// most recently joined room still open, or for a join confirmation the
// oldest join still waiting for one (servers answer joins in order).
Room* ChatModel::resolve(const std::optional<RoomId>& named, bool confirms_join) {
  if (named) {
    Room* room = find(*named);
    return room != nullptr && room->state_ != RoomState::kLeft ? room : nullptr;
  }
  Room* best = nullptr;
  for (auto& [id, room] : rooms_) {
    if (room->state_ == RoomState::kLeft) continue;
    if (confirms_join) {
      if (room->join_deadline_ && (best == nullptr || room->join_order_ < best->join_order_)) best = room.get();
    } else if (best == nullptr || room->join_order_ > best->join_order_) {
      best = room.get();
    }
  }
  return best;
}

Room* ChatModel::resolve_for_user(const User& user) {
  Room* best = nullptr;
  const std::string key = user_key(user);
  for (auto& [id, room] : rooms_) {
    if (room->state_ == RoomState::kLeft || !room->roster_.contains(key)) continue;
    if (best == nullptr || room->join_order_ > best->join_order_) best = room.get();
  }
  return best != nullptr ? best : resolve(std::nullopt);
}

void ChatModel::make_current(Room& room) {
  if (!config_.capabilities.room_implied_by_last_join || server_current_room_ == room.id_) return;
  // Joining again is how these backends switch rooms; the room stays joined.
  requests_.issue(Operation::kJoin, room.id_);
  server_current_room_ = room.id_;
}

Room* ChatModel::room_of_message_id(const std::string& message_id) {
  for (auto& [id, room] : rooms_) {
    if (room->store_.find_by_id(message_id) != nullptr) return room.get();
  }
  return nullptr;
}

}  // namespace chatwire::chat
