// ChatModel: the user's sends. The messages themselves, until the server
// confirms them, are kept by OptimisticSends (sends_); here the commands
// reach it, and what it does becomes room changes, requests and reports.
#include <algorithm>

#include "chat/chat_model.h"
#include "chat/text_rules.h"

namespace chatwire::chat {

Result<ClientId, CommandError> ChatModel::send(std::int64_t now_ms, const RoomId& id, std::string_view text,
                                               std::string_view chosen_id, std::string_view reply_to) {
  Room* room = find(id);
  if (room == nullptr || room->state_ == RoomState::kLeft) return Failure{CommandError::kNotJoined};
  switch (check_message_text(text, config_.max_text_length)) {
    case TextProblem::kNone: break;
    case TextProblem::kInvalidUtf8: return Failure{CommandError::kInvalidText};
    case TextProblem::kBlank: return Failure{CommandError::kEmptyText};
    case TextProblem::kTooLong: return Failure{CommandError::kTextTooLong};
  }
  if (!chosen_id.empty()) {
    // Taken: waiting (here, or restored for a room not shown yet), or held by
    // any room (a confirmed message keeps its client id).
    const ClientId chosen(chosen_id);
    if (!valid_client_id(chosen) || sends_.knows(chosen) || holds_client_id(chosen)) {
      return Failure{CommandError::kInvalidClientId};
    }
  }
  ReplyRef reply;
  if (!reply_to.empty()) {
    if (!config_.capabilities.replies) return Failure{CommandError::kUnsupported};
    if (reply_to.size() > kMaxMessageRefBytes) return Failure{CommandError::kUnknownMessage};
    const Message* parent = find_message(*room, std::string(reply_to));
    if (parent != nullptr) {
      if (parent->deleted) return Failure{CommandError::kDeleted};
      // Shown as the server will describe it: its author and first characters.
      reply = reply_preview(*parent);
    } else if (room->state_ == RoomState::kJoined) {
      return Failure{CommandError::kUnknownMessage};
    } else {
      // The room's page is not in yet (a send carried over from another tab
      // or page): the parent cannot be checked here, so the server checks it
      // (reply_not_found), and only its id is shown until the server's copy.
      reply = ReplyRef(ReplyTo{std::string(reply_to), {}, {}, false});
    }
  }
  auto client_id = sends_.add(now_ms, room->store_, id, text, chosen_id, reply);
  if (!client_id) return client_id;
  touch(*room, kChangeMessages);
  // The user's message goes at the live end: that is what the room shows now.
  close_window(now_ms, *room);

  // Sending ends the typing indicator at once, before the message itself.
  if (connected_) apply_typing_output(*room, room->typing_out_.stop(now_ms));
  if (connected_ && room->state_ == RoomState::kJoined) transmit(now_ms, *room, *client_id);
  flush_changes();
  return client_id;
}

bool ChatModel::holds_client_id(const ClientId& client_id) const {
  return std::any_of(rooms_.begin(), rooms_.end(), [&](const auto& entry) {
    return find_message(*entry.second, client_id) != nullptr;
  });
}

Result<bool, CommandError> ChatModel::retry(std::int64_t now_ms, const ClientId& client_id) {
  const RoomId* room_id = sends_.room_of(client_id);
  if (room_id == nullptr) return Failure{CommandError::kUnknownMessage};
  Room* room = find(*room_id);
  if (room == nullptr || room->state_ == RoomState::kLeft) return Failure{CommandError::kNotJoined};
  if (auto refused = sends_.retry(room->store_, client_id)) return Failure{*refused};
  touch(*room, kChangeMessages);
  if (connected_ && room->state_ == RoomState::kJoined) transmit(now_ms, *room, client_id);
  flush_changes();
  return true;
}

Result<bool, CommandError> ChatModel::cancel(const ClientId& client_id) {
  const RoomId* room_id = sends_.room_of(client_id);
  if (room_id == nullptr) return Failure{CommandError::kUnknownMessage};
  Room* room = find(*room_id);
  const auto removed = sends_.cancel(requests_, room != nullptr ? &room->store_ : nullptr, client_id);
  if (!removed) return Failure{removed.error()};
  if (room != nullptr) ops_.forget_send(requests_, room->id_, client_id);
  if (removed.value()) touch(*room, kChangeMessages);
  flush_changes();
  return true;
}

std::size_t ChatModel::restore_sends(std::int64_t now_ms, std::vector<StoredSend> records) {
  // Kept records are input like any other. Text this client would not send
  // (a lower maxTextLength since, a damaged record) comes back failed, saying
  // why, for the user to see and cancel, rather than going out or being lost.
  for (StoredSend& record : records) {
    if (!record.failure.empty()) continue;
    switch (check_message_text(record.text, config_.max_text_length)) {
      case TextProblem::kNone: break;
      case TextProblem::kInvalidUtf8: record.failure = "kept from before a restart, but not valid UTF-8 text"; break;
      case TextProblem::kBlank: record.text.clear(); break;  // nothing to show: dropped
      case TextProblem::kTooLong: record.failure = "kept from before a restart, but longer than maxTextLength"; break;
    }
  }
  const std::size_t taken = sends_.restore(std::move(records));
  for (auto& [id, room] : rooms_) {
    if (room->state_ == RoomState::kLeft || !sends_.show_restored(room->store_, id)) continue;
    touch(*room, kChangeMessages);
    if (connected_ && room->state_ == RoomState::kJoined) transmit_waiting(now_ms, *room);
  }
  flush_changes();
  return taken;
}

void ChatModel::transmit(std::int64_t now_ms, Room& room, const ClientId& client_id) {
  make_current(room);
  if (!sends_.transmit(now_ms, requests_, client_id)) return;
  Message copy;
  copy.created_at_ms = now_ms;
  confirm(now_ms, room, client_id, copy);
}

void ChatModel::transmit_waiting(std::int64_t now_ms, Room& room) {
  for (const ClientId& client_id : sends_.ready_to_transmit(room.store_)) transmit(now_ms, room, client_id);
  transmit_ops(room);
}

void ChatModel::confirm(std::int64_t now_ms, Room& room, const ClientId& client_id, const Message& server_copy) {
  if (sends_.confirm(now_ms, requests_, room.store_, room.id_, client_id, server_copy)) touch(room, kChangeMessages);
  if (!server_copy.id.empty()) {
    // The server's copy is what the message is now (its reply described in
    // full, its version), unless a newer one (an echo with a change since)
    // is held already; the user's pending operations on the send apply on
    // top of it and can now go out under its id.
    Message copy = server_copy;
    copy.client_id = client_id;
    const Message* held = room.store_.find_by_client_id(client_id);
    if (std::optional<Message> shown = ops_.resolve(room.id_, client_id, copy)) {
      show(now_ms, room, shown);
      if (connected_ && room.state_ == RoomState::kJoined) transmit_ops(room);
    } else if (held != nullptr && held->version <= copy.version && room.store_.set_content(copy)) {
      touch(room, kChangeMessages);
    }
  }
  // The user's own message was read by the user: an active room stays at 0.
  after_messages_changed(now_ms, room);
}

void ChatModel::fail(Room& room, const ClientId& client_id, const std::string& why) {
  if (!sends_.fail(requests_, room.store_, client_id, why)) return;
  touch(room, kChangeMessages);
  report(ChatErrorCode::kSendFailed, room.id_, why, Operation::kSend);
}

void ChatModel::fail_all_in(Room& room, const std::string& why) {
  for (const ClientId& client_id : sends_.in_room(room.id_)) fail(room, client_id, why);
}

std::optional<ClientId> ChatModel::match_own(const Room& room, const Message& incoming) const {
  if (!is_self(incoming.author)) return std::nullopt;
  return sends_.match_own(room.store_, incoming);
}

}  // namespace chatwire::chat
