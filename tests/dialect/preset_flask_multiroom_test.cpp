// flask-multiroom (seed 004): join confirmed by room_joined, only text
// messages kept, the room named in every event.
#include <gtest/gtest.h>

#include "dialect/dialect_test_util.h"

namespace chatwire::dialect {
namespace {

using chat::Operation;
using test::expect_emit;
using test::one_arg;
using test::request;
using test::signal_as;

const chat::User kTrainer{"3", "trainer"};

class FlaskMultiroomPresetTest : public ::testing::Test {
 protected:
  Dialect dialect = test::must_load_preset("flask-multiroom");
};

TEST_F(FlaskMultiroomPresetTest, Capabilities) {
  const Capabilities& caps = dialect.capabilities();
  for (Operation op : {Operation::kJoin, Operation::kLeave, Operation::kSend, Operation::kTypingStart,
                       Operation::kTypingStop}) {
    EXPECT_TRUE(caps.has(op)) << chat::to_string(op);
  }
  for (Operation op : {Operation::kMarkRead, Operation::kHistory, Operation::kMembers}) {
    EXPECT_FALSE(caps.has(op)) << chat::to_string(op);
  }
  EXPECT_EQ(caps.join_confirmation, Confirmation::kEvent);
  EXPECT_EQ(caps.send_confirmation, Confirmation::kEvent);
  EXPECT_EQ(caps.typing_expires_ms, 0);
  EXPECT_FALSE(caps.has_seq);
  EXPECT_FALSE(caps.identifies_users_by_name);
}

TEST_F(FlaskMultiroomPresetTest, Requests) {
  expect_emit(dialect, request(Operation::kJoin, "workout-tips"), kTrainer, "join_room",
              R"({"room": "workout-tips"})", false);
  expect_emit(dialect, request(Operation::kLeave, "workout-tips"), kTrainer, "leave_room",
              R"({"room": "workout-tips"})", false);
  expect_emit(dialect, test::send_request("general", "c-1", "Leg day!"), kTrainer, "send_message",
              R"({"room": "general", "message": "Leg day!"})", false);
  expect_emit(dialect, request(Operation::kTypingStart, "general"), kTrainer, "typing_start",
              R"({"room": "general"})", false);
  expect_emit(dialect, request(Operation::kTypingStop, "general"), kTrainer, "typing_stop",
              R"({"room": "general"})", false);
}

constexpr const char* kTextMessage = R"({
  "id": 31, "room": "general", "user_id": 3, "username": "trainer", "message": "Leg day!",
  "message_type": "text", "created_at": "2025-01-15T10:30:00.123456", "is_edited": false})";

TEST_F(FlaskMultiroomPresetTest, TextMessage) {
  const auto signal =
      signal_as<chat::MessageSignal>(dialect.decode_event("new_message", one_arg(kTextMessage)));
  EXPECT_EQ(signal.room, "general");
  EXPECT_EQ(signal.message, test::message("31", "general", kTrainer, "Leg day!", 1'736'937'000'123));
}

TEST_F(FlaskMultiroomPresetTest, OtherMessageTypesAreIgnored) {
  for (const char* type : {"system", "join", "leave"}) {
    Json payload = Json::parse(kTextMessage);
    payload["message_type"] = type;
    EXPECT_TRUE(test::is_ignored(dialect.decode_event("new_message", Json::array({payload})))) << type;
  }
  Json untyped = Json::parse(kTextMessage);
  untyped.erase("message_type");
  EXPECT_TRUE(test::is_ignored(dialect.decode_event("new_message", Json::array({untyped}))));
}

TEST_F(FlaskMultiroomPresetTest, RoomJoinedConfirmsTheJoinWithTextHistoryOnly) {
  const auto history = signal_as<chat::HistorySignal>(dialect.decode_event("room_joined", one_arg(R"({
    "room": "general", "messages": [
      {"id": 1, "room": "general", "user_id": 3, "username": "trainer", "message": "trainer joined",
       "message_type": "join", "created_at": "2025-01-15T10:00:00", "is_edited": false},
      {"id": 2, "room": "general", "user_id": 3, "username": "trainer", "message": "Morning!",
       "message_type": "text", "created_at": "2025-01-15T10:00:01", "is_edited": true}]})")));
  EXPECT_TRUE(history.confirms_join);
  EXPECT_EQ(history.room, "general");
  ASSERT_EQ(history.page.messages.size(), 1u);
  EXPECT_EQ(history.page.messages[0].id, "2");
  EXPECT_EQ(history.page.messages[0].text, "Morning!");
  EXPECT_EQ(history.page.messages[0].created_at_ms, 1'736'935'201'000);
}

TEST_F(FlaskMultiroomPresetTest, MembersComeAndGo) {
  const auto joined = signal_as<chat::MemberJoinedSignal>(dialect.decode_event(
      "user_joined", one_arg(R"({"room": "nutrition", "user_id": 3, "username": "trainer"})")));
  EXPECT_EQ(joined.room, "nutrition");
  EXPECT_EQ(joined.user, kTrainer);
  EXPECT_EQ(joined.members, std::nullopt);
  const auto left = signal_as<chat::MemberLeftSignal>(dialect.decode_event(
      "user_left", one_arg(R"({"room": "nutrition", "user_id": 3, "username": "trainer"})")));
  EXPECT_EQ(left.room, "nutrition");
  EXPECT_EQ(left.user, kTrainer);
}

TEST_F(FlaskMultiroomPresetTest, UserTyping) {
  const auto typing = signal_as<chat::TypingSignal>(dialect.decode_event(
      "user_typing",
      one_arg(R"({"room": "progress", "user_id": 3, "username": "trainer", "is_typing": true})")));
  EXPECT_EQ(typing.room, "progress");
  EXPECT_EQ(typing.user, kTrainer);
  EXPECT_TRUE(typing.typing);
}

TEST_F(FlaskMultiroomPresetTest, StatusRoomsListAndError) {
  EXPECT_TRUE(test::is_ignored(dialect.decode_event("status", one_arg(R"({"msg": "Connected"})"))));
  EXPECT_TRUE(test::is_ignored(
      dialect.decode_event("rooms_list", one_arg(R"({"rooms": ["general", "nutrition"]})"))));
  const auto error = signal_as<chat::ServerErrorSignal>(
      dialect.decode_event("error", one_arg(R"({"message": "Room not found"})")));
  EXPECT_EQ(error.message, "Room not found");
  EXPECT_EQ(error.details, "");
}

TEST_F(FlaskMultiroomPresetTest, MalformedAndUnknown) {
  Json no_text = Json::parse(kTextMessage);
  no_text.erase("message");
  EXPECT_EQ(test::malformed_message(dialect.decode_event("new_message", Json::array({no_text}))),
            "new_message: 'message' is missing");
  EXPECT_EQ(
      test::malformed_message(dialect.decode_event(
          "room_joined", one_arg(R"({"room": "general", "messages": [{"id": 1, "message_type": "text"}]})"))),
      "room_joined: 'messages.0.room' is missing");
  EXPECT_EQ(test::malformed_message(dialect.decode_event(
                "user_typing", one_arg(R"({"room": "g", "user_id": 3, "username": "t"})"))),
            "user_typing: 'is_typing' is missing");
  EXPECT_TRUE(test::is_unknown(dialect.decode_event("get_rooms", one_arg("{}"))));
}

}  // namespace
}  // namespace chatwire::dialect
