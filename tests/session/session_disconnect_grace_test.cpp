// disconnect() while acks are awaited: the connection stays up for them,
// up to disconnect_grace_ms, and no longer.
#include <gtest/gtest.h>

#include "support/pair.h"

// Its own namespace: the unity builds (Wasm, CI) put this file beside the
// other tests of its folder in one translation unit.
namespace chatwire::testing::disconnect_grace {
namespace {

using session::AckReceived;
using session::EmitFailed;
using session::EmitFailure;
using session::EmitOptions;
using session::Reason;
using session::StateChanged;

EmitOptions with_ack(std::int64_t timeout_ms) {
  EmitOptions options;
  options.ack_timeout_ms = timeout_ms;
  return options;
}

/// A server that acknowledges only when the test says so.
struct HeldAcks {
  Pair pair{test_config(), without_acks()};
  session::EmitId emitted = 0;

  HeldAcks() {
    pair.connect();
    emitted = *pair.client.emit(pair.now, "read", Json::array({"room"}), with_ack(10'000));
    pair.drive();
  }
  void ack() {
    pair.server.send_raw("43" + std::to_string(emitted) + "[true]");
    pair.drive();
  }
};

TEST(SessionDisconnectGraceTest, WaitsForTheAckThenSaysGoodbye) {
  HeldAcks f;
  f.pair.clear_log();
  f.pair.client.disconnect(f.pair.now);
  f.pair.drive();
  EXPECT_EQ(f.pair.client.state(), State::kConnected) << "still connected while the ack may come";
  EXPECT_EQ(f.pair.server.client_disconnects, 0u);
  EXPECT_EQ(f.pair.client.poll_timeout(), f.pair.now + f.pair.client.config().disconnect_grace_ms);

  f.ack();
  ASSERT_EQ(f.pair.events_of<AckReceived>().size(), 1u);
  EXPECT_EQ(f.pair.client.state(), State::kDisconnected);
  EXPECT_EQ(f.pair.server.client_disconnects, 1u);
  EXPECT_EQ(f.pair.server.client_closes, 1u);
  EXPECT_TRUE(f.pair.events_of<EmitFailed>().empty());
}

TEST(SessionDisconnectGraceTest, ClosesWhenTheGraceRunsOut) {
  HeldAcks f;
  f.pair.client.disconnect(f.pair.now);
  f.pair.drive();
  const std::int64_t started = f.pair.now;
  f.pair.clear_log();
  ASSERT_TRUE(f.pair.step());
  EXPECT_EQ(f.pair.now, started + f.pair.client.config().disconnect_grace_ms);
  EXPECT_EQ(f.pair.client.state(), State::kDisconnected);
  const auto failed = f.pair.events_of<EmitFailed>();
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].failure, EmitFailure::kDisconnected);
  EXPECT_EQ(f.pair.server.client_disconnects, 1u);
}

TEST(SessionDisconnectGraceTest, ASecondDisconnectEndsTheWaitAtOnce) {
  HeldAcks f;
  f.pair.client.disconnect(f.pair.now);
  f.pair.drive();
  f.pair.client.disconnect(f.pair.now);
  f.pair.drive();
  EXPECT_EQ(f.pair.client.state(), State::kDisconnected);
  EXPECT_EQ(f.pair.server.client_disconnects, 1u);
}

TEST(SessionDisconnectGraceTest, AtOnceDoesNotWait) {
  HeldAcks f;
  f.pair.client.disconnect(f.pair.now, /*at_once=*/true);
  f.pair.drive();
  EXPECT_EQ(f.pair.client.state(), State::kDisconnected);
}

TEST(SessionDisconnectGraceTest, LosingTheConnectionMeanwhileEndsItWithoutReconnecting) {
  HeldAcks f;
  f.pair.client.disconnect(f.pair.now);
  f.pair.drive();
  f.pair.server.drop_connection();
  f.pair.drive();
  EXPECT_EQ(f.pair.client.state(), State::kDisconnected);
  EXPECT_EQ(f.pair.events_of<StateChanged>().back().reason, Reason::kUserDisconnect);
  const auto opens = f.pair.server.open_requests;
  f.pair.advance_by(60'000);
  EXPECT_EQ(f.pair.server.open_requests, opens) << "no reconnection";
}

TEST(SessionDisconnectGraceTest, EmitsMeanwhileAreHeldAndFailAsDisconnected) {
  HeldAcks f;
  f.pair.client.disconnect(f.pair.now);
  f.pair.drive();
  const auto frames = f.pair.server.frames_received.size();
  auto late = f.pair.client.emit(f.pair.now, "typing", Json::array());
  ASSERT_TRUE(late);
  f.pair.drive();
  EXPECT_EQ(f.pair.server.frames_received.size(), frames) << "nothing new goes out while leaving";
  f.ack();
  const auto failed = f.pair.events_of<EmitFailed>();
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].id, *late);
  EXPECT_EQ(failed[0].failure, EmitFailure::kDisconnected);
}

TEST(SessionDisconnectGraceTest, ConnectDuringTheGraceStaysConnected) {
  HeldAcks f;
  f.pair.client.disconnect(f.pair.now);
  f.pair.drive();
  auto held = f.pair.client.emit(f.pair.now, "typing", Json::array());
  ASSERT_TRUE(held);
  f.pair.client.connect(f.pair.now);
  f.pair.drive();
  EXPECT_EQ(f.pair.server.frames_received.back(), "42[\"typing\"]") << "what was held goes out";
  f.ack();
  f.pair.advance_by(5000);
  EXPECT_EQ(f.pair.client.state(), State::kConnected);
  EXPECT_EQ(f.pair.server.client_disconnects, 0u);
}

TEST(SessionDisconnectGraceTest, NothingAwaitedClosesAtOnce) {
  Pair pair;
  pair.connect();
  pair.client.disconnect(pair.now);
  pair.drive();
  EXPECT_EQ(pair.client.state(), State::kDisconnected);
}

TEST(SessionDisconnectGraceTest, AZeroGraceClosesAtOnce) {
  SessionConfig config = test_config();
  config.disconnect_grace_ms = 0;
  Pair pair(config, without_acks());
  pair.connect();
  ASSERT_TRUE(pair.client.emit(pair.now, "read", Json::array(), with_ack(10'000)));
  pair.client.disconnect(pair.now);
  pair.drive();
  EXPECT_EQ(pair.client.state(), State::kDisconnected);
}

}  // namespace
}  // namespace chatwire::testing::disconnect_grace
