// What crosses between the chat model and a dialect, in semantic terms.
//
// Outbound, the chat model produces Requests ("join room 7", "send this text
// with client id c-1"); a dialect turns each into a Socket.IO event name and
// payload for its backend. Inbound, a dialect turns each server event into
// one Signal, and each ack into a Response. Neither side knows the other's
// details: the chat model never sees an event name, a dialect never sees a
// room's state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "chat/vocabulary.h"

namespace chatwire::chat {

// ---------------------------------------------------------------------------
// Outbound

/// Semantic operations a backend may support. A dialect says which it has.
enum class Operation : std::uint8_t {
  kJoin,         // room; seq (since) and since_rev when resuming after a reconnect
  kLeave,        // room
  kSend,         // room, client_id, text; reply_to
  kTypingStart,  // room
  kTypingStop,   // room
  kMarkRead,     // room, and message_id / seq of the newest message read
  kHistory,      // room; before_seq, after_seq or message_id (around it), or none (the latest page); limit
  kMembers,      // room
  kEdit,         // room, message_id, text, op_id
  kDelete,       // room, message_id, op_id
  kReact,        // room, message_id, emoji, on, op_id
  kChanges,      // room, after_rev, limit: the changes a rejoin missed
};
inline constexpr std::size_t kOperationCount = 12;
/// Whether `op` changes a message already stored (edit, delete, react): the
/// user's pending operations (PendingOps).
constexpr bool changes_message(Operation op) {
  return op == Operation::kEdit || op == Operation::kDelete || op == Operation::kReact;
}
const char* to_string(Operation op);

using RequestId = std::uint32_t;
/// Names one pending operation of the user (an edit, a delete, a reaction)
/// from its issue to its end, across reconnects and reloads: the server
/// applies an opId once (the native protocol's idempotency key).
using OpId = std::string;

/// One request from the chat model. Only the fields its operation names are
/// meaningful; the rest stay empty.
struct Request {
  RequestId id = 0;
  Operation op = Operation::kJoin;
  RoomId room;
  ClientId client_id;               // kSend
  std::string text;                 // kSend, kEdit
  std::string message_id;           // kMarkRead: server id of the message read; kEdit, kDelete, kReact: the target;
                                    // kHistory: the message the page is around
  std::optional<std::int64_t> seq;  // kMarkRead: its seq; kJoin: resume after this seq
  std::optional<std::int64_t> before_seq;  // kHistory: page older than this
  std::optional<std::int64_t> after_seq;   // kHistory: page newer than this
  std::uint32_t limit = 0;                 // kHistory, kChanges: page size wanted
  std::string reply_to;                    // kSend: the server id of the message answered, if any
  OpId op_id;                              // kEdit, kDelete, kReact
  std::string emoji;                       // kReact
  bool on = true;                          // kReact: set (true) or unset the user's emoji
  std::optional<std::int64_t> since_rev;   // kJoin resuming: the room rev caught up to
  std::optional<std::int64_t> after_rev;   // kChanges: the changes after this room rev
};

/// A page of messages, oldest first.
struct HistoryPage {
  std::vector<Message> messages;
  /// Whether the server holds more in the direction asked (older for a
  /// "before" or latest page, newer for an "after" page); nullopt if it
  /// does not say.
  std::optional<bool> has_more;
  /// Only a page around a message says both: whether messages older than
  /// the page exist, and newer ones; nullopt if it does not say.
  std::optional<bool> has_older{};
  std::optional<bool> has_newer{};
};

/// What the server answered to one request (from its ack). Dialects without
/// acks never produce one; the chat model then relies on Signals.
struct Response {
  bool ok = true;
  std::string error_code;     // when !ok: the server's code, if any
  std::string error_message;  // when !ok: the server's explanation
  std::optional<Message> message;         // kSend: the stored message
  std::optional<HistoryPage> history;     // kJoin, kHistory
  std::optional<std::vector<Member>> members;  // kJoin, kMembers
  std::optional<std::int64_t> read_seq;   // kJoin: the user's read cursor on the server
  /// kJoin, kChanges: the room's change counter when the server answered.
  std::optional<std::int64_t> rev;
  /// kJoin resuming with since_rev: the changes to messages the client held
  /// (in rev order; has_more: changesMore). kChanges answers in `history`.
  std::optional<HistoryPage> changes;
};

/// What a refused Response says, for an error message: the server's
/// explanation, else its code, else that it refused.
std::string refusal_text(const Response& response);

// ---------------------------------------------------------------------------
// Inbound: one server event becomes one Signal. `room` is nullopt when the
// event does not name one; the chat model then applies it to the room the
// backend considers current (the most recent join still open).

/// A chat message (possibly the echo of the user's own send).
struct MessageSignal {
  std::optional<RoomId> room;
  Message message;  // status kSent; client_id set if the server echoes it
};

/// A message changed (edited, deleted, reactions): its whole current state.
struct MessageUpdatedSignal {
  std::optional<RoomId> room;
  Message message;
};

/// History pushed by the server (e.g. on join). `confirms_join` when the
/// dialect says this event is the server's answer to a join.
struct HistorySignal {
  std::optional<RoomId> room;
  HistoryPage page;
  bool confirms_join = false;
};

struct TypingSignal {
  std::optional<RoomId> room;
  User user;  // name may be empty when the server only sends an id
  bool typing = true;
  std::optional<std::int64_t> ttl_ms;  // the server's time-to-live, if it sends one
};

/// Someone joined a room; some backends send the whole list with it.
struct MemberJoinedSignal {
  std::optional<RoomId> room;
  User user;
  std::optional<std::vector<Member>> members;
};

struct MemberLeftSignal {
  std::optional<RoomId> room;
  User user;
  std::optional<std::vector<Member>> members;
};

/// The full member list of a room (replaces what was known).
struct MembersSignal {
  std::optional<RoomId> room;
  std::vector<Member> members;
};

/// A user came online or went offline, everywhere (not tied to a room).
struct PresenceSignal {
  User user;
  bool online = true;
};

/// Someone read up to a message. `user` is nullopt when the backend does not
/// say who (nest-conversations' messageRead).
struct ReceiptSignal {
  std::optional<RoomId> room;
  std::optional<User> user;
  std::string message_id;           // server id of the message read, if given
  std::optional<std::int64_t> seq;  // or its seq
};

/// The server reported an error in an event of its own (not an ack).
struct ServerErrorSignal {
  std::optional<RoomId> room;
  std::string message;
  std::string details;
};

/// A known event that carries nothing the chat model keeps (a welcome, a
/// status line, a room list).
struct IgnoredSignal {};

using Signal = std::variant<MessageSignal, HistorySignal, TypingSignal, MemberJoinedSignal, MemberLeftSignal,
                            MembersSignal, PresenceSignal, ReceiptSignal, ServerErrorSignal, IgnoredSignal,
                            MessageUpdatedSignal>;

}  // namespace chatwire::chat
