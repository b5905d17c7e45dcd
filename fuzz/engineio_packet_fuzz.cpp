// Fuzzes the Engine.IO single-frame decoders: eio::decode_packet (a WebSocket
// text frame) and eio::decode_binary_frame (a WebSocket binary frame). The
// input is the frame, unmodified, so seeds are readable frames.
//
// Properties, beyond "no crash, leak or undefined behaviour":
//  1. Round trip. A decoded packet re-encodes to text that decodes to an equal
//     packet, and that text is a fixed point (encoding again gives the same
//     bytes). We compare packets, not the input bytes: the input's spelling
//     need not be canonical (a lenient base64 decoder may accept missing
//     padding), only the packet is.
//  2. A binary frame is a binary message holding exactly its bytes; its text
//     form "b<base64>" decodes back to those bytes.
//  3. Limits only refuse: a decode that succeeds under tight limits gives
//     exactly what the default limits give.
//  4. An open packet's data goes through parse_handshake too (no crash).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "protocol/engineio.h"

namespace {

namespace eio = chatwire::protocol::eio;
using chatwire::fuzz::printable;

std::string describe(const eio::Packet& packet) { return printable(eio::encode_packet(packet)); }

void check_packet_shape(const eio::Packet& packet) {
  const auto type = static_cast<unsigned>(packet.type);
  FUZZ_CHECK(type <= static_cast<unsigned>(eio::PacketType::kNoop), "type " + std::to_string(type));
  FUZZ_CHECK(!packet.binary || packet.type == eio::PacketType::kMessage, describe(packet));
}

void check_round_trip(const eio::Packet& packet) {
  const std::string text = eio::encode_packet(packet);
  const auto again = eio::decode_packet(text, chatwire::fuzz::without_frame_bound({}));
  FUZZ_CHECK(again.ok(), "encoded " + printable(text) + " does not decode: " + again.error().message);
  FUZZ_CHECK(*again == packet, "encoded " + printable(text) + " decodes to " + describe(*again));
  FUZZ_CHECK(eio::encode_packet(*again) == text, "encoding is not a fixed point for " + printable(text));
}

void check_handshake(const eio::Packet& packet) {
  if (packet.type != eio::PacketType::kOpen || packet.binary) return;
  const auto handshake = eio::parse_handshake(packet.data);
  if (handshake.ok()) {
    FUZZ_CHECK(handshake->ping_interval_ms > 0 && handshake->ping_timeout_ms > 0, describe(packet));
  }
}

/// Property 3 for one decoder: `tight` may fail where `loose` succeeds, never
/// the other way round, and never with a different packet.
template <class Decode>
void check_limits_only_refuse(std::string_view frame, Decode decode) {
  const auto tight = decode(frame, chatwire::fuzz::kTightLimits);
  if (!tight.ok()) return;
  const auto loose = decode(frame, chatwire::protocol::DecodeLimits{});
  FUZZ_CHECK(loose.ok(), "accepted under tight limits only: " + printable(frame));
  FUZZ_CHECK(*loose == *tight, "limits changed the packet of " + printable(frame));
}

void fuzz_text_frame(std::string_view frame) {
  const auto decoded = eio::decode_packet(frame);
  if (decoded.ok()) {
    check_packet_shape(*decoded);
    check_round_trip(*decoded);
    check_handshake(*decoded);
  }
  check_limits_only_refuse(frame, [](std::string_view f, const chatwire::protocol::DecodeLimits& l) {
    return eio::decode_packet(f, l);
  });
}

void fuzz_binary_frame(std::string_view bytes) {
  const auto decoded = eio::decode_binary_frame(bytes);
  if (decoded.ok()) {
    FUZZ_CHECK(decoded->binary && decoded->type == eio::PacketType::kMessage, describe(*decoded));
    FUZZ_CHECK(decoded->data == bytes, "binary frame data differs from its bytes: " + describe(*decoded));
    check_round_trip(*decoded);
  }
  check_limits_only_refuse(bytes, [](std::string_view f, const chatwire::protocol::DecodeLimits& l) {
    return eio::decode_binary_frame(f, l);
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = chatwire::fuzz::as_view(data, size);
  fuzz_text_frame(input);
  fuzz_binary_frame(input);
  return 0;
}
