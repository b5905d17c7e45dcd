// ChatModel: changes to messages. The user's (edit, delete, react) are kept
// by PendingOps (ops_) until the server has them: here the commands reach
// it, what it computes becomes what the rooms show, and its requests,
// answers and failures are routed. The server's (message_updated pushes,
// the changes a rejoin catches up on, each room's ChangeFeed) are merged by
// version: of two copies of a message the higher version wins, and an
// older one is dropped.
#include <algorithm>
#include <utility>

#include "chat/chat_model.h"
#include "chat/text_rules.h"

namespace chatwire::chat {

// ---- the user's commands --------------------------------------------------------

Result<std::string, CommandError> ChatModel::edit(std::int64_t now_ms, const RoomId& room_id,
                                                  const std::string& message, std::string_view text,
                                                  std::string_view op_id) {
  switch (check_message_text(text, config_.max_text_length)) {
    case TextProblem::kNone: break;
    case TextProblem::kInvalidUtf8: return Failure{CommandError::kInvalidText};
    case TextProblem::kBlank: return Failure{CommandError::kEmptyText};
    case TextProblem::kTooLong: return Failure{CommandError::kTextTooLong};
  }
  PendingOp op;
  op.op_id = OpId(op_id);
  op.op = Operation::kEdit;
  op.text = std::string(text);
  return change(now_ms, room_id, message, std::move(op));
}

Result<std::string, CommandError> ChatModel::remove(std::int64_t now_ms, const RoomId& room_id,
                                                    const std::string& message, std::string_view op_id) {
  PendingOp op;
  op.op_id = OpId(op_id);
  op.op = Operation::kDelete;
  return change(now_ms, room_id, message, std::move(op));
}

Result<std::string, CommandError> ChatModel::react(std::int64_t now_ms, const RoomId& room_id,
                                                   const std::string& message, std::string_view emoji, bool on,
                                                   std::string_view op_id) {
  if (!valid_emoji(emoji)) return Failure{CommandError::kInvalidEmoji};
  PendingOp op;
  op.op_id = OpId(op_id);
  op.op = Operation::kReact;
  op.emoji = std::string(emoji);
  op.on = on;
  return change(now_ms, room_id, message, std::move(op));
}

Result<std::string, CommandError> ChatModel::change(std::int64_t now_ms, const RoomId& room_id,
                                                    const std::string& ref, PendingOp op) {
  Room* room = find(room_id);
  if (room == nullptr || room->state_ == RoomState::kLeft) return Failure{CommandError::kNotJoined};
  if (!config_.capabilities.has(op.op)) return Failure{CommandError::kUnsupported};
  if (ref.empty() || ref.size() > kMaxMessageRefBytes) return Failure{CommandError::kUnknownMessage};
  // A chosen id is checked like a chosen client id: well formed, and not one
  // this client has in use (ops and sends share the server's idea of a repeat).
  if (!op.op_id.empty() && (!valid_client_id(op.op_id) || ops_.knows(op.op_id))) return Failure{CommandError::kInvalidClientId};
  const Message* held = find_message(*room, ref);
  if (held != nullptr && held->deleted) return Failure{CommandError::kDeleted};
  if (held != nullptr && op.op == Operation::kEdit && !is_self(held->author)) return Failure{CommandError::kNotAuthor};

  // The user's send, never handed over: the send itself changes.
  if (held != nullptr && held->id.empty() && !ops_.targets(room_id, *held)) {
    const ClientId client_id = held->client_id;
    bool changed = false;
    if (op.op == Operation::kEdit) {
      changed = sends_.rewrite(room->store_, client_id, op.text);
    } else if (op.op == Operation::kDelete) {
      const auto cancelled = sends_.cancel(requests_, &room->store_, client_id);
      if (!cancelled && cancelled.error() != CommandError::kInFlight) return Failure{cancelled.error()};
      changed = cancelled.ok();
    }
    if (changed) {
      touch(*room, kChangeMessages);
      flush_changes();
      return std::string(client_id);
    }
  }

  op.room = room_id;
  if (held == nullptr) {
    op.message_id = ref;  // a message not loaded: the server knows it
  } else if (!held->id.empty()) {
    op.message_id = held->id;
  } else {
    op.client_id = held->client_id;  // goes out once the send is confirmed
  }
  const Message target = op.target();
  auto op_id = ops_.add(now_ms, std::move(op), held);
  if (!op_id) return op_id;
  show(now_ms, *room, ops_.shown(room_id, target));
  if (connected_ && room->state_ == RoomState::kJoined) transmit_ops(*room);
  flush_changes();
  return op_id;
}

std::size_t ChatModel::restore_ops(std::int64_t now_ms, std::vector<StoredOp> records) {
  // Kept records are input like any other: an edit this client would not
  // send now is dropped (and forgotten) with the unusable ones.
  for (StoredOp& record : records) {
    if (record.op == Operation::kEdit && check_message_text(record.text, config_.max_text_length) != TextProblem::kNone) {
      record.text.clear();
    }
    if (record.op == Operation::kReact && !valid_emoji(record.emoji)) record.emoji.clear();
  }
  const std::size_t taken = ops_.restore(std::move(records));
  for (auto& [id, room] : rooms_) {
    if (room->state_ == RoomState::kLeft) continue;
    show_ops(now_ms, *room);
    if (connected_ && room->state_ == RoomState::kJoined) transmit_ops(*room);
  }
  flush_changes();
  return taken;
}

const Message* ChatModel::find_in(const MessageStore& store, const std::string& ref) {
  if (const Message* by_id = store.find_by_id(ref)) return by_id;
  return store.find_by_client_id(ref);
}

const Message* ChatModel::find_message(const Room& room, const std::string& ref) const {
  for (const MessageStore* store : room.stores()) {
    if (const Message* found = store != nullptr ? find_in(*store, ref) : nullptr) return found;
  }
  return nullptr;
}

// ---- what the rooms show --------------------------------------------------------

void ChatModel::take_server_copy(const Room& room, Message& message) const {
  // A client id names the user's own messages only; on anyone else's it is
  // a server bug that must not make two messages share one.
  if (!is_self(message.author)) message.client_id.clear();
  message.room = room.id_;
  message.status = MessageStatus::kSent;
  message.pending_ops = 0;
  // A room keeps how many set each emoji and whether the user did, not who.
  const std::string& self = user_key(config_.self);
  for (Reaction& reaction : message.reactions) {
    std::sort(reaction.users.begin(), reaction.users.end());
    reaction.users.erase(std::unique(reaction.users.begin(), reaction.users.end()), reaction.users.end());
    reaction.count = static_cast<std::uint32_t>(reaction.users.size());
    reaction.mine = std::binary_search(reaction.users.begin(), reaction.users.end(), self);
    reaction.users = {};
  }
  std::erase_if(message.reactions, [](const Reaction& reaction) { return reaction.count == 0; });
}

void ChatModel::overlay(Room& room, Message& message) {
  if (!ops_.targets(room.id_, message)) return;
  ops_.rebase(room.id_, message);
  if (std::optional<Message> shown = ops_.shown(room.id_, message)) copy_content(message, *shown);
}

void ChatModel::show(std::int64_t now_ms, Room& room, const std::optional<Message>& shown) {
  if (!shown) return;
  bool changed = false;
  for (MessageStore* store : room.stores()) changed = (store != nullptr && store->set_content(*shown)) || changed;
  if (!changed) return;
  touch(room, kChangeMessages);
  cache_.changed(now_ms, room.id_);
}

void ChatModel::show_ops(std::int64_t now_ms, Room& room) {
  const auto stored = [&](const PendingOp& op) {
    return find_message(room, op.message_id.empty() ? op.client_id : op.message_id);
  };
  for (const Message& shown : ops_.settle(room.id_, stored)) show(now_ms, room, shown);
}

// ---- handing over ---------------------------------------------------------------

void ChatModel::transmit_ops(Room& room) {
  for (const OpId& op_id : ops_.ready(room.id_)) ops_.transmit(requests_, op_id);
}

// ---- the server's word ----------------------------------------------------------

void ChatModel::on_op_response(std::int64_t now_ms, Room& room, const OpId& op_id, Response response) {
  if (!response.ok) {
    fail_op(now_ms, room, op_id, refusal_text(response), response.error_code);
    return;
  }
  std::optional<Message> copy = std::move(response.message);
  if (copy) {
    take_server_copy(room, *copy);
    room.changes_.seen(copy->rev);
  }
  if (std::optional<PendingOps::Ended> ended = ops_.applied(op_id, copy)) show(now_ms, room, ended->shown);
}

void ChatModel::fail_op(std::int64_t now_ms, Room& room, const OpId& op_id, const std::string& why,
                        const std::string& code) {
  std::optional<PendingOps::Ended> ended = ops_.failed(op_id);
  if (!ended) return;
  show(now_ms, room, ended->shown);
  // The key the room's reader knows the message by, when the room holds it.
  const Message target = ended->op.target();
  const Message* held = find_message(room, target.id.empty() ? target.client_id : target.id);
  ChatError error{ChatErrorCode::kChangeFailed, room.id_, std::string(to_string(ended->op.op)) + ": " + why,
                  ended->op.op, ended->op.request};
  error.op_id = ended->op.op_id;
  error.key = message_key(held != nullptr ? *held : target, {});
  error.reason = code;
  events_.push_back(std::move(error));
}

void ChatModel::fail_ops_in(std::int64_t now_ms, Room& room, const std::string& why) {
  for (const OpId& op_id : ops_.in_room(room.id_)) fail_op(now_ms, room, op_id, why);
}

void ChatModel::on_message_updated(std::int64_t now_ms, MessageUpdatedSignal& signal) {
  Room* room = resolve(signal.room);
  if (room == nullptr) {
    report(ChatErrorCode::kUnroutable, signal.room.value_or(RoomId{}), "a change for a room not joined was dropped");
    return;
  }
  take_server_copy(*room, signal.message);
  room->changes_.seen(signal.message.rev);
  const bool page_coming = room->join_request_.has_value() || room->history_.loading();
  if (page_coming && !signal.message.id.empty() && room->store_.find_by_id(signal.message.id) == nullptr) {
    room->changes_.keep_early(std::move(signal.message));  // the page may bring it, older than this
    return;
  }
  apply_change(now_ms, *room, std::move(signal.message), true);
}

void ChatModel::apply_change(std::int64_t now_ms, Room& room, Message&& message, bool warn) {
  const auto dropped = [&](bool stale) {
    if (!warn) return;
    events_.push_back(UpdateDropped{room.id_, message.id, stale,
                                    stale ? "a change older than the message held (version " +
                                                std::to_string(message.version) + ") was ignored"
                                          : "a change for a message the room does not hold was ignored"});
  };
  if (message.id.empty()) return dropped(false);
  if (ops_.targets(room.id_, message)) {
    // The user's operations on it stay on top of whatever the server says.
    const bool held = find_message(room, message.id) != nullptr;
    if (!ops_.rebase(room.id_, message)) return dropped(true);
    if (!held) return dropped(false);
    return show(now_ms, room, ops_.shown(room.id_, message));
  }
  // Held in the live run or in the window (never both: they merge when they meet).
  MergeResult merged = MergeResult::kUnknown;
  for (MessageStore* store : room.stores()) {
    if (store != nullptr) merged = std::min(merged, store->merge(message));
  }
  switch (merged) {
    case MergeResult::kUpdated:
      touch(room, kChangeMessages);
      cache_.changed(now_ms, room.id_);
      return;
    case MergeResult::kSame:
      return;  // a duplicate delivery (the push after the ack)
    case MergeResult::kStale:
      return dropped(true);
    case MergeResult::kUnknown:
      return dropped(false);
  }
}

// ---- catching up after a rejoin ---------------------------------------------------

void ChatModel::on_changes_response(std::int64_t now_ms, Room& room, Response response) {
  if (!response.ok || !response.history) {
    room.changes_.stop();
    report(ChatErrorCode::kRequestFailed, room.id_, "changes: " + refusal_text(response), Operation::kChanges);
    return;
  }
  room.changes_.answered(requests_, room.id_, *response.history, response.rev);
  apply_changes(now_ms, room, std::move(response.history->messages));
}

void ChatModel::apply_early_changes(std::int64_t now_ms, Room& room) {
  const bool page_coming = room.history_.loading();
  for (Message& message : room.changes_.take_early()) {
    if (room.store_.find_by_id(message.id) != nullptr) {
      apply_change(now_ms, room, std::move(message), false);
    } else if (page_coming) {
      room.changes_.keep_early(std::move(message));
    }
  }
}

void ChatModel::apply_changes(std::int64_t now_ms, Room& room, std::vector<Message> changes) {
  // Changes to messages the room no longer holds (or never loaded) are
  // expected here, and older copies than a push brought meanwhile too: no
  // warnings.
  for (Message& message : changes) {
    take_server_copy(room, message);
    apply_change(now_ms, room, std::move(message), false);
  }
}

}  // namespace chatwire::chat
