// The two Engine.IO transports, and how each one's URL query is written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chatwire::session {

enum class TransportKind : std::uint8_t {
  kWebSocket,  // one WebSocket, one Engine.IO packet per frame
  kPolling,    // HTTP long-polling: a GET waits for packets, a POST carries ours
};

/// "websocket" or "polling": the names of Engine.IO's `transport` parameter
/// and of socket.io-client's `transports` option.
const char* to_string(TransportKind kind);

/// The kind named `name`, or nullopt for any other text.
std::optional<TransportKind> transport_kind_named(std::string_view name);

/// The query of a request for `kind`: "EIO=4&transport=<kind>", then
/// "&sid=<sid>" when `sid` is not empty (polling after the handshake, and the
/// upgrade probe), then the app's `extra` parameters. Keys and values are
/// percent-encoded.
std::string transport_query(TransportKind kind, const std::vector<std::pair<std::string, std::string>>& extra,
                            std::string_view sid = {});

}  // namespace chatwire::session
