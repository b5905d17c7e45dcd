// Tests for util/json's SAX entry points: sax_parse() and validate() accept
// and refuse exactly what parse() does, with the same failure and offset,
// and hand the handler what parse() would have put in the tree.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "util/json.h"

namespace chatwire::json_util {
namespace {

// Writes every callback down, so a test can see what the handler was given.
class Recorder final : public SaxHandler {
 public:
  std::vector<std::string> calls;

  bool null() override { return add("null"); }
  bool boolean(bool value) override { return add(value ? "true" : "false"); }
  bool number_integer(number_integer_t value) override { return add("int " + std::to_string(value)); }
  bool number_unsigned(number_unsigned_t value) override { return add("uint " + std::to_string(value)); }
  bool number_float(number_float_t value, const string_t& /*text*/) override {
    return add("float " + std::to_string(value));
  }
  bool string(string_t& value) override { return add("string " + value); }
  bool start_object(std::size_t /*elements*/) override { return add("{"); }
  bool key(string_t& value) override { return add("key " + value); }
  bool end_object() override { return add("}"); }
  bool start_array(std::size_t /*elements*/) override { return add("["); }
  bool end_array() override { return add("]"); }

 private:
  bool add(std::string call) {
    calls.push_back(std::move(call));
    return true;
  }
};

// sax_parse() and parse() agree on `text`.
void expect_agreement(const std::string& text, std::size_t max_depth = kDefaultMaxDepth) {
  const ParseOutcome dom = parse(text, max_depth);
  Recorder recorder;
  const SaxOutcome sax = sax_parse(text, recorder, max_depth);
  ASSERT_EQ(sax.ok, dom.value.has_value()) << text;
  if (!sax.ok) {
    EXPECT_EQ(sax.failure, dom.failure) << text;
    EXPECT_EQ(sax.error_offset, dom.error_offset) << text;
  }
  const SaxOutcome valid = validate(text, max_depth);
  EXPECT_EQ(valid.ok, sax.ok) << text;
  EXPECT_EQ(valid.failure, sax.failure) << text;
  EXPECT_EQ(valid.error_offset, sax.error_offset) << text;
}

TEST(SaxParse, AgreesWithParseOnAcceptanceFailureAndOffset) {
  for (const char* text : {"1",
                           " [1] ",
                           R"({"a":[1,2.5,"x",true,null]})",
                           "",
                           "[",
                           "[1,,2]",
                           "[1] 2",
                           "{\"a\" 1}",
                           "nul",
                           "[\"\\ud800\"]",
                           "[\"\\udc00\\ud83d\\ude00\"]",
                           "[\"\xff\"]",
                           "[\"\xc3\"]",
                           "[1e400]",
                           "[-1e400]",
                           "[01]",
                           "[\"a\tb\"]",
                           "18446744073709551616",
                           "-9223372036854775809",
                           "[1.5e308]",
                           "{\"a\":1,\"a\":2}"}) {
    expect_agreement(text);
  }
}

TEST(SaxParse, AgreesWithParseOnNlohmannsEdges) {
  // What the one-pass reader must copy from nlohmann's lexer: a leading byte
  // order mark is skipped (a partial one refused), a NUL byte after the value
  // ends the text (and the depth bound still covers what follows it), and
  // integers out of 64-bit range become doubles.
  using namespace std::string_literals;
  for (const std::string& text :
       {"\xEF\xBB\xBF[1]"s, "\xEF\xBB[1]"s, "2\0garbage"s, "[1] \0 ]"s, "\0"s, "[\0]"s, "\"a\0\""s,
        "2\0[[["s, "-0"s, "-0.0"s, "0e0"s, "1E+2"s, "1.e5"s, "-"s, "1."s, "-9223372036854775808"s,
        "18446744073709551615"s, "[\"\\u00e9\\/\\b\\f\\n\\r\\t\"]"s, "[\"\\x\"]"s, "[\"\\u12\"]"s,
        "[\"\xed\xa0\x80\"]"s, "[\"\xf4\x90\x80\x80\"]"s, "[\"\xc0\xaf\"]"s, "{\"a\":}"s, "{,}"s, "[] []"s}) {
    expect_agreement(text);
    expect_agreement(text, 1);
  }
}

TEST(SaxParse, ReadsNumbersAsTheTreeTypesThem) {
  Recorder recorder;
  ASSERT_TRUE(sax_parse("[-0,0,-9223372036854775808,-9223372036854775809,1e2]", recorder).ok);
  const std::vector<std::string> expected = {"[",
                                             "int 0",
                                             "uint 0",
                                             "int -9223372036854775808",
                                             "float " + std::to_string(-9223372036854775809.0),
                                             "float " + std::to_string(100.0),
                                             "]"};
  EXPECT_EQ(recorder.calls, expected);
}

TEST(SaxParse, RefusesDeepNestingWithoutOpeningTheContainerPastTheBound) {
  Recorder recorder;
  const std::string deep = std::string(65, '[') + std::string(65, ']');
  const SaxOutcome outcome = sax_parse(deep, recorder, 64);
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.failure, ParseFailure::kTooDeep);
  EXPECT_EQ(recorder.calls, std::vector<std::string>(64, "[")) << "the 65th is never opened";
  expect_agreement(deep, 64);
  expect_agreement(std::string(64, '[') + std::string(64, ']'), 64);
  expect_agreement(std::string(3, '{') + "}}}", 2);
}

TEST(SaxParse, HandsOnValuesAsTheTreeHoldsThem) {
  Recorder recorder;
  ASSERT_TRUE(
      sax_parse(R"([{"t":"a\ud83d","n":-1,"u":18446744073709551615,"big":18446744073709551616}])", recorder)
          .ok);
  const std::vector<std::string> expected = {"[",       "{",
                                             "key t",   "string a\xef\xbf\xbd",
                                             "key n",   "int -1",
                                             "key u",   "uint 18446744073709551615",
                                             "key big", "float " + std::to_string(18446744073709551616.0),
                                             "}",       "]"};
  EXPECT_EQ(recorder.calls, expected);
}

}  // namespace
}  // namespace chatwire::json_util
