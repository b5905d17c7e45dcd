// Tests for the strict base64 codec behind Engine.IO's "b<base64>" packets.
#include "protocol/base64.h"

#include <gtest/gtest.h>

#include <string>

namespace chatwire::protocol::base64 {
namespace {

// RFC 4648, section 10 (test vectors).
TEST(Base64, Rfc4648TestVectors) {
  const std::pair<std::string, std::string> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [bytes, text] : vectors) {
    EXPECT_EQ(encode(bytes), text);
    EXPECT_EQ(decode(text), bytes) << text;
  }
}

// engine.io-protocol "Packet encoding / HTTP long-polling" (buffer <01 02 03 04>),
// and engine.io-parser test/browser.ts (a Blob of "1234" + <01 02 03 04>).
TEST(Base64, EngineIoExamples) {
  EXPECT_EQ(encode(std::string("\x01\x02\x03\x04", 4)), "AQIDBA==");
  EXPECT_EQ(decode("AQIDBA=="), std::string("\x01\x02\x03\x04", 4));
  EXPECT_EQ(decode("MTIzNAECAwQ="), std::string("1234\x01\x02\x03\x04", 8));
}

TEST(Base64, EveryByteValueRoundTrips) {
  std::string all_bytes;
  for (int byte = 0; byte < 256; ++byte) all_bytes += static_cast<char>(byte);
  for (std::size_t length = 0; length <= all_bytes.size(); length += 7) {
    const std::string bytes = all_bytes.substr(0, length);
    EXPECT_EQ(decode(encode(bytes)), bytes) << length;
  }
  EXPECT_EQ(encode(all_bytes).substr(0, 8), "AAECAwQF");
  EXPECT_EQ(encode("\xFB\xFF"), "+/8=");  // both non-alphanumeric characters
}

// Refusals, each with where and why.
void expect_refused(const std::string& text, std::size_t offset, const std::string& reason_part) {
  DecodeFailure failure;
  EXPECT_EQ(decode(text, &failure), std::nullopt) << text;
  EXPECT_EQ(failure.offset, offset) << text;
  EXPECT_NE(std::string(failure.reason).find(reason_part), std::string::npos) << failure.reason;
}

TEST(Base64, RefusesCharactersOutsideTheAlphabet) {
  expect_refused("AQ!DBA==", 2, "alphabet");
  expect_refused("AQIDBA-_", 6, "alphabet");                  // base64url is not accepted
  expect_refused("AQID BA=", 4, "alphabet");                  // nor whitespace
  expect_refused("AQIDBA==\n", 6, "padding before the end");  // a trailing newline
  expect_refused(std::string("AQ\0D", 4), 2, "alphabet");
  expect_refused("AQ\xC3\xA9", 2, "alphabet");
}

TEST(Base64, RefusesBadLength) {
  expect_refused("A", 0, "multiple of 4");
  expect_refused("AQIDBA", 4, "multiple of 4");  // padding omitted
  expect_refused("AQIDBA=", 4, "multiple of 4");
  expect_refused("AQIDBA===", 6, "padding before the end");  // one '=' too many
}

TEST(Base64, RefusesMisplacedPadding) {
  expect_refused("=AAA", 0, "padding before the end");
  expect_refused("A===", 1, "padding before the end");
  expect_refused("AA==AAAA", 2, "padding before the end");
  expect_refused("AA=A", 3, "data after");
}

TEST(Base64, RefusesNonCanonicalPaddingBits) {
  // "Zg==" is canonical for "f"; "Zh==" differs only in bits the padding drops.
  expect_refused("Zh==", 1, "non-zero bits");
  expect_refused("Zm9=", 2, "non-zero bits");
  EXPECT_EQ(decode("Zm8="), "fo");
}

TEST(Base64, FailureIsOptional) { EXPECT_EQ(decode("!!!!"), std::nullopt); }

}  // namespace
}  // namespace chatwire::protocol::base64
