// HTTP long-polling: the requests the session asks for (handshake GET, one
// GET at a time, POSTs that batch what was queued), the fallback from a
// WebSocket that fails or stays silent, and polling's bad input: a payload
// with an unknown packet, a body cut short, a sid the server forgot, a
// proxy's 400. The server is the FakeServer behind a PollingBridge.
#include <gtest/gtest.h>

#include "support/pair.h"

namespace chatwire::testing {
namespace {

using session::ErrorCode;
using session::HttpRequest;
using session::OpenTransport;
using session::TransportChanged;
using session::TransportKind;

SessionConfig polling_config(std::vector<TransportKind> transports = {TransportKind::kPolling}) {
  SessionConfig config = test_config();
  config.transports = std::move(transports);
  return config;
}

std::vector<HttpRequest> requests(const Pair& pair) {
  std::vector<HttpRequest> out;
  for (const auto& action : pair.actions) {
    if (const auto* request = std::get_if<HttpRequest>(&action)) out.push_back(*request);
  }
  return out;
}

std::vector<ErrorCode> error_codes(const Pair& pair) {
  std::vector<ErrorCode> codes;
  for (const auto& error : pair.events_of<session::Error>()) codes.push_back(error.code);
  return codes;
}

bool has_error(const Pair& pair, ErrorCode code) {
  const auto codes = error_codes(pair);
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

TEST(SessionPollingTest, HandshakesWithAGetThenPostsTheConnectWithTheSid) {
  Pair pair(polling_config());
  pair.connect();

  ASSERT_EQ(pair.client.state(), State::kConnected);
  const auto sent = requests(pair);
  ASSERT_GE(sent.size(), 3u);
  EXPECT_FALSE(sent[0].post);
  EXPECT_EQ(sent[0].query, "EIO=4&transport=polling") << "the handshake has no sid yet";
  EXPECT_EQ(pair.count_actions<OpenTransport>(), 0u) << "no WebSocket when polling is the only transport";
  ASSERT_EQ(pair.polling.post_bodies.size(), 1u);
  EXPECT_EQ(pair.polling.post_bodies[0], "40");
  for (std::size_t i = 1; i < sent.size(); ++i) {
    EXPECT_EQ(sent[i].query, "EIO=4&transport=polling&sid=eio-sid") << "request " << i;
  }
  EXPECT_EQ(pair.client.transport_kind(), TransportKind::kPolling);
  ASSERT_EQ(pair.events_of<TransportChanged>().size(), 1u);
  EXPECT_EQ(pair.events_of<TransportChanged>()[0].transport, TransportKind::kPolling);
}

TEST(SessionPollingTest, EmitsAndAcksTravelOverPolling) {
  Pair pair(polling_config());
  pair.connect();
  auto id = pair.client.emit(pair.now, "chat", Json::array({"hi"}), {.ack_timeout_ms = 5000});
  ASSERT_TRUE(id);
  pair.drive();

  ASSERT_EQ(pair.server.events_received.size(), 1u);
  const auto acks = pair.events_of<session::AckReceived>();
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(acks[0].id, *id);
  EXPECT_EQ(acks[0].args_json, R"(["ok"])");
}

TEST(SessionPollingTest, PacketsQueuedWhileAPostIsOutGoTogetherInTheNextOne) {
  Pair pair(polling_config());
  pair.connect();
  const std::size_t posts_before = pair.polling.post_bodies.size();
  // Without driving in between: the first emit's POST is still out when the
  // others are queued.
  ASSERT_TRUE(pair.client.emit(pair.now, "a", Json::array({1})));
  ASSERT_TRUE(pair.client.emit(pair.now, "b", Json::array({2})));
  ASSERT_TRUE(pair.client.emit(pair.now, "c", Json::array({3})));
  pair.drive();

  ASSERT_EQ(pair.polling.post_bodies.size(), posts_before + 2);
  EXPECT_EQ(pair.polling.post_bodies[posts_before], R"(42["a",1])");
  EXPECT_EQ(pair.polling.post_bodies[posts_before + 1], "42[\"b\",2]\x1e" "42[\"c\",3]");
  EXPECT_EQ(pair.polling.most_requests_out, 2u) << "one GET and one POST at a time";
  EXPECT_EQ(pair.server.events_received.size(), 3u);
}

TEST(SessionPollingTest, AnswersPingsByPostAndStaysConnectedThroughManyIntervals) {
  Pair pair(polling_config());
  pair.connect();
  pair.advance_by(10 * 25000);
  EXPECT_EQ(pair.client.state(), State::kConnected);
  EXPECT_GE(pair.server.pongs_received, 9u);
}

TEST(SessionPollingTest, StaleOrRepeatedAnswersAreIgnored) {
  Pair pair(polling_config());
  pair.connect();
  const auto sent = requests(pair);
  pair.clear_log();
  pair.client.http_response(pair.now, sent[0].request, 200, "0{}");  // the handshake, answered again
  pair.client.http_response(pair.now, 999999, 400, "no such request");
  pair.drive();
  EXPECT_TRUE(pair.quiet());
  EXPECT_EQ(pair.client.state(), State::kConnected);
}

TEST(SessionPollingTest, DisconnectPostsTheSocketIoDisconnect) {
  Pair pair(polling_config());
  pair.connect();
  pair.client.disconnect(pair.now);
  pair.drive();
  EXPECT_EQ(pair.server.client_disconnects, 1u);
  EXPECT_EQ(pair.client.state(), State::kDisconnected);
}

TEST(SessionPollingTest, DisconnectWhileAPostIsOutStillSaysGoodbye) {
  Pair pair(polling_config());
  pair.connect();
  ASSERT_TRUE(pair.client.emit(pair.now, "chat", Json::array({"last words"})));  // its POST is out
  pair.client.disconnect(pair.now);
  pair.drive();

  ASSERT_FALSE(pair.polling.post_bodies.empty());
  EXPECT_EQ(pair.polling.post_bodies.back(), "41\x1e" "1")
      << "the Socket.IO DISCONNECT and the Engine.IO close, so the server frees the session now";
  EXPECT_EQ(pair.server.client_disconnects, 1u);
}

// ---- fallback --------------------------------------------------------------------

TEST(SessionPollingTest, ARefusedWebSocketFallsBackToPollingAtOnce) {
  Pair pair(polling_config({TransportKind::kWebSocket, TransportKind::kPolling}));
  pair.polling.websocket = SocketReply::kRefuse;
  pair.connect();

  EXPECT_EQ(pair.client.state(), State::kConnected);
  EXPECT_EQ(pair.now, 0) << "no wait: the next transport is tried at once";
  EXPECT_TRUE(has_error(pair, ErrorCode::kTransportFailed));
  EXPECT_EQ(pair.state_history(), (std::vector<State>{State::kIdle, State::kConnecting, State::kConnected}))
      << "a fallback is part of the attempt, not a reconnection";
  EXPECT_EQ(pair.client.transport_kind(), TransportKind::kPolling);
}

TEST(SessionPollingTest, AWebSocketThatOpensAndStaysSilentFallsBackAfterTheHandshakeTimeout) {
  SessionConfig config = polling_config({TransportKind::kWebSocket, TransportKind::kPolling});
  config.handshake_timeout_ms = 4000;
  Pair pair(config);
  pair.polling.websocket = SocketReply::kSilent;
  pair.connect();
  EXPECT_EQ(pair.client.state(), State::kConnecting);
  EXPECT_EQ(pair.client.poll_timeout(), 4000);

  pair.step();
  EXPECT_EQ(pair.client.state(), State::kConnected);
  EXPECT_EQ(pair.now, 4000);
  EXPECT_EQ(pair.client.transport_kind(), TransportKind::kPolling);
  ASSERT_TRUE(has_error(pair, ErrorCode::kTransportFailed));
  EXPECT_NE(pair.events_of<session::Error>()[0].message.find("trying polling"), std::string::npos);
}

TEST(SessionPollingTest, TheLastTransportLeftGetsTheWholeConnectTimeout) {
  Pair pair(test_config());  // WebSocket only: nothing to fall back to
  pair.polling.websocket = SocketReply::kSilent;
  pair.connect();
  EXPECT_EQ(pair.client.poll_timeout(), 20000) << "no handshake timeout without a fallback";
}

TEST(SessionPollingTest, AfterAFallbackReconnectionsStartWithWhatWorked) {
  Pair pair(polling_config({TransportKind::kWebSocket, TransportKind::kPolling}));
  pair.polling.websocket = SocketReply::kRefuse;
  pair.connect();
  ASSERT_EQ(pair.client.transport_kind(), TransportKind::kPolling);

  pair.clear_log();
  pair.server.drop_connection();
  pair.drive();
  ASSERT_EQ(pair.client.state(), State::kReconnecting);
  pair.step();  // the backoff
  ASSERT_EQ(pair.client.state(), State::kConnected);
  EXPECT_EQ(pair.count_actions<OpenTransport>(), 0u) << "the WebSocket is not tried first again";
  EXPECT_FALSE(has_error(pair, ErrorCode::kTransportFailed));
}

// ---- bad input -----------------------------------------------------------------------

TEST(SessionPollingTest, AnUnknownPacketTypeInAPayloadIsReportedAndTheRestDelivered) {
  Pair pair(polling_config());
  pair.connect();
  pair.clear_log();
  pair.polling.extra_payload = "\x1e" "9oops\x1e" R"(42["news","still here"])";
  pair.server.send_event("first", Json::array());
  pair.drive();

  const auto errors = pair.events_of<session::Error>();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, ErrorCode::kMalformedFrame);
  EXPECT_EQ(errors[0].decode_error, protocol::DecodeErrorCode::kUnknownPacketType);
  const auto events = pair.events_of<session::ServerEvent>();
  ASSERT_EQ(events.size(), 2u) << "the packets around the bad one still count";
  EXPECT_EQ(events[1].name, "news");
  EXPECT_EQ(pair.client.state(), State::kConnected);
}

// A cut after the event name leaves the arguments' text unreadable: the
// client's dialect reader reports that one (as for a WebSocket frame).
TEST(SessionPollingTest, APayloadCutInsideAPacketIsAMalformedFrameAndTheConnectionCarriesOn) {
  Pair pair(polling_config());
  pair.connect();
  pair.clear_log();
  pair.polling.extra_payload = "\x1e" R"(42["ne)";
  pair.server.send_event("first", Json::array());
  pair.drive();

  EXPECT_EQ(error_codes(pair), (std::vector<ErrorCode>{ErrorCode::kMalformedFrame}));
  EXPECT_EQ(pair.events_of<session::ServerEvent>().size(), 1u);
  EXPECT_EQ(pair.client.state(), State::kConnected);
}

TEST(SessionPollingTest, ABodyCutShortIsARequestFailureAndTheSessionReconnects) {
  Pair pair(polling_config());
  pair.connect();
  pair.clear_log();
  pair.polling.fail_next = {0, "TypeError: terminated (the body was cut short)"};
  ASSERT_TRUE(pair.client.emit(pair.now, "chat", Json::array({"x"})));
  pair.drive();

  EXPECT_EQ(error_codes(pair), (std::vector<ErrorCode>{ErrorCode::kRequestFailed}));
  EXPECT_EQ(pair.client.state(), State::kReconnecting);
  EXPECT_EQ(pair.count_actions<session::CloseTransport>(), 1u) << "the GET still out is aborted";
  pair.step();
  EXPECT_EQ(pair.client.state(), State::kConnected);
}

TEST(SessionPollingTest, ASidTheServerForgotStartsANewSession) {
  Pair pair(polling_config());
  pair.connect();
  pair.clear_log();
  pair.polling.fail_next = {400, R"({"code":1,"message":"Session ID unknown"})"};
  ASSERT_TRUE(pair.client.emit(pair.now, "chat", Json::array({"x"})));
  pair.drive();

  const auto errors = pair.events_of<session::Error>();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, ErrorCode::kSessionUnknown);
  EXPECT_NE(errors[0].message.find("reconnecting with a new session"), std::string::npos);
  pair.step();
  ASSERT_EQ(pair.client.state(), State::kConnected);
  const auto sent = requests(pair);
  const auto handshake = std::find_if(sent.begin(), sent.end(),
                                      [](const HttpRequest& r) { return r.query == "EIO=4&transport=polling"; });
  EXPECT_NE(handshake, sent.end()) << "a fresh handshake, without the forgotten sid";
}

TEST(SessionPollingTest, AProxysBadRequestPageIsAnHttpErrorWithItsStatus) {
  Pair pair(polling_config());
  pair.connect();
  pair.clear_log();
  pair.polling.fail_next = {400, "<html><body><h1>400 Bad request</h1>Your browser sent an invalid request."};
  ASSERT_TRUE(pair.client.emit(pair.now, "chat", Json::array({"x"})));
  pair.drive();

  const auto errors = pair.events_of<session::Error>();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, ErrorCode::kHttpError);
  EXPECT_NE(errors[0].message.find("HTTP 400"), std::string::npos) << errors[0].message;
  EXPECT_EQ(pair.client.state(), State::kReconnecting);
}

TEST(SessionPollingTest, AServerThatDropsTheSessionMeansReconnecting) {
  Pair pair(polling_config());
  pair.connect();
  pair.clear_log();
  pair.server.drop_connection("server restarted");
  pair.drive();
  EXPECT_TRUE(has_error(pair, ErrorCode::kRequestFailed));
  EXPECT_EQ(pair.client.state(), State::kReconnecting);
  pair.step();
  EXPECT_EQ(pair.client.state(), State::kConnected);
}

}  // namespace
}  // namespace chatwire::testing
