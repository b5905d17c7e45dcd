// TypingTracker: indicators with a time-to-live, so none can stick.
#include "chat/typing_tracker.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace chatwire::chat {
namespace {

User user(const std::string& id, const std::string& name = "") { return User{id, name}; }

std::vector<std::string> ids(const TypingTracker& tracker) {
  std::vector<std::string> result;
  for (const User& u : tracker.users()) result.push_back(u.id);
  return result;
}

TEST(TypingTrackerTest, LostStopClearsExactlyWhenTheTtlRunsOut) {
  TypingTracker tracker;  // 6000 ms
  EXPECT_EQ(tracker.next_deadline(), std::nullopt);
  EXPECT_TRUE(tracker.on_typing(1000, user("u1", "Ann"), true, std::nullopt));
  EXPECT_EQ(ids(tracker), std::vector<std::string>{"u1"});
  EXPECT_EQ(tracker.next_deadline(), 7000);
  EXPECT_FALSE(tracker.handle_timeout(6999)) << "early: nothing expires";
  EXPECT_EQ(ids(tracker), std::vector<std::string>{"u1"});
  EXPECT_TRUE(tracker.handle_timeout(7000));
  EXPECT_TRUE(tracker.users().empty());
  EXPECT_EQ(tracker.next_deadline(), std::nullopt);
  EXPECT_FALSE(tracker.handle_timeout(7000)) << "a spurious call is a no-op";
}

TEST(TypingTrackerTest, RefreshExtendsTheTtlWithoutAChange) {
  TypingTracker tracker(6000);
  EXPECT_TRUE(tracker.on_typing(0, user("u1", "Ann"), true, std::nullopt));
  EXPECT_FALSE(tracker.on_typing(3000, user("u1", "Ann"), true, std::nullopt)) << "same set shown";
  EXPECT_EQ(tracker.next_deadline(), 9000);
  EXPECT_FALSE(tracker.handle_timeout(6000)) << "the first TTL no longer applies";
  EXPECT_EQ(ids(tracker), std::vector<std::string>{"u1"});
  EXPECT_TRUE(tracker.handle_timeout(9000));
  EXPECT_TRUE(tracker.users().empty());
}

TEST(TypingTrackerTest, StopClearsAtOnce) {
  TypingTracker tracker;
  ASSERT_TRUE(tracker.on_typing(0, user("u1"), true, std::nullopt));
  EXPECT_TRUE(tracker.on_typing(10, user("u1"), false, std::nullopt));
  EXPECT_TRUE(tracker.users().empty());
  EXPECT_EQ(tracker.next_deadline(), std::nullopt);
  EXPECT_FALSE(tracker.on_typing(20, user("u1"), false, std::nullopt)) << "a second stop changes nothing";
  EXPECT_FALSE(tracker.on_typing(20, user("u9"), false, std::nullopt)) << "a stop from a non-typer neither";
}

TEST(TypingTrackerTest, ServerTtlReplacesTheDefaultAndIsCapped) {
  TypingTracker tracker(6000);
  tracker.on_typing(0, user("short"), true, 2000);
  tracker.on_typing(0, user("long"), true, 10'000);
  tracker.on_typing(0, user("huge"), true, 3'600'000);
  tracker.on_typing(0, user("zero"), true, 0);
  tracker.on_typing(0, user("negative"), true, -5);
  EXPECT_EQ(tracker.next_deadline(), 2000);
  EXPECT_TRUE(tracker.handle_timeout(2000));
  EXPECT_EQ(ids(tracker), (std::vector<std::string>{"long", "huge", "zero", "negative"}));
  EXPECT_TRUE(tracker.handle_timeout(6000)) << "0 and negative TTLs fall back to the default";
  EXPECT_EQ(ids(tracker), (std::vector<std::string>{"long", "huge"}));
  EXPECT_TRUE(tracker.handle_timeout(10'000));
  EXPECT_EQ(ids(tracker), std::vector<std::string>{"huge"});
  EXPECT_EQ(tracker.next_deadline(), TypingTracker::kMaxServerTtlMs);
  EXPECT_TRUE(tracker.handle_timeout(TypingTracker::kMaxServerTtlMs));
  EXPECT_TRUE(tracker.users().empty());
}

TEST(TypingTrackerTest, OrderIsTheOrderTypingStarted) {
  TypingTracker tracker;
  tracker.on_typing(0, user("c"), true, std::nullopt);
  tracker.on_typing(1, user("a"), true, std::nullopt);
  tracker.on_typing(2, user("b"), true, std::nullopt);
  tracker.on_typing(3, user("c"), true, std::nullopt);  // refresh: keeps its place
  EXPECT_EQ(ids(tracker), (std::vector<std::string>{"c", "a", "b"}));
  tracker.on_typing(4, user("a"), false, std::nullopt);
  tracker.on_typing(5, user("a"), true, std::nullopt);  // started again: goes last
  EXPECT_EQ(ids(tracker), (std::vector<std::string>{"c", "b", "a"}));
}

TEST(TypingTrackerTest, ClearAndClearAll) {
  TypingTracker tracker;
  tracker.on_typing(0, user("u1"), true, std::nullopt);
  tracker.on_typing(0, user("u2"), true, std::nullopt);
  tracker.on_typing(0, user("u3"), true, std::nullopt);
  EXPECT_TRUE(tracker.clear("u2"));
  EXPECT_FALSE(tracker.clear("u2"));
  EXPECT_FALSE(tracker.clear(""));
  EXPECT_EQ(ids(tracker), (std::vector<std::string>{"u1", "u3"}));
  EXPECT_TRUE(tracker.clear_all());
  EXPECT_TRUE(tracker.users().empty());
  EXPECT_EQ(tracker.next_deadline(), std::nullopt);
  EXPECT_FALSE(tracker.clear_all());
}

TEST(TypingTrackerTest, ALaterSignalFillsInTheName) {
  TypingTracker tracker;
  EXPECT_TRUE(tracker.on_typing(0, user("u1"), true, std::nullopt));  // nest: id only
  EXPECT_EQ(tracker.users().front(), user("u1", ""));
  EXPECT_TRUE(tracker.on_typing(100, user("u1", "Ann"), true, std::nullopt)) << "the shown name changed";
  EXPECT_EQ(tracker.users().front(), user("u1", "Ann"));
  EXPECT_FALSE(tracker.on_typing(200, user("u1"), true, std::nullopt)) << "an id-only refresh keeps the name";
  EXPECT_EQ(tracker.users().front(), user("u1", "Ann"));
}

TEST(TypingTrackerTest, KeyedByNameForNameIdentifiedBackends) {
  TypingTracker tracker(6000, 64, UserKeyField::kName);
  EXPECT_TRUE(tracker.on_typing(0, User{"", "ann"}, true, std::nullopt));
  EXPECT_FALSE(tracker.on_typing(1, User{"", "ann"}, true, std::nullopt));
  EXPECT_EQ(tracker.users().size(), 1u);
  EXPECT_TRUE(tracker.clear("ann"));
  EXPECT_FALSE(tracker.on_typing(2, User{"id-only", ""}, true, std::nullopt)) << "no key: ignored";
  EXPECT_TRUE(tracker.users().empty());
}

TEST(TypingTrackerTest, SignalsWithoutAKeyAreIgnored) {
  TypingTracker tracker;
  EXPECT_FALSE(tracker.on_typing(0, User{"", "Ann"}, true, std::nullopt));
  EXPECT_TRUE(tracker.users().empty());
}

TEST(TypingTrackerTest, BoundedNewTypersAreIgnoredWhileFull) {
  TypingTracker tracker(6000, 2);
  EXPECT_TRUE(tracker.on_typing(0, user("u1"), true, std::nullopt));
  EXPECT_TRUE(tracker.on_typing(0, user("u2"), true, std::nullopt));
  EXPECT_FALSE(tracker.on_typing(0, user("u3"), true, std::nullopt));
  EXPECT_EQ(ids(tracker), (std::vector<std::string>{"u1", "u2"}));
  EXPECT_FALSE(tracker.on_typing(1000, user("u2"), true, std::nullopt)) << "those shown still refresh";
  EXPECT_EQ(tracker.next_deadline(), 6000);
  EXPECT_TRUE(tracker.clear("u1"));
  EXPECT_TRUE(tracker.on_typing(2000, user("u3"), true, std::nullopt)) << "room again";
  EXPECT_EQ(ids(tracker), (std::vector<std::string>{"u2", "u3"}));
}

TEST(TypingTrackerTest, ExpiresSeveralAtOnceAndKeepsTheRestInOrder) {
  TypingTracker tracker(1000);
  tracker.on_typing(0, user("a"), true, std::nullopt);
  tracker.on_typing(500, user("b"), true, std::nullopt);
  tracker.on_typing(100, user("c"), true, std::nullopt);
  tracker.on_typing(900, user("d"), true, std::nullopt);
  EXPECT_EQ(tracker.next_deadline(), 1000);
  EXPECT_TRUE(tracker.handle_timeout(1200)) << "a late timer expires everything due";
  EXPECT_EQ(ids(tracker), (std::vector<std::string>{"b", "d"}));
  EXPECT_EQ(tracker.next_deadline(), 1500);
}

}  // namespace
}  // namespace chatwire::chat
