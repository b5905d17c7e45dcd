// Field paths and the typed reading of wire values.
#include "dialect/field_path.h"

#include <gtest/gtest.h>

namespace chatwire::dialect {
namespace {

using json_util::Json;

FieldPath path(std::string_view text) {
  std::optional<FieldPath> parsed = parse_field_path(text);
  EXPECT_TRUE(parsed) << text;
  return parsed.value_or(FieldPath{});
}

TEST(FieldPathTest, SplitsAtDots) {
  EXPECT_EQ(path("sender.username").segments, (std::vector<std::string>{"sender", "username"}));
  EXPECT_EQ(path("id").segments, (std::vector<std::string>{"id"}));
  EXPECT_EQ(path("sender.username").text, "sender.username");
}

TEST(FieldPathTest, RefusesEmptySegmentsAndOverlongPaths) {
  for (const char* text : {"", ".", "a.", ".a", "a..b"}) EXPECT_FALSE(parse_field_path(text)) << text;
  std::string deep = "a";
  for (std::size_t i = 1; i < kMaxPathSegments; ++i) deep += ".a";
  EXPECT_TRUE(parse_field_path(deep));
  EXPECT_FALSE(parse_field_path(deep + ".a"));
  EXPECT_FALSE(parse_field_path(std::string(kMaxPathLength + 1, 'x')));
}

TEST(FieldPathTest, LookupWalksObjectsAndArrayIndexes) {
  const Json doc = Json::parse(R"({"author": {"id": 7, "tags": ["a", "b"]}, "n": null})");
  EXPECT_EQ(*lookup(doc, path("author.id")), 7);
  EXPECT_EQ(*lookup(doc, path("author.tags.1")), "b");
  EXPECT_EQ(lookup(doc, path("author.tags.2")), nullptr) << "past the end";
  EXPECT_EQ(lookup(doc, path("author.tags.x")), nullptr) << "not an index";
  EXPECT_EQ(lookup(doc, path("author.tags.-1")), nullptr);
  EXPECT_EQ(lookup(doc, path("author.id.deeper")), nullptr) << "crosses a number";
  EXPECT_EQ(lookup(doc, path("missing")), nullptr);
  EXPECT_EQ(lookup(doc, path("n")), nullptr) << "null reads as absent";
  EXPECT_EQ(lookup(Json("text"), path("a")), nullptr);
}

TEST(ReadValueTest, IdsAreStringsOrIntegersInDecimal) {
  EXPECT_EQ(read_id(Json("abc")), "abc");
  EXPECT_EQ(read_id(Json(123)), "123");
  EXPECT_EQ(read_id(Json(-4)), "-4");
  EXPECT_EQ(read_id(Json(18446744073709551615ULL)), "18446744073709551615");
  EXPECT_FALSE(read_id(Json(1.5)));
  EXPECT_FALSE(read_id(Json(3.0))) << "a float is not an id";
  EXPECT_FALSE(read_id(Json(true)));
  EXPECT_FALSE(read_id(Json::object()));
  EXPECT_FALSE(read_id(Json::array()));
}

TEST(ReadValueTest, TextIntAndBoolAreStrict) {
  EXPECT_EQ(read_text(Json("hi")), "hi");
  EXPECT_FALSE(read_text(Json(1)));
  EXPECT_EQ(read_int(Json(42)), 42);
  EXPECT_EQ(read_int(Json(9223372036854775807ULL)), INT64_MAX);
  EXPECT_FALSE(read_int(Json(9223372036854775808ULL)));
  EXPECT_FALSE(read_int(Json(4.0)));
  EXPECT_FALSE(read_int(Json("4")));
  EXPECT_EQ(read_bool(Json(false)), false);
  EXPECT_FALSE(read_bool(Json(0)));
  EXPECT_FALSE(read_bool(Json("true")));
}

TEST(ReadValueTest, TimestampsFromStringsAndNumbers) {
  EXPECT_EQ(read_timestamp_ms(Json("2024-11-16T20:15:30Z"), EpochUnit::kSeconds), 1'731'788'130'000);
  EXPECT_EQ(read_timestamp_ms(Json(1'731'788'130), EpochUnit::kSeconds), 1'731'788'130'000);
  EXPECT_EQ(read_timestamp_ms(Json(1'731'788'130'000), EpochUnit::kMilliseconds), 1'731'788'130'000);
  EXPECT_EQ(read_timestamp_ms(Json(1'731'788'130.5), EpochUnit::kSeconds), 1'731'788'130'500);
  EXPECT_FALSE(read_timestamp_ms(Json("yesterday"), EpochUnit::kSeconds));
  EXPECT_FALSE(read_timestamp_ms(Json(true), EpochUnit::kSeconds));
  EXPECT_FALSE(read_timestamp_ms(Json(18446744073709551615ULL), EpochUnit::kMilliseconds));
}

}  // namespace
}  // namespace chatwire::dialect
