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
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "chat/config.h"
#include "chat/events.h"
#include "chat/room.h"
#include "chat/signals.h"
#include "util/result.h"
#include "util/seeded_random.h"

namespace chatwire::chat {

/// Why a user command was refused. Nothing changed.
enum class CommandError : std::uint8_t {
  kInvalidRoomId,   // empty or longer than 256 bytes
  kTooManyRooms,    // max_rooms reached: leave a room first
  kNotJoined,       // the room was never joined or has been left: join() first
  kEmptyText,       // empty or whitespace only
  kTextTooLong,     // over max_text_length code points
  kInvalidText,     // not valid UTF-8
  kTooManyPending,  // max_pending_per_room unconfirmed messages: wait or cancel some
  kUnknownMessage,  // no own message with that client id
  kNotFailed,       // retry() of a message that has not failed
  kInFlight,        // cancel() of a message already handed to the server: it cannot be recalled
  kUnsupported,     // the backend has no such operation (e.g. older pages in flask-shows)
  kBusy,            // a history request for this room is already in flight
  kNoMoreHistory,   // the server said there is nothing older
};
const char* to_string(CommandError error);

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
  /// client id that names the message until (and after) the server confirms it.
  Result<ClientId, CommandError> send(std::int64_t now_ms, const RoomId& room, std::string_view text);
  /// Sends a failed message again, under the same client id.
  Result<bool, CommandError> retry(std::int64_t now_ms, const ClientId& client_id);
  /// Removes a failed message, or one not yet handed to the server.
  Result<bool, CommandError> cancel(const ClientId& client_id);
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
  /// nothing: its active rooms count unread until it is seen again.
  void set_page_visible(std::int64_t now_ms, bool visible);
  /// Asks for the page before the oldest message held (at most `count`,
  /// default history_page_size). The page arrives as a kChangeMessages change.
  Result<bool, CommandError> load_older(std::int64_t now_ms, const RoomId& room, std::uint32_t count = 0);
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
  /// An own message not yet confirmed (or failed), and where it stands.
  struct Outgoing {
    RoomId room;
    std::string text;
    /// Handed to the server on the current or an earlier connection.
    bool transmitted = false;
    std::optional<RequestId> request;       // the send in flight, when acks confirm
    std::optional<std::int64_t> deadline;   // when waiting for the echo ends
  };
  /// A request in flight and what it was for.
  struct InFlight {
    Operation op;
    RoomId room;
    ClientId client_id;                   // kSend
    std::optional<std::int64_t> since;    // kJoin resuming, kHistory after
    bool older = false;                   // kHistory before
  };

  explicit ChatModel(ChatConfig config);

  // Rooms.
  Room* find(const RoomId& id);
  /// Drops a left room and everything of it (to make space for another).
  void forget(const RoomId& id);
  Room& touch(Room& room, std::uint32_t what);
  void request_join(std::int64_t now_ms, Room& room);
  void on_joined(std::int64_t now_ms, Room& room);
  void on_join_refused(Room& room, const std::string& why);
  Room* resolve(const std::optional<RoomId>& named, bool confirms_join = false);
  /// Where a signal naming no room about `user` belongs: the most recently
  /// joined open room they are a member of, else the current room.
  Room* resolve_for_user(const User& user);
  /// Makes `room` the server's current room where requests name none.
  void make_current(Room& room);
  Room* room_of_message_id(const std::string& message_id);

  // Sending.
  void transmit(std::int64_t now_ms, const ClientId& client_id, Outgoing& outgoing);
  void flush_outgoing(std::int64_t now_ms, Room& room);
  void confirm(std::int64_t now_ms, Room& room, const ClientId& client_id, const Message& server_copy);
  void fail(Room& room, const ClientId& client_id, const std::string& why);
  /// Finds the own pending (or failed) message that `incoming` confirms.
  std::optional<ClientId> match_own(const Room& room, const Message& incoming) const;
  std::size_t pending_in(const RoomId& room) const;

  // Inbound.
  void add_live(std::int64_t now_ms, Room& room, Message&& message);
  /// Returns how many messages the page added.
  std::size_t add_page(std::int64_t now_ms, Room& room, HistoryPage page, MessageStore::PageKind kind,
                       bool counts_as_read);
  [[nodiscard]] bool first_history_is_read(const Room& room) const;
  void on_message(std::int64_t now_ms, MessageSignal& signal);
  void on_history(std::int64_t now_ms, HistorySignal signal);
  void on_typing(std::int64_t now_ms, const TypingSignal& signal);
  void on_member_change(const std::optional<RoomId>& room, const User& user, bool joined,
                        const std::optional<std::vector<Member>>& members);
  void on_presence(const PresenceSignal& signal);
  void on_receipt(const ReceiptSignal& signal);
  void on_join_response(std::int64_t now_ms, Room& room, const InFlight& request, Response response);
  void on_history_response(std::int64_t now_ms, Room& room, RequestId id, const InFlight& request,
                           Response response);
  void learn_author(Room& room, const User& author, bool online);

  // Reading.
  void after_messages_changed(std::int64_t now_ms, Room& room);
  void schedule_receipt(std::int64_t now_ms, Room& room);
  void send_receipts(std::int64_t now_ms, Room& room);

  // Typing.
  void apply_typing_output(Room& room, TypingOutput output);

  // Plumbing.
  RequestId issue(Request request, InFlight what);
  void report(ChatErrorCode code, const RoomId& room, std::string message,
              std::optional<Operation> operation = std::nullopt, std::optional<RequestId> request = std::nullopt);
  /// The room's history request (if any) is over: HistoryLoaded says so.
  void end_history(Room& room, std::size_t added);
  /// A reference into `user` (no copy: it runs several times per message).
  [[nodiscard]] const std::string& user_key(const User& user) const;
  [[nodiscard]] bool is_self(const User& user) const;
  ClientId next_client_id();
  void flush_changes();
  /// set_active's effect, from the room's `shown_` and the page's visibility.
  void apply_active(std::int64_t now_ms, Room& room);

  ChatConfig config_;
  bool connected_ = false;
  std::uint64_t next_join_order_ = 0;
  std::map<RoomId, std::unique_ptr<Room>> rooms_;
  std::unordered_map<ClientId, Outgoing> outgoing_;
  std::unordered_map<RequestId, InFlight> in_flight_;
  /// The room the server applies room-less requests to (the last join sent),
  /// where the backend works that way (Capabilities::room_implied_by_last_join).
  std::optional<RoomId> server_current_room_;
  /// The room whose join a server event answered last: unnamed follow-ups
  /// of that answer (flask-shows' active_users) belong to it.
  std::optional<RoomId> last_answered_join_;
  std::unordered_map<std::string, bool> presence_;  // last known online state per user key (bounded)
  bool page_visible_ = true;
  bool arrival_events_ = true;
  RequestId next_request_ = 1;
  SeededRandom client_ids_;
  std::uint64_t client_id_counter_ = 0;
  std::deque<Request> requests_;
  std::deque<ChatEvent> events_;
  /// Rooms changed during the current call, with what changed (merged).
  std::vector<std::pair<RoomId, std::uint32_t>> pending_changes_;
};

}  // namespace chatwire::chat
