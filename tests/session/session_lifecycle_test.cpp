// Connection lifecycle: handshake, heartbeat, timeouts, reconnection with
// backoff, network hints, and disconnect.
#include <gtest/gtest.h>

#include <cmath>

#include "support/pair.h"

namespace chatwire::testing {
namespace {

using session::OpenTransport;
using session::Reason;
using session::ReconnectDeferred;
using session::ReconnectScheduled;
using session::SendFrame;
using session::StateChanged;

std::vector<std::string> frames_sent(const Pair& pair) {
  std::vector<std::string> frames;
  for (const auto& action : pair.actions) {
    if (const auto* send = std::get_if<SendFrame>(&action)) frames.push_back(send->text);
  }
  return frames;
}

TEST(SessionLifecycleTest, ConnectsThroughEngineHandshakeAndNamespaceConnect) {
  Pair pair;
  pair.connect();

  EXPECT_EQ(pair.client.state(), State::kConnected);
  EXPECT_EQ(pair.state_history(), (std::vector<State>{State::kIdle, State::kConnecting, State::kConnected}));
  ASSERT_FALSE(pair.actions.empty());
  const auto* open = std::get_if<OpenTransport>(&pair.actions.front());
  ASSERT_NE(open, nullptr);
  EXPECT_EQ(open->query, "EIO=4&transport=websocket");
  EXPECT_EQ(frames_sent(pair), (std::vector<std::string>{"40"})) << "no auth configured: a bare CONNECT";
  EXPECT_EQ(pair.client.sid(), "ns-1");
  ASSERT_TRUE(pair.client.handshake());
  EXPECT_EQ(pair.client.handshake()->sid, "eio-sid");
  EXPECT_EQ(pair.events_of<StateChanged>().back().reason, Reason::kNamespaceConnected);
}

TEST(SessionLifecycleTest, SendsAuthPayloadWithConnect) {
  SessionConfig config = test_config();
  config.auth = {{"token", "abc"}};
  Pair pair(config);
  pair.connect();
  EXPECT_EQ(frames_sent(pair), (std::vector<std::string>{"40{\"token\":\"abc\"}"}));
  ASSERT_EQ(pair.server.connect_auths.size(), 1u);
  EXPECT_EQ(pair.server.connect_auths[0], (Json{{"token", "abc"}}));
}

TEST(SessionLifecycleTest, JoinsACustomNamespace) {
  SessionConfig config = test_config();
  config.nsp = "/chat";
  Pair pair(config);
  pair.connect();
  EXPECT_EQ(frames_sent(pair), (std::vector<std::string>{"40/chat,"}));
  EXPECT_EQ(pair.client.state(), State::kConnected);
}

TEST(SessionLifecycleTest, PercentEncodesExtraQueryParameters) {
  SessionConfig config = test_config();
  config.query = {{"room", "a b&c"}, {"v", "é"}};
  Pair pair(config);
  pair.connect();
  const auto* open = std::get_if<OpenTransport>(&pair.actions.front());
  ASSERT_NE(open, nullptr);
  EXPECT_EQ(open->query, "EIO=4&transport=websocket&room=a%20b%26c&v=%C3%A9");
}

TEST(SessionLifecycleTest, AnswersEveryServerPingAndStaysConnected) {
  Pair pair;
  pair.connect();
  pair.advance_by(100'000);  // four ping intervals of 25 s
  EXPECT_EQ(pair.server.pongs_received, 4u);
  EXPECT_EQ(pair.client.state(), State::kConnected);
}

TEST(SessionLifecycleTest, ServerSilentPastHeartbeatDeadlineMeansReconnecting) {
  Pair pair;
  pair.connect();
  pair.server.go_silent();
  const std::int64_t silent_since = pair.now;

  pair.advance_to(silent_since + 25'000 + 20'000 - 1);
  EXPECT_EQ(pair.client.state(), State::kConnected) << "not before pingInterval + pingTimeout";
  pair.advance_to(silent_since + 45'000);
  EXPECT_EQ(pair.client.state(), State::kReconnecting);
  EXPECT_EQ(pair.events_of<StateChanged>().back().reason, Reason::kHeartbeatTimeout);
  EXPECT_EQ(pair.server.client_closes, 1u) << "the dead transport is closed";
}

TEST(SessionLifecycleTest, AnyServerFrameCountsAsLife) {
  ServerScript script;
  script.send_pings = false;
  Pair pair(test_config(), script);
  pair.connect();
  for (int i = 0; i < 10; ++i) {
    pair.advance_by(40'000);  // under 45 s of silence each time
    pair.server.send_event("tick", Json::array());
    pair.drive();
  }
  EXPECT_EQ(pair.client.state(), State::kConnected);
}

TEST(SessionLifecycleTest, ConnectTimesOutAfterTwentySecondsByDefault) {
  ServerScript script;
  script.send_handshake = false;  // the socket opens, the server never speaks
  Pair pair(test_config(), script);
  pair.connect();
  pair.advance_to(19'999);
  EXPECT_EQ(pair.client.state(), State::kConnecting);
  pair.advance_to(20'000);
  EXPECT_EQ(pair.client.state(), State::kReconnecting);
  EXPECT_EQ(pair.events_of<StateChanged>().back().reason, Reason::kConnectTimeout);
}

TEST(SessionLifecycleTest, ConnectTimeoutCoversTheNamespaceConnectToo) {
  ServerScript script;
  script.on_connect = [](const Json&) { return ConnectReply::silent(); };
  SessionConfig config = test_config();
  config.connect_timeout_ms = 5000;
  Pair pair(config, script);
  pair.connect();
  pair.advance_to(5000);
  EXPECT_EQ(pair.client.state(), State::kReconnecting);
  EXPECT_EQ(pair.events_of<StateChanged>().back().reason, Reason::kConnectTimeout);
}

TEST(SessionLifecycleTest, EveryReconnectDelayIsWithinItsJitterBound) {
  ServerScript script;
  script.accept_transport = false;
  Pair pair(test_config(), script);
  pair.connect();
  while (pair.server.open_requests < 30) ASSERT_TRUE(pair.step());

  const auto scheduled = pair.events_of<ReconnectScheduled>();
  ASSERT_GE(scheduled.size(), 29u);
  for (std::size_t n = 0; n < scheduled.size(); ++n) {
    const double d = std::min(5000.0, 1000.0 * std::pow(2.0, static_cast<double>(n)));
    EXPECT_EQ(scheduled[n].attempt, n + 1);
    EXPECT_GE(scheduled[n].delay_ms, std::ceil(d * 0.5)) << "attempt " << n + 1;
    EXPECT_LE(scheduled[n].delay_ms, std::floor(d * 1.5)) << "attempt " << n + 1;
  }
  EXPECT_EQ(pair.client.state(), State::kReconnecting) << "unlimited attempts by default";
}

TEST(SessionLifecycleTest, AttemptsStartExactlyWhenScheduled) {
  ServerScript script;
  script.accept_transport = false;
  Pair pair(test_config(), script);
  pair.connect();
  for (int i = 0; i < 5; ++i) {
    const auto scheduled = pair.events_of<ReconnectScheduled>().back();
    const std::uint32_t opens_before = pair.server.open_requests;
    pair.advance_to(scheduled.at_ms - 1);
    EXPECT_EQ(pair.server.open_requests, opens_before);
    pair.advance_to(scheduled.at_ms);
    EXPECT_EQ(pair.server.open_requests, opens_before + 1);
  }
}

TEST(SessionLifecycleTest, GivesUpAfterMaxAttempts) {
  SessionConfig config = test_config();
  config.reconnection.max_attempts = 3;
  ServerScript script;
  script.accept_transport = false;
  Pair pair(config, script);
  pair.connect();
  pair.advance_by(3'600'000);
  EXPECT_EQ(pair.client.state(), State::kFailed);
  EXPECT_EQ(pair.events_of<StateChanged>().back().reason, Reason::kAttemptsExhausted);
  EXPECT_EQ(pair.server.open_requests, 4u) << "the first attempt and three reconnection attempts";
  EXPECT_FALSE(pair.client.poll_timeout()) << "nothing left to wait for";
}

TEST(SessionLifecycleTest, ReconnectionDisabledFailsOnFirstLoss) {
  SessionConfig config = test_config();
  config.reconnection.enabled = false;
  Pair pair(config);
  pair.connect();
  pair.server.drop_connection();
  pair.drive();
  EXPECT_EQ(pair.client.state(), State::kFailed);
  EXPECT_EQ(pair.events_of<StateChanged>().back().reason, Reason::kTransportClosed);
}

TEST(SessionLifecycleTest, ReconnectsAfterServerRestartAndResetsBackoff) {
  Pair pair;
  pair.connect();
  pair.server.script.accept_transport = false;  // the server is down...
  pair.server.drop_connection("server process killed");
  pair.drive();
  EXPECT_EQ(pair.client.state(), State::kReconnecting);
  while (pair.server.open_requests < 4) ASSERT_TRUE(pair.step());
  pair.server.script.accept_transport = true;  // ...and back
  while (pair.client.state() != State::kConnected) ASSERT_TRUE(pair.step());
  EXPECT_EQ(pair.client.sid(), "ns-2");

  // A later drop starts again from the initial delay.
  pair.clear_log();
  pair.server.drop_connection();
  pair.drive();
  const auto scheduled = pair.events_of<ReconnectScheduled>();
  ASSERT_EQ(scheduled.size(), 1u);
  EXPECT_EQ(scheduled[0].attempt, 1u);
  EXPECT_LE(scheduled[0].delay_ms, 1500);
  EXPECT_EQ(scheduled[0].reason, Reason::kTransportClosed);
  EXPECT_EQ(scheduled[0].detail, "connection reset");
}

TEST(SessionLifecycleTest, EngineClosePacketMeansReconnect) {
  Pair pair;
  pair.connect();
  pair.server.send_raw("1");
  pair.drive();
  EXPECT_EQ(pair.client.state(), State::kReconnecting);
  EXPECT_EQ(pair.events_of<StateChanged>().back().reason, Reason::kServerClosedTransport);
}

TEST(SessionLifecycleTest, ServerSideDisconnectIsFinal) {
  Pair pair;
  pair.connect();
  pair.server.send_raw("41");
  pair.drive();
  EXPECT_EQ(pair.client.state(), State::kFailed);
  EXPECT_EQ(pair.events_of<StateChanged>().back().reason, Reason::kServerDisconnected);
  const auto opens = pair.server.open_requests;
  pair.advance_by(3'600'000);
  EXPECT_EQ(pair.server.open_requests, opens) << "a kick is not retried";
}

TEST(SessionLifecycleTest, OnlineHintSkipsTheWait) {
  ServerScript script;
  script.accept_transport = false;
  Pair pair(test_config(), script);
  pair.connect();
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(pair.step());  // backoff has grown
  const auto scheduled = pair.events_of<ReconnectScheduled>().back();
  ASSERT_GT(scheduled.delay_ms, 1000);

  pair.server.script.accept_transport = true;
  pair.advance_by(10);
  const auto opens = pair.server.open_requests;
  pair.client.network_online(pair.now);
  pair.drive();
  EXPECT_EQ(pair.server.open_requests, opens + 1) << "retried at once, not at " << scheduled.at_ms;
  EXPECT_LT(pair.now, scheduled.at_ms);
  EXPECT_EQ(pair.client.state(), State::kConnected);
}

TEST(SessionLifecycleTest, OfflineHintStopsTryingUntilOnline) {
  Pair pair;
  pair.connect();
  pair.client.network_offline(pair.now);
  pair.server.script.accept_transport = false;
  pair.server.drop_connection();
  pair.drive();
  EXPECT_EQ(pair.client.state(), State::kReconnecting);
  EXPECT_EQ(pair.events_of<ReconnectDeferred>().size(), 1u);
  EXPECT_FALSE(pair.client.poll_timeout()) << "no timer while offline";

  const auto opens = pair.server.open_requests;
  pair.advance_by(3'600'000);
  EXPECT_EQ(pair.server.open_requests, opens) << "no attempts while offline";

  pair.server.script.accept_transport = true;
  pair.client.network_online(pair.now);
  pair.drive();
  EXPECT_EQ(pair.client.state(), State::kConnected);
}

TEST(SessionLifecycleTest, OfflineWhileWaitingCancelsTheTimer) {
  ServerScript script;
  script.accept_transport = false;
  Pair pair(test_config(), script);
  pair.connect();
  ASSERT_TRUE(pair.client.reconnect_at());
  pair.client.network_offline(pair.now);
  pair.drive();
  EXPECT_FALSE(pair.client.reconnect_at());
  EXPECT_FALSE(pair.client.poll_timeout());
  EXPECT_EQ(pair.events_of<ReconnectDeferred>().size(), 1u);
}

TEST(SessionLifecycleTest, OfflineHintKeepsAnOpenConnection) {
  Pair pair;
  pair.connect();
  pair.client.network_offline(pair.now);
  pair.drive();
  pair.advance_by(60'000);
  EXPECT_EQ(pair.client.state(), State::kConnected) << "the hint can be wrong; the heartbeat decides";
  EXPECT_EQ(pair.server.client_closes, 0u);
}

TEST(SessionLifecycleTest, DisconnectStopsEveryRetry) {
  ServerScript script;
  script.accept_transport = false;
  Pair pair(test_config(), script);
  pair.connect();
  ASSERT_TRUE(pair.step());
  pair.client.disconnect(pair.now);
  pair.drive();
  EXPECT_EQ(pair.client.state(), State::kDisconnected);
  EXPECT_EQ(pair.events_of<StateChanged>().back().reason, Reason::kUserDisconnect);
  EXPECT_FALSE(pair.client.poll_timeout());
  const auto opens = pair.server.open_requests;
  pair.client.network_online(pair.now);  // not even the online hint revives it
  pair.advance_by(3'600'000);
  EXPECT_EQ(pair.server.open_requests, opens);
}

TEST(SessionLifecycleTest, DisconnectTellsTheServerThenCloses) {
  Pair pair;
  pair.connect();
  pair.client.disconnect(pair.now);
  pair.drive();
  EXPECT_EQ(pair.server.client_disconnects, 1u);
  EXPECT_EQ(pair.server.client_closes, 1u);
  EXPECT_EQ(frames_sent(pair).back(), "41");
}

TEST(SessionLifecycleTest, RepeatedCommandsAreNoOps) {
  Pair pair;
  pair.connect();
  pair.clear_log();
  pair.client.connect(pair.now);
  pair.drive();
  EXPECT_TRUE(pair.quiet());

  pair.client.disconnect(pair.now);
  pair.drive();
  pair.clear_log();
  pair.client.disconnect(pair.now);
  pair.drive();
  EXPECT_TRUE(pair.quiet());
}

TEST(SessionLifecycleTest, ConnectAfterDisconnectStartsFresh) {
  Pair pair;
  pair.connect();
  pair.client.disconnect(pair.now);
  pair.drive();
  pair.connect();
  EXPECT_EQ(pair.client.state(), State::kConnected);
  EXPECT_EQ(pair.server.connections_accepted, 2u);
}

TEST(SessionLifecycleTest, ConnectWhileWaitingRetriesNow) {
  ServerScript script;
  script.accept_transport = false;
  Pair pair(test_config(), script);
  pair.connect();
  const auto opens = pair.server.open_requests;
  pair.client.connect(pair.now);
  pair.drive();
  EXPECT_EQ(pair.server.open_requests, opens + 1);
}

}  // namespace
}  // namespace chatwire::testing
