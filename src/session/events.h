// What the session tells its caller: transport actions to perform and events
// to report. Both are plain values, polled in order (see Session).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "protocol/decode_error.h"
#include "session/transport_kind.h"
#include "util/json.h"

namespace chatwire::session {

using Json = json_util::Json;

/// Connection lifecycle as the UI sees it.
enum class State : std::uint8_t {
  kIdle,          // created, connect() not called yet
  kConnecting,    // first connection in progress
  kConnected,     // namespace joined; emits go out at once
  kReconnecting,  // lost the connection; waiting to retry, or retrying
  kDisconnected,  // the user called disconnect(); nothing happens until connect()
  kFailed,        // gave up (attempts exhausted) or was refused; connect() starts over
};

/// Why the state changed, or why a connection attempt ended.
enum class Reason : std::uint8_t {
  kUserConnect,
  kUserDisconnect,
  kNamespaceConnected,
  kConnectTimeout,         // no namespace CONNECT within connect_timeout_ms
  kHeartbeatTimeout,       // silence for pingInterval + pingTimeout
  kTransportClosed,        // the socket closed (network loss, server crash)
  kServerClosedTransport,  // Engine.IO close packet from the server
  kServerDisconnected,     // Socket.IO DISCONNECT from the server: it ended the session
  kInvalidHandshake,       // the Engine.IO open packet was unusable
  kConnectRejected,        // CONNECT_ERROR (e.g. bad credentials)
  kAttemptsExhausted,      // reconnection.max_attempts reached
  kRetryNow,               // online hint or connect() while waiting: retry skipped the wait
  kBackoffElapsed,         // the reconnection delay ran out
  kHandshakeTimeout,       // no Engine.IO open packet within handshake_timeout_ms (then the next transport is tried)
};

const char* to_string(State state);
const char* to_string(Reason reason);

// ---------------------------------------------------------------------------
// Actions: what the caller must do to the transport, in order.

/// Open a WebSocket to `<url>?<query>` and report it with `transport` as id.
struct OpenTransport {
  std::uint32_t transport = 0;
  std::string query;  // e.g. "EIO=4&transport=websocket"
  friend bool operator==(const OpenTransport&, const OpenTransport&) = default;
};

/// Send one text frame on the open transport.
struct SendFrame {
  std::uint32_t transport = 0;
  std::string text;
  friend bool operator==(const SendFrame&, const SendFrame&) = default;
};

/// Close the transport. Events later reported for it are ignored.
struct CloseTransport {
  std::uint32_t transport = 0;
  friend bool operator==(const CloseTransport&, const CloseTransport&) = default;
};

/// Make one HTTP request for the long-polling transport `transport`, to
/// `<http(s) url>?<query>`, and report how it ended with
/// Session::http_response(request, status, body): the status and the whole
/// body, or status 0 when there was no complete answer (network error, the
/// body cut short). At most one GET and one POST of a transport are out at a
/// time. CloseTransport for that transport aborts its GET; a POST already
/// made is left to finish (it carries what was said last, e.g. a DISCONNECT)
/// and its outcome need not be reported.
struct HttpRequest {
  std::uint32_t transport = 0;
  std::uint32_t request = 0;  // unique within the session
  bool post = false;          // POST `body` as text/plain;charset=UTF-8; otherwise GET
  std::string query;          // e.g. "EIO=4&transport=polling&sid=..."
  std::string body;           // packets joined by 0x1e (POST only)
  friend bool operator==(const HttpRequest&, const HttpRequest&) = default;
};

using Action = std::variant<OpenTransport, SendFrame, CloseTransport, HttpRequest>;

// ---------------------------------------------------------------------------
// Events: what happened, for the layer above (and ultimately the UI).

/// Identifies one emit() for its ack or failure. Unique within a session.
using EmitId = std::uint32_t;

struct StateChanged {
  State from;
  State to;
  Reason reason;
  std::string detail;  // server's message or diagnostic; never contains credentials
};

/// A connection attempt ended (`reason`, `detail`), and reconnection attempt
/// `attempt` is planned `delay_ms` from now, at `at_ms` (for a countdown).
struct ReconnectScheduled {
  std::uint32_t attempt;  // 1 for the first reconnection attempt
  std::int64_t delay_ms;
  std::int64_t at_ms;
  Reason reason;
  std::string detail;
};

/// The network is reported offline: attempt `attempt` waits for
/// Session::network_online() rather than for a timer.
struct ReconnectDeferred {
  std::uint32_t attempt;
};

/// An EVENT packet from the server. `args_json` is the JSON text of the
/// array after the event name, not parsed here (sio::PayloadForm::kText):
/// its reader parses it once, and must report a text that is not JSON as a
/// malformed frame. When `ack_id` is set the server waits for Session::ack().
struct ServerEvent {
  std::string name;
  std::string args_json;
  std::optional<std::uint32_t> ack_id;
};

/// The server acknowledged emit `id`; `args_json` is the text of the ack's
/// array, unparsed as for ServerEvent.
struct AckReceived {
  EmitId id;
  std::string args_json;
};

enum class EmitFailure : std::uint8_t {
  kAckTimeout,      // sent, but no ack within its timeout
  kConnectionLost,  // sent, connection dropped before the ack; not resent
  kDisconnected,    // dropped by disconnect(): emit again after connect()
  kSessionFailed,   // dropped because the session reached kFailed
  kTooLarge,        // exceeds the server's maxPayload learned at handshake
};
const char* to_string(EmitFailure failure);

/// An emit that will not be acknowledged. Never silent: every emit ends in
/// AckReceived, EmitFailed, or (emits without ack) transmission.
struct EmitFailed {
  EmitId id;
  EmitFailure failure;
};

/// The server refused the credentials. Answer with provide_credentials()
/// (one more try) or decline_credentials(). Only emitted when
/// SessionConfig::refresh_credentials_on_reject is set, once per rejection.
struct CredentialsRequired {
  std::string server_message;
};

enum class ErrorCode : std::uint8_t {
  kMalformedFrame,     // a frame failed to decode; dropped, connection kept
  kUnexpectedPacket,   // well formed, but not valid now (e.g. ACK for an unknown id)
  kInvalidHandshake,   // Engine.IO open packet unusable; the attempt is abandoned
  kConnectRejected,    // CONNECT_ERROR from the server
  kBinaryUnsupported,  // a binary packet was skipped
  kHttpError,          // a polling request got an HTTP error status (a proxy's 400, a 5xx); reconnecting
  kSessionUnknown,     // the server no longer knows our Engine.IO sid (it restarted); reconnecting afresh
  kRequestFailed,      // a polling request got no complete answer (network, body cut short); reconnecting
  kTransportFailed,    // a transport failed before its handshake; the next one in `transports` is tried
  kUpgradeFailed,      // the WebSocket probe from polling failed; the connection stays on polling
};
const char* to_string(ErrorCode code);

/// Something went wrong that the app may want to log. Non-fatal unless a
/// StateChanged follows.
struct Error {
  ErrorCode code;
  std::string message;
  std::optional<protocol::DecodeErrorCode> decode_error;
};

/// The connection now runs on `transport`: once connected on it, and again
/// after an upgrade from polling to WebSocket. What worked, for the app to
/// remember across page loads (SessionConfig::transports order).
struct TransportChanged {
  TransportKind transport;
};

using Event = std::variant<StateChanged, ReconnectScheduled, ReconnectDeferred, ServerEvent, AckReceived,
                           EmitFailed, CredentialsRequired, Error, TransportChanged>;

}  // namespace chatwire::session
