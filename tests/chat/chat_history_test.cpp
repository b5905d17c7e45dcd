// History: older pages, filling the gap after a reconnect where the backend
// can, a discontinuity where it cannot, and the bound on the store.
#include <gtest/gtest.h>

#include "support/chat_harness.h"

namespace chatwire::testing {
namespace {

using chat::CommandError;
using chat::Operation;

std::vector<chat::Message> seq_range(const std::string& room, std::int64_t first, std::int64_t last) {
  std::vector<chat::Message> out;
  for (std::int64_t seq = first; seq <= last; ++seq) {
    out.push_back(remote_message(room, "m" + std::to_string(seq), "bob", "#" + std::to_string(seq), seq * 1000, seq));
  }
  return out;
}

chat::Response page(std::vector<chat::Message> messages, bool has_more) {
  chat::Response response;
  response.history = chat::HistoryPage{std::move(messages), has_more};
  return response;
}

TEST(ChatHistory, OlderPagesLoadBeforeTheOldestHeldInPlace) {
  ChatHarness h;
  h.join_ok("lobby", seq_range("lobby", 51, 100), true);
  EXPECT_TRUE(h.room("lobby").has_more());
  ASSERT_TRUE(h.model->load_older(h.now, "lobby", 20).ok());
  h.pump();
  const auto request = h.last(Operation::kHistory);
  EXPECT_EQ(request.before_seq, std::optional<std::int64_t>(51));
  EXPECT_EQ(request.limit, 20u);
  EXPECT_EQ(h.model->load_older(h.now, "lobby").error(), CommandError::kBusy) << "one page at a time";

  h.answer(Operation::kHistory, page(seq_range("lobby", 31, 50), false));
  EXPECT_EQ(h.room("lobby").messages().size(), 70u);
  EXPECT_EQ(h.room("lobby").messages().at(0).seq, std::optional<std::int64_t>(31));
  EXPECT_FALSE(h.room("lobby").has_more());
  EXPECT_EQ(h.model->load_older(h.now, "lobby").error(), CommandError::kNoMoreHistory);
}

TEST(ChatHistory, OlderHistoryIsNotUnread) {
  ChatHarness h;
  ASSERT_TRUE(h.model->join(h.now, "lobby").ok());
  h.connect();
  chat::Response joined = page(seq_range("lobby", 51, 60), true);
  joined.read_seq = 60;
  h.answer(Operation::kJoin, joined);
  ASSERT_TRUE(h.model->load_older(h.now, "lobby").ok());
  h.pump();
  h.answer(Operation::kHistory, page(seq_range("lobby", 1, 50), false));
  EXPECT_EQ(h.room("lobby").unread_count(), 0u);
}

TEST(ChatHistory, BackendsWithoutPagingRefuseLoadOlder) {
  ChatHarness h(echo_caps());
  h.connect();
  ASSERT_TRUE(h.model->join(h.now, "7").ok());
  EXPECT_EQ(h.model->load_older(h.now, "7").error(), CommandError::kUnsupported);
}

TEST(ChatHistory, TheGapAfterAReconnectIsFilledPageByPage) {
  ChatHarness h;
  h.join_ok("lobby", seq_range("lobby", 1, 10), false);
  h.drop();
  h.clear();
  h.connect();
  EXPECT_EQ(h.last(Operation::kJoin).seq, std::optional<std::int64_t>(10));
  h.answer(Operation::kJoin, page(seq_range("lobby", 11, 110), true));
  const auto next = h.last(Operation::kHistory);
  EXPECT_EQ(next.after_seq, std::optional<std::int64_t>(110));
  h.answer(Operation::kHistory, page(seq_range("lobby", 111, 130), false));
  EXPECT_EQ(h.of(Operation::kHistory).size(), 1u) << "the last page ends the fill";
  const auto& store = h.room("lobby").messages();
  ASSERT_EQ(store.size(), 130u);
  for (std::size_t i = 0; i < store.size(); ++i) {
    ASSERT_EQ(store.at(i).seq, std::optional<std::int64_t>(static_cast<std::int64_t>(i) + 1));
  }
  EXPECT_TRUE(h.events_of<chat::Discontinuity>().empty());
  EXPECT_EQ(h.room("lobby").unread_count(), 120u) << "everything missed is unread; the first page was read";
}

TEST(ChatHistory, LeavingStopsFillingTheGap) {
  ChatHarness h;
  h.join_ok("lobby", seq_range("lobby", 1, 10), false);
  h.drop();
  h.clear();
  h.connect();
  h.answer(Operation::kJoin, page(seq_range("lobby", 11, 110), true));
  ASSERT_EQ(h.of(Operation::kHistory).size(), 1u) << "the fill has begun";
  ASSERT_TRUE(h.model->leave(h.now, "lobby").ok());
  h.clear();

  // Joined again on the same connection, with an answer that brings no page:
  // the gap of the earlier stay is not this stay's to fill.
  ASSERT_TRUE(h.model->join(h.now, "lobby").ok());
  h.pump();
  h.answer(Operation::kJoin, chat::Response{});
  for (const auto& request : h.of(Operation::kHistory)) {
    EXPECT_FALSE(request.after_seq.has_value()) << "no page after seq " << *request.after_seq;
  }
}

TEST(ChatHistory, BackendsThatCannotFillTheGapReportADiscontinuity) {
  auto caps = echo_caps();
  caps.join_confirmation = chat::Confirmation::kNone;  // express / nest: no history at all
  ChatHarness h(caps);
  h.connect();
  ASSERT_TRUE(h.model->join(h.now, "conv").ok());
  h.signal(chat::MessageSignal{"conv", remote_message("conv", "1", "bob", "before", 1000)});
  h.drop();
  h.clear();
  h.connect();
  const auto gaps = h.events_of<chat::Discontinuity>();
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].room, "conv");
}

TEST(ChatHistory, HistoryWithoutOverlapAfterARejoinIsADiscontinuity) {
  ChatHarness h(echo_caps());
  h.connect();
  ASSERT_TRUE(h.model->join(h.now, "7").ok());
  h.pump();
  h.signal(chat::HistorySignal{std::nullopt, {{remote_message("", "1", "bob", "old", 1000)}, std::nullopt}, true});
  h.drop();
  h.clear();
  h.connect();
  // The last 50 the server sends on join are all newer than what was shown.
  std::vector<chat::Message> latest;
  for (int i = 100; i < 150; ++i) latest.push_back(remote_message("", std::to_string(i), "bob", "x", i * 1000));
  h.signal(chat::HistorySignal{std::nullopt, {latest, std::nullopt}, true});
  ASSERT_EQ(h.events_of<chat::Discontinuity>().size(), 1u);
  EXPECT_EQ(h.room("7").messages().size(), 51u);
}

TEST(ChatHistory, FirstJoinsAreNoDiscontinuity) {
  ChatHarness h(echo_caps());
  h.connect();
  ASSERT_TRUE(h.model->join(h.now, "7").ok());
  h.pump();
  h.signal(chat::HistorySignal{std::nullopt, {{remote_message("", "1", "bob", "old", 1000)}, std::nullopt}, true});
  EXPECT_TRUE(h.events_of<chat::Discontinuity>().empty());
}

TEST(ChatHistory, BackendsThatNeedAskingGetAHistoryRequestAfterTheJoin) {
  auto caps = echo_caps();
  caps.join_confirmation = chat::Confirmation::kNone;
  caps.supports[static_cast<std::size_t>(Operation::kHistory)] = true;
  caps.history_after_join = true;
  ChatHarness h(caps);
  h.connect();
  ASSERT_TRUE(h.model->join(h.now, "general").ok());
  h.pump();
  ASSERT_EQ(h.of(Operation::kHistory).size(), 1u);
  EXPECT_EQ(h.last(Operation::kHistory).room, "general");
  h.signal(chat::HistorySignal{"general", {{remote_message("general", "1", "bob", "hello", 1000)}, std::nullopt}, false});
  EXPECT_EQ(h.texts("general"), std::vector<std::string>{"hello"});
  EXPECT_EQ(h.room("general").unread_count(), 0u) << "the first history was there before the user came";
}

TEST(ChatHistory, AHundredThousandIncomingMessagesKeepTheStoreAtItsCap) {
  ChatHarness h;
  h.join_ok("lobby");
  for (std::int64_t seq = 1; seq <= 100'000; ++seq) {
    h.model->on_signal(h.now, chat::MessageSignal{"lobby", remote_message("lobby", "m" + std::to_string(seq), "bob",
                                                                          "message", seq, seq)});
    while (h.model->poll_event()) {
    }
  }
  const auto& store = h.room("lobby").messages();
  ASSERT_EQ(store.size(), 500u);
  EXPECT_EQ(store.at(0).seq, std::optional<std::int64_t>(99'501));
  EXPECT_EQ(store.at(499).seq, std::optional<std::int64_t>(100'000));
  EXPECT_TRUE(h.room("lobby").has_more());
  EXPECT_EQ(h.room("lobby").unread_count(), 100'000u);
}

TEST(ChatHistory, SeqsBeyondWhatJsonCarriesExactlyAreDropped) {
  // Found by client_fuzz: a seq of INT64_MAX sorted among the pending
  // messages and broke the order.
  ChatHarness h;
  h.join_ok("lobby");
  ASSERT_TRUE(h.model->send(h.now, "lobby", "pending").ok());
  h.signal(chat::MessageSignal{"lobby", remote_message("lobby", "mx", "bob", "huge", 1, INT64_MAX)});
  EXPECT_EQ(h.texts("lobby"), std::vector<std::string>{"pending"});
  ASSERT_EQ(h.events_of<chat::ChatError>().size(), 1u);
}

TEST(ChatHistory, AServerErrorWithoutTextStillSaysSomething) {
  ChatHarness h;
  h.join_ok("lobby");
  h.signal(chat::ServerErrorSignal{std::nullopt, "", ""});
  const auto errors = h.events_of<chat::ChatError>();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_FALSE(errors[0].message.empty());
}

}  // namespace
}  // namespace chatwire::testing
