// ISO 8601 and epoch timestamps to epoch ms. Expected values computed with
// Python's datetime.fromisoformat(...).timestamp().
#include "dialect/timestamp.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace chatwire::dialect {
namespace {

constexpr std::int64_t kSeedJoin = 1'731'788'130'000;  // 2024-11-16T20:15:30Z (seed 001)

TEST(Iso8601Test, UtcWithZ) {
  EXPECT_EQ(parse_iso8601_ms("2024-11-16T20:15:30Z"), kSeedJoin);
  EXPECT_EQ(parse_iso8601_ms("2024-11-16T20:25:45Z"), 1'731'788'745'000);
  EXPECT_EQ(parse_iso8601_ms("2024-11-16t20:15:30z"), kSeedJoin) << "RFC 3339 allows lower case";
}

TEST(Iso8601Test, JavaScriptToIsoStringMilliseconds) {
  EXPECT_EQ(parse_iso8601_ms("2024-11-16T20:15:30.123Z"), kSeedJoin + 123);
  EXPECT_EQ(parse_iso8601_ms("2024-11-16T20:15:30.1Z"), kSeedJoin + 100);
  EXPECT_EQ(parse_iso8601_ms("2024-11-16T20:15:30.12Z"), kSeedJoin + 120);
}

TEST(Iso8601Test, PythonIsoformatNaiveWithMicrosecondsIsUtcTruncatedToMs) {
  EXPECT_EQ(parse_iso8601_ms("2025-01-15T10:30:00.123456"), 1'736'937'000'123);
  EXPECT_EQ(parse_iso8601_ms("2025-01-15T10:30:00.999999"), 1'736'937'000'999) << "truncated, not rounded";
  EXPECT_EQ(parse_iso8601_ms("2024-11-16T20:15:30"), kSeedJoin);
}

TEST(Iso8601Test, PythonAwareIsoformatAndStrWithSpace) {
  EXPECT_EQ(parse_iso8601_ms("2024-11-16T20:15:30.000000+00:00"), kSeedJoin);
  EXPECT_EQ(parse_iso8601_ms("2024-11-16 20:15:30.5"), kSeedJoin + 500);
}

TEST(Iso8601Test, Offsets) {
  EXPECT_EQ(parse_iso8601_ms("2024-11-16T21:45:30+01:30"), kSeedJoin);
  EXPECT_EQ(parse_iso8601_ms("2024-11-16T21:45:30+0130"), kSeedJoin);
  EXPECT_EQ(parse_iso8601_ms("2024-11-16T22:15:30+02"), kSeedJoin);
  EXPECT_EQ(parse_iso8601_ms("2024-11-16T15:15:30-05:00"), kSeedJoin);
  EXPECT_EQ(parse_iso8601_ms("2024-11-17T00:15:30+04:00"), kSeedJoin) << "crosses midnight";
}

TEST(Iso8601Test, MinutesWithoutSecondsAndDateOnly) {
  EXPECT_EQ(parse_iso8601_ms("2024-11-16T20:15Z"), kSeedJoin - 30'000);
  EXPECT_EQ(parse_iso8601_ms("2024-11-16"), 1'731'715'200'000);
}

TEST(Iso8601Test, CalendarEdges) {
  EXPECT_EQ(parse_iso8601_ms("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_iso8601_ms("1969-12-31T23:59:59.999Z"), -1);
  EXPECT_EQ(parse_iso8601_ms("2024-02-29T12:00:00Z"), 1'709'208'000'000) << "leap year";
  EXPECT_EQ(parse_iso8601_ms("2000-03-01T00:00:00Z"), 951'868'800'000) << "2000 is a leap year";
  EXPECT_EQ(parse_iso8601_ms("0001-01-01T00:00:00Z"), -62'135'596'800'000);
  EXPECT_EQ(parse_iso8601_ms("9999-12-31T23:59:59.999Z"), 253'402'300'799'999);
}

TEST(Iso8601Test, LeapSecondCountsAsTheNextSecond) {
  EXPECT_EQ(parse_iso8601_ms("2016-12-31T23:59:60Z"), parse_iso8601_ms("2017-01-01T00:00:00Z"));
}

TEST(Iso8601Test, RefusesImpossibleDatesAndTimes) {
  for (const char* text :
       {"2023-02-29T00:00:00Z", "1900-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-01-00",
        "2024-01-01T24:00:00Z", "2024-01-01T23:60:00Z", "2024-01-01T23:59:61Z", "2024-01-01T00:00:00+24:00",
        "2024-01-01T00:00:00+01:60"}) {
    EXPECT_FALSE(parse_iso8601_ms(text)) << text;
  }
}

TEST(Iso8601Test, RefusesMalformedText) {
  for (const char* text : {"",
                           "2024",
                           "2024-1-01",
                           "24-01-01",
                           "2024/01/01",
                           "2024-01-01T",
                           "2024-01-01T1:00",
                           "2024-01-01T10",
                           "2024-01-01T10:00:00.",
                           "2024-01-01T10:00:00.Z",
                           "2024-01-01T10:00:00ZZ",
                           "2024-01-01T10:00:00+1",
                           "2024-01-01T10:00:00+01:",
                           "2024-01-01T10:00:00 UTC",
                           "2024-01-01X10:00:00",
                           " 2024-01-01",
                           "2024-01-01 ",
                           "Sat, 16 Nov 2024 20:15:30 GMT",
                           "1731788130000",
                           "+2024-01-01"}) {
    EXPECT_FALSE(parse_iso8601_ms(text)) << "'" << text << "'";
  }
}

TEST(EpochTest, IntegersInEitherUnit) {
  EXPECT_EQ(epoch_to_ms(std::int64_t{1'731'788'130'000}, EpochUnit::kMilliseconds), kSeedJoin);
  EXPECT_EQ(epoch_to_ms(std::int64_t{1'731'788'130}, EpochUnit::kSeconds), kSeedJoin);
  EXPECT_EQ(epoch_to_ms(std::int64_t{-5}, EpochUnit::kSeconds), -5000);
}

TEST(EpochTest, FractionalSecondsRoundToTheNearestMillisecond) {
  EXPECT_EQ(epoch_to_ms(1'731'788'130.1234, EpochUnit::kSeconds), kSeedJoin + 123);
  EXPECT_EQ(epoch_to_ms(1'731'788'130.1236, EpochUnit::kSeconds), kSeedJoin + 124);
  EXPECT_EQ(epoch_to_ms(12.6, EpochUnit::kMilliseconds), 13);
}

TEST(EpochTest, RefusesOutOfRangeAndNonFinite) {
  EXPECT_EQ(epoch_to_ms(kMaxEpochMs, EpochUnit::kMilliseconds), kMaxEpochMs);
  EXPECT_FALSE(epoch_to_ms(kMaxEpochMs + 1, EpochUnit::kMilliseconds));
  EXPECT_FALSE(epoch_to_ms(std::numeric_limits<std::int64_t>::max(), EpochUnit::kSeconds)) << "no overflow";
  EXPECT_FALSE(epoch_to_ms(std::numeric_limits<std::int64_t>::min(), EpochUnit::kSeconds));
  EXPECT_FALSE(epoch_to_ms(std::nan(""), EpochUnit::kSeconds));
  EXPECT_FALSE(epoch_to_ms(std::numeric_limits<double>::infinity(), EpochUnit::kMilliseconds));
  EXPECT_FALSE(epoch_to_ms(1e300, EpochUnit::kSeconds));
}

}  // namespace
}  // namespace chatwire::dialect
