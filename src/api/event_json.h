// What the client tells JavaScript, as JSON: transport actions (CoreAction)
// and events (CoreEvent), with the names of npm/src/chatwire_core.d.ts.
#pragma once

#include <array>
#include <string_view>
#include <variant>

#include "api/json_writer.h"
#include "client.h"

namespace chatwire::api {

/// The "type" of each CoreEvent, in the order of ClientEvent's alternatives
/// (write_event() picks it by the alternative's index). CoreApi writes room
/// changes as its answer's "rooms" instead of "room" events.
inline constexpr std::array<std::string_view, 17> kEventTypes = {
    "state",          "reconnect_scheduled", "reconnect_deferred", "credentials",    "connection_error",
    "room",           "message",             "discontinuity",      "chat_error",     "history_loaded",
    "warning",        "send_stored",         "send_forgotten",     "history_cached", "op_stored",
    "op_forgotten",   "transport"};
static_assert(kEventTypes.size() == std::variant_size_v<ClientEvent>, "a type name for every ClientEvent");

/// The "type" of each CoreAction, in the order of session::Action's alternatives.
inline constexpr std::array<std::string_view, 4> kActionTypes = {"open", "send", "close", "request"};
static_assert(kActionTypes.size() == std::variant_size_v<session::Action>, "a type name for every Action");

/// {type: "open" | "send" | "close" | "request", transport, ...}; a request
/// also has request, method ("GET" | "POST"), query and (POST) body.
void write_action(JsonWriter& out, const session::Action& action);

/// {type: "state" | "reconnect_scheduled" | ... | "warning", ...}.
void write_event(JsonWriter& out, const ClientEvent& event);

/// A CoreEvent of type "warning" that the API layer itself raises when a
/// call was ignored because an argument was unusable (kind
/// "invalid_argument"; `call` names the method).
void write_invalid_argument_warning(JsonWriter& out, std::string_view call, std::string_view message);

/// "unknown_event", "malformed_event", "not_encodable", "not_sent",
/// "stale_update", "unknown_message_update".
const char* to_string(ProtocolWarning::Kind kind);

}  // namespace chatwire::api
