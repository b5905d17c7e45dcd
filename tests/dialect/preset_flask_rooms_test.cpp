// flask-rooms (seed 000): the client payloads shown in the seed, and the
// server payloads as the preset's comment reads them.
#include <gtest/gtest.h>

#include "dialect/dialect_test_util.h"

namespace chatwire::dialect {
namespace {

using chat::Operation;
using test::expect_emit;
using test::one_arg;
using test::request;
using test::signal_as;

const chat::User kJohn{"John", "John"};

class FlaskRoomsPresetTest : public ::testing::Test {
 protected:
  Dialect dialect = test::must_load_preset("flask-rooms");
};

TEST_F(FlaskRoomsPresetTest, Capabilities) {
  const Capabilities& caps = dialect.capabilities();
  EXPECT_TRUE(caps.has(Operation::kJoin));
  EXPECT_TRUE(caps.has(Operation::kSend));
  EXPECT_TRUE(caps.has(Operation::kTypingStart));
  EXPECT_TRUE(caps.has(Operation::kTypingStop));
  EXPECT_TRUE(caps.has(Operation::kHistory));
  EXPECT_FALSE(caps.has(Operation::kLeave));
  EXPECT_FALSE(caps.has(Operation::kMarkRead));
  EXPECT_FALSE(caps.has(Operation::kMembers));
  EXPECT_EQ(caps.join_confirmation, Confirmation::kNone);
  EXPECT_EQ(caps.send_confirmation, Confirmation::kEvent);
  EXPECT_FALSE(caps.idempotent_send);
  EXPECT_EQ(caps.typing_expires_ms, 0);
  EXPECT_FALSE(caps.history_since);
  EXPECT_FALSE(caps.history_before);
  EXPECT_TRUE(caps.history_after_join);
  EXPECT_FALSE(caps.has_seq);
  EXPECT_TRUE(caps.identifies_users_by_name);
}

TEST_F(FlaskRoomsPresetTest, RequestsAsTheSeedShowsThem) {
  expect_emit(dialect, request(Operation::kJoin, "general"), kJohn, "join",
              R"({ "username": "John", "room": "general" })", false);
  expect_emit(dialect, test::send_request("general", "c-1", "Hello!"), kJohn, "message",
              R"({ "message": "Hello!" })", false);
  expect_emit(dialect, request(Operation::kTypingStart, "general"), kJohn, "typing",
              R"({ "is_typing": true })", false);
  expect_emit(dialect, request(Operation::kTypingStop, "general"), kJohn, "typing",
              R"({ "is_typing": false })", false);
  expect_emit(dialect, request(Operation::kHistory, "general"), kJohn, "get_messages",
              R"({ "room": "general" })", false);
}

TEST_F(FlaskRoomsPresetTest, UnsupportedOperations) {
  for (Operation op : {Operation::kLeave, Operation::kMarkRead, Operation::kMembers}) {
    auto out = dialect.encode(request(op, "general"), kJohn);
    ASSERT_FALSE(out.ok()) << chat::to_string(op);
    EXPECT_EQ(out.error().code, EncodeError::Code::kUnsupported);
    EXPECT_EQ(out.error().message, std::string("flask-rooms has no ") + chat::to_string(op) + " request");
  }
}

TEST_F(FlaskRoomsPresetTest, MessageWithPythonTimestamp) {
  const auto signal = signal_as<chat::MessageSignal>(dialect.decode_event("message", one_arg(R"({
    "id": "5f1c", "username": "John", "message": "Hello!", "room": "general",
    "timestamp": "2024-11-16T20:15:30.250000"})")));
  EXPECT_EQ(signal.room, "general");
  EXPECT_EQ(signal.message, test::message("5f1c", "general", kJohn, "Hello!", 1'731'788'130'250));
}

TEST_F(FlaskRoomsPresetTest, NumericMessageIdBecomesText) {
  const auto signal = signal_as<chat::MessageSignal>(dialect.decode_event(
      "message",
      one_arg(
          R"({"id": 12, "username": "Ann", "message": "x", "room": "r", "timestamp": "2024-11-16T20:15:30"})")));
  EXPECT_EQ(signal.message.id, "12");
}

TEST_F(FlaskRoomsPresetTest, UserJoinedAndTyping) {
  const auto joined = signal_as<chat::MemberJoinedSignal>(
      dialect.decode_event("user_joined", one_arg(R"({"username": "Ann", "room": "general"})")));
  EXPECT_EQ(joined.room, "general");
  EXPECT_EQ(joined.user, (chat::User{"Ann", "Ann"}));
  const auto typing = signal_as<chat::TypingSignal>(
      dialect.decode_event("user_typing", one_arg(R"({"username": "Ann", "is_typing": true})")));
  EXPECT_EQ(typing.room, std::nullopt) << "the room of the last join";
  EXPECT_EQ(typing.user, (chat::User{"Ann", "Ann"}));
  EXPECT_TRUE(typing.typing);
  EXPECT_EQ(test::malformed_message(
                dialect.decode_event("user_typing", one_arg(R"({"username": "Ann", "is_typing": "yes"})"))),
            "user_typing: 'is_typing' is not a boolean");
}

TEST_F(FlaskRoomsPresetTest, MessageHistory) {
  const auto history = signal_as<chat::HistorySignal>(dialect.decode_event("message_history", one_arg(R"({
    "room": "general", "messages": [
      {"id": "a", "username": "Ann", "message": "one", "room": "general", "timestamp": "2024-11-16T20:15:30"},
      {"id": "b", "username": "John", "message": "two", "room": "general", "timestamp": "2024-11-16T20:15:31"}]})")));
  EXPECT_EQ(history.room, "general");
  EXPECT_FALSE(history.confirms_join);
  EXPECT_EQ(history.page.has_more, std::nullopt);
  ASSERT_EQ(history.page.messages.size(), 2u);
  EXPECT_EQ(history.page.messages[0],
            test::message("a", "general", {"Ann", "Ann"}, "one", 1'731'788'130'000));
  EXPECT_EQ(history.page.messages[1], test::message("b", "general", kJohn, "two", 1'731'788'131'000));
}

TEST_F(FlaskRoomsPresetTest, ConnectionResponseIsIgnoredWhateverItCarries) {
  EXPECT_TRUE(
      test::is_ignored(dialect.decode_event("connection_response", one_arg(R"({"data": "Connected"})"))));
  EXPECT_TRUE(test::is_ignored(dialect.decode_event("connection_response", Json::array())));
}

TEST_F(FlaskRoomsPresetTest, UnknownAndMalformed) {
  EXPECT_TRUE(test::is_unknown(dialect.decode_event("new_message", one_arg("{}"))));
  EXPECT_EQ(test::malformed_message(dialect.decode_event(
                "message", one_arg(R"({"id": "a", "message": "one", "room": "general", "timestamp": "x"})"))),
            "message: 'username' is missing");
  EXPECT_EQ(
      test::malformed_message(dialect.decode_event("message_history", one_arg(R"({"room": "general"})"))),
      "message_history: 'messages' is missing");
  EXPECT_EQ(test::malformed_message(dialect.decode_event("message", Json::array())),
            "message: the event has no payload");
}

TEST_F(FlaskRoomsPresetTest, AcksAreAlwaysPlainSuccess) {
  const chat::Response response = dialect.decode_response(Operation::kJoin, Json::array());
  EXPECT_TRUE(response.ok);
  EXPECT_FALSE(response.history);
}

}  // namespace
}  // namespace chatwire::dialect
