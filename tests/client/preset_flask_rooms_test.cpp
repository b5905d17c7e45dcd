// The whole client with the flask-rooms preset (seed 000: Flask-SocketIO,
// in memory, users known by name) against a scripted server that answers as
// the preset's comment says the seed does: 'join' makes a room the
// connection's current one and is announced to the room as user_joined,
// 'get_messages' is answered by message_history, 'message' goes to the
// current room and is echoed to everyone in it, the sender included.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "client/preset_test_util.h"

// A namespace of its own: the suites of a module are also compiled as one
// unity file, where their file-local users and servers would collide.
namespace chatwire::testing::preset_flask_rooms {
namespace {

using chat::ChatErrorCode;
using chat::MessageStatus;
using chat::RoomState;
using presets::args;
using presets::emitted;
using presets::event;
using presets::json;

// Users are their names here: the server never sees the app's ids.
const chat::User kBob{"Bob", "Bob"};
const chat::User kCat{"Cat", "Cat"};

/// Seed 000's server for the client under test and any number of other
/// users, who exist only here. The store is in memory: restart() loses it.
class RoomsServer {
 public:
  explicit RoomsServer(ClientPair& pair) : pair_(pair) {
    pair_.server.script.on_event = [this](FakeServer&, const std::string& name, const Json& event_args) {
      on_event(name, event_args);
      return std::optional<Json>();
    };
  }

  /// 'message' is dropped on the floor: no store, no echo.
  bool swallow_sends = false;
  /// Every typing payload the client sent, with the time it arrived.
  std::vector<std::pair<std::int64_t, Json>> typing_received;

  /// `user` posts in `room`. `id` overrides the server's string id.
  void post(const std::string& room, const chat::User& user, const std::string& text,
            std::optional<Json> id = std::nullopt, std::optional<std::string> timestamp = std::nullopt) {
    sync();
    Json message = {{"id", id.value_or(Json("m" + std::to_string(next_id_++)))},
                    {"username", user.name},
                    {"message", text},
                    {"room", room},
                    {"timestamp", timestamp.value_or(now_text())}};
    history_[room].push_back(message);
    if (client_in_.count(room) != 0) to_client("message", message);
  }
  /// `user` joins `room`.
  void arrive(const std::string& room, const chat::User& user) {
    sync();
    if (client_in_.count(room) != 0) to_client("user_joined", {{"username", user.name}, {"room", room}});
  }
  /// `user` types in `room` (the relay names no room).
  void type(const std::string& room, const chat::User& user, bool typing) {
    sync();
    if (client_in_.count(room) != 0)
      to_client("user_typing", {{"username", user.name}, {"is_typing", typing}});
  }
  /// The process restarts: every message is gone.
  void restart() { history_.clear(); }

  [[nodiscard]] std::optional<std::string> current_room() const { return current_; }

 private:
  std::string now_text() const {
    return presets::iso8601(presets::kEpochMs + pair_.now, presets::TimeStyle::kPythonNaive);
  }
  void to_client(const std::string& name, const Json& payload) {
    pair_.server.send_event(name, presets::args_of(payload));
  }

  void sync() {
    if (!watch_.is_new(pair_.server)) return;
    client_in_.clear();
    current_.reset();
  }

  void on_event(const std::string& name, const Json& event_args) {
    sync();
    const Json payload = event_args.is_array() && !event_args.empty() ? event_args[0] : Json::object();
    const auto text = [&](const char* key) {
      return payload.is_object() && payload.contains(key) && payload[key].is_string()
                 ? payload[key].get<std::string>()
                 : std::string();
    };
    if (name == "join") {
      // join_room() keeps the socket in the rooms it was in; the last one
      // is where its messages go.
      current_ = text("room");
      username_ = text("username");
      client_in_.insert(*current_);
      to_client("user_joined", {{"username", username_}, {"room", *current_}});
    } else if (name == "get_messages") {
      to_client("message_history", {{"room", text("room")}, {"messages", history_[text("room")]}});
    } else if (name == "message") {
      if (!current_ || swallow_sends) return;
      post(*current_, chat::User{username_, username_}, text("message"));
    } else if (name == "typing") {
      typing_received.emplace_back(pair_.now, payload);
    }
  }

  ClientPair& pair_;
  presets::ConnectionWatch watch_;
  std::int64_t next_id_ = 1;
  std::map<std::string, std::vector<Json>> history_;
  std::set<std::string> client_in_;
  std::optional<std::string> current_;
  std::string username_;
};

class PresetFlaskRooms : public ::testing::Test {
 protected:
  PresetFlaskRooms() { pair.connect(); }

  void join(const std::string& room) {
    ASSERT_TRUE(pair.client.join(pair.now, room).ok());
    pair.drive();
    ASSERT_EQ(pair.room(room).state(), RoomState::kJoined);
  }
  std::vector<std::string> member_names(const std::string& room) const {
    std::vector<std::string> out;
    for (const auto& member : pair.room(room).members()) out.push_back(member.user.name);
    return out;
  }

  ClientPair pair{preset("flask-rooms")};  // signed in as Ada
  RoomsServer backend{pair};
};

TEST_F(PresetFlaskRooms, JoinSendsTheUsernameAndRoomThenAsksForTheHistory) {
  backend.post("general", kBob, "Hello!");
  pair.advance_by(1500);
  backend.post("general", kCat, "Hi Bob");

  ASSERT_TRUE(pair.client.join(pair.now, "general").ok());
  // Nothing confirms a join here: it counts as joined once sent.
  EXPECT_EQ(pair.room("general").state(), RoomState::kJoined);
  pair.drive();

  EXPECT_EQ(emitted(pair), (std::vector<Json>{event("join", R"({"username": "Ada", "room": "general"})"),
                                              event("get_messages", R"({"room": "general"})")}));
  EXPECT_FALSE(presets::any_ack_requested(pair));
  EXPECT_EQ(pair.texts("general"), (std::vector<std::string>{"Hello!", "Hi Bob"}));
  const chat::Message& first = pair.room("general").messages().at(0);
  EXPECT_EQ(first.id, "m1");
  EXPECT_EQ(first.author, kBob);
  EXPECT_EQ(first.created_at_ms, presets::kEpochMs);
  EXPECT_EQ(pair.room("general").messages().at(1).created_at_ms, presets::kEpochMs + 1500);
  EXPECT_EQ(pair.room("general").unread_count(), 0u) << "what was there before the user came is not unread";
  EXPECT_TRUE(pair.events_of<chat::MessageArrived>().empty());
}

TEST_F(PresetFlaskRooms, ASendCarriesOnlyTheTextAndTheEchoConfirmsIt) {
  join("general");
  pair.advance_by(2000);
  auto client_id = pair.client.send(pair.now, "general", "Hello!");
  ASSERT_TRUE(client_id.ok());
  EXPECT_EQ(presets::statuses(pair, "general"), std::vector<MessageStatus>{MessageStatus::kPending});
  pair.drive();

  EXPECT_EQ(pair.received("message"), std::vector<Json>{args(R"({"message": "Hello!"})")});
  ASSERT_EQ(pair.room("general").messages().size(), 1u);
  const chat::Message& sent = pair.room("general").messages().at(0);
  EXPECT_EQ(sent.status, MessageStatus::kSent);
  EXPECT_EQ(sent.id, "m1");
  EXPECT_EQ(sent.client_id, *client_id);
  EXPECT_EQ(sent.author.name, "Ada");
  EXPECT_EQ(sent.created_at_ms, presets::kEpochMs + 2000);
  EXPECT_EQ(pair.room("general").unread_count(), 0u);
  EXPECT_TRUE(pair.events_of<chat::MessageArrived>().empty());
}

TEST_F(PresetFlaskRooms, TwoIdenticalTextsSentAtOnceAreEachConfirmedOnce) {
  join("general");
  auto first = pair.client.send(pair.now, "general", "ping");
  auto second = pair.client.send(pair.now, "general", "ping");
  ASSERT_TRUE(first.ok() && second.ok());
  pair.drive();

  EXPECT_EQ(pair.received("message"), std::vector<Json>(2, args(R"({"message": "ping"})")));
  const auto& store = pair.room("general").messages();
  ASSERT_EQ(store.size(), 2u);
  EXPECT_EQ(store.at(0).client_id, *first);
  EXPECT_EQ(store.at(0).id, "m1");
  EXPECT_EQ(store.at(1).client_id, *second);
  EXPECT_EQ(store.at(1).id, "m2");
  EXPECT_EQ(presets::statuses(pair, "general"),
            (std::vector<MessageStatus>{MessageStatus::kSent, MessageStatus::kSent}));
}

TEST_F(PresetFlaskRooms, AnEchoThatNeverComesFailsAfterTenSecondsAndRetrySendsAgain) {
  join("general");
  backend.swallow_sends = true;
  auto client_id = pair.client.send(pair.now, "general", "anyone?");
  ASSERT_TRUE(client_id.ok());
  pair.drive();
  pair.advance_by(9999);
  EXPECT_EQ(presets::statuses(pair, "general"), std::vector<MessageStatus>{MessageStatus::kPending});
  pair.advance_by(1);
  EXPECT_EQ(presets::statuses(pair, "general"), std::vector<MessageStatus>{MessageStatus::kFailed});
  ASSERT_EQ(presets::chat_errors(pair, ChatErrorCode::kSendFailed).size(), 1u);

  backend.swallow_sends = false;
  ASSERT_TRUE(pair.client.retry(pair.now, *client_id).ok());
  pair.drive();
  EXPECT_EQ(pair.received("message"), std::vector<Json>(2, args(R"({"message": "anyone?"})")));
  EXPECT_EQ(pair.texts("general"), std::vector<std::string>{"anyone?"});
  EXPECT_EQ(presets::statuses(pair, "general"), std::vector<MessageStatus>{MessageStatus::kSent});
}

TEST_F(PresetFlaskRooms, KeystrokesSendOneStartAndAStopAfterTwoSecondsIdle) {
  join("general");
  const std::int64_t start = pair.now;
  for (int keystroke = 0; keystroke <= 5; ++keystroke) {
    pair.advance_to(start + keystroke * 200);
    pair.client.typing(pair.now, "general");
    pair.drive();
  }
  pair.advance_by(5000);
  ASSERT_EQ(backend.typing_received.size(), 2u);
  EXPECT_EQ(backend.typing_received[0].first, start);
  EXPECT_EQ(backend.typing_received[0].second, json(R"({"is_typing": true})"));
  EXPECT_EQ(backend.typing_received[1].first, start + 1000 + 2000);
  EXPECT_EQ(backend.typing_received[1].second, json(R"({"is_typing": false})"));
}

TEST_F(PresetFlaskRooms, OthersTypingShowsByNameOwnIsIgnoredAndTheirMessageEndsIt) {
  join("general");
  backend.type("general", kBob, true);
  pair.drive();
  EXPECT_EQ(pair.room("general").typing_users(), std::vector<chat::User>{kBob});
  backend.type("general", chat::User{"Ada", "Ada"}, true);  // the same name in another tab
  pair.drive();
  EXPECT_EQ(pair.room("general").typing_users(), std::vector<chat::User>{kBob});
  backend.post("general", kBob, "there");
  pair.drive();
  EXPECT_TRUE(pair.room("general").typing_users().empty());
  ASSERT_EQ(pair.events_of<chat::MessageArrived>().size(), 1u);
  EXPECT_EQ(pair.events_of<chat::MessageArrived>()[0].message.author, kBob);
}

TEST_F(PresetFlaskRooms, UserJoinedAddsMembersByName) {
  join("general");
  backend.arrive("general", kBob);
  backend.arrive("general", kCat);
  backend.arrive("general", kBob);  // Bob's second tab
  pair.drive();
  EXPECT_EQ(member_names("general"), (std::vector<std::string>{"Ada", "Bob", "Cat"}));
  EXPECT_TRUE(pair.events_of<ProtocolWarning>().empty());
}

TEST_F(PresetFlaskRooms, MembersComeFromUserJoinedNotFromMessageAuthors) {
  // Bob and Cat wrote in the room once; neither has joined it since.
  backend.post("general", kBob, "yesterday");
  backend.post("general", kCat, "also yesterday");
  join("general");
  EXPECT_EQ(member_names("general"), std::vector<std::string>{"Ada"})
      << "the user's own user_joined adds nobody";
  backend.arrive("general", kBob);
  pair.drive();
  EXPECT_EQ(member_names("general"), (std::vector<std::string>{"Ada", "Bob"}));
}

TEST_F(PresetFlaskRooms, OthersMessagesCountAsUnreadOwnDoNotAndMarkReadClears) {
  join("general");
  backend.post("general", kBob, "one");
  backend.post("general", kCat, "two");
  ASSERT_TRUE(pair.client.send(pair.now, "general", "mine").ok());
  pair.drive();
  EXPECT_EQ(pair.room("general").unread_count(), 2u);
  EXPECT_EQ(pair.client.chat().unread_total(), 2u);
  ASSERT_TRUE(pair.client.mark_read(pair.now, "general").ok());
  pair.drive();
  EXPECT_EQ(pair.room("general").unread_count(), 0u);
  EXPECT_TRUE(pair.received("read").empty() && pair.received("mark_read").empty())
      << "the seed has no receipts";
  backend.post("general", kBob, "three");
  pair.drive();
  EXPECT_EQ(pair.room("general").unread_count(), 1u);
}

TEST_F(PresetFlaskRooms, AReconnectRejoinsInOrderAndSendsWhatWasWrittenOffline) {
  join("general");
  join("random");
  backend.post("general", kBob, "in general");
  backend.post("random", kCat, "in random");
  pair.drive();
  presets::cut(pair);
  const std::size_t before = emitted(pair).size();
  ASSERT_TRUE(pair.client.send(pair.now, "random", "written offline").ok());
  pair.drive();
  EXPECT_EQ(emitted(pair).size(), before);

  presets::restore(pair);
  const std::vector<Json> all = emitted(pair);
  EXPECT_EQ(std::vector<Json>(all.begin() + static_cast<std::ptrdiff_t>(before), all.end()),
            (std::vector<Json>{event("join", R"({"username": "Ada", "room": "general"})"),
                               event("get_messages", R"({"room": "general"})"),
                               event("join", R"({"username": "Ada", "room": "random"})"),
                               event("get_messages", R"({"room": "random"})"),
                               event("message", R"({"message": "written offline"})")}));
  EXPECT_EQ(backend.current_room(), std::optional<std::string>("random"))
      << "the last room joined is current";
  EXPECT_EQ(pair.texts("general"), std::vector<std::string>{"in general"});
  EXPECT_EQ(pair.texts("random"), (std::vector<std::string>{"in random", "written offline"}));
  EXPECT_EQ(presets::statuses(pair, "random"), std::vector<MessageStatus>(2, MessageStatus::kSent));
  EXPECT_TRUE(presets::discontinuities(pair).empty()) << "the rejoin history overlaps what was shown";
}

TEST_F(PresetFlaskRooms, AServerThatLostItsMemoryReportsADiscontinuity) {
  join("general");
  join("random");
  backend.post("general", kBob, "before the restart");
  backend.post("random", kBob, "also before");
  pair.drive();
  presets::cut(pair);
  backend.restart();
  backend.post("general", kCat, "after the restart");
  presets::restore(pair);
  EXPECT_EQ(presets::discontinuities(pair), (std::vector<std::string>{"general", "random"}));
  EXPECT_EQ(pair.texts("general"), (std::vector<std::string>{"before the restart", "after the restart"}));
  EXPECT_EQ(pair.room("general").unread_count(), 2u) << "nothing was marked read";
}

TEST_F(PresetFlaskRooms, IntegerIdsNaiveTimestampsAndTheWelcomeAreRead) {
  join("general");
  pair.server.send_event("connection_response", args(R"({"data": "Connected"})"));
  backend.post("general", kBob, "late", Json(7), "2024-11-16T20:15:30.500000");
  backend.post("general", kCat, "early", Json(8), "2024-11-16T20:15:30.499999");
  pair.drive();
  EXPECT_TRUE(pair.events_of<ProtocolWarning>().empty());
  EXPECT_EQ(pair.texts("general"), (std::vector<std::string>{"early", "late"}));
  EXPECT_EQ(pair.room("general").messages().at(0).id, "8");
  EXPECT_EQ(pair.room("general").messages().at(0).created_at_ms, presets::kEpochMs + 499);
  EXPECT_EQ(pair.room("general").messages().at(1).created_at_ms, presets::kEpochMs + 500);
}

TEST_F(PresetFlaskRooms, ASendToAnEarlierRoomLandsInThatRoom) {
  // The server sends a 'message' to the connection's current room, the one
  // last joined. A send to another room joined earlier must first make that
  // room current again (a 'join' for it), or it lands in the wrong room.
  join("general");
  join("random");
  const std::size_t before = emitted(pair).size();
  ASSERT_TRUE(pair.client.send(pair.now, "general", "meant for general").ok());
  pair.drive();
  const std::vector<Json> all = emitted(pair);
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all.back(), event("message", R"({"message": "meant for general"})"));
  EXPECT_EQ(all[before], event("join", R"({"username": "Ada", "room": "general"})"));
  EXPECT_EQ(pair.texts("general"), std::vector<std::string>{"meant for general"});
  EXPECT_TRUE(pair.texts("random").empty());
  EXPECT_EQ(presets::statuses(pair, "general"), std::vector<MessageStatus>{MessageStatus::kSent});
}

}  // namespace
}  // namespace chatwire::testing::preset_flask_rooms
