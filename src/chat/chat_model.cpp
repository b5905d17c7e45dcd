// ChatModel: rooms, connection, user commands, timers and plumbing.
// Sends live in chat_model_send.cpp, server input in chat_model_inbound.cpp.
#include "chat/chat_model.h"

#include <algorithm>

#include "chat/text_rules.h"

namespace chatwire::chat {
namespace {

constexpr std::size_t kMaxRoomIdBytes = 256;

/// Earliest of two optional deadlines.
std::optional<std::int64_t> earliest(std::optional<std::int64_t> a, std::optional<std::int64_t> b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

}  // namespace

const char* to_string(CommandError error) {
  switch (error) {
    case CommandError::kInvalidRoomId: return "invalid_room_id";
    case CommandError::kTooManyRooms: return "too_many_rooms";
    case CommandError::kNotJoined: return "not_joined";
    case CommandError::kEmptyText: return "empty_text";
    case CommandError::kTextTooLong: return "text_too_long";
    case CommandError::kInvalidText: return "invalid_text";
    case CommandError::kTooManyPending: return "too_many_pending";
    case CommandError::kUnknownMessage: return "unknown_message";
    case CommandError::kNotFailed: return "not_failed";
    case CommandError::kInFlight: return "in_flight";
    case CommandError::kUnsupported: return "unsupported";
    case CommandError::kBusy: return "busy";
    case CommandError::kNoMoreHistory: return "no_more_history";
  }
  return "unknown";
}

Result<std::unique_ptr<ChatModel>, ChatConfigError> ChatModel::create(ChatConfig config) {
  if (auto error = validate(config)) return Failure{std::move(*error)};
  return std::unique_ptr<ChatModel>(new ChatModel(std::move(config)));
}

ChatModel::ChatModel(ChatConfig config) : config_(std::move(config)), client_ids_(config_.client_id_seed) {}

// ---- connection -------------------------------------------------------------

void ChatModel::connected(std::int64_t now_ms) {
  if (connected_) return;
  connected_ = true;
  // Rejoin in the order the rooms were first joined: a server that keeps a
  // "current room" (flask-rooms) ends up where the user last went.
  for (const Room* room : rooms()) {
    Room& mutable_room = *find(room->id());
    if (mutable_room.state_ != RoomState::kLeft) request_join(now_ms, mutable_room);
  }
  flush_changes();
}

void ChatModel::connection_lost(std::int64_t now_ms) {
  if (!connected_) return;
  connected_ = false;
  for (auto& [id, room] : rooms_) {
    room->typing_out_.reset();  // the server forgets typing with the connection
    if (room->typing_in_.clear_all()) touch(*room, kChangeTyping);
    if (room->state_ == RoomState::kLeft) continue;
    room->was_joined_ = room->was_joined_ || room->state_ == RoomState::kJoined;
    room->join_request_.reset();
    room->join_deadline_.reset();
    end_history(*room, 0);
    room->filling_gap_ = false;
    if (room->state_ != RoomState::kJoining) {
      room->state_ = RoomState::kJoining;
      touch(*room, kChangeState);
    }
  }
  server_current_room_.reset();
  last_answered_join_.reset();
  // Requests in flight are answered by on_request_failed(kConnectionLost)
  // from the session; forget the rest (typing, receipts) now.
  for (auto it = in_flight_.begin(); it != in_flight_.end();) {
    it = it->second.op == Operation::kSend ? std::next(it) : in_flight_.erase(it);
  }
  (void)now_ms;
  flush_changes();
}

void ChatModel::disconnecting(std::int64_t now_ms) {
  if (connected_) {
    for (auto& [id, room] : rooms_) apply_typing_output(*room, room->typing_out_.stop(now_ms));
  }
  connection_lost(now_ms);
}

// ---- rooms ------------------------------------------------------------------

void ChatModel::forget(const RoomId& id) {
  // Its failed messages go with it, or they would count against a new room
  // of the same id.
  for (auto it = outgoing_.begin(); it != outgoing_.end();) {
    if (it->second.room != id) {
      ++it;
      continue;
    }
    if (it->second.request) in_flight_.erase(*it->second.request);
    it = outgoing_.erase(it);
  }
  // Readers that mirror the room learn it is gone (a change of nothing, for
  // a room that no longer exists). Before the erase: `id` may be the room's own.
  events_.push_back(RoomChanged{id, 0});
  rooms_.erase(id);
}

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

std::size_t ChatModel::unread_total() const {
  std::size_t total = 0;
  for (const auto& [id, room] : rooms_) {
    if (room->state_ != RoomState::kLeft) total += room->unread_count();
  }
  return total;
}

Room& ChatModel::touch(Room& room, std::uint32_t what) {
  ++room.version_;
  for (auto& [id, bits] : pending_changes_) {
    if (id == room.id_) {
      bits |= what;
      return room;
    }
  }
  pending_changes_.emplace_back(room.id_, what);
  return room;
}

void ChatModel::flush_changes() {
  for (auto& [id, bits] : pending_changes_) events_.push_back(RoomChanged{std::move(id), bits});
  pending_changes_.clear();
}

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
  if (connected_) request_join(now_ms, *room);
  flush_changes();
  return true;
}

void ChatModel::request_join(std::int64_t now_ms, Room& room) {
  Request request;
  request.op = Operation::kJoin;
  request.room = room.id_;
  InFlight what{Operation::kJoin, room.id_, {}, std::nullopt, false};
  const bool resuming = room.was_joined_;
  if (resuming && config_.capabilities.history_since) {
    request.seq = room.store_.newest_seq();
    what.since = request.seq;
  }
  if (room.state_ != RoomState::kJoining) {
    room.state_ = RoomState::kJoining;
    touch(room, kChangeState);
  }
  room.join_request_ = issue(std::move(request), what);
  server_current_room_ = room.id_;
  // Where the backend cannot fill the gap, the first history after the
  // rejoin tells whether anything was missed (see on_history).
  room.awaiting_overlap_check_ = resuming && !config_.capabilities.history_since;

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

void ChatModel::on_joined(std::int64_t now_ms, Room& room) {
  room.join_request_.reset();
  room.join_deadline_.reset();
  const bool resuming = room.was_joined_;
  room.state_ = RoomState::kJoined;
  room.was_joined_ = true;
  touch(room, kChangeState);
  if (config_.capabilities.history_after_join && config_.capabilities.has(Operation::kHistory) &&
      !room.history_request_) {
    Request request;
    request.op = Operation::kHistory;
    request.room = room.id_;
    request.limit = config_.history_page_size;
    room.history_request_ = issue(std::move(request), InFlight{Operation::kHistory, room.id_, {}, std::nullopt, false});
  } else if (resuming && room.awaiting_overlap_check_) {
    // No gap filling and no history coming: messages sent while away are lost to us.
    room.awaiting_overlap_check_ = false;
    events_.push_back(Discontinuity{room.id_});
  }
  flush_outgoing(now_ms, room);
  if (room.active_) room.store_.mark_read_through_newest();
  send_receipts(now_ms, room);
}

void ChatModel::on_join_refused(Room& room, const std::string& why) {
  room.join_request_.reset();
  room.join_deadline_.reset();
  room.state_ = RoomState::kLeft;
  room.was_joined_ = false;
  touch(room, kChangeState);
  for (auto& [client_id, outgoing] : outgoing_) {
    if (outgoing.room == room.id_) fail(room, client_id, "room join refused: " + why);
  }
  report(ChatErrorCode::kJoinFailed, room.id_, why, Operation::kJoin);
}

Result<bool, CommandError> ChatModel::leave(std::int64_t now_ms, const RoomId& id) {
  Room* room = find(id);
  if (room == nullptr || room->state_ == RoomState::kLeft) return Failure{CommandError::kNotJoined};
  if (connected_) {
    apply_typing_output(*room, room->typing_out_.stop(now_ms));
    if (room->state_ == RoomState::kJoined && config_.capabilities.has(Operation::kLeave)) {
      Request request;
      request.op = Operation::kLeave;
      request.room = id;
      issue(std::move(request), InFlight{Operation::kLeave, id, {}, std::nullopt, false});
    }
  }
  room->typing_out_.reset();
  room->typing_in_.clear_all();
  room->state_ = RoomState::kLeft;
  room->was_joined_ = false;
  room->join_request_.reset();
  room->join_deadline_.reset();
  end_history(*room, 0);
  room->receipt_due_.reset();
  for (auto& [client_id, outgoing] : outgoing_) {
    if (outgoing.room == id && outgoing.request) in_flight_.erase(*outgoing.request);
    if (outgoing.room == id) fail(*room, client_id, "left the room");
  }
  touch(*room, kChangeState | kChangeTyping | kChangeUnread);
  flush_changes();
  return true;
}

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
  Request request;
  request.op = Operation::kJoin;
  request.room = room.id_;
  issue(std::move(request), InFlight{Operation::kJoin, room.id_, {}, std::nullopt, false});
  server_current_room_ = room.id_;
}

Room* ChatModel::room_of_message_id(const std::string& message_id) {
  for (auto& [id, room] : rooms_) {
    if (room->store_.find_by_id(message_id) != nullptr) return room.get();
  }
  return nullptr;
}

// ---- reading ------------------------------------------------------------------

Result<bool, CommandError> ChatModel::mark_read(std::int64_t now_ms, const RoomId& id) {
  Room* room = find(id);
  if (room == nullptr || room->state_ == RoomState::kLeft) return Failure{CommandError::kNotJoined};
  const std::size_t before = room->store_.unread_count();
  room->store_.mark_read_through_newest();
  if (room->store_.unread_count() != before) touch(*room, kChangeUnread);
  schedule_receipt(now_ms, *room);
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
  flush_changes();
}

void ChatModel::apply_active(std::int64_t now_ms, Room& room) {
  const bool was_active = room.active_;
  room.active_ = room.shown_ && page_visible_;
  if (room.active_ != was_active) touch(room, kChangeState);
  if (room.active_) {
    const std::size_t before = room.store_.unread_count();
    room.store_.mark_read_through_newest();
    if (room.store_.unread_count() != before) touch(room, kChangeUnread);
    schedule_receipt(now_ms, room);
  } else if (room.receipt_due_) {
    // The throttle coalesces receipts while the user keeps reading; looking
    // away (another room, a hidden page, a closing tab) ends that, and a
    // receipt held for later might never go out.
    send_receipts(now_ms, room);
  }
}

ListChanges ChatModel::take_message_changes(const RoomId& id) {
  Room* room = find(id);
  return room == nullptr ? ListChanges{} : room->store_.take_changes();
}

void ChatModel::after_messages_changed(std::int64_t now_ms, Room& room) {
  if (!room.active_) return;
  room.store_.mark_read_through_newest();
  schedule_receipt(now_ms, room);
}

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
    issue(std::move(request), InFlight{Operation::kMarkRead, room.id_, {}, std::nullopt, false});
  }
}

// ---- history and members ---------------------------------------------------

Result<bool, CommandError> ChatModel::load_older(std::int64_t now_ms, const RoomId& id, std::uint32_t count) {
  (void)now_ms;
  Room* room = find(id);
  if (room == nullptr || room->state_ == RoomState::kLeft) return Failure{CommandError::kNotJoined};
  if (!config_.capabilities.has(Operation::kHistory) || !config_.capabilities.history_before) {
    return Failure{CommandError::kUnsupported};
  }
  if (room->history_request_) return Failure{CommandError::kBusy};
  if (!room->store_.has_more_older()) return Failure{CommandError::kNoMoreHistory};
  if (!connected_ || room->state_ != RoomState::kJoined) return Failure{CommandError::kNotJoined};
  Request request;
  request.op = Operation::kHistory;
  request.room = id;
  request.before_seq = room->store_.oldest_seq();
  request.limit = std::clamp<std::uint32_t>(count == 0 ? config_.history_page_size : count, 1, 100);
  room->history_request_ = issue(std::move(request), InFlight{Operation::kHistory, id, {}, std::nullopt, true});
  touch(*room, kChangeState);  // loading
  return true;
}

Result<bool, CommandError> ChatModel::refresh_members(std::int64_t now_ms, const RoomId& id) {
  (void)now_ms;
  Room* room = find(id);
  if (room == nullptr || room->state_ != RoomState::kJoined || !connected_) return Failure{CommandError::kNotJoined};
  if (!config_.capabilities.has(Operation::kMembers)) return Failure{CommandError::kUnsupported};
  Request request;
  request.op = Operation::kMembers;
  request.room = id;
  issue(std::move(request), InFlight{Operation::kMembers, id, {}, std::nullopt, false});
  return true;
}

// ---- typing -----------------------------------------------------------------

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
  Request request;
  request.op = op;
  request.room = room.id_;
  issue(std::move(request), InFlight{op, room.id_, {}, std::nullopt, false});
}

// ---- timers -------------------------------------------------------------------

void ChatModel::handle_timeout(std::int64_t now_ms) {
  for (const Room* listed : rooms()) {
    Room& room = *find(listed->id_);
    if (connected_) apply_typing_output(room, room.typing_out_.handle_timeout(now_ms));
    if (room.typing_in_.handle_timeout(now_ms)) touch(room, kChangeTyping);
    if (room.join_deadline_ && *room.join_deadline_ <= now_ms) {
      // The backend never answered the join. Its seeds answer with history;
      // some do not when the room is empty, so carry on as joined.
      on_joined(now_ms, room);
    }
    if (room.receipt_due_ && *room.receipt_due_ <= now_ms) send_receipts(now_ms, room);
  }
  std::vector<ClientId> expired;
  for (const auto& [client_id, outgoing] : outgoing_) {
    if (outgoing.deadline && *outgoing.deadline <= now_ms) expired.push_back(client_id);
  }
  std::sort(expired.begin(), expired.end());  // deterministic order of failure reports
  for (const ClientId& client_id : expired) {
    Room* room = find(outgoing_.at(client_id).room);
    if (room != nullptr) fail(*room, client_id, "the server did not confirm the message in time");
  }
  flush_changes();
}

std::optional<std::int64_t> ChatModel::poll_timeout() const {
  std::optional<std::int64_t> next;
  for (const auto& [id, room] : rooms_) {
    if (connected_) next = earliest(next, room->typing_out_.next_deadline());
    next = earliest(next, room->typing_in_.next_deadline());
    next = earliest(next, room->join_deadline_);
    next = earliest(next, room->receipt_due_);
  }
  for (const auto& [client_id, outgoing] : outgoing_) next = earliest(next, outgoing.deadline);
  return next;
}

// ---- plumbing -------------------------------------------------------------------

RequestId ChatModel::issue(Request request, InFlight what) {
  request.id = next_request_++;
  if (next_request_ == 0) next_request_ = 1;
  in_flight_[request.id] = std::move(what);
  const RequestId id = request.id;
  requests_.push_back(std::move(request));
  return id;
}

std::optional<Request> ChatModel::poll_request() {
  if (requests_.empty()) return std::nullopt;
  Request request = std::move(requests_.front());
  requests_.pop_front();
  // Requests nobody waits on (typing, receipts, leave, echo-confirmed sends)
  // need no bookkeeping once handed over.
  return request;
}

std::optional<ChatEvent> ChatModel::poll_event() {
  flush_changes();
  if (events_.empty()) return std::nullopt;
  ChatEvent event = std::move(events_.front());
  events_.pop_front();
  return event;
}

void ChatModel::report(ChatErrorCode code, const RoomId& room, std::string message,
                       std::optional<Operation> operation, std::optional<RequestId> request) {
  events_.push_back(ChatError{code, room, std::move(message), operation, request});
}

void ChatModel::end_history(Room& room, std::size_t added) {
  if (!room.history_request_) return;
  events_.push_back(HistoryLoaded{room.id_, *room.history_request_, added});
  room.history_request_.reset();
}

const std::string& ChatModel::user_key(const User& user) const {
  return config_.capabilities.identifies_users_by_name ? user.name : user.id;
}

bool ChatModel::is_self(const User& user) const { return user_key(user) == user_key(config_.self); }

ClientId ChatModel::next_client_id() {
  // 64 random bits (from the per-client seed) and a counter: unique across
  // tabs and reloads without coordination, short enough for any backend.
  // Formatted by hand: printf would pull its whole implementation into Wasm.
  static constexpr char kDigits[] = "0123456789abcdef";
  ClientId id = "c";
  const std::uint64_t random = client_ids_.next_u64();
  for (int shift = 60; shift >= 0; shift -= 4) id += kDigits[(random >> shift) & 0xF];
  id += '-';
  std::string counter;
  for (std::uint64_t n = ++client_id_counter_; n != 0; n /= 10) counter += static_cast<char>('0' + n % 10);
  id.append(counter.rbegin(), counter.rend());
  return id;
}

void ChatModel::learn_author(Room& room, const User& author, bool online) {
  if (config_.capabilities.reports_members || is_self(author)) return;
  const std::string key = user_key(author);
  if (room.roster_.contains(key)) return;
  if (auto known = presence_.find(key); known != presence_.end()) online = known->second;
  if (room.roster_.upsert(Member{author, online})) touch(room, kChangeMembers);
}

}  // namespace chatwire::chat
