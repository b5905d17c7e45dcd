#include "chat/pending_ops.h"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <utility>

namespace chatwire::chat {

bool same_message(const Message& a, const Message& b) {
  if (!a.id.empty() && !b.id.empty()) return a.id == b.id;
  return !a.client_id.empty() && a.client_id == b.client_id;
}

bool PendingOp::targets(const Message& message) const { return same_message(target(), message); }

Message PendingOp::target() const {
  Message target;
  target.id = message_id;
  target.client_id = client_id;
  return target;
}

void apply(Message& message, const PendingOp& op) {
  if (message.deleted) return;  // a delete wins: nothing changes a tombstone
  switch (op.op) {
    case Operation::kEdit:
      message.text = op.text;
      // The local time until the server's; never 0, which means "not edited".
      message.edited_at_ms = std::max<std::int64_t>(op.created_at_ms, 1);
      return;
    case Operation::kDelete:
      // As the server keeps a tombstone: no text, no reactions, no reply.
      message.deleted = true;
      message.text.clear();
      message.reactions.clear();
      message.reply_to = ReplyRef();
      return;
    case Operation::kReact: {
      auto it = std::find_if(message.reactions.begin(), message.reactions.end(),
                             [&](const Reaction& reaction) { return reaction.emoji == op.emoji; });
      if (op.on) {
        // Setting what is set changes nothing, as on the server. A new emoji
        // goes last, where the server lists it: push_back, as read_reactions()
        // does (insert() at the end did the same with code of its own).
        if (it == message.reactions.end()) {
          Reaction added;
          added.emoji = op.emoji;
          message.reactions.push_back(std::move(added));
          it = message.reactions.end() - 1;
        }
        if (!it->mine) {
          it->mine = true;
          ++it->count;
        }
      } else if (it != message.reactions.end() && it->mine) {
        it->mine = false;
        if (--it->count == 0) message.reactions.erase(it);
      }
      return;
    }
    default:
      return;  // not an operation on a message
  }
}

PendingOps::PendingOps(OpPolicy policy, std::uint64_t seed) : policy_(std::move(policy)), op_ids_('o', seed) {}

// ---- the user's commands --------------------------------------------------------

Result<OpId, CommandError> PendingOps::add(std::int64_t now_ms, PendingOp op, const Message* held) {
  if (count_in(op.room) >= policy_.max_per_room) return Failure{CommandError::kTooManyPending};
  if (op.op_id.empty()) op.op_id = op_ids_.next();  // else chosen by the caller, checked by ChatModel
  op.created_at_ms = now_ms;
  op.request.reset();
  if (held != nullptr && base_of(op.room, *held) == nullptr) {
    // No operation targets it yet, so the room shows the server's state of
    // it: that is what this one and the next apply to.
    bases_.push_back(Base{op.room, *held});
  }
  stored(op);
  ops_.push_back(std::move(op));
  return ops_.back().op_id;
}

// ---- what the rooms show --------------------------------------------------------

bool PendingOps::targets(const RoomId& room, const Message& message) const {
  if (ops_.empty()) return false;
  return std::any_of(ops_.begin(), ops_.end(),
                     [&](const PendingOp& op) { return op.room == room && op.targets(message); });
}

bool PendingOps::rebase(const RoomId& room, const Message& server_copy) {
  // An operation restored from before a reload may name its target by the
  // client id of a send confirmed since: the server copy gives the id.
  if (!server_copy.id.empty()) {
    for (PendingOp& op : ops_) {
      if (op.room != room || !op.message_id.empty() || !op.targets(server_copy)) continue;
      op.message_id = server_copy.id;
      stored(op);
    }
  }
  for (Base& base : bases_) {
    if (base.room != room || !same_message(base.message, server_copy)) continue;
    if (server_copy.version < base.message.version) return false;
    // A pending send's base becomes the server's copy, whatever its version.
    // (Copied, then moved in: Message's copy assignment would be code of its
    // own, with vector<Reaction>'s, in the module for this line alone.)
    if (server_copy.version > base.message.version || base.message.id.empty()) base.message = Message(server_copy);
    return true;
  }
  bases_.push_back(Base{room, server_copy});
  return true;
}

std::optional<Message> PendingOps::shown(const RoomId& room, const Message& message) const {
  const Base* base = base_of(room, message);
  if (base == nullptr) return std::nullopt;
  Message out = base->message;
  std::size_t count = 0;
  for (const PendingOp& op : ops_) {
    if (op.room != room || !op.targets(base->message)) continue;
    apply(out, op);
    ++count;
  }
  out.pending_ops = static_cast<std::uint16_t>(std::min<std::size_t>(count, std::numeric_limits<std::uint16_t>::max()));
  return out;
}

// ---- handing over ---------------------------------------------------------------

std::vector<OpId> PendingOps::ready(const RoomId& room) const {
  std::vector<OpId> out;
  for (const PendingOp& op : ops_) {
    if (op.room == room && !op.request && !op.message_id.empty()) out.push_back(op.op_id);
  }
  return out;
}

void PendingOps::transmit(RequestTracker& requests, const OpId& op_id) {
  auto it = std::find_if(ops_.begin(), ops_.end(), [&](const PendingOp& op) { return op.op_id == op_id; });
  if (it == ops_.end() || it->message_id.empty()) return;
  Request request;
  request.op = it->op;
  request.room = it->room;
  request.message_id = it->message_id;
  request.op_id = it->op_id;
  request.text = it->text;
  request.emoji = it->emoji;
  request.on = it->on;
  it->request = requests.issue(std::move(request));
}

void PendingOps::answered(const OpId& op_id) {
  auto it = std::find_if(ops_.begin(), ops_.end(), [&](const PendingOp& op) { return op.op_id == op_id; });
  if (it != ops_.end()) it->request.reset();
}

void PendingOps::connection_lost() {
  for (PendingOp& op : ops_) op.request.reset();
}

// ---- the server's word ----------------------------------------------------------

std::optional<Message> PendingOps::resolve(const RoomId& room, const ClientId& client_id,
                                           const Message& server_copy) {
  if (client_id.empty() || server_copy.id.empty() || !targets_send(room, client_id)) return std::nullopt;
  Message confirmed = server_copy;
  confirmed.client_id = client_id;
  rebase(room, confirmed);
  return shown(room, confirmed);
}

std::optional<PendingOps::Ended> PendingOps::applied(const OpId& op_id, const std::optional<Message>& server_copy) {
  return end(op_id, server_copy);
}

std::optional<PendingOps::Ended> PendingOps::failed(const OpId& op_id) { return end(op_id, std::nullopt); }

std::optional<PendingOps::Ended> PendingOps::end(const OpId& op_id, const std::optional<Message>& server_copy) {
  auto it = std::find_if(ops_.begin(), ops_.end(), [&](const PendingOp& op) { return op.op_id == op_id; });
  if (it == ops_.end()) return std::nullopt;
  Ended ended{std::move(*it), std::nullopt};
  ops_.erase(it);
  forgotten(op_id);
  const RoomId& room = ended.op.room;
  // Names the target: what follows compares ids only (same_message()).
  Message target = ended.op.target();
  // The ack's copy is the message after this operation: the new base, if
  // it is newer than what the server said before.
  if (server_copy && same_message(*server_copy, target)) {
    rebase(room, *server_copy);
    target.id = server_copy->id;
    target.client_id = server_copy->client_id;
  }
  ended.shown = shown(room, target);
  if (!targets(room, target)) {
    std::erase_if(bases_, [&](const Base& base) { return base.room == room && same_message(base.message, target); });
  }
  return ended;
}

// ---- reading and housekeeping ---------------------------------------------------

const PendingOp* PendingOps::find(const OpId& op_id) const {
  auto it = std::find_if(ops_.begin(), ops_.end(), [&](const PendingOp& op) { return op.op_id == op_id; });
  return it == ops_.end() ? nullptr : &*it;
}

std::vector<OpId> PendingOps::in_room(const RoomId& room) const {
  std::vector<OpId> out;
  for (const PendingOp& op : ops_) {
    if (op.room == room) out.push_back(op.op_id);
  }
  return out;
}

bool PendingOps::targets_send(const RoomId& room, const ClientId& client_id) const {
  return std::any_of(ops_.begin(), ops_.end(), [&](const PendingOp& op) {
    return op.room == room && op.message_id.empty() && op.client_id == client_id;
  });
}

bool PendingOps::deletes_send(const RoomId& room, const ClientId& client_id) const {
  return std::any_of(ops_.begin(), ops_.end(), [&](const PendingOp& op) {
    return op.room == room && op.op == Operation::kDelete && op.message_id.empty() && op.client_id == client_id;
  });
}

void PendingOps::forget_send(RequestTracker& requests, const RoomId& room, const ClientId& client_id) {
  Message send;
  send.client_id = client_id;
  std::erase_if(ops_, [&](const PendingOp& op) {
    if (op.room != room || !op.message_id.empty() || op.client_id != client_id) return false;
    if (op.request) requests.forget(*op.request);
    forgotten(op.op_id);
    return true;
  });
  std::erase_if(bases_, [&](const Base& base) { return base.room == room && same_message(base.message, send); });
}

void PendingOps::forget_room(RequestTracker& requests, const RoomId& room) {
  std::erase_if(ops_, [&](const PendingOp& op) {
    if (op.room != room) return false;
    if (op.request) requests.forget(*op.request);
    forgotten(op.op_id);
    return true;
  });
  std::erase_if(bases_, [&](const Base& base) { return base.room == room; });
}

std::size_t PendingOps::count_in(const RoomId& room) const {
  return static_cast<std::size_t>(
      std::count_if(ops_.begin(), ops_.end(), [&](const PendingOp& op) { return op.room == room; }));
}

const PendingOps::Base* PendingOps::base_of(const RoomId& room, const Message& message) const {
  for (const Base& base : bases_) {
    if (base.room == room && same_message(base.message, message)) return &base;
  }
  return nullptr;
}

// ---- across restarts ------------------------------------------------------------

std::size_t PendingOps::restore(std::vector<StoredOp> records) {
  // Oldest first, those of one time in the order given: an insertion sort,
  // as OptimisticSends::restore orders its records. The records are this
  // client's own pending operations (a few, each room holding at most
  // max_per_room), so no sort is worth its code: std::stable_sort was 2 KB
  // of the Wasm module (1 KB gzipped), all of it for this loop.
  for (std::size_t i = 1; i < records.size(); ++i) {
    std::size_t at = i;
    while (at > 0 && records[at - 1].created_at_ms > records[i].created_at_ms) --at;
    if (at == i) continue;
    StoredOp record = std::move(records[i]);
    const auto position = [&](std::size_t index) { return records.begin() + static_cast<std::ptrdiff_t>(index); };
    std::move_backward(position(at), position(i), position(i + 1));
    records[at] = std::move(record);
  }
  std::size_t taken = 0;
  for (StoredOp& record : records) {
    if (record.op_id.empty() || knows(record.op_id)) continue;
    const bool usable = !record.room.empty() && changes_message(record.op) &&
                        (!record.message_id.empty() || !record.client_id.empty()) &&
                        (record.op != Operation::kEdit || !record.text.empty()) &&
                        (record.op != Operation::kReact || !record.emoji.empty());
    if (!usable || ops_.size() >= kMaxRestored) {
      forgotten(record.op_id);
      continue;
    }
    ops_.push_back(PendingOp{std::move(record), std::nullopt});  // not in flight
    ++taken;
  }
  return taken;
}

std::vector<std::variant<OpStored, OpForgotten>> PendingOps::take_storage() { return std::exchange(storage_, {}); }

void PendingOps::stored(const PendingOp& op) {
  if (!policy_.store) return;
  storage_.emplace_back(OpStored{static_cast<const StoredOp&>(op)});  // its record, without the request
}

void PendingOps::forgotten(const OpId& op_id) {
  if (policy_.store) storage_.emplace_back(OpForgotten{op_id});
}

}  // namespace chatwire::chat
