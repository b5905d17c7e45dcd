// Fuzzes the Socket.IO decoders: sio::decode (one text packet, stateless) and
// sio::Decoder (a connection's stream of text and binary messages).
//
// Input format, chosen so seeds stay readable text files:
//  - the whole input is one text packet for sio::decode;
//  - split on '\n', it is also a stream for sio::Decoder: a line starting
//    with 'B' is a binary message holding the rest of the line, any other
//    line is a text message. (A text packet never starts with 'B', and a
//    newline is only ever JSON whitespace, so little is lost.)
//
// Properties, beyond "no crash, leak or undefined behaviour":
//  1. Round trip. A decoded packet re-encodes to text that decodes to an
//     equal packet, and that text is a fixed point. JSON makes this exact:
//     nlohmann refuses non-finite numbers and invalid UTF-8, and prints
//     doubles with round-trip precision.
//  2. Limits only refuse: success under tight limits equals the default result.
//  3. The stream decoder agrees with the stateless one on every text message
//     (same packet, or same error code), and keeps its attachment count in
//     step: a binary header announces n, each binary message then consumes
//     one as AttachmentSkipped, and any text message abandons the rest.
//  4. An EVENT whose name is a string is what make_event builds from its parts.
//  5. PayloadForm::kText reads the same packets: where the tree decoder
//     accepts, the text decoder gives the same name and arguments whose text
//     parses to the same array; where the text decoder accepts with
//     arguments that parse, the tree decoder accepts too; every other type,
//     and every refusal of the head, is the same in both forms.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "fuzz_support.h"
#include "protocol/socketio.h"
#include "util/json.h"

namespace {

namespace sio = chatwire::protocol::sio;
using chatwire::fuzz::printable;
using chatwire::protocol::DecodeError;
using chatwire::protocol::DecodeErrorCode;
using chatwire::protocol::DecodeLimits;

std::string describe(const sio::Packet& packet) { return printable(sio::encode(packet)); }

void check_packet_shape(const sio::Packet& packet) {
  FUZZ_CHECK(packet.type != sio::PacketType::kBinaryEvent && packet.type != sio::PacketType::kBinaryAck,
             "binary packet decoded as supported: " + describe(packet));
  FUZZ_CHECK(static_cast<unsigned>(packet.type) <= static_cast<unsigned>(sio::PacketType::kBinaryAck),
             "type out of range");
  FUZZ_CHECK(!packet.nsp.empty() && packet.nsp.front() == '/', "namespace " + printable(packet.nsp));
}

void check_round_trip(const sio::Packet& packet, const DecodeLimits& limits) {
  const std::string text = sio::encode(packet);
  const auto again = sio::decode(text, chatwire::fuzz::without_frame_bound(limits));
  FUZZ_CHECK(again.ok(), "encoded " + printable(text) + " does not decode: " + again.error().message);
  FUZZ_CHECK(*again == packet, "encoded " + printable(text) + " decodes to " + describe(*again));
  FUZZ_CHECK(sio::encode(*again) == text, "encoding is not a fixed point for " + printable(text));
}

void check_event_parts(const sio::Packet& packet) {
  if (packet.type != sio::PacketType::kEvent || !packet.data || !packet.data->is_array() ||
      packet.data->empty() || !packet.data->front().is_string()) {
    return;
  }
  const auto& name = packet.data->front().get_ref<const std::string&>();
  sio::Json args = sio::Json::array();
  for (std::size_t i = 1; i < packet.data->size(); ++i) args.push_back((*packet.data)[i]);
  const sio::Packet rebuilt = sio::make_event(packet.nsp, name, std::move(args), packet.ack_id);
  FUZZ_CHECK(rebuilt == packet, "make_event built " + describe(rebuilt) + " for " + describe(packet));
}

// Property 5: `tree` and `text` are decode()'s results in the two forms.
void check_text_form(std::string_view input, const chatwire::Result<sio::Packet, DecodeError>& tree,
                     const chatwire::Result<sio::Packet, DecodeError>& text) {
  if (!text.ok()) {
    FUZZ_CHECK(!tree.ok() && tree.error().code == text.error().code,
               "text form refuses what the tree form reads: " + printable(input));
    return;
  }
  const sio::Packet& packet = *text;
  const bool as_text = packet.type == sio::PacketType::kEvent || packet.type == sio::PacketType::kAck;
  if (!as_text) {
    FUZZ_CHECK(tree.ok() && *tree == packet, "text form differs on a non-event packet: " + printable(input));
    return;
  }
  FUZZ_CHECK(!packet.data, "text form kept a tree: " + printable(input));
  const chatwire::json_util::ParseOutcome args = chatwire::json_util::parse(packet.args_json);
  if (!args.value) {
    FUZZ_CHECK(!tree.ok(), "text form's arguments do not parse, but the payload does: " + printable(input));
    return;
  }
  FUZZ_CHECK(tree.ok(), "tree form refuses what the text form reads: " + printable(input));
  FUZZ_CHECK(tree->nsp == packet.nsp && tree->ack_id == packet.ack_id, "head differs: " + printable(input));
  sio::Json expected = *tree->data;
  if (packet.type == sio::PacketType::kEvent) {
    const sio::Json& name = expected.front();
    const std::string expected_name =
        name.is_string() ? name.get<std::string>() : chatwire::json_util::dump(name);
    FUZZ_CHECK(packet.event == expected_name, "name differs: " + printable(input));
    expected.erase(expected.begin());
  }
  FUZZ_CHECK(*args.value == expected, "arguments differ: " + printable(input));
}

void fuzz_stateless(std::string_view text) {
  const auto decoded = sio::decode(text);
  if (decoded.ok()) {
    check_packet_shape(*decoded);
    check_round_trip(*decoded, DecodeLimits{});
    check_event_parts(*decoded);
  }
  check_text_form(text, decoded, sio::decode(text, DecodeLimits{}, nullptr, sio::PayloadForm::kText));
  const auto tight = sio::decode(text, chatwire::fuzz::kTightLimits);
  if (tight.ok()) {
    FUZZ_CHECK(decoded.ok(), "accepted under tight limits only: " + printable(text));
    FUZZ_CHECK(*tight == *decoded, "limits changed the packet of " + printable(text));
  }
}

void feed_text(sio::Decoder& decoder, std::string_view text, const DecodeLimits& limits) {
  std::uint32_t announced = 0;
  const auto expected = sio::decode(text, limits, &announced);
  const sio::DecodeOutcome outcome = decoder.feed_text(text);
  if (expected.ok()) {
    const auto* packet = std::get_if<sio::Packet>(&outcome);
    FUZZ_CHECK(packet != nullptr && *packet == *expected,
               "stream disagrees with decode on " + printable(text));
  } else {
    const auto* error = std::get_if<DecodeError>(&outcome);
    FUZZ_CHECK(error != nullptr && error->code == expected.error().code,
               "stream disagrees with decode on " + printable(text));
  }
  const bool header = !expected.ok() && expected.error().code == DecodeErrorCode::kUnsupportedBinary;
  FUZZ_CHECK(decoder.attachments_pending() == (header ? announced : 0u),
             "pending " + std::to_string(decoder.attachments_pending()) + " after " + printable(text));
}

void feed_binary(sio::Decoder& decoder, std::string_view bytes) {
  const std::uint32_t before = decoder.attachments_pending();
  const sio::DecodeOutcome outcome = decoder.feed_binary(bytes);
  if (before > 0) {
    FUZZ_CHECK(std::holds_alternative<sio::AttachmentSkipped>(outcome), "expected attachment not skipped");
    FUZZ_CHECK(decoder.attachments_pending() == before - 1, "pending not decremented");
  } else {
    // A stray binary message belongs to no packet: it is refused (and so
    // reported), never swallowed as if announced, never made a packet.
    FUZZ_CHECK(std::holds_alternative<DecodeError>(outcome), "stray binary not refused");
    FUZZ_CHECK(decoder.attachments_pending() == 0, "stray binary changed the pending count");
  }
}

void fuzz_stream(std::string_view input, const DecodeLimits& limits) {
  sio::Decoder decoder(limits);
  std::size_t start = 0;
  while (start <= input.size()) {
    std::size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    const std::string_view line = input.substr(start, end - start);
    if (!line.empty() && line.front() == 'B') {
      feed_binary(decoder, line.substr(1));
    } else {
      feed_text(decoder, line, limits);
    }
    start = end + 1;
  }
  decoder.reset();
  FUZZ_CHECK(decoder.attachments_pending() == 0, "reset() left attachments pending");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = chatwire::fuzz::as_view(data, size);
  fuzz_stateless(input);
  fuzz_stream(input, DecodeLimits{});
  fuzz_stream(input, chatwire::fuzz::kTightLimits);
  return 0;
}
