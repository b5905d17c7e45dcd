// SeededRandom: deterministic, platform-independent, and well spread.
#include "util/seeded_random.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace chatwire {
namespace {

TEST(SeededRandomTest, UnitIntervalIsHalfOpen) {
  SeededRandom random(0);
  double low = 1;
  double high = 0;
  for (int i = 0; i < 100000; ++i) {
    const double u = random.next_unit();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    low = std::min(low, u);
    high = std::max(high, u);
  }
  EXPECT_LT(low, 0.001);
  EXPECT_GT(high, 0.999);
}

TEST(SeededRandomTest, SameSeedSameSequence) {
  SeededRandom a(123);
  SeededRandom b(123);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(a.next_u64(), b.next_u64());
}

TEST(SeededRandomTest, UpToStaysWithinItsBoundAndReachesIt) {
  SeededRandom random(5);
  std::set<std::size_t> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::size_t value = random.up_to(7);
    ASSERT_LE(value, 7u);
    seen.insert(value);
  }
  EXPECT_EQ(seen.size(), 8u);
  EXPECT_EQ(random.up_to(0), 0u);
}

}  // namespace
}  // namespace chatwire
