#include "chat/optimistic_sends.h"

#include <algorithm>
#include <utility>

namespace chatwire::chat {

OptimisticSends::OptimisticSends(SendPolicy policy, std::uint64_t client_id_seed)
    : policy_(std::move(policy)), client_ids_('c', client_id_seed) {}

std::size_t OptimisticSends::count_in(const RoomId& room) const {
  return static_cast<std::size_t>(std::count_if(outgoing_.begin(), outgoing_.end(),
                                                [&](const auto& entry) { return entry.second.room == room; }));
}

bool valid_client_id(std::string_view id) {
  // What every backend can carry and echo unchanged: short, plain ASCII.
  if (id.empty() || id.size() > kMaxClientIdBytes) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

// ---- the user's commands -------------------------------------------------------

Result<ClientId, CommandError> OptimisticSends::add(std::int64_t now_ms, MessageStore& store, const RoomId& room,
                                                    std::string_view text, std::string_view chosen,
                                                    const ReplyRef& reply) {
  if (count_in(room) >= policy_.max_per_room) return Failure{CommandError::kTooManyPending};
  ClientId client_id = chosen.empty() ? client_ids_.next() : ClientId(chosen);
  Message message;
  message.client_id = client_id;
  message.room = room;
  message.author = policy_.self;
  message.text = std::string(text);
  message.created_at_ms = now_ms;
  message.status = MessageStatus::kPending;
  message.reply_to = reply;
  if (!store.add_pending(message)) return Failure{CommandError::kTooManyPending};  // id collision: not expected
  Outgoing& outgoing = outgoing_[client_id];
  outgoing.room = room;
  outgoing.text = std::move(message.text);
  outgoing.created_at_ms = now_ms;
  if (reply) outgoing.reply_to = reply->id;
  stored(client_id, outgoing);
  return client_id;
}

bool OptimisticSends::rewrite(MessageStore& store, const ClientId& client_id, std::string_view text) {
  auto it = outgoing_.find(client_id);
  // Handed over, the server may hold the first text under this client id,
  // and a repeat of the send would be answered with it.
  if (it == outgoing_.end() || it->second.transmitted) return false;
  const Message* shown = store.find_by_client_id(client_id);
  if (shown == nullptr) return false;
  Message content = *shown;
  content.text = std::string(text);
  store.set_content(content);
  it->second.text = std::move(content.text);
  stored(client_id, it->second, content.failure);
  return true;
}

std::optional<CommandError> OptimisticSends::retry(MessageStore& store, const ClientId& client_id) {
  auto it = outgoing_.find(client_id);
  if (it == outgoing_.end()) return CommandError::kUnknownMessage;
  const Message* message = store.find_by_client_id(client_id);
  if (message == nullptr) return CommandError::kUnknownMessage;
  if (message->status != MessageStatus::kFailed && message->status != MessageStatus::kUnconfirmed) {
    return CommandError::kNotFailed;
  }
  store.set_status(client_id, MessageStatus::kPending);
  Outgoing& outgoing = it->second;
  outgoing.deadline.reset();
  outgoing.request.reset();
  // The user asks for it to go out again, knowing it may have gone out
  // before: it is a new hand-over, also where sends are not idempotent.
  outgoing.transmitted = false;
  stored(client_id, outgoing);
  return std::nullopt;
}

Result<bool, CommandError> OptimisticSends::cancel(RequestTracker& requests, MessageStore* store,
                                                   const ClientId& client_id) {
  auto it = outgoing_.find(client_id);
  if (it == outgoing_.end()) return Failure{CommandError::kUnknownMessage};
  const Message* message = store != nullptr ? store->find_by_client_id(client_id) : nullptr;
  if (message != nullptr && message->status == MessageStatus::kPending && it->second.transmitted) {
    return Failure{CommandError::kInFlight};
  }
  if (it->second.request) requests.forget(*it->second.request);
  outgoing_.erase(it);
  forgotten(client_id);
  return store != nullptr && store->remove(client_id);
}

// ---- handing over --------------------------------------------------------------

bool OptimisticSends::transmit(std::int64_t now_ms, RequestTracker& requests, const ClientId& client_id) {
  auto it = outgoing_.find(client_id);
  if (it == outgoing_.end()) return false;
  Outgoing& outgoing = it->second;
  Request request;
  request.op = Operation::kSend;
  request.room = outgoing.room;
  request.client_id = client_id;
  request.text = outgoing.text;
  request.reply_to = outgoing.reply_to;
  const bool first_hand_over = !outgoing.transmitted;
  outgoing.transmitted = true;
  // Where a resend could duplicate it, the record must say it may have gone
  // out, before the socket has it.
  if (first_hand_over && !policy_.idempotent) stored(client_id, outgoing);
  outgoing.request = requests.issue(std::move(request));
  switch (policy_.confirmation) {
    case Confirmation::kAck:
      outgoing.deadline.reset();  // the session's ack timeout decides
      return false;
    case Confirmation::kEvent:
      // Nothing answers the request itself: only the echo (or its absence) tells.
      requests.forget(*outgoing.request);
      outgoing.request.reset();
      outgoing.deadline = now_ms + policy_.echo_timeout_ms;
      return false;
    case Confirmation::kNone:
      // Nothing will confirm it: handing it over is all there is.
      requests.forget(*outgoing.request);
      outgoing.request.reset();
      return true;
  }
  return false;
}

// After a (re)join: first the messages that failed to go out because the
// connection was down, in the order they were written.
std::vector<ClientId> OptimisticSends::ready_to_transmit(const MessageStore& store) const {
  std::vector<ClientId> ready;
  for (std::size_t i = 0; i < store.size(); ++i) {
    const Message& message = store.at(i);
    if (message.status != MessageStatus::kPending || message.client_id.empty()) continue;
    auto it = outgoing_.find(message.client_id);
    if (it == outgoing_.end() || it->second.request) continue;
    if (it->second.transmitted && !policy_.idempotent) continue;
    ready.push_back(message.client_id);
  }
  return ready;
}

// ---- the server's word ---------------------------------------------------------

// The own message an incoming one confirms: by client id when the server
// echoes it, else the oldest own message handed over with the same text
// (seed backends echo the text but not the client id).
std::optional<ClientId> OptimisticSends::match_own(const MessageStore& store, const Message& incoming) const {
  if (!incoming.client_id.empty()) {
    if (outgoing_.count(incoming.client_id) != 0) return incoming.client_id;
    return std::nullopt;
  }
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

bool OptimisticSends::answered(const ClientId& client_id) {
  auto it = outgoing_.find(client_id);
  if (it == outgoing_.end()) return false;
  it->second.request.reset();
  return true;
}

bool OptimisticSends::confirm(std::int64_t now_ms, RequestTracker& requests, MessageStore& store, const RoomId& room,
                              const ClientId& client_id, const Message& server_copy) {
  auto it = outgoing_.find(client_id);
  if (it != outgoing_.end()) {
    if (it->second.request) requests.forget(*it->second.request);
    outgoing_.erase(it);
    forgotten(client_id);
  }
  Message copy = server_copy;
  copy.client_id = client_id;
  copy.room = room;
  // The user's own message shows their name, also where the server's copy
  // names authors only by id (express-conversations).
  copy.author = policy_.self;
  if (copy.created_at_ms == 0) copy.created_at_ms = now_ms;
  copy.status = MessageStatus::kSent;
  return store.confirm(client_id, copy) != nullptr;
}

bool OptimisticSends::fail(RequestTracker& requests, MessageStore& store, const ClientId& client_id,
                           const std::string& why) {
  auto it = outgoing_.find(client_id);
  if (it == outgoing_.end()) return false;
  if (it->second.request) {
    requests.forget(*it->second.request);
    it->second.request.reset();
  }
  it->second.deadline.reset();
  const Message* message = store.find_by_client_id(client_id);
  if (message == nullptr || message->status == MessageStatus::kFailed) return false;
  stored(client_id, it->second, why);
  store.set_status(client_id, MessageStatus::kFailed, why);
  return true;
}

// ---- reading and housekeeping --------------------------------------------------

const RoomId* OptimisticSends::room_of(const ClientId& client_id) const {
  auto it = outgoing_.find(client_id);
  return it == outgoing_.end() ? nullptr : &it->second.room;
}

std::vector<ClientId> OptimisticSends::in_room(const RoomId& room) const {
  std::vector<ClientId> out;
  for (const auto& [client_id, outgoing] : outgoing_) {
    if (outgoing.room == room) out.push_back(client_id);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<ClientId> OptimisticSends::expired(std::int64_t now_ms) const {
  std::vector<ClientId> out;
  for (const auto& [client_id, outgoing] : outgoing_) {
    if (outgoing.deadline && *outgoing.deadline <= now_ms) out.push_back(client_id);
  }
  std::sort(out.begin(), out.end());  // deterministic order of failure reports
  return out;
}

std::optional<std::int64_t> OptimisticSends::next_deadline() const {
  std::optional<std::int64_t> next;
  for (const auto& [client_id, outgoing] : outgoing_) {
    if (outgoing.deadline && (!next || *outgoing.deadline < *next)) next = outgoing.deadline;
  }
  return next;
}

void OptimisticSends::forget_room(RequestTracker& requests, const RoomId& room) {
  // Its failed messages go with it, or they would count against a new room
  // of the same id.
  for (auto it = outgoing_.begin(); it != outgoing_.end();) {
    if (it->second.room != room) {
      ++it;
      continue;
    }
    if (it->second.request) requests.forget(*it->second.request);
    forgotten(it->first);
    it = outgoing_.erase(it);
  }
}

bool OptimisticSends::knows(const ClientId& client_id) const {
  if (outgoing_.contains(client_id)) return true;
  return std::any_of(restored_.begin(), restored_.end(), [&](const StoredSend& held) { return held.client_id == client_id; });
}

// ---- across restarts -----------------------------------------------------------

std::size_t OptimisticSends::restore(std::vector<StoredSend> records) {
  std::size_t taken = 0;
  for (StoredSend& record : records) {
    if (record.client_id.empty()) continue;  // nothing names it, here or on disk
    if (knows(record.client_id)) continue;
    if (record.room.empty() || record.text.empty() || restored_.size() >= kMaxRestored) {
      forgotten(record.client_id);
      continue;
    }
    // Kept oldest first, whatever order the platform read them in (after
    // those of the same time: a few records, so no sort is worth its code).
    const auto later = std::upper_bound(
        restored_.begin(), restored_.end(), record.created_at_ms,
        [](std::int64_t created_at_ms, const StoredSend& held) { return created_at_ms < held.created_at_ms; });
    restored_.insert(later, std::move(record));
    ++taken;
  }
  return taken;
}

bool OptimisticSends::show_restored(MessageStore& store, const RoomId& room) {
  bool changed = false;
  for (auto it = restored_.begin(); it != restored_.end();) {
    if (it->room != room) {
      ++it;
      continue;
    }
    StoredSend record = std::move(*it);
    it = restored_.erase(it);
    if (count_in(room) >= policy_.max_per_room) {
      forgotten(record.client_id);  // as add() refuses it: the room has as many waiting as it may
      continue;
    }
    Message message;
    message.client_id = record.client_id;
    message.room = room;
    message.author = policy_.self;
    message.text = record.text;
    message.created_at_ms = record.created_at_ms;
    // Only the parent's id was kept: the server's copy describes it in full.
    if (!record.reply_to.empty()) message.reply_to = ReplyRef(ReplyTo{record.reply_to, {}, {}, false});
    if (!record.failure.empty()) {
      message.status = MessageStatus::kFailed;
      message.failure = record.failure;
    } else if (record.handed_over && !policy_.idempotent) {
      message.status = MessageStatus::kUnconfirmed;
    } else {
      message.status = MessageStatus::kPending;
    }
    // A store that is full (or already holds the id) leaves the record on
    // disk, not forgotten: the next page takes it back.
    if (!store.add_pending(std::move(message))) continue;
    Outgoing& outgoing = outgoing_[record.client_id];
    outgoing.room = room;
    outgoing.text = std::move(record.text);
    outgoing.transmitted = record.handed_over;
    outgoing.created_at_ms = record.created_at_ms;
    outgoing.reply_to = std::move(record.reply_to);
    changed = true;
  }
  return changed;
}

std::vector<std::variant<SendStored, SendForgotten>> OptimisticSends::take_storage() {
  return std::exchange(storage_, {});
}

void OptimisticSends::stored(const ClientId& client_id, const Outgoing& outgoing, const std::string& failure) {
  if (!policy_.store) return;
  storage_.emplace_back(
      SendStored{StoredSend{client_id, outgoing.room, outgoing.text, outgoing.created_at_ms, outgoing.transmitted, failure,
                            outgoing.reply_to}});
}

void OptimisticSends::forgotten(const ClientId& client_id) {
  if (policy_.store) storage_.emplace_back(SendForgotten{client_id});
}

}  // namespace chatwire::chat
