// Rooms: join / leave and their states, confirmations of each kind, and
// rejoining after a reconnect in the order the rooms were joined.
#include <gtest/gtest.h>

#include "support/chat_harness.h"

namespace chatwire::testing {
namespace {

using chat::CommandError;
using chat::Operation;
using chat::RoomState;

TEST(ChatRooms, JoinWaitsForTheConnectionThenForTheAck) {
  ChatHarness h;
  ASSERT_TRUE(h.model->join(h.now, "lobby").ok());
  h.pump();
  EXPECT_EQ(h.room("lobby").state(), RoomState::kJoining);
  EXPECT_TRUE(h.of(Operation::kJoin).empty()) << "nothing is sent while offline";

  h.connect();
  ASSERT_EQ(h.of(Operation::kJoin).size(), 1u);
  EXPECT_EQ(h.last(Operation::kJoin).room, "lobby");
  EXPECT_FALSE(h.last(Operation::kJoin).seq.has_value()) << "a first join resumes nothing";
  EXPECT_EQ(h.room("lobby").state(), RoomState::kJoining);

  h.answer(Operation::kJoin, chat::Response{});
  EXPECT_EQ(h.room("lobby").state(), RoomState::kJoined);
  EXPECT_TRUE(h.room("lobby").joined());
}

TEST(ChatRooms, JoiningTwiceIsOneJoin) {
  ChatHarness h;
  h.connect();
  ASSERT_TRUE(h.model->join(h.now, "lobby").ok());
  ASSERT_TRUE(h.model->join(h.now, "lobby").ok());
  h.pump();
  EXPECT_EQ(h.of(Operation::kJoin).size(), 1u);
}

TEST(ChatRooms, RefusedJoinLeavesTheRoomAndSaysWhy) {
  ChatHarness h;
  h.connect();
  ASSERT_TRUE(h.model->join(h.now, "secret").ok());
  h.pump();
  chat::Response refused;
  refused.ok = false;
  refused.error_code = "not_found";
  refused.error_message = "no such room";
  h.answer(Operation::kJoin, refused);
  EXPECT_EQ(h.room("secret").state(), RoomState::kLeft);
  const auto errors = h.events_of<chat::ChatError>();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, chat::ChatErrorCode::kJoinFailed);
  EXPECT_EQ(errors[0].room, "secret");
  EXPECT_EQ(errors[0].message, "no such room");
}

TEST(ChatRooms, InvalidRoomIdsAreRefused) {
  ChatHarness h;
  EXPECT_EQ(h.model->join(h.now, "").error(), CommandError::kInvalidRoomId);
  EXPECT_EQ(h.model->join(h.now, std::string(257, 'r')).error(), CommandError::kInvalidRoomId);
  EXPECT_TRUE(h.model->rooms().empty());
}

TEST(ChatRooms, RoomCountIsBoundedAndLeftRoomsMakeSpace) {
  auto config = chat_config(native_caps());
  config.max_rooms = 2;
  ChatHarness h(config);
  ASSERT_TRUE(h.model->join(h.now, "a").ok());
  ASSERT_TRUE(h.model->join(h.now, "b").ok());
  EXPECT_EQ(h.model->join(h.now, "c").error(), CommandError::kTooManyRooms);
  ASSERT_TRUE(h.model->leave(h.now, "a").ok());
  EXPECT_TRUE(h.model->join(h.now, "c").ok()) << "the oldest left room is forgotten to make space";
  EXPECT_EQ(h.model->room("a"), nullptr);
}

TEST(ChatRooms, LeaveTellsTheServerAndKeepsMessagesReadable) {
  ChatHarness h;
  h.join_ok("lobby", {remote_message("lobby", "m1", "bob", "hi", 1000, 1)});
  ASSERT_TRUE(h.model->leave(h.now, "lobby").ok());
  h.pump();
  ASSERT_EQ(h.of(Operation::kLeave).size(), 1u);
  EXPECT_EQ(h.last(Operation::kLeave).room, "lobby");
  EXPECT_EQ(h.room("lobby").state(), RoomState::kLeft);
  EXPECT_EQ(h.texts("lobby"), std::vector<std::string>{"hi"});
  EXPECT_EQ(h.model->leave(h.now, "lobby").error(), CommandError::kNotJoined);
}

TEST(ChatRooms, LeftRoomsAreNotRejoinedAndNotCountedUnread) {
  ChatHarness h;
  h.join_ok("a");
  h.join_ok("b");
  h.signal(chat::MessageSignal{"a", remote_message("a", "m1", "bob", "unread", 1000, 1)});
  EXPECT_EQ(h.model->unread_total(), 1u);
  ASSERT_TRUE(h.model->leave(h.now, "a").ok());
  EXPECT_EQ(h.model->unread_total(), 0u);
  h.drop();
  h.clear();
  h.connect();
  ASSERT_EQ(h.of(Operation::kJoin).size(), 1u);
  EXPECT_EQ(h.last(Operation::kJoin).room, "b");
}

TEST(ChatRooms, RoomsAreRejoinedAfterAReconnectInJoinOrder) {
  ChatHarness h;
  h.join_ok("first");
  h.join_ok("second");
  h.join_ok("third");
  h.drop();
  for (const char* id : {"first", "second", "third"}) EXPECT_EQ(h.room(id).state(), RoomState::kJoining);
  h.clear();
  h.connect();
  const auto joins = h.of(Operation::kJoin);
  ASSERT_EQ(joins.size(), 3u);
  EXPECT_EQ(joins[0].room, "first");
  EXPECT_EQ(joins[1].room, "second");
  EXPECT_EQ(joins[2].room, "third");
}

TEST(ChatRooms, ARejoinResumesAfterTheNewestSeqHeld) {
  ChatHarness h;
  h.join_ok("lobby", {remote_message("lobby", "m1", "bob", "a", 1000, 1),
                      remote_message("lobby", "m2", "bob", "b", 2000, 2)});
  h.drop();
  h.clear();
  h.connect();
  EXPECT_EQ(h.last(Operation::kJoin).seq, std::optional<std::int64_t>(2));
}

TEST(ChatRooms, EventConfirmedJoinIsJoinedByItsHistory) {
  ChatHarness h(echo_caps());
  h.connect();
  ASSERT_TRUE(h.model->join(h.now, "7").ok());
  h.pump();
  EXPECT_EQ(h.room("7").state(), RoomState::kJoining);
  // flask-shows' message_history names no room: it answers the oldest join waiting.
  h.signal(chat::HistorySignal{std::nullopt, {{remote_message("", "1", "bob", "hello", 1000)}, std::nullopt}, true});
  EXPECT_EQ(h.room("7").state(), RoomState::kJoined);
  EXPECT_EQ(h.texts("7"), std::vector<std::string>{"hello"});
}

TEST(ChatRooms, EventConfirmationsAnswerJoinsInOrder) {
  ChatHarness h(echo_caps());
  h.connect();
  ASSERT_TRUE(h.model->join(h.now, "a").ok());
  ASSERT_TRUE(h.model->join(h.now, "b").ok());
  h.pump();
  h.signal(chat::HistorySignal{std::nullopt, {{remote_message("", "1", "bob", "in a", 1000)}, std::nullopt}, true});
  EXPECT_EQ(h.room("a").state(), RoomState::kJoined);
  EXPECT_EQ(h.room("b").state(), RoomState::kJoining);
  EXPECT_EQ(h.texts("a"), std::vector<std::string>{"in a"});
}

TEST(ChatRooms, AnUnansweredEventConfirmedJoinCountsAsJoinedAfterTheTimeout) {
  ChatHarness h(echo_caps());
  h.connect();
  ASSERT_TRUE(h.model->join(h.now, "7").ok());
  h.pump();
  h.advance_to(9999);
  EXPECT_EQ(h.room("7").state(), RoomState::kJoining);
  h.advance_to(10000);
  EXPECT_EQ(h.room("7").state(), RoomState::kJoined);
}

TEST(ChatRooms, UnconfirmedJoinsAreJoinedOnceSent) {
  auto caps = echo_caps();
  caps.join_confirmation = chat::Confirmation::kNone;
  ChatHarness h(caps);
  h.connect();
  ASSERT_TRUE(h.model->join(h.now, "c1").ok());
  h.pump();
  EXPECT_EQ(h.room("c1").state(), RoomState::kJoined);
}

TEST(ChatRooms, AJoinTimeoutIsReportedAndRetried) {
  ChatHarness h;
  h.connect();
  ASSERT_TRUE(h.model->join(h.now, "lobby").ok());
  h.pump();
  h.model->on_request_failed(h.now, h.last(Operation::kJoin).id, chat::RequestFailure::kTimeout);
  h.pump();
  EXPECT_EQ(h.of(Operation::kJoin).size(), 2u);
  EXPECT_EQ(h.events_of<chat::ChatError>().size(), 1u);
  EXPECT_EQ(h.room("lobby").state(), RoomState::kJoining);
}

TEST(ChatRooms, StateChangesAreReportedOncePerCall) {
  ChatHarness h;
  h.connect();
  ASSERT_TRUE(h.model->join(h.now, "lobby").ok());
  h.pump();
  const auto changes = h.events_of<chat::RoomChanged>();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].room, "lobby");
  EXPECT_NE(changes[0].what & chat::kChangeState, 0u);
  EXPECT_NE(changes[0].what & chat::kChangeMembers, 0u) << "the user is a member at once";
}

TEST(ChatRooms, SpuriousAndLateInputsAreNoOps) {
  ChatHarness h;
  h.join_ok("lobby");
  const auto version = h.room("lobby").version();
  h.clear();
  h.model->on_response(h.now, 9999, chat::Response{});
  h.model->on_request_failed(h.now, 9999, chat::RequestFailure::kTimeout);
  h.model->handle_timeout(h.now);
  h.model->connected(h.now);  // already connected
  h.pump();
  EXPECT_TRUE(h.requests.empty());
  EXPECT_TRUE(h.events.empty());
  EXPECT_EQ(h.room("lobby").version(), version);
}

}  // namespace
}  // namespace chatwire::testing
