// Tests for the Socket.IO v5 codec. Vectors come from the Socket.IO protocol
// specification (socketio/socket.io-protocol README: "Packet encoding",
// "Sample session", and test-suite/test-suite.js) and from socket.io-parser's
// test/parser.js; each group names its source. The frames here are the
// Socket.IO text, without the Engine.IO '4' in front ("42[...]" on the wire
// is "2[...]" here).
#include "protocol/socketio.h"

#include <gtest/gtest.h>

#include <iterator>
#include <ostream>
#include <random>
#include <string>

namespace chatwire::protocol::sio {

// Readable failures: gtest prints a Packet through this.
void PrintTo(const Packet& packet, std::ostream* out) {
  *out << "{" << to_string(packet.type) << ", nsp " << packet.nsp;
  if (packet.ack_id) *out << ", id " << *packet.ack_id;
  if (packet.data) *out << ", " << json_util::dump(*packet.data);
  *out << "}";
}

namespace {

using namespace std::string_literals;

Packet packet(PacketType type, std::string nsp, std::optional<std::string> json = std::nullopt,
              std::optional<std::uint32_t> ack_id = std::nullopt) {
  Packet p;
  p.type = type;
  p.nsp = std::move(nsp);
  p.ack_id = ack_id;
  if (json) p.data = Json::parse(*json);
  return p;
}

Packet decode_ok(std::string_view text, const DecodeLimits& limits = {}) {
  Result<Packet, DecodeError> result = decode(text, limits);
  if (!result) {
    ADD_FAILURE() << "decode(\"" << text << "\") failed: " << result.error().message;
    return {};
  }
  return result.value();
}

DecodeError decode_error(std::string_view text, const DecodeLimits& limits = {}) {
  Result<Packet, DecodeError> result = decode(text, limits);
  if (result) {
    ADD_FAILURE() << "decode(\"" << text << "\") unexpectedly succeeded";
    return {};
  }
  return result.error();
}

// The code of decode(text)'s error, for tables of malformed input.
DecodeErrorCode code_of(std::string_view text, const DecodeLimits& limits = {}) {
  return decode_error(text, limits).code;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Encodes `p`, expects `wire`, and decodes `wire` back to `p`.
void expect_round_trip(const Packet& p, const std::string& wire) {
  EXPECT_EQ(encode(p), wire);
  EXPECT_EQ(decode_ok(wire), p) << wire;
}

// --- Spec, "Packet encoding / Examples" ---------------------------------------

TEST(SocketIoSpecExamples, ConnectionToANamespace) {
  expect_round_trip(packet(PacketType::kConnect, "/"), "0");
  expect_round_trip(packet(PacketType::kConnect, "/admin", R"({"sid":"oSO0OpakMV_3jnilAAAA"})"),
                    R"(0/admin,{"sid":"oSO0OpakMV_3jnilAAAA"})");
  expect_round_trip(packet(PacketType::kConnectError, "/", R"({"message":"Not authorized"})"),
                    R"(4{"message":"Not authorized"})");
}

TEST(SocketIoSpecExamples, SendingAndReceivingData) {
  expect_round_trip(packet(PacketType::kEvent, "/", R"(["foo"])"), R"(2["foo"])");
  expect_round_trip(packet(PacketType::kEvent, "/admin", R"(["bar"])"), R"(2/admin,["bar"])");
}

TEST(SocketIoSpecExamples, Acknowledgement) {
  expect_round_trip(packet(PacketType::kEvent, "/", R"(["foo"])", 12), R"(212["foo"])");
  expect_round_trip(packet(PacketType::kAck, "/admin", R"(["bar"])", 13), R"(3/admin,13["bar"])");
  // "Exchange protocol / Acknowledgement": an ACK payload may be empty.
  expect_round_trip(packet(PacketType::kAck, "/", "[]", 12), "312[]");
}

TEST(SocketIoSpecExamples, DisconnectionFromANamespace) {
  expect_round_trip(packet(PacketType::kDisconnect, "/"), "1");
  expect_round_trip(packet(PacketType::kDisconnect, "/admin"), "1/admin,");
}

TEST(SocketIoSpecExamples, BinaryPacketsAreRecognisedAndCounted) {
  const std::pair<const char*, std::uint32_t> binaries[] = {
      {R"(51-["baz",{"_placeholder":true,"num":0}])", 1},
      {R"(52-/admin,["baz",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])", 2},
      {R"(61-15["bar",{"_placeholder":true,"num":0}])", 1},
  };
  for (const auto& [wire, count] : binaries) {
    std::uint32_t attachments = 99;
    const Result<Packet, DecodeError> result = decode(wire, {}, &attachments);
    ASSERT_FALSE(result) << wire;
    EXPECT_EQ(result.error().code, DecodeErrorCode::kUnsupportedBinary) << wire;
    EXPECT_EQ(attachments, count) << wire;
  }
  const DecodeError error = decode_error(R"(52-/admin,["baz"])");
  EXPECT_TRUE(contains(error.message, "BINARY_EVENT with 2 attachment(s) on namespace \"/admin\""))
      << error.message;
  EXPECT_TRUE(contains(decode_error(R"(61-15["bar"])").message, "BINARY_ACK with 1 attachment(s)"));
}

// --- Spec, "Sample session" (the Socket.IO part of each Engine.IO message) --

TEST(SocketIoSampleSession, DecodesEveryFrame) {
  EXPECT_EQ(decode_ok("0"), packet(PacketType::kConnect, "/"));
  EXPECT_EQ(decode_ok(R"(0{"sid":"wZX3oN0bSVIhsaknAAAI"})"),
            packet(PacketType::kConnect, "/", R"({"sid":"wZX3oN0bSVIhsaknAAAI"})"));
  EXPECT_EQ(decode_ok(R"(2["hey","Jude"])"), packet(PacketType::kEvent, "/", R"(["hey","Jude"])"));
  EXPECT_EQ(decode_ok(R"(2["hello"])"), packet(PacketType::kEvent, "/", R"(["hello"])"));
  EXPECT_EQ(decode_ok("0/admin,"), packet(PacketType::kConnect, "/admin"));
  EXPECT_EQ(decode_ok(R"(0/admin,{"sid":"-G5j-67EZFp-q59rADQM"})"),
            packet(PacketType::kConnect, "/admin", R"({"sid":"-G5j-67EZFp-q59rADQM"})"));
  EXPECT_EQ(decode_ok(R"(2/admin,1["tellme"])"), packet(PacketType::kEvent, "/admin", R"(["tellme"])", 1));
  std::uint32_t attachments = 0;
  EXPECT_FALSE(decode(R"(61-/admin,1[{"_placeholder":true,"num":0}])", {}, &attachments));
  EXPECT_EQ(attachments, 1u);
}

TEST(SocketIoSampleSession, EncodesTheClientFrames) {
  EXPECT_EQ(encode(packet(PacketType::kConnect, "/")), "0");
  EXPECT_EQ(encode(make_event("/", "hello", Json::array())), R"(2["hello"])");
  EXPECT_EQ(encode(make_event("/", "world", Json::array())), R"(2["world"])");
  EXPECT_EQ(encode(packet(PacketType::kConnect, "/admin")), "0/admin,");
  EXPECT_EQ(encode(make_event("/admin", "tellme", Json::array(), 1)), R"(2/admin,1["tellme"])");
}

// --- Spec, test-suite/test-suite.js ("Socket.IO protocol") ------------------

TEST(SocketIoTestSuite, Connect) {
  EXPECT_EQ(decode_ok(R"(0{"token":"123"})"), packet(PacketType::kConnect, "/", R"({"token":"123"})"));
  EXPECT_EQ(decode_ok("0/custom,"), packet(PacketType::kConnect, "/custom"));
  EXPECT_EQ(decode_ok(R"(0/custom,{"token":"abc"})"),
            packet(PacketType::kConnect, "/custom", R"({"token":"abc"})"));
  EXPECT_EQ(decode_ok(R"(2["auth",{}])"), packet(PacketType::kEvent, "/", R"(["auth",{}])"));
  EXPECT_EQ(decode_ok(R"(2/custom,["auth",{"token":"abc"}])"),
            packet(PacketType::kEvent, "/custom", R"(["auth",{"token":"abc"}])"));
  // "should disallow connection to an unknown namespace": the client sends
  // "40/random" with no comma, which ends the namespace at the end of the frame.
  EXPECT_EQ(decode_ok("0/random"), packet(PacketType::kConnect, "/random"));
  EXPECT_EQ(decode_ok(R"(4/random,{"message":"Invalid namespace"})"),
            packet(PacketType::kConnectError, "/random", R"({"message":"Invalid namespace"})"));
  // "should disallow connection with an invalid handshake": "4abc".
  EXPECT_EQ(code_of("abc"), DecodeErrorCode::kUnknownPacketType);
}

TEST(SocketIoTestSuite, Disconnect) {
  EXPECT_EQ(decode_ok("1"), packet(PacketType::kDisconnect, "/"));
  EXPECT_EQ(decode_ok("0/custom"), packet(PacketType::kConnect, "/custom"));
  EXPECT_EQ(decode_ok("1/custom"), packet(PacketType::kDisconnect, "/custom"));
}

TEST(SocketIoTestSuite, Message) {
  expect_round_trip(packet(PacketType::kEvent, "/", R"(["message",1,"2",{"3":[true]}])"),
                    R"(2["message",1,"2",{"3":[true]}])");
  expect_round_trip(packet(PacketType::kEvent, "/", R"(["message-back",1,"2",{"3":[true]}])"),
                    R"(2["message-back",1,"2",{"3":[true]}])");
  expect_round_trip(packet(PacketType::kEvent, "/", R"(["message-with-ack",1,"2",{"3":[false]}])", 456),
                    R"(2456["message-with-ack",1,"2",{"3":[false]}])");
  expect_round_trip(packet(PacketType::kAck, "/", R"([1,"2",{"3":[false]}])", 456),
                    R"(3456[1,"2",{"3":[false]}])");

  std::uint32_t attachments = 0;
  EXPECT_FALSE(decode(R"(52-["message",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])", {},
                      &attachments));
  EXPECT_EQ(attachments, 2u);
  EXPECT_FALSE(
      decode(R"(52-789["message-with-ack",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])", {},
             &attachments));
  EXPECT_EQ(attachments, 2u);
  EXPECT_FALSE(
      decode(R"(62-789[{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])", {}, &attachments));
  EXPECT_EQ(attachments, 2u);
}

TEST(SocketIoTestSuite, InvalidFormats) {
  // "(unknown packet type)": "4abc"
  EXPECT_EQ(code_of("abc"), DecodeErrorCode::kUnknownPacketType);
  // "(invalid payload format)": "42{}"
  EXPECT_EQ(code_of("2{}"), DecodeErrorCode::kInvalidPayload);
  // "(invalid ack id)": '42abc["message-with-ack",...]'. Like socket.io-parser,
  // which reads no ack id there and then fails on the JSON, this is invalid JSON.
  EXPECT_EQ(code_of(R"(2abc["message-with-ack",1,"2",{"3":[false]}])"), DecodeErrorCode::kInvalidJson);
}

// --- socket.io-parser test/parser.js ----------------------------------------

TEST(SocketIoParserTests, EncodeDecodeRoundTrips) {
  expect_round_trip(packet(PacketType::kConnect, "/woot", R"({"token":"123"})"), R"(0/woot,{"token":"123"})");
  expect_round_trip(packet(PacketType::kDisconnect, "/woot"), "1/woot,");
  expect_round_trip(packet(PacketType::kEvent, "/", R"(["a",1,{}])"), R"(2["a",1,{}])");
  // "encodes an event (with an integer as event name)": accepted, as there.
  expect_round_trip(packet(PacketType::kEvent, "/", R"([1,"a",{}])"), R"(2[1,"a",{}])");
  expect_round_trip(packet(PacketType::kEvent, "/test", R"(["a",1,{}])", 1), R"(2/test,1["a",1,{}])");
  expect_round_trip(packet(PacketType::kAck, "/", R"(["a",1,{}])", 123), R"(3123["a",1,{}])");
  expect_round_trip(packet(PacketType::kConnectError, "/", R"("Unauthorized")"), R"(4"Unauthorized")");
  expect_round_trip(packet(PacketType::kConnectError, "/", R"({"message":"Unauthorized"})"),
                    R"(4{"message":"Unauthorized"})");
}

// "throw an error upon parsing error": each of its inputs, with the code
// this decoder gives (socket.io-parser says "invalid payload" for both
// invalid JSON and a wrong shape; here they are told apart).
TEST(SocketIoParserTests, InvalidPayloads) {
  EXPECT_EQ(code_of(R"(442["some","data")"), DecodeErrorCode::kInvalidJson);  // CONNECT_ERROR, id 42
  EXPECT_EQ(code_of(R"(0/admin,"invalid")"), DecodeErrorCode::kInvalidPayload);
  EXPECT_EQ(code_of("0[]"), DecodeErrorCode::kInvalidPayload);
  EXPECT_EQ(code_of("1/admin,{}"), DecodeErrorCode::kInvalidPayload);
  EXPECT_EQ(code_of(R"(2/admin,"invalid)"), DecodeErrorCode::kInvalidJson);
  EXPECT_EQ(code_of("2/admin,{}"), DecodeErrorCode::kInvalidPayload);
  EXPECT_EQ(code_of(R"(2[{"toString":"foo"}])"), DecodeErrorCode::kInvalidPayload);
  EXPECT_EQ(code_of(R"(2[true,"foo"])"), DecodeErrorCode::kInvalidPayload);
  EXPECT_EQ(code_of(R"(2[null,"bar"])"), DecodeErrorCode::kInvalidPayload);
  EXPECT_EQ(code_of(R"(2["connect"])"), DecodeErrorCode::kInvalidPayload);
  EXPECT_EQ(code_of(R"(2["disconnect","123"])"), DecodeErrorCode::kInvalidPayload);
  EXPECT_EQ(code_of("999"), DecodeErrorCode::kUnknownPacketType);
  EXPECT_TRUE(contains(decode_error("999").message, "'9'"));
}

// "decodes a bad binary packet" and the "Illegal attachments" cases.
TEST(SocketIoParserTests, IllegalAttachments) {
  for (const char* text : {"5", "51", "50-", "5a-", "51.23-", "6", "6-", "5-1-"}) {
    EXPECT_EQ(code_of(text), DecodeErrorCode::kInvalidAttachments) << text;
  }
  // Stricter than Number() in JavaScript: no sign, blank, hex or exponent.
  for (const char* text : {"5+1-", "5 1-", "50x1-", "51e0-", "5-[]"}) {
    EXPECT_EQ(code_of(text), DecodeErrorCode::kInvalidAttachments) << text;
  }
  // Out of 32-bit range.
  EXPECT_EQ(code_of("54294967296-[]"), DecodeErrorCode::kInvalidAttachments);
  EXPECT_EQ(code_of("599999999999-[]"), DecodeErrorCode::kInvalidAttachments);
  std::uint32_t attachments = 0;
  EXPECT_FALSE(decode("54294967295-[]", {}, &attachments));
  EXPECT_EQ(attachments, 4294967295u);
  // An invalid header announces nothing.
  attachments = 7;
  EXPECT_FALSE(decode("50-", {}, &attachments));
  EXPECT_EQ(attachments, 0u);
}

// "throws an error when receiving too many attachments" (maxAttachments,
// default 10, there): attachments are never buffered here, so a large count
// costs nothing and is reported like any other binary packet.
TEST(SocketIoParserTests, ManyAttachmentsAreCountedNotRefused) {
  std::uint32_t attachments = 0;
  const Result<Packet, DecodeError> result = decode(R"(511-["hello"])", {}, &attachments);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, DecodeErrorCode::kUnsupportedBinary);
  EXPECT_EQ(attachments, 11u);
}

// "should resume decoding after calling destroy()".
TEST(SocketIoParserTests, DecoderResumesAfterReset) {
  Decoder decoder;
  EXPECT_EQ(std::get<DecodeError>(decoder.feed_text(R"(51-["hello"])")).code,
            DecodeErrorCode::kUnsupportedBinary);
  EXPECT_EQ(decoder.attachments_pending(), 1u);
  decoder.reset();
  EXPECT_EQ(decoder.attachments_pending(), 0u);
  EXPECT_EQ(std::get<Packet>(decoder.feed_text(R"(2["hello"])")),
            packet(PacketType::kEvent, "/", R"(["hello"])"));
}

// --- Validation per packet type (isPayloadValid and the spec) ----------------

TEST(SocketIoValidation, Connect) {
  EXPECT_EQ(decode_ok("0").data, std::nullopt);
  EXPECT_EQ(decode_ok("0{}").data, Json::object());
  for (const char* text : {"0[]", "0\"x\"", "0 1", "0null", "0true", "0/admin,[]"}) {
    EXPECT_EQ(code_of(text), DecodeErrorCode::kInvalidPayload) << text;
  }
  EXPECT_EQ(decode_error("0[1]").message, "CONNECT payload must be absent or an object, got array [1]");
}

TEST(SocketIoValidation, Disconnect) {
  for (const char* text : {"1{}", "1[]", "1\"bye\"", "1/admin,null"}) {
    EXPECT_EQ(code_of(text), DecodeErrorCode::kInvalidPayload) << text;
  }
}

TEST(SocketIoValidation, Event) {
  // The v5 spec makes the payload mandatory; socket.io-parser only checks it
  // when present, so "2" would pass there.
  for (const char* text : {"2", "2/admin,", "212", "2[]", "2{}", "2\"a\"", "2[[\"a\"]]", "2[{}]", "2null"}) {
    EXPECT_EQ(code_of(text), DecodeErrorCode::kInvalidPayload) << text;
  }
  EXPECT_EQ(decode_error("2").message, "EVENT payload must be a non-empty array, got none");
  EXPECT_EQ(decode_ok(R"(2[""])"), packet(PacketType::kEvent, "/", R"([""])"));  // empty name: allowed
  EXPECT_EQ(decode_ok("2[1.5]"), packet(PacketType::kEvent, "/", "[1.5]"));      // any number, like JS
  EXPECT_EQ(decode_ok("2[-1]"), packet(PacketType::kEvent, "/", "[-1]"));
}

TEST(SocketIoValidation, ReservedEventNames) {
  for (const char* name :
       {"connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"}) {
    EXPECT_TRUE(is_reserved_event_name(name)) << name;
    const DecodeError error = decode_error("2[\""s + name + "\",1]");
    EXPECT_EQ(error.code, DecodeErrorCode::kInvalidPayload) << name;
    EXPECT_TRUE(contains(error.message, "reserved")) << error.message;
  }
  for (const char* name : {"connection", "Connect", "message", "error", "ping", "connect ", ""}) {
    EXPECT_FALSE(is_reserved_event_name(name)) << name;
  }
  EXPECT_TRUE(decode(R"(2["connection"])").ok());
  // Reserved names are refused in every namespace and with an ack id.
  EXPECT_EQ(code_of(R"(2/admin,7["disconnect"])"), DecodeErrorCode::kInvalidPayload);
}

TEST(SocketIoValidation, Ack) {
  EXPECT_EQ(decode_ok("3/admin,0[]"), packet(PacketType::kAck, "/admin", "[]", 0));
  for (const char* text : {"31", "31{}", "31\"x\"", "31null", "3/admin,1"}) {
    EXPECT_EQ(code_of(text), DecodeErrorCode::kInvalidPayload) << text;
  }
  // Without an id the ACK cannot be matched to anything.
  const DecodeError no_id = decode_error("3[]");
  EXPECT_EQ(no_id.code, DecodeErrorCode::kInvalidAckId);
  EXPECT_EQ(no_id.message, "ACK packet without an ack id");
  EXPECT_EQ(code_of("3/admin,[1]"), DecodeErrorCode::kInvalidAckId);
}

TEST(SocketIoValidation, ConnectError) {
  EXPECT_EQ(decode_ok(R"(4{"message":"m","data":{"code":7}})"),
            packet(PacketType::kConnectError, "/", R"({"message":"m","data":{"code":7}})"));
  // Socket.IO v2 servers (protocol v4) sent a bare string.
  EXPECT_EQ(decode_ok(R"(4/admin,"Invalid namespace")"),
            packet(PacketType::kConnectError, "/admin", R"("Invalid namespace")"));
  for (const char* text :
       {"4", "4/admin,", "4{}", R"(4{"message":1})", R"(4{"data":"x"})", "4[]", "4null", "4true"}) {
    EXPECT_EQ(code_of(text), DecodeErrorCode::kInvalidPayload) << text;
  }
}

TEST(SocketIoValidation, AckIdIsKeptOnEveryType) {
  // socket.io-parser reads an id after any type; so does this decoder.
  EXPECT_EQ(decode_ok("05").ack_id, 5u);
  EXPECT_EQ(decode_ok("15").ack_id, 5u);
  EXPECT_EQ(decode_ok(R"(45"denied")").ack_id, 5u);
}

// --- Malformed input, one code each ------------------------------------------

TEST(SocketIoMalformed, Truncated) {
  EXPECT_EQ(code_of(""), DecodeErrorCode::kEmptyFrame);
  EXPECT_EQ(decode_error("").message, "empty Socket.IO packet");
  EXPECT_EQ(code_of("2["), DecodeErrorCode::kInvalidJson);
  EXPECT_EQ(code_of(R"(2["foo")"), DecodeErrorCode::kInvalidJson);
  EXPECT_EQ(code_of(R"(2["fo)"), DecodeErrorCode::kInvalidJson);
  EXPECT_EQ(code_of(R"(0{"sid":)"), DecodeErrorCode::kInvalidJson);
  EXPECT_EQ(code_of("5"), DecodeErrorCode::kInvalidAttachments);
  EXPECT_EQ(code_of("52"), DecodeErrorCode::kInvalidAttachments);
  EXPECT_EQ(code_of("2/admin,"), DecodeErrorCode::kInvalidPayload);
  EXPECT_EQ(code_of("3/admin,13"), DecodeErrorCode::kInvalidPayload);
}

TEST(SocketIoMalformed, BadTypeDigit) {
  for (const std::string& text :
       {"7"s, "8[]"s, "9"s, "a"s, "-1"s, " 2[\"a\"]"s, "/admin,"s, "[\"a\"]"s, "\x1e"s, "\0"s, "\xFF"s}) {
    EXPECT_EQ(code_of(text), DecodeErrorCode::kUnknownPacketType) << text;
  }
  const DecodeError error = decode_error("\x01[]");
  EXPECT_TRUE(contains(error.message, "0x01")) << error.message;
  EXPECT_TRUE(contains(error.message, "\\x01")) << error.message;  // the excerpt is escaped
}

TEST(SocketIoMalformed, BadNamespace) {
  const DecodeError control = decode_error("2/ad\x01min,[\"a\"]");
  EXPECT_EQ(control.code, DecodeErrorCode::kInvalidNamespace);
  EXPECT_TRUE(contains(control.message, "control character 0x01 at byte 4")) << control.message;
  EXPECT_EQ(code_of("2/a\x7f,[\"a\"]"), DecodeErrorCode::kInvalidNamespace);
  EXPECT_EQ(code_of("2/a\nb,[\"a\"]"), DecodeErrorCode::kInvalidNamespace);
  EXPECT_EQ(code_of("0/a\x1e"), DecodeErrorCode::kInvalidNamespace);
  EXPECT_EQ(code_of("0/\xFF,"), DecodeErrorCode::kInvalidNamespace);      // not UTF-8
  EXPECT_EQ(code_of("0/\xC0\xAF,"), DecodeErrorCode::kInvalidNamespace);  // overlong '/'
  EXPECT_EQ(code_of("0/caf\xC3,"), DecodeErrorCode::kInvalidNamespace);   // truncated
  EXPECT_EQ(decode_ok("0/caf\xC3\xA9,").nsp, "/caf\xC3\xA9");             // valid UTF-8 is fine
  // socket.io-parser allows any other character up to the ','.
  EXPECT_EQ(decode_ok("0/a b?c=d&e[f]").nsp, "/a b?c=d&e[f]");
  EXPECT_EQ(decode_ok("0/,").nsp, "/");
  // Without its ',', a namespace swallows what follows: here the payload.
  EXPECT_EQ(decode_ok("1/admin[\"a\"]").nsp, "/admin[\"a\"]");
}

TEST(SocketIoMalformed, NamespaceLength) {
  const DecodeLimits limits{.max_namespace_bytes = 8};
  EXPECT_EQ(decode_ok("0/2345678,", limits).nsp, "/2345678");  // exactly 8 bytes
  const DecodeError long_nsp = decode_error("0/23456789,", limits);
  EXPECT_EQ(long_nsp.code, DecodeErrorCode::kInvalidNamespace);
  EXPECT_TRUE(contains(long_nsp.message, "longer than 8 bytes")) << long_nsp.message;
  EXPECT_EQ(code_of("0/23456789", limits), DecodeErrorCode::kInvalidNamespace);  // at the end of the frame
  // The default limit is 256 bytes.
  EXPECT_TRUE(decode("0/" + std::string(255, 'n') + ",").ok());
  EXPECT_EQ(code_of("0/" + std::string(256, 'n') + ","), DecodeErrorCode::kInvalidNamespace);
  EXPECT_EQ(code_of("0/" + std::string(500'000, 'n')), DecodeErrorCode::kInvalidNamespace);
}

TEST(SocketIoMalformed, InvalidJson) {
  for (const char* text : {"2[1,]", "2['a']", R"(2{"a":})", R"(2["a"]x)", R"(2["a"]])", "2[\"a\"]\x1e",
                           "2undefined", "2[NaN]", "2[\"a\",]"}) {
    EXPECT_EQ(code_of(text), DecodeErrorCode::kInvalidJson) << text;
  }
  const DecodeError error = decode_error(R"(2/admin,7["a",tru])");
  EXPECT_EQ(error.message,
            "payload starting at byte 9 is not valid JSON (error at byte 17): \"2/admin,7[\\\"a\\\",tru]\"");
}

TEST(SocketIoMalformed, WrongShapePerType) {
  EXPECT_EQ(code_of("0[]"), DecodeErrorCode::kInvalidPayload);
  EXPECT_EQ(code_of("1{}"), DecodeErrorCode::kInvalidPayload);
  EXPECT_EQ(code_of("2{\"a\":1}"), DecodeErrorCode::kInvalidPayload);
  EXPECT_EQ(code_of("31{}"), DecodeErrorCode::kInvalidPayload);
  EXPECT_EQ(code_of("4[\"m\"]"), DecodeErrorCode::kInvalidPayload);
  // JSON whitespace is allowed around a payload, as JSON.parse allows it.
  EXPECT_EQ(decode_ok("2 [\"a\"] ").data, Json::parse(R"(["a"])"));
}

TEST(SocketIoMalformed, AbsurdAckIds) {
  EXPECT_EQ(decode_ok("24294967295[\"a\"]").ack_id, 4294967295u);  // kMaxAckId itself
  EXPECT_EQ(decode_ok("20[\"a\"]").ack_id, 0u);
  EXPECT_EQ(decode_ok("2007[\"a\"]").ack_id, 7u);  // leading zeros, as Number("007")

  const DecodeError over = decode_error("24294967296[\"a\"]");
  EXPECT_EQ(over.code, DecodeErrorCode::kAckIdOutOfRange);
  EXPECT_EQ(over.message, "ack id 4294967296 exceeds 4294967295");

  const DecodeError eleven_digits = decode_error("299999999999[\"a\"]");
  EXPECT_EQ(eleven_digits.code, DecodeErrorCode::kAckIdOutOfRange);
  EXPECT_TRUE(contains(eleven_digits.message, "\"99999999999\"")) << eleven_digits.message;
  EXPECT_EQ(code_of("200000000001[\"a\"]"),
            DecodeErrorCode::kAckIdOutOfRange);  // over 10 digits, whatever the value
  EXPECT_EQ(code_of("2/admin,18446744073709551616[\"a\"]"), DecodeErrorCode::kAckIdOutOfRange);  // 2^64
  EXPECT_EQ(code_of("3" + std::string(100'000, '9') + "[]"), DecodeErrorCode::kAckIdOutOfRange);
  EXPECT_LT(decode_error("3" + std::string(100'000, '9') + "[]").message.size(), 200u);  // excerpt only
}

TEST(SocketIoMalformed, FramesOverTheLimit) {
  const DecodeLimits limits{.max_frame_bytes = 10};
  EXPECT_TRUE(decode(R"(2["abcde"])", limits).ok());  // exactly 10 bytes
  const DecodeError error = decode_error(R"(2["abcdefg"])", limits);
  EXPECT_EQ(error.code, DecodeErrorCode::kFrameTooLarge);
  EXPECT_EQ(error.message, "Socket.IO packet of 12 bytes exceeds the limit of 10 bytes");
  // The size check comes before everything else.
  EXPECT_EQ(code_of("9" + std::string(20, '['), limits), DecodeErrorCode::kFrameTooLarge);
  EXPECT_EQ(code_of("5" + std::string(20, 'x'), limits), DecodeErrorCode::kFrameTooLarge);
  EXPECT_EQ(code_of("2[\"" + std::string(1'000'000, 'x') + "\"]"), DecodeErrorCode::kFrameTooLarge);
}

TEST(SocketIoMalformed, DeepNesting) {
  const auto nested_event = [](std::size_t depth) {
    return "2[\"deep\"," + std::string(depth - 1, '[') + std::string(depth - 1, ']') + "]";
  };
  EXPECT_TRUE(decode(nested_event(64)).ok());  // the default limit is 64
  const DecodeError error = decode_error(nested_event(65));
  EXPECT_EQ(error.code, DecodeErrorCode::kJsonTooDeep);
  EXPECT_EQ(error.message, "payload at byte 1 nests deeper than 64 levels");
  EXPECT_EQ(code_of(nested_event(3), DecodeLimits{.max_json_depth = 2}), DecodeErrorCode::kJsonTooDeep);
  EXPECT_EQ(code_of("2" + std::string(500'000, '[')), DecodeErrorCode::kJsonTooDeep);
  EXPECT_EQ(code_of("0" + std::string(100, '{')), DecodeErrorCode::kJsonTooDeep);
  // Brackets inside strings do not count.
  EXPECT_TRUE(decode("2[\"" + std::string(1000, '[') + "\"]").ok());
}

TEST(SocketIoMalformed, InvalidUtf8InsideStrings) {
  for (const std::string& text :
       {"2[\"\xFF\"]"s, "2[\"a\",\"\xC0\xAF\"]"s, "2[\"\xED\xA0\x80\"]"s, "0{\"k\xFE\":1}"s, "4\"\xC3\""s}) {
    EXPECT_EQ(code_of(text), DecodeErrorCode::kInvalidJson) << text;
  }
  // The message quoting the bytes is itself valid UTF-8.
  const DecodeError error = decode_error("2[\"\xFF\"]");
  EXPECT_TRUE(contains(error.message, "\\xff")) << error.message;
}

TEST(SocketIoMalformed, LoneSurrogateEscapesDecodeAsReplacementCharacter) {
  // What a JavaScript peer sends for a message cut inside an emoji.
  EXPECT_EQ(decode_ok(R"(2["msg","abc\ud83d"])").data, Json::parse(R"(["msg","abc\ufffd"])"));
}

TEST(SocketIoEncode, InvalidUtf8IsReplacedNotFatal) {
  Packet p = make_event("/", "msg",
                        Json::array({"a\xFF"
                                     "b",
                                     Json::object({{"k\xC3", "\xED\xA0\x80"}})}));
  const std::string wire = encode(p);
  EXPECT_EQ(wire,
            "2[\"msg\",\"a\xEF\xBF\xBD"
            "b\",{\"k\xEF\xBF\xBD\":\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"}]");
  EXPECT_TRUE(decode(wire).ok());  // and what is written can be read back
  // An event name that is not UTF-8 too.
  EXPECT_TRUE(decode(encode(make_event("/", "\xFF", Json()))).ok());
}

// --- Encoding details ----------------------------------------------------------

TEST(SocketIoEncode, OmitsTheRootNamespace) {
  EXPECT_EQ(encode(packet(PacketType::kEvent, "/", R"(["a"])")), R"(2["a"])");
  EXPECT_EQ(encode(packet(PacketType::kEvent, "", R"(["a"])")), R"(2["a"])");
  EXPECT_EQ(encode(packet(PacketType::kEvent, "/chat", R"(["a"])")), R"(2/chat,["a"])");
}

TEST(SocketIoEncode, WritesNoPayloadForNull) {
  // As socket.io-parser (`null != obj.data`).
  Packet p = packet(PacketType::kConnect, "/admin");
  p.data = Json();
  EXPECT_EQ(encode(p), "0/admin,");
}

TEST(SocketIoEncode, WritesAckIdsUpToTheMaximum) {
  EXPECT_EQ(encode(packet(PacketType::kAck, "/", "[]", 4294967295u)), "34294967295[]");
  EXPECT_EQ(encode(packet(PacketType::kAck, "/", "[]", 0)), "30[]");
}

TEST(SocketIoEncode, WritesBinaryTypesAsTheirPlainCounterparts) {
  EXPECT_EQ(encode(packet(PacketType::kBinaryEvent, "/", R"(["a"])")), R"(2["a"])");
  EXPECT_EQ(encode(packet(PacketType::kBinaryAck, "/x", "[]", 3)), "3/x,3[]");
}

TEST(SocketIoMakeEvent, SplicesTheArguments) {
  const Packet p = make_event("/chat", "message", Json::array({"hi", 2, Json::object()}), 9);
  EXPECT_EQ(p, packet(PacketType::kEvent, "/chat", R"(["message","hi",2,{}])", 9));
  EXPECT_EQ(encode(p), R"(2/chat,9["message","hi",2,{}])");
}

TEST(SocketIoMakeEvent, AcceptsNoArgumentsOrALoneValue) {
  EXPECT_EQ(make_event("/", "ping", Json()).data, Json::array({"ping"}));
  EXPECT_EQ(make_event("/", "ping", Json::array()).data, Json::array({"ping"}));
  EXPECT_EQ(make_event("/", "say", Json("hi")).data, Json::array({"say", "hi"}));
  EXPECT_EQ(make_event("/", "say", Json::array({Json::array({1})})).data, Json::parse(R"(["say",[1]])"));
  EXPECT_EQ(make_event("", "x", Json()).nsp, "/");
  EXPECT_EQ(make_event("/", "x", Json()).ack_id, std::nullopt);
}

TEST(SocketIoPacketType, HasStableNames) {
  EXPECT_STREQ(to_string(PacketType::kConnect), "connect");
  EXPECT_STREQ(to_string(PacketType::kDisconnect), "disconnect");
  EXPECT_STREQ(to_string(PacketType::kEvent), "event");
  EXPECT_STREQ(to_string(PacketType::kAck), "ack");
  EXPECT_STREQ(to_string(PacketType::kConnectError), "connect_error");
  EXPECT_STREQ(to_string(PacketType::kBinaryEvent), "binary_event");
  EXPECT_STREQ(to_string(PacketType::kBinaryAck), "binary_ack");
  EXPECT_STREQ(to_string(static_cast<PacketType>(7)), "unknown");
}

// --- Decoder: the stream around binary attachments ---------------------------

TEST(SocketIoDecoder, DecodesTextPackets) {
  Decoder decoder;
  EXPECT_EQ(std::get<Packet>(decoder.feed_text(R"(2["a"])")), packet(PacketType::kEvent, "/", R"(["a"])"));
  EXPECT_EQ(std::get<DecodeError>(decoder.feed_text("2{}")).code, DecodeErrorCode::kInvalidPayload);
  EXPECT_EQ(std::get<Packet>(decoder.feed_text("1")), packet(PacketType::kDisconnect, "/"));
}

// Spec test-suite "should send a packet with binary attachments": a header
// and then its two binary frames, which are swallowed to stay in step.
TEST(SocketIoDecoder, SkipsTheAnnouncedAttachments) {
  Decoder decoder;
  const DecodeOutcome header =
      decoder.feed_text(R"(52-["message",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])");
  EXPECT_EQ(std::get<DecodeError>(header).code, DecodeErrorCode::kUnsupportedBinary);
  EXPECT_EQ(decoder.attachments_pending(), 2u);
  EXPECT_TRUE(std::holds_alternative<AttachmentSkipped>(decoder.feed_binary("\x01\x02\x03")));
  EXPECT_EQ(decoder.attachments_pending(), 1u);
  EXPECT_TRUE(std::holds_alternative<AttachmentSkipped>(decoder.feed_binary("\x04\x05\x06")));
  EXPECT_EQ(decoder.attachments_pending(), 0u);
  EXPECT_EQ(std::get<Packet>(decoder.feed_text(R"(2["after"])")),
            packet(PacketType::kEvent, "/", R"(["after"])"));
}

TEST(SocketIoDecoder, RefusesBinaryOutsideAnAttachmentSequence) {
  Decoder decoder;
  const DecodeError error = std::get<DecodeError>(decoder.feed_binary("\x01\x02"));
  EXPECT_EQ(error.code, DecodeErrorCode::kUnsupportedBinary);
  EXPECT_EQ(
      error.message,
      "binary message of 2 bytes outside an attachment sequence (no binary packet header announced it)");

  // One binary too many after a sequence.
  EXPECT_FALSE(std::holds_alternative<Packet>(decoder.feed_text(R"(61-3["x"])")));
  EXPECT_TRUE(std::holds_alternative<AttachmentSkipped>(decoder.feed_binary("")));
  EXPECT_EQ(std::get<DecodeError>(decoder.feed_binary("")).code, DecodeErrorCode::kUnsupportedBinary);
}

TEST(SocketIoDecoder, TextAbandonsPendingAttachments) {
  Decoder decoder;
  EXPECT_FALSE(std::holds_alternative<Packet>(decoder.feed_text(R"(53-["x"])")));
  EXPECT_TRUE(std::holds_alternative<AttachmentSkipped>(decoder.feed_binary("a")));
  EXPECT_EQ(std::get<Packet>(decoder.feed_text(R"(2["y"])")), packet(PacketType::kEvent, "/", R"(["y"])"));
  EXPECT_EQ(decoder.attachments_pending(), 0u);
  EXPECT_EQ(std::get<DecodeError>(decoder.feed_binary("b")).code, DecodeErrorCode::kUnsupportedBinary);
  // A bad text packet abandons them too.
  EXPECT_FALSE(std::holds_alternative<Packet>(decoder.feed_text(R"(52-["x"])")));
  EXPECT_EQ(std::get<DecodeError>(decoder.feed_text("9")).code, DecodeErrorCode::kUnknownPacketType);
  EXPECT_EQ(decoder.attachments_pending(), 0u);
}

TEST(SocketIoDecoder, AnInvalidHeaderExpectsNothing) {
  Decoder decoder;
  EXPECT_EQ(std::get<DecodeError>(decoder.feed_text("50-[]")).code, DecodeErrorCode::kInvalidAttachments);
  EXPECT_EQ(decoder.attachments_pending(), 0u);
}

TEST(SocketIoDecoder, AppliesItsLimits) {
  Decoder decoder(DecodeLimits{.max_frame_bytes = 4});
  EXPECT_EQ(std::get<DecodeError>(decoder.feed_text(R"(2["a"])")).code, DecodeErrorCode::kFrameTooLarge);
}

// --- Robustness: nothing aborts, and what decodes re-encodes ----------------

// Mutations of valid frames (fixed seed, so failures reproduce): decode never
// aborts, every error has a message, and every packet that decodes encodes
// to a frame that decodes to the same packet.
TEST(SocketIoRobustness, MutatedFramesNeverAbortAndRoundTrip) {
  const std::string seeds[] = {
      "0",
      R"(0/admin,{"sid":"oSO0OpakMV_3jnilAAAA"})",
      R"(4{"message":"Not authorized"})",
      R"(2["foo"])",
      R"(2/admin,1["tellme",{"a":[1,2.5,null,true]}])",
      R"(3/admin,13["bar"])",
      "1/admin,",
      R"(52-/admin,["baz",{"_placeholder":true,"num":0}])",
      R"(4"Unauthorized")",
      R"(2["caf\u00e9 \ud83d"])",
  };
  const char alphabet[] = "0123456789/,[]{}\"\\:-.eE+ abtrufnlsu\x1e\x01\x7f\xC3\xA9\xFF\xED\xA0";
  std::mt19937 random(20240601);
  std::size_t decoded = 0;
  for (int round = 0; round < 20'000; ++round) {
    std::string frame = seeds[random() % std::size(seeds)];
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int edit = 0; edit < edits; ++edit) {
      const std::size_t at = frame.empty() ? 0 : random() % (frame.size() + 1);
      const char c = alphabet[random() % (sizeof(alphabet) - 1)];
      switch (random() % 3) {
        case 0:
          frame.insert(at, 1, c);
          break;
        case 1:
          if (at < frame.size()) frame.erase(at, 1);
          break;
        default:
          if (at < frame.size()) frame[at] = c;
          break;
      }
    }
    std::uint32_t attachments = 0;
    const Result<Packet, DecodeError> result = decode(frame, {}, &attachments);
    if (!result) {
      EXPECT_FALSE(result.error().message.empty()) << frame;
      continue;
    }
    ++decoded;
    const std::string wire = encode(result.value());
    const Result<Packet, DecodeError> again = decode(wire);
    ASSERT_TRUE(again) << frame << " -> " << wire << ": " << again.error().message;
    EXPECT_EQ(again.value(), result.value()) << frame << " -> " << wire;
  }
  EXPECT_GT(decoded, 1000u);  // the mutations exercise the success path too
}

TEST(SocketIoRobustness, EveryShortByteStringIsHandled) {
  // All 1- and 2-byte frames: a cheap exhaustive sweep of the first fields.
  for (int a = 0; a < 256; ++a) {
    const std::string one(1, static_cast<char>(a));
    static_cast<void>(decode(one));
    for (int b = 0; b < 256; ++b) {
      std::uint32_t attachments = 0;
      const Result<Packet, DecodeError> result = decode(one + static_cast<char>(b), {}, &attachments);
      if (result) {
        EXPECT_TRUE(decode(encode(result.value())).ok());
      }
    }
  }
}

}  // namespace
}  // namespace chatwire::protocol::sio
