// The whole client with the flask-multiroom preset (seed 004: Flask-SocketIO,
// named rooms, SQL storage) against a scripted server that answers as the
// preset's comment says the seed does: join_room is answered by room_joined
// with the recent rows (system, join and leave rows among them), send_message
// is echoed to the whole room as new_message, typing_start / typing_stop
// become user_typing for the others, user_joined / user_left name the room.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "client/preset_test_util.h"

// A namespace of its own: the suites of a module are also compiled as one
// unity file, where their file-local users and servers would collide.
namespace chatwire::testing::preset_flask_multiroom {
namespace {

using chat::ChatErrorCode;
using chat::MessageStatus;
using chat::RoomState;
using presets::args;
using presets::emitted;
using presets::event;

const chat::User kSelf{"10", "Ada"};
const chat::User kBob{"5", "bob"};
const chat::User kCat{"8", "cat"};

/// Seed 004's server for the client under test; other users exist only here.
class MultiroomServer {
 public:
  explicit MultiroomServer(ClientPair& pair) : pair_(pair) {
    pair_.server.script.on_event = [this](FakeServer&, const std::string& name, const Json& event_args) {
      on_event(name, event_args);
      return std::optional<Json>();
    };
  }

  /// send_message is dropped on the floor: no row, no new_message.
  bool swallow_sends = false;
  /// The seed's default rooms.
  std::set<std::string> rooms{"general", "workout-tips", "nutrition", "progress"};
  /// Every typing event the client sent ([name, payload]), with the time it arrived.
  std::vector<std::pair<std::int64_t, Json>> typing_received;

  /// A row in `room` by `user`, sent to everyone in it.
  void post(const std::string& room, const chat::User& user, const std::string& text,
            const std::string& type = "text", std::optional<std::string> created_at = std::nullopt) {
    sync();
    Json row = {{"id", next_id_++},
                {"room", room},
                {"user_id", std::stoll(user.id)},
                {"username", user.name},
                {"message", text},
                {"message_type", type},
                {"created_at", created_at.value_or(presets::iso8601(presets::kEpochMs + pair_.now,
                                                                    presets::TimeStyle::kPythonNaive))},
                {"is_edited", false}};
    rows_[room].push_back(row);
    if (client_in_.count(room) != 0) to_client("new_message", row);
  }
  void post_many(const std::string& room, const chat::User& user, int count, const std::string& prefix) {
    for (int i = 1; i <= count; ++i) post(room, user, prefix + " " + std::to_string(i));
  }
  /// `user` joins / leaves `room`: a row of that type, and the event.
  void arrive(const std::string& room, const chat::User& user) { change(room, user, "join", "user_joined"); }
  void depart(const std::string& room, const chat::User& user) { change(room, user, "leave", "user_left"); }
  void type(const std::string& room, const chat::User& user, bool typing) {
    sync();
    if (client_in_.count(room) == 0) return;
    to_client(
        "user_typing",
        {{"room", room}, {"user_id", std::stoll(user.id)}, {"username", user.name}, {"is_typing", typing}});
  }
  void to_client(const std::string& name, const Json& payload) {
    pair_.server.send_event(name, presets::args_of(payload));
  }

 private:
  void change(const std::string& room, const chat::User& user, const std::string& type,
              const std::string& name) {
    sync();
    post(room, user, user.name + (type == "join" ? " joined the room" : " left the room"), type);
    if (client_in_.count(room) != 0) {
      to_client(name, {{"room", room}, {"user_id", std::stoll(user.id)}, {"username", user.name}});
    }
  }
  void sync() {
    if (watch_.is_new(pair_.server)) client_in_.clear();
  }

  void on_event(const std::string& name, const Json& event_args) {
    sync();
    const Json payload = event_args.is_array() && !event_args.empty() ? event_args[0] : Json::object();
    const auto text = [&](const char* key) {
      return payload.is_object() && payload.contains(key) && payload[key].is_string()
                 ? payload[key].get<std::string>()
                 : std::string();
    };
    const std::string room = text("room");
    if (name == "typing_start" || name == "typing_stop") {
      typing_received.emplace_back(pair_.now, Json::array({name, payload}));
    } else if (name == "join_room") {
      if (rooms.count(room) == 0) {
        to_client("error", {{"message", "Room not found"}});
        return;
      }
      client_in_.insert(room);
      const auto& rows = rows_[room];
      Json recent = Json::array();
      for (std::size_t i = rows.size() > 50 ? rows.size() - 50 : 0; i < rows.size(); ++i)
        recent.push_back(rows[i]);
      to_client("room_joined", {{"room", room}, {"messages", recent}});
    } else if (name == "leave_room") {
      client_in_.erase(room);
    } else if (name == "send_message") {
      if (client_in_.count(room) == 0) {
        to_client("error", {{"message", "Not in room"}});
        return;
      }
      if (!swallow_sends) post(room, kSelf, text("message"));
    }
  }

  ClientPair& pair_;
  presets::ConnectionWatch watch_;
  std::int64_t next_id_ = 1;
  std::map<std::string, std::vector<Json>> rows_;
  std::set<std::string> client_in_;
};

class PresetFlaskMultiroom : public ::testing::Test {
 protected:
  PresetFlaskMultiroom() { pair.connect(); }

  void join(const std::string& room) {
    ASSERT_TRUE(pair.client.join(pair.now, room).ok());
    pair.drive();
    ASSERT_EQ(pair.room(room).state(), RoomState::kJoined);
  }
  std::vector<chat::User> members(const std::string& room) const {
    std::vector<chat::User> out;
    for (const auto& member : pair.room(room).members()) out.push_back(member.user);
    return out;
  }

  ClientPair pair{preset("flask-multiroom"), {}, presets::config_as(kSelf)};
  MultiroomServer backend{pair};
};

TEST_F(PresetFlaskMultiroom, JoinSendsTheRoomNameAndRoomJoinedConfirmsItWithoutNotificationRows) {
  backend.post("general", kBob, "Leg day!");
  pair.advance_by(1500);
  backend.arrive("general", kCat);  // a 'join' row
  backend.post("general", kBob, "Welcome to general", "system");
  backend.post("general", kCat, "Hi all");

  ASSERT_TRUE(pair.client.join(pair.now, "general").ok());
  EXPECT_EQ(pair.room("general").state(), RoomState::kJoining) << "until room_joined";
  pair.drive();
  EXPECT_EQ(emitted(pair), std::vector<Json>{event("join_room", R"({"room": "general"})")});
  EXPECT_FALSE(presets::any_ack_requested(pair));
  EXPECT_EQ(pair.room("general").state(), RoomState::kJoined);
  EXPECT_EQ(pair.texts("general"), (std::vector<std::string>{"Leg day!", "Hi all"}));
  const chat::Message& first = pair.room("general").messages().at(0);
  EXPECT_EQ(first.id, "1");
  EXPECT_EQ(first.author, kBob);
  EXPECT_EQ(first.created_at_ms, presets::kEpochMs);
  EXPECT_EQ(pair.room("general").messages().at(1).created_at_ms, presets::kEpochMs + 1500);
  EXPECT_EQ(pair.room("general").unread_count(), 0u);
  EXPECT_TRUE(pair.events_of<ProtocolWarning>().empty());
}

TEST_F(PresetFlaskMultiroom, ASendIsPendingAtOnceAndItsEchoMakesItSent) {
  join("general");
  pair.advance_by(2000);
  auto client_id = pair.client.send(pair.now, "general", "New PR today");
  ASSERT_TRUE(client_id.ok());
  EXPECT_EQ(presets::statuses(pair, "general"), std::vector<MessageStatus>{MessageStatus::kPending});
  pair.drive();
  EXPECT_EQ(pair.received("send_message"),
            std::vector<Json>{args(R"({"room": "general", "message": "New PR today"})")});
  ASSERT_EQ(pair.room("general").messages().size(), 1u);
  const chat::Message& sent = pair.room("general").messages().at(0);
  EXPECT_EQ(sent.status, MessageStatus::kSent);
  EXPECT_EQ(sent.id, "1");
  EXPECT_EQ(sent.client_id, *client_id);
  EXPECT_EQ(sent.author, kSelf);
  EXPECT_EQ(sent.created_at_ms, presets::kEpochMs + 2000);
  EXPECT_EQ(pair.room("general").unread_count(), 0u);
}

TEST_F(PresetFlaskMultiroom, TwoIdenticalTextsSentAtOnceAreEachConfirmedOnce) {
  join("general");
  auto first = pair.client.send(pair.now, "general", "+1");
  auto second = pair.client.send(pair.now, "general", "+1");
  ASSERT_TRUE(first.ok() && second.ok());
  pair.drive();
  EXPECT_EQ(pair.received("send_message"),
            std::vector<Json>(2, args(R"({"room": "general", "message": "+1"})")));
  const auto& store = pair.room("general").messages();
  ASSERT_EQ(store.size(), 2u);
  EXPECT_EQ(store.at(0).client_id, *first);
  EXPECT_EQ(store.at(0).id, "1");
  EXPECT_EQ(store.at(1).client_id, *second);
  EXPECT_EQ(store.at(1).id, "2");
  EXPECT_EQ(presets::statuses(pair, "general"), std::vector<MessageStatus>(2, MessageStatus::kSent));
}

TEST_F(PresetFlaskMultiroom, AnEchoThatNeverComesFailsAfterTenSecondsAndRetrySendsAgain) {
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
  EXPECT_EQ(pair.received("send_message").size(), 2u);
  EXPECT_EQ(pair.texts("general"), std::vector<std::string>{"anyone?"});
  EXPECT_EQ(presets::statuses(pair, "general"), std::vector<MessageStatus>{MessageStatus::kSent});
}

TEST_F(PresetFlaskMultiroom, KeystrokesSendTypingStartThenTypingStopAfterTwoSecondsIdle) {
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
  EXPECT_EQ(backend.typing_received[0].second, event("typing_start", R"({"room": "general"})"));
  EXPECT_EQ(backend.typing_received[1].first, start + 1000 + 2000);
  EXPECT_EQ(backend.typing_received[1].second, event("typing_stop", R"({"room": "general"})"));
}

TEST_F(PresetFlaskMultiroom, OthersTypingShowsInItsRoomOwnIsIgnoredAndTheirMessageEndsIt) {
  join("general");
  join("nutrition");
  backend.type("general", kBob, true);
  pair.drive();
  EXPECT_EQ(pair.room("general").typing_users(), std::vector<chat::User>{kBob});
  EXPECT_TRUE(pair.room("nutrition").typing_users().empty()) << "user_typing names its room";
  backend.type("general", kSelf, true);
  pair.drive();
  EXPECT_EQ(pair.room("general").typing_users(), std::vector<chat::User>{kBob});
  backend.post("general", kBob, "protein first");
  pair.drive();
  EXPECT_TRUE(pair.room("general").typing_users().empty());
  backend.type("general", kBob, true);
  backend.type("general", kBob, false);
  pair.drive();
  EXPECT_TRUE(pair.room("general").typing_users().empty());
}

TEST_F(PresetFlaskMultiroom, JoinsAndLeavesChangeMembersAndTheirRowsAreSkipped) {
  join("general");
  backend.arrive("general", kBob);
  backend.arrive("general", kCat);
  pair.drive();
  EXPECT_EQ(members("general"), (std::vector<chat::User>{kSelf, kBob, kCat}));
  backend.type("general", kCat, true);
  backend.depart("general", kCat);
  pair.drive();
  EXPECT_EQ(members("general"), (std::vector<chat::User>{kSelf, kBob}));
  EXPECT_TRUE(pair.room("general").typing_users().empty());
  EXPECT_TRUE(pair.texts("general").empty()) << "join and leave rows are notifications, not messages";
  EXPECT_EQ(pair.room("general").unread_count(), 0u);
  EXPECT_TRUE(pair.events_of<ProtocolWarning>().empty());
  EXPECT_EQ(pair.client.malformed_events(), 0u);
}

TEST_F(PresetFlaskMultiroom, OthersMessagesCountAsUnreadOwnDoNotAndMarkReadClears) {
  join("general");
  join("progress");
  backend.post("general", kBob, "one");
  backend.post("progress", kCat, "two");
  backend.post("general", kBob, "Bob is on a streak", "system");
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
  backend.post("general", kBob, "before");
  pair.drive();
  ASSERT_TRUE(pair.client.mark_read(pair.now, "general").ok());
  presets::cut(pair);
  const std::size_t before = emitted(pair).size();
  ASSERT_TRUE(pair.client.send(pair.now, "general", "written offline").ok());
  backend.post("general", kBob, "while away");
  pair.drive();

  presets::restore(pair);
  const std::vector<Json> all = emitted(pair);
  EXPECT_EQ(std::vector<Json>(all.begin() + static_cast<std::ptrdiff_t>(before), all.end()),
            (std::vector<Json>{
                event("join_room", R"({"room": "general"})"), event("join_room", R"({"room": "nutrition"})"),
                event("send_message", R"({"room": "general", "message": "written offline"})")}));
  EXPECT_EQ(pair.texts("general"), (std::vector<std::string>{"before", "while away", "written offline"}));
  EXPECT_EQ(presets::statuses(pair, "general"), std::vector<MessageStatus>(3, MessageStatus::kSent));
  EXPECT_EQ(pair.room("general").unread_count(), 1u);
  EXPECT_EQ(pair.room("nutrition").state(), RoomState::kJoined);
  EXPECT_TRUE(presets::discontinuities(pair).empty());
}

TEST_F(PresetFlaskMultiroom, HistoryThatNoLongerOverlapsReportsOneDiscontinuity) {
  join("general");
  join("nutrition");
  backend.post_many("general", kBob, 2, "seen");
  backend.post("nutrition", kCat, "kale");
  pair.drive();
  presets::cut(pair);
  backend.post_many("general", kBob, 55, "missed");
  presets::restore(pair);
  EXPECT_EQ(presets::discontinuities(pair), std::vector<std::string>{"general"});
  EXPECT_EQ(pair.room("general").messages().size(), 52u);
  EXPECT_EQ(pair.texts("general")[2], "missed 6");
}

TEST_F(PresetFlaskMultiroom, PythonTimestampsOrderMessagesAndErrorsAndStatusLinesAreRead) {
  join("general");
  backend.to_client("status", {{"msg", "Connected to chat"}});
  backend.to_client("rooms_list", {{"rooms", Json::array({"general", "nutrition"})}});
  backend.post("general", kCat, "third", "text", "2024-11-16T20:15:30.001000");
  backend.post("general", kBob, "second", "text", "2024-11-16T20:15:30.000999");
  backend.post("general", kCat, "first", "text", "2024-11-16T20:15:29.999999");
  pair.drive();
  EXPECT_EQ(pair.texts("general"), (std::vector<std::string>{"first", "second", "third"}));
  EXPECT_EQ(pair.room("general").messages().at(0).created_at_ms, presets::kEpochMs - 1);
  EXPECT_EQ(pair.room("general").messages().at(1).created_at_ms, presets::kEpochMs) << "microseconds are cut";
  EXPECT_EQ(pair.room("general").messages().at(2).created_at_ms, presets::kEpochMs + 1);

  ASSERT_TRUE(pair.client.join(pair.now, "cardio").ok());
  pair.drive();
  const auto errors = presets::chat_errors(pair, ChatErrorCode::kServerError);
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
  presets::cut(pair);
  presets::restore(pair);
  EXPECT_EQ(pair.received("join_room"),
            (std::vector<Json>{args(R"({"room": "general"})"), args(R"({"room": "nutrition"})"),
                               args(R"({"room": "general"})")}));
}

}  // namespace
}  // namespace chatwire::testing::preset_flask_multiroom
