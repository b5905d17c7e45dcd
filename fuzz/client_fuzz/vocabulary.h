// What the fake server and the user say: every event and field name the six
// presets and the native protocol use, the fields of each preset's events,
// messages and acks, and the values worth sending (rooms, users, texts, and
// numbers, timestamps and strings at the edges).
#pragma once

#include <array>
#include <vector>

namespace chatwire::fuzz::client_fuzz {

// Every event name the presets know, and a few they do not.
// clang-format off
inline constexpr std::array kEventNames = {
    "message", "typing", "member_joined", "member_left", "presence", "read", "error",
    "connection_response", "user_joined", "user_typing", "message_history", "connected",
    "active_users", "user_left", "new_message", "userOnline", "userOffline", "messageRead",
    "newMessage", "status", "rooms_list", "room_joined", "join", "send", "connect", "disconnect",
    "members", "history", "message_updated", "edit", "react"};
// clang-format on

// Every field name the presets and the native protocol use.
inline constexpr std::array kKeys = {
    "id",        "room",           "seq",          "clientId",   "author",    "user",
    "name",      "text",           "createdAt",    "state",      "ttlMs",     "online",
    "messages",  "members",        "hasMore",      "readSeq",    "lastSeq",   "show_id",
    "user_id",   "username",       "message",      "created_at", "is_typing", "active_users",
    "count",     "conversationId", "senderId",     "content",    "userId",    "isTyping",
    "messageId", "timestamp",      "message_type", "is_edited",  "sender",    "ok",
    "error",     "code",           "details",      "sid",        "data",      "msg",
    "rooms",     "isRead",         "updatedAt",    "since",      "before",    "after",
    "limit",     "version",        "rev",          "editedAt",   "deleted",   "reactions",
    "replyTo",   "emoji",          "users",        "excerpt",    "changes",   "changesMore",
    "sinceRev",  "afterRev",       "opId",         "on"};

/// The field names of one JSON object, in order.
using Keys = std::vector<const char*>;

/// The message object of each preset (index = preset), and its members.
extern const std::array<Keys, 6> kMessageShapes;
extern const Keys kNativeMember;
extern const Keys kShowsMember;
extern const Keys kNativeUser;
extern const Keys kNestUser;

struct EventShape {
  const char* name;
  Keys keys;  // empty: the preset's message shape
};

/// The server events of each preset (index = preset) with their payload fields.
extern const std::array<std::vector<EventShape>, 6> kEventShapes;

/// Native acks: join, send (and edit, delete, react), history, members,
/// read, leave, a refusal, and changes.
extern const std::array<Keys, 8> kAckShapes;

// One more than max_rooms, so that joining them all forgets a left room.
inline constexpr std::array kRooms = {"1", "2", "lobby", "x", "y"};
inline constexpr std::array kUserIds = {"u1", "u2", "u3", "Ada", "Grace", ""};
inline constexpr std::array kUserNames = {"Ada", "Grace", "Linus", "u1", "u2", ""};
inline constexpr std::array kTexts = {"hello", "hi", "   ", "", "h\xc3\xa9llo \xf0\x9f\x98\x80", "m1"};
inline constexpr std::array kErrorCodes = {"bad_request",  "not_member",   "not_found", "too_long", "empty",
                                           "rate_limited", "unauthorized", "internal",  "",
                                           "gone",         "message_not_found", "invalid_emoji"};
inline constexpr std::array kEmoji = {"+1", "\xf0\x9f\x91\x8d", "\xe2\x9d\xa4\xef\xb8\x8f", "", " ",
                                      "\xff", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"};

// Numbers at the edges of every integer type and of JavaScript's safe range,
// and what JSON allows beyond them.
// clang-format off
inline constexpr std::array kEdgeNumbers = {
    "0", "-1", "9007199254740991", "9007199254740992", "-9007199254740993", "9223372036854775807",
    "-9223372036854775808", "18446744073709551615", "18446744073709551616", "1e400", "-1e400",
    "1.5", "-0", "0.0", "1e3", "2147483648", "4294967296", "1717430400000", "-1717430400000",
    "8640000000000001", "1717430400", "1e-7"};
// clang-format on

// clang-format off
inline constexpr std::array kTimestamps = {
    "2024-06-03T16:00:00", "2024-06-03T16:00:00.123456", "2024-06-03T16:00:00Z",
    "2024-06-03T16:00:00.5+02:00", "2024-13-45T99:99:99", "1717430400000", "",
    "9999-12-31T23:59:59.999999Z", "0000-01-01T00:00:00", "2024-06-03", "2024-02-30T00:00:00Z",
    "2024-06-03 16:00:00"};
// clang-format on

// Escapes and byte sequences that are not what they seem.
inline constexpr std::array kOddStrings = {"\\ud800",          "\\udfff",  "\\u0000", "\\ud83d\\ude00",
                                           "\\u00e9",          "\xff\xfe", "\xc3",    "\xed\xa0\x80",
                                           "\xf4\x90\x80\x80", "\xc0\x80", "\\\"",    "\\n\\t"};

}  // namespace chatwire::fuzz::client_fuzz
