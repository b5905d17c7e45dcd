// Engine.IO v4 packet codec: stateless encode, decode of single frames and of
// HTTP long-polling payloads (packets joined by the record separator 0x1e).
//
// Reference: the Engine.IO v4 protocol specification and engine.io-parser.
// A WebSocket text frame carries exactly one packet: "<type digit><data>".
// A WebSocket binary frame is a message packet whose data is the raw bytes
// (see decode_binary_frame). In polling payloads, binary data is written as
// "b<base64>".
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/decode_error.h"
#include "util/result.h"

namespace chatwire::protocol::eio {

enum class PacketType : std::uint8_t {
  kOpen = 0,
  kClose = 1,
  kPing = 2,
  kPong = 3,
  kMessage = 4,
  kUpgrade = 5,
  kNoop = 6,
};

/// Stable name of a packet type ("open", "message", ...).
const char* to_string(PacketType type);

inline constexpr char kRecordSeparator = '\x1e';

struct Packet {
  PacketType type = PacketType::kNoop;
  std::string data;     // text, or raw bytes when `binary`
  bool binary = false;  // only message packets may be binary

  friend bool operator==(const Packet&, const Packet&) = default;
};

/// Encodes one packet as a text frame. Binary packets are written "b<base64>",
/// the form both WebSocket-less transports and payloads use.
std::string encode_packet(const Packet& packet);

/// Decodes one text frame ("4hello", "2probe", "bAQIDBA==" for base64
/// binary). Any type may carry data, as in engine.io-parser. The base64 must
/// be canonical and padded (engine.io-parser would skip bad characters).
Result<Packet, DecodeError> decode_packet(std::string_view frame, const DecodeLimits& limits = {});

/// A WebSocket binary frame: always a binary message packet holding `bytes`.
Result<Packet, DecodeError> decode_binary_frame(std::string_view bytes, const DecodeLimits& limits = {});

/// Joins packets with the record separator, as an HTTP long-polling body.
std::string encode_payload(std::span<const Packet> packets);

/// Splits an HTTP long-polling body. A bad packet fails the whole payload, as
/// in engine.io-parser: a payload is one HTTP body, accepted or refused whole.
/// `limits.max_frame_bytes` bounds the whole payload.
Result<std::vector<Packet>, DecodeError> decode_payload(std::string_view payload,
                                                        const DecodeLimits& limits = {});

/// Incremental decoder for a payload that arrives in chunks (a streamed HTTP
/// body). Feed chunks as they come; complete packets are returned as soon as
/// their separator is seen; call finish() at the end of the body for the last one.
class PayloadDecoder {
 public:
  explicit PayloadDecoder(DecodeLimits limits = {}) : limits_(limits) {}

  /// Returns each packet (or decode error) completed by this chunk, in order.
  /// A pending packet longer than the frame limit yields kFrameTooLarge once
  /// and its remaining bytes are discarded up to the next separator.
  std::vector<Result<Packet, DecodeError>> feed(std::string_view chunk);

  /// Ends the body: decodes what is pending (if anything) and resets.
  /// "If anything": after no bytes at all since the last finish() it returns
  /// nothing, so a spurious call is harmless. After some bytes, the last packet
  /// is decoded even when empty (a body ending in 0x1e), which is kEmptyFrame,
  /// as in decode_payload and engine.io-parser.
  std::vector<Result<Packet, DecodeError>> finish();

 private:
  DecodeLimits limits_;
  std::string pending_;  // the packet being received; never longer than the frame limit
  bool discarding_ = false;
  bool in_body_ = false;  // some bytes were fed since the last finish()
};

/// Fields of the Engine.IO open packet, e.g.
/// {"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,
///  "pingTimeout":20000,"maxPayload":1000000}
struct Handshake {
  std::string sid;
  std::vector<std::string> upgrades;
  std::int64_t ping_interval_ms = 25000;
  std::int64_t ping_timeout_ms = 20000;
  std::int64_t max_payload = 1'000'000;

  friend bool operator==(const Handshake&, const Handshake&) = default;
};

/// Parses the data of an open packet. sid (a non-empty string), pingInterval
/// and pingTimeout are required; the intervals are integers from 1 to
/// 2^31 - 1 ms, the longest delay setTimeout() honours. upgrades (array of
/// strings) and maxPayload (positive integer) are optional (maxPayload
/// defaults to 1,000,000; servers before 4.x omit it); unknown fields are
/// ignored. A wrong or missing field is kInvalidHandshake, naming the field;
/// data that is not JSON is kInvalidJson (kJsonTooDeep, kFrameTooLarge).
Result<Handshake, DecodeError> parse_handshake(std::string_view open_data, const DecodeLimits& limits = {});

}  // namespace chatwire::protocol::eio
