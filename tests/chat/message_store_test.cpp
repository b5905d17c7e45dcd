// MessageStore: order, dedupe, optimistic sends, bounds, read cursor, unread.
#include "chat/message_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "util/seeded_random.h"

namespace chatwire::chat {
namespace {

const User kMe{"u-me", "me"};
const User kBob{"u-bob", "bob"};

StoreConfig seq_config(std::size_t max_messages = 500, std::size_t max_loaded_history = 5000) {
  StoreConfig config;
  config.max_messages = max_messages;
  config.max_loaded_history = max_loaded_history;
  config.order_by_seq = true;
  config.is_own = [](const User& user) { return user.id == kMe.id; };
  return config;
}

StoreConfig time_config(std::size_t max_messages = 500) {
  StoreConfig config = seq_config(max_messages);
  config.order_by_seq = false;
  return config;
}

/// A server message with id "m<seq>"; created_at tracks seq unless given.
Message seq_msg(std::int64_t seq, const User& author = kBob) {
  Message m;
  m.id = "m" + std::to_string(seq);
  m.room = "r";
  m.author = author;
  m.text = "text " + std::to_string(seq);
  m.created_at_ms = 1000 * seq;
  m.seq = seq;
  return m;
}

Message time_msg(const std::string& id, std::int64_t created_at_ms, const User& author = kBob) {
  Message m;
  m.id = id;
  m.room = "r";
  m.author = author;
  m.text = "text " + id;
  m.created_at_ms = created_at_ms;
  return m;
}

Message pending_msg(const std::string& client_id, std::int64_t local_ms = 0) {
  Message m;
  m.client_id = client_id;
  m.room = "r";
  m.author = kMe;
  m.text = "mine " + client_id;
  m.created_at_ms = local_ms;
  m.status = MessageStatus::kPending;
  return m;
}

std::vector<std::string> ids(const MessageStore& store) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < store.size(); ++i) {
    const Message& m = store.at(i);
    out.push_back(m.id.empty() ? "(" + m.client_id + ")" : m.id);
  }
  return out;
}

std::vector<Message> seq_page(std::int64_t first, std::int64_t last) {
  std::vector<Message> page;
  for (std::int64_t seq = first; seq <= last; ++seq) page.push_back(seq_msg(seq));
  return page;
}

// ---- ordering -----------------------------------------------------------------

TEST(MessageStoreOrderTest, TimeStorePlacesLateMessageInPlace) {
  MessageStore store(time_config());
  EXPECT_EQ(store.add(time_msg("a", 100)), AddResult::kAdded);
  EXPECT_EQ(store.add(time_msg("c", 300)), AddResult::kAdded);
  EXPECT_EQ(store.add(time_msg("b", 200)), AddResult::kAdded);
  EXPECT_EQ(ids(store), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(store.key_at(1).primary, 200);
  EXPECT_EQ(store.oldest_confirmed()->id, "a");
  EXPECT_EQ(store.newest_confirmed()->id, "c");
}

TEST(MessageStoreOrderTest, EqualPrimariesKeepArrivalOrder) {
  MessageStore store(time_config());
  ASSERT_EQ(store.add(time_msg("x", 500)), AddResult::kAdded);
  ASSERT_EQ(store.add(time_msg("y", 500)), AddResult::kAdded);
  ASSERT_EQ(store.add(time_msg("early", 400)), AddResult::kAdded);
  ASSERT_EQ(store.add(time_msg("z", 500)), AddResult::kAdded);
  EXPECT_EQ(ids(store), (std::vector<std::string>{"early", "x", "y", "z"}));
  EXPECT_LT(store.key_at(1), store.key_at(2));
  EXPECT_LT(store.key_at(2), store.key_at(3));
}

TEST(MessageStoreOrderTest, SeqStoreOrdersBySeqNotTimeAndRefusesMessagesWithoutSeq) {
  MessageStore store(seq_config());
  Message late_clock = seq_msg(2);
  late_clock.created_at_ms = 999'999;  // the server's clock says nothing about order here
  ASSERT_EQ(store.add(seq_msg(3)), AddResult::kAdded);
  ASSERT_EQ(store.add(late_clock), AddResult::kAdded);
  ASSERT_EQ(store.add(seq_msg(1)), AddResult::kAdded);
  EXPECT_EQ(ids(store), (std::vector<std::string>{"m1", "m2", "m3"}));
  Message no_seq = seq_msg(4);
  no_seq.seq.reset();
  EXPECT_EQ(store.add(no_seq), AddResult::kInvalid);
  EXPECT_EQ(store.size(), 3u);
  EXPECT_EQ(store.newest_seq(), 3);
  EXPECT_EQ(store.oldest_seq(), 1);
}

TEST(MessageStoreOrderTest, PendingMessagesSortLastInSendOrder) {
  MessageStore store(seq_config());
  ASSERT_EQ(store.add(seq_msg(1)), AddResult::kAdded);
  ASSERT_TRUE(store.add_pending(pending_msg("c1")));
  ASSERT_TRUE(store.add_pending(pending_msg("c2")));
  ASSERT_EQ(store.add(seq_msg(2)), AddResult::kAdded);  // arrives after the sends, still before them
  EXPECT_EQ(ids(store), (std::vector<std::string>{"m1", "m2", "(c1)", "(c2)"}));
  EXPECT_EQ(store.confirmed_size(), 2u);
  EXPECT_EQ(store.unconfirmed_size(), 2u);
  EXPECT_EQ(store.key_at(2).primary, std::numeric_limits<std::int64_t>::max());
  EXPECT_LT(store.key_at(2), store.key_at(3));
  EXPECT_EQ(store.newest_confirmed()->id, "m2");
  EXPECT_EQ(store.at(2).status, MessageStatus::kPending);
}

TEST(MessageStoreOrderTest, OutOfRangeIndexGivesAnEmptyMessage) {
  MessageStore store(seq_config());
  ASSERT_EQ(store.add(seq_msg(1)), AddResult::kAdded);
  EXPECT_EQ(store.at(1), Message{});
  EXPECT_EQ(store.at(static_cast<std::size_t>(-1)), Message{});
  EXPECT_EQ(store.key_at(7), OrderKey{});
}

// ---- deduplication --------------------------------------------------------------

TEST(MessageStoreDedupeTest, SameIdIsStoredOnceAndKeepsTheFirstCopy) {
  MessageStore store(seq_config());
  ASSERT_EQ(store.add(seq_msg(1)), AddResult::kAdded);
  Message again = seq_msg(1);
  again.text = "edited?";
  EXPECT_EQ(store.add(again), AddResult::kDuplicate);
  EXPECT_EQ(store.size(), 1u);
  EXPECT_EQ(store.find_by_id("m1")->text, "text 1");
}

TEST(MessageStoreDedupeTest, MessagesWithoutIdAreAcceptedEachTimeUnlessTheirClientIdIsConfirmed) {
  MessageStore store(time_config());
  EXPECT_EQ(store.add(time_msg("", 100)), AddResult::kAdded);
  EXPECT_EQ(store.add(time_msg("", 100)), AddResult::kAdded) << "nothing to tell them apart by";
  EXPECT_EQ(store.size(), 2u);
  EXPECT_EQ(store.find_by_id(""), nullptr);

  ASSERT_TRUE(store.add_pending(pending_msg("c1", 150)));
  ASSERT_NE(store.confirm("c1", time_msg("", 200, kMe)), nullptr);
  Message echo = time_msg("", 200, kMe);
  echo.client_id = "c1";
  EXPECT_EQ(store.add(echo), AddResult::kDuplicate) << "an echo of a message already confirmed";
  EXPECT_EQ(store.size(), 3u);
}

// ---- optimistic sends -------------------------------------------------------------

TEST(MessageStoreSendTest, ConfirmMovesThePendingMessageIntoItsPlace) {
  MessageStore store(seq_config());
  ASSERT_TRUE(store.add_pending(pending_msg("c1", 42)));
  ASSERT_TRUE(store.add_pending(pending_msg("c2", 43)));
  ASSERT_EQ(store.add(seq_msg(1)), AddResult::kAdded);
  ASSERT_EQ(store.add(seq_msg(3)), AddResult::kAdded);

  Message server = seq_msg(2, kMe);
  server.id = "s2";
  server.text = "ignored: the text is ours";
  const Message* confirmed = store.confirm("c1", server);
  ASSERT_NE(confirmed, nullptr);
  EXPECT_EQ(confirmed->id, "s2");
  EXPECT_EQ(confirmed->seq, 2);
  EXPECT_EQ(confirmed->created_at_ms, 2000);
  EXPECT_EQ(confirmed->client_id, "c1");
  EXPECT_EQ(confirmed->text, "mine c1");
  EXPECT_EQ(confirmed->status, MessageStatus::kSent);
  EXPECT_EQ(ids(store), (std::vector<std::string>{"m1", "s2", "m3", "(c2)"}));
  EXPECT_EQ(store.find_by_client_id("c1"), store.find_by_id("s2"));
  EXPECT_EQ(store.unread_count(), 2u) << "own messages are never unread";
}

TEST(MessageStoreSendTest, EchoBeforeAckLeavesOneCopyCarryingTheClientId) {
  MessageStore store(seq_config());
  ASSERT_TRUE(store.add_pending(pending_msg("c1")));
  Message echo = seq_msg(5, kMe);
  echo.client_id = "c1";
  EXPECT_EQ(store.add(echo), AddResult::kAdded) << "not merged by add()";
  EXPECT_EQ(store.size(), 2u);
  EXPECT_EQ(store.find_by_client_id("c1")->status, MessageStatus::kPending);

  const Message* kept = store.confirm("c1", seq_msg(5, kMe));
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(store.size(), 1u);
  EXPECT_EQ(store.unconfirmed_size(), 0u);
  EXPECT_EQ(kept, store.find_by_id("m5"));
  EXPECT_EQ(kept->client_id, "c1");
  EXPECT_EQ(store.find_by_client_id("c1"), kept);
  EXPECT_EQ(store.add(echo), AddResult::kDuplicate);
  EXPECT_EQ(store.unread_count(), 0u);
}

TEST(MessageStoreSendTest, EchoWithoutClientIdByAnUnrecognisedAuthorStopsCountingOnceConfirmed) {
  StoreConfig config = seq_config();
  config.is_own = nullptr;  // identity unknown: only messages sent here are own
  MessageStore store(config);
  ASSERT_TRUE(store.add_pending(pending_msg("c1")));
  ASSERT_EQ(store.add(seq_msg(7, kMe)), AddResult::kAdded);
  EXPECT_EQ(store.unread_count(), 1u);
  ASSERT_NE(store.confirm("c1", seq_msg(7)), nullptr);
  EXPECT_EQ(store.size(), 1u);
  EXPECT_EQ(store.unread_count(), 0u);
}

TEST(MessageStoreSendTest, ConfirmIsIdempotentAndUnknownClientIdsGiveNull) {
  MessageStore store(seq_config());
  ASSERT_TRUE(store.add_pending(pending_msg("c1")));
  const Message* first = store.confirm("c1", seq_msg(1, kMe));
  ASSERT_NE(first, nullptr);
  const Message* second = store.confirm("c1", seq_msg(9, kMe));
  EXPECT_EQ(second, first);
  EXPECT_EQ(second->seq, 1) << "a second confirmation changes nothing";
  EXPECT_EQ(store.size(), 1u);
  EXPECT_EQ(store.confirm("nope", seq_msg(2, kMe)), nullptr);
}

TEST(MessageStoreSendTest, ConfirmWithoutAPositionPlacesTheMessageNewest) {
  MessageStore store(seq_config());
  ASSERT_EQ(store.add(seq_msg(10)), AddResult::kAdded);
  ASSERT_TRUE(store.add_pending(pending_msg("c1")));
  Message ack;
  ack.id = "s-ack";  // the ack carries only the id
  const Message* confirmed = store.confirm("c1", ack);
  ASSERT_NE(confirmed, nullptr);
  EXPECT_EQ(confirmed->author, kMe) << "no author in the ack: ours is kept";
  EXPECT_FALSE(confirmed->seq.has_value());
  EXPECT_EQ(ids(store), (std::vector<std::string>{"m10", "s-ack"}));
  EXPECT_EQ(store.newest_seq(), 10) << "the newest message with a seq";
  ASSERT_EQ(store.add(seq_msg(11)), AddResult::kAdded);
  EXPECT_EQ(ids(store), (std::vector<std::string>{"m10", "s-ack", "m11"}));
}

TEST(MessageStoreSendTest, SetStatusAndRemoveApplyToUnconfirmedMessagesOnly) {
  MessageStore store(seq_config());
  ASSERT_TRUE(store.add_pending(pending_msg("c1")));
  ASSERT_TRUE(store.add_pending(pending_msg("c2")));
  EXPECT_TRUE(store.set_status("c1", MessageStatus::kFailed, "timeout"));
  EXPECT_EQ(store.find_by_client_id("c1")->status, MessageStatus::kFailed);
  EXPECT_EQ(store.find_by_client_id("c1")->failure, "timeout");
  EXPECT_EQ(ids(store), (std::vector<std::string>{"(c1)", "(c2)"})) << "a failure keeps its place";
  EXPECT_TRUE(store.set_status("c1", MessageStatus::kPending, "ignored"));
  EXPECT_EQ(store.find_by_client_id("c1")->failure, "");
  EXPECT_FALSE(store.set_status("c1", MessageStatus::kSent)) << "confirm() does that";
  EXPECT_FALSE(store.set_status("nope", MessageStatus::kFailed));

  EXPECT_TRUE(store.remove("c1"));
  EXPECT_FALSE(store.remove("c1"));
  EXPECT_EQ(store.find_by_client_id("c1"), nullptr);
  EXPECT_TRUE(store.add_pending(pending_msg("c1"))) << "a cancelled client id is free again";

  ASSERT_NE(store.confirm("c2", seq_msg(1, kMe)), nullptr);
  EXPECT_FALSE(store.set_status("c2", MessageStatus::kFailed));
  EXPECT_FALSE(store.remove("c2"));
  EXPECT_EQ(store.size(), 2u);
}

TEST(MessageStoreSendTest, AddPendingRefusesBadOrDuplicateMessagesAndRespectsItsBound) {
  StoreConfig config = seq_config();
  config.max_unconfirmed = 2;
  MessageStore store(config);
  EXPECT_FALSE(store.add_pending(pending_msg("")));
  Message with_id = pending_msg("c0");
  with_id.id = "already";
  EXPECT_FALSE(store.add_pending(with_id));
  Message sent = pending_msg("c1");
  sent.status = MessageStatus::kSent;
  EXPECT_TRUE(store.add_pending(sent));
  EXPECT_EQ(store.find_by_client_id("c1")->status, MessageStatus::kPending);
  EXPECT_FALSE(store.add_pending(pending_msg("c1")));
  EXPECT_TRUE(store.add_pending(pending_msg("c2")));
  EXPECT_FALSE(store.add_pending(pending_msg("c3"))) << "max_unconfirmed reached";
  EXPECT_EQ(store.size(), 2u);
}

// ---- bounds -----------------------------------------------------------------------

TEST(MessageStoreBoundsTest, EvictsOldestAtCapAndReportsOlderMessages) {
  MessageStore store(seq_config(3));
  for (std::int64_t seq = 1; seq <= 3; ++seq) ASSERT_EQ(store.add(seq_msg(seq)), AddResult::kAdded);
  EXPECT_FALSE(store.has_more_older());
  ASSERT_EQ(store.add(seq_msg(4)), AddResult::kAdded);
  EXPECT_EQ(ids(store), (std::vector<std::string>{"m2", "m3", "m4"}));
  EXPECT_TRUE(store.has_more_older());
  EXPECT_EQ(store.find_by_id("m1"), nullptr);
  EXPECT_EQ(store.add(seq_msg(1)), AddResult::kOutOfWindow) << "older than all kept, store full";
  EXPECT_EQ(store.size(), 3u);
}

TEST(MessageStoreBoundsTest, UnconfirmedMessagesAreNeverEvicted) {
  MessageStore store(seq_config(2));
  for (const char* id : {"c1", "c2", "c3"}) ASSERT_TRUE(store.add_pending(pending_msg(id)));
  for (std::int64_t seq = 1; seq <= 5; ++seq) ASSERT_EQ(store.add(seq_msg(seq)), AddResult::kAdded);
  EXPECT_EQ(ids(store), (std::vector<std::string>{"m4", "m5", "(c1)", "(c2)", "(c3)"}));
}

TEST(MessageStoreBoundsTest, HundredThousandLiveAddsKeepTheNewest500) {
  MessageStore store(seq_config());
  for (std::int64_t seq = 1; seq <= 100'000; ++seq) {
    ASSERT_EQ(store.add(seq_msg(seq)), AddResult::kAdded) << seq;
  }
  EXPECT_EQ(store.size(), 500u);
  EXPECT_EQ(store.oldest_seq(), 99'501);
  EXPECT_EQ(store.newest_seq(), 100'000);
  EXPECT_EQ(store.at(0).id, "m99501");
  EXPECT_EQ(store.find_by_id("m99500"), nullptr) << "the id index forgets evicted messages";
  EXPECT_EQ(store.add(seq_msg(99'999)), AddResult::kDuplicate);
  EXPECT_EQ(store.unread_count(), 100'000u) << "never read: 500 kept + 99,500 evicted";
  EXPECT_EQ(store.evicted_unread(), 99'500u);
}

TEST(MessageStoreBoundsTest, OlderPageGoesInPlaceAndExtendsTheWindow) {
  MessageStore store(seq_config(5));
  for (std::int64_t seq = 6; seq <= 15; ++seq) ASSERT_EQ(store.add(seq_msg(seq)), AddResult::kAdded);
  ASSERT_EQ(store.oldest_seq(), 11);
  const auto result = store.add_page(seq_page(6, 10), MessageStore::PageKind::kOlder, true);
  EXPECT_EQ(result.added, 5u);
  EXPECT_EQ(result.duplicates, 0u);
  EXPECT_EQ(store.size(), 10u) << "the page's messages are not evicted by the page";
  EXPECT_EQ(store.window(), 10u);
  EXPECT_EQ(store.oldest_seq(), 6);
  EXPECT_TRUE(store.has_more_older());

  ASSERT_EQ(store.add(seq_msg(16)), AddResult::kAdded);
  EXPECT_EQ(store.size(), 10u) << "live traffic keeps the extended window";
  EXPECT_EQ(store.oldest_seq(), 7);
  EXPECT_EQ(store.newest_seq(), 16);
}

TEST(MessageStoreBoundsTest, OlderPageInterleavesWithStoredMessages) {
  MessageStore store(time_config());
  ASSERT_EQ(store.add(time_msg("b", 200)), AddResult::kAdded);
  ASSERT_EQ(store.add(time_msg("d", 400)), AddResult::kAdded);
  const auto result = store.add_page({time_msg("a", 100), time_msg("b", 200), time_msg("c", 300)},
                                     MessageStore::PageKind::kOlder, false);
  EXPECT_EQ(result.added, 2u);
  EXPECT_EQ(result.duplicates, 1u);
  EXPECT_EQ(ids(store), (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_FALSE(store.has_more_older());
}

TEST(MessageStoreBoundsTest, OlderPageTiesGoBeforeStoredMessagesInPageOrder) {
  MessageStore store(time_config());
  ASSERT_EQ(store.add(time_msg("live", 100)), AddResult::kAdded);
  store.add_page({time_msg("x", 100), time_msg("y", 100)}, MessageStore::PageKind::kOlder, true);
  EXPECT_EQ(ids(store), (std::vector<std::string>{"x", "y", "live"}));
  store.add_page({time_msg("z", 100)}, MessageStore::PageKind::kLatest, true);
  EXPECT_EQ(ids(store), (std::vector<std::string>{"x", "y", "live", "z"})) << "live ties go after";
}

TEST(MessageStoreBoundsTest, OlderPageBeyondTheExtensionKeepsThePagesNewestPart) {
  MessageStore store(seq_config(3, 2));
  for (std::int64_t seq = 4; seq <= 6; ++seq) ASSERT_EQ(store.add(seq_msg(seq)), AddResult::kAdded);
  const auto result = store.add_page(seq_page(1, 3), MessageStore::PageKind::kOlder, false);
  EXPECT_EQ(result.added, 2u);
  EXPECT_EQ(result.out_of_window, 1u);
  EXPECT_EQ(ids(store), (std::vector<std::string>{"m2", "m3", "m4", "m5", "m6"}));
  EXPECT_EQ(store.window(), 5u);
  EXPECT_TRUE(store.has_more_older()) << "the server said no more, but m1 was not kept";
}

TEST(MessageStoreBoundsTest, OlderPageSayingNoMoreClearsHasMoreOlder) {
  MessageStore store(seq_config(3));
  for (std::int64_t seq = 1; seq <= 5; ++seq) ASSERT_EQ(store.add(seq_msg(seq)), AddResult::kAdded);
  ASSERT_TRUE(store.has_more_older());
  store.add_page(seq_page(2, 2), MessageStore::PageKind::kOlder, true);
  EXPECT_TRUE(store.has_more_older());
  store.add_page(seq_page(1, 1), MessageStore::PageKind::kOlder, false);
  EXPECT_FALSE(store.has_more_older());
  EXPECT_EQ(store.size(), 5u);
  store.add_page({}, MessageStore::PageKind::kOlder, std::nullopt);
  EXPECT_FALSE(store.has_more_older()) << "a page that does not say changes nothing";
}

TEST(MessageStoreBoundsTest, ShrinkDropsPagedHistoryAndEndsTheExtension) {
  MessageStore store(seq_config(3));
  for (std::int64_t seq = 4; seq <= 6; ++seq) ASSERT_EQ(store.add(seq_msg(seq)), AddResult::kAdded);
  store.add_page(seq_page(1, 3), MessageStore::PageKind::kOlder, false);
  ASSERT_EQ(store.size(), 6u);
  ASSERT_FALSE(store.has_more_older());
  ASSERT_TRUE(store.add_pending(pending_msg("c1")));
  store.shrink();
  EXPECT_EQ(ids(store), (std::vector<std::string>{"m4", "m5", "m6", "(c1)"}));
  EXPECT_EQ(store.window(), 3u);
  EXPECT_TRUE(store.has_more_older());
  ASSERT_EQ(store.add(seq_msg(7)), AddResult::kAdded);
  EXPECT_EQ(store.oldest_seq(), 5);
}

TEST(MessageStoreBoundsTest, LatestAndNewerPagesBehaveLikeLiveAdds) {
  MessageStore store(seq_config(4));
  ASSERT_EQ(store.add(seq_msg(3)), AddResult::kAdded);
  const auto latest = store.add_page(seq_page(1, 4), MessageStore::PageKind::kLatest, true);
  EXPECT_EQ(latest.added, 3u);
  EXPECT_EQ(latest.duplicates, 1u);
  EXPECT_TRUE(store.has_more_older());
  const auto newer = store.add_page(seq_page(5, 6), MessageStore::PageKind::kNewer, false);
  EXPECT_EQ(newer.added, 2u);
  EXPECT_EQ(ids(store), (std::vector<std::string>{"m3", "m4", "m5", "m6"})) << "the window was not extended";
  EXPECT_TRUE(store.has_more_older()) << "a kNewer page's has_more speaks of newer messages";
}

// ---- read cursor and unread --------------------------------------------------------

TEST(MessageStoreUnreadTest, WithoutCursorEveryConfirmedMessageNotByTheUserIsUnread) {
  MessageStore store(seq_config());
  ASSERT_EQ(store.add(seq_msg(1)), AddResult::kAdded);
  ASSERT_EQ(store.add(seq_msg(2, kMe)), AddResult::kAdded);
  ASSERT_EQ(store.add(seq_msg(3)), AddResult::kAdded);
  ASSERT_TRUE(store.add_pending(pending_msg("c1")));
  EXPECT_FALSE(store.read_cursor().has_value());
  EXPECT_EQ(store.unread_count(), 2u);
}

TEST(MessageStoreUnreadTest, CountsMessagesAfterTheCursorOnly) {
  MessageStore store(time_config());
  for (int i = 1; i <= 4; ++i)
    ASSERT_EQ(store.add(time_msg("t" + std::to_string(i), 100 * i)), AddResult::kAdded);
  EXPECT_TRUE(store.mark_read_through_id("t2"));
  EXPECT_EQ(store.read_cursor(), store.key_at(1));
  EXPECT_EQ(store.unread_count(), 2u);
  ASSERT_EQ(store.add(time_msg("t5", 500)), AddResult::kAdded);
  ASSERT_EQ(store.add(time_msg("mine", 600, kMe)), AddResult::kAdded);
  EXPECT_EQ(store.unread_count(), 3u);
  ASSERT_EQ(store.add(time_msg("late", 150)), AddResult::kAdded);
  EXPECT_EQ(store.unread_count(), 3u) << "a late message placed before the cursor is read";
  store.mark_read_through_newest();
  EXPECT_EQ(store.unread_count(), 0u);
  EXPECT_EQ(store.read_cursor(), store.key_at(store.size() - 1));
}

TEST(MessageStoreUnreadTest, DuplicateDeliveriesNeverChangeTheCount) {
  MessageStore store(seq_config());
  for (std::int64_t seq = 1; seq <= 3; ++seq) ASSERT_EQ(store.add(seq_msg(seq)), AddResult::kAdded);
  ASSERT_EQ(store.unread_count(), 3u);
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(store.add(seq_msg(2)), AddResult::kDuplicate);
    store.add_page(seq_page(1, 3), MessageStore::PageKind::kLatest, false);
  }
  EXPECT_EQ(store.unread_count(), 3u);
  EXPECT_EQ(store.size(), 3u);
}

TEST(MessageStoreUnreadTest, CursorNeverMovesBackwards) {
  MessageStore store(seq_config());
  for (std::int64_t seq = 1; seq <= 5; ++seq) ASSERT_EQ(store.add(seq_msg(seq)), AddResult::kAdded);
  EXPECT_TRUE(store.mark_read_through_id("m4"));
  const auto cursor = store.read_cursor();
  EXPECT_FALSE(store.mark_read_through_id("m2"));
  EXPECT_FALSE(store.mark_read_through_id("m4"));
  EXPECT_FALSE(store.mark_read_through_id("unknown"));
  store.set_read_cursor_seq(1);
  EXPECT_EQ(store.read_cursor(), cursor);
  EXPECT_EQ(store.unread_count(), 1u);
  store.set_read_cursor_seq(5);
  EXPECT_EQ(store.unread_count(), 0u);
}

TEST(MessageStoreUnreadTest, SeqCursorCoversMessagesNotYetStored) {
  MessageStore store(seq_config());
  store.set_read_cursor_seq(10);  // the join's readSeq, before its history
  store.add_page(seq_page(5, 15), MessageStore::PageKind::kLatest, true);
  EXPECT_EQ(store.unread_count(), 5u);
}

TEST(MessageStoreUnreadTest, TimeStoreCursorSeqMovesToTheStoredMessageWithThatSeq) {
  MessageStore store(time_config());
  Message a = time_msg("a", 100);
  a.seq = 7;
  ASSERT_EQ(store.add(a), AddResult::kAdded);
  ASSERT_EQ(store.add(time_msg("b", 200)), AddResult::kAdded);
  store.set_read_cursor_seq(99);
  EXPECT_FALSE(store.read_cursor().has_value()) << "no stored message has seq 99";
  store.set_read_cursor_seq(7);
  EXPECT_EQ(store.read_cursor(), store.key_at(0));
  EXPECT_EQ(store.unread_count(), 1u);
}

TEST(MessageStoreUnreadTest, EvictedUnreadKeepTheTotalExactUntilTheCursorPassesThem) {
  MessageStore store(seq_config(3));
  for (std::int64_t seq = 1; seq <= 5; ++seq) ASSERT_EQ(store.add(seq_msg(seq)), AddResult::kAdded);
  EXPECT_EQ(store.evicted_unread(), 2u);
  EXPECT_EQ(store.unread_count(), 5u);
  EXPECT_EQ(store.add(seq_msg(1)), AddResult::kOutOfWindow);
  EXPECT_EQ(store.unread_count(), 5u) << "a redelivered evicted message is not counted again";
  EXPECT_TRUE(store.mark_read_through_id("m4"));
  EXPECT_EQ(store.evicted_unread(), 0u);
  EXPECT_EQ(store.unread_count(), 1u);
}

TEST(MessageStoreUnreadTest, EvictedReadMessagesAreNotCounted) {
  MessageStore store(seq_config(3));
  ASSERT_EQ(store.add(seq_msg(1)), AddResult::kAdded);
  ASSERT_EQ(store.add(seq_msg(2, kMe)), AddResult::kAdded);
  store.mark_read_through_newest();  // cursor at m2
  for (std::int64_t seq = 3; seq <= 6; ++seq) ASSERT_EQ(store.add(seq_msg(seq)), AddResult::kAdded);
  // Evicted: m1 (read), m2 (read, own), m3 (unread).
  EXPECT_EQ(store.evicted_unread(), 1u);
  EXPECT_EQ(store.unread_count(), 4u);
}

TEST(MessageStoreUnreadTest, EvictedUnreadPagedBackInAreNotCountedTwice) {
  MessageStore store(seq_config(3));
  store.set_read_cursor_seq(1);
  for (std::int64_t seq = 1; seq <= 7; ++seq) ASSERT_EQ(store.add(seq_msg(seq)), AddResult::kAdded);
  ASSERT_EQ(store.unread_count(), 6u);    // m2..m7
  ASSERT_EQ(store.evicted_unread(), 3u);  // m2..m4

  store.add_page(seq_page(3, 4), MessageStore::PageKind::kOlder, true);
  EXPECT_EQ(store.unread_count(), 6u);
  EXPECT_EQ(store.evicted_unread(), 1u);
  store.add_page(seq_page(0, 2), MessageStore::PageKind::kOlder, false);
  EXPECT_EQ(store.unread_count(), 6u) << "m0 and m1 are before the cursor; m2 was counted";
  EXPECT_EQ(store.evicted_unread(), 0u);
  EXPECT_EQ(store.size(), 8u);

  store.shrink();  // m0..m4 go again, m2..m4 unread
  EXPECT_EQ(store.evicted_unread(), 3u);
  EXPECT_EQ(store.unread_count(), 6u);
}

TEST(MessageStoreUnreadTest, TheCursorMessagePagedBackInStaysRead) {
  MessageStore store(time_config(2));
  ASSERT_EQ(store.add(time_msg("a", 100)), AddResult::kAdded);
  ASSERT_EQ(store.add(time_msg("b", 200)), AddResult::kAdded);
  ASSERT_TRUE(store.mark_read_through_id("b"));
  ASSERT_EQ(store.add(time_msg("c", 300)), AddResult::kAdded);
  ASSERT_EQ(store.add(time_msg("d", 400)), AddResult::kAdded);  // a and b evicted, both read
  ASSERT_EQ(store.unread_count(), 2u);
  const auto result =
      store.add_page({time_msg("a", 100), time_msg("b", 200)}, MessageStore::PageKind::kOlder, false);
  EXPECT_EQ(result.added, 2u);
  EXPECT_EQ(ids(store), (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(store.unread_count(), 2u) << "b came back with a new key, still at the cursor";
}

TEST(MessageStoreUnreadTest, ReclassifyOwnRecountsWhenTheUserBecomesKnown) {
  std::string my_id;  // unknown until the server says
  StoreConfig config = seq_config();
  config.is_own = [&my_id](const User& user) { return !my_id.empty() && user.id == my_id; };
  MessageStore store(config);
  ASSERT_EQ(store.add(seq_msg(1, kMe)), AddResult::kAdded);
  ASSERT_EQ(store.add(seq_msg(2)), AddResult::kAdded);
  ASSERT_EQ(store.unread_count(), 2u);
  my_id = kMe.id;
  store.reclassify_own();
  EXPECT_EQ(store.unread_count(), 1u);
}

// ---- invariants under random traffic ---------------------------------------------------

// Seq store with evictions, pages and cursor moves, against a model of the
// room: unread is exact as long as the cursor lands on kept messages (the
// documented condition), and the kept messages stay sorted and unique.
TEST(MessageStoreInvariantTest, RandomTrafficKeepsUnreadExactAndOrderStrict) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    SeededRandom random(seed);
    MessageStore store(seq_config(10, 5));
    const auto author_of = [](std::int64_t seq) { return seq % 5 == 0 ? kMe : kBob; };
    std::set<std::int64_t> delivered;
    std::int64_t next_seq = 200;
    std::int64_t cursor_seq = std::numeric_limits<std::int64_t>::min();
    for (int step = 0; step < 400; ++step) {
      const std::size_t roll = random.up_to(99);
      if (roll < 50) {
        ASSERT_EQ(store.add(seq_msg(next_seq, author_of(next_seq))), AddResult::kAdded);
        delivered.insert(next_seq++);
      } else if (roll < 60 && !delivered.empty()) {
        const auto seq = *std::next(delivered.begin(), static_cast<long>(random.up_to(delivered.size() - 1)));
        const AddResult result = store.add(seq_msg(seq, author_of(seq)));
        ASSERT_TRUE(result == AddResult::kDuplicate || result == AddResult::kOutOfWindow)
            << to_string(result);
      } else if (roll < 75 && store.oldest_seq() && *store.oldest_seq() > 1) {
        const std::int64_t last = *store.oldest_seq() - 1;
        const std::int64_t first =
            std::max<std::int64_t>(1, last - static_cast<std::int64_t>(random.up_to(5)));
        std::vector<Message> page;
        for (std::int64_t seq = first; seq <= last; ++seq) page.push_back(seq_msg(seq, author_of(seq)));
        store.add_page(std::move(page), MessageStore::PageKind::kOlder, first > 1);
        // A message never seen before and refused for space is not part of the room yet.
        for (std::int64_t seq = first; seq <= last; ++seq) {
          if (store.find_by_id("m" + std::to_string(seq)) != nullptr) delivered.insert(seq);
        }
      } else if (roll < 80) {
        store.shrink();
      } else if (roll < 95 && store.confirmed_size() > 0) {
        const std::size_t index = random.up_to(store.confirmed_size() - 1);
        const std::int64_t seq = *store.at(index).seq;
        const bool moved = store.mark_read_through_id(store.at(index).id);
        EXPECT_EQ(moved, seq > cursor_seq);
        cursor_seq = std::max(cursor_seq, seq);
      } else {
        store.mark_read_through_newest();
        if (store.newest_seq()) cursor_seq = std::max(cursor_seq, *store.newest_seq());
      }

      const auto expected = std::count_if(delivered.begin(), delivered.end(), [&](std::int64_t seq) {
        return seq > cursor_seq && author_of(seq) != kMe;
      });
      ASSERT_EQ(store.unread_count(), static_cast<std::size_t>(expected))
          << "seed " << seed << " step " << step;
      ASSERT_LE(store.size(), store.window());
      for (std::size_t i = 1; i < store.size(); ++i) {
        ASSERT_LT(store.key_at(i - 1), store.key_at(i));
        ASSERT_LT(*store.at(i - 1).seq, *store.at(i).seq) << "one copy per seq";
      }
      if (store.oldest_seq() && !delivered.empty() && *delivered.begin() < *store.oldest_seq()) {
        ASSERT_TRUE(store.has_more_older()) << "some were dropped; seed " << seed << " step " << step;
      }
      if (store.oldest_seq() == 1) {
        ASSERT_FALSE(store.has_more_older()) << "seed " << seed << " step " << step;
      }
    }
  }
}

}  // namespace
}  // namespace chatwire::chat
