// What a backend can do, as the chat model needs to know it. A dialect
// derives this from its document (dialect/dialect.h); the chat model never
// sees event names, only these facts.
#pragma once

#include <cstddef>
#include <cstdint>

#include "chat/signals.h"

namespace chatwire::chat {

/// How the backend confirms a request.
enum class Confirmation : std::uint8_t {
  kAck,    // a Socket.IO ack carries a Response
  kEvent,  // a server event does (a join answered by history, a send by its echo)
  kNone,   // nothing: the request counts as done once transmitted
};

/// What the backend can do, as the chat model needs to know it. Derived
/// from the dialect document when it is loaded.
struct Capabilities {
  /// Which operations the backend has at all. Edits, deletes and reactions
  /// (kEdit, kDelete, kReact) are the native protocol's; seed backends have
  /// none, and the commands answer kUnsupported there.
  bool supports[chat::kOperationCount] = {};
  [[nodiscard]] bool has(chat::Operation op) const { return supports[static_cast<std::size_t>(op)]; }

  Confirmation join_confirmation = Confirmation::kNone;
  Confirmation send_confirmation = Confirmation::kEvent;
  /// The server deduplicates sends by client id, so a send may be repeated
  /// after a reconnect without creating a second message.
  bool idempotent_send = false;
  /// The server forgets a typing state after this long without a refresh
  /// (0: it keeps it until a stop). The client refreshes before it does.
  std::int64_t typing_expires_ms = 0;
  /// kJoin carries since_seq and kHistory takes after_seq: the gap after a
  /// reconnect can be filled exactly.
  bool history_since = false;
  /// kHistory takes before_seq: older pages can be loaded page by page.
  bool history_before = false;
  /// kHistory takes message_id (a page around that message) and after_seq:
  /// the client can show the messages around one it does not hold, and page
  /// from there to the newest (ChatModel::jump_to).
  bool history_around = false;
  /// After a join, the client must ask for history itself (kHistory with
  /// no bounds) because the server does not push it.
  bool history_after_join = false;
  /// kMarkRead is sent once per message read rather than once for the newest.
  bool read_receipt_per_message = false;
  /// Messages carry a per-room sequence number (ordering and resume by seq).
  bool has_seq = false;
  /// Which field of the app's user the server uses to identify users:
  /// false: User::id, true: User::name (servers that only know names).
  bool identifies_users_by_name = false;
  /// The backend reports who is in a room (member joined / left / list
  /// events). When false the chat model learns members from the authors of
  /// messages, so presence events still have someone to apply to.
  bool reports_members = false;
  /// Sends and typing name no room: the server applies them to the room the
  /// connection joined last (flask-rooms). Before such a request for another
  /// room, the client joins that room again to make it the current one.
  bool room_implied_by_last_join = false;
  /// kSend carries reply_to: a message may answer another.
  bool replies = false;
  /// kJoin carries since_rev and kChanges exists: what changed while away in
  /// the messages held (edits, deletes, reactions) is fetched on a rejoin.
  bool changes_since = false;
};

}  // namespace chatwire::chat
