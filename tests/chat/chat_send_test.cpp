// Optimistic sends: pending at once, sent on the server's confirmation,
// failed when it does not come; retry and cancel; what survives a reconnect.
#include <gtest/gtest.h>

#include "support/chat_harness.h"

namespace chatwire::testing {
namespace {

using chat::CommandError;
using chat::MessageStatus;
using chat::Operation;

/// The server's copy of the user's own message.
chat::Message stored_copy(const chat::Request& send, const std::string& id, std::int64_t seq) {
  chat::Message message = remote_message(send.room, id, "u1", send.text, 5000, seq);
  message.author = {"u1", "Ada"};
  message.client_id = send.client_id;
  return message;
}

chat::Response ack_with(chat::Message message) {
  chat::Response response;
  response.message = std::move(message);
  return response;
}

TEST(ChatSend, AMessageIsPendingAtOnceAndSentOnItsAck) {
  ChatHarness h;
  h.join_ok("lobby");
  auto client_id = h.model->send(h.now, "lobby", "hello");
  h.pump();
  ASSERT_TRUE(client_id.ok());
  EXPECT_EQ(h.texts("lobby"), std::vector<std::string>{"hello"});
  EXPECT_EQ(h.statuses("lobby"), std::vector<MessageStatus>{MessageStatus::kPending});
  const auto send = h.last(Operation::kSend);
  EXPECT_EQ(send.client_id, *client_id);
  EXPECT_EQ(send.text, "hello");

  h.answer(Operation::kSend, ack_with(stored_copy(send, "m1", 1)));
  EXPECT_EQ(h.statuses("lobby"), std::vector<MessageStatus>{MessageStatus::kSent});
  const chat::Message& stored = h.room("lobby").messages().at(0);
  EXPECT_EQ(stored.id, "m1");
  EXPECT_EQ(stored.client_id, *client_id);
  EXPECT_EQ(stored.seq, std::optional<std::int64_t>(1));
}

TEST(ChatSend, ClientIdsAreDistinct) {
  ChatHarness h;
  h.join_ok("lobby");
  auto a = h.model->send(h.now, "lobby", "one");
  auto b = h.model->send(h.now, "lobby", "two");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_EQ(a->front(), 'c');
}

TEST(ChatSend, ACallerMayNameTheSendItselfWithAPlainUnusedId) {
  ChatHarness h;
  h.join_ok("lobby");
  auto named = h.model->send(h.now, "lobby", "hello", "view-1_a");
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(*named, "view-1_a");
  h.pump();
  EXPECT_EQ(h.last(Operation::kSend).client_id, "view-1_a") << "the server sees the chosen id";

  auto again = h.model->send(h.now, "lobby", "twice", "view-1_a");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error(), CommandError::kInvalidClientId) << "in use";
  for (const std::string& bad : std::vector<std::string>{"has space", "é", std::string(65, 'x')}) {
    auto refused = h.model->send(h.now, "lobby", "text", bad);
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error(), CommandError::kInvalidClientId) << bad;
  }
  EXPECT_EQ(h.texts("lobby"), (std::vector<std::string>{"hello"})) << "a refused send shows nothing";

  h.join_ok("other");
  auto elsewhere = h.model->send(h.now, "other", "same id, other room", "view-1_a");
  ASSERT_FALSE(elsewhere.ok()) << "an id is the message's in every room";
  EXPECT_EQ(elsewhere.error(), CommandError::kInvalidClientId);
}

TEST(ChatSend, EchoBeforeAckLeavesOneCopy) {
  ChatHarness h;
  h.join_ok("lobby");
  ASSERT_TRUE(h.model->send(h.now, "lobby", "hello").ok());
  h.pump();
  const auto send = h.last(Operation::kSend);
  h.signal(chat::MessageSignal{"lobby", stored_copy(send, "m1", 1)});
  h.answer(Operation::kSend, ack_with(stored_copy(send, "m1", 1)));
  EXPECT_EQ(h.texts("lobby"), std::vector<std::string>{"hello"});
  EXPECT_EQ(h.statuses("lobby"), std::vector<MessageStatus>{MessageStatus::kSent});
  EXPECT_TRUE(h.events_of<chat::MessageArrived>().empty()) << "the user's own message is no notification";
}

TEST(ChatSend, TheEchoReplacesTheOptimisticCopyInDialectsWithoutClientIds) {
  ChatHarness h(echo_caps());
  h.connect();
  ASSERT_TRUE(h.model->join(h.now, "7").ok());
  h.pump();
  h.signal(chat::HistorySignal{"7", {}, true});
  ASSERT_TRUE(h.model->send(h.now, "7", "same text").ok());
  ASSERT_TRUE(h.model->send(h.now, "7", "same text").ok());
  h.pump();
  ASSERT_EQ(h.of(Operation::kSend).size(), 2u);

  chat::Message echo = remote_message("7", "101", "u1", "same text", 5000);
  h.signal(chat::MessageSignal{"7", echo});
  EXPECT_EQ(h.statuses("7"), (std::vector<MessageStatus>{MessageStatus::kSent, MessageStatus::kPending}))
      << "the oldest matching pending message is confirmed first";
  echo.id = "102";
  h.signal(chat::MessageSignal{"7", echo});
  EXPECT_EQ(h.texts("7"), (std::vector<std::string>{"same text", "same text"}));
  EXPECT_EQ(h.statuses("7"), (std::vector<MessageStatus>{MessageStatus::kSent, MessageStatus::kSent}));
  h.signal(chat::MessageSignal{"7", echo});
  EXPECT_EQ(h.texts("7").size(), 2u) << "a repeated echo is a duplicate";
}

TEST(ChatSend, RefusedMessageFailsWithTheServersReason) {
  ChatHarness h;
  h.join_ok("lobby");
  ASSERT_TRUE(h.model->send(h.now, "lobby", "hello").ok());
  h.pump();
  chat::Response refused;
  refused.ok = false;
  refused.error_code = "not_member";
  refused.error_message = "you are not a member of this room";
  h.answer(Operation::kSend, refused);
  EXPECT_EQ(h.statuses("lobby"), std::vector<MessageStatus>{MessageStatus::kFailed});
  EXPECT_EQ(h.room("lobby").messages().at(0).failure, "you are not a member of this room");
  const auto errors = h.events_of<chat::ChatError>();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, chat::ChatErrorCode::kSendFailed);
}

TEST(ChatSend, AckTimeoutFailsTheMessage) {
  ChatHarness h;
  h.join_ok("lobby");
  ASSERT_TRUE(h.model->send(h.now, "lobby", "hello").ok());
  h.pump();
  h.model->on_request_failed(h.now, h.last(Operation::kSend).id, chat::RequestFailure::kTimeout);
  h.pump();
  EXPECT_EQ(h.statuses("lobby"), std::vector<MessageStatus>{MessageStatus::kFailed});
}

TEST(ChatSend, AMissingEchoFailsTheMessageAfterTheRequestTimeout) {
  ChatHarness h(echo_caps());
  h.connect();
  ASSERT_TRUE(h.model->join(h.now, "7").ok());
  h.pump();
  h.signal(chat::HistorySignal{"7", {}, true});
  ASSERT_TRUE(h.model->send(h.now, "7", "lost").ok());
  h.pump();
  h.advance_to(9999);
  EXPECT_EQ(h.statuses("7"), std::vector<MessageStatus>{MessageStatus::kPending});
  h.advance_to(10000);
  EXPECT_EQ(h.statuses("7"), std::vector<MessageStatus>{MessageStatus::kFailed});
}

TEST(ChatSend, RetrySendsAgainUnderTheSameClientId) {
  ChatHarness h;
  h.join_ok("lobby");
  auto client_id = h.model->send(h.now, "lobby", "hello");
  h.pump();
  h.model->on_request_failed(h.now, h.last(Operation::kSend).id, chat::RequestFailure::kTimeout);
  h.pump();
  ASSERT_TRUE(h.model->retry(h.now, *client_id).ok());
  h.pump();
  EXPECT_EQ(h.statuses("lobby"), std::vector<MessageStatus>{MessageStatus::kPending});
  const auto sends = h.of(Operation::kSend);
  ASSERT_EQ(sends.size(), 2u);
  EXPECT_EQ(sends[1].client_id, *client_id);
  h.answer(Operation::kSend, ack_with(stored_copy(sends[1], "m1", 1)));
  EXPECT_EQ(h.statuses("lobby"), std::vector<MessageStatus>{MessageStatus::kSent});
  EXPECT_EQ(h.model->retry(h.now, *client_id).error(), CommandError::kUnknownMessage) << "confirmed: nothing to retry";
}

TEST(ChatSend, RetryOnlyAppliesToFailedMessages) {
  ChatHarness h;
  h.join_ok("lobby");
  auto client_id = h.model->send(h.now, "lobby", "hello");
  EXPECT_EQ(h.model->retry(h.now, *client_id).error(), CommandError::kNotFailed);
  EXPECT_EQ(h.model->retry(h.now, "c-nope").error(), CommandError::kUnknownMessage);
}

TEST(ChatSend, CancelRemovesFailedAndUnsentMessagesButNotOnesInFlight) {
  ChatHarness h;
  h.join_ok("lobby");
  auto in_flight = h.model->send(h.now, "lobby", "in flight");
  h.pump();
  EXPECT_EQ(h.model->cancel(*in_flight).error(), CommandError::kInFlight);
  h.model->on_request_failed(h.now, h.last(Operation::kSend).id, chat::RequestFailure::kTimeout);
  h.pump();
  EXPECT_TRUE(h.model->cancel(*in_flight).ok());
  EXPECT_TRUE(h.texts("lobby").empty());

  h.drop();
  auto queued = h.model->send(h.now, "lobby", "queued offline");
  EXPECT_TRUE(h.model->cancel(*queued).ok());
  EXPECT_TRUE(h.texts("lobby").empty());
  h.clear();
  h.connect();
  h.answer(Operation::kJoin, chat::Response{});
  EXPECT_TRUE(h.of(Operation::kSend).empty()) << "a cancelled message never goes out";
}

TEST(ChatSend, TextRulesAreCheckedBeforeAnythingIsShown) {
  ChatHarness h;
  h.join_ok("lobby");
  EXPECT_EQ(h.model->send(h.now, "lobby", "").error(), CommandError::kEmptyText);
  EXPECT_EQ(h.model->send(h.now, "lobby", " \t\n ").error(), CommandError::kEmptyText);
  EXPECT_EQ(h.model->send(h.now, "lobby", "\xC2\xA0\xE2\x80\x8B\xE3\x80\x80").error(), CommandError::kEmptyText)
      << "no-break, zero-width and ideographic spaces are blank too";
  EXPECT_EQ(h.model->send(h.now, "lobby", "bad \xC3").error(), CommandError::kInvalidText);

  std::string at_limit;
  for (int i = 0; i < 4000; ++i) at_limit += "\xC3\xA9";  // 4000 code points, 8000 bytes
  EXPECT_TRUE(h.model->send(h.now, "lobby", at_limit).ok()) << "the limit counts characters, not bytes";
  EXPECT_EQ(h.model->send(h.now, "lobby", at_limit + "x").error(), CommandError::kTextTooLong);
  EXPECT_EQ(h.texts("lobby").size(), 1u);
}

TEST(ChatSend, SendingToARoomNotJoinedIsRefused) {
  ChatHarness h;
  EXPECT_EQ(h.model->send(h.now, "nowhere", "hi").error(), CommandError::kNotJoined);
}

TEST(ChatSend, PendingMessagesPerRoomAreBounded) {
  auto config = chat_config(native_caps());
  config.max_pending_per_room = 2;
  ChatHarness h(config);
  h.join_ok("lobby");
  EXPECT_TRUE(h.model->send(h.now, "lobby", "1").ok());
  EXPECT_TRUE(h.model->send(h.now, "lobby", "2").ok());
  EXPECT_EQ(h.model->send(h.now, "lobby", "3").error(), CommandError::kTooManyPending);
}

TEST(ChatSend, AMessageWrittenOfflineIsSentOnceAfterTheRejoin) {
  ChatHarness h;
  h.join_ok("lobby");
  h.drop();
  auto client_id = h.model->send(h.now, "lobby", "written offline");
  h.pump();
  EXPECT_TRUE(h.of(Operation::kSend).empty());
  EXPECT_EQ(h.statuses("lobby"), std::vector<MessageStatus>{MessageStatus::kPending});

  h.clear();
  h.connect();
  EXPECT_TRUE(h.of(Operation::kSend).empty()) << "the room is rejoined first";
  h.answer(Operation::kJoin, chat::Response{});
  ASSERT_EQ(h.of(Operation::kSend).size(), 1u);
  EXPECT_EQ(h.last(Operation::kSend).client_id, *client_id);
}

TEST(ChatSend, IdempotentBackendsGetUnconfirmedMessagesAgainAfterAReconnect) {
  ChatHarness h;
  h.join_ok("lobby");
  auto client_id = h.model->send(h.now, "lobby", "in flight");
  h.pump();
  h.model->on_request_failed(h.now, h.last(Operation::kSend).id, chat::RequestFailure::kConnectionLost);
  h.drop();
  EXPECT_EQ(h.statuses("lobby"), std::vector<MessageStatus>{MessageStatus::kPending}) << "a drop is not a failure";
  h.clear();
  h.connect();
  h.answer(Operation::kJoin, chat::Response{});
  ASSERT_EQ(h.of(Operation::kSend).size(), 1u);
  EXPECT_EQ(h.last(Operation::kSend).client_id, *client_id) << "same client id: the server stores it once";
}

TEST(ChatSend, OtherBackendsDoNotRepeatAMessageAlreadyHandedOver) {
  ChatHarness h(echo_caps());
  h.connect();
  ASSERT_TRUE(h.model->join(h.now, "7").ok());
  h.pump();
  h.signal(chat::HistorySignal{"7", {}, true});
  ASSERT_TRUE(h.model->send(h.now, "7", "maybe delivered").ok());
  h.drop();
  ASSERT_TRUE(h.model->send(h.now, "7", "written offline").ok());
  h.clear();
  h.connect();
  // The rejoin's history shows the first message did arrive.
  chat::Message arrived = remote_message("7", "55", "u1", "maybe delivered", 900);
  h.signal(chat::HistorySignal{std::nullopt, {{arrived}, std::nullopt}, true});
  const auto sends = h.of(Operation::kSend);
  ASSERT_EQ(sends.size(), 1u) << "only the message never handed over is sent";
  EXPECT_EQ(sends[0].text, "written offline");
  EXPECT_EQ(h.texts("7"), (std::vector<std::string>{"maybe delivered", "written offline"}));
  EXPECT_EQ(h.statuses("7"), (std::vector<MessageStatus>{MessageStatus::kSent, MessageStatus::kPending}));
}

TEST(ChatSend, AFailedMessageIsStillConfirmedByALateEcho) {
  ChatHarness h(echo_caps());
  h.connect();
  ASSERT_TRUE(h.model->join(h.now, "7").ok());
  h.pump();
  h.signal(chat::HistorySignal{"7", {}, true});
  ASSERT_TRUE(h.model->send(h.now, "7", "slow").ok());
  h.pump();
  h.advance_by(10000);
  ASSERT_EQ(h.statuses("7"), std::vector<MessageStatus>{MessageStatus::kFailed});
  h.signal(chat::MessageSignal{"7", remote_message("7", "9", "u1", "slow", 500)});
  EXPECT_EQ(h.statuses("7"), std::vector<MessageStatus>{MessageStatus::kSent});
  EXPECT_EQ(h.texts("7").size(), 1u);
}

TEST(ChatSend, LeavingFailsWhatIsStillPending) {
  ChatHarness h;
  h.join_ok("lobby");
  ASSERT_TRUE(h.model->send(h.now, "lobby", "hello").ok());
  ASSERT_TRUE(h.model->leave(h.now, "lobby").ok());
  EXPECT_EQ(h.statuses("lobby"), std::vector<MessageStatus>{MessageStatus::kFailed});
}

TEST(ChatSend, UnconfirmedBackendsMarkAMessageSentOnceHandedOver) {
  auto caps = echo_caps();
  caps.send_confirmation = chat::Confirmation::kNone;
  caps.join_confirmation = chat::Confirmation::kNone;
  ChatHarness h(caps);
  h.connect();
  ASSERT_TRUE(h.model->join(h.now, "c").ok());
  ASSERT_TRUE(h.model->send(h.now, "c", "fire and forget").ok());
  h.pump();
  EXPECT_EQ(h.statuses("c"), std::vector<MessageStatus>{MessageStatus::kSent});
}

TEST(ChatSend, OwnMessagesKeepTheirOrderBelowConfirmedOnes) {
  ChatHarness h;
  h.join_ok("lobby");
  ASSERT_TRUE(h.model->send(h.now, "lobby", "mine").ok());
  h.signal(chat::MessageSignal{"lobby", remote_message("lobby", "m1", "bob", "theirs", 4000, 1)});
  EXPECT_EQ(h.texts("lobby"), (std::vector<std::string>{"theirs", "mine"}));
  const auto send = h.last(Operation::kSend);
  h.answer(Operation::kSend, ack_with(stored_copy(send, "m2", 2)));
  EXPECT_EQ(h.texts("lobby"), (std::vector<std::string>{"theirs", "mine"}));
  EXPECT_EQ(h.statuses("lobby"), (std::vector<MessageStatus>{MessageStatus::kSent, MessageStatus::kSent}));
}

TEST(ChatSend, AForgottenRoomTakesItsFailedMessagesWithIt) {
  // Found by client_fuzz: failed messages of a left room that was forgotten
  // to make space counted against a new room of the same id.
  auto config = chat_config(native_caps());
  config.max_rooms = 2;
  config.max_pending_per_room = 1;
  ChatHarness h(config);
  h.join_ok("a");
  ASSERT_TRUE(h.model->send(h.now, "a", "stuck").ok());
  ASSERT_TRUE(h.model->leave(h.now, "a").ok());
  h.join_ok("b");
  h.join_ok("c");  // forgets "a"
  ASSERT_TRUE(h.model->leave(h.now, "b").ok());
  h.join_ok("a");  // forgets "b"; "a" is a new room
  EXPECT_TRUE(h.model->send(h.now, "a", "fresh").ok());
}

TEST(ChatSend, SomeoneElsesMessageCannotTakeTheUsersClientId) {
  // Found by client_fuzz: a broken server put the user's pending client id
  // on another author's message, and two messages shared it.
  ChatHarness h;
  h.join_ok("lobby");
  auto client_id = h.model->send(h.now, "lobby", "mine");
  h.pump();
  chat::Message foreign = remote_message("lobby", "m9", "bob", "theirs", 1000, 9);
  foreign.client_id = *client_id;
  h.signal(chat::MessageSignal{"lobby", foreign});
  const chat::Message* stored = h.room("lobby").messages().find_by_id("m9");
  ASSERT_NE(stored, nullptr);
  EXPECT_TRUE(stored->client_id.empty());
  EXPECT_EQ(h.room("lobby").messages().find_by_client_id(*client_id)->text, "mine");
}

}  // namespace
}  // namespace chatwire::testing
