// ConnectionPanel: what a connection status bar shows, derived from the
// client's events (state, the last error since the last connect, the
// countdown to the next attempt), and how answers carry it: only when it
// changed.
#include "api/connection_panel.h"

#include <gtest/gtest.h>

#include "api/core_api_driver.h"

namespace chatwire::testing {
namespace {

using session::Reason;
using session::State;

Json panel_json(const api::ConnectionPanel& panel) {
  return written([&](api::JsonWriter& out) { panel.write(out); });
}

Json panel(const char* state, const Json& error = nullptr, const Json& reconnect_at = nullptr,
           std::uint32_t attempt = 0, const Json& transport = nullptr) {
  return Json{{"state", state},
              {"error", error},
              {"reconnectAt", reconnect_at},
              {"reconnectAttempt", attempt},
              {"transport", transport}};
}

ClientEvent state_to(State from, State to, Reason reason = Reason::kUserConnect) {
  return session::StateChanged{from, to, reason, ""};
}

TEST(ConnectionPanel, StartsIdleWithoutError) {
  const api::ConnectionPanel fresh;
  EXPECT_EQ(panel_json(fresh), panel("idle"));
  EXPECT_EQ(fresh.state(), State::kIdle);
}

TEST(ConnectionPanel, FollowsTheStateAndClearsTheErrorOnConnect) {
  api::ConnectionPanel p;
  EXPECT_TRUE(p.update(state_to(State::kIdle, State::kConnecting)));
  EXPECT_EQ(panel_json(p), panel("connecting"));

  EXPECT_TRUE(p.update(session::Error{session::ErrorCode::kInvalidHandshake, "no answer", std::nullopt}));
  const Json error{{"source", "connection"}, {"code", "invalid_handshake"}, {"message", "no answer"}};
  EXPECT_EQ(panel_json(p), panel("connecting", error));
  EXPECT_TRUE(p.update(state_to(State::kConnecting, State::kReconnecting, Reason::kConnectTimeout)));
  EXPECT_EQ(panel_json(p)["error"], error) << "the error stays until a connect succeeds";

  EXPECT_TRUE(p.update(state_to(State::kReconnecting, State::kConnected, Reason::kNamespaceConnected)));
  EXPECT_EQ(panel_json(p), panel("connected")) << "connected: the error is over";
  EXPECT_EQ(p.state(), State::kConnected);

  EXPECT_TRUE(p.update(session::Error{session::ErrorCode::kMalformedFrame, "bad", std::nullopt}));
  EXPECT_EQ(panel_json(p)["error"]["code"], "malformed_frame") << "an error while connected shows too";
  EXPECT_TRUE(p.update(state_to(State::kConnected, State::kFailed, Reason::kServerDisconnected)));
  EXPECT_EQ(panel_json(p)["error"]["code"], "malformed_frame") << "failing keeps the last error";
  EXPECT_EQ(panel_json(p)["state"], "failed");
}

TEST(ConnectionPanel, TheCountdownShowsOnlyWhileReconnectingAndTheAttemptsStartOverOnConnect) {
  api::ConnectionPanel p;
  p.update(state_to(State::kIdle, State::kConnecting));
  p.update(state_to(State::kConnecting, State::kConnected, Reason::kNamespaceConnected));
  EXPECT_TRUE(p.update(state_to(State::kConnected, State::kReconnecting, Reason::kTransportClosed)));
  EXPECT_TRUE(p.update(session::ReconnectScheduled{1, 800, 10'800, Reason::kTransportClosed, "reset"}));
  EXPECT_EQ(panel_json(p), panel("reconnecting", nullptr, 10'800, 1));

  EXPECT_TRUE(p.update(state_to(State::kReconnecting, State::kConnecting, Reason::kBackoffElapsed)));
  EXPECT_EQ(panel_json(p), panel("connecting", nullptr, nullptr, 1))
      << "no countdown while the attempt runs; the attempt number stays";

  EXPECT_TRUE(p.update(state_to(State::kConnecting, State::kReconnecting, Reason::kTransportClosed)));
  EXPECT_TRUE(p.update(session::ReconnectScheduled{2, 1900, 13'000, Reason::kTransportClosed, ""}));
  EXPECT_EQ(panel_json(p), panel("reconnecting", nullptr, 13'000, 2));

  EXPECT_TRUE(p.update(session::ReconnectDeferred{3}));
  EXPECT_EQ(panel_json(p), panel("reconnecting", nullptr, nullptr, 3)) << "waits for the network, not a time";

  EXPECT_TRUE(p.update(session::ReconnectScheduled{3, 0, 20'000, Reason::kTransportClosed, ""}));
  EXPECT_TRUE(p.update(state_to(State::kReconnecting, State::kDisconnected, Reason::kUserDisconnect)));
  EXPECT_EQ(panel_json(p), panel("disconnected", nullptr, nullptr, 3)) << "no countdown once disconnected";

  p.update(state_to(State::kDisconnected, State::kConnecting));
  EXPECT_TRUE(p.update(state_to(State::kConnecting, State::kConnected, Reason::kNamespaceConnected)));
  EXPECT_EQ(panel_json(p), panel("connected")) << "the attempt count starts over";
}

TEST(ConnectionPanel, ShowsTheTransportOnceConnectedAndAfterAnUpgrade) {
  api::ConnectionPanel p;
  p.update(state_to(State::kIdle, State::kConnecting));
  EXPECT_TRUE(p.update(session::TransportChanged{session::TransportKind::kPolling}));
  EXPECT_EQ(panel_json(p), panel("connecting", nullptr, nullptr, 0, "polling"));
  EXPECT_FALSE(p.update(session::TransportChanged{session::TransportKind::kPolling})) << "no change, no answer";
  EXPECT_TRUE(p.update(session::TransportChanged{session::TransportKind::kWebSocket}));
  EXPECT_EQ(panel_json(p)["transport"], "websocket");
}

TEST(ConnectionPanel, AuthFailuresShowAsTheErrorAndOtherEventsChangeNothing) {
  api::ConnectionPanel p;
  EXPECT_TRUE(p.auth_failed("token endpoint: 503"));
  EXPECT_EQ(panel_json(p),
            panel("idle", {{"source", "auth"}, {"code", "auth_failed"}, {"message", "token endpoint: 503"}}));
  EXPECT_TRUE(p.auth_failed("again")) << "always a change";

  const Json before = panel_json(p);
  EXPECT_FALSE(p.update(chat::RoomChanged{"lobby", chat::kChangeMessages}));
  EXPECT_FALSE(p.update(session::CredentialsRequired{"invalid token"}));
  EXPECT_FALSE(p.update(chat::Discontinuity{"lobby"}));
  EXPECT_FALSE(p.update(chat::HistoryLoaded{"lobby", 3, 0}));
  EXPECT_FALSE(p.update(ProtocolWarning{ProtocolWarning::Kind::kUnknownEvent, "x", "unknown"}));
  EXPECT_EQ(panel_json(p), before);

  p.update(session::Error{session::ErrorCode::kConnectRejected, "invalid token", std::nullopt});
  EXPECT_EQ(panel_json(p)["error"]["source"], "connection") << "the latest error wins";
}

// ---- through the answers ----------------------------------------------------------

TEST(ConnectionPanelAnswers, ThePanelCrossesOnlyWhenItChanged) {
  NativeCore f;
  ASSERT_EQ(f.driver.connection, panel("connected", nullptr, nullptr, 0, "websocket"));
  std::size_t carried = 0;
  for (const Json& answer : f.driver.answers) carried += answer.contains("connection") ? 1 : 0;
  EXPECT_EQ(carried, 2u) << "connecting, then connected: the frames in between said nothing of it";

  const std::size_t before = f.driver.answers.size();
  f.join("lobby");
  f.backend.post("lobby", kBob, "hi");
  f.driver.drive();
  for (std::size_t i = before; i < f.driver.answers.size(); ++i) {
    EXPECT_FALSE(f.driver.answers[i].contains("connection")) << f.driver.answers[i];
  }
}

TEST(ConnectionPanelAnswers, ReconnectingShowsTheCountdownAndConnectingEndsIt) {
  NativeCore f;
  f.driver.server.drop_connection("network down");
  f.driver.drive();
  const Json during = f.driver.connection;
  EXPECT_EQ(during["state"], "reconnecting");
  EXPECT_EQ(during["reconnectAttempt"], 1);
  ASSERT_TRUE(during["reconnectAt"].is_number_integer()) << during;
  EXPECT_EQ(during["reconnectAt"], f.driver.events_of("reconnect_scheduled").back()["atMs"]);
  EXPECT_EQ(f.driver.deadline, during["reconnectAt"]);

  f.driver.advance_to(during["reconnectAt"].get<std::int64_t>());
  EXPECT_EQ(f.driver.connection, panel("connected", nullptr, nullptr, 0, "websocket"));
}

TEST(ConnectionPanelAnswers, ARefusalShowsUntilTheNextConnectAndAuthFailedShowsAtOnce) {
  ServerScript script;
  script.on_connect = [](const Json& auth) {
    return auth.value("token", "") == "good" ? ConnectReply::accept() : ConnectReply::reject("invalid token");
  };
  CoreApiDriver driver(
      test_core_config({{"auth", {{"token", "stale"}}}, {"refreshCredentialsOnReject", true}}), script);
  const Json answer = driver.fold(driver.api.auth_failed(driver.time(), "the token callback threw"));
  EXPECT_EQ(
      answer["connection"],
      panel("idle", {{"source", "auth"}, {"code", "auth_failed"}, {"message", "the token callback threw"}}));
  EXPECT_FALSE(answer.contains("events")) << "the panel says it; no event";

  driver.connect();
  EXPECT_EQ(driver.connection["error"]["source"], "connection");
  EXPECT_EQ(driver.connection["error"]["code"], "connect_rejected");
  EXPECT_EQ(driver.connection["error"]["message"], "invalid token");

  driver.fold(driver.api.provide_credentials(driver.time(), R"({"token":"good"})"));
  driver.drive();
  EXPECT_EQ(driver.connection, panel("connected", nullptr, nullptr, 0, "websocket"));
}

}  // namespace
}  // namespace chatwire::testing
