// What JavaScript reads of the chat model, as JSON: a message (CoreMessage),
// the capabilities and the counters, with the names of
// npm/src/chatwire_core.d.ts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "api/json_writer.h"
#include "client.h"

namespace chatwire::api {

/// A CoreUser: {id, name}.
void write_user(JsonWriter& out, const chat::User& user);

/// A CoreMessage: the public Message without roomId (the room it crosses
/// in says that). `read_by` (ids of the users other than the author who
/// read it) is written only when non-empty.
void write_message(JsonWriter& out, const chat::Message& message,
                   const std::vector<std::string>& read_by = {});

/// CoreCapabilities.
void write_capabilities(JsonWriter& out, const chat::Capabilities& capabilities);

/// CoreStats.
void write_stats(JsonWriter& out, std::uint64_t unknown_events, std::uint64_t malformed_events);

}  // namespace chatwire::api
