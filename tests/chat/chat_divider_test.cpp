// The "new messages" divider: the room names the first message that was
// unread when the user opened it, and keeps naming it while they read.
#include <gtest/gtest.h>

#include "support/chat_harness.h"

namespace chatwire::testing {
namespace {

using chat::Operation;

/// Message "m<n>" arrives live.
void arrive(ChatHarness& h, const std::string& room, int n) {
  h.signal(chat::MessageSignal{room, numbered_messages(room, n, n).front()});
}

TEST(ChatDivider, OpeningARoomNamesItsFirstUnreadMessageWhichStaysWhileTheUserReads) {
  ChatHarness h;
  h.join_ok("lobby", numbered_messages("lobby", 1, 2));  // the first history counts as read
  arrive(h, "lobby", 3);
  arrive(h, "lobby", 4);
  EXPECT_EQ(h.room("lobby").first_unread_id(), "") << "not placed before the room is opened";

  ASSERT_TRUE(h.model->set_active(h.now, "lobby", true).ok());
  h.pump();
  EXPECT_EQ(h.room("lobby").first_unread_id(), "m3");
  EXPECT_EQ(h.room("lobby").unread_count(), 0u) << "opened: read";

  arrive(h, "lobby", 5);
  EXPECT_EQ(h.room("lobby").first_unread_id(), "m3") << "the divider does not move while the user reads";
}

TEST(ChatDivider, OpeningARoomWithNothingUnreadPlacesNoDividerAndReopeningMovesIt) {
  ChatHarness h;
  h.join_ok("lobby", numbered_messages("lobby", 1, 2));
  ASSERT_TRUE(h.model->set_active(h.now, "lobby", true).ok());
  h.pump();
  EXPECT_EQ(h.room("lobby").first_unread_id(), "");

  ASSERT_TRUE(h.model->set_active(h.now, "lobby", false).ok());
  arrive(h, "lobby", 3);
  arrive(h, "lobby", 4);
  ASSERT_TRUE(h.model->set_active(h.now, "lobby", true).ok());
  h.pump();
  EXPECT_EQ(h.room("lobby").first_unread_id(), "m3");

  ASSERT_TRUE(h.model->set_active(h.now, "lobby", false).ok());
  ASSERT_TRUE(h.model->set_active(h.now, "lobby", true).ok());
  h.pump();
  EXPECT_EQ(h.room("lobby").first_unread_id(), "") << "everything was read last time";
}

TEST(ChatDivider, ComingBackToAHiddenPagePlacesItAtWhatArrivedMeanwhile) {
  ChatHarness h;
  h.join_ok("lobby", numbered_messages("lobby", 1, 1));
  ASSERT_TRUE(h.model->set_active(h.now, "lobby", true).ok());
  h.model->set_page_visible(h.now, false);
  arrive(h, "lobby", 2);
  arrive(h, "lobby", 3);
  EXPECT_EQ(h.room("lobby").unread_count(), 2u) << "a hidden page reads nothing";
  h.model->set_page_visible(h.now, true);
  h.pump();
  EXPECT_EQ(h.room("lobby").first_unread_id(), "m2");
  EXPECT_EQ(h.room("lobby").unread_count(), 0u);
}

TEST(ChatDivider, ARoomOpenBeforeItsHistoryGetsTheDividerWhereTheServerSaysReadingStopped) {
  ChatHarness h;
  h.connect();
  ASSERT_TRUE(h.model->join(h.now, "lobby").ok());
  ASSERT_TRUE(h.model->set_active(h.now, "lobby", true).ok());
  h.pump();
  chat::Response joined;
  joined.read_seq = 2;
  joined.history = chat::HistoryPage{numbered_messages("lobby", 1, 4), false};
  h.answer(Operation::kJoin, std::move(joined));
  EXPECT_EQ(h.room("lobby").first_unread_id(), "m3");
  EXPECT_EQ(h.room("lobby").unread_count(), 0u) << "open and visible: read at once";
}

}  // namespace
}  // namespace chatwire::testing
