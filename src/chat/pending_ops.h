// The user's operations on messages (edits, deletes, reactions) between the
// command and the server's word: the chat model's optimistic change queue,
// beside the send queue (OptimisticSends).
//
// What a room shows of a message is the server's state of it with the
// user's pending operations applied on top, in the order they were made.
// So for every message some operation targets, the queue keeps the newest
// copy the server gave (its base: the higher version wins, whatever order
// copies arrive in) and computes what to show from it (shown()); the chat
// model puts that into the room's store. An operation whose target is not
// loaded yet is kept, and applies when the target arrives (its first server
// copy becomes the base). An operation on the user's own send, not yet
// confirmed, waits for that confirmation: the send's server copy becomes
// the base and the operation then goes out under the message's id.
//
// Each operation goes out like a send: under its op id (the server applies
// an op id once), again after a reconnect until it is answered, kept across
// reloads (OpStored / OpForgotten, restore()). Applied: it leaves the queue
// and the server's copy in the ack is the new base. Refused or unanswered:
// it leaves the queue and what the message shows is computed without it,
// which rolls it back.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "chat/command_error.h"
#include "chat/events.h"
#include "chat/local_ids.h"
#include "chat/request_tracker.h"
#include "chat/signals.h"
#include "chat/stored_op.h"
#include "chat/vocabulary.h"
#include "util/result.h"

namespace chatwire::chat {

/// One operation of the user on a message, and where it stands: its record
/// (StoredOp: the op id, the operation and its target, what is kept across
/// reloads; `message_id` empty while the target is the user's send, not yet
/// confirmed, named by `client_id`), and the request in flight. One set of
/// fields, so that keeping and restoring an operation copies one struct.
struct PendingOp : StoredOp {
  std::optional<RequestId> request;  // the request in flight, if any

  /// Whether this operation targets `message` (same_message()).
  [[nodiscard]] bool targets(const Message& message) const;
  /// A message that names its target, and nothing else.
  [[nodiscard]] Message target() const;
};

/// Whether `a` and `b` are copies of one message (of one room): by server id
/// when both have one, else by the client id of the user's send.
bool same_message(const Message& a, const Message& b);

/// `op` applied to `message`, as the server would apply it: an edit sets the
/// text and the edit time, a delete makes a tombstone (no text, reactions or
/// reply), a reaction sets or unsets the user's emoji (a set, never a
/// toggle). Nothing changes a tombstone: a delete wins over any edit.
void apply(Message& message, const PendingOp& op);

/// What the queue needs to know.
struct OpPolicy {
  /// Operations waiting per room (ChatConfig::max_pending_per_room).
  std::size_t max_per_room = 100;
  /// Report what to keep across restarts (ChatConfig::store_sends).
  bool store = false;
};

class PendingOps {
 public:
  /// Restored records kept at most: a bound on what a damaged store can make
  /// this client hold.
  static constexpr std::size_t kMaxRestored = 10'000;

  /// `seed` seeds the op ids (derived from ChatConfig::client_id_seed).
  PendingOps(OpPolicy policy, std::uint64_t seed);

  // ---- the user's commands -------------------------------------------------

  /// Queues `op` (its op id, room and created_at_ms are set here) on the
  /// message `held`, as the room shows it now, or on a message not loaded
  /// (`held` nullptr: op.message_id names it). Returns the op id;
  /// kTooManyPending when the room has max_per_room waiting.
  Result<OpId, CommandError> add(std::int64_t now_ms, PendingOp op, const Message* held);

  // ---- what the rooms show -------------------------------------------------

  /// Whether any operation targets `message` in `room`; cheap when the
  /// queue is empty (it runs for every message that arrives).
  [[nodiscard]] bool targets(const RoomId& room, const Message& message) const;
  /// `server_copy`, the server's state of a target, becomes its base when it
  /// is newer than the base held (or none is). Returns false when it is
  /// older than the base: stale.
  bool rebase(const RoomId& room, const Message& server_copy);
  /// What `room` shows of the target `message` names: its base with every
  /// operation on it applied, in order (`pending_ops` their count); nullopt
  /// without a base (the target has not been seen).
  [[nodiscard]] std::optional<Message> shown(const RoomId& room, const Message& message) const;
  /// The targets of `room` that `store` holds and that have no base yet take
  /// the copy stored as their base. Returns what each target of the room
  /// with a base shows, for the store.
  template <class Find>
  std::vector<Message> settle(const RoomId& room, const Find& find_stored);

  // ---- handing over --------------------------------------------------------

  /// The operations of `room` to send now, in the order they were made:
  /// not in flight, and with a target that has a server id.
  [[nodiscard]] std::vector<OpId> ready(const RoomId& room) const;
  /// Issues the request of `op_id`.
  void transmit(RequestTracker& requests, const OpId& op_id);
  /// The request of `op_id` was answered without ending the operation (the
  /// server was unavailable): it goes again with the next transmit.
  void answered(const OpId& op_id);
  /// The connection dropped: the requests in flight are forgotten (the
  /// tracker forgets them too); each operation goes again after the rejoin.
  void connection_lost();

  // ---- the server's word ---------------------------------------------------

  /// The send `client_id` of `room` was confirmed as `server_copy` (a
  /// message with its server id): the operations on it now target that id,
  /// and the copy is their base. Returns what the message shows, when some
  /// operation targets it.
  std::optional<Message> resolve(const RoomId& room, const ClientId& client_id, const Message& server_copy);

  /// An operation that left the queue, and what its target shows now
  /// (nullopt: the target was never seen).
  struct Ended {
    PendingOp op;
    std::optional<Message> shown;
  };
  /// `op_id` was applied; `server_copy` (if the ack had one) is the message
  /// after it. nullopt when the queue does not hold `op_id` (late answer).
  std::optional<Ended> applied(const OpId& op_id, const std::optional<Message>& server_copy);
  /// `op_id` failed (refused, unanswered): it leaves the queue and is
  /// rolled back. nullopt when the queue does not hold it.
  std::optional<Ended> failed(const OpId& op_id);

  // ---- reading and housekeeping --------------------------------------------

  /// The operation `op_id`; nullptr if it is not queued. Valid until the
  /// queue changes.
  [[nodiscard]] const PendingOp* find(const OpId& op_id) const;
  /// The operations of `room`, in the order they were made.
  [[nodiscard]] std::vector<OpId> in_room(const RoomId& room) const;
  /// Whether any operation targets the user's send `client_id` of `room`.
  [[nodiscard]] bool targets_send(const RoomId& room, const ClientId& client_id) const;
  /// Whether a delete waits for the user's send `client_id` of `room`.
  [[nodiscard]] bool deletes_send(const RoomId& room, const ClientId& client_id) const;
  /// Drops the operations on the send `client_id` of `room` (cancelled).
  void forget_send(RequestTracker& requests, const RoomId& room, const ClientId& client_id);
  /// Drops every operation of `room`, which the chat model forgets.
  void forget_room(RequestTracker& requests, const RoomId& room);
  [[nodiscard]] bool knows(const OpId& op_id) const { return find(op_id) != nullptr; }
  [[nodiscard]] std::size_t size() const { return ops_.size(); }

  // ---- across restarts -----------------------------------------------------

  /// Takes back the records a platform kept (OpStored) before a restart,
  /// oldest first, behind the operations queued. A record whose op id is
  /// known is ignored; one that is not usable (no room, op id, target,
  /// text of an edit or emoji of a reaction), or past kMaxRestored, is
  /// dropped and forgotten (OpForgotten). Returns how many were taken.
  std::size_t restore(std::vector<StoredOp> records);
  /// What to keep or drop across restarts since the last call, in order
  /// (only with OpPolicy::store).
  [[nodiscard]] std::vector<std::variant<OpStored, OpForgotten>> take_storage();

 private:
  /// The server's latest copy of a message some operation targets.
  struct Base {
    RoomId room;
    Message message;
  };

  [[nodiscard]] std::size_t count_in(const RoomId& room) const;
  [[nodiscard]] const Base* base_of(const RoomId& room, const Message& message) const;
  /// Takes `op_id` out of the queue, with what its target then shows; its
  /// base goes when no operation targets it any more.
  std::optional<Ended> end(const OpId& op_id, const std::optional<Message>& server_copy);
  void stored(const PendingOp& op);
  void forgotten(const OpId& op_id);

  OpPolicy policy_;
  LocalIds op_ids_;
  std::vector<PendingOp> ops_;  // in the order they were made
  std::vector<Base> bases_;     // one per target seen
  std::vector<std::variant<OpStored, OpForgotten>> storage_;
};

template <class Find>
std::vector<Message> PendingOps::settle(const RoomId& room, const Find& find_stored) {
  std::vector<Message> out;
  for (const PendingOp& op : ops_) {
    if (op.room != room) continue;
    const Message target = op.target();
    if (base_of(room, target) == nullptr) {
      const Message* stored = find_stored(op);
      if (stored == nullptr) continue;
      bases_.push_back(Base{room, *stored});
    }
    const bool listed = std::any_of(out.begin(), out.end(), [&](const Message& m) { return same_message(m, target); });
    if (listed) continue;
    if (std::optional<Message> now = shown(room, target)) out.push_back(std::move(*now));
  }
  return out;
}

}  // namespace chatwire::chat
