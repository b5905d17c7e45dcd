// credentials_each_attempt: the app is asked for credentials before the
// CONNECT of every attempt, and an app that cannot supply them makes the
// session retry later rather than fail.
#include <gtest/gtest.h>

#include "support/pair.h"

namespace chatwire::testing {
namespace {

using session::CredentialsRequired;
using session::Reason;
using session::ReconnectScheduled;

SessionConfig asking_each_attempt() {
  SessionConfig config = test_config();
  config.credentials_each_attempt = true;
  config.refresh_credentials_on_reject = true;
  return config;
}

/// A server that accepts only the token `valid` (changed by the test).
ServerScript accepting(std::string* valid) {
  ServerScript script;
  script.on_connect = [valid](const Json& auth) {
    return json_util::get_string(auth, "token") == *valid ? ConnectReply::accept()
                                                          : ConnectReply::reject("expired token");
  };
  return script;
}

TEST(SessionAuthEachAttemptTest, TheConnectWaitsForCredentials) {
  std::string valid = "t1";
  Pair pair(asking_each_attempt(), accepting(&valid));
  pair.connect();
  const auto asked = pair.events_of<CredentialsRequired>();
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_FALSE(asked[0].refused);
  EXPECT_TRUE(pair.server.connect_auths.empty()) << "no CONNECT before the credentials";
  EXPECT_EQ(pair.client.state(), State::kConnecting);

  pair.client.provide_credentials(pair.now, {{"token", "t1"}});
  pair.drive();
  EXPECT_EQ(pair.client.state(), State::kConnected);
  EXPECT_EQ(pair.server.connect_auths, (std::vector<Json>{Json{{"token", "t1"}}}));
}

TEST(SessionAuthEachAttemptTest, EveryReconnectionAsksAgainBeforeTheOldTokenIsRefused) {
  std::string valid = "t1";
  Pair pair(asking_each_attempt(), accepting(&valid));
  pair.connect();
  pair.client.provide_credentials(pair.now, {{"token", "t1"}});
  pair.drive();

  valid = "t2";  // t1 expired while connected
  pair.server.drop_connection();
  pair.drive();
  pair.clear_log();
  pair.advance_by(6000);
  const auto asked = pair.events_of<CredentialsRequired>();
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_FALSE(asked[0].refused);
  EXPECT_EQ(pair.server.connect_auths.size(), 1u) << "the expired token was never sent";
  pair.client.provide_credentials(pair.now, {{"token", "t2"}});
  pair.drive();
  EXPECT_EQ(pair.client.state(), State::kConnected);
  EXPECT_EQ(pair.server.connect_auths.back(), (Json{{"token", "t2"}}));
}

TEST(SessionAuthEachAttemptTest, UnavailableCredentialsRetryLaterWithBackoff) {
  std::string valid = "t1";
  Pair pair(asking_each_attempt(), accepting(&valid));
  pair.connect();
  pair.client.credentials_unavailable(pair.now, "token endpoint answered 503");
  pair.drive();
  EXPECT_EQ(pair.client.state(), State::kReconnecting) << "not failed: the next attempt asks again";
  const auto scheduled = pair.events_of<ReconnectScheduled>();
  ASSERT_EQ(scheduled.size(), 1u);
  EXPECT_EQ(scheduled[0].reason, Reason::kAuthUnavailable);
  EXPECT_EQ(scheduled[0].detail, "no credentials: token endpoint answered 503");
  EXPECT_EQ(pair.server.client_closes, 1u) << "the transport opened for the attempt is closed";

  pair.clear_log();
  ASSERT_TRUE(pair.step());  // the retry: a new transport, asked again
  ASSERT_EQ(pair.events_of<CredentialsRequired>().size(), 1u);
  pair.client.provide_credentials(pair.now, {{"token", "t1"}});
  pair.drive();
  EXPECT_EQ(pair.client.state(), State::kConnected);
}

TEST(SessionAuthEachAttemptTest, ACallbackThatNeverAnswersEndsInTheConnectTimeout) {
  std::string valid = "t1";
  Pair pair(asking_each_attempt(), accepting(&valid));
  pair.connect();
  pair.advance_by(pair.client.config().connect_timeout_ms);
  EXPECT_EQ(pair.client.state(), State::kReconnecting);
  EXPECT_EQ(pair.events_of<ReconnectScheduled>().back().reason, Reason::kConnectTimeout);
}

TEST(SessionAuthEachAttemptTest, ARefusedFreshTokenGetsOneRefreshThenUnavailableRetries) {
  std::string valid = "t2";
  Pair pair(asking_each_attempt(), accepting(&valid));
  pair.connect();
  pair.client.provide_credentials(pair.now, {{"token", "t1"}});
  pair.drive();
  const auto asked = pair.events_of<CredentialsRequired>();
  ASSERT_EQ(asked.size(), 2u);
  EXPECT_TRUE(asked[1].refused);
  EXPECT_EQ(asked[1].server_message, "expired token");
  pair.client.credentials_unavailable(pair.now, "the callback threw");
  pair.drive();
  EXPECT_EQ(pair.client.state(), State::kReconnecting);
}

TEST(SessionAuthEachAttemptTest, AnswersOutsideAnAskAreNoOps) {
  std::string valid = "t1";
  Pair pair(asking_each_attempt(), accepting(&valid));
  pair.connect();
  pair.client.provide_credentials(pair.now, {{"token", "t1"}});
  pair.drive();
  pair.clear_log();
  pair.client.credentials_unavailable(pair.now, "late");
  pair.client.provide_credentials(pair.now, {{"token", "t1"}});
  pair.drive();
  EXPECT_TRUE(pair.quiet());
  EXPECT_EQ(pair.client.state(), State::kConnected);
}

TEST(SessionAuthEachAttemptTest, DecliningBeforeTheConnectUsesTheConfiguredCredentials) {
  std::string valid = "t0";
  SessionConfig config = asking_each_attempt();
  config.auth = {{"token", "t0"}};
  Pair pair(config, accepting(&valid));
  pair.connect();
  pair.client.decline_credentials(pair.now);
  pair.drive();
  EXPECT_EQ(pair.client.state(), State::kConnected);
  EXPECT_EQ(pair.server.connect_auths.back(), (Json{{"token", "t0"}}));
}

}  // namespace
}  // namespace chatwire::testing
