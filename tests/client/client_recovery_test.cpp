// The whole client against a native backend with Socket.IO's connection
// state recovery on: every broadcast carries an offset the dialect must
// never see, and a reconnection the server cannot recover (it kept nothing,
// as after a node crash) is still caught up by seq.
#include <gtest/gtest.h>

#include "support/client_pair.h"
#include "support/native_backend.h"

// Its own namespace: the unity builds (Wasm, CI) put this file beside the
// other client tests in one translation unit.
namespace chatwire::testing::client_recovery {
namespace {

const chat::User kBob{"u2", "Bob"};

struct RecoveringFixture {
  NativeBackend backend;
  ClientPair pair;

  RecoveringFixture() : pair(preset("chatwire"), with_recovery(backend)) {
    backend.clock = [this] { return pair.now; };
    pair.connect();
    EXPECT_TRUE(pair.client.join(pair.now, "lobby").ok());
    pair.drive();
  }

  static ServerScript with_recovery(NativeBackend& backend) {
    ServerScript script = backend.script();
    script.recovery_pid = "pid-1";
    return script;
  }
};

TEST(ClientRecovery, OffsetsNeverReachTheDialect) {
  RecoveringFixture f;
  f.backend.post_many("lobby", kBob, 3);
  f.pair.drive();
  EXPECT_EQ(f.pair.texts("lobby"), (std::vector<std::string>{"message 1", "message 2", "message 3"}));
  EXPECT_TRUE(f.pair.events_of<ProtocolWarning>().empty()) << "no event read as malformed";
  EXPECT_TRUE(f.pair.events_of<session::Error>().empty());
  const auto offset = f.pair.client.session().recovery().last_offset();
  ASSERT_TRUE(offset.has_value());
  EXPECT_EQ(offset->rfind("offset-", 0), 0u) << *offset;
}

TEST(ClientRecovery, AnUnrecoveredReconnectionIsCaughtUpBySeq) {
  RecoveringFixture f;
  f.backend.post_many("lobby", kBob, 2);
  f.pair.drive();
  const std::optional<std::string> offset = f.pair.client.session().recovery().last_offset();
  ASSERT_TRUE(offset.has_value());
  f.pair.server.script.accept_transport = false;
  f.pair.server.drop_connection("node crashed");
  f.pair.drive();
  for (int i = 0; i < 5; ++i) f.backend.post_while_away("lobby", kBob, "missed " + std::to_string(i));
  f.pair.server.script.recovery_pid = "pid-2";  // another node: a new session, nothing replayed
  f.pair.server.script.accept_transport = true;
  f.pair.advance_by(6000);

  ASSERT_EQ(f.pair.client.session().state(), session::State::kConnected);
  EXPECT_EQ(f.pair.server.connect_auths.back(), (Json{{"pid", "pid-1"}, {"offset", *offset}}))
      << "the session was offered for recovery";
  EXPECT_FALSE(f.pair.client.session().recovered());
  const auto& store = f.pair.room("lobby").messages();
  ASSERT_EQ(store.size(), 7u);
  for (std::size_t i = 0; i < store.size(); ++i) EXPECT_EQ(store.at(i).seq, std::optional<std::int64_t>(i + 1));
  EXPECT_TRUE(f.pair.events_of<ProtocolWarning>().empty());
}

}  // namespace
}  // namespace chatwire::testing::client_recovery
