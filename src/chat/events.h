// What the chat model tells the UI: which part of which room changed, new
// messages for notifications, gaps, and errors. Polled in order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "chat/history_cache.h"
#include "chat/signals.h"
#include "chat/stored_op.h"
#include "chat/stored_send.h"
#include "chat/vocabulary.h"

namespace chatwire::chat {

/// Bits of RoomChanged::what: the UI re-reads only these parts of the room.
enum Change : std::uint32_t {
  kChangeMessages = 1u << 0,  // the message list (content, order, status)
  kChangeTyping = 1u << 1,    // who is typing
  kChangeUnread = 1u << 2,    // the unread count (and so the total)
  kChangeMembers = 1u << 3,   // members or their online state
  kChangeState = 1u << 4,     // joining / joined / left, has_more
};

/// Something in `room` changed. One event per room per input at most: the
/// changes of one call are merged. `what` 0: the model forgot the room (a
/// left room dropped to make space for another).
struct RoomChanged {
  RoomId room;
  std::uint32_t what = 0;
};

/// A message from someone else arrived live (not from history), for
/// notifications and sounds.
struct MessageArrived {
  RoomId room;
  Message message;
  /// The room shows a detached window (Room::detached()): the message is in
  /// its live run, not in the list the room shows.
  bool detached{};
};

/// Messages may be missing in `room` between what was shown before the
/// connection dropped and what came after: the backend cannot say what was
/// missed. The UI may show a marker or reload.
struct Discontinuity {
  RoomId room;
};

enum class ChatErrorCode : std::uint8_t {
  kJoinFailed,     // the server refused the join; the room is left
  kSendFailed,     // a message failed (refused or unconfirmed); it is kept as failed for retry()
  kRequestFailed,  // another request (history, members, leave, mark read) failed
  kServerError,    // the server sent an error event
  kUnroutable,     // an event named no room and no room is joined: dropped
  kChangeFailed,   // an edit, delete or reaction was refused or not confirmed: it is rolled back
  kServerUnavailable,  // the server cannot serve for now: what it refused waits and goes again (RetryPause)
};
const char* to_string(ChatErrorCode code);

struct ChatError {
  ChatErrorCode code;
  RoomId room;  // empty when not tied to a room
  std::string message;
  /// The operation that failed, when the error is about one (a refused
  /// join, a history request that timed out); nullopt for server errors.
  std::optional<Operation> operation;
  /// The request that failed, when it was one.
  std::optional<RequestId> request;
  /// kChangeFailed: the operation that failed, and the key of the message it
  /// was to change (message_key()).
  OpId op_id{};
  std::string key{};
  /// kChangeFailed: the server's code for the refusal ("gone", "unauthorized"),
  /// empty when the operation was not refused but got no answer.
  std::string reason{};
};

/// History request `request` of `room` ended: `added` messages were stored
/// (0 when the page brought nothing new, or when the connection dropped
/// before the answer). A failed request is a ChatError naming it instead.
struct HistoryLoaded {
  RoomId room;
  RequestId request = 0;
  std::size_t added = 0;
  /// A jump's (ChatModel::jump_to): the key (message_key()) of the message
  /// jumped to, in the list the room shows now; empty for other loads.
  std::string key{};
};

/// Keep `record` across restarts, in place of any record of its client id
/// (ChatConfig::store_sends). Comes before the room change that shows it.
struct SendStored {
  StoredSend record;
};

/// Drop the record of `client_id`: it was confirmed, cancelled or forgotten.
struct SendForgotten {
  ClientId client_id;
};

/// Keep `record` across restarts in place of any record of its room
/// (ChatConfig::cached_messages); with no messages, drop the room's record
/// (the room was left).
struct HistoryCached {
  CachedRoom record;
};

/// Keep `record` across restarts, in place of any record of its op id
/// (ChatConfig::store_sends). Comes before the room change that shows it.
struct OpStored {
  StoredOp record;
};

/// Drop the record of `op_id`: the operation was confirmed, failed or forgotten.
struct OpForgotten {
  OpId op_id;
};

/// A server's change to a message was dropped: it was older than the copy
/// held (`stale`), or it named a message the room does not hold.
struct UpdateDropped {
  RoomId room;
  std::string message_id;
  bool stale = false;
  std::string message;  // what happened, for a log
};

using ChatEvent = std::variant<RoomChanged, MessageArrived, Discontinuity, ChatError, HistoryLoaded, SendStored,
                               SendForgotten, HistoryCached, OpStored, OpForgotten, UpdateDropped>;

}  // namespace chatwire::chat
