// Tests for the Engine.IO v4 codec. Vectors come from the Engine.IO protocol
// specification (socketio/engine.io-protocol README, and its test-suite/),
// and from engine.io-parser's test/index.ts, test/node.ts, test/browser.ts;
// each group names its source.
#include "protocol/engineio.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace chatwire::protocol::eio {

// Readable failures: gtest prints a Packet through this.
void PrintTo(const Packet& packet, std::ostream* out) {
  *out << "{" << to_string(packet.type) << (packet.binary ? ", binary" : "") << ", \"" << packet.data
       << "\"}";
}

namespace {

using namespace std::string_literals;

Packet text(PacketType type, std::string data = "") { return {type, std::move(data), false}; }
Packet binary(std::string bytes) { return {PacketType::kMessage, std::move(bytes), true}; }

Packet decode_ok(std::string_view frame, const DecodeLimits& limits = {}) {
  Result<Packet, DecodeError> result = decode_packet(frame, limits);
  if (!result) {
    ADD_FAILURE() << "decode_packet(\"" << frame << "\") failed: " << result.error().message;
    return {};
  }
  return result.value();
}

DecodeError decode_error(std::string_view frame, const DecodeLimits& limits = {}) {
  Result<Packet, DecodeError> result = decode_packet(frame, limits);
  if (result) {
    ADD_FAILURE() << "decode_packet(\"" << frame << "\") unexpectedly succeeded";
    return {};
  }
  return result.error();
}

std::vector<Packet> decode_payload_ok(std::string_view payload, const DecodeLimits& limits = {}) {
  Result<std::vector<Packet>, DecodeError> result = decode_payload(payload, limits);
  if (!result) {
    ADD_FAILURE() << "decode_payload failed: " << result.error().message;
    return {};
  }
  return result.value();
}

DecodeError decode_payload_error(std::string_view payload, const DecodeLimits& limits = {}) {
  Result<std::vector<Packet>, DecodeError> result = decode_payload(payload, limits);
  if (result) {
    ADD_FAILURE() << "decode_payload unexpectedly succeeded";
    return {};
  }
  return result.error();
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// --- Single packets -------------------------------------------------------

// engine.io-parser test/index.ts, "should encode/decode a string".
TEST(EngineIoPacket, EncodesAndDecodesAString) {
  const Packet packet = text(PacketType::kMessage, "test");
  EXPECT_EQ(encode_packet(packet), "4test");
  EXPECT_EQ(decode_ok("4test"), packet);
}

// Spec, "Protocol" (packet types) and the frames of "Heartbeat", "Upgrade"
// and "WebSocket" packet encoding.
TEST(EngineIoPacket, DecodesEveryTypeOfTheSpec) {
  EXPECT_EQ(decode_ok("0{\"sid\":\"x\"}"), text(PacketType::kOpen, "{\"sid\":\"x\"}"));
  EXPECT_EQ(decode_ok("1"), text(PacketType::kClose));
  EXPECT_EQ(decode_ok("2"), text(PacketType::kPing));
  EXPECT_EQ(decode_ok("3"), text(PacketType::kPong));
  EXPECT_EQ(decode_ok("2probe"), text(PacketType::kPing, "probe"));
  EXPECT_EQ(decode_ok("3probe"), text(PacketType::kPong, "probe"));
  EXPECT_EQ(decode_ok("4hello"), text(PacketType::kMessage, "hello"));
  EXPECT_EQ(decode_ok("5"), text(PacketType::kUpgrade));
  EXPECT_EQ(decode_ok("6"), text(PacketType::kNoop));
}

TEST(EngineIoPacket, EncodesEveryType) {
  EXPECT_EQ(encode_packet(text(PacketType::kOpen, "{}")), "0{}");
  EXPECT_EQ(encode_packet(text(PacketType::kClose)), "1");
  EXPECT_EQ(encode_packet(text(PacketType::kPing, "probe")), "2probe");
  EXPECT_EQ(encode_packet(text(PacketType::kPong, "probe")), "3probe");
  EXPECT_EQ(encode_packet(text(PacketType::kMessage, "42[\"hello\"]")), "442[\"hello\"]");
  EXPECT_EQ(encode_packet(text(PacketType::kUpgrade)), "5");
  EXPECT_EQ(encode_packet(text(PacketType::kNoop)), "6");
}

// Spec, "WebSocket": "4hello" carries UTF-8 text; data is kept byte for byte.
TEST(EngineIoPacket, KeepsDataBytesAsIs) {
  EXPECT_EQ(decode_ok("4caf\xC3\xA9 \xE2\x82\xAC"), text(PacketType::kMessage, "caf\xC3\xA9 \xE2\x82\xAC"));
  EXPECT_EQ(decode_ok("4"s + "\0x"s), text(PacketType::kMessage, "\0x"s));
}

// engine.io-parser test/node.ts, "should encode/decode a Buffer as base64".
TEST(EngineIoPacket, EncodesAndDecodesBinaryAsBase64) {
  const Packet packet = binary("\x01\x02\x03\x04");
  EXPECT_EQ(encode_packet(packet), "bAQIDBA==");
  EXPECT_EQ(decode_ok("bAQIDBA=="), packet);
}

// engine.io-parser test/browser.ts, Blob and 0-length ArrayBuffer as base64.
TEST(EngineIoPacket, DecodesBase64EdgeCases) {
  EXPECT_EQ(decode_ok("bMTIzNAECAwQ="), binary("1234\x01\x02\x03\x04"));
  EXPECT_EQ(decode_ok("b"), binary(""));
  EXPECT_EQ(encode_packet(binary("")), "b");
}

// engine.io-parser test/index.ts, "should fail to decode a malformed packet".
TEST(EngineIoPacket, RefusesMalformedPackets) {
  const DecodeError empty = decode_error("");
  EXPECT_EQ(empty.code, DecodeErrorCode::kEmptyFrame);
  EXPECT_EQ(empty.message, "empty Engine.IO packet");

  const DecodeError letter = decode_error("a123");
  EXPECT_EQ(letter.code, DecodeErrorCode::kUnknownPacketType);
  EXPECT_TRUE(contains(letter.message, "'a'")) << letter.message;
  EXPECT_TRUE(contains(letter.message, "\"a123\"")) << letter.message;
}

TEST(EngineIoPacket, RefusesEveryTypeOutsideZeroToSix) {
  for (const char* frame : {"7", "8", "9", "9hello", "/", ":", "B", " 4", "{}", "[\"a\"]"}) {
    EXPECT_EQ(decode_error(frame).code, DecodeErrorCode::kUnknownPacketType) << frame;
  }
  const DecodeError control = decode_error(
      "\x1e"
      "4");
  EXPECT_EQ(control.code, DecodeErrorCode::kUnknownPacketType);
  EXPECT_TRUE(contains(control.message, "0x1e")) << control.message;
  EXPECT_EQ(decode_error("\xFF").code, DecodeErrorCode::kUnknownPacketType);
  EXPECT_EQ(decode_error("\0"s).code, DecodeErrorCode::kUnknownPacketType);
}

TEST(EngineIoPacket, RefusesBadBase64WithItsPosition) {
  const DecodeError bad_char = decode_error("bAQ!DBA==");
  EXPECT_EQ(bad_char.code, DecodeErrorCode::kInvalidBase64);
  EXPECT_TRUE(contains(bad_char.message, "byte 3")) << bad_char.message;  // byte 3 of the frame
  EXPECT_TRUE(contains(bad_char.message, "alphabet")) << bad_char.message;

  EXPECT_EQ(decode_error("bAQIDBA").code, DecodeErrorCode::kInvalidBase64);   // unpadded
  EXPECT_EQ(decode_error("bAQIDBA=").code, DecodeErrorCode::kInvalidBase64);  // short
  EXPECT_EQ(decode_error("bAQ==DBA").code, DecodeErrorCode::kInvalidBase64);  // padding inside
  EXPECT_EQ(decode_error("b AQIDBA==").code, DecodeErrorCode::kInvalidBase64);
  EXPECT_EQ(decode_error("bZh==").code, DecodeErrorCode::kInvalidBase64);  // non-canonical
  EXPECT_EQ(decode_error("b\xFF\xFF\xFF\xFF").code, DecodeErrorCode::kInvalidBase64);
}

TEST(EngineIoPacket, RefusesFramesOverTheLimitBeforeDecoding) {
  const DecodeLimits limits{.max_frame_bytes = 8};
  EXPECT_EQ(decode_ok("4abcdefg", limits), text(PacketType::kMessage, "abcdefg"));  // exactly the limit

  const DecodeError too_large = decode_error("4abcdefgh", limits);
  EXPECT_EQ(too_large.code, DecodeErrorCode::kFrameTooLarge);
  EXPECT_EQ(too_large.message, "Engine.IO packet of 9 bytes exceeds the limit of 8 bytes");

  // Over the limit wins over every other problem of the frame.
  EXPECT_EQ(decode_error("b!!!!!!!!!", limits).code, DecodeErrorCode::kFrameTooLarge);
  EXPECT_EQ(decode_error("zzzzzzzzzz", limits).code, DecodeErrorCode::kFrameTooLarge);
  // The default limit is Engine.IO's default maxPayload, 1e6 bytes.
  EXPECT_EQ(decode_error("4" + std::string(1'000'000, 'x')).code, DecodeErrorCode::kFrameTooLarge);
  EXPECT_TRUE(decode_packet("4" + std::string(999'999, 'x')).ok());
}

// Spec "WebSocket": binary payloads are sent as is; test-suite "should send
// binary data (WebSocket)" echoes Uint8Array [1, 2, 3, 4].
TEST(EngineIoBinaryFrame, IsAlwaysABinaryMessage) {
  EXPECT_EQ(decode_binary_frame("\x01\x02\x03\x04").value(), binary("\x01\x02\x03\x04"));
  EXPECT_EQ(decode_binary_frame("4hello").value(), binary("4hello"));  // no type byte in binary frames
  EXPECT_EQ(decode_binary_frame("").value(), binary(""));              // an empty Buffer attachment is valid
}

TEST(EngineIoBinaryFrame, RefusesFramesOverTheLimit) {
  const Result<Packet, DecodeError> result = decode_binary_frame("12345", DecodeLimits{.max_frame_bytes = 4});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, DecodeErrorCode::kFrameTooLarge);
  EXPECT_EQ(result.error().message, "binary frame of 5 bytes exceeds the limit of 4 bytes");
}

TEST(EngineIoPacketType, HasStableNames) {
  EXPECT_STREQ(to_string(PacketType::kOpen), "open");
  EXPECT_STREQ(to_string(PacketType::kClose), "close");
  EXPECT_STREQ(to_string(PacketType::kPing), "ping");
  EXPECT_STREQ(to_string(PacketType::kPong), "pong");
  EXPECT_STREQ(to_string(PacketType::kMessage), "message");
  EXPECT_STREQ(to_string(PacketType::kUpgrade), "upgrade");
  EXPECT_STREQ(to_string(PacketType::kNoop), "noop");
  EXPECT_STREQ(to_string(static_cast<PacketType>(9)), "unknown");
}

// --- Payloads (HTTP long-polling) ------------------------------------------

// engine.io-parser test/index.ts, "should encode/decode all packet types".
TEST(EngineIoPayload, EncodesAndDecodesAllPacketTypes) {
  const std::vector<Packet> packets = {
      text(PacketType::kOpen),          text(PacketType::kClose),           text(PacketType::kPing, "probe"),
      text(PacketType::kPong, "probe"), text(PacketType::kMessage, "test"),
  };
  const std::string payload = encode_payload(packets);
  EXPECT_EQ(payload,
            "0\x1e"
            "1\x1e"
            "2probe\x1e"
            "3probe\x1e"
            "4test");
  EXPECT_EQ(decode_payload_ok(payload), packets);
}

// engine.io-parser test/node.ts and test/browser.ts: string + binary payloads.
TEST(EngineIoPayload, EncodesBinaryAsBase64) {
  const std::vector<Packet> packets = {text(PacketType::kMessage, "test"), binary("\x01\x02\x03\x04")};
  EXPECT_EQ(encode_payload(packets),
            "4test\x1e"
            "bAQIDBA==");
  EXPECT_EQ(decode_payload_ok("4test\x1e"
                              "bAQIDBA=="),
            packets);

  const std::vector<Packet> with_empty = {text(PacketType::kMessage, "test"), binary("")};
  EXPECT_EQ(encode_payload(with_empty),
            "4test\x1e"
            "b");
  EXPECT_EQ(decode_payload_ok("4test\x1e"
                              "b"),
            with_empty);
}

// Spec, "Packet encoding / HTTP long-polling" examples, and the spec's
// test-suite ("should send/receive packets", "... binary data").
TEST(EngineIoPayload, DecodesTheSpecExamples) {
  EXPECT_EQ(decode_payload_ok("4hello\x1e"
                              "2\x1e"
                              "4world"),
            (std::vector<Packet>{text(PacketType::kMessage, "hello"), text(PacketType::kPing),
                                 text(PacketType::kMessage, "world")}));
  EXPECT_EQ(decode_payload_ok("4hello\x1e"
                              "bAQIDBA=="),
            (std::vector<Packet>{text(PacketType::kMessage, "hello"), binary("\x01\x02\x03\x04")}));
  EXPECT_EQ(decode_payload_ok("4test1\x1e"
                              "4test2\x1e"
                              "4test3"),
            (std::vector<Packet>{text(PacketType::kMessage, "test1"), text(PacketType::kMessage, "test2"),
                                 text(PacketType::kMessage, "test3")}));
  EXPECT_EQ(decode_payload_ok("6"), std::vector<Packet>{text(PacketType::kNoop)});
  EXPECT_EQ(decode_payload_ok("1"), std::vector<Packet>{text(PacketType::kClose)});
  // Socket.IO spec "Sample session", request 5: two events in one POST.
  EXPECT_EQ(decode_payload_ok("42[\"hello\"]\x1e"
                              "42[\"world\"]"),
            (std::vector<Packet>{text(PacketType::kMessage, "2[\"hello\"]"),
                                 text(PacketType::kMessage, "2[\"world\"]")}));
}

TEST(EngineIoPayload, EncodesNothingAsEmpty) { EXPECT_EQ(encode_payload({}), ""); }

// engine.io-parser test/index.ts, "should fail to decode a malformed payload";
// and the spec test-suite's POST of "abc" (refused with HTTP 400).
TEST(EngineIoPayload, RefusesMalformedPayloads) {
  EXPECT_EQ(decode_payload_error("{").code, DecodeErrorCode::kUnknownPacketType);
  EXPECT_EQ(decode_payload_error("{}").code, DecodeErrorCode::kUnknownPacketType);
  EXPECT_EQ(decode_payload_error("[\"a123\", \"a456\"]").code, DecodeErrorCode::kUnknownPacketType);
  EXPECT_EQ(decode_payload_error("abc").code, DecodeErrorCode::kUnknownPacketType);
}

TEST(EngineIoPayload, OneBadPacketFailsTheWholePayloadAndIsLocated) {
  const DecodeError error = decode_payload_error(
      "4a\x1e"
      "4b\x1e"
      "x\x1e"
      "4c");
  EXPECT_EQ(error.code, DecodeErrorCode::kUnknownPacketType);
  EXPECT_TRUE(contains(error.message, "payload packet 3 (at byte 6)")) << error.message;

  EXPECT_EQ(decode_payload_error("4a\x1e"
                                 "b!!!!")
                .code,
            DecodeErrorCode::kInvalidBase64);
}

// engine.io-parser splits on 0x1e and decodes every piece, so an empty body,
// a trailing separator or two separators in a row give an error packet.
TEST(EngineIoPayload, RefusesEmptyPackets) {
  EXPECT_EQ(decode_payload_error("").code, DecodeErrorCode::kEmptyFrame);
  EXPECT_EQ(decode_payload_error("4a\x1e").code, DecodeErrorCode::kEmptyFrame);
  EXPECT_EQ(decode_payload_error("\x1e"
                                 "4a")
                .code,
            DecodeErrorCode::kEmptyFrame);
  EXPECT_EQ(decode_payload_error("4a\x1e\x1e"
                                 "4b")
                .code,
            DecodeErrorCode::kEmptyFrame);
}

TEST(EngineIoPayload, LimitBoundsTheWholeBody) {
  const DecodeLimits limits{.max_frame_bytes = 10};
  EXPECT_EQ(decode_payload_ok("4abc\x1e"
                              "4defg",
                              limits)
                .size(),
            2u);  // 10 bytes
  const DecodeError error = decode_payload_error(
      "4abc\x1e"
      "4defgh",
      limits);
  EXPECT_EQ(error.code, DecodeErrorCode::kFrameTooLarge);
  EXPECT_EQ(error.message, "payload of 11 bytes exceeds the limit of 10 bytes");
}

// --- PayloadDecoder (a body streamed in chunks) -----------------------------

std::vector<Result<Packet, DecodeError>> feed_all(PayloadDecoder& decoder,
                                                  const std::vector<std::string>& chunks) {
  std::vector<Result<Packet, DecodeError>> all;
  for (const std::string& chunk : chunks) {
    for (auto& result : decoder.feed(chunk)) all.push_back(std::move(result));
  }
  for (auto& result : decoder.finish()) all.push_back(std::move(result));
  return all;
}

std::vector<Packet> packets_of(const std::vector<Result<Packet, DecodeError>>& results) {
  std::vector<Packet> packets;
  for (const auto& result : results) {
    if (result) {
      packets.push_back(result.value());
    } else {
      ADD_FAILURE() << "unexpected error: " << result.error().message;
    }
  }
  return packets;
}

TEST(PayloadDecoder, ReturnsPacketsAsTheirSeparatorArrives) {
  PayloadDecoder decoder;
  EXPECT_TRUE(decoder.feed("4hel").empty());
  std::vector<Result<Packet, DecodeError>> first = decoder.feed(
      "lo\x1e"
      "2\x1e"
      "4wor");
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].value(), text(PacketType::kMessage, "hello"));
  EXPECT_EQ(first[1].value(), text(PacketType::kPing));
  EXPECT_TRUE(decoder.feed("ld").empty());
  std::vector<Result<Packet, DecodeError>> last = decoder.finish();
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last[0].value(), text(PacketType::kMessage, "world"));
}

// Any way of cutting a body into chunks gives what decode_payload gives.
TEST(PayloadDecoder, AgreesWithDecodePayloadForEverySplit) {
  const std::string body =
      "0\x1e"
      "1\x1e"
      "2probe\x1e"
      "3probe\x1e"
      "4test\x1e"
      "bAQIDBA==\x1e"
      "b";
  const std::vector<Packet> expected = decode_payload_ok(body);
  ASSERT_EQ(expected.size(), 7u);
  for (std::size_t cut1 = 0; cut1 <= body.size(); ++cut1) {
    for (std::size_t cut2 = cut1; cut2 <= body.size(); ++cut2) {
      PayloadDecoder decoder;
      const auto results =
          feed_all(decoder, {body.substr(0, cut1), body.substr(cut1, cut2 - cut1), body.substr(cut2)});
      EXPECT_EQ(packets_of(results), expected) << "cuts at " << cut1 << ", " << cut2;
    }
  }
}

TEST(PayloadDecoder, DecodesOneByteAtATime) {
  const std::string body =
      "4hello\x1e"
      "2\x1e"
      "4world";
  std::vector<std::string> bytes;
  for (const char c : body) bytes.emplace_back(1, c);
  PayloadDecoder decoder;
  EXPECT_EQ(packets_of(feed_all(decoder, bytes)),
            (std::vector<Packet>{text(PacketType::kMessage, "hello"), text(PacketType::kPing),
                                 text(PacketType::kMessage, "world")}));
}

TEST(PayloadDecoder, ReportsBadPacketsAndCarriesOn) {
  PayloadDecoder decoder;
  const auto results = feed_all(decoder, {"4a\x1e"
                                          "x\x1e"
                                          "\x1e"
                                          "b!\x1e"
                                          "4b"});
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(results[0].value(), text(PacketType::kMessage, "a"));
  EXPECT_EQ(results[1].error().code, DecodeErrorCode::kUnknownPacketType);
  EXPECT_EQ(results[2].error().code, DecodeErrorCode::kEmptyFrame);
  EXPECT_EQ(results[3].error().code, DecodeErrorCode::kInvalidBase64);
  EXPECT_EQ(results[4].value(), text(PacketType::kMessage, "b"));
}

TEST(PayloadDecoder, ReportsAnOversizedPacketOnceAndSkipsToTheNextSeparator) {
  PayloadDecoder decoder(DecodeLimits{.max_frame_bytes = 5});
  std::vector<Result<Packet, DecodeError>> results = decoder.feed(
      "4ab\x1e"
      "4cdef");  // 5 bytes: fits
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].value(), text(PacketType::kMessage, "ab"));

  results = decoder.feed("g");  // now 6 bytes pending: over the limit
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].error().code, DecodeErrorCode::kFrameTooLarge);
  EXPECT_TRUE(contains(results[0].error().message, "limit of 5 bytes")) << results[0].error().message;

  EXPECT_TRUE(decoder.feed(std::string(10'000, 'h')).empty());  // discarded, reported once
  results = decoder.feed(
      "i\x1e"
      "4ok");
  EXPECT_TRUE(results.empty());  // the separator ends the oversized packet silently
  results = decoder.finish();
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].value(), text(PacketType::kMessage, "ok"));
}

TEST(PayloadDecoder, ReportsAnOversizedPacketWithinOneChunk) {
  PayloadDecoder decoder(DecodeLimits{.max_frame_bytes = 3});
  const auto results = feed_all(decoder, {"4toolong\x1e"
                                          "4ok"});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].error().code, DecodeErrorCode::kFrameTooLarge);
  EXPECT_EQ(results[1].value(), text(PacketType::kMessage, "ok"));
}

TEST(PayloadDecoder, OversizedLastPacketIsReportedOnlyOnce) {
  PayloadDecoder decoder(DecodeLimits{.max_frame_bytes = 3});
  EXPECT_EQ(decoder.feed("4toolong").size(), 1u);
  EXPECT_TRUE(decoder.finish().empty());
  // finish() resets: the next body decodes normally.
  EXPECT_EQ(packets_of(feed_all(decoder, {"4ok"})), std::vector<Packet>{text(PacketType::kMessage, "ok")});
}

TEST(PayloadDecoder, TrailingSeparatorIsAnEmptyPacket) {
  PayloadDecoder decoder;
  const auto results = feed_all(decoder, {"4a\x1e"});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].value(), text(PacketType::kMessage, "a"));
  EXPECT_EQ(results[1].error().code, DecodeErrorCode::kEmptyFrame);
}

TEST(PayloadDecoder, SpuriousFinishIsANoOp) {
  PayloadDecoder decoder;
  EXPECT_TRUE(decoder.finish().empty());
  EXPECT_TRUE(decoder.feed("").empty());
  EXPECT_TRUE(decoder.finish().empty());
  EXPECT_EQ(feed_all(decoder, {"2"}).size(), 1u);
  EXPECT_TRUE(decoder.finish().empty());
}

TEST(PayloadDecoder, IsReusableAcrossBodies) {
  PayloadDecoder decoder;
  EXPECT_EQ(packets_of(feed_all(decoder, {"4one\x1e"
                                          "4tw"}))
                .size(),
            2u);
  EXPECT_EQ(packets_of(feed_all(decoder, {"4o"})), std::vector<Packet>{text(PacketType::kMessage, "o")});
}

// --- Handshake (the open packet) ---------------------------------------------

Handshake handshake_ok(std::string_view data, const DecodeLimits& limits = {}) {
  Result<Handshake, DecodeError> result = parse_handshake(data, limits);
  if (!result) {
    ADD_FAILURE() << "parse_handshake failed: " << result.error().message;
    return {};
  }
  return result.value();
}

DecodeError handshake_error(std::string_view data, const DecodeLimits& limits = {}) {
  Result<Handshake, DecodeError> result = parse_handshake(data, limits);
  if (result) {
    ADD_FAILURE() << "parse_handshake(" << data << ") unexpectedly succeeded";
    return {};
  }
  return result.error();
}

// Spec, "Handshake" example.
TEST(Handshake, ParsesTheSpecExample) {
  const Handshake handshake = handshake_ok(
      R"({"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})");
  EXPECT_EQ(handshake, (Handshake{"lv_VI97HAXpY6yYWAAAC", {"websocket"}, 25000, 20000, 1'000'000}));
}

// Socket.IO spec "Sample session" (pingTimeout 5000) and the Engine.IO
// test-suite's WebSocket handshake (no upgrades; 300/200 ms heartbeat).
TEST(Handshake, ParsesTheSampleSessionAndTestSuiteHandshakes) {
  EXPECT_EQ(
      handshake_ok(
          R"({"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":5000,"maxPayload":1000000})")
          .ping_timeout_ms,
      5000);
  const Handshake websocket = handshake_ok(
      R"({"sid":"abc","upgrades":[],"pingInterval":300,"pingTimeout":200,"maxPayload":1000000})");
  EXPECT_TRUE(websocket.upgrades.empty());
  EXPECT_EQ(websocket.ping_interval_ms, 300);
  EXPECT_EQ(websocket.ping_timeout_ms, 200);
}

TEST(Handshake, OptionalFieldsTakeTheirDefaults) {
  // No maxPayload: servers before engine.io 4 / python-engineio 4.
  const Handshake handshake = handshake_ok(R"({"sid":"s","pingInterval":1000,"pingTimeout":2000})");
  EXPECT_EQ(handshake.max_payload, 1'000'000);
  EXPECT_TRUE(handshake.upgrades.empty());
  EXPECT_EQ(handshake.ping_interval_ms, 1000);
  EXPECT_EQ(handshake.ping_timeout_ms, 2000);
}

TEST(Handshake, IgnoresUnknownFields) {
  EXPECT_EQ(handshake_ok(R"({"sid":"s","pingInterval":1,"pingTimeout":1,"extra":{"a":[1]}})").sid, "s");
}

TEST(Handshake, AcceptsTheLargestTimerValue) {
  const Handshake handshake = handshake_ok(R"({"sid":"s","pingInterval":2147483647,"pingTimeout":1})");
  EXPECT_EQ(handshake.ping_interval_ms, 2147483647);
}

void expect_invalid_handshake(std::string_view data, const std::string& field) {
  const DecodeError error = handshake_error(data);
  EXPECT_EQ(error.code, DecodeErrorCode::kInvalidHandshake) << data;
  EXPECT_TRUE(contains(error.message, field))
      << "message \"" << error.message << "\" does not name " << field;
}

TEST(Handshake, RefusesABadSid) {
  expect_invalid_handshake(R"({"pingInterval":1,"pingTimeout":1})", "missing \"sid\"");
  expect_invalid_handshake(R"({"sid":42,"pingInterval":1,"pingTimeout":1})", "\"sid\"");
  expect_invalid_handshake(R"({"sid":"","pingInterval":1,"pingTimeout":1})", "\"sid\"");
  expect_invalid_handshake(R"({"sid":null,"pingInterval":1,"pingTimeout":1})", "\"sid\"");
  expect_invalid_handshake(R"({"sid":["s"],"pingInterval":1,"pingTimeout":1})", "\"sid\"");
}

TEST(Handshake, RefusesBadIntervals) {
  expect_invalid_handshake(R"({"sid":"s","pingTimeout":1})", "missing \"pingInterval\"");
  expect_invalid_handshake(R"({"sid":"s","pingInterval":1})", "missing \"pingTimeout\"");
  for (const char* bad : {"0", "-1", "\"25000\"", "25000.5", "25000.0", "null", "true", "2147483648",
                          "18446744073709551615", "[1]"}) {
    expect_invalid_handshake(std::string(R"({"sid":"s","pingTimeout":1,"pingInterval":)") + bad + "}",
                             "\"pingInterval\"");
    expect_invalid_handshake(std::string(R"({"sid":"s","pingInterval":1,"pingTimeout":)") + bad + "}",
                             "\"pingTimeout\"");
  }
  // The message quotes the offending value.
  const DecodeError error = handshake_error(R"({"sid":"s","pingInterval":-5,"pingTimeout":1})");
  EXPECT_TRUE(contains(error.message, "-5")) << error.message;
}

TEST(Handshake, RefusesABadMaxPayload) {
  for (const char* bad : {"0", "-1000", "\"1000000\"", "1e6", "null"}) {
    expect_invalid_handshake(
        std::string(R"({"sid":"s","pingInterval":1,"pingTimeout":1,"maxPayload":)") + bad + "}",
        "\"maxPayload\"");
  }
}

TEST(Handshake, RefusesBadUpgrades) {
  expect_invalid_handshake(R"({"sid":"s","pingInterval":1,"pingTimeout":1,"upgrades":"websocket"})",
                           "\"upgrades\"");
  expect_invalid_handshake(R"({"sid":"s","pingInterval":1,"pingTimeout":1,"upgrades":["websocket",1]})",
                           "\"upgrades[1]\"");
  expect_invalid_handshake(R"({"sid":"s","pingInterval":1,"pingTimeout":1,"upgrades":null})", "\"upgrades\"");
}

TEST(Handshake, RefusesSomethingOtherThanAnObject) {
  expect_invalid_handshake(R"(["sid","s"])", "expected a JSON object, got array");
  expect_invalid_handshake(R"("sid")", "got \"sid\"");
  expect_invalid_handshake("42", "got 42");
}

TEST(Handshake, RefusesInvalidJson) {
  for (const char* bad : {"", "{", "{sid:\"s\"}", "{\"sid\":\"s\",}", "{\"sid\":\"\xFF\"}"}) {
    EXPECT_EQ(handshake_error(bad).code, DecodeErrorCode::kInvalidJson) << bad;
  }
  const DecodeError error = handshake_error(R"({"sid":"s","pingInterval":25000,})");
  EXPECT_TRUE(contains(error.message, "byte 32")) << error.message;
}

TEST(Handshake, RefusesDeepNestingAndOversizedData) {
  EXPECT_EQ(
      handshake_error("{\"sid\":\"s\",\"x\":" + std::string(100, '[') + std::string(100, ']') + "}").code,
      DecodeErrorCode::kJsonTooDeep);
  EXPECT_EQ(
      handshake_error(R"({"sid":"s","pingInterval":1,"pingTimeout":1})", DecodeLimits{.max_frame_bytes = 10})
          .code,
      DecodeErrorCode::kFrameTooLarge);
}

}  // namespace
}  // namespace chatwire::protocol::eio
