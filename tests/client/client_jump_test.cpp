// A detached window through the whole client against the scripted native
// backend, frame by frame: `history {around}` on the wire, and a window that
// outlives a reconnect while the live run resumes and catches up below it.
#include <gtest/gtest.h>

#include "support/chat_harness.h"
#include "support/native_fixture.h"

// Its own namespace: the unity build puts every file of tests/client in one
// translation unit.
namespace chatwire::testing::client_jump {
namespace {

const chat::User kBob{"u2", "Bob"};

TEST(ClientJump, AWindowOnTheWireOutlivesAReconnect) {
  NativeFixture f("");
  std::vector<chat::Message> posted;
  for (int i = 0; i < 200; ++i) posted.push_back(f.backend.post_while_away("lobby", kBob, "old"));
  f.join("lobby");
  const chat::Room& lobby = f.pair.room("lobby");
  ASSERT_EQ(seqs_of(lobby.messages()), seqs_between(151, 200));

  const auto jumped = f.pair.client.jump_to(f.pair.now, "lobby", posted[99].id);
  ASSERT_TRUE(jumped.ok() && jumped->request);
  f.pair.drive();
  const BackendRequest& asked = f.backend.requests.back();
  EXPECT_EQ(asked.name, "history");
  EXPECT_EQ(asked.args.at(0), (Json{{"room", "lobby"}, {"around", posted[99].id}, {"limit", 50}}));
  ASSERT_TRUE(lobby.detached());
  EXPECT_EQ(seqs_of(lobby.shown_messages()), seqs_between(76, 125));

  // Away while the others talk: the rejoin resumes the live run, not the window.
  f.cut();
  for (int i = 0; i < 3; ++i) f.backend.post_while_away("lobby", kBob, "while away");
  f.restore();
  ASSERT_TRUE(lobby.joined());
  EXPECT_TRUE(lobby.detached());
  EXPECT_EQ(seqs_of(lobby.shown_messages()), seqs_between(76, 125));
  EXPECT_EQ(seqs_of(lobby.messages()), seqs_between(151, 203));
  bool resumed = false;
  for (const BackendRequest& request : f.backend.requests) {
    if (request.name == "join" && request.args.at(0).value("since", 0) == 200) resumed = true;
  }
  EXPECT_TRUE(resumed) << "join {since: 200}";

  // The window pages on to the live run and the two become one.
  for (int page = 0; page < 2 && lobby.detached(); ++page) {
    ASSERT_TRUE(f.pair.client.load_newer(f.pair.now, "lobby", 0).ok());
    f.pair.drive();
  }
  EXPECT_FALSE(lobby.detached());
  EXPECT_EQ(seqs_of(lobby.shown_messages()), seqs_between(76, 203));
  EXPECT_TRUE(f.pair.events_of<ProtocolWarning>().empty());
}

}  // namespace
}  // namespace chatwire::testing::client_jump
