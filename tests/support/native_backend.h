// An in-memory backend that speaks the Chatwire native protocol
// (docs/protocol.md) through a FakeServer, for tests of the layers above the
// session: the chat model, the native dialect and the client facade.
//
//   NativeBackend backend;          // the client under test is {"u1", "Ada"}
//   ServerScript script;
//   backend.install(script);        // before the script is copied into the Pair
//   Pair pair(test_config(), script);
//
// Its state (rooms, messages, members, read cursors) outlives connections, as
// a real server's database does; which rooms the connection joined is
// forgotten when the connection drops, so the client must rejoin. A backend
// plays one client's connection; everyone else is simulated by the test
// controls below, which push to the client the events a real server would.
// For two real clients of different users, give the second its own backend
// sharing the first one's world (NativeBackend(user, first)): one server,
// where each client's requests reach the other's connection as pushes.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chat/vocabulary.h"
#include "support/fake_server.h"

namespace chatwire::testing {

/// One event the client sent, as the backend received it.
struct BackendRequest {
  std::string name;
  Json args;  // the arguments after the event name
};

/// A `typing` the backend accepted from the client (valid, room joined).
struct TypingReceived {
  chat::RoomId room;
  std::string state;  // "start" or "stop"
  std::int64_t at_ms = 0;
};

/// In which order the backend answers a successful first `send`. The
/// protocol allows both; a client must cope with either.
enum class SendOrder : std::uint8_t {
  kEchoBeforeAck,  // the `message` broadcast, then the ack
  kAckBeforeEcho,  // the ack, then the `message` broadcast
};

/// Wire forms of the common shapes (docs/protocol.md). An empty client_id is
/// written as null.
Json to_json(const chat::User& user);
Json to_json(const chat::Member& member);
Json to_json(const chat::Message& message);

/// The preview of a reply to `parent` as it is now: its author, its first
/// 100 code points ("" once deleted) and whether it is deleted.
chat::ReplyRef reply_preview(const chat::Message& parent);

class NativeBackend {
 public:
  static constexpr std::int64_t kTypingTtlMs = 6000;
  static constexpr std::size_t kJoinPage = 50;
  static constexpr std::size_t kSincePage = 100;
  static constexpr std::size_t kDefaultHistoryLimit = 50;
  static constexpr std::int64_t kMaxHistoryLimit = 100;
  static constexpr std::size_t kMaxTextCodePoints = 4000;
  static constexpr std::size_t kMaxClientIdCodePoints = 64;
  /// Bytes of serialized messages per page, so that an ack stays within the
  /// 1000000-byte frame limit with room for its envelope and member list.
  static constexpr std::size_t kPageBudgetBytes = 900'000;

  /// `me` is the user the client's token stands for.
  explicit NativeBackend(chat::User me = {"u1", "Ada"});
  /// The connection of another client, of user `me`, to the server `first`
  /// plays: both share rooms, messages, ids and online states, and what
  /// either's requests or the world controls change is pushed to every
  /// connection in the room. Connection state (rooms joined, faults, held
  /// acks, `requests`, the clock) stays each backend's own.
  NativeBackend(chat::User me, NativeBackend& first);
  ~NativeBackend();
  // install() hands the script a pointer to this object.
  NativeBackend(const NativeBackend&) = delete;
  NativeBackend& operator=(const NativeBackend&) = delete;

  /// Makes `script` play this backend: sets on_event, and clears auto_ack
  /// because every ack comes from the backend (unknown events get none, as
  /// from a Socket.IO server without a handler). Call before the script is
  /// copied into a Pair, or on `pair.server.script` directly.
  void install(ServerScript& script);
  /// A fresh script that plays this backend (install() on it), for a Pair
  /// or ClientPair to copy.
  [[nodiscard]] ServerScript script();

  [[nodiscard]] const chat::User& me() const { return me_; }

  /// Time stamped on new messages (`createdAt`). Unset: the FakeServer's
  /// clock as of its last input. Tests may set `[&] { return pair.now; }`.
  std::function<std::int64_t()> clock;

  // ---- the world: other users, and what the server does on its own -------
  // Each pushes its event to the client only when a real server would: when
  // the client's current connection is in the room (or, for presence, in a
  // room where the user is a member).

  /// Stores a message from `author` (clientId null) and broadcasts it.
  /// Creates the room if needed; `author` need not be a member.
  chat::Message post(const chat::RoomId& room, const chat::User& author, std::string text);
  /// `n` posts with the texts "message <seq>".
  std::vector<chat::Message> post_many(const chat::RoomId& room, const chat::User& author, int n);
  /// Stores without broadcasting: a message the client missed while away.
  chat::Message post_while_away(const chat::RoomId& room, const chat::User& author, std::string text);
  /// Relays a typing state ("start" or "stop", or anything for odd cases).
  void typing(const chat::RoomId& room, const chat::User& user, std::string_view state,
              std::int64_t ttl_ms = kTypingTtlMs);
  /// Makes `user` a member (online) and sends `member_joined`; a no-op for a
  /// member.
  void member_join(const chat::RoomId& room, const chat::User& user);
  /// Ends `user`'s membership and sends `member_left`; a no-op otherwise.
  void member_leave(const chat::RoomId& room, const chat::User& user);
  void presence(const chat::User& user, bool online);
  /// Moves `user`'s read cursor as a `read` from them would (monotonic,
  /// clamped to the last seq) and sends `read` when it moved. With
  /// `user == me()` it plays the client's user on another device. Returns
  /// the cursor.
  std::int64_t read_by(const chat::RoomId& room, const chat::User& user, std::int64_t seq);
  /// Pushes `error {code, message}`.
  void server_error(std::string code, std::string message);
  /// Pushes any event with `payload` as its one argument, if connected.
  void push(const std::string& event, Json payload);
  /// Creates an empty room (for join with create_rooms_on_join off).
  void add_room(const chat::RoomId& room);
  /// Changes message `id` of `room` as another client's edit, delete or
  /// reaction would (native_backend_changes.cpp): `change` edits it, then
  /// its version and the room's rev go up, and `message_updated` goes to
  /// the room unless `away` (the client misses it). Returns the new state.
  chat::Message change(const chat::RoomId& room, const std::string& id, const std::function<void(chat::Message&)>& change,
                       bool away = false);
  /// When false, `join` of a room that does not exist fails with not_found.
  bool create_rooms_on_join = true;

  // ---- faults -------------------------------------------------------------

  /// Requests named `event` are handled, but their acks are lost (the
  /// broadcasts still go out). Until clear_faults().
  void drop_acks_for(std::string event);
  /// Requests named `event` are recorded in `requests` and otherwise ignored:
  /// lost before the server handled them. Until clear_faults().
  void ignore(std::string event);
  /// The next request named `event` fails with {code, message} without being
  /// handled. Calls queue up, one failure per request.
  void reject_next(std::string event, std::string code, std::string message);
  /// Requests named `event` are handled but their acks wait for
  /// release_held_acks() (a slow server). Until clear_faults().
  void hold_acks_for(std::string event);
  /// Sends the held acks, oldest first; those of a connection that has since
  /// dropped are discarded. Returns how many were sent.
  std::size_t release_held_acks();
  /// Ends drop_acks_for, ignore, hold_acks_for and pending reject_next (held
  /// acks stay held).
  void clear_faults();
  SendOrder send_order = SendOrder::kEchoBeforeAck;

  // ---- inspection ---------------------------------------------------------

  [[nodiscard]] std::vector<chat::Message> messages(const chat::RoomId& room) const;
  [[nodiscard]] std::size_t stored_count(const chat::RoomId& room) const;
  [[nodiscard]] std::int64_t read_seq(const chat::RoomId& room, const std::string& user_id) const;
  [[nodiscard]] std::int64_t read_seq(const chat::RoomId& room) const { return read_seq(room, me_.id); }
  [[nodiscard]] std::vector<chat::Member> members(const chat::RoomId& room) const;
  /// Whether the client's current connection is in `room`.
  [[nodiscard]] bool client_in(const chat::RoomId& room) const;

  std::vector<BackendRequest> requests;         // every event from the client, in order
  std::vector<TypingReceived> typing_received;  // accepted client typing events
  std::size_t sends_received = 0;               // `send` events, valid or not
  std::size_t duplicate_sends = 0;              // idempotent repeats answered from the store
  std::size_t duplicate_ops = 0;                // edits, deletes, reactions repeated under an applied opId

 private:
  struct Room {
    std::vector<chat::Message> messages;       // messages[i].seq == i + 1
    std::int64_t rev = 0;                      // the room's change counter (docs/protocol.md)
    std::vector<chat::User> members;           // in the order they joined
    std::map<std::string, std::int64_t> read;  // user id -> cursor
  };
  /// What a handler answers: the ack (nullopt: none), and for a first send
  /// the message to broadcast around it.
  struct Reply {
    std::optional<Json> ack;
    std::optional<chat::Message> echo;
    bool updated = false;  // the echo is a change: message_updated, not message
  };
  struct HeldAck {
    std::uint32_t connection;
    std::string nsp;
    std::uint32_t ack_id;
    Json ack;
  };

  struct World;
  NativeBackend(chat::User me, std::shared_ptr<World> world);

  std::optional<Json> on_event(FakeServer& server, const std::string& name, const Json& args);
  void answer(const std::string& event, const protocol::sio::Packet& request, const Json& ack);
  Reply handle(const std::string& name, const Json& payload);
  Reply handle_join(const Json& payload);
  Reply handle_leave(const Json& payload);
  Reply handle_send(const Json& payload);
  Reply handle_typing(const Json& payload);
  Reply handle_read(const Json& payload);
  Reply handle_history(const Json& payload);
  Reply handle_members(const Json& payload);
  // Edits, deletes, reactions and catch-up (native_backend_changes.cpp).
  Reply handle_change(const std::string& name, const Json& payload);
  Reply handle_changes(const Json& payload);
  /// The join ack's catch-up fields for a join with `since` and `sinceRev`.
  void add_join_changes(const Room& room, const Json& payload, Json& ack) const;
  /// Bumps `message`'s version and `room`'s rev after a change.
  static void changed(Room& room, chat::Message& message);

  /// Refreshes the previews of the replies to `parent` after it changed.
  static void refresh_replies(Room& room, const chat::Message& parent);

  /// The client's current connection has sent an event and is still open.
  [[nodiscard]] bool attached() const;
  [[nodiscard]] bool room_exists(const chat::RoomId& room) const;
  [[nodiscard]] bool is_online(const chat::User& user) const;
  [[nodiscard]] Json members_json(const Room& room) const;
  [[nodiscard]] std::int64_t now() const;
  chat::Message store(const chat::RoomId& room, const chat::User& author, const std::string& client_id,
                      std::string text);
  std::int64_t move_cursor(Room& room, const std::string& user_id, std::int64_t seq);
  void push_to_room(const chat::RoomId& room, const std::string& event, const Json& payload);

  /// What the server stores: shared by the backends of one server.
  struct World {
    std::map<chat::RoomId, Room> rooms;
    // (user id, clientId or opId) -> (room, index of the message)
    std::map<std::pair<std::string, std::string>, std::pair<chat::RoomId, std::size_t>> by_client_id;
    std::map<std::pair<std::string, std::string>, std::pair<chat::RoomId, std::size_t>> by_op_id;
    std::map<std::string, bool> online;  // simulated users, by id
    std::uint64_t next_message_id = 1;
    std::vector<NativeBackend*> connections;  // every backend of the server, for broadcasts
  };

  chat::User me_;
  std::shared_ptr<World> world_;
  // The world's parts, under the names they had when each backend had its own.
  std::map<chat::RoomId, Room>& rooms_;
  decltype(World::by_client_id)& by_client_id_;
  decltype(World::by_op_id)& by_op_id_;
  std::map<std::string, bool>& online_;
  std::uint64_t& next_message_id_;

  FakeServer* server_ = nullptr;  // learned from the first event
  std::uint32_t connection_ = 0;  // server->connections_accepted when joined_ was filled
  std::set<chat::RoomId> joined_;

  std::set<std::string> ignored_;
  std::set<std::string> dropped_acks_;
  std::set<std::string> held_acks_for_;
  std::map<std::string, std::deque<std::pair<std::string, std::string>>> rejections_;
  std::vector<HeldAck> held_;
};

}  // namespace chatwire::testing
