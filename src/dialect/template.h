// Payload templates: the JSON a request emits, with placeholders such as
// "{room}" or "{text}" in its string values.
//
// A string that is exactly one placeholder is replaced by the typed value
// (a number stays a number); a placeholder inside a longer string is written
// into it as text ("user:{user.id}"). A value whose placeholder has no value
// for this request (no `since` on a first join) disappears: an object drops
// the key, an array the element. "{{" and "}}" write literal braces.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chat/signals.h"
#include "util/json.h"
#include "util/result.h"

namespace chatwire::dialect {

/// The values a template can ask for.
enum class Placeholder : std::uint8_t {
  kRoom,       // {room}: string, or integer for dialects with numeric room ids
  kText,       // {text}: send, edit
  kClientId,   // {client_id}: send
  kUserId,     // {user.id}: the app's user
  kUserName,   // {user.name}
  kMessageId,  // {message_id}: mark_read; the target of edit, delete, react
  kSeq,        // {seq}: mark_read
  kSince,      // {since}: join, when resuming
  kBefore,     // {before}: history
  kAfter,      // {after}: history
  kLimit,      // {limit}: history, changes
  kReplyTo,    // {reply_to}: send, when the message answers another
  kOpId,       // {op_id}: edit, delete, react
  kEmoji,      // {emoji}: react
  kOn,         // {on}: react; a boolean
  kSinceRev,   // {since_rev}: join, when resuming with a room rev
  kAfterRev,   // {after_rev}: changes
  kAround,     // {around}: history, the id of the message a page is around
};
inline constexpr std::size_t kPlaceholderCount = 18;

/// Templates nest no deeper than this (a bound on the recursive walk).
inline constexpr std::size_t kMaxTemplateDepth = 16;

/// The placeholder `name` (without braces) stands for, if any.
std::optional<Placeholder> placeholder_from_name(std::string_view name);
/// The name of `placeholder` with its braces, as written in templates.
std::string placeholder_text(Placeholder placeholder);

/// Whether a request of kind `op` has a value for `placeholder` at all.
bool meaningful_for(Placeholder placeholder, chat::Operation op);

/// One placeholder found in a template, and where.
struct PlaceholderUse {
  std::string field;  // JSON path below the template's root ("" for the root itself)
  Placeholder placeholder;
};

/// Why a template was refused.
struct TemplateError {
  std::string field;  // JSON path below the template's root
  std::string message;
};

/// Checks a template's syntax and lists the placeholders it uses.
Result<std::vector<PlaceholderUse>, TemplateError> scan_template(const json_util::Json& tmpl);

/// The value of each placeholder for one request; nullopt: no value.
using PlaceholderValues = std::array<std::optional<json_util::Json>, kPlaceholderCount>;

/// The template with its placeholders replaced; nullopt when the root itself
/// is a placeholder without a value. `tmpl` must have passed scan_template().
std::optional<json_util::Json> fill_template(const json_util::Json& tmpl, const PlaceholderValues& values);

}  // namespace chatwire::dialect
