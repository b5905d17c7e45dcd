// The upgrade from HTTP long-polling to a WebSocket, as Engine.IO v4 does it:
// a probe WebSocket with the sid, "2probe" answered "3probe", polling paused
// until its requests are back, "5", then everything on the WebSocket. A
// probe that fails leaves the connection on polling.
#include <gtest/gtest.h>

#include "support/pair.h"

namespace chatwire::testing {
namespace {

using session::CloseTransport;
using session::ErrorCode;
using session::HttpRequest;
using session::OpenTransport;
using session::SendFrame;
using session::TransportChanged;
using session::TransportKind;

/// Polling first (what a page remembers after a fallback), the WebSocket
/// allowed, and a server that offers the upgrade.
std::pair<SessionConfig, ServerScript> upgrade_setup() {
  SessionConfig config = test_config();
  config.transports = {TransportKind::kPolling, TransportKind::kWebSocket};
  ServerScript script;
  script.handshake.upgrades = {"websocket"};
  return {config, script};
}

std::vector<std::string> probe_frames(const Pair& pair, std::uint32_t probe) {
  std::vector<std::string> frames;
  for (const auto& action : pair.actions) {
    const auto* send = std::get_if<SendFrame>(&action);
    if (send != nullptr && send->transport == probe) frames.push_back(send->text);
  }
  return frames;
}

TEST(SessionUpgradeTest, ProbesPausesAndMovesToTheWebSocket) {
  auto [config, script] = upgrade_setup();
  Pair pair(config, script);
  pair.connect();

  ASSERT_EQ(pair.client.state(), State::kConnected);
  ASSERT_EQ(pair.count_actions<OpenTransport>(), 1u);
  const OpenTransport probe = [&] {
    for (const auto& action : pair.actions) {
      if (const auto* open = std::get_if<OpenTransport>(&action)) return *open;
    }
    return OpenTransport{};
  }();
  EXPECT_EQ(probe.query, "EIO=4&transport=websocket&sid=eio-sid");
  const auto frames = probe_frames(pair, probe.transport);
  ASSERT_GE(frames.size(), 2u);
  EXPECT_EQ(frames[0], "2probe");
  EXPECT_EQ(frames[1], "5");
  EXPECT_TRUE(pair.polling.upgraded);
  EXPECT_EQ(pair.client.transport_kind(), TransportKind::kWebSocket);
  EXPECT_FALSE(pair.client.upgrading());
  ASSERT_FALSE(pair.events_of<TransportChanged>().empty());
  EXPECT_EQ(pair.events_of<TransportChanged>().back().transport, TransportKind::kWebSocket);
  EXPECT_EQ(pair.count_actions<CloseTransport>(), 1u) << "the polling transport is let go";
}

TEST(SessionUpgradeTest, AfterTheUpgradeEverythingTravelsOnTheWebSocket) {
  auto [config, script] = upgrade_setup();
  Pair pair(config, script);
  pair.connect();
  ASSERT_TRUE(pair.polling.upgraded);
  pair.clear_log();

  auto id = pair.client.emit(pair.now, "chat", Json::array({"over ws"}), {.ack_timeout_ms = 5000});
  ASSERT_TRUE(id);
  pair.drive();
  pair.advance_by(3 * 25000);

  EXPECT_EQ(pair.count_actions<HttpRequest>(), 0u);
  EXPECT_EQ(pair.events_of<session::AckReceived>().size(), 1u);
  EXPECT_GE(pair.server.pongs_received, 2u);
  EXPECT_EQ(pair.client.state(), State::kConnected);
}

TEST(SessionUpgradeTest, ASilentProbeIsGivenUpAndPollingCarriesOn) {
  auto [config, script] = upgrade_setup();
  config.handshake_timeout_ms = 3000;
  Pair pair(config, script);
  pair.polling.probe = SocketReply::kSilent;
  pair.connect();
  ASSERT_EQ(pair.client.state(), State::kConnected);
  EXPECT_TRUE(pair.client.upgrading());

  pair.advance_by(3000);
  EXPECT_FALSE(pair.client.upgrading());
  const auto errors = pair.events_of<session::Error>();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, ErrorCode::kUpgradeFailed);
  EXPECT_EQ(pair.client.transport_kind(), TransportKind::kPolling);

  pair.clear_log();
  ASSERT_TRUE(pair.client.emit(pair.now, "chat", Json::array({"still polling"})));
  pair.drive();
  EXPECT_EQ(pair.server.events_received.size(), 1u);
  EXPECT_EQ(pair.client.state(), State::kConnected);
}

TEST(SessionUpgradeTest, ARefusedProbeLeavesTheConnectionOnPolling) {
  auto [config, script] = upgrade_setup();
  Pair pair(config, script);
  pair.polling.probe = SocketReply::kRefuse;
  pair.connect();

  EXPECT_EQ(pair.client.state(), State::kConnected);
  EXPECT_EQ(pair.client.transport_kind(), TransportKind::kPolling);
  EXPECT_FALSE(pair.client.upgrading());
  ASSERT_EQ(pair.events_of<session::Error>().size(), 1u);
  EXPECT_EQ(pair.events_of<session::Error>()[0].code, ErrorCode::kUpgradeFailed);
  pair.advance_by(3 * 25000);
  EXPECT_EQ(pair.client.state(), State::kConnected) << "polling still answers the heartbeat";
}

TEST(SessionUpgradeTest, NoProbeWhenTheWebSocketIsNotAllowed) {
  auto [config, script] = upgrade_setup();
  config.transports = {TransportKind::kPolling};
  Pair pair(config, script);
  pair.connect();
  EXPECT_EQ(pair.client.state(), State::kConnected);
  EXPECT_EQ(pair.count_actions<OpenTransport>(), 0u);
}

TEST(SessionUpgradeTest, NoProbeWhenTheServerOffersNoUpgrade) {
  auto [config, script] = upgrade_setup();
  script.handshake.upgrades = {};
  Pair pair(config, script);
  pair.connect();
  EXPECT_EQ(pair.client.state(), State::kConnected);
  EXPECT_EQ(pair.count_actions<OpenTransport>(), 0u);
}

TEST(SessionUpgradeTest, ALossDuringTheProbeClosesTheProbeToo) {
  auto [config, script] = upgrade_setup();
  Pair pair(config, script);
  pair.polling.probe = SocketReply::kSilent;
  pair.connect();
  ASSERT_TRUE(pair.client.upgrading());
  pair.server.drop_connection();
  pair.drive();
  EXPECT_FALSE(pair.client.upgrading());
  EXPECT_EQ(pair.client.state(), State::kReconnecting);
}

}  // namespace
}  // namespace chatwire::testing
