// The connection inputs users asked for, as JavaScript drives them through
// the CoreApi: credentials before every attempt, an auth callback that
// fails, reconnectNow, and the disconnect grace in the configuration.
#include <gtest/gtest.h>

#include "api/core_api_driver.h"

namespace chatwire::testing {
namespace {

ServerScript accepting_token(std::string token) {
  ServerScript script;
  script.on_connect = [token = std::move(token)](const Json& auth) {
    return auth.value("token", "") == token ? ConnectReply::accept() : ConnectReply::reject("invalid token");
  };
  return script;
}

TEST(CoreApiConnection, CredentialsAreAskedBeforeEveryAttempt) {
  CoreApiDriver driver(test_core_config({{"credentialsEachAttempt", true}}), accepting_token("good"));
  driver.connect();
  ASSERT_EQ(driver.events_of("credentials").size(), 1u);
  EXPECT_EQ(driver.events_of("credentials")[0], (Json{{"type", "credentials"}, {"message", ""}, {"refused", false}}));
  driver.fold(driver.api.provide_credentials(driver.time(), R"({"token":"good"})"));
  driver.drive();
  EXPECT_EQ(driver.connection["state"], "connected");

  driver.server.drop_connection("network down");
  driver.drive();
  driver.advance_to(driver.now + 6000);
  EXPECT_EQ(driver.events_of("credentials").size(), 2u) << "asked again for the reconnection";
}

TEST(CoreApiConnection, AFailedAuthCallbackIsShownAndRetriedWithBackoff) {
  CoreApiDriver driver(test_core_config({{"credentialsEachAttempt", true}}), accepting_token("good"));
  driver.connect();
  driver.fold(driver.api.auth_failed(driver.time(), "token endpoint answered 503"));
  driver.drive();
  EXPECT_EQ(driver.connection["state"], "reconnecting");
  EXPECT_EQ(driver.connection["error"],
            (Json{{"source", "auth"}, {"code", "auth_failed"}, {"message", "token endpoint answered 503"}}));
  const auto scheduled = driver.events_of("reconnect_scheduled");
  ASSERT_EQ(scheduled.size(), 1u);
  EXPECT_EQ(scheduled[0]["reason"], "auth_unavailable");
}

TEST(CoreApiConnection, ReconnectNowOpensATransportAtOnce) {
  CoreApiDriver driver(test_core_config({{"reconnection", {{"initialDelayMs", 60000}, {"maxDelayMs", 60000}}}}));
  driver.connect();
  driver.server.drop_connection("network down");
  driver.drive();
  ASSERT_EQ(driver.connection["state"], "reconnecting");
  const std::size_t opens = driver.server.open_requests;
  driver.fold(driver.api.reconnect_now(driver.time()));
  driver.drive();
  EXPECT_EQ(driver.server.open_requests, opens + 1);
  EXPECT_EQ(driver.connection["state"], "connected");
}

TEST(CoreApiConnection, TheDisconnectGraceIsConfiguredAndChecked) {
  api::CoreApi refused(test_core_config({{"disconnectGraceMs", -1}}));
  EXPECT_NE(refused.error().find("disconnectGraceMs"), std::string::npos) << refused.error();
  api::CoreApi accepted(test_core_config({{"disconnectGraceMs", 0}}));
  EXPECT_EQ(accepted.error(), "");
}

}  // namespace
}  // namespace chatwire::testing
