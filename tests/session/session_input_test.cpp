// Hostile and ill-timed input: malformed frames, stale transports, spurious
// timers, invalid configs. None may crash, and a bad frame never costs the
// connection or any message around it.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "support/pair.h"

// Readable failure messages for the parameterized cases (found by ADL).
namespace chatwire::protocol {
void PrintTo(DecodeErrorCode code, std::ostream* out) { *out << to_string(code); }
}  // namespace chatwire::protocol
namespace chatwire::session {
void PrintTo(ErrorCode code, std::ostream* out) { *out << to_string(code); }
}  // namespace chatwire::session

namespace chatwire::testing {
namespace {

using protocol::DecodeErrorCode;
using session::ErrorCode;
using session::ServerEvent;

struct BadFrame {
  std::string frame;
  ErrorCode code;
  std::optional<DecodeErrorCode> decode_error;
};

void PrintTo(const BadFrame& bad, std::ostream* out) {
  *out << '"' << bad.frame.substr(0, 60) << (bad.frame.size() > 60 ? "...\"" : "\"");
}

class SessionBadFrameTest : public ::testing::TestWithParam<BadFrame> {};

TEST_P(SessionBadFrameTest, ReportsTheErrorKeepsTheConnectionAndTheNextMessage) {
  const BadFrame& bad = GetParam();
  Pair pair;
  pair.connect();
  pair.clear_log();

  pair.server.send_raw(bad.frame);
  pair.server.send_event("after", Json::array({1}));
  pair.drive();

  const auto errors = pair.events_of<session::Error>();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, bad.code) << errors[0].message;
  EXPECT_EQ(errors[0].decode_error, bad.decode_error) << errors[0].message;
  EXPECT_FALSE(errors[0].message.empty());
  EXPECT_EQ(pair.client.state(), State::kConnected);
  const auto received = pair.events_of<ServerEvent>();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].name, "after");
}

const BadFrame kBadFrames[] = {
    {"", ErrorCode::kMalformedFrame, DecodeErrorCode::kEmptyFrame},
    {"9", ErrorCode::kMalformedFrame, DecodeErrorCode::kUnknownPacketType},
    {"x42[\"a\"]", ErrorCode::kMalformedFrame, DecodeErrorCode::kUnknownPacketType},
    {"4", ErrorCode::kMalformedFrame, DecodeErrorCode::kEmptyFrame},
    {"49", ErrorCode::kMalformedFrame, DecodeErrorCode::kUnknownPacketType},
    {"42[\"trunc", ErrorCode::kMalformedFrame, DecodeErrorCode::kInvalidJson},
    {"42{\"not\":\"array\"}", ErrorCode::kMalformedFrame, DecodeErrorCode::kInvalidPayload},
    {"42[]", ErrorCode::kMalformedFrame, DecodeErrorCode::kInvalidPayload},
    {"42[\"connect\"]", ErrorCode::kMalformedFrame, DecodeErrorCode::kInvalidPayload},
    {"42[{}]", ErrorCode::kMalformedFrame, DecodeErrorCode::kInvalidPayload},
    {"4299999999999[\"a\"]", ErrorCode::kMalformedFrame, DecodeErrorCode::kAckIdOutOfRange},
    {"43[\"no id\"]", ErrorCode::kMalformedFrame, DecodeErrorCode::kInvalidAckId},
    {"41{\"unexpected\":1}", ErrorCode::kMalformedFrame, DecodeErrorCode::kInvalidPayload},
    {"42/admin[\"no comma\"]", ErrorCode::kMalformedFrame, DecodeErrorCode::kInvalidPayload},
    {"42" + std::string(100, '[') + std::string(100, ']'), ErrorCode::kMalformedFrame,
     DecodeErrorCode::kJsonTooDeep},
    {"42[\"big\",\"" + std::string(1'000'001, 'x') + "\"]", ErrorCode::kMalformedFrame,
     DecodeErrorCode::kFrameTooLarge},
    {"bnot base64!", ErrorCode::kMalformedFrame, DecodeErrorCode::kInvalidBase64},
    {"451-[\"bin\",{\"_placeholder\":true,\"num\":0}]", ErrorCode::kBinaryUnsupported,
     DecodeErrorCode::kUnsupportedBinary},
    {"42/other,[\"elsewhere\"]", ErrorCode::kUnexpectedPacket, std::nullopt},
    {"40{\"sid\":\"again\"}", ErrorCode::kUnexpectedPacket, std::nullopt},
    {"0{\"sid\":\"x\",\"pingInterval\":1,\"pingTimeout\":1}", ErrorCode::kUnexpectedPacket, std::nullopt},
};

std::string frame_test_name(const ::testing::TestParamInfo<BadFrame>& info) {
  return "frame" + std::to_string(info.index);
}

INSTANTIATE_TEST_SUITE_P(Frames, SessionBadFrameTest, ::testing::ValuesIn(kBadFrames), frame_test_name);

TEST(SessionInputTest, EventArgumentsAreHandedOverUnparsed) {
  // The session checks an EVENT's head (the array, the name) and leaves the
  // arguments as text for the dialect's one-pass reader, which refuses what
  // is not JSON (ClientNative.UnreadableArgumentsAreAMalformedFrame...).
  Pair pair;
  pair.connect();
  pair.server.send_raw("42[\"e\",\"\xff\"]");
  pair.server.send_raw("42[ \"spaced\" , {\"a\" : [1, 2]} ] ");
  pair.server.send_raw("42[\"bare\"]");
  pair.drive();
  EXPECT_TRUE(pair.events_of<session::Error>().empty());
  const auto received = pair.events_of<ServerEvent>();
  ASSERT_EQ(received.size(), 3u);
  EXPECT_EQ(received[0].name, "e");
  EXPECT_EQ(received[0].args_json, "[\"\xff\"]");
  EXPECT_EQ(received[1].name, "spaced");
  EXPECT_EQ(Json::parse(received[1].args_json), Json::array({Json{{"a", {1, 2}}}}));
  EXPECT_EQ(received[2].args_json, "[]");
}

TEST(SessionInputTest, UnusualEventNamesAreReadAsBefore) {
  // Escaped and numeric names take the parsing path: the same name as a
  // tree decoder gives, and the arguments written back as JSON text.
  Pair pair;
  pair.connect();
  pair.server.send_raw("42[\"caf\\u00e9\",1]");
  pair.server.send_raw("42[7,{\"x\":true}]");
  pair.drive();
  const auto received = pair.events_of<ServerEvent>();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(received[0].name, "caf\xc3\xa9");
  EXPECT_EQ(received[0].args_json, "[1]");
  EXPECT_EQ(received[1].name, "7");
  EXPECT_EQ(received[1].args_json, "[{\"x\":true}]");
}

TEST(SessionInputTest, BinaryAttachmentsAreSkippedAndTheStreamStaysInStep) {
  Pair pair;
  pair.connect();
  pair.server.send_raw("451-[\"upload\",{\"_placeholder\":true,\"num\":0}]");
  pair.drive();
  pair.client.binary_frame_received(pair.now, 1, std::string("\x01\x02\x03", 3));
  pair.server.send_event("after", Json::array());
  pair.drive();
  const auto errors = pair.events_of<session::Error>();
  ASSERT_EQ(errors.size(), 1u) << "the attachment itself is swallowed quietly";
  EXPECT_EQ(errors[0].code, ErrorCode::kBinaryUnsupported);
  ASSERT_EQ(pair.events_of<ServerEvent>().size(), 1u);
  EXPECT_EQ(pair.events_of<ServerEvent>()[0].name, "after");
}

TEST(SessionInputTest, InvalidHandshakeAbandonsTheAttempt) {
  ServerScript script;
  script.open_packet_override = "{\"sid\":\"x\",\"pingInterval\":\"soon\",\"pingTimeout\":5000}";
  Pair pair(test_config(), script);
  pair.connect();
  EXPECT_EQ(pair.client.state(), State::kReconnecting);
  const auto errors = pair.events_of<session::Error>();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, ErrorCode::kInvalidHandshake);
  EXPECT_EQ(errors[0].decode_error, DecodeErrorCode::kInvalidHandshake);
  EXPECT_EQ(pair.server.client_closes, 1u);
}

// A server event arriving while the session is stalled short of connected
// (by `script`) is reported as unexpected and never delivered.
void expect_early_event_ignored(ServerScript script) {
  Pair pair(test_config(), std::move(script));
  pair.connect();
  pair.server.send_event("early", Json::array());
  pair.drive();
  EXPECT_NE(pair.client.state(), State::kConnected);
  EXPECT_TRUE(pair.events_of<ServerEvent>().empty());
  ASSERT_FALSE(pair.events_of<session::Error>().empty());
  EXPECT_EQ(pair.events_of<session::Error>().back().code, ErrorCode::kUnexpectedPacket);
}

TEST(SessionInputTest, MessagesBeforeTheHandshakeAreIgnored) {
  ServerScript script;
  script.send_handshake = false;
  expect_early_event_ignored(std::move(script));
}

// python-socketio sends what its connect handler emits before the CONNECT
// packet; socket.io-client delivers those events after 'connect', and so must we.
TEST(SessionInputTest, EventsBeforeTheNamespaceConnectAreDeliveredAfterIt) {
  ServerScript script;
  script.on_connect = [](const Json&) { return ConnectReply::silent(); };
  Pair pair(test_config(), std::move(script));
  pair.connect();
  pair.server.send_event("connection_response", Json::array({Json{{"data", "Connected"}}}));
  pair.server.send_event("status", Json::array({Json{{"msg", "ada connected"}}}));
  pair.drive();
  EXPECT_TRUE(pair.events_of<ServerEvent>().empty()) << "held until the namespace is connected";
  EXPECT_TRUE(pair.events_of<session::Error>().empty());

  pair.server.send_raw("40{\"sid\":\"s-1\"}");
  pair.drive();
  ASSERT_EQ(pair.client.state(), State::kConnected);
  const auto received = pair.events_of<ServerEvent>();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(received[0].name, "connection_response");
  EXPECT_EQ(Json::parse(received[0].args_json), Json::array({Json{{"data", "Connected"}}}));
  EXPECT_EQ(received[1].name, "status");
  EXPECT_TRUE(pair.events_of<session::Error>().empty());
  // Delivered after the state change, as socket.io-client emits them after 'connect'.
  std::size_t connected_at = 0;
  std::size_t first_event_at = 0;
  for (std::size_t i = 0; i < pair.events.size(); ++i) {
    if (const auto* change = std::get_if<session::StateChanged>(&pair.events[i])) {
      if (change->to == State::kConnected) connected_at = i;
    } else if (std::holds_alternative<ServerEvent>(pair.events[i]) && first_event_at == 0) {
      first_event_at = i;
    }
  }
  EXPECT_LT(connected_at, first_event_at);
}

TEST(SessionInputTest, EarlyEventsAreBoundedAndForgottenWithTheirAttempt) {
  ServerScript script;
  script.on_connect = [](const Json&) { return ConnectReply::silent(); };
  Pair pair(test_config(), std::move(script));
  pair.connect();
  for (int i = 0; i < 70; ++i) pair.server.send_event("early", Json::array({i}));
  pair.drive();
  const auto errors = pair.events_of<session::Error>();
  ASSERT_EQ(errors.size(), 6u) << "the 6 beyond the bound of 64";
  EXPECT_EQ(errors[0].code, ErrorCode::kUnexpectedPacket);

  // The attempt dies; the next one starts with nothing held.
  pair.server.drop_connection();
  pair.drive();
  pair.server.script.on_connect = [](const Json&) { return ConnectReply::accept(); };
  pair.clear_log();
  pair.advance_by(60'000);
  ASSERT_EQ(pair.client.state(), State::kConnected);
  EXPECT_TRUE(pair.events_of<ServerEvent>().empty());
}

TEST(SessionInputTest, ReportsFromAnOldTransportAreIgnored) {
  Pair pair;
  pair.connect();
  pair.server.drop_connection();
  pair.drive();
  while (pair.client.state() != State::kConnected) ASSERT_TRUE(pair.step());
  pair.clear_log();

  const std::uint32_t old_transport = 1;
  pair.client.transport_opened(pair.now, old_transport);
  pair.client.frame_received(pair.now, old_transport, "41");
  pair.client.frame_received(pair.now, old_transport, "42[\"ghost\"]");
  pair.client.binary_frame_received(pair.now, old_transport, "x");
  pair.client.transport_closed(pair.now, old_transport, "late close");
  pair.client.transport_closed(pair.now, 0, "never existed");
  pair.client.transport_closed(pair.now, 12345, "never existed");
  pair.drive();
  EXPECT_TRUE(pair.quiet());
  EXPECT_EQ(pair.client.state(), State::kConnected);
}

TEST(SessionInputTest, SpuriousTimerCallsAreNoOps) {
  Pair pair(test_config(), without_acks());
  pair.connect();
  ASSERT_TRUE(pair.client.emit(pair.now, "m", Json::array(), {5000, false}));
  pair.drive();
  pair.clear_log();
  const auto deadline = pair.client.poll_timeout();
  ASSERT_TRUE(deadline);
  for (std::int64_t t = pair.now; t < *deadline; t += 97) {
    pair.client.handle_timeout(t);
    pair.client.handle_timeout(t);
  }
  pair.drive();
  EXPECT_TRUE(pair.quiet());
  EXPECT_EQ(pair.client.poll_timeout(), deadline);
}

TEST(SessionInputTest, TimersOnAnIdleSessionDoNothing) {
  Pair pair;
  EXPECT_FALSE(pair.client.poll_timeout());
  pair.client.handle_timeout(0);
  pair.client.handle_timeout(1'000'000);
  pair.client.network_online(5);
  pair.client.network_offline(6);
  pair.drive();
  EXPECT_TRUE(pair.quiet());
  EXPECT_EQ(pair.client.state(), State::kIdle);
}

TEST(SessionInputTest, DuplicateOpenCallbacksAreNoOps) {
  ServerScript script;
  script.send_handshake = false;
  Pair pair(test_config(), script);
  pair.connect();
  pair.clear_log();
  pair.client.transport_opened(pair.now, 1);
  pair.client.transport_opened(pair.now, 1);
  pair.drive();
  EXPECT_TRUE(pair.quiet());
}

TEST(SessionInputTest, AFrameBeforeTheOpenCallbackStillCounts) {
  // Some WebSocket shims deliver the first message before onopen.
  ServerScript script;
  script.send_handshake = false;
  SessionConfig config = test_config();
  Session session = Session::create(config).value();
  session.connect(0);
  while (session.poll_action()) {
  }
  session.frame_received(0, 1,
                         "0{\"sid\":\"s\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000}");
  session.frame_received(0, 1, "40{\"sid\":\"n\"}");
  EXPECT_EQ(session.state(), State::kConnected);
}

struct BadConfig {
  std::string field;
  std::function<void(SessionConfig&)> mutate;
};

TEST(SessionConfigTest, EachInvalidFieldIsNamed) {
  const std::vector<BadConfig> cases = {
      {"nsp", [](SessionConfig& c) { c.nsp = "chat"; }},
      {"nsp", [](SessionConfig& c) { c.nsp = "/a,b"; }},
      {"auth", [](SessionConfig& c) { c.auth = "token"; }},
      {"connect_timeout_ms", [](SessionConfig& c) { c.connect_timeout_ms = 0; }},
      {"reconnection.initial_delay_ms",
       [](SessionConfig& c) { c.reconnection.backoff.initial_delay_ms = -1; }},
      {"reconnection.max_delay_ms", [](SessionConfig& c) { c.reconnection.backoff.max_delay_ms = 10; }},
      {"reconnection.factor", [](SessionConfig& c) { c.reconnection.backoff.factor = 0.5; }},
      {"reconnection.factor", [](SessionConfig& c) { c.reconnection.backoff.factor = std::nan(""); }},
      {"reconnection.randomization", [](SessionConfig& c) { c.reconnection.backoff.randomization = 1.5; }},
      {"outbox_capacity", [](SessionConfig& c) { c.outbox_capacity = 0; }},
      {"limits.max_frame_bytes", [](SessionConfig& c) { c.limits.max_frame_bytes = 1; }},
      {"limits.max_json_depth", [](SessionConfig& c) { c.limits.max_json_depth = 0; }},
  };
  for (const auto& bad : cases) {
    SessionConfig config = test_config();
    bad.mutate(config);
    auto created = Session::create(config);
    ASSERT_FALSE(created) << bad.field;
    EXPECT_EQ(created.error().field, bad.field);
    EXPECT_FALSE(created.error().message.empty());
  }
  EXPECT_TRUE(Session::create(test_config()));
}

}  // namespace
}  // namespace chatwire::testing
