// One room as the chat model keeps it: membership state, messages, typing
// in both directions, members, read receipts, history paging. The chat model
// mutates it; the UI reads it through the const accessors.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chat/change_feed.h"
#include "chat/detached_window.h"
#include "chat/history_pager.h"
#include "chat/message_store.h"
#include "chat/read_receipts.h"
#include "chat/roster.h"
#include "chat/signals.h"
#include "chat/typing_sender.h"
#include "chat/typing_tracker.h"
#include "chat/vocabulary.h"

namespace chatwire::chat {

enum class RoomState : std::uint8_t {
  kJoining,  // join requested (or waiting for the connection, or rejoining after a reconnect)
  kJoined,   // the server confirmed (or, without confirmations, the join was sent)
  kLeft,     // left by the user, or the server refused the join
};
const char* to_string(RoomState state);

class Room {
 public:
  /// `users_by_name`: the backend identifies users by name, not id.
  Room(RoomId id, std::uint64_t join_order, StoreConfig store_config, TypingPolicy typing_policy,
       std::int64_t remote_ttl_ms, bool users_by_name);

  // ---- for the UI ----------------------------------------------------------
  [[nodiscard]] const RoomId& id() const { return id_; }
  [[nodiscard]] RoomState state() const { return state_; }
  [[nodiscard]] bool joined() const { return state_ == RoomState::kJoined; }
  /// The room's live run: its messages up to the newest, oldest first; the
  /// user's unconfirmed ones last. Unread counts, the cache and resuming
  /// after a reconnect are of these, whatever the room shows.
  [[nodiscard]] const MessageStore& messages() const { return store_; }
  /// What the room shows: the detached window while there is one
  /// (detached()), else the live run.
  [[nodiscard]] const MessageStore& shown_messages() const { return detached() ? window_->messages() : store_; }
  /// The room shows a window around a message the user jumped to, apart
  /// from the live run (DetachedWindow), until the two meet or the user
  /// goes back to the latest.
  [[nodiscard]] bool detached() const { return window_ && window_->shown(); }
  /// Ids of the users (other than the author) who have read message `index`
  /// of shown_messages().
  [[nodiscard]] std::vector<std::string> read_by(std::size_t index) const;
  [[nodiscard]] const std::vector<User>& typing_users() const { return typing_in_.users(); }
  [[nodiscard]] const std::vector<Member>& members() const { return roster_.members(); }
  [[nodiscard]] std::size_t unread_count() const { return store_.unread_count(); }
  /// Older messages than those shown exist on the server.
  [[nodiscard]] bool has_more() const { return shown_messages().has_more_older(); }
  /// Newer messages than those shown exist on the server: the room is
  /// detached (a window meets the live run as soon as it reaches it).
  [[nodiscard]] bool has_newer() const { return detached() && window_->has_newer(); }
  /// A history page (older messages, or the gap after a reconnect) is on its
  /// way; a kChangeState change reports when it no longer is.
  [[nodiscard]] bool loading_history() const { return history_.loading(); }
  /// A page older than what is shown is on its way (the live run's pages
  /// while the room is live, the window's while it is detached).
  [[nodiscard]] bool loading_older() const;
  /// A page newer than the detached window is on its way.
  [[nodiscard]] bool loading_newer() const { return asking(DetachedWindow::Asked::kNewer); }
  /// Increases with every change to the room: a cheap "did it change" check.
  [[nodiscard]] std::uint64_t version() const { return version_; }
  /// The app shows this room and the window is visible: it is read as it arrives.
  [[nodiscard]] bool active() const { return active_; }
  /// The server id of the first message that was unread when the room was
  /// last opened (became active), or when its first history arrived while
  /// it was open: where a "new messages" divider goes. It does not move
  /// while the user reads; empty when nothing was unread (or the message
  /// has no server id).
  [[nodiscard]] const std::string& first_unread_id() const { return first_unread_id_; }
  /// The history request in flight for what is shown, if any: the
  /// window's while the room is detached.
  [[nodiscard]] std::optional<RequestId> history_request() const;
  /// The window request in flight (a jump, or a page of the window), if any.
  [[nodiscard]] std::optional<RequestId> window_request() const;

 private:
  friend class ChatModel;

  [[nodiscard]] UserKeyField key_field() const { return users_by_name_ ? UserKeyField::kName : UserKeyField::kId; }
  [[nodiscard]] const std::string& key_of(const User& user) const { return user_key(user, key_field()); }
  /// Whether a window request asking for `asked` is in flight.
  [[nodiscard]] bool asking(DetachedWindow::Asked asked) const;
  /// The stores a message held may be in: the live run's, and the window's
  /// (null when there is none). A change of a message must reach both.
  [[nodiscard]] std::array<MessageStore*, 2> stores();
  [[nodiscard]] std::array<const MessageStore*, 2> stores() const;

  RoomId id_;
  std::uint64_t join_order_;
  bool users_by_name_;  // before the members below: their constructors read it
  RoomState state_ = RoomState::kJoining;
  MessageStore store_;
  TypingSender typing_out_;
  TypingTracker typing_in_;
  Roster roster_;
  ReadReceipts receipts_;
  HistoryPager history_;
  ChangeFeed changes_;
  /// The window around a message the user jumped to, from the jump until
  /// it meets the live run or the user goes back; shown once its first page
  /// arrived. Null while the room is live (most of the time: a window is a
  /// store of its own).
  std::unique_ptr<DetachedWindow> window_;
  std::uint64_t version_ = 0;
  bool active_ = false;
  bool shown_ = false;  // the app said set_active(true); active_ also needs a visible page
  std::string first_unread_id_;

  /// Was joined before the connection dropped: the next join is a rejoin.
  bool was_joined_ = false;
  /// The join request in flight, if any.
  std::optional<RequestId> join_request_;
  /// When an unconfirmed join (event confirmation) is given up and treated as joined.
  std::optional<std::int64_t> join_deadline_;
  /// Highest position a read receipt was sent for, and when the next may go.
  std::optional<OrderKey> receipt_sent_;
  std::optional<std::int64_t> receipt_due_;
  std::int64_t last_receipt_ms_ = INT64_MIN / 2;
};

}  // namespace chatwire::chat
