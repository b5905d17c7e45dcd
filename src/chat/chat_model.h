// The chat model: rooms, optimistic sends, typing, unread counts, presence
// and history, on top of any backend a dialect describes. Sans-IO like the
// session: it speaks in semantic Requests and Signals (chat/signals.h) and
// never sees a frame, a socket or a clock.
//
// Driving it (the client facade does this):
//   1. Tell it about the connection: connected() once the namespace is
//      joined, connection_lost() when it drops, disconnecting() just before
//      the user's disconnect.
//   2. Feed user commands, server Signals, and the outcome of each Request
//      (on_response / on_request_failed), each with the current time.
//   3. After each call drain poll_request() (emit each one now: requests are
//      only produced while connected) and poll_event(), then arm one timer
//      for poll_timeout() and call handle_timeout() when it fires.
// Every input is safe to repeat; a late or spurious one is a no-op.
//
// The model is the coordinator: it routes each input to the room it is
// about and to the unit that owns the concern, and turns what the units did
// into requests and events. The units: OptimisticSends (the user's messages
// until the server confirms them), each Room's HistoryPager, store, typing,
// roster and receipts, and RequestTracker (requests between issue and
// answer). Its own code is split by concern, one chat_model_*.cpp per group
// of private methods below.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "chat/command_error.h"
#include "chat/config.h"
#include "chat/events.h"
#include "chat/history_cache.h"
#include "chat/message_store.h"
#include "chat/optimistic_sends.h"
#include "chat/pending_ops.h"
#include "chat/retry_pause.h"
#include "chat/request_tracker.h"
#include "chat/room.h"
#include "chat/signals.h"
#include "chat/typing_sender.h"
#include "chat/vocabulary.h"
#include "util/result.h"

namespace chatwire::chat {

/// Why a request did not complete (reported by the client facade).
enum class RequestFailure : std::uint8_t {
  kTimeout,         // no ack in time
  kConnectionLost,  // the connection dropped before the ack
  kNotSent,         // could not be emitted (too large, not encodable)
};

class ChatModel {
 public:
  /// Validates the config; the error names the offending field.
  static Result<std::unique_ptr<ChatModel>, ChatConfigError> create(ChatConfig config);

  // ---- connection --------------------------------------------------------

  /// The namespace is connected: rejoin every room in the order it was
  /// joined, then send what waited. A no-op if already connected.
  void connected(std::int64_t now_ms);
  /// The connection dropped: unconfirmed work waits for the next connected().
  void connection_lost(std::int64_t now_ms);
  /// The user is about to disconnect: announce typing stops while the
  /// connection is still up, then behave as connection_lost().
  void disconnecting(std::int64_t now_ms);

  // ---- user commands -----------------------------------------------------

  /// Joins `room` (idempotent). Joining happens when connected; rooms joined
  /// before a drop are rejoined automatically.
  Result<bool, CommandError> join(std::int64_t now_ms, const RoomId& room);
  /// Leaves `room`: typing stops, the server is told where it can be, and
  /// unconfirmed messages in it fail. The room's messages stay readable.
  Result<bool, CommandError> leave(std::int64_t now_ms, const RoomId& room);
  /// Shows `text` at once as pending and sends it when possible. Returns the
  /// client id that names the message until (and after) the server confirms
  /// it: `client_id` when one is given (see OptimisticSends::add; refused
  /// when any room holds a message with it), else a new one. A caller that
  /// names its sends must not reuse the id of an earlier one even once it is
  /// gone: a server that keeps client ids would take the new message for it.
  /// `reply_to`, when given, is the server id of the message of `room` this
  /// one answers (refused: kUnsupported where the backend has no replies,
  /// kUnknownMessage when the room does not hold it, kDeleted when it is deleted).
  Result<ClientId, CommandError> send(std::int64_t now_ms, const RoomId& room, std::string_view text,
                                      std::string_view client_id = {}, std::string_view reply_to = {});
  /// Sends a failed or unconfirmed message again, under the same client id.
  Result<bool, CommandError> retry(std::int64_t now_ms, const ClientId& client_id);
  /// Removes a failed message, or one not yet handed to the server.
  Result<bool, CommandError> cancel(const ClientId& client_id);
  /// Takes back the user's unconfirmed sends kept across a restart (the
  /// SendStored records a platform kept): each shows in its room when the
  /// room is joined (at once if it is), and the pending ones go out once
  /// it is. Returns how many were taken (duplicates and unusable records
  /// are dropped).
  std::size_t restore_sends(std::int64_t now_ms, std::vector<StoredSend> records);
  /// Takes back the rooms' messages kept across a restart (the HistoryCached
  /// records a platform kept; ChatConfig::cached_messages): each room shows
  /// its messages, marked cached, from its join until its first history from
  /// the server replaces them. Returns how many rooms were taken (0 when
  /// caching is off).
  std::size_t restore_history(std::vector<CachedRoom> rooms);
  // Changes to messages (chat_model_changes.cpp). Each names its message by
  // its server id or, for the user's own message, its client id (the only
  // name of a message still pending); an id the room does not hold is taken
  // for the server id of a message not loaded, changed when it arrives. The
  // change shows at once; it goes out as a pending operation (PendingOps)
  // and the result is its op id, except where the target is the user's send
  // not yet handed over: then the send itself changes (an edit rewrites it,
  // a delete cancels it) and the result is its client id. Where the backend
  // has no such operation: kUnsupported, and nothing changes. `op_id`: the
  // id the caller chose for the operation (a view of a shared client names
  // its changes as it names its sends; checked as a chosen client id is,
  // else kInvalidClientId), or empty for a new one.

  /// Edits the user's message to `text` (checked as a send's text).
  Result<std::string, CommandError> edit(std::int64_t now_ms, const RoomId& room, const std::string& message,
                                         std::string_view text, std::string_view op_id = {});
  /// Deletes a message (the user's own; a room admin's any, as the server decides).
  Result<std::string, CommandError> remove(std::int64_t now_ms, const RoomId& room, const std::string& message,
                                           std::string_view op_id = {});
  /// Sets (`on`) or unsets the user's `emoji` on a message: a set, never a toggle.
  Result<std::string, CommandError> react(std::int64_t now_ms, const RoomId& room, const std::string& message,
                                          std::string_view emoji, bool on, std::string_view op_id = {});
  /// Takes back the user's pending operations kept across a restart (the
  /// OpStored records a platform kept): each shows on its message once the
  /// message is in its room, and goes out once the room is joined. Returns
  /// how many were taken (duplicates and unusable records are dropped).
  std::size_t restore_ops(std::int64_t now_ms, std::vector<StoredOp> records);
  /// Call on every keystroke: the model decides what to send (see TypingSender).
  void typing(std::int64_t now_ms, const RoomId& room);
  /// The user cleared the input or left the field: announce a stop now.
  void stop_typing(std::int64_t now_ms, const RoomId& room);
  /// Moves the read cursor to the newest message and sends a receipt where
  /// the backend takes them.
  Result<bool, CommandError> mark_read(std::int64_t now_ms, const RoomId& room);
  /// The app shows `room` (`active`), or no longer does. While the page is
  /// visible too (set_page_visible), the room is read as messages arrive.
  Result<bool, CommandError> set_active(std::int64_t now_ms, const RoomId& room, bool active);
  /// The page is visible or hidden (true at start). A hidden page reads
  /// nothing: its active rooms count unread until it is seen again. Hiding
  /// writes the history cache at once.
  void set_page_visible(std::int64_t now_ms, bool visible);
  /// Asks for the page before the oldest message shown (at most `count`,
  /// default history_page_size): of the live run, or of the detached window.
  /// The page arrives as a kChangeMessages change.
  Result<bool, CommandError> load_older(std::int64_t now_ms, const RoomId& room, std::uint32_t count = 0);
  // Jumping to a message and back (chat_model_jump.cpp). While a room is
  // detached (Room::detached()) it shows a window around the message jumped
  // to instead of its live run: live messages still arrive in the live run,
  // count as unread and are not read while the room is active; load_older
  // and load_newer page the window; it ends when it meets the live run,
  // on jump_to_latest(), on a send in the room and on leave().

  /// What jump_to() did: the message is shown already, `key` names it
  /// (message_key()); or the page around it was asked for, `request` names
  /// the request, which the HistoryLoaded (with the key) or the ChatError
  /// that ends it names too.
  struct Jump {
    std::string key;
    std::optional<RequestId> request;
  };
  /// Shows the message of `room` that `message` names (a server id, or the
  /// client id of the user's own message). Held in what the room shows: no
  /// request. Held in the live run while the room is detached: the room is
  /// live again. Held nowhere: the page around it is asked for (kUnsupported
  /// where the backend cannot, Capabilities::history_around; a request for
  /// the same message in flight is shared, one for another given up), and
  /// once it arrives the room is detached on it, unless it meets the live
  /// run. A refused or failed page leaves the room as it was (a ChatError).
  Result<Jump, CommandError> jump_to(std::int64_t now_ms, const RoomId& room, const std::string& message);
  /// Ends the room's window (or a jump on its way): it shows its live run
  /// again. False when it was live already.
  Result<bool, CommandError> jump_to_latest(std::int64_t now_ms, const RoomId& room);
  /// Asks for the page after the newest message of the detached window (at
  /// most `count`, default history_page_size); kNoMoreHistory while the
  /// room is live. The page arrives as a kChangeMessages change, and the
  /// window meets the live run when it reaches it.
  Result<bool, CommandError> load_newer(std::int64_t now_ms, const RoomId& room, std::uint32_t count = 0);
  /// Asks the server for the member list, where it has such a request.
  Result<bool, CommandError> refresh_members(std::int64_t now_ms, const RoomId& room);
  /// Whether live messages from others are reported as MessageArrived (on
  /// at start). Off, a message costs no copy for a notification nobody reads.
  void set_arrival_events(bool enabled) { arrival_events_ = enabled; }

  // ---- from the server ---------------------------------------------------

  void on_signal(std::int64_t now_ms, Signal signal);
  void on_response(std::int64_t now_ms, RequestId id, Response response);
  void on_request_failed(std::int64_t now_ms, RequestId id, RequestFailure failure);

  // ---- timers and outputs ------------------------------------------------

  void handle_timeout(std::int64_t now_ms);
  [[nodiscard]] std::optional<std::int64_t> poll_timeout() const;
  std::optional<Request> poll_request();
  std::optional<ChatEvent> poll_event();

  // ---- reading -----------------------------------------------------------

  /// Whether any room holds a message with `client_id` (pending or confirmed).
  [[nodiscard]] bool holds_client_id(const ClientId& client_id) const;
  /// The room, or nullptr if it was never joined.
  [[nodiscard]] const Room* room(const RoomId& id) const;
  /// Every room ever joined (left ones included), in join order.
  [[nodiscard]] std::vector<const Room*> rooms() const;
  /// The room's messages' edits since the last call (MessageStore::take_changes).
  ListChanges take_message_changes(const RoomId& room);
  /// Sum of the unread counts of the rooms not left.
  [[nodiscard]] std::size_t unread_total() const;
  [[nodiscard]] bool is_connected() const { return connected_; }
  [[nodiscard]] const ChatConfig& config() const { return config_; }

 private:
  explicit ChatModel(ChatConfig config);

  // Rooms (chat_model_rooms.cpp).
  Room* find(const RoomId& id);
  /// Drops a left room and everything of it (to make space for another).
  void forget(const RoomId& id);
  void request_join(std::int64_t now_ms, Room& room);
  void on_joined(std::int64_t now_ms, Room& room);
  void on_join_response(std::int64_t now_ms, Room& room, const RequestTracker::InFlight& request, Response response);
  void on_join_refused(std::int64_t now_ms, Room& room, const std::string& why);
  /// The server refused `op` in `room` as unavailable: what it refused stays
  /// pending until retry_pause_ is over (reported when a pause starts).
  void wait_for_server(std::int64_t now_ms, Room& room, Operation op, RequestId request);
  /// retry_pause_ is over: the joins, sends and changes it held go again.
  void retry_after_pause(std::int64_t now_ms);
  Room* resolve(const std::optional<RoomId>& named, bool confirms_join = false);
  /// Where a signal naming no room about `user` belongs: the most recently
  /// joined open room they are a member of, else the current room.
  Room* resolve_for_user(const User& user);
  /// Makes `room` the server's current room where requests name none.
  void make_current(Room& room);
  Room* room_of_message_id(const std::string& message_id);

  // The user's sends, kept by sends_ (chat_model_sends.cpp).
  /// Hands `client_id` to the server, making `room` its current room first
  /// where the backend needs that.
  void transmit(std::int64_t now_ms, Room& room, const ClientId& client_id);
  /// After a (re)join: hands over what waited for it.
  void transmit_waiting(std::int64_t now_ms, Room& room);
  /// The server confirmed `client_id` with `server_copy` (its state, with the
  /// user's pending operations on it applied on top).
  void confirm(std::int64_t now_ms, Room& room, const ClientId& client_id, const Message& server_copy);
  void fail(Room& room, const ClientId& client_id, const std::string& why);
  /// Fails every queued message of `room` (left, or its join refused).
  void fail_all_in(Room& room, const std::string& why);
  /// Finds the own pending (or failed) message that `incoming` confirms.
  std::optional<ClientId> match_own(const Room& room, const Message& incoming) const;

  // Changes to messages, the user's and the server's (chat_model_changes.cpp).
  /// What the change commands share: the room's checks, then the operation
  /// `op` (its kind and what it sets) on the message `ref` names.
  Result<std::string, CommandError> change(std::int64_t now_ms, const RoomId& room_id, const std::string& ref,
                                           PendingOp op);
  /// The message of `room` that `ref` names (server id, else client id), in
  /// the live run or the detached window.
  [[nodiscard]] const Message* find_message(const Room& room, const std::string& ref) const;
  /// The same in one store.
  [[nodiscard]] static const Message* find_in(const MessageStore& store, const std::string& ref);
  /// The longest message reference a command takes (ids are far shorter).
  static constexpr std::size_t kMaxMessageRefBytes = 256;
  /// Makes a message from the server the room's (its room, sent, a client id
  /// only on the user's own, reactions counted with `mine` for the user).
  void take_server_copy(const Room& room, Message& message) const;
  /// What `room` shows of server copy `message`: the user's pending
  /// operations on it applied on top, when there are any.
  void overlay(Room& room, Message& message);
  /// A change of a stored message from the server (a push, a catch-up page):
  /// kept when newer; a stale one, or one for a message not held, is
  /// dropped, with a warning when `warn` (a push).
  void apply_change(std::int64_t now_ms, Room& room, Message&& message, bool warn);
  void on_message_updated(std::int64_t now_ms, MessageUpdatedSignal& signal);
  void on_op_response(std::int64_t now_ms, Room& room, const OpId& op_id, Response response);
  /// Operation `op_id` failed (`why`; `code` the server's, if it refused):
  /// rolled back and reported.
  void fail_op(std::int64_t now_ms, Room& room, const OpId& op_id, const std::string& why,
               const std::string& code = {});
  /// Fails every pending operation of `room` (left, or its join refused).
  void fail_ops_in(std::int64_t now_ms, Room& room, const std::string& why);
  /// Puts what a message with pending operations shows into the room.
  void show(std::int64_t now_ms, Room& room, const std::optional<Message>& shown);
  /// Shows the pending operations of `room` on the messages it holds (those
  /// restored, or kept for a message that has just become held).
  void show_ops(std::int64_t now_ms, Room& room);
  /// Hands over the room's operations that can go now.
  void transmit_ops(Room& room);
  void on_changes_response(std::int64_t now_ms, Room& room, Response response);
  void apply_changes(std::int64_t now_ms, Room& room, std::vector<Message> changes);
  /// After a page: applies the pushed changes kept for messages the room did
  /// not hold (ChangeFeed::keep_early) to those it now holds; keeps the rest
  /// while another page is on its way.
  void apply_early_changes(std::int64_t now_ms, Room& room);

  // The detached window (chat_model_jump.cpp).
  /// Asks for the window's next page towards `direction` (load_older and
  /// load_newer while the room is detached).
  Result<bool, CommandError> load_window_page(Room& room, DetachedWindow::Asked direction, std::uint32_t count);
  void on_window_response(std::int64_t now_ms, Room& room, RequestId id, Response response);
  /// The window request `id` was refused or failed (`why`): reported; a
  /// jump from the live run leaves no window.
  void on_window_failed(Room& room, RequestId id, const std::string& why);
  /// Ends the window request in flight, if any, without its answer: a
  /// HistoryLoaded of nothing, or, for a jump the connection dropped, a
  /// ChatError. A window not shown yet goes with it.
  void end_window_request(Room& room, bool connection_lost);
  /// Drops the window: the room shows its live run again, read from there
  /// on if it is active.
  void close_window(std::int64_t now_ms, Room& room);
  /// The window met the live run: its messages join it as older history.
  void merge_window(std::int64_t now_ms, Room& room);

  // Messages from the server (chat_model_messages.cpp).
  void on_message(std::int64_t now_ms, MessageSignal& signal);
  void add_live(std::int64_t now_ms, Room& room, Message&& message);
  /// Returns how many messages the page added.
  std::size_t add_page(std::int64_t now_ms, Room& room, HistoryPage page, MessageStore::PageKind kind,
                       bool counts_as_read);
  /// A page's messages for the detached window: made the room's as any
  /// page's are, but not matched to the user's sends (the live run has those).
  std::vector<Message> window_page(Room& room, std::vector<Message> messages);

  // History, paged by each room's HistoryPager (chat_model_history.cpp).
  void on_history(std::int64_t now_ms, HistorySignal signal);
  /// Puts the cached messages kept for `room` before a restart (if any) into it, marked cached.
  void show_cached(Room& room);
  void on_history_response(std::int64_t now_ms, Room& room, RequestId id, Response response);
  /// The room's history request (if any) is over: HistoryLoaded says so.
  void end_history(Room& room, std::size_t added);
  /// Reports the newest messages of the rooms whose cache write is due
  /// (every changed room with `everything`) as HistoryCached.
  void write_history_cache(std::int64_t now_ms, bool everything);

  // Reading: unread counts and receipts (chat_model_reading.cpp).
  void after_messages_changed(std::int64_t now_ms, Room& room);
  /// The cursor moves to the newest message, and a receipt follows.
  void read_to_newest(std::int64_t now_ms, Room& room);
  /// The user sees the room's newest messages as they arrive: it is active
  /// and not detached on a window.
  [[nodiscard]] static bool reads_live(const Room& room) { return room.active_ && !room.detached(); }
  /// Names the room's first unread message as the divider (Room::first_unread_id),
  /// where reading starts; it stays there while the room is read.
  void place_divider(Room& room);
  /// set_active's effect, from the room's `shown_` and the page's visibility.
  void apply_active(std::int64_t now_ms, Room& room);
  void schedule_receipt(std::int64_t now_ms, Room& room);
  void send_receipts(std::int64_t now_ms, Room& room);
  void on_receipt(const ReceiptSignal& signal);

  // Typing, members and presence (chat_model_presence.cpp).
  void apply_typing_output(Room& room, TypingOutput output);
  void on_typing(std::int64_t now_ms, const TypingSignal& signal);
  void on_member_change(const std::optional<RoomId>& room, const User& user, bool joined,
                        const std::optional<std::vector<Member>>& members);
  void on_presence(const PresenceSignal& signal);
  void learn_author(Room& room, const User& author, bool online);

  // Plumbing (chat_model.cpp).
  Room& touch(Room& room, std::uint32_t what);
  /// Moves `room`'s read cursor with `move` (a change to its store) and
  /// flags the unread count when that changed it.
  template <class Move>
  void move_read_cursor(Room& room, const Move& move) {
    const std::size_t before = room.store_.unread_count();
    move(room.store_);
    if (room.store_.unread_count() != before) touch(room, kChangeUnread);
  }
  void flush_changes();
  void report(ChatErrorCode code, const RoomId& room, std::string message,
              std::optional<Operation> operation = std::nullopt, std::optional<RequestId> request = std::nullopt);
  /// A reference into `user` (no copy: it runs several times per message).
  [[nodiscard]] const std::string& user_key(const User& user) const;
  [[nodiscard]] bool is_self(const User& user) const;

  ChatConfig config_;
  bool connected_ = false;
  std::uint64_t next_join_order_ = 0;
  std::map<RoomId, std::unique_ptr<Room>> rooms_;
  OptimisticSends sends_;
  PendingOps ops_;
  RetryPause retry_pause_;
  HistoryCache cache_;
  RequestTracker requests_;
  /// The room the server applies room-less requests to (the last join sent),
  /// where the backend works that way (Capabilities::room_implied_by_last_join).
  std::optional<RoomId> server_current_room_;
  /// The room whose join a server event answered last: unnamed follow-ups
  /// of that answer (flask-shows' active_users) belong to it.
  std::optional<RoomId> last_answered_join_;
  std::unordered_map<std::string, bool> presence_;  // last known online state per user key (bounded)
  bool page_visible_ = true;
  bool arrival_events_ = true;
  std::deque<ChatEvent> events_;
  /// Rooms changed during the current call, with what changed (merged).
  std::vector<std::pair<RoomId, std::uint32_t>> pending_changes_;
};

}  // namespace chatwire::chat
