// Socket.IO v5 packet codec, carried in Engine.IO message packets.
//
// Text form: <type>[<attachments>-][<namespace>,][<ack id>][<JSON payload>]
//   0  CONNECT        payload: absent or an object (client: auth; server: {"sid"})
//   1  DISCONNECT     no payload
//   2  EVENT          payload: non-empty array, first element the event name: a
//                     string not reserved, or a number (socket.io-parser allows it)
//   3  ACK            payload: array; ack id required
//   4  CONNECT_ERROR  payload: object with a string "message" and optional
//                     "data" (or a bare string, v4)
//   5  BINARY_EVENT   recognised, reported as kUnsupportedBinary
//   6  BINARY_ACK     recognised, reported as kUnsupportedBinary
// Any type may carry an ack id, as in socket.io-parser. Decoding is stricter
// than socket.io-parser in a few places, each documented in socketio.cpp:
// EVENT and ACK must have a payload (the spec says so), CONNECT_ERROR too,
// ACK needs its id, counts and ids are plain digits that fit 32 bits, and
// namespaces may not hold control characters or invalid UTF-8.
// Reference: the Socket.IO v5 protocol specification and socket.io-parser.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "protocol/decode_error.h"
#include "util/json.h"
#include "util/result.h"

namespace chatwire::protocol::sio {

using Json = json_util::Json;

enum class PacketType : std::uint8_t {
  kConnect = 0,
  kDisconnect = 1,
  kEvent = 2,
  kAck = 3,
  kConnectError = 4,
  kBinaryEvent = 5,
  kBinaryAck = 6,
};

/// Stable name of a packet type ("connect", "event", ...).
const char* to_string(PacketType type);

/// Largest ack id accepted; ids are 32-bit counters on every known client.
inline constexpr std::uint64_t kMaxAckId = 0xFFFFFFFFu;

/// Events a peer may not send, because Socket.IO reserves them.
bool is_reserved_event_name(std::string_view name);

/// How decode() hands over the payload of EVENT and ACK packets.
enum class PayloadForm : std::uint8_t {
  /// Parsed into Packet::data, as for every other type.
  kTree,
  /// Left as text in Packet::event and Packet::args_json, for a reader that
  /// takes what it needs in one pass without building a tree (a dialect's
  /// plan reader). Only the head is checked here: the array, the event
  /// name, the ack id. The arguments are checked as JSON by whoever reads
  /// them, and an unreadable text must be treated as a malformed packet.
  kText,
};

struct Packet {
  PacketType type = PacketType::kEvent;
  std::string nsp = "/";
  std::optional<std::uint32_t> ack_id;
  std::optional<Json> data;  // absent when the packet has no payload, and for EVENT and ACK in PayloadForm::kText
  // PayloadForm::kText only. EVENT: the event name (a numeric name written as
  // JSON), and the JSON text of the arguments after it, as an array. ACK:
  // the text of the payload array, in args_json.
  std::string event;
  std::string args_json;

  friend bool operator==(const Packet&, const Packet&) = default;
};

/// Encodes a packet as the text of an Engine.IO message packet (without the
/// leading Engine.IO '4'). The root namespace "/" (or "") is omitted, as
/// clients do; any other must start with '/' and hold no ',' (asserted). A
/// null `data` is not written, as socket.io-parser does. Invalid UTF-8 in
/// strings is written as U+FFFD. Binary packet types are not encodable here;
/// the caller never builds them (they are written as EVENT / ACK if it does).
std::string encode(const Packet& packet);

/// Convenience: an EVENT packet ["name", args...]. The elements of
/// `args_array` become the arguments; a null Json means none, and any other
/// non-array value is a single argument. An empty `nsp` means "/".
Packet make_event(std::string_view nsp, std::string_view name, Json args_array,
                  std::optional<std::uint32_t> ack_id = std::nullopt);

/// Decodes one text packet statelessly. For BINARY_EVENT/BINARY_ACK the error
/// is kUnsupportedBinary, and `attachments_out` (if given) receives the
/// announced attachment count so a stateful decoder can skip them; it receives
/// 0 for every other outcome. The JSON of a binary packet is not parsed.
/// With PayloadForm::kText, EVENT and ACK come back as text (see PayloadForm);
/// every refusal of the head is the same as with kTree.
Result<Packet, DecodeError> decode(std::string_view text, const DecodeLimits& limits = {},
                                   std::uint32_t* attachments_out = nullptr,
                                   PayloadForm form = PayloadForm::kTree);

/// The attachment frames of an unsupported binary packet, swallowed silently.
struct AttachmentSkipped {
  friend bool operator==(const AttachmentSkipped&, const AttachmentSkipped&) = default;
};

using DecodeOutcome = std::variant<Packet, DecodeError, AttachmentSkipped>;

/// Stateful decoder for a connection's stream of Engine.IO messages. Text
/// messages decode as packets; after a binary packet header (reported as
/// kUnsupportedBinary) the announced number of binary messages are consumed
/// as AttachmentSkipped so the stream stays in step. A text message arriving
/// while attachments are still expected abandons them and decodes normally.
class Decoder {
 public:
  explicit Decoder(DecodeLimits limits = {}, PayloadForm form = PayloadForm::kTree)
      : limits_(limits), form_(form) {}

  DecodeOutcome feed_text(std::string_view text);
  DecodeOutcome feed_binary(std::string_view bytes);

  [[nodiscard]] std::uint32_t attachments_pending() const { return attachments_pending_; }
  void reset() { attachments_pending_ = 0; }

 private:
  DecodeLimits limits_;
  PayloadForm form_;
  std::uint32_t attachments_pending_ = 0;
};

}  // namespace chatwire::protocol::sio
