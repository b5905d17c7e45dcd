// Unread counts derived from the read cursor and the store, read receipts
// both ways, and the active room.
#include <gtest/gtest.h>

#include "support/chat_harness.h"

namespace chatwire::testing {
namespace {

using chat::Operation;

chat::MessageSignal from(const std::string& author, const std::string& id, std::int64_t seq,
                         const std::string& room = "lobby") {
  return chat::MessageSignal{room, remote_message(room, id, author, "text " + id, seq * 1000, seq)};
}

TEST(ChatUnread, MessagesFromOthersAfterTheCursorAreUnread) {
  ChatHarness h;
  h.join_ok("lobby");
  h.signal(from("bob", "m1", 1));
  h.signal(from("eve", "m2", 2));
  EXPECT_EQ(h.room("lobby").unread_count(), 2u);
  EXPECT_EQ(h.model->unread_total(), 2u);
}

TEST(ChatUnread, ArrivalEventsCanBeTurnedOffAndTheMessagesStillCount) {
  ChatHarness h;
  h.join_ok("lobby");
  h.model->set_arrival_events(false);
  h.signal(from("bob", "m1", 1));
  EXPECT_TRUE(h.events_of<chat::MessageArrived>().empty()) << "nobody listens: no copy, no event";
  EXPECT_EQ(h.room("lobby").unread_count(), 1u);

  h.model->set_arrival_events(true);
  h.signal(from("bob", "m2", 2));
  const auto arrived = h.events_of<chat::MessageArrived>();
  ASSERT_EQ(arrived.size(), 1u);
  EXPECT_EQ(arrived[0].message.id, "m2");
  EXPECT_EQ(h.room("lobby").unread_count(), 2u);
}

TEST(ChatUnread, TheUsersOwnMessagesAreNeverUnread) {
  ChatHarness h;
  h.join_ok("lobby");
  h.signal(from("u1", "m1", 1));  // written in another tab
  ASSERT_TRUE(h.model->send(h.now, "lobby", "from here").ok());
  EXPECT_EQ(h.room("lobby").unread_count(), 0u);
}

TEST(ChatUnread, DuplicateDeliveriesDoNotCountTwice) {
  ChatHarness h;
  h.join_ok("lobby");
  for (int i = 0; i < 3; ++i) h.signal(from("bob", "m1", 1));
  EXPECT_EQ(h.room("lobby").unread_count(), 1u);
}

TEST(ChatUnread, MarkReadClearsTheRoomAndSendsOneReceiptForTheNewest) {
  ChatHarness h;
  h.join_ok("lobby");
  h.signal(from("bob", "m1", 1));
  h.signal(from("bob", "m2", 2));
  ASSERT_TRUE(h.model->mark_read(h.now, "lobby").ok());
  h.pump();
  EXPECT_EQ(h.room("lobby").unread_count(), 0u);
  const auto receipts = h.of(Operation::kMarkRead);
  ASSERT_EQ(receipts.size(), 1u);
  EXPECT_EQ(receipts[0].message_id, "m2");
  EXPECT_EQ(receipts[0].seq, std::optional<std::int64_t>(2));
  // Nothing new: no second receipt.
  ASSERT_TRUE(h.model->mark_read(h.now + 5000, "lobby").ok());
  h.pump();
  EXPECT_EQ(h.of(Operation::kMarkRead).size(), 1u);
}

TEST(ChatUnread, PerMessageBackendsGetAReceiptForEachMessageRead) {
  auto caps = native_caps();
  caps.read_receipt_per_message = true;
  ChatHarness h(caps);
  h.join_ok("lobby");
  h.signal(from("bob", "m1", 1));
  h.signal(from("u1", "m2", 2));  // own: not receipted
  h.signal(from("bob", "m3", 3));
  ASSERT_TRUE(h.model->mark_read(h.now, "lobby").ok());
  h.pump();
  const auto receipts = h.of(Operation::kMarkRead);
  ASSERT_EQ(receipts.size(), 2u);
  EXPECT_EQ(receipts[0].message_id, "m1");
  EXPECT_EQ(receipts[1].message_id, "m3");
}

TEST(ChatUnread, TheServersReadCursorSetsTheCountOnJoin) {
  ChatHarness h;
  ASSERT_TRUE(h.model->join(h.now, "lobby").ok());
  h.connect();
  chat::Response response;
  response.read_seq = 2;
  response.history = chat::HistoryPage{{remote_message("lobby", "m1", "bob", "a", 1000, 1),
                                        remote_message("lobby", "m2", "bob", "b", 2000, 2),
                                        remote_message("lobby", "m3", "bob", "c", 3000, 3),
                                        remote_message("lobby", "m4", "bob", "d", 4000, 4)},
                                       false};
  h.answer(Operation::kJoin, response);
  EXPECT_EQ(h.room("lobby").unread_count(), 2u);
}

TEST(ChatUnread, WithoutAServerCursorTheFirstHistoryCountsAsRead) {
  ChatHarness h(echo_caps());
  h.connect();
  ASSERT_TRUE(h.model->join(h.now, "7").ok());
  h.pump();
  h.signal(chat::HistorySignal{std::nullopt,
                               {{remote_message("", "1", "bob", "old", 1000), remote_message("", "2", "bob", "older", 2000)},
                                std::nullopt},
                               true});
  EXPECT_EQ(h.room("7").unread_count(), 0u);
  h.signal(chat::MessageSignal{"7", remote_message("7", "3", "bob", "new", 3000)});
  EXPECT_EQ(h.room("7").unread_count(), 1u);
}

TEST(ChatUnread, CountsAreExactAfterAReconnectWithOverlappingHistory) {
  ChatHarness h(echo_caps());
  h.connect();
  ASSERT_TRUE(h.model->join(h.now, "7").ok());
  h.pump();
  h.signal(chat::HistorySignal{std::nullopt, {{remote_message("", "1", "bob", "seen", 1000)}, std::nullopt}, true});
  h.signal(chat::MessageSignal{"7", remote_message("7", "2", "bob", "unread before drop", 2000)});
  ASSERT_EQ(h.room("7").unread_count(), 1u);

  h.drop();
  h.connect();
  // The server sends its last messages again: 1 and 2 overlap, 3 and 4 were missed.
  h.signal(chat::HistorySignal{std::nullopt,
                               {{remote_message("", "1", "bob", "seen", 1000),
                                 remote_message("", "2", "bob", "unread before drop", 2000),
                                 remote_message("", "3", "eve", "missed", 3000),
                                 remote_message("", "4", "u1", "mine, from another tab", 4000)},
                                std::nullopt},
                               true});
  EXPECT_EQ(h.room("7").unread_count(), 2u) << "2 and 3; 1 was read, 4 is the user's";
  EXPECT_TRUE(h.events_of<chat::Discontinuity>().empty()) << "the history overlapped: nothing was skipped";
  EXPECT_EQ(h.texts("7").size(), 4u);
}

TEST(ChatUnread, AnActiveRoomIsReadAsMessagesArriveWithThrottledReceipts) {
  ChatHarness h;
  h.join_ok("lobby");
  ASSERT_TRUE(h.model->set_active(h.now, "lobby", true).ok());
  h.clear();
  for (int seq = 1; seq <= 5; ++seq) {
    h.now += 100;
    h.signal(from("bob", "m" + std::to_string(seq), seq));
    EXPECT_EQ(h.room("lobby").unread_count(), 0u);
  }
  EXPECT_EQ(h.of(Operation::kMarkRead).size(), 1u) << "the first receipt goes at once";
  h.advance_by(1000);
  const auto receipts = h.of(Operation::kMarkRead);
  ASSERT_EQ(receipts.size(), 2u) << "the burst is covered by one more";
  EXPECT_EQ(receipts[1].message_id, "m5");
}

TEST(ChatUnread, LookingAwaySendsTheReceiptTheThrottleHeldBack) {
  ChatHarness h;
  h.join_ok("lobby");
  ASSERT_TRUE(h.model->set_active(h.now, "lobby", true).ok());
  h.signal(from("bob", "m1", 1));
  h.now += 100;
  h.signal(from("bob", "m2", 2));
  ASSERT_EQ(h.of(Operation::kMarkRead).size(), 1u) << "m2's receipt waits for the interval";
  ASSERT_TRUE(h.model->set_active(h.now, "lobby", false).ok());
  h.pump();
  const auto receipts = h.of(Operation::kMarkRead);
  ASSERT_EQ(receipts.size(), 2u) << "sent when the user looks away, not a second later";
  EXPECT_EQ(receipts[1].message_id, "m2");
  h.advance_by(1000);
  EXPECT_EQ(h.of(Operation::kMarkRead).size(), 2u) << "and not again when the interval ends";
}

TEST(ChatUnread, AnInactiveRoomCounts) {
  ChatHarness h;
  h.join_ok("lobby");
  ASSERT_TRUE(h.model->set_active(h.now, "lobby", true).ok());
  ASSERT_TRUE(h.model->set_active(h.now, "lobby", false).ok());
  h.signal(from("bob", "m1", 1));
  EXPECT_EQ(h.room("lobby").unread_count(), 1u);
}

TEST(ChatUnread, OthersReceiptsShowAsReadBy) {
  ChatHarness h;
  h.join_ok("lobby");
  ASSERT_TRUE(h.model->send(h.now, "lobby", "did you see this?").ok());
  h.pump();
  chat::Message mine = remote_message("lobby", "m1", "u1", "did you see this?", 1000, 1);
  mine.client_id = h.last(Operation::kSend).client_id;
  chat::Response ack;
  ack.message = mine;
  h.answer(Operation::kSend, ack);
  h.signal(from("bob", "m2", 2));
  h.signal(chat::ReceiptSignal{"lobby", chat::User{"eve", "Eve"}, "", 1});
  h.signal(chat::ReceiptSignal{"lobby", chat::User{"bob", "Bob"}, "", 2});
  EXPECT_EQ(h.room("lobby").read_by(0), (std::vector<std::string>{"eve", "bob"}));
  EXPECT_EQ(h.room("lobby").read_by(1), std::vector<std::string>{}) << "bob wrote m2; eve read only up to m1";
  h.signal(chat::ReceiptSignal{"lobby", chat::User{"eve", "Eve"}, "", 1});  // behind: ignored
  EXPECT_EQ(h.room("lobby").read_by(0).size(), 2u);
}

TEST(ChatUnread, UnnamedReceiptsFindTheirRoomByMessageId) {
  auto caps = echo_caps();
  caps.join_confirmation = chat::Confirmation::kNone;
  ChatHarness h(caps);
  h.connect();
  ASSERT_TRUE(h.model->join(h.now, "conv-a").ok());
  ASSERT_TRUE(h.model->join(h.now, "conv-b").ok());
  h.signal(chat::MessageSignal{"conv-a", remote_message("conv-a", "x1", "u1", "mine", 1000)});
  h.signal(chat::ReceiptSignal{std::nullopt, std::nullopt, "x1", std::nullopt});
  EXPECT_EQ(h.room("conv-a").read_by(0), std::vector<std::string>{chat::kUnnamedReader});
}

TEST(ChatUnread, TheUsersReceiptFromAnotherTabMovesTheirCursor) {
  ChatHarness h;
  h.join_ok("lobby");
  h.signal(from("bob", "m1", 1));
  h.signal(from("bob", "m2", 2));
  h.signal(chat::ReceiptSignal{"lobby", chat::User{"u1", "Ada"}, "", 1});
  EXPECT_EQ(h.room("lobby").unread_count(), 1u);
}

TEST(ChatUnread, EvictedUnreadMessagesStillCount) {
  auto config = chat_config(native_caps());
  config.max_messages_per_room = 10;
  ChatHarness h(config);
  h.join_ok("lobby");
  for (int seq = 1; seq <= 25; ++seq) h.signal(from("bob", "m" + std::to_string(seq), seq));
  EXPECT_EQ(h.room("lobby").messages().size(), 10u);
  EXPECT_EQ(h.room("lobby").unread_count(), 25u);
  EXPECT_EQ(h.model->unread_total(), 25u);
}

TEST(ChatUnread, ReceiptsWaitForTheRejoinWhenOffline) {
  ChatHarness h;
  h.join_ok("lobby");
  h.signal(from("bob", "m1", 1));
  h.drop();
  ASSERT_TRUE(h.model->mark_read(h.now, "lobby").ok());
  h.pump();
  EXPECT_EQ(h.room("lobby").unread_count(), 0u);
  EXPECT_TRUE(h.of(Operation::kMarkRead).empty());
  h.connect();
  h.answer(Operation::kJoin, chat::Response{});
  ASSERT_EQ(h.of(Operation::kMarkRead).size(), 1u);
  EXPECT_EQ(h.last(Operation::kMarkRead).message_id, "m1");
}

}  // namespace
}  // namespace chatwire::testing
