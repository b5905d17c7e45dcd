// express-conversations (seed 003): typing without a stop, sender id in the
// payload, every server payload the seed's code emits.
#include <gtest/gtest.h>

#include "dialect/dialect_test_util.h"

namespace chatwire::dialect {
namespace {

using chat::Operation;
using test::expect_emit;
using test::one_arg;
using test::request;
using test::signal_as;

const chat::User kMe{"user-42", "Me"};

class ExpressConversationsPresetTest : public ::testing::Test {
 protected:
  Dialect dialect = test::must_load_preset("express-conversations");
};

TEST_F(ExpressConversationsPresetTest, Capabilities) {
  const Capabilities& caps = dialect.capabilities();
  for (Operation op : {Operation::kJoin, Operation::kLeave, Operation::kSend, Operation::kTypingStart}) {
    EXPECT_TRUE(caps.has(op)) << chat::to_string(op);
  }
  for (Operation op :
       {Operation::kTypingStop, Operation::kMarkRead, Operation::kHistory, Operation::kMembers}) {
    EXPECT_FALSE(caps.has(op)) << chat::to_string(op);
  }
  EXPECT_EQ(caps.typing_expires_ms, 3000);
  EXPECT_EQ(caps.join_confirmation, Confirmation::kNone);
  EXPECT_EQ(caps.send_confirmation, Confirmation::kEvent);
  EXPECT_FALSE(caps.idempotent_send);
  EXPECT_FALSE(caps.has_seq);
}

TEST_F(ExpressConversationsPresetTest, Requests) {
  expect_emit(dialect, request(Operation::kJoin, "conv-1"), kMe, "joinConversation",
              R"({"conversationId": "conv-1"})", false);
  expect_emit(dialect, request(Operation::kLeave, "conv-1"), kMe, "leaveConversation",
              R"({"conversationId": "conv-1"})", false);
  expect_emit(dialect, test::send_request("conv-1", "c-1", "hi"), kMe, "sendMessage",
              R"({"conversationId": "conv-1", "senderId": "user-42", "message": "hi"})", false);
  expect_emit(dialect, request(Operation::kTypingStart, "conv-1"), kMe, "typing",
              R"({"conversationId": "conv-1", "userId": "user-42"})", false);
  auto stop = dialect.encode(request(Operation::kTypingStop, "conv-1"), kMe);
  ASSERT_FALSE(stop.ok());
  EXPECT_EQ(stop.error().code, EncodeError::Code::kUnsupported);
}

TEST_F(ExpressConversationsPresetTest, NewMessage) {
  const auto signal = signal_as<chat::MessageSignal>(dialect.decode_event("newMessage", one_arg(R"({
    "id": "1731788130000", "conversationId": "conv-1", "senderId": "user-7", "message": "hello",
    "timestamp": "2024-11-16T20:15:30.000Z"})")));
  EXPECT_EQ(signal.room, "conv-1");
  EXPECT_EQ(signal.message,
            test::message("1731788130000", "conv-1", {"user-7", "user-7"}, "hello", 1'731'788'130'000));
}

TEST_F(ExpressConversationsPresetTest, TypingRelayStartsAndTheServerStopsIt) {
  const auto start = signal_as<chat::TypingSignal>(
      dialect.decode_event("typing", one_arg(R"({ "userId": "user-7", "isTyping": true })")));
  EXPECT_EQ(start.user, (chat::User{"user-7", ""}));
  EXPECT_TRUE(start.typing);
  EXPECT_EQ(start.room, std::nullopt);
  const auto stop = signal_as<chat::TypingSignal>(
      dialect.decode_event("typing", one_arg(R"({ "userId": "user-7", "isTyping": false })")));
  EXPECT_FALSE(stop.typing);
}

TEST_F(ExpressConversationsPresetTest, MalformedAndUnknown) {
  EXPECT_EQ(test::malformed_message(dialect.decode_event("typing", one_arg(R"({"userId": "user-7"})"))),
            "typing: 'isTyping' is missing");
  EXPECT_EQ(test::malformed_message(dialect.decode_event(
                "newMessage", one_arg(R"({"id": "1", "conversationId": "c", "senderId": "u", "message": "m",
                                         "timestamp": false})"))),
            "newMessage: 'timestamp' is not a timestamp (an ISO 8601 string or an epoch number)");
  EXPECT_TRUE(test::is_unknown(dialect.decode_event("message", one_arg("{}"))));
}

}  // namespace
}  // namespace chatwire::dialect
