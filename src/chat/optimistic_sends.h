// The user's own messages between send and confirmation: the chat model's
// optimistic send queue. A message is shown as pending the moment the user
// sends it, is handed to the server once the room is joined, and becomes
// sent on the server's confirmation (its ack, or its echo of the message)
// or failed when that does not come. A failed message stays queued until
// retried or cancelled. (The session's Outbox, a layer below, holds encoded
// emits until a connection or an ack; this holds messages until the server
// has them.)
//
// Across a dropped connection: with an idempotent backend (the native
// protocol) an unconfirmed message is simply sent again under the same
// client id after the rejoin; the server stores it once. With the seed
// backends a repeat would be a second message, so a message already handed
// over keeps waiting for its echo (the history a rejoin brings may contain
// it) and fails if none comes; only messages never handed over are sent
// after the rejoin.
//
// The queue decides each message's fate and edits the room's MessageStore
// it is given; the chat model routes inputs to it and, from what each call
// returns, marks the room changed and reports failures.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "chat/capabilities.h"
#include "chat/command_error.h"
#include "chat/events.h"
#include "chat/local_ids.h"
#include "chat/message_store.h"
#include "chat/request_tracker.h"
#include "chat/signals.h"
#include "chat/stored_send.h"
#include "chat/vocabulary.h"
#include "util/result.h"

namespace chatwire::chat {

/// What the queue needs to know of the user and the backend.
struct SendPolicy {
  /// The user: the author of every message they send.
  User self;
  /// How the backend confirms a send (Capabilities::send_confirmation).
  Confirmation confirmation = Confirmation::kEvent;
  /// A send may be repeated after a reconnect (Capabilities::idempotent_send).
  bool idempotent = false;
  /// How long an echo-confirmed send waits for its echo (ChatConfig::request_timeout_ms).
  std::int64_t echo_timeout_ms = 10000;
  /// Messages waiting per room (ChatConfig::max_pending_per_room).
  std::size_t max_per_room = 100;
  /// Report what to keep across restarts (ChatConfig::store_sends).
  bool store = false;
};

/// Longest client id a caller may choose (OptimisticSends::add).
inline constexpr std::size_t kMaxClientIdBytes = 64;
/// 1 to kMaxClientIdBytes of [A-Za-z0-9_-].
bool valid_client_id(std::string_view id);

class OptimisticSends {
 public:
  /// Restored records waiting for their rooms at most: a bound on what a
  /// damaged store can make this client hold.
  static constexpr std::size_t kMaxRestored = 10'000;

  /// `client_id_seed` seeds the client ids (ChatConfig::client_id_seed).
  OptimisticSends(SendPolicy policy, std::uint64_t client_id_seed);

  // ---- the user's commands -------------------------------------------------

  /// Shows `text` (already checked) as the user's pending message in `room`,
  /// whose messages are `store`, and queues it. Returns its client id: a new
  /// one, or `chosen` when given (a view of a shared client names its sends
  /// itself, so it can answer at once; the chat model has checked it: valid,
  /// and not known here or held by any room); kTooManyPending when the room
  /// has max_per_room messages waiting. `reply` is the message it answers,
  /// as the room shows it (none: not a reply).
  Result<ClientId, CommandError> add(std::int64_t now_ms, MessageStore& store, const RoomId& room,
                                     std::string_view text, std::string_view chosen = {},
                                     const ReplyRef& reply = {});
  /// Gives queued message `client_id` (of `store`) the text `text` (already
  /// checked), where it has never been handed to the server: an edit of a
  /// message still pending rewrites the send instead of following it.
  /// Returns false (nothing changed) when it may have been handed over.
  bool rewrite(MessageStore& store, const ClientId& client_id, std::string_view text);
  /// Makes failed message `client_id` (of `store`) pending again, to be
  /// handed over when it can be. kUnknownMessage, kNotFailed otherwise.
  std::optional<CommandError> retry(MessageStore& store, const ClientId& client_id);
  /// Drops `client_id` from the queue and from `store` (nullptr: its room is
  /// gone). Returns whether the store changed; kUnknownMessage, or
  /// kInFlight for a message the server may have (it cannot be recalled).
  Result<bool, CommandError> cancel(RequestTracker& requests, MessageStore* store, const ClientId& client_id);

  // ---- handing over --------------------------------------------------------

  /// Issues the send request of queued message `client_id`. Returns true
  /// when nothing will confirm it (Confirmation::kNone): handing it over is
  /// all there is, and the caller confirms it at once.
  bool transmit(std::int64_t now_ms, RequestTracker& requests, const ClientId& client_id);
  /// After a (re)join: the messages of `store` to hand over now, in the
  /// order they were written.
  [[nodiscard]] std::vector<ClientId> ready_to_transmit(const MessageStore& store) const;

  // ---- the server's word ---------------------------------------------------

  /// The queued message that `incoming`, a message by the user, confirms.
  [[nodiscard]] std::optional<ClientId> match_own(const MessageStore& store, const Message& incoming) const;
  /// The send request of `client_id` was answered (or failed): it no longer
  /// waits on it. False if the message is no longer queued (its echo
  /// confirmed it first).
  bool answered(const ClientId& client_id);
  /// The server confirmed `client_id` with `server_copy`: it leaves the
  /// queue, and `store` (of `room`) holds the confirmed message in place of
  /// the pending one. Returns whether the store changed.
  bool confirm(std::int64_t now_ms, RequestTracker& requests, MessageStore& store, const RoomId& room,
               const ClientId& client_id, const Message& server_copy);
  /// `client_id` failed (`why`): it stays queued, marked failed in `store`,
  /// for retry() or cancel(). Returns whether it newly failed (report it).
  bool fail(RequestTracker& requests, MessageStore& store, const ClientId& client_id, const std::string& why);

  // ---- reading and housekeeping --------------------------------------------

  /// The room of queued message `client_id`; nullptr if it is not queued.
  /// Points into the queue: valid until the message leaves it (cancel(),
  /// confirm(), forget_room()).
  [[nodiscard]] const RoomId* room_of(const ClientId& client_id) const;
  /// The queued messages of `room`, sorted by client id (a deterministic
  /// order of failure reports, whatever the hash map's order).
  [[nodiscard]] std::vector<ClientId> in_room(const RoomId& room) const;
  /// The messages whose echo did not come by `now_ms`, sorted by client id
  /// (a deterministic order of failure reports).
  [[nodiscard]] std::vector<ClientId> expired(std::int64_t now_ms) const;
  /// When the next wait for an echo ends.
  [[nodiscard]] std::optional<std::int64_t> next_deadline() const;
  /// Drops every message of `room`, which the chat model forgets.
  void forget_room(RequestTracker& requests, const RoomId& room);

  /// Whether `client_id` names a message waiting here: unconfirmed, or
  /// restored and not shown yet.
  [[nodiscard]] bool knows(const ClientId& client_id) const;

  // ---- across restarts -----------------------------------------------------

  /// Takes back the records a platform kept (SendStored) before a restart.
  /// Each waits until its room is shown (show_restored()). A record whose
  /// client id is already known is ignored; one that is not usable (no
  /// room or text), or past kMaxRestored waiting, is dropped and forgotten
  /// (SendForgotten), so that it is not read again. Returns how many were taken.
  std::size_t restore(std::vector<StoredSend> records);
  /// Puts the restored messages of `room` into `store`, oldest first:
  /// failed ones as failed; those handed over before the restart to a
  /// backend without idempotent sends as kUnconfirmed; the rest pending,
  /// to go out with the next ready_to_transmit(). Returns whether the
  /// store changed.
  bool show_restored(MessageStore& store, const RoomId& room);
  /// What to keep or drop across restarts since the last call, in order
  /// (only with SendPolicy::store).
  [[nodiscard]] std::vector<std::variant<SendStored, SendForgotten>> take_storage();

 private:
  /// A message not yet confirmed (or failed), and where it stands.
  struct Outgoing {
    RoomId room;
    std::string text;
    /// Handed to the server on the current or an earlier connection.
    bool transmitted = false;
    std::optional<RequestId> request;      // the send in flight, when acks confirm
    std::optional<std::int64_t> deadline;  // when waiting for the echo ends
    std::int64_t created_at_ms = 0;        // as shown, and as stored
    std::string reply_to;                  // the server id of the message it answers, if any
  };

  [[nodiscard]] std::size_t count_in(const RoomId& room) const;
  /// Notes that the record of `client_id` (queued as `outgoing`, failed
  /// for `failure` if it did) changed.
  void stored(const ClientId& client_id, const Outgoing& outgoing, const std::string& failure = {});
  void forgotten(const ClientId& client_id);

  SendPolicy policy_;
  LocalIds client_ids_;
  std::unordered_map<ClientId, Outgoing> outgoing_;
  /// Restored records waiting for their room to be shown.
  std::vector<StoredSend> restored_;
  std::vector<std::variant<SendStored, SendForgotten>> storage_;
};

}  // namespace chatwire::chat
