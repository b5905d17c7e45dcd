// What a message text must be before it is shown as pending: valid UTF-8,
// something other than whitespace, and not too long. Checked before anything
// is queued, so a refused text leaves no trace.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "chat/vocabulary.h"

namespace chatwire::chat {

enum class TextProblem : std::uint8_t {
  kNone,
  kInvalidUtf8,
  kBlank,    // empty, or only whitespace (Unicode White_Space and zero-width space)
  kTooLong,  // more than the maximum in Unicode code points
};

/// Checks `text` against the rules above with `max_code_points` as the limit.
TextProblem check_message_text(std::string_view text, std::size_t max_code_points);

/// Number of code points in well-formed UTF-8 `text`.
std::size_t count_code_points(std::string_view text);

/// How much of a message a reply shows of it (docs/protocol.md): its first
/// 100 code points, as the native server cuts them.
inline constexpr std::size_t kReplyExcerptCodePoints = 100;
std::string reply_excerpt(std::string_view text);
/// What a reply shows of `parent` as it is now: its id, author, excerpt
/// and whether it is deleted.
ReplyRef reply_preview(const Message& parent);

/// Longest reaction emoji, in bytes (the native protocol's bound).
inline constexpr std::size_t kMaxEmojiBytes = 32;
/// An emoji as the client lets it go out: 1 to kMaxEmojiBytes of valid
/// UTF-8 with no whitespace. Whether it is one grapheme is the server's to
/// say (invalid_emoji): the client carries no Unicode segmentation tables.
bool valid_emoji(std::string_view emoji);

}  // namespace chatwire::chat
