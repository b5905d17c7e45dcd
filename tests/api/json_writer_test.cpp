// JsonWriter: punctuation, numbers at their limits, and strings that always
// come out as JSON whatever bytes went in.
#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "api/core_api_driver.h"
#include "api/json_writer.h"
#include "util/seeded_random.h"
#include "util/utf8.h"

namespace chatwire::testing {
namespace {

using api::JsonWriter;

TEST(JsonWriter, NestsAndSeparates) {
  JsonWriter out;
  out.begin_object()
      .string("a", "x")
      .key("b")
      .begin_array()
      .number(1)
      .begin_object()
      .end_object()
      .begin_array()
      .end_array()
      .null()
      .boolean(false)
      .end_array()
      .string_or_null("c", "")
      .string_or_null("d", "y")
      .key("e")
      .raw(R"({"z":[1]})")
      .end_object();
  EXPECT_EQ(out.text(), R"({"a":"x","b":[1,{},[],null,false],"c":null,"d":"y","e":{"z":[1]}})");
  EXPECT_EQ(out.take(), R"({"a":"x","b":[1,{},[],null,false],"c":null,"d":"y","e":{"z":[1]}})");
  EXPECT_EQ(out.text(), "");
  out.begin_array().end_array();
  EXPECT_EQ(out.text(), "[]") << "take() starts over: no stray comma";
}

TEST(JsonWriter, NumbersAtTheirLimits) {
  JsonWriter out;
  out.begin_array()
      .number(std::numeric_limits<std::int64_t>::min())
      .number(std::numeric_limits<std::int64_t>::max())
      .number(std::numeric_limits<std::uint64_t>::max())
      .number(std::uint32_t{0})
      .number(-1)
      .end_array();
  EXPECT_EQ(out.text(), "[-9223372036854775808,9223372036854775807,18446744073709551615,0,-1]");
}

TEST(JsonWriter, EscapesWhatJsonRequires) {
  JsonWriter out;
  std::string text = "q\" b\\ n\n r\r t\t nul";
  text += '\0';
  text += "\x01\x1f\x7f/";
  out.string(text);
  EXPECT_EQ(out.text(), R"("q\" b\\ n\n r\r t\t nul\u0000\u0001\u001f)"
                        "\x7f"
                        R"(/")");
}

TEST(JsonWriter, KeepsValidUtf8AndReplacesTheRest) {
  JsonWriter out;
  out.string("caf\xC3\xA9 \xF0\x9F\x91\x8B \xE2\x82\xAC");
  EXPECT_EQ(out.text(), "\"caf\xC3\xA9 \xF0\x9F\x91\x8B \xE2\x82\xAC\"");
  out.take();
  out.string(
      "a\xff"
      "b\xC3"
      "c\xED\xA0\x80");  // stray byte, truncated sequence, encoded surrogate
  EXPECT_EQ(out.text(),
            "\"a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD"
            "c\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

TEST(JsonWriter, AnyBytesMakeAStringThatParsesBackToItsValidPart) {
  for (std::uint64_t seed = 1; seed <= 500; ++seed) {
    SeededRandom random(seed);
    std::string bytes(random.up_to(64), '\0');
    for (char& c : bytes) c = static_cast<char>(random.next_u64() & 0xFF);
    JsonWriter out;
    out.string(bytes);
    const Json parsed = parse_json(out.text());
    ASSERT_TRUE(parsed.is_string()) << seed;
    const auto& text = parsed.get_ref<const std::string&>();
    EXPECT_TRUE(utf8::is_valid(text)) << seed;
    if (utf8::is_valid(bytes)) {
      EXPECT_EQ(text, bytes) << seed;
    }
  }
}

}  // namespace
}  // namespace chatwire::testing
