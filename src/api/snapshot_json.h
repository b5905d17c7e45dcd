// What JavaScript reads of the chat model, as JSON: messages (CoreMessage),
// a room's parts (CoreRoomSnapshot), the room list, capabilities and
// counters, with the names of npm/src/chatwire_core.d.ts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "api/json_writer.h"
#include "api/message_changes.h"
#include "client.h"

namespace chatwire::api {

/// Bits of a snapshot request; the same as chat::Change (kPartState covers
/// state, hasMore and active).
inline constexpr std::uint32_t kPartMessages = chat::kChangeMessages;
inline constexpr std::uint32_t kPartTyping = chat::kChangeTyping;
inline constexpr std::uint32_t kPartUnread = chat::kChangeUnread;
inline constexpr std::uint32_t kPartMembers = chat::kChangeMembers;
inline constexpr std::uint32_t kPartState = chat::kChangeState;
/// With kPartMessages: the messages as changes against the last snapshot of
/// the room that carried messages (message_changes.h), not all of them.
inline constexpr std::uint32_t kPartMessageChanges = 32;
/// With kPartMessageChanges: changes against nothing (every message), for a
/// reader that lost track.
inline constexpr std::uint32_t kPartMessagesFromScratch = 64;

/// A CoreMessage. `read_by` (ids of the users other than the author who
/// read it) is written only when non-empty.
void write_message(JsonWriter& out, const chat::Message& message,
                   const std::vector<std::string>& read_by = {});

/// The parts of `room` selected by `parts`; `exists` and `version` always.
/// A null room (never joined) is {exists: false, version: 0}. `sent` is what
/// the reader holds of the room's messages; updated when messages are written.
void write_room_snapshot(JsonWriter& out, const chat::Room* room, std::uint32_t parts, SentMessages& sent);

/// CoreRoomSummary[] of every room ever joined, in join order.
void write_room_summaries(JsonWriter& out, const chat::ChatModel& chat);

/// CoreCapabilities.
void write_capabilities(JsonWriter& out, const chat::Capabilities& capabilities);

/// CoreStats.
void write_stats(JsonWriter& out, std::uint64_t unknown_events, std::uint64_t malformed_events);

}  // namespace chatwire::api
