// The chat vocabulary shared by the chat model, the dialects and the client
// facade: users, members, messages and their delivery status.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace chatwire::chat {

/// Room ids travel as strings inside the core; a dialect converts them to
/// numbers on the wire where its backend wants numbers (e.g. flask-shows).
using RoomId = std::string;
/// Client ids name the user's own messages before the server has given them
/// an id; they are unique per client and reused on retries (idempotency).
using ClientId = std::string;

/// A user as the server names them. Backends that only know names
/// (flask-rooms) have id == name.
struct User {
  std::string id;
  std::string name;
  friend bool operator==(const User&, const User&) = default;
};

/// A room member and whether they are online.
struct Member {
  User user;
  bool online = true;
  friend bool operator==(const Member&, const Member&) = default;
};

enum class MessageStatus : std::uint8_t {
  kPending,  // the user's own message, not yet confirmed by the server
  kSent,     // confirmed (by ack or echo), or received from the server
  kFailed,   // refused, or not confirmed in time; retry() or cancel()
  /// Restored after a restart, handed over before it to a backend whose
  /// sends are not idempotent: the server may have it or not, so it is not
  /// sent again by itself. retry() sends it again, cancel() drops it.
  kUnconfirmed,
};
const char* to_string(MessageStatus status);

/// One chat message as the store keeps it.
struct Message {
  std::string id;        // server id; empty while pending
  ClientId client_id;    // set on the user's own messages; may come back from the server
  RoomId room;
  User author;
  std::string text;      // plain text, never HTML
  std::int64_t created_at_ms = 0;  // server time (epoch ms); local clock while pending
  std::optional<std::int64_t> seq;  // per-room sequence number, where the dialect has one
  MessageStatus status = MessageStatus::kSent;
  std::string failure;   // why it failed, when status is kFailed
  /// Painted from this device's cache of the room (ChatConfig::cached_messages)
  /// and not confirmed yet by this session's server: never unread, and
  /// replaced by the room's first history page (MessageStore::drop_cached).
  bool cached = false;
  friend bool operator==(const Message&, const Message&) = default;
};

}  // namespace chatwire::chat
