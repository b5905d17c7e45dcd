// Socket.IO connection state recovery through the session: the pid of the
// CONNECT answer, the offset taken off each event before anyone reads it,
// and both offered again in the CONNECT of the next connection.
#include <gtest/gtest.h>

#include "support/pair.h"

namespace chatwire::testing {
namespace {

using session::ServerEvent;
using session::StateChanged;

/// A server with connectionStateRecovery: every CONNECT is answered with a
/// pid; `same_pid` false gives a new one each time (it lost the session).
ServerScript recovering_server(bool same_pid = true) {
  ServerScript script;
  script.on_connect = [same_pid, n = 0](const Json&) mutable {
    return ConnectReply::accept_with_pid(same_pid ? "pid-1" : "pid-" + std::to_string(++n));
  };
  return script;
}

TEST(SessionRecoveryTest, TheOffsetIsTakenOffBeforeTheEventIsReported) {
  Pair pair(test_config(), recovering_server());
  pair.connect();
  pair.server.send_raw(R"(42["message",{"text":"hi"},"1700000000000-0"])");
  pair.drive();
  const auto events = pair.events_of<ServerEvent>();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].name, "message");
  EXPECT_EQ(events[0].args_json, R"([{"text":"hi"}])") << "the event exactly as without recovery";
  EXPECT_EQ(pair.client.recovery().last_offset(), "1700000000000-0");
}

TEST(SessionRecoveryTest, WithoutAPidATrailingStringIsARealArgument) {
  Pair pair;
  pair.connect();
  pair.server.send_raw(R"(42["typing","room-1","ada"])");
  pair.drive();
  const auto events = pair.events_of<ServerEvent>();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].args_json, R"(["room-1","ada"])");
  EXPECT_EQ(pair.client.recovery().pid(), "");
}

TEST(SessionRecoveryTest, AnEventAskingForAnAckKeepsItsLastArgument) {
  Pair pair(test_config(), recovering_server());
  pair.connect();
  pair.server.send_raw(R"(427["question","what?"])");
  pair.drive();
  const auto events = pair.events_of<ServerEvent>();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].args_json, R"(["what?"])");
  EXPECT_EQ(pair.client.recovery().last_offset(), std::nullopt);
}

TEST(SessionRecoveryTest, EventsBeforeTheConnectAnswerAreStrippedToo) {
  // A recovering server replays what was missed before its CONNECT answer.
  SessionConfig config = test_config();
  Pair pair(config, recovering_server());
  pair.connect();
  pair.server.drop_connection();
  pair.drive();
  pair.server.script.on_connect = [&pair](const Json&) {
    pair.server.send_raw(R"(42["message",{"seq":7},"o-7"])");
    return ConnectReply::accept_with_pid("pid-1");
  };
  pair.clear_log();
  pair.advance_by(10'000);
  ASSERT_EQ(pair.client.state(), State::kConnected);
  const auto events = pair.events_of<ServerEvent>();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].args_json, R"([{"seq":7}])");
  EXPECT_EQ(pair.client.recovery().last_offset(), "o-7");
}

TEST(SessionRecoveryTest, TheNextConnectOffersPidAndLastOffsetWithTheUsersAuth) {
  SessionConfig config = test_config();
  config.auth = {{"token", "t"}};
  Pair pair(config, recovering_server());
  pair.connect();
  EXPECT_EQ(pair.server.connect_auths.back(), (Json{{"token", "t"}})) << "a first CONNECT has nothing to recover";
  pair.server.send_raw(R"(42["message",{"n":1},"o-1"])");
  pair.server.send_raw(R"(42["message",{"n":2},"o-2"])");
  pair.drive();

  pair.server.drop_connection();
  pair.drive();
  pair.clear_log();
  pair.advance_by(10'000);
  ASSERT_EQ(pair.client.state(), State::kConnected);
  ASSERT_EQ(pair.server.connect_auths.size(), 2u);
  EXPECT_EQ(pair.server.connect_auths[1], (Json{{"pid", "pid-1"}, {"offset", "o-2"}, {"token", "t"}}));
  EXPECT_TRUE(pair.client.recovered());
  EXPECT_EQ(pair.events_of<StateChanged>().back().detail, "recovered");
}

TEST(SessionRecoveryTest, ANewPidMeansNotRecovered) {
  Pair pair(test_config(), recovering_server(/*same_pid=*/false));
  pair.connect();
  pair.server.send_raw(R"(42["message",{"n":1},"o-1"])");
  pair.drive();
  pair.server.drop_connection();
  pair.drive();
  pair.clear_log();
  pair.advance_by(10'000);
  ASSERT_EQ(pair.client.state(), State::kConnected);
  EXPECT_EQ(pair.server.connect_auths.back(), (Json{{"pid", "pid-1"}, {"offset", "o-1"}}));
  EXPECT_FALSE(pair.client.recovered());
  EXPECT_EQ(pair.events_of<StateChanged>().back().detail, "");
  EXPECT_EQ(pair.client.recovery().pid(), "pid-2");
  EXPECT_EQ(pair.client.recovery().last_offset(), std::nullopt);
}

TEST(SessionRecoveryTest, ADeliberateDisconnectLeavesNothingToRecover) {
  Pair pair(test_config(), recovering_server());
  pair.connect();
  pair.server.send_raw(R"(42["message",{"n":1},"o-1"])");
  pair.drive();
  pair.client.disconnect(pair.now);
  pair.drive();
  pair.connect();
  ASSERT_EQ(pair.server.connect_auths.size(), 2u);
  EXPECT_EQ(pair.server.connect_auths[1], Json()) << "a bare CONNECT: the server dropped that session";
  EXPECT_FALSE(pair.client.recovered());
}

TEST(SessionRecoveryTest, AServerThatStopsRecoveringIsNotOfferedAPid) {
  Pair pair(test_config(), recovering_server());
  pair.connect();
  pair.server.send_raw(R"(42["message",{"n":1},"o-1"])");
  pair.drive();
  pair.server.script.on_connect = [](const Json&) { return ConnectReply::accept(); };  // restarted without it
  pair.server.drop_connection();
  pair.drive();
  pair.advance_by(10'000);
  ASSERT_EQ(pair.client.state(), State::kConnected);
  pair.clear_log();
  pair.server.send_raw(R"(42["message",{"n":2},"a real argument"])");
  pair.drive();
  const auto events = pair.events_of<ServerEvent>();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].args_json, R"([{"n":2},"a real argument"])");

  pair.server.drop_connection();
  pair.drive();
  pair.advance_by(10'000);
  ASSERT_EQ(pair.server.connect_auths.size(), 3u);
  EXPECT_EQ(pair.server.connect_auths[2], Json()) << "the pid of a session that server forgot is not offered";
}

}  // namespace
}  // namespace chatwire::testing
