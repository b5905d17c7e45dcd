// The whole client with the flask-multiroom preset (seed 004: Flask-SocketIO,
// named rooms, SQL storage) against a scripted server that answers as the
// preset's comment says the seed does: join_room is answered by room_joined
// with the recent rows (system, join and leave rows among them), send_message
// is echoed to the whole room as new_message, typing_start / typing_stop
// become user_typing for the others, user_joined / user_left name the room.
// What it does as every seed does is in preset_every_seed_test.cpp.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "client/preset_fixture.h"
#include "client/scripted_backend.h"

// A namespace of its own: the suites of a module are also compiled as one
// unity file, where their file-local users and servers would collide.
namespace chatwire::testing::preset_flask_multiroom {
namespace {

using chat::ChatErrorCode;
using chat::MessageStatus;
using chat::RoomState;
using presets::args;
using presets::event;

const chat::User kSelf{"10", "Ada"};
const chat::User kBob{"5", "bob"};
const chat::User kCat{"8", "cat"};

/// Seed 004's server for the client under test; other users exist only here.
class MultiroomServer : public presets::ScriptedBackend {
 public:
  using ScriptedBackend::ScriptedBackend;
  // The seed's other pushes (status, rooms_list) are sent by the tests.
  using ScriptedBackend::to_client;

  /// The seed's default rooms.
  std::set<std::string> rooms{"general", "workout-tips", "nutrition", "progress"};

  std::string post(const std::string& room, const chat::User& author, const std::string& text) override {
    return post_row(room, author, text, "text");
  }
  /// A row of `type` ("text", "system", "join" or "leave") in `room` by
  /// `author`, sent to everyone in it; `created_at` overrides the seed's stamp.
  std::string post_row(const std::string& room, const chat::User& author, const std::string& text,
                       const std::string& type, std::optional<std::string> created_at = std::nullopt) {
    const std::int64_t id = next_id();
    Json row = {{"id", id},
                {"room", room},
                {"user_id", std::stoll(author.id)},
                {"username", author.name},
                {"message", text},
                {"message_type", type},
                {"created_at", created_at.value_or(server_now(presets::TimeStyle::kPythonNaive))},
                {"is_edited", false}};
    rows_[room].push_back(row);
    if (client_in(room)) to_client("new_message", row);
    return std::to_string(id);
  }
  /// `user` joins / leaves `room`: a row of that type, and the event.
  void arrive(const std::string& room, const chat::User& user) { change(room, user, "join", "user_joined"); }
  void depart(const std::string& room, const chat::User& user) { change(room, user, "leave", "user_left"); }
  void type(const std::string& room, const chat::User& user, bool typing) override {
    if (!client_in(room)) return;
    to_client(
        "user_typing",
        {{"room", room}, {"user_id", std::stoll(user.id)}, {"username", user.name}, {"is_typing", typing}});
  }

 private:
  void change(const std::string& room, const chat::User& user, const std::string& type,
              const std::string& name) {
    post_row(room, user, user.name + (type == "join" ? " joined the room" : " left the room"), type);
    if (client_in(room))
      to_client(name, {{"room", room}, {"user_id", std::stoll(user.id)}, {"username", user.name}});
  }

  void on_event(const std::string& name, const Json& payload) override {
    const std::string room = string_field(payload, "room");
    if (name == "join_room") {
      if (rooms.count(room) == 0) {
        to_client("error", {{"message", "Room not found"}});
        return;
      }
      socket_rooms().insert(room);
      const auto& rows = rows_[room];
      Json recent = Json::array();
      for (std::size_t i = rows.size() > 50 ? rows.size() - 50 : 0; i < rows.size(); ++i)
        recent.push_back(rows[i]);
      to_client("room_joined", {{"room", room}, {"messages", recent}});
    } else if (name == "leave_room") {
      socket_rooms().erase(room);
    } else if (name == "send_message") {
      if (!client_in(room)) {
        to_client("error", {{"message", "Not in room"}});
        return;
      }
      if (!swallow_sends) post(room, kSelf, string_field(payload, "message"));
    }
  }

  std::map<std::string, std::vector<Json>> rows_;
};

const presets::PresetCase kCase{
    .preset = "flask-multiroom",
    .make_backend = presets::make_backend<MultiroomServer>,
    .self = kSelf,
    .other = kBob,
    .room = "general",
    .state_until_answered = RoomState::kJoining,  // until room_joined
    .join_events =
        [](const std::string& room) {
          return std::vector<Json>{presets::event_of("join_room", {{"room", room}})};
        },
    .send_event =
        [](const std::string& room, const std::string& text) {
          return presets::event_of("send_message", {{"room", room}, {"message", text}});
        },
    .message_id = [](int nth, std::int64_t /*at_ms*/) { return std::to_string(nth); },
    .typing_start =
        [](const std::string& room) {
          return presets::event_of("typing_start", {{"room", room}});
        },
    .typing_stop =
        [](const std::string& room) {
          return presets::event_of("typing_stop", {{"room", room}});
        },
    .join_brings_history = true,
};

class PresetFlaskMultiroom : public presets::ScriptedPresetTest {
 protected:
  PresetFlaskMultiroom() : ScriptedPresetTest(kCase) {}

  MultiroomServer& multiroom = backend_as<MultiroomServer>();
};

TEST_F(PresetFlaskMultiroom, RoomJoinedLeavesOutTheSystemAndJoinRowsOfTheHistory) {
  multiroom.post("general", kBob, "Leg day!");
  multiroom.arrive("general", kCat);  // a 'join' row
  multiroom.post_row("general", kBob, "Welcome to general", "system");
  multiroom.post("general", kCat, "Hi all");

  join("general");
  EXPECT_EQ(pair.texts("general"), (std::vector<std::string>{"Leg day!", "Hi all"}));
  EXPECT_EQ(pair.room("general").unread_count(), 0u);
  EXPECT_TRUE(pair.events_of<ProtocolWarning>().empty());
}

TEST_F(PresetFlaskMultiroom, UserTypingNamesItsRoomAndItsStopEndsIt) {
  join("general");
  join("nutrition");
  multiroom.type("general", kBob, true);
  pair.drive();
  EXPECT_EQ(pair.room("general").typing_users(), std::vector<chat::User>{kBob});
  EXPECT_TRUE(pair.room("nutrition").typing_users().empty()) << "user_typing names its room";
  multiroom.type("general", kBob, false);
  pair.drive();
  EXPECT_TRUE(pair.room("general").typing_users().empty());
}

TEST_F(PresetFlaskMultiroom, JoinsAndLeavesChangeMembersAndTheirRowsAreSkipped) {
  join("general");
  multiroom.arrive("general", kBob);
  multiroom.arrive("general", kCat);
  pair.drive();
  EXPECT_EQ(members("general"), (std::vector<chat::User>{kSelf, kBob, kCat}));
  multiroom.type("general", kCat, true);
  multiroom.depart("general", kCat);
  pair.drive();
  EXPECT_EQ(members("general"), (std::vector<chat::User>{kSelf, kBob}));
  EXPECT_TRUE(pair.room("general").typing_users().empty());
  EXPECT_TRUE(pair.texts("general").empty()) << "join and leave rows are notifications, not messages";
  EXPECT_EQ(pair.room("general").unread_count(), 0u);
  EXPECT_TRUE(pair.events_of<ProtocolWarning>().empty());
  EXPECT_EQ(pair.client.malformed_events(), 0u);
}

TEST_F(PresetFlaskMultiroom, UnreadIsCountedPerRoomAndSystemRowsAreNotUnread) {
  join("general");
  join("progress");
  multiroom.post("general", kBob, "one");
  multiroom.post("progress", kCat, "two");
  multiroom.post_row("general", kBob, "Bob is on a streak", "system");
  ASSERT_TRUE(pair.client.send(pair.now, "general", "mine").ok());
  pair.drive();
  EXPECT_EQ(pair.room("general").unread_count(), 1u);
  EXPECT_EQ(pair.client.chat().unread_total(), 2u);
  ASSERT_TRUE(pair.client.mark_read(pair.now, "general").ok());
  pair.drive();
  EXPECT_EQ(pair.room("general").unread_count(), 0u);
  EXPECT_EQ(pair.client.chat().unread_total(), 1u);
}

TEST_F(PresetFlaskMultiroom, AReconnectRejoinsInOrderAndSendsWhatWasWrittenOffline) {
  join("general");
  join("nutrition");
  multiroom.post("general", kBob, "before");
  pair.drive();
  ASSERT_TRUE(pair.client.mark_read(pair.now, "general").ok());
  cut();
  const std::size_t before = emitted().size();
  ASSERT_TRUE(pair.client.send(pair.now, "general", "written offline").ok());
  multiroom.post("general", kBob, "while away");
  pair.drive();

  restore();
  EXPECT_EQ(emitted_since(before),
            (std::vector<Json>{
                event("join_room", R"({"room": "general"})"), event("join_room", R"({"room": "nutrition"})"),
                event("send_message", R"({"room": "general", "message": "written offline"})")}));
  EXPECT_EQ(pair.texts("general"), (std::vector<std::string>{"before", "while away", "written offline"}));
  EXPECT_EQ(statuses("general"), std::vector<MessageStatus>(3, MessageStatus::kSent));
  EXPECT_EQ(pair.room("general").unread_count(), 1u);
  EXPECT_EQ(pair.room("nutrition").state(), RoomState::kJoined);
  EXPECT_TRUE(discontinuities().empty());
}

TEST_F(PresetFlaskMultiroom, HistoryThatNoLongerOverlapsReportsOneDiscontinuity) {
  join("general");
  join("nutrition");
  multiroom.post_many("general", kBob, 2, "seen");
  multiroom.post("nutrition", kCat, "kale");
  pair.drive();
  cut();
  multiroom.post_many("general", kBob, 55, "missed");
  restore();
  EXPECT_EQ(discontinuities(), std::vector<std::string>{"general"});
  EXPECT_EQ(pair.room("general").messages().size(), 52u);
  EXPECT_EQ(pair.texts("general")[2], "missed 6");
}

TEST_F(PresetFlaskMultiroom, PythonTimestampsOrderMessagesAndErrorsAndStatusLinesAreRead) {
  join("general");
  multiroom.to_client("status", {{"msg", "Connected to chat"}});
  multiroom.to_client("rooms_list", {{"rooms", Json::array({"general", "nutrition"})}});
  multiroom.post_row("general", kCat, "third", "text", "2024-11-16T20:15:30.001000");
  multiroom.post_row("general", kBob, "second", "text", "2024-11-16T20:15:30.000999");
  multiroom.post_row("general", kCat, "first", "text", "2024-11-16T20:15:29.999999");
  pair.drive();
  EXPECT_EQ(pair.texts("general"), (std::vector<std::string>{"first", "second", "third"}));
  EXPECT_EQ(pair.room("general").messages().at(0).created_at_ms, presets::kEpochMs - 1);
  EXPECT_EQ(pair.room("general").messages().at(1).created_at_ms, presets::kEpochMs) << "microseconds are cut";
  EXPECT_EQ(pair.room("general").messages().at(2).created_at_ms, presets::kEpochMs + 1);

  ASSERT_TRUE(pair.client.join(pair.now, "cardio").ok());
  pair.drive();
  const auto errors = chat_errors(ChatErrorCode::kServerError);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message, "Room not found");
  EXPECT_TRUE(pair.events_of<ProtocolWarning>().empty());
}

TEST_F(PresetFlaskMultiroom, LeaveSendsLeaveRoomAndARejoinSkipsIt) {
  join("general");
  join("nutrition");
  ASSERT_TRUE(pair.client.leave(pair.now, "nutrition").ok());
  pair.drive();
  EXPECT_EQ(pair.received("leave_room"), std::vector<Json>{args(R"({"room": "nutrition"})")});
  EXPECT_EQ(pair.room("nutrition").state(), RoomState::kLeft);
  cut();
  restore();
  EXPECT_EQ(pair.received("join_room"),
            (std::vector<Json>{args(R"({"room": "general"})"), args(R"({"room": "nutrition"})"),
                               args(R"({"room": "general"})")}));
}

}  // namespace
}  // namespace chatwire::testing::preset_flask_multiroom

namespace chatwire::testing {
const presets::PresetCase& presets::flask_multiroom() { return preset_flask_multiroom::kCase; }
}  // namespace chatwire::testing
