// Socket.IO v5 packets: encode, stateless decode, and the stateful Decoder
// that keeps a connection's stream in step around binary attachments.
//
// Decoding reads the fields in wire order, as socket.io-parser's
// decodeString() does:
//   <type>[<attachments>-][<namespace>,][<ack id>][<JSON payload>]
// and then checks the payload's shape per type, as its isPayloadValid() does.
// Where this decoder is stricter than socket.io-parser, the function says so.
#include "protocol/socketio.h"

#include <array>
#include <cassert>
#include <utility>

#include "protocol/error_text.h"
#include "util/utf8.h"

namespace chatwire::protocol::sio {
namespace {

// socket.io-parser's RESERVED_EVENTS: names its client and server emit
// locally, so a peer sending them could fake lifecycle events.
constexpr std::array<std::string_view, 6> kReservedEvents = {
    "connect",         // client side
    "connect_error",   // client side
    "disconnect",      // both sides
    "disconnecting",   // server side
    "newListener",     // Node.js EventEmitter
    "removeListener",  // Node.js EventEmitter
};

// 4294967295 has 10 digits: a count or id with more is out of range whatever
// its value, so parsing stops there and never overflows.
constexpr std::size_t kMaxUint32Digits = 10;

DecodeError error(DecodeErrorCode code, std::string message) { return {code, std::move(message)}; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_binary_type(PacketType type) {
  return type == PacketType::kBinaryEvent || type == PacketType::kBinaryAck;
}

std::string type_label(PacketType type) {
  std::string label = to_string(type);
  for (char& c : label) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return label;  // "BINARY_EVENT", as the spec writes the names
}

// "<n>-" after a binary type. socket.io-parser converts with Number(), which
// also takes " 1", "0x1" or "1e0"; here the count must be plain digits.
// Zero attachments is refused, as the current socket.io-parser (in the
// socket.io monorepo, after 4.2.4) does: such a packet should be plain.
Result<std::uint32_t, DecodeError> read_attachment_count(std::string_view text, std::size_t& pos) {
  const std::size_t start = pos;
  std::uint64_t count = 0;
  while (pos < text.size() && is_digit(text[pos]) && pos - start < kMaxUint32Digits) {
    count = count * 10 + static_cast<std::uint64_t>(text[pos] - '0');
    ++pos;
  }
  const bool terminated = pos < text.size() && text[pos] == '-';
  if (pos == start || !terminated || count == 0 || count > 0xFFFFFFFFu) {
    return Failure{error(DecodeErrorCode::kInvalidAttachments,
                         "binary packet header: expected a positive attachment count and '-' at byte " +
                             std::to_string(start) + ", got " + error_text::excerpt(text.substr(start, 16)))};
  }
  ++pos;  // the '-'
  return static_cast<std::uint32_t>(count);
}

// "/name," or "/name" at the end of the frame; the root "/" when absent.
// The name runs to the first ',' as in socket.io-parser, which accepts any
// characters; here control characters and invalid UTF-8 are refused too,
// because namespaces are handed to JavaScript and written into logs.
Result<std::string, DecodeError> read_namespace(std::string_view text, std::size_t& pos,
                                                const DecodeLimits& limits) {
  if (pos >= text.size() || text[pos] != '/') return std::string("/");
  const std::size_t start = pos;
  std::size_t end = start;
  while (end < text.size() && text[end] != ',') {
    if (end - start == limits.max_namespace_bytes) {  // scanning stops at the limit
      return Failure{error(DecodeErrorCode::kInvalidNamespace,
                           "namespace at byte " + std::to_string(start) + " is longer than " +
                               std::to_string(limits.max_namespace_bytes) +
                               " bytes: " + error_text::excerpt(text.substr(start)))};
    }
    ++end;
  }
  const std::string_view nsp = text.substr(start, end - start);
  for (std::size_t i = 0; i < nsp.size(); ++i) {
    const auto byte = static_cast<unsigned char>(nsp[i]);
    if (byte < 0x20 || byte == 0x7F) {
      return Failure{error(DecodeErrorCode::kInvalidNamespace,
                           "namespace contains control character " + error_text::byte_name(nsp[i]) +
                               " at byte " + std::to_string(start + i) + ": " + error_text::excerpt(nsp))};
    }
  }
  if (!utf8::is_valid(nsp)) {
    return Failure{error(DecodeErrorCode::kInvalidNamespace,
                         "namespace is not valid UTF-8: " + error_text::excerpt(nsp))};
  }
  pos = end < text.size() ? end + 1 : end;  // past the ','
  return std::string(nsp);
}

// Decimal digits right after the namespace. socket.io-parser reads any run of
// digits into a JavaScript number (exact only up to 2^53); ids here are
// 32-bit, and at most 10 digits are accumulated so nothing can overflow.
// Leading zeros are accepted ("2007[...]" is id 7), as Number("007") is 7.
Result<std::optional<std::uint32_t>, DecodeError> read_ack_id(std::string_view text, std::size_t& pos) {
  if (pos >= text.size() || !is_digit(text[pos])) return std::optional<std::uint32_t>{};
  const std::size_t start = pos;
  while (pos < text.size() && is_digit(text[pos])) ++pos;
  const std::string_view digits = text.substr(start, pos - start);
  if (digits.size() > kMaxUint32Digits) {
    return Failure{error(DecodeErrorCode::kAckIdOutOfRange,
                         "ack id at byte " + std::to_string(start) + " has " + std::to_string(digits.size()) +
                             " digits, more than the " + std::to_string(kMaxUint32Digits) + " of " +
                             std::to_string(kMaxAckId) + ": " + error_text::excerpt(digits))};
  }
  std::uint64_t value = 0;
  for (const char c : digits) value = value * 10 + static_cast<std::uint64_t>(c - '0');
  if (value > kMaxAckId) {
    return Failure{error(DecodeErrorCode::kAckIdOutOfRange,
                         "ack id " + std::string(digits) + " exceeds " + std::to_string(kMaxAckId))};
  }
  return std::optional<std::uint32_t>(static_cast<std::uint32_t>(value));
}

// Everything after the ack id, as JSON; absent when nothing is left.
Result<std::optional<Json>, DecodeError> read_payload(std::string_view text, std::size_t pos,
                                                      const DecodeLimits& limits) {
  if (pos >= text.size()) return std::optional<Json>{};
  json_util::ParseOutcome parsed = json_util::parse(text.substr(pos), limits.max_json_depth);
  if (parsed.value) return std::move(parsed.value);
  if (parsed.failure == json_util::ParseFailure::kTooDeep) {
    return Failure{error(DecodeErrorCode::kJsonTooDeep,
                         "payload at byte " + std::to_string(pos) + " nests deeper than " +
                             std::to_string(limits.max_json_depth) + " levels")};
  }
  const std::size_t offset = pos + parsed.error_offset;
  return Failure{error(DecodeErrorCode::kInvalidJson, "payload starting at byte " + std::to_string(pos) +
                                                          " is not valid JSON (error at byte " +
                                                          std::to_string(offset) +
                                                          "): " + error_text::excerpt_around(text, offset))};
}

DecodeError invalid_payload(PacketType type, std::string expectation, const std::optional<Json>& data) {
  std::string message = type_label(type) + " payload must be " + std::move(expectation) + ", got ";
  message += data ? error_text::describe_json(*data) : "none";
  return error(DecodeErrorCode::kInvalidPayload, std::move(message));
}

// socket.io-parser's isPayloadValid(), which it applies only when a payload
// is present, made stricter where the v5 spec or our use demand it:
//  - EVENT and ACK must carry a payload ("The payload is mandatory", spec,
//    "Sending and receiving data" and "Acknowledgement");
//  - ACK must carry an ack id, or it cannot be matched to anything;
//  - CONNECT_ERROR must carry a payload, and an object one a string
//    "message": the reason the session reports (socket.io and
//    python-socketio always send one).
std::optional<DecodeError> check_shape(PacketType type, const std::optional<Json>& data,
                                       const std::optional<std::uint32_t>& ack_id) {
  switch (type) {
    case PacketType::kConnect:
      if (data && !data->is_object()) return invalid_payload(type, "absent or an object", data);
      return std::nullopt;
    case PacketType::kDisconnect:
      if (data) return invalid_payload(type, "absent", data);
      return std::nullopt;
    case PacketType::kEvent: {
      if (!data || !data->is_array() || data->empty()) {
        return invalid_payload(type, "a non-empty array", data);
      }
      // socket.io-parser also admits a number as the event name
      // (`typeof payload[0] === "number"`), so this decoder does too.
      const Json& name = data->front();
      if (name.is_number()) return std::nullopt;
      if (!name.is_string()) return invalid_payload(type, "an array starting with an event name", data);
      if (is_reserved_event_name(name.get_ref<const std::string&>())) {
        return error(DecodeErrorCode::kInvalidPayload,
                     "EVENT name " + error_text::excerpt(name.get_ref<const std::string&>()) +
                         " is reserved by Socket.IO and may not be sent by a peer");
      }
      return std::nullopt;
    }
    case PacketType::kAck:
      if (!data || !data->is_array()) return invalid_payload(type, "an array", data);
      if (!ack_id) return error(DecodeErrorCode::kInvalidAckId, "ACK packet without an ack id");
      return std::nullopt;
    case PacketType::kConnectError:
      if (data && data->is_string()) return std::nullopt;
      if (data && data->is_object() && json_util::get_string(*data, "message")) return std::nullopt;
      return invalid_payload(type, "a string or an object with a string \"message\"", data);
    case PacketType::kBinaryEvent:
    case PacketType::kBinaryAck:
      break;  // never reached: decode() stops at their header
  }
  return std::nullopt;
}

// JSON's insignificant whitespace (RFC 8259, section 2).
bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::size_t skip_json_space(std::string_view text, std::size_t pos) {
  while (pos < text.size() && is_json_space(text[pos])) ++pos;
  return pos;
}

// PayloadForm::kText for the common case, without parsing the arguments:
// an EVENT payload `[ "name" , args... ]` whose name is a plain string (no
// escapes, no control characters, valid UTF-8, not reserved) becomes
// event = name and args_json = "[" + the text after the comma; an ACK
// payload that starts with '[' is kept whole. False for anything else,
// which then takes the tree path, so every refusal and every unusual name
// (escaped, numeric) is handled exactly as with kTree. The text after the
// name is valid JSON exactly when the whole payload is, except for `[ "name"
// , ]`, which is refused here for that reason.
bool split_payload_text(std::string_view payload, Packet& packet) {
  std::size_t pos = skip_json_space(payload, 0);
  if (pos >= payload.size() || payload[pos] != '[') return false;
  if (packet.type == PacketType::kAck) {
    if (!packet.ack_id) return false;
    packet.args_json = std::string(payload);
    return true;
  }
  pos = skip_json_space(payload, pos + 1);
  if (pos >= payload.size() || payload[pos] != '"') return false;
  const std::size_t name_start = ++pos;
  while (pos < payload.size() && payload[pos] != '"') {
    const auto byte = static_cast<unsigned char>(payload[pos]);
    if (byte == '\\' || byte < 0x20) return false;
    ++pos;
  }
  if (pos >= payload.size()) return false;
  const std::string_view name = payload.substr(name_start, pos - name_start);
  if (!utf8::is_valid(name) || is_reserved_event_name(name)) return false;
  pos = skip_json_space(payload, pos + 1);
  if (pos >= payload.size()) return false;
  if (payload[pos] == ']') {
    if (skip_json_space(payload, pos + 1) != payload.size()) return false;
    packet.args_json = "[]";
  } else if (payload[pos] == ',') {
    const std::size_t next = skip_json_space(payload, pos + 1);
    if (next >= payload.size() || payload[next] == ']') return false;
    packet.args_json.reserve(payload.size() - pos);
    packet.args_json = '[';
    packet.args_json.append(payload.substr(pos + 1));
  } else {
    return false;
  }
  packet.event = std::string(name);
  return true;
}

// PayloadForm::kText from a packet decoded as a tree (the unusual cases).
void move_payload_to_text(Packet& packet) {
  Json& data = *packet.data;
  if (packet.type == PacketType::kAck) {
    packet.args_json = json_util::dump(data);
  } else {
    // check_shape() guarantees a non-empty array; the name is a string, or a
    // number that socket.io-parser also accepts as an event name.
    const Json& name = data.front();
    packet.event = name.is_string() ? name.get<std::string>() : json_util::dump(name);
    Json args = Json::array();
    for (std::size_t i = 1; i < data.size(); ++i) args.push_back(std::move(data[i]));
    packet.args_json = json_util::dump(args);
  }
  packet.data.reset();
}

}  // namespace

const char* to_string(PacketType type) {
  switch (type) {
    case PacketType::kConnect:
      return "connect";
    case PacketType::kDisconnect:
      return "disconnect";
    case PacketType::kEvent:
      return "event";
    case PacketType::kAck:
      return "ack";
    case PacketType::kConnectError:
      return "connect_error";
    case PacketType::kBinaryEvent:
      return "binary_event";
    case PacketType::kBinaryAck:
      return "binary_ack";
  }
  return "unknown";
}

bool is_reserved_event_name(std::string_view name) {
  for (const std::string_view reserved : kReservedEvents) {
    if (name == reserved) return true;
  }
  return false;
}

std::string encode(const Packet& packet) {
  PacketType type = packet.type;
  if (is_binary_type(type)) {
    // Not built by callers (see the header). Without attachments a binary
    // packet is its plain counterpart, so it is written as that: "<type>0-"
    // is refused by the current socket.io-parser.
    type = type == PacketType::kBinaryEvent ? PacketType::kEvent : PacketType::kAck;
  }
  // A ',' would end the namespace early on the other side (socket.io-parser
  // refuses to encode it); namespaces come from our own configuration.
  assert(packet.nsp.find(',') == std::string::npos && "namespace must not contain ','");

  std::string out(1, static_cast<char>('0' + static_cast<int>(type)));
  if (!packet.nsp.empty() && packet.nsp != "/") {
    out += packet.nsp;
    out += ',';
  }
  if (packet.ack_id) out += std::to_string(*packet.ack_id);
  // Like socket.io-parser (`null != obj.data`), a null payload is not written.
  if (packet.data && !packet.data->is_null()) out += json_util::dump(*packet.data);
  return out;
}

Packet make_event(std::string_view nsp, std::string_view name, Json args_array,
                  std::optional<std::uint32_t> ack_id) {
  Json data = Json::array();
  data.push_back(Json(std::string(name)));
  if (args_array.is_array()) {
    for (Json& arg : args_array) data.push_back(std::move(arg));
  } else if (!args_array.is_null()) {
    data.push_back(std::move(args_array));  // a lone value is one argument
  }
  Packet packet;
  packet.type = PacketType::kEvent;
  packet.nsp = nsp.empty() ? std::string("/") : std::string(nsp);
  packet.ack_id = ack_id;
  packet.data = std::move(data);
  return packet;
}

Result<Packet, DecodeError> decode(std::string_view text, const DecodeLimits& limits,
                                   std::uint32_t* attachments_out, PayloadForm form) {
  if (attachments_out != nullptr) *attachments_out = 0;
  if (text.size() > limits.max_frame_bytes) {
    return Failure{error_text::frame_too_large("Socket.IO packet", text.size(), limits.max_frame_bytes)};
  }
  if (text.empty()) return Failure{error(DecodeErrorCode::kEmptyFrame, "empty Socket.IO packet")};

  const char type_byte = text.front();
  if (type_byte < '0' || type_byte > '6') {
    return Failure{error(DecodeErrorCode::kUnknownPacketType,
                         "unknown Socket.IO packet type " + error_text::byte_name(type_byte) +
                             " (expected 0-6): " + error_text::excerpt(text))};
  }
  Packet packet;
  packet.type = static_cast<PacketType>(type_byte - '0');
  std::size_t pos = 1;

  if (is_binary_type(packet.type)) {
    Result<std::uint32_t, DecodeError> count = read_attachment_count(text, pos);
    if (!count) return Failure{count.error()};
    if (attachments_out != nullptr) *attachments_out = *count;
    // The JSON part is not parsed: it would be dropped anyway, and parsing
    // it could fail and desynchronise the attachments that follow.
    std::string message = type_label(packet.type) + " with " + std::to_string(*count) + " attachment(s)";
    if (Result<std::string, DecodeError> nsp = read_namespace(text, pos, limits); nsp && *nsp != "/") {
      message += " on namespace " + error_text::excerpt(*nsp);
    }
    message += " is not supported (binary payloads are not implemented)";
    return Failure{error(DecodeErrorCode::kUnsupportedBinary, std::move(message))};
  }

  Result<std::string, DecodeError> nsp = read_namespace(text, pos, limits);
  if (!nsp) return Failure{nsp.error()};
  packet.nsp = std::move(nsp).value();

  Result<std::optional<std::uint32_t>, DecodeError> ack_id = read_ack_id(text, pos);
  if (!ack_id) return Failure{ack_id.error()};
  packet.ack_id = *ack_id;

  const bool as_text =
      form == PayloadForm::kText && (packet.type == PacketType::kEvent || packet.type == PacketType::kAck);
  if (as_text && pos < text.size() && split_payload_text(text.substr(pos), packet)) return packet;

  Result<std::optional<Json>, DecodeError> data = read_payload(text, pos, limits);
  if (!data) return Failure{data.error()};
  packet.data = std::move(data).value();

  if (std::optional<DecodeError> shape = check_shape(packet.type, packet.data, packet.ack_id)) {
    return Failure{std::move(*shape)};
  }
  if (as_text) move_payload_to_text(packet);
  return packet;
}

DecodeOutcome Decoder::feed_text(std::string_view text) {
  // A text message means the peer has moved on; attachments still expected
  // will not come, and counting later binary messages against them would
  // swallow unrelated data.
  attachments_pending_ = 0;
  std::uint32_t attachments = 0;
  Result<Packet, DecodeError> result = decode(text, limits_, &attachments, form_);
  if (result) return std::move(result).value();
  if (result.error().code == DecodeErrorCode::kUnsupportedBinary) attachments_pending_ = attachments;
  return result.error();
}

DecodeOutcome Decoder::feed_binary(std::string_view bytes) {
  if (attachments_pending_ == 0) {
    return DecodeError{DecodeErrorCode::kUnsupportedBinary,
                       "binary message of " + std::to_string(bytes.size()) +
                           " bytes outside an attachment sequence (no binary packet header announced it)"};
  }
  --attachments_pending_;
  return AttachmentSkipped{};
}

}  // namespace chatwire::protocol::sio
