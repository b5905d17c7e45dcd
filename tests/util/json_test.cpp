// Tests for util/json: parsing that cannot abort, the depth guard, error
// offsets, lone-surrogate tolerance, a serializer that never throws, and
// typed field access that never throws.
#include "util/json.h"
#include "util/json_depth.h"

#include <gtest/gtest.h>

#include <string>

namespace chatwire::json_util {
namespace {

std::string nested(std::size_t depth, char open = '[', char close = ']') {
  return std::string(depth, open) + std::string(depth, close);
}

TEST(NestingDepth, CountsArraysAndObjects) {
  EXPECT_EQ(nesting_depth("1", 10), 0u);
  EXPECT_EQ(nesting_depth("[]", 10), 1u);
  EXPECT_EQ(nesting_depth(R"([{"a":[1]},[2]])", 10), 3u);
  EXPECT_EQ(nesting_depth(nested(5, '{', '}'), 10), 5u);
}

TEST(NestingDepth, SkipsBracketsInsideStrings) {
  EXPECT_EQ(nesting_depth(R"(["[[[[", "]]"])", 10), 1u);
  EXPECT_EQ(nesting_depth(R"(["\"[[[", "\\", [1]])", 10), 2u);  // escaped quote, escaped backslash
}

TEST(NestingDepth, StopsOnceOverTheLimit) { EXPECT_EQ(nesting_depth(nested(1000), 3), 4u); }

TEST(Parse, AcceptsValidDocuments) {
  const ParseOutcome outcome = parse(R"({"a":[1,2.5,"x",true,null]})");
  ASSERT_TRUE(outcome.value);
  EXPECT_EQ((*outcome.value)["a"][2], "x");
  EXPECT_TRUE(parse(" [1] ").value);  // surrounding whitespace, as JSON.parse allows
  EXPECT_TRUE(parse("\"text\"").value);
}

TEST(Parse, RefusesSyntaxErrorsWithTheirOffset) {
  const ParseOutcome missing_value = parse("[1,,2]");
  EXPECT_FALSE(missing_value.value);
  EXPECT_EQ(missing_value.failure, ParseFailure::kSyntax);
  EXPECT_EQ(missing_value.error_offset, 3u);  // at the second comma

  const ParseOutcome trailing = parse("[1] x");
  EXPECT_FALSE(trailing.value);
  EXPECT_EQ(trailing.error_offset, 4u);  // at the x

  const ParseOutcome truncated = parse(R"(["some","data")");
  EXPECT_FALSE(truncated.value);
  EXPECT_EQ(truncated.error_offset, 14u);  // the end of the text

  const ParseOutcome empty = parse("");
  EXPECT_FALSE(empty.value);
  EXPECT_EQ(empty.error_offset, 0u);

  EXPECT_FALSE(parse("'single'").value);
  EXPECT_FALSE(parse("[1,]").value);
  EXPECT_FALSE(parse("{\"a\":1,}").value);
  EXPECT_FALSE(parse("NaN").value);
}

// The offset is the first byte at which the text stops being the start of
// any JSON text (json_sax_reader.h): where a reader of the text would point.
TEST(Parse, NamesTheFirstByteThatCannotBeJson) {
  const auto offset = [](std::string_view text) { return parse(text).error_offset; };
  EXPECT_EQ(offset("[tru]"), 4u);                // the literal so far is fine
  EXPECT_EQ(offset("[nul"), 4u);                 // the end of the text
  EXPECT_EQ(offset("[\"a\x01\"]"), 3u);          // an unescaped control character
  EXPECT_EQ(offset("[\"a\\x\"]"), 4u);          // the letter after the backslash
  EXPECT_EQ(offset("[\"\\u12g4\"]"), 6u);        // the first byte that is not hex
  EXPECT_EQ(offset("[\"\xC3(\"]"), 3u);          // a lead byte whose continuation is missing
  EXPECT_EQ(offset("[\"\xE0\x80\x80\"]"), 3u);   // overlong: its second byte is out of range
  EXPECT_EQ(offset("[\"\xFF\"]"), 2u);           // a byte that starts nothing
  EXPECT_EQ(offset("[-x]"), 2u);
  EXPECT_EQ(offset("[1.e5]"), 3u);
  EXPECT_EQ(offset("[1e+]"), 4u);
  EXPECT_EQ(offset("[01]"), 2u);                 // a number after a complete 0
  EXPECT_EQ(offset("[1, 2e400]"), 4u);           // too large for a double: the number's first byte
  EXPECT_EQ(offset("{\"a\" 1}"), 5u);            // the colon is missing
  EXPECT_EQ(offset("{1:2}"), 1u);                // a key must be a string
}

TEST(Parse, RefusesDeepNestingBeforeParsing) {
  EXPECT_TRUE(parse(nested(64)).value);
  const ParseOutcome too_deep = parse(nested(65));
  EXPECT_FALSE(too_deep.value);
  EXPECT_EQ(too_deep.failure, ParseFailure::kTooDeep);
  EXPECT_EQ(parse(nested(100'000)).failure, ParseFailure::kTooDeep);  // no stack overflow
  EXPECT_EQ(parse(nested(3), 2).failure, ParseFailure::kTooDeep);
  // An unbalanced document deeper than the limit is refused for its depth.
  EXPECT_EQ(parse(std::string(100, '[')).failure, ParseFailure::kTooDeep);
}

TEST(Parse, RefusesInvalidUtf8InStrings) {
  EXPECT_FALSE(parse("[\"\xFF\"]").value);
  EXPECT_FALSE(parse("[\"\xC0\xAF\"]").value);      // overlong
  EXPECT_FALSE(parse("[\"\xED\xA0\x80\"]").value);  // encoded surrogate
  EXPECT_FALSE(parse("[\"caf\xC3\"]").value);       // truncated sequence
  EXPECT_TRUE(parse("[\"caf\xC3\xA9 \xF0\x9F\x98\x80\"]").value);
}

// JSON.stringify("\ud83d") is "\"\\ud83d\"" (well-formed JSON.stringify,
// ES2019): a lone surrogate survives as an escape, and JSON.parse accepts it.
TEST(Parse, ReadsLoneSurrogateEscapesAsReplacementCharacter) {
  const std::string replacement = "\xEF\xBF\xBD";
  const auto parsed_string = [](const std::string& text) {
    const ParseOutcome outcome = parse(text);
    return outcome.value && outcome.value->is_array() ? (*outcome.value)[0].get<std::string>() : "<refused>";
  };
  EXPECT_EQ(parsed_string(R"(["\ud83d"])"), replacement);                      // lone high
  EXPECT_EQ(parsed_string(R"(["\ude00"])"), replacement);                      // lone low
  EXPECT_EQ(parsed_string(R"(["a\uD83Db"])"), "a" + replacement + "b");        // upper-case hex
  EXPECT_EQ(parsed_string(R"(["\ud83d\ud83d"])"), replacement + replacement);  // high then high
  EXPECT_EQ(parsed_string(R"(["\ude00\ud83d"])"), replacement + replacement);  // low then high
  EXPECT_EQ(parsed_string(R"(["\ud83d\u0041"])"), replacement + "A");
  // Proper pairs and other escapes are untouched.
  EXPECT_EQ(parsed_string(R"(["\ud83d\ude00"])"), "\xF0\x9F\x98\x80");
  EXPECT_EQ(parsed_string(R"(["\u00e9\n"])"), "\xC3\xA9\n");
  // An escaped backslash followed by "ud83d" is text, not an escape.
  EXPECT_EQ(parsed_string(R"(["\\ud83d"])"), "\\ud83d");
  // Object keys get the same treatment.
  const ParseOutcome object = parse(R"({"\ud800":1})");
  ASSERT_TRUE(object.value);
  EXPECT_TRUE(object.value->contains(replacement));
  // Malformed escapes are still refused.
  EXPECT_FALSE(parse(R"(["\ud83"])").value);
  EXPECT_FALSE(parse(R"(["\u"])").value);
  EXPECT_FALSE(parse(R"(["\)").value);
}

TEST(Dump, IsCompact) {
  EXPECT_EQ(dump(Json::parse(R"({ "a" : [ 1 , "x" ] })")), R"({"a":[1,"x"]})");
  EXPECT_EQ(dump(Json("caf\xC3\xA9")), "\"caf\xC3\xA9\"");  // UTF-8 kept, not \u-escaped
  EXPECT_EQ(dump(Json("\x1e")), "\"\\u001e\"");             // control characters escaped
  EXPECT_EQ(dump(Json("\b\f\t")), "\"\\b\\f\\t\"");        // short forms where JSON has them
  EXPECT_EQ(dump(Json::parse("[1.0, -0.0, 2.5e-7, 1e300]")), "[1.0,-0.0,2.5e-07,1e+300]");  // nlohmann's float forms
}

TEST(Dump, ReplacesInvalidUtf8InsteadOfThrowing) {
  EXPECT_EQ(dump(Json("a\xFF"
                      "b")),
            "\"a\xEF\xBF\xBD"
            "b\"");
  Json object = Json::object();
  object["k\xC3"] = Json::array({"\xED\xA0\x80"});
  const std::string text = dump(object);
  EXPECT_TRUE(parse(text).value) << text;  // what we write, we can read back
}

TEST(FieldAccess, FindsOnlyInObjects) {
  const Json doc = Json::parse(R"({"s":"x","i":-5,"u":18446744073709551615,"f":1.5,"n":null,"b":true})");
  EXPECT_NE(find(doc, "s"), nullptr);
  EXPECT_EQ(find(doc, "missing"), nullptr);
  EXPECT_EQ(find(Json::array({1}), "s"), nullptr);
  EXPECT_EQ(find(Json("s"), "s"), nullptr);
}

TEST(FieldAccess, GetStringChecksTheType) {
  const Json doc = Json::parse(R"({"s":"x","i":1,"n":null})");
  EXPECT_EQ(get_string(doc, "s"), "x");
  EXPECT_EQ(get_string(doc, "i"), std::nullopt);
  EXPECT_EQ(get_string(doc, "n"), std::nullopt);
  EXPECT_EQ(get_string(doc, "missing"), std::nullopt);
  EXPECT_EQ(get_string(Json::array(), "s"), std::nullopt);
}

TEST(FieldAccess, GetIntChecksTypeAndRange) {
  const Json doc = Json::parse(
      R"({"i":-5,"big":9223372036854775807,"too_big":9223372036854775808,"f":1.5,"whole_float":2.0,"s":"1"})");
  EXPECT_EQ(get_int(doc, "i"), -5);
  EXPECT_EQ(get_int(doc, "big"), INT64_MAX);
  EXPECT_EQ(get_int(doc, "too_big"), std::nullopt);  // does not wrap to a negative value
  EXPECT_EQ(get_int(doc, "f"), std::nullopt);
  EXPECT_EQ(get_int(doc, "whole_float"), std::nullopt);  // 2.0 is a float in the document
  EXPECT_EQ(get_int(doc, "s"), std::nullopt);
  EXPECT_EQ(get_int(doc, "missing"), std::nullopt);
}

}  // namespace
}  // namespace chatwire::json_util
