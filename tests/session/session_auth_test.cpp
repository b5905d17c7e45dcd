// Namespace CONNECT with credentials: rejection, one refresh, never a loop.
#include <gtest/gtest.h>

#include "support/pair.h"

namespace chatwire::testing {
namespace {

using session::CredentialsRequired;
using session::Reason;
using session::StateChanged;

/// A server that accepts only {"token": <valid>}.
ServerScript accepting_token(std::string valid) {
  ServerScript script;
  script.on_connect = [valid = std::move(valid)](const Json& auth) {
    if (json_util::get_string(auth, "token") == valid) return ConnectReply::accept();
    return ConnectReply::reject("invalid token");
  };
  return script;
}

SessionConfig with_token(std::string token, bool refresh) {
  SessionConfig config = test_config();
  config.auth = {{"token", std::move(token)}};
  config.refresh_credentials_on_reject = refresh;
  return config;
}

TEST(SessionAuthTest, RejectionFailsWithTheServersReason) {
  Pair pair(with_token("stale", /*refresh=*/false), accepting_token("fresh"));
  pair.connect();
  EXPECT_EQ(pair.client.state(), State::kFailed);
  const auto change = pair.events_of<StateChanged>().back();
  EXPECT_EQ(change.reason, Reason::kConnectRejected);
  EXPECT_EQ(change.detail, "invalid token");
  EXPECT_EQ(pair.events_of<session::Error>().back().code, session::ErrorCode::kConnectRejected);
  EXPECT_EQ(pair.server.client_closes, 1u);

  const auto opens = pair.server.open_requests;
  pair.advance_by(3'600'000);
  EXPECT_EQ(pair.server.open_requests, opens) << "a rejection is not retried";
}

TEST(SessionAuthTest, FreshCredentialsRetryOnceAndSucceed) {
  Pair pair(with_token("stale", /*refresh=*/true), accepting_token("fresh"));
  pair.connect();
  const auto asked = pair.events_of<CredentialsRequired>();
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0].server_message, "invalid token");
  EXPECT_EQ(pair.client.state(), State::kConnecting) << "still connecting while the app fetches a token";

  pair.client.provide_credentials(pair.now, {{"token", "fresh"}});
  pair.drive();
  EXPECT_EQ(pair.client.state(), State::kConnected);
  ASSERT_EQ(pair.server.connect_auths.size(), 2u);
  EXPECT_EQ(pair.server.connect_auths[1], (Json{{"token", "fresh"}}));
  EXPECT_EQ(pair.server.connections_accepted, 1u) << "the retry reuses the open transport";
}

TEST(SessionAuthTest, ASecondRejectionFailsInsteadOfLooping) {
  Pair pair(with_token("stale", /*refresh=*/true), accepting_token("never"));
  pair.connect();
  pair.client.provide_credentials(pair.now, {{"token", "still-wrong"}});
  pair.drive();
  pair.advance_by(3'600'000);
  EXPECT_EQ(pair.client.state(), State::kFailed);
  EXPECT_EQ(pair.events_of<CredentialsRequired>().size(), 1u);
  EXPECT_EQ(pair.server.connect_auths.size(), 2u);
  EXPECT_EQ(pair.server.open_requests, 1u);
}

TEST(SessionAuthTest, DecliningCredentialsFails) {
  Pair pair(with_token("stale", /*refresh=*/true), accepting_token("fresh"));
  pair.connect();
  pair.client.decline_credentials(pair.now);
  pair.drive();
  EXPECT_EQ(pair.client.state(), State::kFailed);
  EXPECT_EQ(pair.events_of<StateChanged>().back().detail, "invalid token");
}

TEST(SessionAuthTest, CredentialAnswersOutsideARequestAreNoOps) {
  Pair pair(with_token("fresh", /*refresh=*/true), accepting_token("fresh"));
  pair.connect();
  pair.clear_log();
  pair.client.provide_credentials(pair.now, {{"token", "other"}});
  pair.client.decline_credentials(pair.now);
  pair.drive();
  EXPECT_TRUE(pair.quiet());
  EXPECT_EQ(pair.client.state(), State::kConnected);
}

TEST(SessionAuthTest, AnUnansweredRequestEndsAtTheConnectTimeout) {
  Pair pair(with_token("stale", /*refresh=*/true), accepting_token("fresh"));
  pair.connect();
  pair.advance_to(20'000);
  EXPECT_EQ(pair.client.state(), State::kReconnecting);
  EXPECT_EQ(pair.events_of<StateChanged>().back().reason, Reason::kConnectTimeout);
}

TEST(SessionAuthTest, ATokenThatExpiresLaterMayBeRefreshedAgain) {
  // One refresh per rejection: after a successful connect, a later rejection
  // (the token expired during a long session) may ask again.
  Pair pair(with_token("t1", /*refresh=*/true), accepting_token("t1"));
  pair.connect();
  ASSERT_EQ(pair.client.state(), State::kConnected);

  pair.server.script = accepting_token("t2");
  pair.server.drop_connection();
  pair.drive();
  while (pair.events_of<CredentialsRequired>().empty()) ASSERT_TRUE(pair.step());
  pair.client.provide_credentials(pair.now, {{"token", "t2"}});
  pair.drive();
  EXPECT_EQ(pair.client.state(), State::kConnected);
}

TEST(SessionAuthTest, SetAuthAppliesToTheNextConnect) {
  Pair pair(with_token("t1", /*refresh=*/false), accepting_token("t2"));
  pair.client.set_auth({{"token", "t2"}});
  pair.connect();
  EXPECT_EQ(pair.client.state(), State::kConnected);
}

}  // namespace
}  // namespace chatwire::testing
