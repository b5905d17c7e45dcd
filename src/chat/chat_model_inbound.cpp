// ChatModel: what the server says — signals from its events and the
// responses to requests.
#include <algorithm>
#include <limits>

#include "chat/chat_model.h"

namespace chatwire::chat {
namespace {

constexpr std::size_t kMaxPresenceEntries = 4096;

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

std::string describe(const Response& response) {
  if (!response.error_message.empty()) return response.error_message;
  if (!response.error_code.empty()) return response.error_code;
  return "refused by the server";
}

/// Seqs and times within what JSON carries exactly (±2^53, the protocol's
/// bound): beyond it they would collide with the store's keys for pending
/// messages and break the order.
bool valid_position(const Message& message) {
  constexpr std::int64_t kMaxExact = (std::int64_t{1} << 53) - 1;
  if (message.seq && (*message.seq < 0 || *message.seq > kMaxExact)) return false;
  return message.created_at_ms >= -kMaxExact && message.created_at_ms <= kMaxExact;
}

}  // namespace

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
             },
             signal);
  flush_changes();
}

// ---- messages ------------------------------------------------------------------

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
  // A client id names the user's own messages only; on anyone else's it is
  // a server bug that must not make two messages share one.
  if (!is_self(message.author)) message.client_id.clear();
  message.room = room->id_;
  message.status = MessageStatus::kSent;
  if (message.created_at_ms == 0) message.created_at_ms = now_ms;
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
  const bool announce = !own && arrival_events_;
  Message copy = announce ? message : Message{};
  if (room.store_.add(std::move(message)) != AddResult::kAdded) return;  // duplicate or too old
  touch(room, kChangeMessages | (own ? 0u : static_cast<std::uint32_t>(kChangeUnread)));
  after_messages_changed(now_ms, room);
  if (announce) events_.push_back(MessageArrived{room.id_, std::move(copy)});
}

std::size_t ChatModel::add_page(std::int64_t now_ms, Room& room, HistoryPage page, MessageStore::PageKind kind,
                                bool counts_as_read) {
  const bool had_messages = room.store_.newest_confirmed() != nullptr;
  std::vector<Message> others;
  others.reserve(page.messages.size());
  std::size_t confirmed_own = 0;
  for (Message& message : page.messages) {
    if (!valid_position(message)) continue;
    if (!is_self(message.author)) message.client_id.clear();
    message.room = room.id_;
    message.status = MessageStatus::kSent;
    if (auto own = match_own(room, message)) {
      // A message handed over before the connection dropped, found in the
      // history the rejoin brought: it did arrive.
      confirm(now_ms, room, *own, message);
      ++confirmed_own;
      continue;
    }
    learn_author(room, message.author, false);
    others.push_back(std::move(message));
  }
  const auto result = room.store_.add_page(std::move(others), kind, page.has_more);

  if (counts_as_read) room.store_.mark_read_through_newest();
  if (kind == MessageStore::PageKind::kLatest) room.awaiting_first_history_ = false;
  if (room.awaiting_overlap_check_) {
    room.awaiting_overlap_check_ = false;
    // Overlap with what was shown (a duplicate, or a confirmed own message)
    // or a page holding the whole history means nothing was skipped.
    const bool overlaps = result.duplicates + confirmed_own > 0 || page.has_more == std::optional<bool>(false);
    if (had_messages && !overlaps) events_.push_back(Discontinuity{room.id_});
  }
  touch(room, kChangeMessages | kChangeUnread | kChangeState);
  after_messages_changed(now_ms, room);
  return result.added + confirmed_own;
}

// The first history of a room is what was there before the user came:
// without a read cursor from the server it counts as read, not as unread.
bool ChatModel::first_history_is_read(const Room& room) const {
  return room.awaiting_first_history_ && !room.store_.read_cursor();
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
  const std::size_t added =
      add_page(now_ms, *room, std::move(signal.page), MessageStore::PageKind::kLatest, first_history_is_read(*room));
  if (!signal.confirms_join) end_history(*room, added);  // the answer to history_after_join
  if (signal.confirms_join && room->state_ == RoomState::kJoining && room->join_deadline_) {
    last_answered_join_ = room->id_;
    on_joined(now_ms, *room);
  }
}

// ---- typing, members, presence, receipts -------------------------------------

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
    const std::size_t before = store.unread_count();
    if (!signal.message_id.empty()) {
      room->store_.mark_read_through_id(signal.message_id);
    } else if (signal.seq) {
      room->store_.set_read_cursor_seq(*signal.seq);
    }
    if (store.unread_count() != before) touch(*room, kChangeUnread);
    return;
  }
  const std::string reader = signal.user ? user_key(*signal.user) : std::string(kUnnamedReader);
  if (const auto moved = room->receipts_.record(reader, *position)) {
    // Every message the reader had not read before now names them in its read-by list.
    room->store_.touch_range(moved->from, moved->to);
    touch(*room, kChangeMessages);
  }
}

// ---- responses -----------------------------------------------------------------

void ChatModel::on_response(std::int64_t now_ms, RequestId id, Response response) {
  auto it = in_flight_.find(id);
  if (it == in_flight_.end()) return;  // late, or for a room since left
  const InFlight request = std::move(it->second);
  in_flight_.erase(it);
  Room* room = find(request.room);
  if (room == nullptr) return;

  switch (request.op) {
    case Operation::kJoin:
      if (room->join_request_ == id) on_join_response(now_ms, *room, request, std::move(response));
      break;
    case Operation::kSend: {
      auto outgoing = outgoing_.find(request.client_id);
      if (outgoing == outgoing_.end()) break;  // already confirmed by its echo
      outgoing->second.request.reset();
      if (!response.ok) {
        fail(*room, request.client_id, describe(response));
      } else {
        confirm(now_ms, *room, request.client_id, response.message.value_or(Message{}));
      }
      break;
    }
    case Operation::kHistory:
      if (room->history_request_ == id) on_history_response(now_ms, *room, id, request, std::move(response));
      break;
    case Operation::kMembers:
      if (response.ok && response.members && room->roster_.replace(*response.members)) touch(*room, kChangeMembers);
      if (!response.ok) {
        report(ChatErrorCode::kRequestFailed, room->id_, "members: " + describe(response), request.op, id);
      }
      break;
    case Operation::kLeave:
    case Operation::kMarkRead:
    case Operation::kTypingStart:
    case Operation::kTypingStop:
      if (!response.ok) {
        report(ChatErrorCode::kRequestFailed, room->id_, std::string(to_string(request.op)) + ": " + describe(response),
               request.op, id);
      }
      break;
  }
  flush_changes();
}

void ChatModel::on_join_response(std::int64_t now_ms, Room& room, const InFlight& request, Response response) {
  if (!response.ok) {
    on_join_refused(room, describe(response));
    return;
  }
  if (response.members && room.roster_.replace(*response.members)) touch(room, kChangeMembers);
  if (response.read_seq && *response.read_seq > 0) {
    const std::size_t before = room.store_.unread_count();
    room.store_.set_read_cursor_seq(*response.read_seq);
    if (room.store_.unread_count() != before) touch(room, kChangeUnread);
  }
  if (response.history) {
    const bool more_after = request.since && response.history->has_more.value_or(false);
    const auto kind = request.since ? MessageStore::PageKind::kNewer : MessageStore::PageKind::kLatest;
    // Where the server keeps read cursors it has said where the user is.
    const bool counts_as_read = !response.read_seq.has_value() && first_history_is_read(room);
    add_page(now_ms, room, std::move(*response.history), kind, counts_as_read);
    room.filling_gap_ = more_after;
  }
  on_joined(now_ms, room);
  if (room.filling_gap_ && !room.history_request_) {
    Request next;
    next.op = Operation::kHistory;
    next.room = room.id_;
    next.after_seq = room.store_.newest_seq();
    next.limit = 100;
    room.history_request_ = issue(std::move(next), InFlight{Operation::kHistory, room.id_, {}, next.after_seq, false});
  }
}

void ChatModel::on_history_response(std::int64_t now_ms, Room& room, RequestId id, const InFlight& request,
                                    Response response) {
  room.history_request_.reset();
  if (!response.ok || !response.history) {
    room.filling_gap_ = false;
    report(ChatErrorCode::kRequestFailed, room.id_, "history: " + describe(response), Operation::kHistory, id);
    touch(room, kChangeState);  // no longer loading
    return;
  }
  const bool continuing = request.since.has_value();
  const auto kind = request.older ? MessageStore::PageKind::kOlder
                                  : (continuing ? MessageStore::PageKind::kNewer : MessageStore::PageKind::kLatest);
  const bool more_after = continuing && response.history->has_more.value_or(false) &&
                          !response.history->messages.empty();
  const std::size_t added = add_page(now_ms, room, std::move(*response.history), kind, false);
  events_.push_back(HistoryLoaded{room.id_, id, added});
  room.filling_gap_ = more_after;
  if (more_after) {
    Request next;
    next.op = Operation::kHistory;
    next.room = room.id_;
    next.after_seq = room.store_.newest_seq();
    next.limit = 100;
    room.history_request_ = issue(std::move(next), InFlight{Operation::kHistory, room.id_, {}, next.after_seq, false});
  }
}

void ChatModel::on_request_failed(std::int64_t now_ms, RequestId id, RequestFailure failure) {
  auto it = in_flight_.find(id);
  if (it == in_flight_.end()) return;
  const InFlight request = std::move(it->second);
  in_flight_.erase(it);
  Room* room = find(request.room);
  if (room == nullptr) return;
  const char* why = failure == RequestFailure::kTimeout ? "no answer from the server in time"
                    : failure == RequestFailure::kNotSent ? "could not be sent"
                                                          : "the connection dropped";
  switch (request.op) {
    case Operation::kSend: {
      auto outgoing = outgoing_.find(request.client_id);
      if (outgoing == outgoing_.end()) break;
      outgoing->second.request.reset();
      // A dropped connection is not a failure: the message goes again after
      // the rejoin (flush_outgoing decides whether that is safe).
      if (failure != RequestFailure::kConnectionLost) fail(*room, request.client_id, why);
      break;
    }
    case Operation::kJoin:
      if (room->join_request_ != id) break;
      room->join_request_.reset();
      if (failure == RequestFailure::kConnectionLost) break;  // rejoined on the next connect
      if (failure == RequestFailure::kNotSent) {
        // It can never go out (e.g. a room id the backend cannot take).
        on_join_refused(*room, "the join could not be sent");
        break;
      }
      report(ChatErrorCode::kRequestFailed, room->id_, std::string("join: ") + why + "; retrying", Operation::kJoin, id);
      if (connected_ && failure == RequestFailure::kTimeout) request_join(now_ms, *room);
      break;
    case Operation::kHistory:
      room->filling_gap_ = false;
      if (room->history_request_ != id) break;
      touch(*room, kChangeState);  // no longer loading
      if (failure == RequestFailure::kConnectionLost) {
        end_history(*room, 0);  // the load is over; the rejoin brings what it would have
      } else {
        room->history_request_.reset();
        report(ChatErrorCode::kRequestFailed, room->id_, std::string("history: ") + why, Operation::kHistory, id);
      }
      break;
    default:
      if (failure != RequestFailure::kConnectionLost) {
        report(ChatErrorCode::kRequestFailed, room->id_, std::string(to_string(request.op)) + ": " + why, request.op,
               id);
      }
      break;
  }
  flush_changes();
}

}  // namespace chatwire::chat
