// Tests for util/utf8.h against the well-formed byte sequences of the
// Unicode Standard, table 3-7, and the classic ill-formed cases around it.
#include "util/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace chatwire::utf8 {
namespace {

TEST(Utf8, SequenceLengthOfWellFormedCharacters) {
  EXPECT_EQ(sequence_length("a", 0), 1u);
  EXPECT_EQ(sequence_length(std::string(1, '\0'), 0), 1u);
  EXPECT_EQ(sequence_length("\x7F", 0), 1u);
  EXPECT_EQ(sequence_length("\xC2\x80", 0), 2u);          // U+0080, smallest 2-byte
  EXPECT_EQ(sequence_length("\xDF\xBF", 0), 2u);          // U+07FF
  EXPECT_EQ(sequence_length("\xE0\xA0\x80", 0), 3u);      // U+0800, smallest 3-byte
  EXPECT_EQ(sequence_length("\xE2\x82\xAC", 0), 3u);      // U+20AC euro sign
  EXPECT_EQ(sequence_length("\xED\x9F\xBF", 0), 3u);      // U+D7FF, just below surrogates
  EXPECT_EQ(sequence_length("\xEE\x80\x80", 0), 3u);      // U+E000, just above surrogates
  EXPECT_EQ(sequence_length("\xEF\xBF\xBD", 0), 3u);      // U+FFFD
  EXPECT_EQ(sequence_length("\xF0\x90\x80\x80", 0), 4u);  // U+10000, smallest 4-byte
  EXPECT_EQ(sequence_length("\xF0\x9F\x98\x80", 0), 4u);  // U+1F600 emoji
  EXPECT_EQ(sequence_length("\xF4\x8F\xBF\xBF", 0), 4u);  // U+10FFFF, the last code point
}

TEST(Utf8, SequenceLengthRefusesIllFormedBytes) {
  EXPECT_EQ(sequence_length("\x80", 0), 0u);  // lone continuation byte
  EXPECT_EQ(sequence_length("\xBF", 0), 0u);
  EXPECT_EQ(sequence_length("\xC0\xAF", 0), 0u);          // overlong '/'
  EXPECT_EQ(sequence_length("\xC1\xBF", 0), 0u);          // overlong
  EXPECT_EQ(sequence_length("\xE0\x9F\xBF", 0), 0u);      // overlong 3-byte
  EXPECT_EQ(sequence_length("\xED\xA0\x80", 0), 0u);      // U+D800 surrogate
  EXPECT_EQ(sequence_length("\xED\xBF\xBF", 0), 0u);      // U+DFFF surrogate
  EXPECT_EQ(sequence_length("\xF0\x8F\xBF\xBF", 0), 0u);  // overlong 4-byte
  EXPECT_EQ(sequence_length("\xF4\x90\x80\x80", 0), 0u);  // U+110000
  EXPECT_EQ(sequence_length("\xF5\x80\x80\x80", 0), 0u);  // lead byte past U+10FFFF
  EXPECT_EQ(sequence_length("\xFF", 0), 0u);
  EXPECT_EQ(sequence_length("\xC2", 0), 0u);          // truncated
  EXPECT_EQ(sequence_length("\xE2\x82", 0), 0u);      // truncated
  EXPECT_EQ(sequence_length("\xF0\x9F\x98", 0), 0u);  // truncated
  EXPECT_EQ(sequence_length("\xC2\x41", 0), 0u);      // continuation missing
  EXPECT_EQ(sequence_length("\xE2\x82\x41", 0), 0u);
  EXPECT_EQ(sequence_length("\xF0\x9F\x98\xC0", 0), 0u);
}

TEST(Utf8, SequenceLengthReadsAtAnOffset) {
  const std::string text =
      "a\xE2\x82\xAC"
      "b";
  EXPECT_EQ(sequence_length(text, 1), 3u);
  EXPECT_EQ(sequence_length(text, 2), 0u);  // inside the euro sign
  EXPECT_EQ(sequence_length(text, 4), 1u);
}

TEST(Utf8, IsValid) {
  EXPECT_TRUE(is_valid(""));
  EXPECT_TRUE(is_valid("plain ascii"));
  EXPECT_TRUE(is_valid("caf\xC3\xA9 \xF0\x9F\x98\x80"));
  EXPECT_FALSE(is_valid("caf\xC3"));
  EXPECT_FALSE(
      is_valid("a\xFF"
               "b"));
  EXPECT_FALSE(is_valid("\xED\xA0\xBD\xED\xB8\x80"));  // CESU-8 surrogate pair
}

}  // namespace
}  // namespace chatwire::utf8
