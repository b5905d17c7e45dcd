// flask-shows (seed 001): numeric show ids; every example payload of the seed.
#include <gtest/gtest.h>

#include "dialect/dialect_test_util.h"

namespace chatwire::dialect {
namespace {

using chat::Operation;
using test::expect_emit;
using test::one_arg;
using test::request;
using test::signal_as;

const chat::User kYou{"10", "you"};

class FlaskShowsPresetTest : public ::testing::Test {
 protected:
  Dialect dialect = test::must_load_preset("flask-shows");
};

TEST_F(FlaskShowsPresetTest, Capabilities) {
  const Capabilities& caps = dialect.capabilities();
  for (Operation op : {Operation::kJoin, Operation::kLeave, Operation::kSend, Operation::kTypingStart,
                       Operation::kTypingStop, Operation::kMembers}) {
    EXPECT_TRUE(caps.has(op)) << chat::to_string(op);
  }
  EXPECT_FALSE(caps.has(Operation::kMarkRead));
  EXPECT_FALSE(caps.has(Operation::kHistory));
  EXPECT_EQ(caps.join_confirmation, Confirmation::kEvent);
  EXPECT_EQ(caps.send_confirmation, Confirmation::kEvent);
  EXPECT_FALSE(caps.idempotent_send);
  EXPECT_FALSE(caps.history_since);
  EXPECT_FALSE(caps.history_after_join);
  EXPECT_FALSE(caps.has_seq);
  EXPECT_FALSE(caps.identifies_users_by_name);
}

TEST_F(FlaskShowsPresetTest, RequestsAsTheSeedShowsThemWithNumericShowIds) {
  expect_emit(dialect, request(Operation::kJoin, "123"), kYou, "join_show", R"({ "show_id": 123 })", false);
  expect_emit(dialect, request(Operation::kLeave, "123"), kYou, "leave_show", R"({ "show_id": 123 })", false);
  expect_emit(dialect, test::send_request("123", "c-1", "This opening act is incredible!"), kYou,
              "send_message", R"({ "show_id": 123, "message": "This opening act is incredible!" })", false);
  expect_emit(dialect, request(Operation::kTypingStart, "123"), kYou, "typing",
              R"({ "show_id": 123, "is_typing": true })", false);
  expect_emit(dialect, request(Operation::kTypingStop, "123"), kYou, "typing",
              R"({ "show_id": 123, "is_typing": false })", false);
  expect_emit(dialect, request(Operation::kMembers, "123"), kYou, "get_active_users", R"({ "show_id": 123 })",
              false);
}

TEST_F(FlaskShowsPresetTest, NonNumericRoomIdsAreRefused) {
  for (const char* room : {"abc", "", "12a", "007", "+5", " 5", "99999999999999999999"}) {
    auto out = dialect.encode(request(Operation::kJoin, room), kYou);
    ASSERT_FALSE(out.ok()) << room;
    EXPECT_EQ(out.error().code, EncodeError::Code::kInvalidRoomId) << room;
  }
  auto negative = dialect.encode(request(Operation::kJoin, "-4"), kYou);
  ASSERT_TRUE(negative.ok());
  EXPECT_EQ(negative->args, one_arg(R"({"show_id": -4})"));
}

TEST_F(FlaskShowsPresetTest, MessageHistoryConfirmsTheJoin) {
  const auto history = signal_as<chat::HistorySignal>(dialect.decode_event("message_history", one_arg(R"({
  "messages": [
    {
      "id": 1,
      "show_id": 123,
      "user_id": 5,
      "username": "musiclover87",
      "message": "This opening act is amazing!",
      "created_at": "2024-11-16T20:15:30Z"
    }
  ]
})")));
  EXPECT_TRUE(history.confirms_join);
  EXPECT_EQ(history.room, std::nullopt);
  ASSERT_EQ(history.page.messages.size(), 1u);
  EXPECT_EQ(history.page.messages[0], test::message("1", "123", {"5", "musiclover87"},
                                                    "This opening act is amazing!", 1'731'788'130'000));
}

TEST_F(FlaskShowsPresetTest, ActiveUsersAfterJoinAndOnRequest) {
  const auto after_join = signal_as<chat::MembersSignal>(dialect.decode_event("active_users", one_arg(R"({
  "active_users": [
    {
      "user_id": 5,
      "username": "musiclover87",
      "sid": "abc123"
    },
    {
      "user_id": 8,
      "username": "concert_junkie",
      "sid": "def456"
    }
  ],
  "count": 2
})")));
  EXPECT_EQ(after_join.room, std::nullopt);
  EXPECT_EQ(after_join.members,
            (std::vector<chat::Member>{{{"5", "musiclover87"}, true}, {{"8", "concert_junkie"}, true}}));

  const auto on_request = signal_as<chat::MembersSignal>(dialect.decode_event("active_users", one_arg(R"({
  "show_id": 123,
  "active_users": [
    {
      "user_id": 5,
      "username": "musiclover87",
      "sid": "abc123"
    }
  ],
  "count": 1
})")));
  EXPECT_EQ(on_request.room, "123");
  EXPECT_EQ(on_request.members, (std::vector<chat::Member>{{{"5", "musiclover87"}, true}}));
}

TEST_F(FlaskShowsPresetTest, AUserWithTwoConnectionsIsOneMember) {
  const auto members = signal_as<chat::MembersSignal>(dialect.decode_event("active_users", one_arg(R"({
    "active_users": [{"user_id": 5, "username": "m", "sid": "a"}, {"user_id": 8, "username": "c", "sid": "b"},
                     {"user_id": 5, "username": "m", "sid": "c"}], "count": 3})")));
  EXPECT_EQ(members.members, (std::vector<chat::Member>{{{"5", "m"}, true}, {{"8", "c"}, true}}));
}

TEST_F(FlaskShowsPresetTest, UserJoinedAndLeftCarryTheMemberList) {
  const auto joined = signal_as<chat::MemberJoinedSignal>(dialect.decode_event("user_joined", one_arg(R"({
    "user_id": 10, "username": "you", "message": "you joined the chat",
    "active_users": [{"user_id": 5, "username": "musiclover87", "sid": "abc123"},
                     {"user_id": 10, "username": "you", "sid": "x"}]})")));
  EXPECT_EQ(joined.room, std::nullopt);
  EXPECT_EQ(joined.user, kYou);
  ASSERT_TRUE(joined.members);
  EXPECT_EQ(joined.members->size(), 2u);
  EXPECT_EQ((*joined.members)[1], (chat::Member{kYou, true}));

  const auto left = signal_as<chat::MemberLeftSignal>(dialect.decode_event(
      "user_left", one_arg(R"({"user_id": 10, "username": "you", "message": "you left the chat"})")));
  EXPECT_EQ(left.user, kYou);
  EXPECT_EQ(left.members, std::nullopt) << "the list is optional";
}

TEST_F(FlaskShowsPresetTest, NewMessageEchoIsAMessage) {
  const auto signal = signal_as<chat::MessageSignal>(dialect.decode_event("new_message", one_arg(R"({
  "id": 456,
  "show_id": 123,
  "user_id": 10,
  "username": "you",
  "message": "This opening act is incredible!",
  "created_at": "2024-11-16T20:25:45Z"
})")));
  EXPECT_EQ(signal.room, "123");
  EXPECT_EQ(signal.message,
            test::message("456", "123", kYou, "This opening act is incredible!", 1'731'788'745'000));
}

TEST_F(FlaskShowsPresetTest, UserTypingHasNoRoom) {
  const auto typing = signal_as<chat::TypingSignal>(dialect.decode_event("user_typing", one_arg(R"({
  "user_id": 10,
  "username": "you",
  "is_typing": true
})")));
  EXPECT_EQ(typing.room, std::nullopt);
  EXPECT_EQ(typing.user, kYou);
  EXPECT_TRUE(typing.typing);
  EXPECT_EQ(typing.ttl_ms, std::nullopt);
}

TEST_F(FlaskShowsPresetTest, ErrorAndConnected) {
  const auto error = signal_as<chat::ServerErrorSignal>(dialect.decode_event("error", one_arg(R"({
  "message": "Error description",
  "details": "Additional error details"
})")));
  EXPECT_EQ(error.message, "Error description");
  EXPECT_EQ(error.details, "Additional error details");
  const auto bare = signal_as<chat::ServerErrorSignal>(
      dialect.decode_event("error", one_arg(R"({"message": "Unauthorized"})")));
  EXPECT_EQ(bare.details, "");
  EXPECT_TRUE(test::is_ignored(dialect.decode_event("connected", one_arg(R"({
  "message": "Connected to ShareMyShows",
  "username": "john_doe"
})"))));
}

TEST_F(FlaskShowsPresetTest, MalformedAndUnknown) {
  EXPECT_EQ(
      test::malformed_message(dialect.decode_event(
          "new_message", one_arg(R"({"id": 1, "show_id": 1, "user_id": 2, "username": "u", "message": ["x"],
                                          "created_at": "2024-11-16T20:25:45Z"})"))),
      "new_message: 'message' is not a string");
  EXPECT_EQ(test::malformed_message(dialect.decode_event(
                "active_users", one_arg(R"({"active_users": [{"user_id": 5, "username": "m"}, "x"]})"))),
            "active_users: 'active_users.1' is not an object");
  EXPECT_EQ(
      test::malformed_message(dialect.decode_event(
          "message_history", one_arg(R"({"messages": [{"id": 1, "show_id": 1, "user_id": 2.5, "username": "u",
                                              "message": "m", "created_at": "2024-11-16T20:25:45Z"}]})"))),
      "message_history: 'messages.0.user_id' is not a string or an integer");
  EXPECT_EQ(test::malformed_message(dialect.decode_event("user_typing", Json::array({"not an object"}))),
            "user_typing: the payload is not an object");
  EXPECT_TRUE(test::is_unknown(dialect.decode_event("message", one_arg("{}"))));
}

}  // namespace
}  // namespace chatwire::dialect
