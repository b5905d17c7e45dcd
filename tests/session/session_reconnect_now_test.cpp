// reconnect_now(): skipping the backoff wait, and doing nothing where there
// is no wait to skip.
#include <gtest/gtest.h>

#include "support/pair.h"

namespace chatwire::testing {
namespace {

using session::ReconnectScheduled;

TEST(SessionReconnectNowTest, StartsTheNextAttemptBeforeTheDelayRunsOut) {
  ServerScript script;
  script.accept_transport = false;
  Pair pair(test_config(), script);
  pair.connect();
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(pair.step());  // the delay has grown
  const auto scheduled = pair.events_of<ReconnectScheduled>().back();
  ASSERT_GT(scheduled.delay_ms, 1000);

  pair.server.script.accept_transport = true;
  const auto opens = pair.server.open_requests;
  pair.client.reconnect_now(pair.now);
  pair.drive();
  EXPECT_EQ(pair.server.open_requests, opens + 1);
  EXPECT_LT(pair.now, scheduled.at_ms) << "no time passed";
  EXPECT_EQ(pair.client.state(), State::kConnected);
}

TEST(SessionReconnectNowTest, OverridesAnOfflineHint) {
  Pair pair;
  pair.connect();
  pair.client.network_offline(pair.now);
  pair.server.drop_connection();
  pair.drive();
  ASSERT_EQ(pair.client.state(), State::kReconnecting);
  ASSERT_FALSE(pair.client.reconnect_at()) << "waiting for the network, not a timer";
  pair.client.reconnect_now(pair.now);
  pair.drive();
  EXPECT_EQ(pair.client.state(), State::kConnected) << "the app knows better than the hint";
}

TEST(SessionReconnectNowTest, AfterGivingUpStartsOver) {
  SessionConfig config = test_config();
  config.reconnection.max_attempts = 1;
  ServerScript script;
  script.accept_transport = false;
  Pair pair(config, script);
  pair.connect();
  pair.advance_by(60'000);
  ASSERT_EQ(pair.client.state(), State::kFailed);
  pair.server.script.accept_transport = true;
  pair.client.reconnect_now(pair.now);
  pair.drive();
  EXPECT_EQ(pair.client.state(), State::kConnected);
}

TEST(SessionReconnectNowTest, IsANoOpWithoutAWaitToSkip) {
  Pair pair;
  pair.client.reconnect_now(pair.now);  // idle: the app never asked to connect
  pair.drive();
  EXPECT_TRUE(pair.quiet());
  EXPECT_EQ(pair.client.state(), State::kIdle);

  pair.connect();
  pair.clear_log();
  pair.client.reconnect_now(pair.now);  // connected
  pair.drive();
  EXPECT_TRUE(pair.quiet());

  pair.server.script.send_handshake = false;
  pair.server.drop_connection();
  pair.drive();
  pair.advance_by(6000);  // an attempt is under way: the transport is open, the handshake never comes
  ASSERT_EQ(pair.client.state(), State::kReconnecting);
  ASSERT_FALSE(pair.client.reconnect_at());
  pair.clear_log();
  pair.client.reconnect_now(pair.now);
  pair.drive();
  EXPECT_TRUE(pair.quiet()) << "an attempt in progress is not restarted";

  pair.client.disconnect(pair.now);
  pair.drive();
  pair.clear_log();
  pair.client.reconnect_now(pair.now);  // disconnected by the user
  pair.drive();
  EXPECT_TRUE(pair.quiet());
  EXPECT_EQ(pair.client.state(), State::kDisconnected);
}

}  // namespace
}  // namespace chatwire::testing
