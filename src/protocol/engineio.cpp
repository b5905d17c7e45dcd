// Engine.IO v4 packets: "<type digit><data>" text, raw binary frames, and
// payloads of packets joined by 0x1e, and the open packet's handshake.
#include "protocol/engineio.h"

#include <algorithm>
#include <cassert>
#include <utility>

#include "protocol/base64.h"
#include "protocol/error_text.h"
#include "util/json.h"

namespace chatwire::protocol::eio {
namespace {

constexpr char kBinaryPrefix = 'b';

char type_char(PacketType type) { return static_cast<char>('0' + static_cast<int>(type)); }

DecodeError error(DecodeErrorCode code, std::string message) { return {code, std::move(message)}; }

// The body of decode_packet, once the size has been checked.
Result<Packet, DecodeError> decode_checked_packet(std::string_view frame) {
  if (frame.empty()) return Failure{error(DecodeErrorCode::kEmptyFrame, "empty Engine.IO packet")};

  const char first = frame.front();
  if (first == kBinaryPrefix) {
    const std::string_view encoded = frame.substr(1);
    base64::DecodeFailure failure;
    std::optional<std::string> bytes = base64::decode(encoded, &failure);
    if (!bytes) {
      return Failure{error(DecodeErrorCode::kInvalidBase64,
                           "binary packet: invalid base64 at byte " + std::to_string(failure.offset + 1) +
                               " (" + failure.reason +
                               "): " + error_text::excerpt_around(frame, failure.offset + 1))};
    }
    return Packet{PacketType::kMessage, std::move(*bytes), true};
  }

  if (first < '0' || first > '6') {
    return Failure{error(DecodeErrorCode::kUnknownPacketType,
                         "unknown Engine.IO packet type " + error_text::byte_name(first) +
                             " (expected 0-6, or b for base64 binary): " + error_text::excerpt(frame))};
  }
  // Any type may carry data ("2probe"); engine.io-parser keeps it for all of them.
  return Packet{static_cast<PacketType>(first - '0'), std::string(frame.substr(1)), false};
}

// setTimeout() runs a delay above 2^31 - 1 ms at once, so a larger interval
// would make the JS side's heartbeat timer fire immediately and drop a healthy
// connection. (The session must still clamp pingInterval + pingTimeout.)
constexpr std::int64_t kMaxIntervalMs = 2'147'483'647;

DecodeError handshake_error(std::string message) {
  return error(DecodeErrorCode::kInvalidHandshake, "handshake: " + std::move(message));
}

// The field `name` as an integer in [1, max], or nullopt when it is absent.
Result<std::optional<std::int64_t>, DecodeError> positive_integer_field(const json_util::Json& doc,
                                                                        std::string_view name,
                                                                        std::int64_t max) {
  const json_util::Json* field = json_util::find(doc, name);
  if (field == nullptr) return std::optional<std::int64_t>{};
  const std::optional<std::int64_t> value = json_util::get_int(doc, name);
  if (!value || *value <= 0 || *value > max) {
    return Failure{handshake_error("\"" + std::string(name) + "\" must be an integer from 1 to " +
                                   std::to_string(max) + ", got " + error_text::describe_json(*field))};
  }
  return value;
}

// Like positive_integer_field, for a field the handshake must have.
Result<std::int64_t, DecodeError> required_interval(const json_util::Json& doc, std::string_view name) {
  Result<std::optional<std::int64_t>, DecodeError> field = positive_integer_field(doc, name, kMaxIntervalMs);
  if (!field) return Failure{field.error()};
  if (!field->has_value()) return Failure{handshake_error("missing \"" + std::string(name) + "\"")};
  return **field;
}

}  // namespace

const char* to_string(PacketType type) {
  switch (type) {
    case PacketType::kOpen:
      return "open";
    case PacketType::kClose:
      return "close";
    case PacketType::kPing:
      return "ping";
    case PacketType::kPong:
      return "pong";
    case PacketType::kMessage:
      return "message";
    case PacketType::kUpgrade:
      return "upgrade";
    case PacketType::kNoop:
      return "noop";
  }
  return "unknown";
}

std::string encode_packet(const Packet& packet) {
  if (packet.binary) {
    assert(packet.type == PacketType::kMessage && "only message packets carry binary data");
    return kBinaryPrefix + base64::encode(packet.data);
  }
  std::string out;
  out.reserve(1 + packet.data.size());
  out += type_char(packet.type);
  out += packet.data;
  return out;
}

Result<Packet, DecodeError> decode_packet(std::string_view frame, const DecodeLimits& limits) {
  if (frame.size() > limits.max_frame_bytes) {
    return Failure{error_text::frame_too_large("Engine.IO packet", frame.size(), limits.max_frame_bytes)};
  }
  return decode_checked_packet(frame);
}

Result<Packet, DecodeError> decode_binary_frame(std::string_view bytes, const DecodeLimits& limits) {
  if (bytes.size() > limits.max_frame_bytes) {
    return Failure{error_text::frame_too_large("binary frame", bytes.size(), limits.max_frame_bytes)};
  }
  // Empty is valid here: a zero-length Buffer is a legitimate attachment.
  return Packet{PacketType::kMessage, std::string(bytes), true};
}

std::string encode_payload(std::span<const Packet> packets) {
  std::string out;
  for (std::size_t i = 0; i < packets.size(); ++i) {
    if (i > 0) out += kRecordSeparator;
    out += encode_packet(packets[i]);
  }
  return out;
}

Result<std::vector<Packet>, DecodeError> decode_payload(std::string_view payload,
                                                        const DecodeLimits& limits) {
  if (payload.size() > limits.max_frame_bytes) {
    return Failure{error_text::frame_too_large("payload", payload.size(), limits.max_frame_bytes)};
  }
  // engine.io-parser splits first and decodes each piece, so an empty body,
  // a trailing separator or two separators in a row each give an empty
  // packet, which is an error; so they are here.
  std::vector<Packet> packets;
  packets.reserve(static_cast<std::size_t>(std::count(payload.begin(), payload.end(), kRecordSeparator)) + 1);
  std::size_t start = 0;
  while (true) {
    const std::size_t end = std::min(payload.find(kRecordSeparator, start), payload.size());
    Result<Packet, DecodeError> packet = decode_checked_packet(payload.substr(start, end - start));
    if (!packet) {
      DecodeError failure = packet.error();
      failure.message = "payload packet " + std::to_string(packets.size() + 1) + " (at byte " +
                        std::to_string(start) + "): " + failure.message;
      return Failure{std::move(failure)};
    }
    packets.push_back(std::move(packet).value());
    if (end == payload.size()) break;
    start = end + 1;
  }
  return packets;
}

std::vector<Result<Packet, DecodeError>> PayloadDecoder::feed(std::string_view chunk) {
  std::vector<Result<Packet, DecodeError>> out;
  if (!chunk.empty()) in_body_ = true;
  std::size_t start = 0;
  while (true) {
    const std::size_t separator = chunk.find(kRecordSeparator, start);
    const std::size_t end = std::min(separator, chunk.size());
    const std::string_view piece = chunk.substr(start, end - start);
    if (!discarding_) {
      // pending_ never exceeds the limit, so the subtraction cannot wrap.
      if (piece.size() > limits_.max_frame_bytes - pending_.size()) {
        out.emplace_back(Failure{DecodeError{DecodeErrorCode::kFrameTooLarge,
                                             "payload packet exceeds the limit of " +
                                                 std::to_string(limits_.max_frame_bytes) +
                                                 " bytes; skipping to the next separator: " +
                                                 error_text::excerpt(pending_.empty() ? piece : pending_)}});
        std::string().swap(pending_);
        discarding_ = true;
      } else {
        pending_.append(piece);
      }
    }
    if (separator == std::string_view::npos) break;
    if (discarding_) {
      discarding_ = false;  // the oversized packet ends here; its error is out already
    } else {
      out.push_back(decode_checked_packet(pending_));
      pending_.clear();
    }
    start = separator + 1;
  }
  return out;
}

std::vector<Result<Packet, DecodeError>> PayloadDecoder::finish() {
  std::vector<Result<Packet, DecodeError>> out;
  // A decoder that has seen no byte since the last finish() has nothing to
  // end, so a spurious call is a no-op. Otherwise the last packet of the body
  // is decoded, even if empty: a body ending in a separator is an error in
  // engine.io-parser too.
  if (in_body_ && !discarding_) out.push_back(decode_checked_packet(pending_));
  std::string().swap(pending_);  // a body can be large; do not keep its capacity
  discarding_ = false;
  in_body_ = false;
  return out;
}

Result<Handshake, DecodeError> parse_handshake(std::string_view open_data, const DecodeLimits& limits) {
  if (open_data.size() > limits.max_frame_bytes) {
    return Failure{error_text::frame_too_large("handshake", open_data.size(), limits.max_frame_bytes)};
  }
  json_util::ParseOutcome parsed = json_util::parse(open_data, limits.max_json_depth);
  if (!parsed.value) {
    if (parsed.failure == json_util::ParseFailure::kTooDeep) {
      return Failure{
          error(DecodeErrorCode::kJsonTooDeep,
                "handshake: JSON nests deeper than " + std::to_string(limits.max_json_depth) + " levels")};
    }
    return Failure{error(DecodeErrorCode::kInvalidJson,
                         "handshake: invalid JSON, error at byte " + std::to_string(parsed.error_offset) +
                             ": " + error_text::excerpt_around(open_data, parsed.error_offset))};
  }
  const json_util::Json& doc = *parsed.value;
  if (!doc.is_object())
    return Failure{handshake_error("expected a JSON object, got " + error_text::describe_json(doc))};

  Handshake handshake;

  const json_util::Json* sid = json_util::find(doc, "sid");
  if (sid == nullptr) return Failure{handshake_error("missing \"sid\"")};
  if (!sid->is_string() || sid->get_ref<const std::string&>().empty()) {
    return Failure{
        handshake_error("\"sid\" must be a non-empty string, got " + error_text::describe_json(*sid))};
  }
  handshake.sid = sid->get_ref<const std::string&>();

  Result<std::int64_t, DecodeError> ping_interval = required_interval(doc, "pingInterval");
  if (!ping_interval) return Failure{ping_interval.error()};
  handshake.ping_interval_ms = *ping_interval;

  Result<std::int64_t, DecodeError> ping_timeout = required_interval(doc, "pingTimeout");
  if (!ping_timeout) return Failure{ping_timeout.error()};
  handshake.ping_timeout_ms = *ping_timeout;

  // Absent before engine.io 4.0 / python-engineio 4.x: keep the default then.
  Result<std::optional<std::int64_t>, DecodeError> max_payload =
      positive_integer_field(doc, "maxPayload", INT64_MAX);
  if (!max_payload) return Failure{max_payload.error()};
  if (max_payload->has_value()) handshake.max_payload = **max_payload;

  // Absent means no upgrade; a WebSocket-only session gets [].
  if (const json_util::Json* upgrades = json_util::find(doc, "upgrades")) {
    if (!upgrades->is_array()) {
      return Failure{handshake_error("\"upgrades\" must be an array of strings, got " +
                                     error_text::describe_json(*upgrades))};
    }
    handshake.upgrades.reserve(upgrades->size());
    for (std::size_t i = 0; i < upgrades->size(); ++i) {
      const json_util::Json& upgrade = (*upgrades)[i];
      if (!upgrade.is_string()) {
        return Failure{handshake_error("\"upgrades[" + std::to_string(i) + "]\" must be a string, got " +
                                       error_text::describe_json(upgrade))};
      }
      handshake.upgrades.push_back(upgrade.get_ref<const std::string&>());
    }
  }
  return handshake;
}

}  // namespace chatwire::protocol::eio
