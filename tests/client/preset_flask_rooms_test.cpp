// The whole client with the flask-rooms preset (seed 000: Flask-SocketIO,
// in memory, users known by name) against a scripted server that answers as
// the preset's comment says the seed does: 'join' makes a room the
// connection's current one and is announced to the room as user_joined,
// 'get_messages' is answered by message_history, 'message' goes to the
// current room and is echoed to everyone in it, the sender included.
// What it does as every seed does is in preset_every_seed_test.cpp.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "client/preset_fixture.h"
#include "client/scripted_backend.h"

// A namespace of its own: the suites of a module are also compiled as one
// unity file, where their file-local users and servers would collide.
namespace chatwire::testing::preset_flask_rooms {
namespace {

using chat::MessageStatus;
using chat::RoomState;
using presets::args;
using presets::event;

// Users are their names here: the server never sees the app's ids.
const chat::User kBob{"Bob", "Bob"};
const chat::User kCat{"Cat", "Cat"};

/// Seed 000's server for the client under test and any number of other
/// users, who exist only here. The store is in memory: restart() loses it.
class RoomsServer : public presets::ScriptedBackend {
 public:
  using ScriptedBackend::ScriptedBackend;

  std::string post(const std::string& room, const chat::User& author, const std::string& text) override {
    return post_with(room, author, text, Json("m" + std::to_string(next_id())),
                     server_now(presets::TimeStyle::kPythonNaive));
  }
  /// post(), with the message's `id` and `timestamp` as given rather than
  /// the seed's own ("m<n>", now).
  std::string post_with(const std::string& room, const chat::User& author, const std::string& text,
                        const Json& id, const std::string& timestamp) {
    const Json message = {
        {"id", id}, {"username", author.name}, {"message", text}, {"room", room}, {"timestamp", timestamp}};
    history_[room].push_back(message);
    if (client_in(room)) to_client("message", message);
    return id.is_string() ? id.get<std::string>() : id.dump();
  }
  /// `user` joins `room`.
  void arrive(const std::string& room, const chat::User& user) {
    if (client_in(room)) to_client("user_joined", {{"username", user.name}, {"room", room}});
  }
  /// The relay names no room.
  void type(const std::string& room, const chat::User& user, bool typing) override {
    if (client_in(room)) to_client("user_typing", {{"username", user.name}, {"is_typing", typing}});
  }
  /// The process restarts: every message is gone.
  void restart() { history_.clear(); }

  [[nodiscard]] std::optional<std::string> current_room() const { return current_; }

 private:
  void on_new_socket() override { current_.reset(); }

  void on_event(const std::string& name, const Json& payload) override {
    const std::string room = string_field(payload, "room");
    if (name == "join") {
      // join_room() keeps the socket in the rooms it was in; the last one
      // is where its messages go.
      current_ = room;
      username_ = string_field(payload, "username");
      socket_rooms().insert(room);
      to_client("user_joined", {{"username", username_}, {"room", room}});
    } else if (name == "get_messages") {
      to_client("message_history", {{"room", room}, {"messages", history_[room]}});
    } else if (name == "message") {
      if (!current_ || swallow_sends) return;
      post(*current_, chat::User{username_, username_}, string_field(payload, "message"));
    }
  }

  std::map<std::string, std::vector<Json>> history_;
  std::optional<std::string> current_;
  std::string username_;
};

const presets::PresetCase kCase{
    .preset = "flask-rooms",
    .make_backend = presets::make_backend<RoomsServer>,
    .self = test_user(),  // Ada, known to the server by name only
    .other = kBob,
    .room = "general",
    .state_until_answered = RoomState::kJoined,  // nothing confirms a join: sent is joined
    .join_events =
        [](const std::string& room) {
          return std::vector<Json>{presets::event_of("join", {{"username", "Ada"}, {"room", room}}),
                                   presets::event_of("get_messages", {{"room", room}})};
        },
    .send_event =
        [](const std::string& /*room*/, const std::string& text) {
          return presets::event_of("message", {{"message", text}});
        },
    .message_id = [](int nth, std::int64_t /*at_ms*/) { return "m" + std::to_string(nth); },
    .typing_start =
        [](const std::string& /*room*/) { return presets::event("typing", R"({"is_typing": true})"); },
    .typing_stop =
        [](const std::string& /*room*/) { return presets::event("typing", R"({"is_typing": false})"); },
    .join_brings_history = true,
};

class PresetFlaskRooms : public presets::ScriptedPresetTest {
 protected:
  PresetFlaskRooms() : ScriptedPresetTest(kCase) {}

  std::vector<std::string> member_names(const std::string& room) const {
    std::vector<std::string> out;
    for (const auto& member : members(room)) out.push_back(member.name);
    return out;
  }

  RoomsServer& rooms = backend_as<RoomsServer>();
};

TEST_F(PresetFlaskRooms, UserJoinedAddsMembersByName) {
  join("general");
  rooms.arrive("general", kBob);
  rooms.arrive("general", kCat);
  rooms.arrive("general", kBob);  // Bob's second tab
  pair.drive();
  EXPECT_EQ(member_names("general"), (std::vector<std::string>{"Ada", "Bob", "Cat"}));
  EXPECT_TRUE(pair.events_of<ProtocolWarning>().empty());
}

TEST_F(PresetFlaskRooms, MembersComeFromUserJoinedNotFromMessageAuthors) {
  // Bob and Cat wrote in the room once; neither has joined it since.
  rooms.post("general", kBob, "yesterday");
  rooms.post("general", kCat, "also yesterday");
  join("general");
  EXPECT_EQ(member_names("general"), std::vector<std::string>{"Ada"})
      << "the user's own user_joined adds nobody";
  rooms.arrive("general", kBob);
  pair.drive();
  EXPECT_EQ(member_names("general"), (std::vector<std::string>{"Ada", "Bob"}));
}

TEST_F(PresetFlaskRooms, AReconnectRejoinsInOrderAndSendsWhatWasWrittenOffline) {
  join("general");
  join("random");
  rooms.post("general", kBob, "in general");
  rooms.post("random", kCat, "in random");
  pair.drive();
  cut();
  const std::size_t before = emitted().size();
  ASSERT_TRUE(pair.client.send(pair.now, "random", "written offline").ok());
  pair.drive();
  EXPECT_EQ(emitted().size(), before);

  restore();
  EXPECT_EQ(emitted_since(before),
            (std::vector<Json>{event("join", R"({"username": "Ada", "room": "general"})"),
                               event("get_messages", R"({"room": "general"})"),
                               event("join", R"({"username": "Ada", "room": "random"})"),
                               event("get_messages", R"({"room": "random"})"),
                               event("message", R"({"message": "written offline"})")}));
  EXPECT_EQ(rooms.current_room(), std::optional<std::string>("random")) << "the last room joined is current";
  EXPECT_EQ(pair.texts("general"), std::vector<std::string>{"in general"});
  EXPECT_EQ(pair.texts("random"), (std::vector<std::string>{"in random", "written offline"}));
  EXPECT_EQ(statuses("random"), std::vector<MessageStatus>(2, MessageStatus::kSent));
  EXPECT_TRUE(discontinuities().empty()) << "the rejoin history overlaps what was shown";
}

TEST_F(PresetFlaskRooms, AServerThatLostItsMemoryReportsADiscontinuity) {
  join("general");
  join("random");
  rooms.post("general", kBob, "before the restart");
  rooms.post("random", kBob, "also before");
  pair.drive();
  cut();
  rooms.restart();
  rooms.post("general", kCat, "after the restart");
  restore();
  EXPECT_EQ(discontinuities(), (std::vector<std::string>{"general", "random"}));
  EXPECT_EQ(pair.texts("general"), (std::vector<std::string>{"before the restart", "after the restart"}));
  EXPECT_EQ(pair.room("general").unread_count(), 2u) << "nothing was marked read";
}

TEST_F(PresetFlaskRooms, IntegerIdsNaiveTimestampsAndTheWelcomeAreRead) {
  join("general");
  pair.server.send_event("connection_response", args(R"({"data": "Connected"})"));
  rooms.post_with("general", kBob, "late", Json(7), "2024-11-16T20:15:30.500000");
  rooms.post_with("general", kCat, "early", Json(8), "2024-11-16T20:15:30.499999");
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
  const std::size_t before = emitted().size();
  ASSERT_TRUE(pair.client.send(pair.now, "general", "meant for general").ok());
  pair.drive();
  const std::vector<Json> all = emitted();
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all.back(), event("message", R"({"message": "meant for general"})"));
  EXPECT_EQ(all[before], event("join", R"({"username": "Ada", "room": "general"})"));
  EXPECT_EQ(pair.texts("general"), std::vector<std::string>{"meant for general"});
  EXPECT_TRUE(pair.texts("random").empty());
  EXPECT_EQ(statuses("general"), std::vector<MessageStatus>{MessageStatus::kSent});
}

}  // namespace
}  // namespace chatwire::testing::preset_flask_rooms

namespace chatwire::testing {
const presets::PresetCase& presets::flask_rooms() { return preset_flask_rooms::kCase; }
}  // namespace chatwire::testing
