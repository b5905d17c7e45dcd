// Sends kept across restarts: what the model asks the platform to keep
// (SendStored) and drop (SendForgotten), and what a restarted model makes
// of the records it is given back (restore_sends).
#include <gtest/gtest.h>

#include "support/chat_harness.h"

namespace chatwire::testing {
namespace {

using chat::MessageStatus;
using chat::Operation;
using chat::SendForgotten;
using chat::SendStored;
using chat::StoredSend;

chat::ChatConfig storing(chat::Capabilities caps) {
  chat::ChatConfig config = chat_config(std::move(caps));
  config.store_sends = true;
  return config;
}

chat::Response ack_with(const chat::Request& send, const std::string& id) {
  chat::Message copy = remote_message(send.room, id, "u1", send.text, 5000, 1);
  copy.author = {"u1", "Ada"};
  copy.client_id = send.client_id;
  chat::Response response;
  response.message = std::move(copy);
  return response;
}

StoredSend record(const std::string& client_id, const std::string& room, const std::string& text,
                  std::int64_t created_at_ms, bool handed_over = false, const std::string& failure = "") {
  return StoredSend{client_id, room, text, created_at_ms, handed_over, failure};
}

TEST(ChatStoredSends, NothingIsReportedUnlessAsked) {
  ChatHarness h;
  h.join_ok("lobby");
  ASSERT_TRUE(h.model->send(h.now, "lobby", "hello").ok());
  h.pump();
  EXPECT_TRUE(h.events_of<SendStored>().empty());
  EXPECT_TRUE(h.events_of<SendForgotten>().empty());
}

TEST(ChatStoredSends, ASendIsStoredBeforeItShowsAndForgottenWhenConfirmed) {
  ChatHarness h(storing(native_caps()));
  h.join_ok("lobby");
  h.clear();
  h.now = 1234;
  auto client_id = h.model->send(h.now, "lobby", "hello");
  h.pump();
  ASSERT_TRUE(client_id.ok());
  const auto stored = h.events_of<SendStored>();
  ASSERT_EQ(stored.size(), 1u) << "native sends are idempotent: handing one over changes nothing to keep";
  EXPECT_EQ(stored[0].record.client_id, *client_id);
  EXPECT_EQ(stored[0].record.room, "lobby");
  EXPECT_EQ(stored[0].record.text, "hello");
  EXPECT_EQ(stored[0].record.created_at_ms, 1234);
  EXPECT_FALSE(stored[0].record.handed_over);
  // The record comes before the change that shows the message.
  ASSERT_FALSE(h.events.empty());
  EXPECT_TRUE(std::holds_alternative<SendStored>(h.events.front()));

  const chat::Request send = h.last(Operation::kSend);
  h.clear();
  h.model->on_response(h.now, send.id, ack_with(send, "m1"));
  h.pump();
  const auto forgotten = h.events_of<SendForgotten>();
  ASSERT_EQ(forgotten.size(), 1u);
  EXPECT_EQ(forgotten[0].client_id, *client_id);
}

TEST(ChatStoredSends, WhereSendsAreNotIdempotentTheRecordSaysItWasHandedOver) {
  ChatHarness h(storing(echo_caps()));
  h.connect();
  ASSERT_TRUE(h.model->join(h.now, "7").ok());
  h.pump();
  h.signal(chat::HistorySignal{"7", {}, true});
  h.clear();
  ASSERT_TRUE(h.model->send(h.now, "7", "maybe delivered").ok());
  h.pump();
  const auto stored = h.events_of<SendStored>();
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_FALSE(stored[0].record.handed_over);
  EXPECT_TRUE(stored[1].record.handed_over) << "kept as handed over before the socket has it";
}

TEST(ChatStoredSends, AFailureIsKeptAndARetryClearsIt) {
  ChatHarness h(storing(native_caps()));
  h.join_ok("lobby");
  auto client_id = h.model->send(h.now, "lobby", "refused");
  h.pump();
  chat::Response refused;
  refused.ok = false;
  refused.error_message = "too long";
  const chat::Request send = h.last(Operation::kSend);
  h.clear();
  h.model->on_response(h.now, send.id, refused);
  h.pump();
  auto stored = h.events_of<SendStored>();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].record.failure, "too long");

  h.clear();
  ASSERT_TRUE(h.model->retry(h.now, *client_id).ok());
  h.pump();
  stored = h.events_of<SendStored>();
  ASSERT_FALSE(stored.empty());
  EXPECT_EQ(stored.front().record.failure, "");
}

TEST(ChatStoredSends, CancellingForgetsTheRecord) {
  ChatHarness h(storing(native_caps()));
  h.join_ok("lobby");
  h.drop();
  auto client_id = h.model->send(h.now, "lobby", "never mind");
  h.pump();
  h.clear();
  ASSERT_TRUE(h.model->cancel(*client_id).ok());
  h.pump();
  const auto forgotten = h.events_of<SendForgotten>();
  ASSERT_EQ(forgotten.size(), 1u);
  EXPECT_EQ(forgotten[0].client_id, *client_id);
}

TEST(ChatStoredSends, RestoredSendsShowWhenTheRoomIsJoinedAndGoOutOnceInOrder) {
  ChatHarness h(storing(native_caps()));
  const std::size_t taken = h.model->restore_sends(
      h.now, {record("c2", "lobby", "second", 2000), record("c1", "lobby", "first", 1000),
              record("c3", "elsewhere", "not now", 1500)});
  h.pump();
  EXPECT_EQ(taken, 3u);
  EXPECT_EQ(h.model->room("lobby"), nullptr) << "nothing is joined by a restore";

  ASSERT_TRUE(h.model->join(h.now, "lobby").ok());
  h.pump();
  EXPECT_EQ(h.texts("lobby"), (std::vector<std::string>{"first", "second"})) << "shown at once, oldest first";
  EXPECT_EQ(h.statuses("lobby"), (std::vector<MessageStatus>{MessageStatus::kPending, MessageStatus::kPending}));
  EXPECT_TRUE(h.of(Operation::kSend).empty()) << "not before the join is answered";

  h.connect();
  h.answer(Operation::kJoin, chat::Response{});
  const auto sends = h.of(Operation::kSend);
  ASSERT_EQ(sends.size(), 2u);
  EXPECT_EQ(sends[0].client_id, "c1") << "the same client id: the server stores each once";
  EXPECT_EQ(sends[1].client_id, "c2");
  EXPECT_TRUE(h.model->room("elsewhere") == nullptr);
}

TEST(ChatStoredSends, IdempotentBackendsResendWhatWasHandedOverBeforeTheRestart) {
  ChatHarness h(storing(native_caps()));
  h.model->restore_sends(h.now, {record("c1", "lobby", "maybe delivered", 1000, true)});
  h.join_ok("lobby");
  ASSERT_EQ(h.of(Operation::kSend).size(), 1u);
  EXPECT_EQ(h.last(Operation::kSend).client_id, "c1");
}

TEST(ChatStoredSends, OtherBackendsShowWhatWasHandedOverAsUnconfirmedUntilTheUserRetries) {
  ChatHarness h(storing(echo_caps()));
  h.model->restore_sends(h.now, {record("c1", "7", "maybe delivered", 1000, true)});
  h.connect();
  ASSERT_TRUE(h.model->join(h.now, "7").ok());
  h.pump();
  h.signal(chat::HistorySignal{"7", {}, true});
  EXPECT_EQ(h.statuses("7"), std::vector<MessageStatus>{MessageStatus::kUnconfirmed});
  EXPECT_TRUE(h.of(Operation::kSend).empty()) << "never sent again by itself: it could show twice";

  ASSERT_TRUE(h.model->retry(h.now, "c1").ok());
  h.pump();
  ASSERT_EQ(h.of(Operation::kSend).size(), 1u);
  EXPECT_EQ(h.last(Operation::kSend).text, "maybe delivered");
}

TEST(ChatStoredSends, AnUnconfirmedMessageCanBeCancelled) {
  ChatHarness h(storing(echo_caps()));
  h.model->restore_sends(h.now, {record("c1", "7", "maybe delivered", 1000, true)});
  h.connect();
  ASSERT_TRUE(h.model->join(h.now, "7").ok());
  h.pump();
  h.clear();
  ASSERT_TRUE(h.model->cancel("c1").ok());
  h.pump();
  EXPECT_TRUE(h.texts("7").empty());
  ASSERT_EQ(h.events_of<SendForgotten>().size(), 1u);
}

TEST(ChatStoredSends, AFailedRecordComesBackFailedWithItsReason) {
  ChatHarness h(storing(native_caps()));
  h.model->restore_sends(h.now, {record("c1", "lobby", "refused", 1000, true, "too long")});
  h.join_ok("lobby");
  EXPECT_EQ(h.statuses("lobby"), std::vector<MessageStatus>{MessageStatus::kFailed});
  EXPECT_EQ(h.room("lobby").messages().at(0).failure, "too long");
  EXPECT_TRUE(h.of(Operation::kSend).empty());
}

TEST(ChatStoredSends, RestoringIntoAJoinedRoomSendsAtOnce) {
  ChatHarness h(storing(native_caps()));
  h.join_ok("lobby");
  h.clear();
  h.model->restore_sends(h.now, {record("c1", "lobby", "from before", 1000)});
  h.pump();
  EXPECT_EQ(h.texts("lobby"), std::vector<std::string>{"from before"});
  ASSERT_EQ(h.of(Operation::kSend).size(), 1u);
}

TEST(ChatStoredSends, DuplicateAndUnusableRecordsAreDropped) {
  ChatHarness h(storing(native_caps()));
  const std::size_t taken = h.model->restore_sends(
      h.now, {record("c1", "lobby", "once", 1000), record("c1", "lobby", "once", 1000), record("", "lobby", "x", 1),
              record("c2", "", "x", 1), record("c3", "lobby", "", 1)});
  EXPECT_EQ(taken, 1u);
  h.join_ok("lobby");
  EXPECT_EQ(h.texts("lobby"), std::vector<std::string>{"once"});
  EXPECT_EQ(h.model->restore_sends(h.now, {record("c1", "lobby", "once", 1000)}), 0u) << "already shown";
}

TEST(ChatStoredSends, UnusableRecordsAreForgottenSoThatTheyAreNotReadAgain) {
  ChatHarness h(storing(native_caps()));
  h.model->restore_sends(h.now, {record("c1", "", "no room", 1), record("c2", "lobby", "   ", 1)});
  h.pump();
  const auto forgotten = h.events_of<SendForgotten>();
  ASSERT_EQ(forgotten.size(), 2u);
  EXPECT_EQ(forgotten[0].client_id, "c1");
  EXPECT_EQ(forgotten[1].client_id, "c2") << "blank text: nothing to show";
}

TEST(ChatStoredSends, TextThisClientWouldNotSendComesBackFailedNotLost) {
  chat::ChatConfig config = storing(native_caps());
  config.max_text_length = 5;
  ChatHarness h(config);
  h.model->restore_sends(h.now, {record("c1", "lobby", "longer than five", 1000)});
  h.join_ok("lobby");
  EXPECT_EQ(h.statuses("lobby"), std::vector<MessageStatus>{MessageStatus::kFailed});
  EXPECT_EQ(h.room("lobby").messages().at(0).failure, "kept from before a restart, but longer than maxTextLength");
  EXPECT_TRUE(h.of(Operation::kSend).empty());
  ASSERT_TRUE(h.model->cancel("c1").ok());
}

TEST(ChatStoredSends, AChosenClientIdOfARestoredSendNotYetShownIsTaken) {
  ChatHarness h(storing(native_caps()));
  ASSERT_EQ(h.model->restore_sends(h.now, {record("c-kept", "elsewhere", "typed before the reload", 1)}), 1u);
  h.join_ok("lobby");
  auto sent = h.model->send(h.now, "lobby", "another message", "c-kept");
  ASSERT_FALSE(sent.ok()) << "its room is not shown yet, but the id is the restored message's";
  EXPECT_EQ(sent.error(), chat::CommandError::kInvalidClientId);
}

}  // namespace
}  // namespace chatwire::testing
