// The rooms' newest messages kept across restarts: what the model asks the
// platform to keep (HistoryCached) and when, and what a restarted model
// shows from the records it is given back (restore_history) until the
// server's history replaces them.
#include <gtest/gtest.h>

#include "support/chat_harness.h"

namespace chatwire::testing {
namespace {

using chat::CachedRoom;
using chat::HistoryCache;
using chat::HistoryCached;
using chat::Message;
using chat::Operation;

chat::ChatConfig caching(chat::Capabilities caps, std::size_t per_room = 3) {
  chat::ChatConfig config = chat_config(std::move(caps));
  config.cached_messages = per_room;
  return config;
}

std::vector<std::string> texts_of(const CachedRoom& record) {
  std::vector<std::string> texts;
  for (const Message& message : record.messages) texts.push_back(message.text);
  return texts;
}

TEST(ChatHistoryCache, NothingIsReportedUnlessAsked) {
  ChatHarness h;
  h.join_ok("lobby", numbered_messages("lobby", 1, 5));
  h.advance_by(HistoryCache::kWriteDelayMs * 2);
  EXPECT_TRUE(h.events_of<HistoryCached>().empty());
}

TEST(ChatHistoryCache, TheNewestMessagesAreWrittenOnceAfterTheDelayWhateverArrivedMeanwhile) {
  ChatHarness h(caching(native_caps()));
  h.join_ok("lobby", numbered_messages("lobby", 1, 5));
  EXPECT_TRUE(h.events_of<HistoryCached>().empty()) << "not at once: a busy room is written once a second";
  h.advance_by(HistoryCache::kWriteDelayMs / 2);
  h.signal(chat::MessageSignal{"lobby", numbered_messages("lobby", 6, 6).front()});
  h.signal(chat::MessageSignal{"lobby", numbered_messages("lobby", 7, 7).front()});
  EXPECT_TRUE(h.events_of<HistoryCached>().empty());

  h.advance_by(HistoryCache::kWriteDelayMs / 2);
  const auto written = h.events_of<HistoryCached>();
  ASSERT_EQ(written.size(), 1u);
  EXPECT_EQ(written[0].record.room, "lobby");
  EXPECT_EQ(texts_of(written[0].record), (std::vector<std::string>{"text 5", "text 6", "text 7"}))
      << "the newest three (cached_messages), oldest first";

  h.clear();
  h.advance_by(HistoryCache::kWriteDelayMs * 5);
  EXPECT_TRUE(h.events_of<HistoryCached>().empty()) << "nothing changed since";
}

TEST(ChatHistoryCache, PendingMessagesAreNotCachedButAConfirmedOwnMessageIs) {
  ChatHarness h(caching(native_caps()));
  h.join_ok("lobby", numbered_messages("lobby", 1, 2));
  h.advance_by(HistoryCache::kWriteDelayMs);
  h.clear();
  ASSERT_TRUE(h.model->send(h.now, "lobby", "mine").ok());
  h.pump();
  h.advance_by(HistoryCache::kWriteDelayMs);
  EXPECT_TRUE(h.events_of<HistoryCached>().empty()) << "the outbox keeps pending sends, not the cache";

  const chat::Request send = h.last(Operation::kSend);
  Message copy = remote_message("lobby", "m3", "u1", "mine", 1003, 3);
  copy.client_id = send.client_id;
  chat::Response ack;
  ack.message = copy;
  h.model->on_response(h.now, send.id, ack);
  h.pump();
  h.advance_by(HistoryCache::kWriteDelayMs);
  const auto written = h.events_of<HistoryCached>();
  ASSERT_EQ(written.size(), 1u);
  ASSERT_EQ(written[0].record.messages.size(), 3u);
  EXPECT_EQ(written[0].record.messages.back().client_id, send.client_id);
}

TEST(ChatHistoryCache, ADisconnectWritesWhatIsDueAndLeavingARoomDropsItsRecord) {
  ChatHarness h(caching(native_caps()));
  h.join_ok("lobby", numbered_messages("lobby", 1, 2));
  h.model->disconnecting(h.now);
  h.pump();
  ASSERT_EQ(h.events_of<HistoryCached>().size(), 1u) << "the page may be closing: no waiting";

  h.connect();
  h.clear();
  ASSERT_TRUE(h.model->leave(h.now, "lobby").ok());
  h.pump();
  const auto written = h.events_of<HistoryCached>();
  ASSERT_EQ(written.size(), 1u);
  EXPECT_EQ(written[0].record.room, "lobby");
  EXPECT_TRUE(written[0].record.messages.empty()) << "no messages: drop the room's record";
}

TEST(ChatHistoryCache, APageThatGoesHiddenWritesAtOnce) {
  ChatHarness h(caching(native_caps()));
  h.join_ok("lobby", numbered_messages("lobby", 1, 2));
  h.model->set_page_visible(h.now, false);
  h.pump();
  EXPECT_EQ(h.events_of<HistoryCached>().size(), 1u) << "a hidden page may be discarded without running again";
}

TEST(ChatHistoryCache, ARestoredRoomShowsItsMessagesAsCachedFromItsJoinUntilTheServerHistoryReplacesThem) {
  ChatHarness h(caching(native_caps()));
  EXPECT_EQ(h.model->restore_history({CachedRoom{"lobby", numbered_messages("lobby", 3, 5)}}), 1u);
  ASSERT_TRUE(h.model->join(h.now, "lobby").ok());
  h.pump();
  EXPECT_EQ(h.texts("lobby"), (std::vector<std::string>{"text 3", "text 4", "text 5"}))
      << "painted before the connection exists";
  for (std::size_t i = 0; i < 3; ++i) EXPECT_TRUE(h.room("lobby").messages().at(i).cached);
  EXPECT_EQ(h.room("lobby").unread_count(), 0u) << "cached messages were seen on the last page";

  h.model->connected(h.now);
  h.pump();
  chat::Response joined;
  joined.history = chat::HistoryPage{numbered_messages("lobby", 4, 6), true};
  h.answer(Operation::kJoin, std::move(joined));
  EXPECT_EQ(h.texts("lobby"), (std::vector<std::string>{"text 4", "text 5", "text 6"}))
      << "the server's page replaces the cache (text 3 is no longer among the newest it sent)";
  for (std::size_t i = 0; i < 3; ++i) EXPECT_FALSE(h.room("lobby").messages().at(i).cached);
}

TEST(ChatHistoryCache, ALiveCopyOfACachedMessageConfirmsIt) {
  ChatHarness h(caching(echo_caps()));
  h.model->restore_history({CachedRoom{"7", numbered_messages("7", 1, 2)}});
  ASSERT_TRUE(h.model->join(h.now, "7").ok());
  h.connect();
  h.signal(chat::MessageSignal{"7", remote_message("7", "m2", "u2", "text 2", 1002)});
  const auto& store = h.room("7").messages();
  ASSERT_EQ(store.size(), 2u) << "a duplicate, not a second copy";
  EXPECT_TRUE(store.at(0).cached);
  EXPECT_FALSE(store.at(1).cached) << "the server sent it again: confirmed";
}

TEST(ChatHistoryCache, RestoringKeepsTheNewestOfALongRecordAndIgnoresTheRestWhenCachingIsOff) {
  ChatHarness h(caching(native_caps(), 2));
  EXPECT_EQ(h.model->restore_history({CachedRoom{"lobby", numbered_messages("lobby", 1, 5)}, CachedRoom{"lobby", numbered_messages("lobby", 9, 9)}, CachedRoom{"", numbered_messages("x", 1, 1)}}), 1u)
      << "a room named twice keeps its first record; a record without a room is dropped";
  ASSERT_TRUE(h.model->join(h.now, "lobby").ok());
  h.pump();
  EXPECT_EQ(h.texts("lobby"), (std::vector<std::string>{"text 4", "text 5"}));

  ChatHarness off;
  EXPECT_EQ(off.model->restore_history({CachedRoom{"lobby", numbered_messages("lobby", 1, 5)}}), 0u);
  ASSERT_TRUE(off.model->join(off.now, "lobby").ok());
  off.pump();
  EXPECT_TRUE(off.texts("lobby").empty());
}

TEST(ChatHistoryCache, MessagesWithPositionsJsonCannotCarryAreDroppedAndOthersLoseAClientId) {
  ChatHarness h(caching(native_caps()));
  std::vector<Message> kept = numbered_messages("lobby", 1, 2);
  kept[0].seq = std::int64_t{1} << 60;
  kept[1].client_id = "not-yours";
  h.model->restore_history({CachedRoom{"lobby", kept}});
  ASSERT_TRUE(h.model->join(h.now, "lobby").ok());
  h.pump();
  ASSERT_EQ(h.texts("lobby"), (std::vector<std::string>{"text 2"}));
  EXPECT_TRUE(h.room("lobby").messages().at(0).client_id.empty()) << "a client id names the user's own messages only";
}

TEST(ChatConfigValidation, CachedMessagesCannotExceedWhatARoomKeeps) {
  chat::ChatConfig config = caching(native_caps(), 501);
  const auto created = chat::ChatModel::create(config);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().field, "cached_messages");
}

}  // namespace
}  // namespace chatwire::testing
