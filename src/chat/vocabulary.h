// The chat vocabulary shared by the chat model, the dialects and the client
// facade: users, members, messages and their delivery status.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

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

/// One emoji on a message, and who set it. A message's reactions are a set
/// of (user, emoji) on the server; what a room shows of them is this.
struct Reaction {
  std::string emoji;
  /// How many users set it.
  std::uint32_t count = 0;
  /// The user is one of them.
  bool mine = false;
  /// Who set it, as the server listed them: filled by the dialect, and
  /// reduced by the chat model to `count` and `mine` when it takes the
  /// message (then empty: a room keeps the counts, not the lists).
  std::vector<std::string> users;
  friend bool operator==(const Reaction&, const Reaction&) = default;
};

/// The message a reply answers, as the server describes it when it sends
/// the reply (the parent's state then: its first 100 characters, or "" and
/// `deleted` once it is gone).
struct ReplyTo {
  std::string id;
  User author;
  std::string excerpt;
  bool deleted = false;
  friend bool operator==(const ReplyTo&, const ReplyTo&) = default;
};

/// A message's ReplyTo, or none. Held by pointer: most messages answer none,
/// and a stored message costs the heap enough already (docs/architecture.md,
/// "Memory"). Immutable once made, so copies share it; compares by value.
class ReplyRef {
 public:
  ReplyRef() = default;
  explicit ReplyRef(ReplyTo reply) : reply_(std::make_shared<const ReplyTo>(std::move(reply))) {}
  explicit operator bool() const { return reply_ != nullptr; }
  const ReplyTo& operator*() const { return *reply_; }
  const ReplyTo* operator->() const { return reply_.get(); }
  friend bool operator==(const ReplyRef& a, const ReplyRef& b) {
    return a.reply_ == b.reply_ || (a.reply_ && b.reply_ && *a.reply_ == *b.reply_);
  }

 private:
  std::shared_ptr<const ReplyTo> reply_;
};

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
  /// A tombstone: the message was deleted; its text is empty and it has no
  /// reactions and no reply.
  bool deleted = false;
  /// The user's own operations on it not yet confirmed (edits, a delete,
  /// reactions), already shown in this copy.
  std::uint16_t pending_ops = 0;
  /// The server's count of this message's changes: 1 when stored, +1 with
  /// every edit, delete or reaction change. Of two copies of a message the
  /// one with the higher version is the newer; an older one is ignored.
  std::uint32_t version = 1;
  /// The room's change counter at the message's last change (0: the server
  /// gives none). What a rejoin asks changes after (ChangeFeed).
  std::int64_t rev = 0;
  /// When it was last edited (epoch ms); 0: never.
  std::int64_t edited_at_ms = 0;
  /// In the order the server lists them (the order each emoji was first set).
  std::vector<Reaction> reactions;
  ReplyRef reply_to;
  friend bool operator==(const Message&, const Message&) = default;
};

/// Copies what a message shows, not where it sits or how it was delivered:
/// text, version, rev, edit time, tombstone, reactions, reply and pending
/// operations. Returns whether `to` changed.
bool copy_content(Message& to, const Message& from);

}  // namespace chatwire::chat
