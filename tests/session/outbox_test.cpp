// Outbox (bounded, ordered) and AckTracker (deadlines, ordered drain).
#include "session/outbox.h"

#include <gtest/gtest.h>

namespace chatwire::session {
namespace {

PendingEmit emit(EmitId id, std::optional<std::int64_t> ack_timeout = std::nullopt) {
  return PendingEmit{id, "42[\"e" + std::to_string(id) + "\"]", ack_timeout, false};
}

TEST(OutboxTest, PopsOldestFirst) {
  Outbox outbox(8);
  for (EmitId id = 1; id <= 3; ++id) ASSERT_TRUE(outbox.push(emit(id)));
  EXPECT_EQ(outbox.pop()->id, 1u);
  EXPECT_EQ(outbox.pop()->id, 2u);
  EXPECT_EQ(outbox.pop()->id, 3u);
  EXPECT_FALSE(outbox.pop());
}

TEST(OutboxTest, RefusesWhenFullAndKeepsWhatItHas) {
  Outbox outbox(2);
  EXPECT_TRUE(outbox.push(emit(1)));
  EXPECT_TRUE(outbox.push(emit(2)));
  EXPECT_FALSE(outbox.push(emit(3)));
  EXPECT_EQ(outbox.size(), 2u);
  EXPECT_EQ(outbox.pop()->id, 1u);
  EXPECT_TRUE(outbox.push(emit(4))) << "room again after a pop";
}

TEST(OutboxTest, RequeuedEmitsGoInFrontInTheirOrderEvenPastCapacity) {
  Outbox outbox(2);
  ASSERT_TRUE(outbox.push(emit(5)));
  ASSERT_TRUE(outbox.push(emit(6)));
  outbox.requeue_front({emit(2), emit(3)});
  EXPECT_EQ(outbox.size(), 4u);
  std::vector<EmitId> order;
  for (const auto& e : outbox.drain()) order.push_back(e.id);
  EXPECT_EQ(order, (std::vector<EmitId>{2, 3, 5, 6}));
  EXPECT_EQ(outbox.size(), 0u);
}

TEST(AckTrackerTest, TakeRemovesAndReturnsTheEmit) {
  AckTracker acks;
  acks.track(100, emit(7, 500));
  EXPECT_EQ(acks.next_deadline(), 600);
  auto taken = acks.take(7);
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->id, 7u);
  EXPECT_FALSE(acks.take(7)) << "an ack is consumed once";
  EXPECT_FALSE(acks.next_deadline());
}

TEST(AckTrackerTest, ExpiresExactlyAtDeadlineInDeadlineOrder) {
  AckTracker acks;
  acks.track(0, emit(1, 300));
  acks.track(0, emit(2, 100));
  acks.track(0, emit(3, 200));
  EXPECT_TRUE(acks.expire(99).empty());
  EXPECT_EQ(acks.expire(200), (std::vector<EmitId>{2, 3}));
  EXPECT_EQ(acks.next_deadline(), 300);
  EXPECT_EQ(acks.expire(1000), (std::vector<EmitId>{1}));
  EXPECT_EQ(acks.size(), 0u);
}

TEST(AckTrackerTest, DrainReturnsEmitOrder) {
  AckTracker acks;
  acks.track(0, emit(3, 50));
  acks.track(0, emit(1, 500));
  acks.track(0, emit(2, 5));
  std::vector<EmitId> order;
  for (const auto& e : acks.drain()) order.push_back(e.id);
  EXPECT_EQ(order, (std::vector<EmitId>{1, 2, 3}));
  EXPECT_FALSE(acks.next_deadline());
}

}  // namespace
}  // namespace chatwire::session
