// Tests for util/json_compact.h. It runs at compile time, so most of these
// are static_asserts: a broken compaction does not build.
#include "util/json_compact.h"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <string_view>

namespace chatwire::json_util {
namespace {

// The compacted text, as a std::string (at run time).
std::string compacted(std::string_view text, std::string_view dropped_key = "comment") {
  std::string out(compact_json(text, dropped_key, nullptr), '\0');
  compact_json(text, dropped_key, out.data());
  return out;
}

// The same at compile time, for the static_asserts (up to 64 bytes).
struct Fixed {
  std::array<char, 64> text{};
  std::size_t size = 0;
  [[nodiscard]] constexpr bool operator==(std::string_view expected) const {
    return std::string_view(text.data(), size) == expected;
  }
};
constexpr Fixed compact_fixed(std::string_view text) {
  Fixed out;
  out.size = compact_json(text, "comment", out.text.data());
  return out;
}

static_assert(compact_fixed(R"({ "a" : [1, 2],  "b": "x y" })") == R"({"a":[1,2],"b":"x y"})");
static_assert(compact_fixed(R"({"comment": "first", "a": 1})") == R"({"a":1})");
static_assert(compact_fixed(R"({"a": 1, "comment": ["last", {"x": "]"}]})") == R"({"a":1})");
static_assert(compact_fixed(R"({"a": {"comment": "inner", "b": true}, "c": null})") == R"({"a":{"b":true},"c":null})");
static_assert(compact_fixed(R"({"comment": 12})") == "{}");
static_assert(compact_fixed(R"(["comment", "comment:"])") == R"(["comment","comment:"])");  // values stay
static_assert(compact_fixed(R"({"a": "say \"comment\": no"})") == R"({"a":"say \"comment\": no"})");

TEST(CompactJson, SizesAndWritesAlike) {
  const std::string text = R"({
    "name": "x",
    "comment": ["a", "b"],
    "nested": {"list": [1, -2.5e3, false], "comment": "gone"}
  })";
  EXPECT_EQ(compacted(text), R"({"name":"x","nested":{"list":[1,-2.5e3,false]}})");
  EXPECT_EQ(compacted(text, "nested"), R"({"name":"x","comment":["a","b"]})");
}

}  // namespace
}  // namespace chatwire::json_util
