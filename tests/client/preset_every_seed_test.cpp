// What the whole client does alike with every seed backend's preset: joins,
// sends confirmed by the seed's echo, the echo that never comes, others'
// typing, unread counts. Each case runs against the seed's scripted server
// (preset_<seed>_test.cpp, which also holds that seed's own tests); what
// differs between seeds (event names, payloads, ids) is data in PresetCase.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "client/preset_fixture.h"
#include "client/scripted_backend.h"

// A namespace of its own: the suites of a module are also compiled as one
// unity file, where their file-local names would collide.
namespace chatwire::testing::preset_every_seed {
namespace {

using chat::ChatErrorCode;
using chat::MessageStatus;
using chat::RoomState;
using presets::PresetCase;

std::vector<PresetCase> every_seed() {
  return {presets::express_conversations(), presets::flask_multiroom(), presets::flask_rooms(),
          presets::flask_shows(), presets::nest_conversations()};
}

/// The seeds for which `has` holds.
std::vector<PresetCase> seeds_where(bool (*has)(const PresetCase& seed)) {
  std::vector<PresetCase> out = every_seed();
  out.erase(std::remove_if(out.begin(), out.end(), [&](const PresetCase& seed) { return !has(seed); }),
            out.end());
  return out;
}
bool join_brings_history(const PresetCase& seed) { return seed.join_brings_history; }
bool has_a_typing_stop(const PresetCase& seed) { return seed.typing_stop != nullptr; }

class PresetEverySeed : public presets::ScriptedPresetTest, public ::testing::WithParamInterface<PresetCase> {
 protected:
  PresetEverySeed() : ScriptedPresetTest(GetParam()) {}
};

/// The seeds that answer a join with the room's recent messages.
class PresetEverySeedWithHistory : public PresetEverySeed {};
/// The seeds whose typing ends with a stop event (the others time it out).
class PresetEverySeedWithATypingStop : public PresetEverySeed {};

INSTANTIATE_TEST_SUITE_P(Seeds, PresetEverySeed, ::testing::ValuesIn(every_seed()), presets::case_name);
INSTANTIATE_TEST_SUITE_P(Seeds, PresetEverySeedWithHistory,
                         ::testing::ValuesIn(seeds_where(join_brings_history)), presets::case_name);
INSTANTIATE_TEST_SUITE_P(Seeds, PresetEverySeedWithATypingStop,
                         ::testing::ValuesIn(seeds_where(has_a_typing_stop)), presets::case_name);

TEST_P(PresetEverySeed, JoinSendsTheSeedsJoinAndAsksForNoAck) {
  const PresetCase& seed = GetParam();
  ASSERT_TRUE(pair.client.join(pair.now, seed.room).ok());
  EXPECT_EQ(pair.room(seed.room).state(), seed.state_until_answered)
      << "joining only where the preset waits for the seed's answer";
  pair.drive();
  EXPECT_EQ(emitted(), seed.join_events(seed.room));
  EXPECT_FALSE(any_ack_requested());
  EXPECT_TRUE(backend.client_in(seed.room));
  EXPECT_EQ(pair.room(seed.room).state(), RoomState::kJoined);
  EXPECT_EQ(pair.room(seed.room).messages().size(), 0u);
  EXPECT_EQ(pair.room(seed.room).unread_count(), 0u);
  EXPECT_TRUE(discontinuities().empty());
}

TEST_P(PresetEverySeedWithHistory, TheHistoryThatComesWithAJoinIsNeitherUnreadNorNews) {
  const PresetCase& seed = GetParam();
  backend.post(seed.room, seed.other, "Hello!");
  pair.advance_by(1500);
  backend.post(seed.room, seed.other, "Hi all");

  join(seed.room);
  EXPECT_EQ(pair.texts(seed.room), (std::vector<std::string>{"Hello!", "Hi all"}));
  const chat::Message& first = pair.room(seed.room).messages().at(0);
  EXPECT_EQ(first.id, seed.message_id(1, 0));
  EXPECT_EQ(first.author, seed.other);
  EXPECT_EQ(first.created_at_ms, presets::kEpochMs);
  EXPECT_EQ(pair.room(seed.room).messages().at(1).created_at_ms, presets::kEpochMs + 1500);
  EXPECT_EQ(pair.room(seed.room).unread_count(), 0u) << "what was there before the user came is not unread";
  EXPECT_TRUE(pair.events_of<chat::MessageArrived>().empty()) << "history is not news";
  EXPECT_TRUE(pair.events_of<ProtocolWarning>().empty());
}

TEST_P(PresetEverySeed, ASendIsPendingAtOnceAndItsEchoMakesItSent) {
  const PresetCase& seed = GetParam();
  join(seed.room);
  const std::size_t before = emitted().size();
  pair.advance_by(2000);
  auto client_id = pair.client.send(pair.now, seed.room, "Hello!");
  ASSERT_TRUE(client_id.ok());
  EXPECT_EQ(statuses(seed.room), std::vector<MessageStatus>{MessageStatus::kPending});
  pair.drive();

  EXPECT_EQ(emitted_since(before), std::vector<Json>{seed.send_event(seed.room, "Hello!")});
  ASSERT_EQ(pair.room(seed.room).messages().size(), 1u);
  const chat::Message& sent = pair.room(seed.room).messages().at(0);
  EXPECT_EQ(sent.status, MessageStatus::kSent);
  EXPECT_EQ(sent.id, seed.message_id(1, 2000));
  EXPECT_EQ(sent.client_id, *client_id);
  EXPECT_EQ(sent.author, seed.self);
  EXPECT_EQ(sent.created_at_ms, presets::kEpochMs + 2000);
  EXPECT_EQ(pair.room(seed.room).unread_count(), 0u);
  EXPECT_TRUE(pair.events_of<chat::MessageArrived>().empty()) << "the user's own echo is no notification";
}

TEST_P(PresetEverySeed, TwoIdenticalTextsSentTogetherAreEachConfirmedOnce) {
  const PresetCase& seed = GetParam();
  join(seed.room);
  const std::size_t before = emitted().size();
  const std::int64_t first_at = pair.now;
  auto first = pair.client.send(pair.now, seed.room, "ok");
  if (seed.ids_are_send_times) {
    // Two echoes in the same millisecond would share one id: the second
    // goes out once the first is confirmed, a few milliseconds later.
    pair.drive();
    pair.advance_by(5);
  }
  const std::int64_t second_at = pair.now;
  auto second = pair.client.send(pair.now, seed.room, "ok");
  ASSERT_TRUE(first.ok() && second.ok());
  pair.drive();

  EXPECT_EQ(emitted_since(before), std::vector<Json>(2, seed.send_event(seed.room, "ok")));
  const auto& store = pair.room(seed.room).messages();
  ASSERT_EQ(store.size(), 2u);
  EXPECT_EQ(store.at(0).client_id, *first);
  EXPECT_EQ(store.at(0).id, seed.message_id(1, first_at));
  EXPECT_EQ(store.at(1).client_id, *second);
  EXPECT_EQ(store.at(1).id, seed.message_id(2, second_at));
  EXPECT_NE(store.at(0).id, store.at(1).id);
  EXPECT_EQ(statuses(seed.room), std::vector<MessageStatus>(2, MessageStatus::kSent));
}

TEST_P(PresetEverySeed, AnEchoThatNeverComesFailsAfterTenSecondsAndRetrySendsAgain) {
  const PresetCase& seed = GetParam();
  join(seed.room);
  const std::size_t before = emitted().size();
  backend.swallow_sends = true;
  auto client_id = pair.client.send(pair.now, seed.room, "anyone?");
  ASSERT_TRUE(client_id.ok());
  pair.drive();
  pair.advance_by(9999);
  EXPECT_EQ(statuses(seed.room), std::vector<MessageStatus>{MessageStatus::kPending});
  pair.advance_by(1);
  EXPECT_EQ(statuses(seed.room), std::vector<MessageStatus>{MessageStatus::kFailed});
  const auto failures = chat_errors(ChatErrorCode::kSendFailed);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].room, seed.room);

  backend.swallow_sends = false;
  ASSERT_TRUE(pair.client.retry(pair.now, *client_id).ok());
  pair.drive();
  EXPECT_EQ(emitted_since(before), std::vector<Json>(2, seed.send_event(seed.room, "anyone?")));
  EXPECT_EQ(pair.texts(seed.room), std::vector<std::string>{"anyone?"});
  EXPECT_EQ(statuses(seed.room), std::vector<MessageStatus>{MessageStatus::kSent});
  EXPECT_EQ(pair.room(seed.room).messages().at(0).client_id, *client_id);
}

TEST_P(PresetEverySeedWithATypingStop, KeystrokesSendOneStartAndAStopAfterTwoSecondsIdle) {
  const PresetCase& seed = GetParam();
  join(seed.room);
  const auto before = static_cast<std::ptrdiff_t>(backend.arrivals().size());
  const std::int64_t start = pair.now;
  for (int keystroke = 0; keystroke <= 5; ++keystroke) {
    pair.advance_to(start + keystroke * 200);
    pair.client.typing(pair.now, seed.room);
    pair.drive();
  }
  pair.advance_by(5000);
  const std::vector<presets::ScriptedBackend::Arrival> typing(backend.arrivals().begin() + before,
                                                              backend.arrivals().end());
  ASSERT_EQ(typing.size(), 2u);
  EXPECT_EQ(typing[0].at_ms, start);
  EXPECT_EQ(typing[0].event, seed.typing_start(seed.room));
  EXPECT_EQ(typing[1].at_ms, start + 1000 + 2000);
  EXPECT_EQ(typing[1].event, seed.typing_stop(seed.room));
}

TEST_P(PresetEverySeed, OthersTypingShowsOwnIsIgnoredAndTheirMessageEndsIt) {
  const PresetCase& seed = GetParam();
  join(seed.room);
  if (seed.typists_named_by_messages) backend.post(seed.room, seed.other, "hi");
  backend.type(seed.room, seed.other, true);
  pair.drive();
  EXPECT_EQ(pair.room(seed.room).typing_users(), std::vector<chat::User>{seed.other});
  backend.type(seed.room, seed.self, true);  // the same user in another tab
  pair.drive();
  EXPECT_EQ(pair.room(seed.room).typing_users(), std::vector<chat::User>{seed.other});

  const std::size_t arrived_before = pair.events_of<chat::MessageArrived>().size();
  pair.advance_by(1);  // a Date.now() id apart from the first message
  backend.post(seed.room, seed.other, "done typing");
  pair.drive();
  EXPECT_TRUE(pair.room(seed.room).typing_users().empty());
  const auto arrived = pair.events_of<chat::MessageArrived>();
  ASSERT_EQ(arrived.size(), arrived_before + 1);
  EXPECT_EQ(arrived.back().message.author, seed.other);
  EXPECT_EQ(arrived.back().message.text, "done typing");
}

TEST_P(PresetEverySeed, OthersMessagesCountAsUnreadOwnDoNotAndMarkReadClears) {
  const PresetCase& seed = GetParam();
  join(seed.room);
  const std::size_t before = emitted().size();
  // Each message a millisecond after the last: Date.now() ids (express-conversations)
  // would otherwise collide.
  const std::string one = backend.post(seed.room, seed.other, "one");
  pair.advance_by(1);
  const std::string two = backend.post(seed.room, seed.other, "two");
  pair.drive();
  pair.advance_by(1);
  ASSERT_TRUE(pair.client.send(pair.now, seed.room, "mine").ok());
  pair.drive();
  EXPECT_EQ(pair.room(seed.room).unread_count(), 2u);
  EXPECT_EQ(pair.client.chat().unread_total(), 2u);
  ASSERT_EQ(pair.events_of<chat::MessageArrived>().size(), 2u);

  ASSERT_TRUE(pair.client.mark_read(pair.now, seed.room).ok());
  pair.drive();
  EXPECT_EQ(pair.room(seed.room).unread_count(), 0u);
  std::vector<Json> expected{seed.send_event(seed.room, "mine")};
  if (seed.read_receipt != nullptr) {
    expected.push_back(seed.read_receipt(one));
    expected.push_back(seed.read_receipt(two));
  }
  EXPECT_EQ(emitted_since(before), expected) << "receipts only where the seed has them, oldest first";

  pair.advance_by(1);
  backend.post(seed.room, seed.other, "three");
  pair.drive();
  EXPECT_EQ(pair.room(seed.room).unread_count(), 1u);
}

}  // namespace
}  // namespace chatwire::testing::preset_every_seed
