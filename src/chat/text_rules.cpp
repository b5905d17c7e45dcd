#include "chat/text_rules.h"

#include "util/utf8.h"

namespace chatwire::chat {
namespace {

/// Decodes the well-formed sequence of `length` bytes at `text[pos]`.
char32_t decode_at(std::string_view text, std::size_t pos, std::size_t length) {
  const auto byte = [&](std::size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(text[pos + i])); };
  switch (length) {
    case 1: return byte(0);
    case 2: return ((byte(0) & 0x1F) << 6) | (byte(1) & 0x3F);
    case 3: return ((byte(0) & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
    default:
      return ((byte(0) & 0x07) << 18) | ((byte(1) & 0x3F) << 12) | ((byte(2) & 0x3F) << 6) | (byte(3) & 0x3F);
  }
}

/// Unicode White_Space, plus the invisible characters people paste to get
/// past a "not blank" check (zero-width space, word joiner, BOM).
bool is_blank_char(char32_t c) {
  if (c == 0x20 || (c >= 0x09 && c <= 0x0D)) return true;
  switch (c) {
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
    case 0x200B: case 0x2060: case 0xFEFF:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

}  // namespace

TextProblem check_message_text(std::string_view text, std::size_t max_code_points) {
  std::size_t count = 0;
  bool blank = true;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t length = utf8::sequence_length(text, pos);
    if (length == 0) return TextProblem::kInvalidUtf8;
    if (blank && !is_blank_char(decode_at(text, pos, length))) blank = false;
    ++count;
    pos += length;
  }
  if (blank) return TextProblem::kBlank;
  if (count > max_code_points) return TextProblem::kTooLong;
  return TextProblem::kNone;
}

std::size_t count_code_points(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t length = utf8::sequence_length(text, pos);
    pos += length == 0 ? 1 : length;
    ++count;
  }
  return count;
}

std::string reply_excerpt(std::string_view text) {
  std::size_t pos = 0;
  for (std::size_t count = 0; pos < text.size() && count < kReplyExcerptCodePoints; ++count) {
    const std::size_t length = utf8::sequence_length(text, pos);
    pos += length == 0 ? 1 : length;
  }
  return std::string(text.substr(0, pos));
}

ReplyRef reply_preview(const Message& parent) {
  return ReplyRef(ReplyTo{parent.id, parent.author,
                          parent.deleted ? std::string() : reply_excerpt(parent.text), parent.deleted});
}

bool valid_emoji(std::string_view emoji) {
  if (emoji.empty() || emoji.size() > kMaxEmojiBytes) return false;
  for (std::size_t pos = 0; pos < emoji.size();) {
    const std::size_t length = utf8::sequence_length(emoji, pos);
    if (length == 0 || is_blank_char(decode_at(emoji, pos, length))) return false;
    pos += length;
  }
  return true;
}

}  // namespace chatwire::chat
