// Emits, acks and their timeouts, the bounded outbox and its flush.
#include <gtest/gtest.h>

#include <algorithm>

#include "support/pair.h"

namespace chatwire::testing {
namespace {

using session::AckReceived;
using session::EmitError;
using session::EmitFailed;
using session::EmitFailure;
using session::EmitId;
using session::EmitOptions;
using session::ServerEvent;

EmitOptions with_ack(std::int64_t timeout_ms, bool resend = false) {
  EmitOptions options;
  options.ack_timeout_ms = timeout_ms;
  options.resend_after_reconnect = resend;
  return options;
}

std::vector<std::string> event_texts(const FakeServer& server) {
  std::vector<std::string> texts;
  for (const auto& packet : server.events_received) texts.push_back(json_util::dump(*packet.data));
  return texts;
}

/// Connects, then takes the server down so that the client is reconnecting.
void connect_then_lose_server(Pair& pair) {
  pair.connect();
  pair.server.script.accept_transport = false;
  pair.server.drop_connection();
  pair.drive();
  ASSERT_EQ(pair.client.state(), State::kReconnecting);
}

void bring_server_back(Pair& pair) {
  pair.server.script.accept_transport = true;
  while (pair.client.state() != State::kConnected) ASSERT_TRUE(pair.step());
}

TEST(SessionEmitTest, EmitWhileConnectedGoesOutAtOnce) {
  Pair pair;
  pair.connect();
  auto id = pair.client.emit(pair.now, "message", Json::array({"hi", 1}));
  ASSERT_TRUE(id);
  pair.drive();
  ASSERT_EQ(pair.server.frames_received.back(), "42[\"message\",\"hi\",1]");
  EXPECT_EQ(pair.client.outbox_size(), 0u);
}

TEST(SessionEmitTest, AckArrivesForItsEmit) {
  Pair pair;
  pair.connect();
  auto id = pair.client.emit(pair.now, "send", Json::array({"x"}), with_ack(5000));
  ASSERT_TRUE(id);
  pair.drive();
  EXPECT_EQ(pair.server.frames_received.back(), "42" + std::to_string(*id) + "[\"send\",\"x\"]");
  const auto acks = pair.events_of<AckReceived>();
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(acks[0].id, *id);
  EXPECT_EQ(Json::parse(acks[0].args_json), Json::array({"ok"}));
  EXPECT_EQ(pair.client.awaiting_ack_count(), 0u);
}

TEST(SessionEmitTest, AckTimeoutFiresExactlyAtItsDeadlineAndALateAckIsIgnored) {
  Pair pair(test_config(), without_acks());
  pair.connect();
  const std::int64_t sent_at = pair.now;
  auto id = pair.client.emit(pair.now, "send", Json::array(), with_ack(5000));
  ASSERT_TRUE(id);
  pair.drive();

  pair.advance_to(sent_at + 4999);
  EXPECT_TRUE(pair.events_of<EmitFailed>().empty());
  pair.advance_to(sent_at + 5000);
  const auto failed = pair.events_of<EmitFailed>();
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].id, *id);
  EXPECT_EQ(failed[0].failure, EmitFailure::kAckTimeout);

  pair.server.send_raw("43" + std::to_string(*id) + "[\"late\"]");
  pair.drive();
  EXPECT_TRUE(pair.events_of<AckReceived>().empty());
  ASSERT_FALSE(pair.events_of<session::Error>().empty());
  EXPECT_EQ(pair.events_of<session::Error>().back().code, session::ErrorCode::kUnexpectedPacket);
  EXPECT_EQ(pair.client.state(), State::kConnected);
}

TEST(SessionEmitTest, BufferedEmitsFlushOldestFirstExactlyOnce) {
  Pair pair;
  connect_then_lose_server(pair);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(pair.client.emit(pair.now, "m", Json::array({i})));
  EXPECT_EQ(pair.client.outbox_size(), 3u);
  bring_server_back(pair);
  EXPECT_EQ(event_texts(pair.server), (std::vector<std::string>{"[\"m\",0]", "[\"m\",1]", "[\"m\",2]"}));
  EXPECT_EQ(pair.client.outbox_size(), 0u);

  // Another outage: nothing is sent twice.
  pair.server.drop_connection();
  pair.drive();
  while (pair.client.state() != State::kConnected) ASSERT_TRUE(pair.step());
  EXPECT_EQ(pair.server.events_received.size(), 3u);
}

TEST(SessionEmitTest, EmitsBeforeTheFirstConnectAreBufferedToo) {
  Pair pair;
  ASSERT_TRUE(pair.client.emit(pair.now, "early", Json::array()));
  pair.connect();
  ASSERT_EQ(pair.server.events_received.size(), 1u);
  // The namespace CONNECT precedes the buffered emit on the wire.
  EXPECT_EQ(pair.server.frames_received, (std::vector<std::string>{"40", "42[\"early\"]"}));
}

TEST(SessionEmitTest, BufferedAckTimerStartsWhenSentNotWhenEmitted) {
  Pair pair;
  connect_then_lose_server(pair);
  auto id = pair.client.emit(pair.now, "send", Json::array(), with_ack(5000));
  ASSERT_TRUE(id);
  pair.advance_by(60'000);  // a minute offline, far past the ack timeout
  bring_server_back(pair);
  EXPECT_TRUE(pair.events_of<EmitFailed>().empty());
  ASSERT_EQ(pair.events_of<AckReceived>().size(), 1u);
  EXPECT_EQ(pair.events_of<AckReceived>()[0].id, *id);
}

TEST(SessionEmitTest, OutboxOverflowIsAnExplicitErrorNotASilentDrop) {
  SessionConfig config = test_config();
  config.outbox_capacity = 2;
  Pair pair(config);
  connect_then_lose_server(pair);
  ASSERT_TRUE(pair.client.emit(pair.now, "m", Json::array({1})));
  ASSERT_TRUE(pair.client.emit(pair.now, "m", Json::array({2})));
  auto third = pair.client.emit(pair.now, "m", Json::array({3}));
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error(), EmitError::kOutboxFull);
  bring_server_back(pair);
  EXPECT_EQ(event_texts(pair.server), (std::vector<std::string>{"[\"m\",1]", "[\"m\",2]"}));
}

TEST(SessionEmitTest, UnackedEmitFailsWhenTheConnectionDrops) {
  Pair pair(test_config(), without_acks());
  pair.connect();
  auto id = pair.client.emit(pair.now, "send", Json::array(), with_ack(10'000));
  ASSERT_TRUE(id);
  pair.drive();
  pair.server.drop_connection();
  pair.drive();
  const auto failed = pair.events_of<EmitFailed>();
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].id, *id);
  EXPECT_EQ(failed[0].failure, EmitFailure::kConnectionLost);
  while (pair.client.state() != State::kConnected) ASSERT_TRUE(pair.step());
  EXPECT_EQ(pair.server.events_received.size(), 1u) << "not resent unless asked";
}

TEST(SessionEmitTest, ResendableEmitGoesAgainBeforeNewerBufferedOnes) {
  Pair pair(test_config(), without_acks());
  pair.connect();
  auto first = pair.client.emit(pair.now, "send", Json::array({"first"}), with_ack(10'000, /*resend=*/true));
  ASSERT_TRUE(first);
  pair.drive();
  pair.server.script.accept_transport = false;
  pair.server.drop_connection();
  pair.drive();
  ASSERT_TRUE(pair.client.emit(pair.now, "send", Json::array({"second"})));
  EXPECT_TRUE(pair.events_of<EmitFailed>().empty());

  pair.server.script.auto_ack = true;
  bring_server_back(pair);
  EXPECT_EQ(
      event_texts(pair.server),
      (std::vector<std::string>{"[\"send\",\"first\"]", "[\"send\",\"first\"]", "[\"send\",\"second\"]"}));
  EXPECT_EQ(pair.server.events_received[1].ack_id, *first) << "same ack id, so the server can deduplicate";
  const auto acks = pair.events_of<AckReceived>();
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(acks[0].id, *first);
}

TEST(SessionEmitTest, RefusesInvalidEmitsWithAReason) {
  Pair pair;
  pair.connect();
  EXPECT_EQ(pair.client.emit(pair.now, "", Json::array()).error(), EmitError::kInvalidEvent);
  EXPECT_EQ(pair.client.emit(pair.now, "connect", Json::array()).error(), EmitError::kInvalidEvent);
  EXPECT_EQ(pair.client.emit(pair.now, "disconnecting", Json::array()).error(), EmitError::kInvalidEvent);
  EXPECT_EQ(pair.client.emit(pair.now, "m", Json{{"not", "an array"}}).error(), EmitError::kInvalidEvent);
  EmitOptions resend_without_ack;
  resend_without_ack.resend_after_reconnect = true;
  EXPECT_EQ(pair.client.emit(pair.now, "m", Json::array(), resend_without_ack).error(),
            EmitError::kInvalidOptions);
  EXPECT_EQ(pair.client.emit(pair.now, "m", Json::array(), with_ack(0)).error(), EmitError::kInvalidOptions);
  pair.drive();
  EXPECT_TRUE(pair.server.events_received.empty());
}

TEST(SessionEmitTest, EmitAfterDisconnectIsRefused) {
  Pair pair;
  pair.connect();
  pair.client.disconnect(pair.now);
  EXPECT_EQ(pair.client.emit(pair.now, "m", Json::array()).error(), EmitError::kNotConnectable);
}

TEST(SessionEmitTest, DisconnectFailsEveryPendingEmit) {
  Pair pair(test_config(), without_acks());
  pair.connect();
  auto in_flight = pair.client.emit(pair.now, "a", Json::array(), with_ack(10'000));
  pair.drive();
  pair.server.script.accept_transport = false;
  pair.server.drop_connection();
  pair.drive();
  auto buffered = pair.client.emit(pair.now, "b", Json::array());
  ASSERT_TRUE(in_flight && buffered);
  pair.clear_log();
  pair.client.disconnect(pair.now);
  pair.drive();
  const auto failed = pair.events_of<EmitFailed>();
  ASSERT_EQ(failed.size(), 1u) << "the in-flight one already failed with connection_lost";
  EXPECT_EQ(failed[0].id, *buffered);
  EXPECT_EQ(failed[0].failure, EmitFailure::kDisconnected);
  EXPECT_EQ(pair.client.outbox_size(), 0u);
}

TEST(SessionEmitTest, EmitLargerThanServerMaxPayloadIsRefused) {
  ServerScript script;
  script.handshake.max_payload = 100;
  Pair pair(test_config(), script);
  pair.connect();
  auto big = pair.client.emit(pair.now, "m", Json::array({std::string(200, 'x')}));
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error(), EmitError::kTooLarge);
  EXPECT_TRUE(pair.client.emit(pair.now, "m", Json::array({"small"})));
}

TEST(SessionEmitTest, AMaxPayloadBeyond32BitsDoesNotWrapOnWasm) {
  ServerScript script;
  script.handshake.max_payload = (std::int64_t{1} << 32) + 10;  // truncates to 10 in a 32-bit size_t
  Pair pair(test_config(), script);
  pair.connect();
  EXPECT_TRUE(pair.client.emit(pair.now, "m", Json::array({"more than ten bytes"})));
}

TEST(SessionEmitTest, BufferedEmitOverTheLimitLearnedAtHandshakeFailsExplicitly) {
  ServerScript script;
  script.handshake.max_payload = 100;
  Pair pair(test_config(), script);
  auto big = pair.client.emit(pair.now, "m", Json::array({std::string(200, 'x')}));
  ASSERT_TRUE(big) << "the limit is not known before the handshake";
  pair.connect();
  const auto failed = pair.events_of<EmitFailed>();
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].id, *big);
  EXPECT_EQ(failed[0].failure, EmitFailure::kTooLarge);
  EXPECT_TRUE(pair.server.events_received.empty());
}

TEST(SessionEmitTest, ServerEventsArriveWithTheirArgsAndCanBeAcked) {
  Pair pair;
  pair.connect();
  pair.server.send_event("chat", Json::array({Json{{"text", "hello"}}, 2}), 17);
  pair.drive();
  const auto received = pair.events_of<ServerEvent>();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].name, "chat");
  EXPECT_EQ(Json::parse(received[0].args_json), Json::array({Json{{"text", "hello"}}, 2}));
  EXPECT_EQ(received[0].ack_id, 17u);

  pair.client.ack(pair.now, 17, Json::array({"thanks"}));
  pair.drive();
  EXPECT_EQ(pair.server.frames_received.back(), "4317[\"thanks\"]");
}

TEST(SessionEmitTest, EmitIdsAreUniqueAcrossReconnects) {
  Pair pair;
  pair.connect();
  std::vector<EmitId> ids;
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 5; ++i) ids.push_back(pair.client.emit(pair.now, "m", Json::array()).value());
    pair.server.drop_connection();
    pair.drive();
    while (pair.client.state() != State::kConnected) ASSERT_TRUE(pair.step());
  }
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
}

}  // namespace
}  // namespace chatwire::testing
