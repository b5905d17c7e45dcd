// Errors from the Engine.IO and Socket.IO decoders.
//
// Each error names what was wrong with the frame precisely enough to log and
// to test against; the caller's next step is always the same: drop the frame,
// report it, and keep the connection (decoders hold no state that a bad frame
// could corrupt, except the attachment skip of sio::Decoder, which resets).
#pragma once

#include <cstddef>
#include <string>

namespace chatwire::protocol {

enum class DecodeErrorCode {
  kEmptyFrame,          // zero bytes where a packet was expected
  kFrameTooLarge,       // longer than DecodeLimits::max_frame_bytes
  kUnknownPacketType,   // type character outside the protocol's range
  kInvalidBase64,       // a 'b'-prefixed Engine.IO packet with bad base64
  kInvalidAttachments,  // binary packet header without a valid "<n>-" count
  kInvalidNamespace,    // namespace not terminated, too long, or bad characters
  kInvalidAckId,        // ack id digits malformed
  kAckIdOutOfRange,     // ack id larger than kMaxAckId
  kInvalidJson,         // payload is not valid JSON
  kJsonTooDeep,         // payload nests deeper than DecodeLimits::max_json_depth
  kInvalidPayload,      // valid JSON of the wrong shape for the packet type
  kUnsupportedBinary,   // BINARY_EVENT / BINARY_ACK: recognised, not supported
  kInvalidHandshake,    // Engine.IO open packet missing or mistyping a field
};

/// Stable, lower-case name of a code ("frame_too_large"), for logs and events.
const char* to_string(DecodeErrorCode code);

struct DecodeError {
  DecodeErrorCode code;
  std::string message;  // human-readable detail, e.g. "ack id 99999999999 exceeds 4294967295"

  friend bool operator==(const DecodeError&, const DecodeError&) = default;
};

/// Bounds applied to every inbound frame before any allocation proportional to it.
struct DecodeLimits {
  std::size_t max_frame_bytes = 1'000'000;  // Engine.IO's default maxPayload
  std::size_t max_json_depth = 64;
  std::size_t max_namespace_bytes = 256;
};

}  // namespace chatwire::protocol
