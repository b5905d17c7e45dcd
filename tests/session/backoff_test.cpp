// Backoff: d = min(cap, base * factor^n), spread over [d(1-r), d(1+r)].
#include "session/backoff.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "session/config.h"

namespace chatwire::session {
namespace {

TEST(BackoffTest, DefaultsMatchSocketIoClient) {
  const ReconnectionConfig defaults;
  EXPECT_TRUE(defaults.enabled);
  EXPECT_EQ(defaults.backoff.initial_delay_ms, 1000);
  EXPECT_EQ(defaults.backoff.max_delay_ms, 5000);
  EXPECT_DOUBLE_EQ(defaults.backoff.factor, 2.0);
  EXPECT_DOUBLE_EQ(defaults.backoff.randomization, 0.5);
  EXPECT_EQ(defaults.max_attempts, 0u) << "unlimited by default";
}

TEST(BackoffTest, BaseDelayGrowsThenCaps) {
  const Backoff backoff({1000, 5000, 2.0, 0.5}, 1);
  EXPECT_DOUBLE_EQ(backoff.base_delay_ms(0), 1000);
  EXPECT_DOUBLE_EQ(backoff.base_delay_ms(1), 2000);
  EXPECT_DOUBLE_EQ(backoff.base_delay_ms(2), 4000);
  EXPECT_DOUBLE_EQ(backoff.base_delay_ms(3), 5000);
  EXPECT_DOUBLE_EQ(backoff.base_delay_ms(4000), 5000) << "pow overflow must still cap";
}

TEST(BackoffTest, EveryDelayStaysWithinItsJitterInterval) {
  struct Case {
    BackoffConfig config;
  };
  const Case cases[] = {
      {{1000, 5000, 2.0, 0.5}},
      {{250, 30000, 1.5, 0.2}},
      {{100, 100, 1.0, 1.0}},
      {{333, 7777, 3.0, 0.33}},
  };
  for (const auto& c : cases) {
    for (std::uint64_t seed = 0; seed < 50; ++seed) {
      Backoff backoff(c.config, seed);
      for (std::uint32_t n = 0; n < 40; ++n) {
        const double d =
            std::min(static_cast<double>(c.config.max_delay_ms),
                     static_cast<double>(c.config.initial_delay_ms) * std::pow(c.config.factor, n));
        const double low = d * (1 - c.config.randomization);
        const double high = d * (1 + c.config.randomization);
        const auto delay = static_cast<double>(backoff.delay_ms(n));
        EXPECT_GE(delay, std::ceil(low - 1e-9)) << "seed " << seed << " attempt " << n;
        EXPECT_LE(delay, std::floor(high + 1e-9)) << "seed " << seed << " attempt " << n;
      }
    }
  }
}

TEST(BackoffTest, JitterActuallySpreadsDelays) {
  Backoff backoff({1000, 5000, 2.0, 0.5}, 7);
  std::set<std::int64_t> seen;
  for (int i = 0; i < 100; ++i) seen.insert(backoff.delay_ms(0));
  EXPECT_GT(seen.size(), 50u) << "a crowd of clients must not retry in lockstep";
  EXPECT_LT(*seen.begin(), 700);
  EXPECT_GT(*seen.rbegin(), 1300);
}

TEST(BackoffTest, SameSeedReplaysDifferentSeedDiffers) {
  Backoff a({1000, 5000, 2.0, 0.5}, 99);
  Backoff b({1000, 5000, 2.0, 0.5}, 99);
  Backoff c({1000, 5000, 2.0, 0.5}, 100);
  bool any_difference = false;
  for (std::uint32_t n = 0; n < 10; ++n) {
    const auto delay = a.delay_ms(n);
    EXPECT_EQ(delay, b.delay_ms(n));
    any_difference = any_difference || delay != c.delay_ms(n);
  }
  EXPECT_TRUE(any_difference);
}

TEST(BackoffTest, ZeroRandomizationGivesExactDelays) {
  Backoff backoff({1000, 5000, 2.0, 0.0}, 3);
  EXPECT_EQ(backoff.delay_ms(0), 1000);
  EXPECT_EQ(backoff.delay_ms(1), 2000);
  EXPECT_EQ(backoff.delay_ms(2), 4000);
  EXPECT_EQ(backoff.delay_ms(3), 5000);
  EXPECT_EQ(backoff.delay_ms(100), 5000);
}

}  // namespace
}  // namespace chatwire::session
