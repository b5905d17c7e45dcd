// What the chat model gives the API's answers: the page's visibility (a room
// is active only when the app set it active and the page is visible),
// HistoryLoaded at the end of every history request, ChatError naming the
// failed operation and request, read receipts that report how far they
// moved, and the message edits a receipt causes.
#include <gtest/gtest.h>

#include <set>

#include "chat/read_receipts.h"
#include "support/chat_harness.h"

// Its own namespace: the unity build compiles tests/chat as one translation unit.
namespace chatwire::testing::answer_support {
namespace {

using chat::Operation;

chat::MessageSignal from_bob(const std::string& id, std::int64_t seq, const std::string& room = "lobby") {
  return chat::MessageSignal{room, remote_message(room, id, "bob", "text " + id, seq * 1000, seq)};
}

std::vector<chat::Message> bob_range(const std::string& room, std::int64_t first, std::int64_t last) {
  std::vector<chat::Message> out;
  for (std::int64_t seq = first; seq <= last; ++seq) {
    out.push_back(
        remote_message(room, "m" + std::to_string(seq), "bob", "#" + std::to_string(seq), seq * 1000, seq));
  }
  return out;
}

chat::Response page(std::vector<chat::Message> messages, bool has_more) {
  chat::Response response;
  response.history = chat::HistoryPage{std::move(messages), has_more};
  return response;
}

/// The change bits reported for `room` since the last clear().
std::uint32_t reported(const ChatHarness& h, const std::string& room) {
  std::uint32_t bits = 0;
  for (const auto& changed : h.events_of<chat::RoomChanged>()) {
    if (changed.room == room) bits |= changed.what;
  }
  return bits;
}

// ---- page visibility -------------------------------------------------------------

TEST(ChatPageVisibility, AHiddenPageReadsNothingAndShowingItReadsTheActiveRooms) {
  ChatHarness h;
  h.join_ok("lobby");
  h.join_ok("side");
  ASSERT_TRUE(h.model->set_active(h.now, "lobby", true).ok());
  EXPECT_TRUE(h.room("lobby").active());

  h.model->set_page_visible(h.now, false);
  h.pump();
  EXPECT_FALSE(h.room("lobby").active()) << "shown by the app, but nobody sees the page";
  h.signal(from_bob("m1", 1));
  h.signal(from_bob("s1", 1, "side"));
  EXPECT_EQ(h.room("lobby").unread_count(), 1u);
  h.clear();

  h.now += 5000;
  h.model->set_page_visible(h.now, true);
  h.pump();
  EXPECT_TRUE(h.room("lobby").active());
  EXPECT_EQ(h.room("lobby").unread_count(), 0u) << "seen again: read";
  EXPECT_EQ(h.room("side").unread_count(), 1u) << "not shown by the app: still unread";
  EXPECT_FALSE(h.room("side").active());
  ASSERT_EQ(h.of(Operation::kMarkRead).size(), 1u);
  EXPECT_EQ(h.of(Operation::kMarkRead)[0].message_id, "m1");
  EXPECT_NE(reported(h, "lobby") & chat::kChangeUnread, 0u);
}

TEST(ChatPageVisibility, RepeatingTheSameVisibilityChangesNothing) {
  ChatHarness h;
  h.join_ok("lobby");
  ASSERT_TRUE(h.model->set_active(h.now, "lobby", true).ok());
  h.pump();
  h.clear();
  h.model->set_page_visible(h.now, true);
  h.pump();
  EXPECT_TRUE(h.events.empty());
  EXPECT_TRUE(h.requests.empty());
  h.model->set_page_visible(h.now, false);
  h.model->set_page_visible(h.now, false);
  h.pump();
  h.clear();
  h.model->set_page_visible(h.now, false);
  h.pump();
  EXPECT_TRUE(h.events.empty());
}

TEST(ChatPageVisibility, SetActiveWhileHiddenWaitsForThePage) {
  ChatHarness h;
  h.join_ok("lobby");
  h.model->set_page_visible(h.now, false);
  h.signal(from_bob("m1", 1));
  ASSERT_TRUE(h.model->set_active(h.now, "lobby", true).ok());
  EXPECT_FALSE(h.room("lobby").active());
  EXPECT_EQ(h.room("lobby").unread_count(), 1u);
  h.model->set_page_visible(h.now, true);
  EXPECT_TRUE(h.room("lobby").active());
  EXPECT_EQ(h.room("lobby").unread_count(), 0u);
}

TEST(ChatPageVisibility, HidingThePageSendsTheReceiptTheThrottleHeldBack) {
  ChatHarness h;
  h.join_ok("lobby");
  ASSERT_TRUE(h.model->set_active(h.now, "lobby", true).ok());
  h.signal(from_bob("m1", 1));
  h.now += 100;
  h.signal(from_bob("m2", 2));
  ASSERT_EQ(h.of(Operation::kMarkRead).size(), 1u) << "m2's receipt waits for the interval";
  h.model->set_page_visible(h.now, false);
  h.pump();
  ASSERT_EQ(h.of(Operation::kMarkRead).size(), 2u) << "a hidden page may never come back: sent now";
  EXPECT_EQ(h.of(Operation::kMarkRead)[1].message_id, "m2");
}

// The room change of an active flip must say kChangeState: `active` is part
// of the state a reader mirrors (CoreRoomChange.active).
TEST(ChatPageVisibility, AnActiveFlipIsReportedAsAStateChange) {
  ChatHarness h;
  h.join_ok("lobby");
  h.clear();
  ASSERT_TRUE(h.model->set_active(h.now, "lobby", true).ok());
  h.pump();
  EXPECT_NE(reported(h, "lobby") & chat::kChangeState, 0u) << "set_active(true)";
  h.clear();
  h.model->set_page_visible(h.now, false);
  h.pump();
  EXPECT_NE(reported(h, "lobby") & chat::kChangeState, 0u) << "hidden: no longer active";
  h.clear();
  h.model->set_page_visible(h.now, true);
  h.pump();
  EXPECT_NE(reported(h, "lobby") & chat::kChangeState, 0u) << "visible: active again";
}

// ---- history requests end with HistoryLoaded or a ChatError naming them ---------

TEST(ChatHistoryEnd, AnOlderPageEndsWithHistoryLoaded) {
  ChatHarness h;
  h.join_ok("lobby", bob_range("lobby", 51, 100), true);
  ASSERT_TRUE(h.model->load_older(h.now, "lobby", 20).ok());
  h.pump();
  const chat::RequestId id = h.last(Operation::kHistory).id;
  EXPECT_EQ(h.room("lobby").history_request(), std::optional<chat::RequestId>(id));
  h.answer(Operation::kHistory, page(bob_range("lobby", 31, 50), true));
  const auto loaded = h.events_of<chat::HistoryLoaded>();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].room, "lobby");
  EXPECT_EQ(loaded[0].request, id);
  EXPECT_EQ(loaded[0].added, 20u);
  EXPECT_EQ(h.room("lobby").history_request(), std::nullopt);

  ASSERT_TRUE(h.model->load_older(h.now, "lobby", 20).ok());
  h.pump();
  h.answer(Operation::kHistory, page(bob_range("lobby", 31, 50), false));
  ASSERT_EQ(h.events_of<chat::HistoryLoaded>().size(), 2u);
  EXPECT_EQ(h.events_of<chat::HistoryLoaded>()[1].added, 0u) << "a page of duplicates adds nothing";
}

TEST(ChatHistoryEnd, ARefusedOrTimedOutPageIsAChatErrorNamingTheRequest) {
  ChatHarness h;
  h.join_ok("lobby", bob_range("lobby", 51, 100), true);
  ASSERT_TRUE(h.model->load_older(h.now, "lobby").ok());
  h.pump();
  const chat::RequestId refused = h.last(Operation::kHistory).id;
  chat::Response no;
  no.ok = false;
  no.error_code = "unavailable";
  no.error_message = "later";
  h.answer(Operation::kHistory, no);
  auto errors = h.events_of<chat::ChatError>();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, chat::ChatErrorCode::kRequestFailed);
  EXPECT_EQ(errors[0].operation, std::optional<Operation>(Operation::kHistory));
  EXPECT_EQ(errors[0].request, std::optional<chat::RequestId>(refused));
  EXPECT_TRUE(h.events_of<chat::HistoryLoaded>().empty());
  EXPECT_FALSE(h.room("lobby").loading_history());

  ASSERT_TRUE(h.model->load_older(h.now, "lobby").ok());
  h.pump();
  const chat::RequestId timed_out = h.last(Operation::kHistory).id;
  h.clear();
  h.model->on_request_failed(h.now, timed_out, chat::RequestFailure::kTimeout);
  h.pump();
  errors = h.events_of<chat::ChatError>();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].request, std::optional<chat::RequestId>(timed_out));
  EXPECT_TRUE(h.events_of<chat::HistoryLoaded>().empty());
  EXPECT_NE(reported(h, "lobby") & chat::kChangeState, 0u) << "no longer loading";
}

TEST(ChatHistoryEnd, ADroppedConnectionOrALeaveEndsTheLoadWithNothingAdded) {
  ChatHarness h;
  h.join_ok("lobby", bob_range("lobby", 51, 100), true);
  ASSERT_TRUE(h.model->load_older(h.now, "lobby").ok());
  h.pump();
  chat::RequestId id = h.last(Operation::kHistory).id;
  h.clear();
  h.drop();
  auto loaded = h.events_of<chat::HistoryLoaded>();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].request, id);
  EXPECT_EQ(loaded[0].added, 0u);
  EXPECT_TRUE(h.events_of<chat::ChatError>().empty());
  h.model->on_request_failed(h.now, id, chat::RequestFailure::kConnectionLost);
  h.pump();
  EXPECT_EQ(h.events_of<chat::HistoryLoaded>().size(), 1u) << "ended once";

  ChatHarness g;
  g.join_ok("lobby", bob_range("lobby", 51, 100), true);
  ASSERT_TRUE(g.model->load_older(g.now, "lobby").ok());
  g.pump();
  id = g.last(Operation::kHistory).id;
  g.clear();
  ASSERT_TRUE(g.model->leave(g.now, "lobby").ok());
  g.pump();
  loaded = g.events_of<chat::HistoryLoaded>();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].request, id);
  EXPECT_EQ(loaded[0].added, 0u);
}

TEST(ChatErrors, AJoinRefusalNamesTheJoinAndAFailedSendTheSend) {
  ChatHarness h;
  ASSERT_TRUE(h.model->join(h.now, "vip").ok());
  h.connect();
  chat::Response no;
  no.ok = false;
  no.error_code = "forbidden";
  no.error_message = "members only";
  h.answer(Operation::kJoin, no);
  auto errors = h.events_of<chat::ChatError>();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, chat::ChatErrorCode::kJoinFailed);
  EXPECT_EQ(errors[0].operation, std::optional<Operation>(Operation::kJoin));

  h.join_ok("lobby");
  ASSERT_TRUE(h.model->send(h.now, "lobby", "x").ok());
  h.pump();
  h.answer(Operation::kSend, no);
  errors = h.events_of<chat::ChatError>();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[1].code, chat::ChatErrorCode::kSendFailed);
  EXPECT_EQ(errors[1].operation, std::optional<Operation>(Operation::kSend));
}

// ---- read receipts ----------------------------------------------------------------

TEST(ReadReceiptsMoved, ARecordSaysHowFarTheReaderMoved) {
  chat::ReadReceipts receipts(2);
  const chat::OrderKey k5{5, 1};
  const chat::OrderKey k8{8, 1};
  auto moved = receipts.record("bob", k5);
  ASSERT_TRUE(moved.has_value());
  EXPECT_EQ(moved->from, std::nullopt) << "a new reader read everything up to k5";
  EXPECT_EQ(moved->to, k5);
  moved = receipts.record("bob", k8);
  ASSERT_TRUE(moved.has_value());
  EXPECT_EQ(moved->from, std::optional<chat::OrderKey>(k5));
  EXPECT_EQ(moved->to, k8);
  EXPECT_FALSE(receipts.record("bob", k5).has_value()) << "never backwards";
  EXPECT_FALSE(receipts.record("bob", k8).has_value()) << "no move";
  EXPECT_TRUE(receipts.record("eve", k5).has_value());
  EXPECT_FALSE(receipts.record("zed", k5).has_value()) << "beyond max_readers: ignored";
}

TEST(ReadReceiptsMoved, AReceiptEditsTheMessagesItNewlyMarks) {
  ChatHarness h;
  h.join_ok("lobby");
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(h.model->send(h.now, "lobby", "mine " + std::to_string(i)).ok());
    h.pump();
    chat::Response ack;
    chat::Message stored;
    stored.id = "own" + std::to_string(i);
    stored.seq = i + 1;
    stored.created_at_ms = 1000 * (i + 1);
    ack.message = stored;
    h.answer(Operation::kSend, ack);
  }
  (void)h.model->take_message_changes("lobby");
  h.signal(chat::ReceiptSignal{"lobby", chat::User{"bob", "bob"}, "", 2});
  chat::ListChanges changes = h.model->take_message_changes("lobby");
  EXPECT_EQ(changes.upserts, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(h.room("lobby").read_by(1), std::vector<std::string>{"bob"});

  h.signal(chat::ReceiptSignal{"lobby", chat::User{"bob", "bob"}, "", 3});
  changes = h.model->take_message_changes("lobby");
  EXPECT_EQ(changes.upserts, (std::vector<std::size_t>{2})) << "only the one newly read";
  h.signal(chat::ReceiptSignal{"lobby", chat::User{"bob", "bob"}, "", 3});
  EXPECT_TRUE(h.model->take_message_changes("lobby").empty()) << "a repeated receipt edits nothing";
  EXPECT_TRUE(h.model->take_message_changes("nowhere").empty());
}

}  // namespace
}  // namespace chatwire::testing::answer_support
