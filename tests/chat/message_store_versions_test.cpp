// MessageStore: of two copies of a message the higher version wins, whatever
// order they arrive in, and only the content changes (place, status and
// client id stay); set_content shows what pending operations make of one.
#include <gtest/gtest.h>

#include <vector>

#include "chat/message_store.h"

// Its own namespace: the unity build puts every file of tests/chat in one
// translation unit, beside other helpers of the same names.
namespace chatwire::chat::store_versions {
namespace {

StoreConfig config() {
  StoreConfig out;
  out.order_by_seq = true;
  out.is_own = [](const User& user) { return user.id == "u1"; };
  return out;
}

Message copy_of(std::int64_t seq, std::uint32_t version, const std::string& text) {
  Message m;
  m.id = "m" + std::to_string(seq);
  m.author = {"u2", "Bob"};
  m.text = text;
  m.created_at_ms = 1000 * seq;
  m.seq = seq;
  m.version = version;
  return m;
}

TEST(MessageStoreVersions, TheHigherVersionWinsWhateverTheOrder) {
  MessageStore store(config());
  ASSERT_EQ(store.add(copy_of(1, 1, "one")), AddResult::kAdded);
  (void)store.take_changes();
  EXPECT_EQ(store.merge(copy_of(1, 3, "three")), MergeResult::kUpdated);
  EXPECT_EQ(store.merge(copy_of(1, 2, "two")), MergeResult::kStale);
  EXPECT_EQ(store.merge(copy_of(1, 3, "three again")), MergeResult::kSame);
  EXPECT_EQ(store.merge(copy_of(2, 1, "unknown")), MergeResult::kUnknown);
  EXPECT_EQ(store.at(0).text, "three");
  EXPECT_EQ(store.at(0).version, 3u);
  const ListChanges changes = store.take_changes();
  EXPECT_EQ(changes.upserts, std::vector<std::size_t>{0}) << "an update is an upsert in place";

  EXPECT_EQ(store.add(copy_of(1, 4, "four")), AddResult::kUpdated) << "a live copy merges the same way";
  EXPECT_EQ(store.add(copy_of(1, 2, "two")), AddResult::kDuplicate);
  const auto page = store.add_page({copy_of(1, 5, "five"), copy_of(2, 1, "new")}, MessageStore::PageKind::kNewer,
                                   std::nullopt);
  EXPECT_EQ(page.added, 1u);
  EXPECT_EQ(page.updated, 1u);
  EXPECT_EQ(page.duplicates, 1u) << "an update overlaps what was shown";
  EXPECT_EQ(store.at(0).text, "five");
  EXPECT_EQ(store.size(), 2u);
}

TEST(MessageStoreVersions, AnUpdateKeepsPlaceStatusAndClientIdAndChangesNoUnreadCount) {
  MessageStore store(config());
  Message pending;
  pending.client_id = "c1";
  pending.author = {"u1", "Ada"};
  pending.text = "mine";
  ASSERT_TRUE(store.add_pending(pending));
  Message confirmed = copy_of(1, 1, "mine");
  confirmed.author = {"u1", "Ada"};
  ASSERT_NE(store.confirm("c1", confirmed), nullptr);
  ASSERT_EQ(store.add(copy_of(2, 1, "Bob's")), AddResult::kAdded);
  const std::size_t unread = store.unread_count();

  Message tombstone = copy_of(1, 2, "");
  tombstone.deleted = true;
  tombstone.author = {"u1", "Ada"};
  EXPECT_EQ(store.merge(tombstone), MergeResult::kUpdated);
  EXPECT_TRUE(store.at(0).deleted);
  EXPECT_EQ(store.at(0).client_id, "c1");
  EXPECT_EQ(store.at(0).status, MessageStatus::kSent);
  EXPECT_EQ(store.at(1).text, "Bob's");
  EXPECT_EQ(store.unread_count(), unread);
}

TEST(MessageStoreVersions, SetContentShowsAnyContentOnTheMessageItNames) {
  MessageStore store(config());
  ASSERT_EQ(store.add(copy_of(1, 2, "two")), AddResult::kAdded);
  Message pending;
  pending.client_id = "c1";
  pending.author = {"u1", "Ada"};
  pending.text = "draft";
  ASSERT_TRUE(store.add_pending(pending));
  (void)store.take_changes();

  Message shown = copy_of(1, 2, "edited, pending");
  shown.pending_ops = 1;
  EXPECT_TRUE(store.set_content(shown)) << "whatever its version";
  EXPECT_FALSE(store.set_content(shown)) << "unchanged";
  Message redrafted = pending;
  redrafted.text = "final";
  EXPECT_TRUE(store.set_content(redrafted)) << "a pending message, by client id";
  Message nowhere = copy_of(9, 1, "x");
  EXPECT_FALSE(store.set_content(nowhere));
  EXPECT_EQ(store.at(0).text, "edited, pending");
  EXPECT_EQ(store.at(0).pending_ops, 1);
  EXPECT_EQ(store.at(1).text, "final");
  EXPECT_EQ(store.at(1).status, MessageStatus::kPending);
  EXPECT_EQ(store.take_changes().upserts, (std::vector<std::size_t>{0, 1}));
}

Message reply_to(std::int64_t seq, const Message& parent, const std::string& excerpt) {
  Message m = copy_of(seq, 1, "a reply");
  m.reply_to = ReplyRef(ReplyTo{parent.id, parent.author, excerpt, false});
  return m;
}

TEST(MessageStoreVersions, AReplyShowsItsParentAsTheStoreHoldsItWhateverTheServerSaidWhenItSentIt) {
  // docs/protocol.md, "Replies": a change of the parent is not a change of
  // its replies (no new version, no push for them); a client that holds the
  // parent updates the previews it shows.
  MessageStore store(config());
  const Message parent = copy_of(1, 1, "hello");
  ASSERT_EQ(store.add(parent), AddResult::kAdded);
  ASSERT_EQ(store.add(reply_to(2, parent, "as it was once")), AddResult::kAdded);
  EXPECT_EQ(*store.at(1).reply_to, (ReplyTo{"m1", {"u2", "Bob"}, "hello", false}));
  (void)store.take_changes();

  EXPECT_EQ(store.merge(copy_of(1, 2, "hello all")), MergeResult::kUpdated);
  EXPECT_EQ(store.at(1).reply_to->excerpt, "hello all");
  EXPECT_EQ(store.at(1).version, 1u) << "the reply itself did not change";
  EXPECT_EQ(store.take_changes().upserts, (std::vector<std::size_t>{0, 1})) << "its reader is told";

  Message tombstone = copy_of(1, 3, "");
  tombstone.deleted = true;
  tombstone.pending_ops = 1;  // what a pending delete shows
  EXPECT_TRUE(store.set_content(tombstone));
  EXPECT_EQ(*store.at(1).reply_to, (ReplyTo{"m1", {"u2", "Bob"}, "", true}));

  // A copy of the reply with the server's older preview (a rolled-back
  // operation shows its base again) still shows the parent as held.
  Message again = reply_to(2, parent, "hello");
  again.version = 2;
  EXPECT_EQ(store.merge(again), MergeResult::kUpdated);
  EXPECT_EQ(*store.at(1).reply_to, (ReplyTo{"m1", {"u2", "Bob"}, "", true}));
}

TEST(MessageStoreVersions, AReplyWhoseParentIsNotHeldKeepsTheServersPreviewUntilTheParentArrives) {
  MessageStore store(config());
  const Message parent = copy_of(1, 2, std::string(120, 'x'));
  ASSERT_EQ(store.add(reply_to(2, parent, "as the server said")), AddResult::kAdded);
  EXPECT_EQ(store.at(0).reply_to->excerpt, "as the server said");
  (void)store.take_changes();

  (void)store.add_page({parent}, MessageStore::PageKind::kOlder, false);
  EXPECT_EQ(store.at(1).reply_to->excerpt, std::string(100, 'x')) << "its first 100 code points";
  EXPECT_EQ(store.take_changes().upserts, (std::vector<std::size_t>{0, 1}));
}

}  // namespace
}  // namespace chatwire::chat::store_versions
