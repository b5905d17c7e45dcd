// A server that answers "unavailable" (its database is down) refuses for
// now, not for good: the sends, changes and joins it refused stay pending
// and go again after a pause that doubles while it keeps refusing.
#include <gtest/gtest.h>

#include "support/chat_harness.h"

namespace chatwire::testing {
namespace {

using chat::ChatErrorCode;
using chat::MessageStatus;
using chat::Operation;

chat::Response unavailable() { return refused_ack("unavailable", "the database is unavailable"); }

std::vector<chat::ChatError> reports(const ChatHarness& h, ChatErrorCode code) {
  std::vector<chat::ChatError> out;
  for (const chat::ChatError& error : h.events_of<chat::ChatError>()) {
    if (error.code == code) out.push_back(error);
  }
  return out;
}

std::vector<chat::ChatError> unavailable_reports(const ChatHarness& h) { return reports(h, ChatErrorCode::kServerUnavailable); }

TEST(ChatUnavailable, ARefusedSendStaysPendingAndGoesAgainAfterAPauseThatDoubles) {
  ChatHarness h;
  h.join_ok("lobby");
  const auto client_id = h.model->send(h.now, "lobby", "hello", {}, {});
  ASSERT_TRUE(client_id.ok());
  h.pump();
  h.answer(Operation::kSend, unavailable());
  EXPECT_EQ(h.room("lobby").messages().at(0).status, MessageStatus::kPending) << "not failed: the server refused for now";
  ASSERT_EQ(unavailable_reports(h).size(), 1u);
  EXPECT_EQ(unavailable_reports(h)[0].room, "lobby");
  EXPECT_TRUE(reports(h, ChatErrorCode::kSendFailed).empty());

  h.advance_by(999);
  EXPECT_EQ(h.of(Operation::kSend).size(), 1u) << "not before the pause is over";
  h.advance_by(1);
  ASSERT_EQ(h.of(Operation::kSend).size(), 2u);
  EXPECT_EQ(h.last(Operation::kSend).client_id, client_id.value()) << "the same send, so the server stores it once";

  h.answer(Operation::kSend, unavailable());
  h.advance_by(1999);
  EXPECT_EQ(h.of(Operation::kSend).size(), 2u) << "a second refusal in a row waits twice as long";
  h.advance_by(1);
  ASSERT_EQ(h.of(Operation::kSend).size(), 3u);
  EXPECT_EQ(unavailable_reports(h).size(), 2u) << "one report per pause";
}

TEST(ChatUnavailable, AnAnswerEndsTheStreak) {
  ChatHarness h;
  h.join_ok("lobby");
  ASSERT_TRUE(h.model->send(h.now, "lobby", "one", {}, {}).ok());
  h.pump();
  h.answer(Operation::kSend, unavailable());
  h.advance_by(1000);
  chat::Response ok;
  ok.message = remote_message("lobby", "m1", "u1", "one", 1000, 1);
  ok.message->client_id = h.last(Operation::kSend).client_id;
  h.answer(Operation::kSend, ok);
  EXPECT_EQ(h.room("lobby").messages().at(0).status, MessageStatus::kSent);

  ASSERT_TRUE(h.model->send(h.now, "lobby", "two", {}, {}).ok());
  h.pump();
  h.answer(Operation::kSend, unavailable());
  const std::size_t sent = h.of(Operation::kSend).size();
  h.advance_by(1000);
  EXPECT_EQ(h.of(Operation::kSend).size(), sent + 1) << "after an answer the pause starts again at 1 s";
}

TEST(ChatUnavailable, ARefusedJoinKeepsTheRoomJoiningWithItsSendsAndAsksAgain) {
  ChatHarness h;
  ASSERT_TRUE(h.model->join(h.now, "lobby").ok());
  h.connect();
  ASSERT_TRUE(h.model->send(h.now, "lobby", "written while joining", {}, {}).ok());
  h.pump();
  h.answer(Operation::kJoin, unavailable());
  EXPECT_EQ(h.room("lobby").state(), chat::RoomState::kJoining);
  EXPECT_EQ(h.room("lobby").messages().at(0).status, MessageStatus::kPending);
  EXPECT_TRUE(reports(h, ChatErrorCode::kSendFailed).empty());
  ASSERT_EQ(unavailable_reports(h).size(), 1u);

  h.advance_by(1000);
  ASSERT_EQ(h.of(Operation::kJoin).size(), 2u);
  h.answer(Operation::kJoin, chat::Response{});
  EXPECT_EQ(h.room("lobby").state(), chat::RoomState::kJoined);
  ASSERT_EQ(h.of(Operation::kSend).size(), 1u) << "the send goes once the room is joined";
  EXPECT_EQ(h.last(Operation::kSend).text, "written while joining");
}

TEST(ChatUnavailable, ARefusedChangeStaysPendingAndGoesAgainUnderItsOpId) {
  ChatHarness h;
  chat::Message mine = remote_message("lobby", "m1", "u1", "mine", 1000, 1);
  mine.author = {"u1", "Ada"};
  h.join_ok("lobby", {mine});
  const auto op = h.model->edit(h.now, "lobby", "m1", "changed");
  ASSERT_TRUE(op.ok());
  h.pump();
  h.answer(Operation::kEdit, unavailable());
  EXPECT_EQ(h.room("lobby").messages().at(0).text, "changed") << "not rolled back";
  EXPECT_EQ(h.room("lobby").messages().at(0).pending_ops, 1);
  EXPECT_TRUE(h.events_of<chat::ChatError>().size() == 1 && unavailable_reports(h).size() == 1)
      << "reported as unavailable, not as a failed change";

  h.advance_by(1000);
  ASSERT_EQ(h.of(Operation::kEdit).size(), 2u);
  EXPECT_EQ(h.last(Operation::kEdit).op_id, op.value());
}

TEST(ChatUnavailable, OfflineThePauseLeavesEverythingToTheRejoin) {
  ChatHarness h;
  h.join_ok("lobby");
  ASSERT_TRUE(h.model->send(h.now, "lobby", "hello", {}, {}).ok());
  h.pump();
  h.answer(Operation::kSend, unavailable());
  h.drop();
  h.advance_by(5000);
  EXPECT_EQ(h.of(Operation::kSend).size(), 1u) << "nothing goes out offline";
  h.connect();
  h.answer(Operation::kJoin, chat::Response{});
  EXPECT_EQ(h.of(Operation::kSend).size(), 2u) << "the rejoin sends it";
}

}  // namespace
}  // namespace chatwire::testing
