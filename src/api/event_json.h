// What the client tells JavaScript, as JSON: transport actions (CoreAction)
// and events (CoreEvent), with the names of npm/src/chatwire_core.d.ts.
#pragma once

#include <string_view>

#include "api/json_writer.h"
#include "client.h"

namespace chatwire::api {

/// {type: "open" | "send" | "close", transport, ...}.
void write_action(JsonWriter& out, const session::Action& action);

/// {type: "state" | "reconnect_scheduled" | ... | "warning", ...}.
void write_event(JsonWriter& out, const ClientEvent& event);

/// A CoreEvent of type "warning" that the API layer itself raises when a
/// call was ignored because an argument was unusable (kind
/// "invalid_argument"; `call` names the method).
void write_invalid_argument_warning(JsonWriter& out, std::string_view call, std::string_view message);

/// "unknown_event", "malformed_event", "not_encodable", "not_sent".
const char* to_string(ProtocolWarning::Kind kind);

}  // namespace chatwire::api
