// nest-conversations (seed 002): the seed's socket examples, and the
// message entity as the preset's comment reads it.
#include <gtest/gtest.h>

#include "dialect/dialect_test_util.h"

namespace chatwire::dialect {
namespace {

using chat::Operation;
using test::expect_emit;
using test::one_arg;
using test::request;
using test::signal_as;

const chat::User kUserA{"7b1c2d3e-0000-4000-8000-00000000000a", "alice"};
constexpr const char* kConversation = "c0ffee00-0000-4000-8000-000000000001";

class NestConversationsPresetTest : public ::testing::Test {
 protected:
  Dialect dialect = test::must_load_preset("nest-conversations");
};

TEST_F(NestConversationsPresetTest, Capabilities) {
  const Capabilities& caps = dialect.capabilities();
  for (Operation op : {Operation::kJoin, Operation::kSend, Operation::kTypingStart, Operation::kTypingStop,
                       Operation::kMarkRead}) {
    EXPECT_TRUE(caps.has(op)) << chat::to_string(op);
  }
  EXPECT_FALSE(caps.has(Operation::kLeave));
  EXPECT_FALSE(caps.has(Operation::kHistory));
  EXPECT_FALSE(caps.has(Operation::kMembers));
  EXPECT_EQ(caps.join_confirmation, Confirmation::kNone);
  EXPECT_EQ(caps.send_confirmation, Confirmation::kEvent);
  EXPECT_TRUE(caps.read_receipt_per_message);
  EXPECT_FALSE(caps.idempotent_send);
  EXPECT_FALSE(caps.has_seq);
  EXPECT_EQ(caps.typing_expires_ms, 0);
}

TEST_F(NestConversationsPresetTest, RequestsAsTheSeedShowsThem) {
  expect_emit(dialect, request(Operation::kJoin, "uuid"), kUserA, "joinConversation",
              R"({"conversationId": "uuid"})", false);
  expect_emit(dialect, test::send_request("uuid", "c-1", "Hello!"), kUserA, "sendMessage",
              R"({"conversationId": "uuid", "content": "Hello!"})", false);
  expect_emit(dialect, request(Operation::kTypingStart, "uuid"), kUserA, "typing",
              R"({"conversationId": "uuid", "isTyping": true})", false);
  expect_emit(dialect, request(Operation::kTypingStop, "uuid"), kUserA, "typing",
              R"({"conversationId": "uuid", "isTyping": false})", false);
  chat::Request read = request(Operation::kMarkRead, "uuid");
  read.message_id = "m-uuid";
  expect_emit(dialect, read, kUserA, "markAsRead", R"({"messageId": "m-uuid"})", false);
}

TEST_F(NestConversationsPresetTest, MarkReadWithoutMessageIdSendsAnEmptyPayload) {
  expect_emit(dialect, request(Operation::kMarkRead, "uuid"), kUserA, "markAsRead", "{}", false);
}

TEST_F(NestConversationsPresetTest, MessageEntityWithSender) {
  const auto signal = signal_as<chat::MessageSignal>(dialect.decode_event("message", one_arg(R"({
    "id": "m-1", "conversationId": "c0ffee00-0000-4000-8000-000000000001",
    "senderId": "7b1c2d3e-0000-4000-8000-00000000000a", "content": "Hello!", "isRead": false,
    "createdAt": "2024-11-16T20:15:30.000Z", "updatedAt": "2024-11-16T20:15:30.000Z",
    "sender": {"id": "7b1c2d3e-0000-4000-8000-00000000000a", "username": "alice"}})")));
  EXPECT_EQ(signal.room, kConversation);
  EXPECT_EQ(signal.message, test::message("m-1", kConversation, kUserA, "Hello!", 1'731'788'130'000));
}

TEST_F(NestConversationsPresetTest, AuthorNameFallsBackToSenderId) {
  const auto signal = signal_as<chat::MessageSignal>(dialect.decode_event("message", one_arg(R"({
    "id": "m-2", "conversationId": "c", "senderId": "u-9", "content": "x", "isRead": true,
    "createdAt": "2024-11-16T20:15:30.000Z"})")));
  EXPECT_EQ(signal.message.author, (chat::User{"u-9", "u-9"}));
  const auto with_null_sender = signal_as<chat::MessageSignal>(dialect.decode_event("message", one_arg(R"({
    "id": "m-3", "conversationId": "c", "senderId": "u-9", "content": "x", "sender": null,
    "createdAt": "2024-11-16T20:15:30.000Z"})")));
  EXPECT_EQ(with_null_sender.message.author.name, "u-9");
  const auto with_odd_sender = signal_as<chat::MessageSignal>(dialect.decode_event("message", one_arg(R"({
    "id": "m-4", "conversationId": "c", "senderId": "u-9", "content": "x", "sender": {"username": {"first": "A"}},
    "createdAt": "2024-11-16T20:15:30.000Z"})")));
  EXPECT_EQ(with_odd_sender.message.author.name, "u-9") << "a mistyped alternative gives way to the next";
}

TEST_F(NestConversationsPresetTest, OnlineOfflineTypingAndRead) {
  const auto online =
      signal_as<chat::PresenceSignal>(dialect.decode_event("userOnline", one_arg(R"({"userId": "u-9"})")));
  EXPECT_EQ(online.user, (chat::User{"u-9", ""}));
  EXPECT_TRUE(online.online);
  const auto offline =
      signal_as<chat::PresenceSignal>(dialect.decode_event("userOffline", one_arg(R"({"userId": "u-9"})")));
  EXPECT_FALSE(offline.online);
  const auto typing = signal_as<chat::TypingSignal>(
      dialect.decode_event("typing", one_arg(R"({"userId": "u-9", "isTyping": false})")));
  EXPECT_EQ(typing.room, std::nullopt);
  EXPECT_EQ(typing.user, (chat::User{"u-9", ""}));
  EXPECT_FALSE(typing.typing);
  const auto read =
      signal_as<chat::ReceiptSignal>(dialect.decode_event("messageRead", one_arg(R"({"messageId": "m-1"})")));
  EXPECT_EQ(read.message_id, "m-1");
  EXPECT_EQ(read.user, std::nullopt);
  EXPECT_EQ(read.room, std::nullopt);
  EXPECT_EQ(read.seq, std::nullopt);
}

TEST_F(NestConversationsPresetTest, NestsOwnExceptionEventIsAServerError) {
  // What a NestJS gateway emits for a WsException or a failed validation pipe.
  const auto error = signal_as<chat::ServerErrorSignal>(dialect.decode_event(
      "exception", one_arg(R"({"status": "error", "message": "You are not a participant of this conversation"})")));
  EXPECT_EQ(error.message, "You are not a participant of this conversation");
  EXPECT_EQ(error.room, std::nullopt);
}

TEST_F(NestConversationsPresetTest, MalformedAndUnknown) {
  EXPECT_EQ(test::malformed_message(dialect.decode_event("userOnline", one_arg(R"({"user": "u-9"})"))),
            "userOnline: 'userId' is missing");
  EXPECT_EQ(test::malformed_message(dialect.decode_event("messageRead", one_arg(R"({"messageId": true})"))),
            "messageRead: 'messageId' is not a string or an integer");
  EXPECT_EQ(test::malformed_message(dialect.decode_event(
                "message", one_arg(R"({"id": "m", "conversationId": "c", "senderId": "u", "content": "x",
                                      "createdAt": "2024-13-01T00:00:00Z"})"))),
            "message: 'createdAt' is not a timestamp (an ISO 8601 string or an epoch number)");
  EXPECT_TRUE(test::is_unknown(dialect.decode_event("newMessage", one_arg("{}"))));
  EXPECT_TRUE(test::is_unknown(dialect.decode_event("markAsRead", one_arg("{}")))) << "a client event";
}

}  // namespace
}  // namespace chatwire::dialect
