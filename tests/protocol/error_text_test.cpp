// Tests for the excerpts quoted in DecodeError messages: short, escaped,
// and always valid UTF-8 whatever bytes they quote.
#include "protocol/error_text.h"

#include <gtest/gtest.h>

#include <string>

#include "util/utf8.h"

namespace chatwire::protocol::error_text {
namespace {

TEST(Excerpt, QuotesShortText) {
  EXPECT_EQ(excerpt("abc"), "\"abc\"");
  EXPECT_EQ(excerpt(""), "\"\"");
}

TEST(Excerpt, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(excerpt("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(excerpt(std::string("\x00\x1e\n\x7f", 4)), "\"\\x00\\x1e\\x0a\\x7f\"");
}

TEST(Excerpt, KeepsValidUtf8AndEscapesInvalidBytes) {
  EXPECT_EQ(excerpt("caf\xC3\xA9"), "\"caf\xC3\xA9\"");
  EXPECT_EQ(excerpt("a\xFF\xC3"), "\"a\\xff\\xc3\"");
  EXPECT_EQ(excerpt("\xED\xA0\x80"), "\"\\xed\\xa0\\x80\"");  // encoded surrogate
}

TEST(Excerpt, TruncatesLongTextAtACharacterBoundary) {
  EXPECT_EQ(excerpt(std::string(100, 'x'), 5), "\"xxxxx\"...");
  // The 3-byte euro sign starting at byte 4 is kept whole, not cut.
  EXPECT_EQ(excerpt("abcd\xE2\x82\xAC"
                    "efgh",
                    5),
            "\"abcd\xE2\x82\xAC\"...");
  const std::string huge(1'000'000, 'y');
  EXPECT_LT(excerpt(huge).size(), kExcerptBytes + 10);
}

TEST(Excerpt, AlwaysProducesValidUtf8) {
  std::string all_bytes;
  for (int byte = 0; byte < 256; ++byte) all_bytes += static_cast<char>(byte);
  for (std::size_t start = 0; start < all_bytes.size(); ++start) {
    EXPECT_TRUE(utf8::is_valid(excerpt(all_bytes.substr(start)))) << start;
  }
}

TEST(ExcerptAround, ShowsTheContextOfAnOffset) {
  const std::string text = std::string(50, 'a') + "!" + std::string(50, 'b');
  const std::string shown = excerpt_around(text, 50, 10);
  EXPECT_EQ(shown, "...\"aaaaa!bbbb\"...");
  EXPECT_EQ(excerpt_around("short", 2, 10), "\"short\"");
  EXPECT_EQ(excerpt_around("short", 99, 10), "\"short\"");  // past the end: clamped
}

TEST(ExcerptAround, StartsOnACharacterBoundary) {
  const std::string text =
      "\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC"
      "xyz";  // three euro signs
  const std::string shown = excerpt_around(text, 8, 8);
  EXPECT_TRUE(utf8::is_valid(shown));
  EXPECT_EQ(shown.find("\\x82"), std::string::npos) << shown;
}

TEST(DescribeJson, NamesContainersAndShowsScalars) {
  EXPECT_EQ(describe_json(json_util::Json::parse(R"({"a":[1,"x"]})")), "object {\"a\":[1,\"x\"]}");
  EXPECT_EQ(describe_json(json_util::Json::array()), "array []");
  EXPECT_EQ(describe_json(json_util::Json(1.5)), "1.5");
  EXPECT_EQ(describe_json(json_util::Json(nullptr)), "null");
  EXPECT_EQ(describe_json(json_util::Json("text")), "\"text\"");
}

TEST(DescribeJson, CutsLongValuesAndStaysValidUtf8) {
  const std::string shown = describe_json(json_util::Json(std::string(1000, 'x') + "\xFF"), 10);
  EXPECT_EQ(shown, "\"xxxxxxxxx...");
  EXPECT_TRUE(utf8::is_valid(describe_json(json_util::Json("a\xFF\x01"))));
}

TEST(ByteName, PrintableAndNot) {
  EXPECT_EQ(byte_name('7'), "'7'");
  EXPECT_EQ(byte_name('\x1e'), "0x1e");
  EXPECT_EQ(byte_name('\xff'), "0xff");
}

TEST(FrameTooLarge, NamesSizeAndLimit) {
  const DecodeError error = frame_too_large("payload", 11, 10);
  EXPECT_EQ(error.code, DecodeErrorCode::kFrameTooLarge);
  EXPECT_EQ(error.message, "payload of 11 bytes exceeds the limit of 10 bytes");
}

TEST(DecodeErrorCodeNames, AreStableAndDistinct) {
  EXPECT_STREQ(to_string(DecodeErrorCode::kEmptyFrame), "empty_frame");
  EXPECT_STREQ(to_string(DecodeErrorCode::kFrameTooLarge), "frame_too_large");
  EXPECT_STREQ(to_string(DecodeErrorCode::kUnknownPacketType), "unknown_packet_type");
  EXPECT_STREQ(to_string(DecodeErrorCode::kInvalidBase64), "invalid_base64");
  EXPECT_STREQ(to_string(DecodeErrorCode::kInvalidAttachments), "invalid_attachments");
  EXPECT_STREQ(to_string(DecodeErrorCode::kInvalidNamespace), "invalid_namespace");
  EXPECT_STREQ(to_string(DecodeErrorCode::kInvalidAckId), "invalid_ack_id");
  EXPECT_STREQ(to_string(DecodeErrorCode::kAckIdOutOfRange), "ack_id_out_of_range");
  EXPECT_STREQ(to_string(DecodeErrorCode::kInvalidJson), "invalid_json");
  EXPECT_STREQ(to_string(DecodeErrorCode::kJsonTooDeep), "json_too_deep");
  EXPECT_STREQ(to_string(DecodeErrorCode::kInvalidPayload), "invalid_payload");
  EXPECT_STREQ(to_string(DecodeErrorCode::kUnsupportedBinary), "unsupported_binary");
  EXPECT_STREQ(to_string(DecodeErrorCode::kInvalidHandshake), "invalid_handshake");
  EXPECT_STREQ(to_string(static_cast<DecodeErrorCode>(99)), "unknown");
}

}  // namespace
}  // namespace chatwire::protocol::error_text
