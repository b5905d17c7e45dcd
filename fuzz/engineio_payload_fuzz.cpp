// Fuzzes the Engine.IO long-polling payload decoders: eio::decode_payload (a
// whole HTTP body) and eio::PayloadDecoder (the same body streamed in chunks).
// The input is the body, unmodified: packets joined by 0x1e.
//
// Properties, beyond "no crash, leak or undefined behaviour":
//  1. Round trip. A payload that decodes re-encodes (encode_payload) to a
//     body that decodes to equal packets. This is exact: a decoded text packet
//     cannot contain the separator it was split on, and binary data travels
//     as base64.
//  2. Chunking does not matter. The streaming decoder gives the same sequence
//     of packets and error codes whether the body arrives whole, byte by byte,
//     or in chunks cut at positions derived from the input (empty chunks
//     included: a spurious feed("") must be a no-op). Error messages may say
//     how many bytes were pending when a limit tripped, so only codes count.
//  3. finish() resets: the same decoder, fed the body again, says the same.
//  4. Agreement. When the whole body is valid, the streaming decoder yields
//     exactly its packets and no error.
// Each is checked under the default limits and under tight ones.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "protocol/engineio.h"

namespace {

namespace eio = chatwire::protocol::eio;
using chatwire::fuzz::printable;
using chatwire::protocol::DecodeErrorCode;
using chatwire::protocol::DecodeLimits;

/// One streamed result, with the error reduced to its code (see property 2).
struct Item {
  bool ok = false;
  eio::Packet packet;
  DecodeErrorCode code = DecodeErrorCode::kEmptyFrame;
  friend bool operator==(const Item&, const Item&) = default;
};

std::string describe(const std::vector<Item>& items) {
  std::string out = "[";
  for (const Item& item : items) {
    if (out.size() > 1) out += ", ";
    out += item.ok ? printable(eio::encode_packet(item.packet))
                   : std::string("error:") + chatwire::protocol::to_string(item.code);
  }
  return out + "]";
}

using Results = std::vector<chatwire::Result<eio::Packet, chatwire::protocol::DecodeError>>;

void append(std::vector<Item>& items, Results results) {
  for (auto& result : results) {
    if (result.ok()) {
      items.push_back({true, std::move(result).value(), DecodeErrorCode::kEmptyFrame});
    } else {
      items.push_back({false, {}, result.error().code});
    }
  }
}

/// Feeds `body` cut into chunks whose sizes come from `next_size`, then finishes.
template <class NextSize>
std::vector<Item> stream(eio::PayloadDecoder& decoder, std::string_view body, NextSize next_size) {
  std::vector<Item> items;
  std::size_t at = 0;
  while (at < body.size()) {
    const std::size_t size = std::min(next_size(body.size() - at), body.size() - at);
    append(items, decoder.feed(body.substr(at, size)));
    at += size;
  }
  append(items, decoder.finish());
  return items;
}

std::vector<Item> stream_whole(eio::PayloadDecoder& decoder, std::string_view body) {
  return stream(decoder, body, [](std::size_t left) { return left; });
}

std::vector<Item> stream_bytewise(std::string_view body, const DecodeLimits& limits) {
  eio::PayloadDecoder decoder(limits);
  return stream(decoder, body, [](std::size_t) { return std::size_t{1}; });
}

/// Mostly short chunks (boundaries land next to separators often), some long
/// ones, and the occasional empty one.
std::vector<Item> stream_scattered(std::string_view body, const DecodeLimits& limits) {
  chatwire::SeededRandom rng(chatwire::fuzz::fnv1a(body));
  eio::PayloadDecoder decoder(limits);
  return stream(decoder, body, [&rng](std::size_t left) {
    switch (rng.up_to(7)) {
      case 0:
        return std::size_t{0};
      case 1:
        return rng.up_to(left);
      default:
        return std::size_t{1} + rng.up_to(7);
    }
  });
}

void check_round_trip(const std::vector<eio::Packet>& packets) {
  const std::string body = eio::encode_payload(packets);
  const auto again = eio::decode_payload(body, chatwire::fuzz::without_frame_bound({}));
  FUZZ_CHECK(again.ok(), "encoded " + printable(body) + " does not decode: " + again.error().message);
  FUZZ_CHECK(*again == packets, "encoded " + printable(body) + " decodes to other packets");
}

void fuzz_with_limits(std::string_view body, const DecodeLimits& limits) {
  const auto whole = eio::decode_payload(body, limits);
  if (whole.ok()) check_round_trip(*whole);

  eio::PayloadDecoder decoder(limits);
  const std::vector<Item> at_once = stream_whole(decoder, body);
  const std::vector<Item> reused = stream_whole(decoder, body);
  FUZZ_CHECK(reused == at_once, "after finish(): " + describe(reused) + " vs " + describe(at_once));
  const std::vector<Item> bytewise = stream_bytewise(body, limits);
  FUZZ_CHECK(bytewise == at_once, "byte by byte: " + describe(bytewise) + " vs " + describe(at_once));
  const std::vector<Item> scattered = stream_scattered(body, limits);
  FUZZ_CHECK(scattered == at_once, "scattered: " + describe(scattered) + " vs " + describe(at_once));

  if (whole.ok()) {
    std::vector<Item> expected;
    for (const eio::Packet& packet : *whole) expected.push_back({true, packet, DecodeErrorCode::kEmptyFrame});
    FUZZ_CHECK(at_once == expected, "streamed " + describe(at_once) + " but decode_payload gave " +
                                        describe(expected) + " for " + printable(body));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body = chatwire::fuzz::as_view(data, size);
  fuzz_with_limits(body, DecodeLimits{});
  fuzz_with_limits(body, chatwire::fuzz::kTightLimits);
  return 0;
}
