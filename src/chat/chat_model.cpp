// ChatModel: creation, the connection, routing server input (signals, and
// the answers to requests) to the concern it is about, timers, and the
// outputs. The concerns themselves are in the other chat_model_*.cpp files.
#include "chat/chat_model.h"

#include <algorithm>
#include <utility>
#include <variant>

#include "util/overloaded.h"
#include "util/take_front.h"

namespace chatwire::chat {
namespace {

using util::Overloaded;

/// Earliest of two optional deadlines.
std::optional<std::int64_t> earliest(std::optional<std::int64_t> a, std::optional<std::int64_t> b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

SendPolicy send_policy(const ChatConfig& config) {
  SendPolicy policy;
  policy.self = config.self;
  policy.confirmation = config.capabilities.send_confirmation;
  policy.idempotent = config.capabilities.idempotent_send;
  policy.echo_timeout_ms = config.request_timeout_ms;
  policy.max_per_room = config.max_pending_per_room;
  policy.store = config.store_sends;
  return policy;
}

OpPolicy op_policy(const ChatConfig& config) {
  OpPolicy policy;
  policy.max_per_room = config.max_pending_per_room;
  policy.store = config.store_sends;
  return policy;
}

/// Op ids draw from the client's seed too, on a stream of their own.
constexpr std::uint64_t kOpIdStream = 0x6f70'6964'7300'0000ull;

}  // namespace

Result<std::unique_ptr<ChatModel>, ChatConfigError> ChatModel::create(ChatConfig config) {
  if (auto error = validate(config)) return Failure{std::move(*error)};
  return std::unique_ptr<ChatModel>(new ChatModel(std::move(config)));
}

ChatModel::ChatModel(ChatConfig config)
    : config_(std::move(config)),
      sends_(send_policy(config_), config_.client_id_seed),
      ops_(op_policy(config_), config_.client_id_seed ^ kOpIdStream),
      cache_(config_.cached_messages) {}

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
    room->history_.close_gap();
    end_window_request(*room, true);  // a window shown stays: it can page again after the rejoin
    room->history_.stop_following();
    room->changes_.stop();
    if (room->state_ != RoomState::kJoining) {
      room->state_ = RoomState::kJoining;
      touch(*room, kChangeState);
    }
  }
  server_current_room_.reset();
  last_answered_join_.reset();
  // Sends in flight are answered by on_request_failed(kConnectionLost) from
  // the session (their messages fail or wait to be resent); every other
  // request is forgotten now: rejoining after the reconnect asks again, and
  // pending operations go again under their op ids.
  requests_.forget_all_except(Operation::kSend);
  ops_.connection_lost();
  (void)now_ms;
  flush_changes();
}

void ChatModel::disconnecting(std::int64_t now_ms) {
  if (connected_) {
    for (auto& [id, room] : rooms_) apply_typing_output(*room, room->typing_out_.stop(now_ms));
  }
  // The page may be closing: what the cache has not written yet goes now.
  write_history_cache(now_ms, true);
  connection_lost(now_ms);
}

// ---- from the server ----------------------------------------------------------

void ChatModel::on_signal(std::int64_t now_ms, Signal signal) {
  std::visit(Overloaded{
                 [&](MessageSignal& s) { on_message(now_ms, s); },
                 [&](HistorySignal& s) { on_history(now_ms, std::move(s)); },
                 [&](TypingSignal& s) { on_typing(now_ms, s); },
                 [&](MemberJoinedSignal& s) { on_member_change(s.room, s.user, true, s.members); },
                 [&](MemberLeftSignal& s) { on_member_change(s.room, s.user, false, s.members); },
                 [&](MembersSignal& s) {
                   // A list naming no room follows the answer to a join (flask-shows).
                   if (!s.room && last_answered_join_ && resolve(last_answered_join_)) s.room = last_answered_join_;
                   on_member_change(s.room, User{}, true, s.members);
                 },
                 [&](PresenceSignal& s) { on_presence(s); },
                 [&](ReceiptSignal& s) { on_receipt(s); },
                 [&](ServerErrorSignal& s) {
                   std::string text = s.message;
                   if (!s.details.empty()) text += text.empty() ? s.details : " (" + s.details + ")";
                   if (text.empty()) text = "the server reported an error without saying what";
                   report(ChatErrorCode::kServerError, s.room.value_or(RoomId{}), std::move(text));
                 },
                 [&](IgnoredSignal&) {},
                 [&](MessageUpdatedSignal& s) { on_message_updated(now_ms, s); },
             },
             signal);
  flush_changes();
}

void ChatModel::on_response(std::int64_t now_ms, RequestId id, Response response) {
  const auto request = requests_.take(id);
  if (!request) return;  // late, or for a room since left
  Room* room = find(request->room);
  if (room == nullptr) return;
  if (response.ok) retry_pause_.answered();
  const bool unavailable = !response.ok && response.error_code == kUnavailableCode;

  switch (request->op) {
    case Operation::kJoin:
      if (room->join_request_ != id) break;
      if (unavailable) {
        room->join_request_.reset();  // still joining: asked again after the pause
        wait_for_server(now_ms, *room, request->op, id);
      } else {
        on_join_response(now_ms, *room, *request, std::move(response));
      }
      break;
    case Operation::kSend:
      if (!sends_.answered(request->client_id)) break;  // already confirmed by its echo
      if (unavailable) {
        wait_for_server(now_ms, *room, request->op, id);  // still pending: it goes again after the pause
      } else if (!response.ok) {
        fail(*room, request->client_id, refusal_text(response));
        // Deleted while in flight, and the server stored nothing: the
        // user's delete is done. (After a timeout the server may hold it:
        // the failed send stays, for retry() and then the delete.)
        if (ops_.deletes_send(room->id_, request->client_id)) (void)cancel(request->client_id);
      } else {
        Message copy = response.message.value_or(Message{});
        take_server_copy(*room, copy);
        room->changes_.seen(copy.rev);
        confirm(now_ms, *room, request->client_id, copy);
      }
      break;
    case Operation::kEdit:
    case Operation::kDelete:
    case Operation::kReact:
      if (unavailable) {
        ops_.answered(request->op_id);  // still pending: it goes again after the pause
        wait_for_server(now_ms, *room, request->op, id);
      } else {
        on_op_response(now_ms, *room, request->op_id, std::move(response));
      }
      break;
    case Operation::kChanges:
      if (room->changes_.request() == id) on_changes_response(now_ms, *room, std::move(response));
      break;
    case Operation::kHistory:
      if (room->history_.request() == id) {
        on_history_response(now_ms, *room, id, std::move(response));
      } else if (room->window_request() == id) {
        on_window_response(now_ms, *room, id, std::move(response));
      }
      break;
    case Operation::kMembers:
      if (response.ok && response.members && room->roster_.replace(*response.members)) touch(*room, kChangeMembers);
      if (!response.ok) {
        report(ChatErrorCode::kRequestFailed, room->id_, "members: " + refusal_text(response), request->op, id);
      }
      break;
    case Operation::kLeave:
    case Operation::kMarkRead:
    case Operation::kTypingStart:
    case Operation::kTypingStop:
      if (!response.ok) {
        report(ChatErrorCode::kRequestFailed, room->id_,
               std::string(to_string(request->op)) + ": " + refusal_text(response), request->op, id);
      }
      break;
  }
  flush_changes();
}

void ChatModel::on_request_failed(std::int64_t now_ms, RequestId id, RequestFailure failure) {
  const auto request = requests_.take(id);
  if (!request) return;
  Room* room = find(request->room);
  if (room == nullptr) return;
  const char* why = failure == RequestFailure::kTimeout ? "no answer from the server in time"
                    : failure == RequestFailure::kNotSent ? "could not be sent"
                                                          : "the connection dropped";
  switch (request->op) {
    case Operation::kSend:
      if (!sends_.answered(request->client_id)) break;
      // A dropped connection is not a failure: the message goes again after
      // the rejoin (transmit_waiting decides whether that is safe).
      if (failure != RequestFailure::kConnectionLost) fail(*room, request->client_id, why);
      break;
    case Operation::kJoin:
      if (room->join_request_ != id) break;
      room->join_request_.reset();
      if (failure == RequestFailure::kConnectionLost) break;  // rejoined on the next connect
      if (failure == RequestFailure::kNotSent) {
        // It can never go out (e.g. a room id the backend cannot take).
        on_join_refused(now_ms, *room, "the join could not be sent");
        break;
      }
      report(ChatErrorCode::kRequestFailed, room->id_, std::string("join: ") + why + "; retrying", Operation::kJoin, id);
      if (connected_ && failure == RequestFailure::kTimeout) request_join(now_ms, *room);
      break;
    case Operation::kHistory:
      if (room->window_request() == id) {
        if (failure == RequestFailure::kConnectionLost) {
          end_window_request(*room, true);
        } else {
          on_window_failed(*room, id, why);
        }
        break;
      }
      room->history_.close_gap();
      if (room->history_.request() != id) break;
      touch(*room, kChangeState);  // no longer loading
      if (failure == RequestFailure::kConnectionLost) {
        end_history(*room, 0);  // the load is over; the rejoin brings what it would have
      } else {
        room->history_.failed();
        report(ChatErrorCode::kRequestFailed, room->id_, std::string("history: ") + why, Operation::kHistory, id);
      }
      break;
    case Operation::kEdit:
    case Operation::kDelete:
    case Operation::kReact:
      // A dropped connection is not a failure: it goes again after the rejoin.
      if (failure != RequestFailure::kConnectionLost) fail_op(now_ms, *room, request->op_id, why);
      break;
    case Operation::kChanges:
      if (room->changes_.request() != id) break;
      room->changes_.stop();
      if (failure != RequestFailure::kConnectionLost) {
        report(ChatErrorCode::kRequestFailed, room->id_, std::string("changes: ") + why, request->op, id);
      }
      break;
    default:
      if (failure != RequestFailure::kConnectionLost) {
        report(ChatErrorCode::kRequestFailed, room->id_, std::string(to_string(request->op)) + ": " + why,
               request->op, id);
      }
      break;
  }
  flush_changes();
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
  if (retry_pause_.over(now_ms)) retry_after_pause(now_ms);
  for (const ClientId& client_id : sends_.expired(now_ms)) {
    const RoomId* room_id = sends_.room_of(client_id);
    Room* room = room_id != nullptr ? find(*room_id) : nullptr;
    if (room != nullptr) fail(*room, client_id, "the server did not confirm the message in time");
  }
  write_history_cache(now_ms, false);
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
  next = earliest(next, retry_pause_.deadline());
  return earliest(earliest(next, sends_.next_deadline()), cache_.next_deadline());
}

void ChatModel::wait_for_server(std::int64_t now_ms, Room& room, Operation op, RequestId request) {
  const std::optional<std::int64_t> pause = retry_pause_.refused(now_ms);
  if (!pause) return;  // a pause runs: this waits with the rest
  report(ChatErrorCode::kServerUnavailable, room.id_,
         std::string(to_string(op)) + ": the server is unavailable for now; what it refused waits and goes again in " +
             std::to_string(*pause / 1000) + " s",
         op, request);
}

void ChatModel::retry_after_pause(std::int64_t now_ms) {
  // Offline, the rejoin after the next connect carries everything anyway.
  if (!connected_) return;
  for (const Room* listed : rooms()) {
    Room& room = *find(listed->id_);
    if (room.state_ == RoomState::kJoined) {
      transmit_waiting(now_ms, room);
    } else if (room.state_ == RoomState::kJoining && !room.join_request_) {
      request_join(now_ms, room);
    }
  }
}

// ---- outputs and plumbing -------------------------------------------------------

std::optional<Request> ChatModel::poll_request() { return requests_.poll(); }

std::optional<ChatEvent> ChatModel::poll_event() {
  flush_changes();
  return util::take_front(events_);
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
  // What to keep across restarts goes first: the platform stores a send
  // before the room change that shows it reaches the UI.
  for (auto& storage : sends_.take_storage()) {
    std::visit([this](auto& change) { events_.emplace_back(std::move(change)); }, storage);
  }
  for (auto& storage : ops_.take_storage()) {
    std::visit([this](auto& change) { events_.emplace_back(std::move(change)); }, storage);
  }
  for (auto& [id, bits] : pending_changes_) events_.push_back(RoomChanged{std::move(id), bits});
  pending_changes_.clear();
}

void ChatModel::report(ChatErrorCode code, const RoomId& room, std::string message,
                       std::optional<Operation> operation, std::optional<RequestId> request) {
  events_.push_back(ChatError{code, room, std::move(message), operation, request});
}

const std::string& ChatModel::user_key(const User& user) const {
  return config_.capabilities.identifies_users_by_name ? user.name : user.id;
}

bool ChatModel::is_self(const User& user) const { return user_key(user) == user_key(config_.self); }

}  // namespace chatwire::chat
