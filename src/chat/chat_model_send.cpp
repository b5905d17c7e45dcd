// ChatModel: optimistic sends. A message is shown as pending the moment the
// user sends it, is handed to the server once the room is joined, and
// becomes sent on the server's confirmation (its ack, or its echo of the
// message) or failed when that does not come.
//
// Across a dropped connection: with an idempotent backend (the native
// protocol) an unconfirmed message is simply sent again under the same
// client id after the rejoin; the server stores it once. With the seed
// backends a repeat would be a second message, so a message already handed
// over keeps waiting for its echo (the history a rejoin brings may contain
// it) and fails if none comes; only messages never handed over are sent
// after the rejoin.
#include <algorithm>

#include "chat/chat_model.h"
#include "chat/text_rules.h"

namespace chatwire::chat {

std::size_t ChatModel::pending_in(const RoomId& room) const {
  return static_cast<std::size_t>(std::count_if(outgoing_.begin(), outgoing_.end(),
                                                [&](const auto& entry) { return entry.second.room == room; }));
}

Result<ClientId, CommandError> ChatModel::send(std::int64_t now_ms, const RoomId& id, std::string_view text) {
  Room* room = find(id);
  if (room == nullptr || room->state_ == RoomState::kLeft) return Failure{CommandError::kNotJoined};
  switch (check_message_text(text, config_.max_text_length)) {
    case TextProblem::kNone: break;
    case TextProblem::kInvalidUtf8: return Failure{CommandError::kInvalidText};
    case TextProblem::kBlank: return Failure{CommandError::kEmptyText};
    case TextProblem::kTooLong: return Failure{CommandError::kTextTooLong};
  }
  if (pending_in(id) >= config_.max_pending_per_room) return Failure{CommandError::kTooManyPending};

  ClientId client_id = next_client_id();
  Message message;
  message.client_id = client_id;
  message.room = id;
  message.author = config_.self;
  message.text = std::string(text);
  message.created_at_ms = now_ms;
  message.status = MessageStatus::kPending;
  if (!room->store_.add_pending(message)) return Failure{CommandError::kTooManyPending};  // id collision: not expected
  Outgoing& outgoing = outgoing_[client_id];
  outgoing.room = id;
  outgoing.text = std::move(message.text);
  touch(*room, kChangeMessages);

  // Sending ends the typing indicator at once, before the message itself.
  if (connected_) apply_typing_output(*room, room->typing_out_.stop(now_ms));
  if (connected_ && room->state_ == RoomState::kJoined) transmit(now_ms, client_id, outgoing);
  flush_changes();
  return client_id;
}

void ChatModel::transmit(std::int64_t now_ms, const ClientId& client_id, Outgoing& outgoing) {
  if (Room* room = find(outgoing.room)) make_current(*room);
  Request request;
  request.op = Operation::kSend;
  request.room = outgoing.room;
  request.client_id = client_id;
  request.text = outgoing.text;
  outgoing.transmitted = true;
  outgoing.request = issue(std::move(request), InFlight{Operation::kSend, outgoing.room, client_id, std::nullopt, false});
  switch (config_.capabilities.send_confirmation) {
    case Confirmation::kAck:
      outgoing.deadline.reset();  // the session's ack timeout decides
      break;
    case Confirmation::kEvent:
      // Nothing answers the request itself: only the echo (or its absence) tells.
      in_flight_.erase(*outgoing.request);
      outgoing.request.reset();
      outgoing.deadline = now_ms + config_.request_timeout_ms;
      break;
    case Confirmation::kNone: {
      // Nothing will confirm it: handing it over is all there is.
      in_flight_.erase(*outgoing.request);
      outgoing.request.reset();
      Room* room = find(outgoing.room);
      Message copy;
      copy.created_at_ms = now_ms;
      if (room != nullptr) confirm(now_ms, *room, client_id, copy);
      break;
    }
  }
}

// After a (re)join: first the messages that failed to go out because the
// connection was down, in the order they were written.
void ChatModel::flush_outgoing(std::int64_t now_ms, Room& room) {
  std::vector<ClientId> ready;
  const MessageStore& store = room.store_;
  for (std::size_t i = 0; i < store.size(); ++i) {
    const Message& message = store.at(i);
    if (message.status != MessageStatus::kPending || message.client_id.empty()) continue;
    auto it = outgoing_.find(message.client_id);
    if (it == outgoing_.end() || it->second.request) continue;
    if (it->second.transmitted && !config_.capabilities.idempotent_send) continue;
    ready.push_back(message.client_id);
  }
  for (const ClientId& client_id : ready) transmit(now_ms, client_id, outgoing_.at(client_id));
}

Result<bool, CommandError> ChatModel::retry(std::int64_t now_ms, const ClientId& client_id) {
  auto it = outgoing_.find(client_id);
  if (it == outgoing_.end()) return Failure{CommandError::kUnknownMessage};
  Room* room = find(it->second.room);
  if (room == nullptr || room->state_ == RoomState::kLeft) return Failure{CommandError::kNotJoined};
  const Message* message = room->store_.find_by_client_id(client_id);
  if (message == nullptr) return Failure{CommandError::kUnknownMessage};
  if (message->status != MessageStatus::kFailed) return Failure{CommandError::kNotFailed};
  room->store_.set_status(client_id, MessageStatus::kPending);
  it->second.deadline.reset();
  it->second.request.reset();
  touch(*room, kChangeMessages);
  if (connected_ && room->state_ == RoomState::kJoined) transmit(now_ms, client_id, it->second);
  flush_changes();
  return true;
}

Result<bool, CommandError> ChatModel::cancel(const ClientId& client_id) {
  auto it = outgoing_.find(client_id);
  if (it == outgoing_.end()) return Failure{CommandError::kUnknownMessage};
  Room* room = find(it->second.room);
  const Message* message = room != nullptr ? room->store_.find_by_client_id(client_id) : nullptr;
  if (message != nullptr && message->status == MessageStatus::kPending && it->second.transmitted) {
    return Failure{CommandError::kInFlight};
  }
  if (it->second.request) in_flight_.erase(*it->second.request);
  outgoing_.erase(it);
  if (room != nullptr && room->store_.remove(client_id)) touch(*room, kChangeMessages);
  flush_changes();
  return true;
}

void ChatModel::confirm(std::int64_t now_ms, Room& room, const ClientId& client_id, const Message& server_copy) {
  auto it = outgoing_.find(client_id);
  if (it != outgoing_.end()) {
    if (it->second.request) in_flight_.erase(*it->second.request);
    outgoing_.erase(it);
  }
  Message copy = server_copy;
  copy.client_id = client_id;
  copy.room = room.id_;
  // The user's own message shows their name, also where the server's copy
  // names authors only by id (express-conversations).
  copy.author = config_.self;
  if (copy.created_at_ms == 0) copy.created_at_ms = now_ms;
  copy.status = MessageStatus::kSent;
  if (room.store_.confirm(client_id, copy) != nullptr) touch(room, kChangeMessages);
  // The user's own message was read by the user: an active room stays at 0.
  after_messages_changed(now_ms, room);
}

void ChatModel::fail(Room& room, const ClientId& client_id, const std::string& why) {
  auto it = outgoing_.find(client_id);
  if (it == outgoing_.end()) return;
  if (it->second.request) {
    in_flight_.erase(*it->second.request);
    it->second.request.reset();
  }
  it->second.deadline.reset();
  const Message* message = room.store_.find_by_client_id(client_id);
  if (message == nullptr || message->status == MessageStatus::kFailed) return;
  room.store_.set_status(client_id, MessageStatus::kFailed, why);
  touch(room, kChangeMessages);
  report(ChatErrorCode::kSendFailed, room.id_, why, Operation::kSend);
}

// The own message an incoming one confirms: by client id when the server
// echoes it, else the oldest own message handed over with the same text
// (seed backends echo the text but not the client id).
std::optional<ClientId> ChatModel::match_own(const Room& room, const Message& incoming) const {
  if (!is_self(incoming.author)) return std::nullopt;
  if (!incoming.client_id.empty()) {
    if (outgoing_.count(incoming.client_id) != 0) return incoming.client_id;
    return std::nullopt;
  }
  const MessageStore& store = room.store_;
  for (std::size_t i = 0; i < store.size(); ++i) {
    const Message& candidate = store.at(i);
    if (candidate.client_id.empty() || candidate.status == MessageStatus::kSent) continue;
    auto it = outgoing_.find(candidate.client_id);
    if (it != outgoing_.end() && it->second.transmitted && it->second.text == incoming.text) {
      return candidate.client_id;
    }
  }
  return std::nullopt;
}

}  // namespace chatwire::chat
