// Two clients of different users on one in-memory server: the second
// NativeBackend shares the first one's world (rooms, messages, ids), and
// what either changes reaches the other's connection as a push.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/client_pair.h"
#include "support/native_backend.h"

namespace chatwire::testing {
namespace {

const chat::User kGrace{"u2", "Grace"};

ClientConfig signed_in_as(const chat::User& user) {
  ClientConfig config = test_client_config();
  config.chat.self = user;
  return config;
}

class TwoUsers : public ::testing::Test {
 protected:
  TwoUsers() {
    for (ClientPair* pair : {&ada, &grace}) {
      pair->connect();
      EXPECT_TRUE(pair->client.join(pair->now, "lobby").ok());
      pair->drive();
    }
  }

  /// The id the server gave the room's message at `index`.
  std::string id_at(std::size_t index) const { return ada_backend.messages("lobby").at(index).id; }

  NativeBackend ada_backend;
  NativeBackend grace_backend{kGrace, ada_backend};
  // Both clients draw their client and op ids from the same seed: the server
  // must keep them apart by user.
  ClientPair ada{preset("chatwire"), ada_backend.script()};
  ClientPair grace{preset("chatwire"), grace_backend.script(), signed_in_as(kGrace)};
};

TEST_F(TwoUsers, ASendIsStoredOnceAndReachesTheOtherConnectionWhenItIsDriven) {
  ASSERT_TRUE(grace.client.send(grace.now, "lobby", "hi Ada").ok());
  grace.drive();
  EXPECT_TRUE(ada.texts("lobby").empty());  // still on its way to Ada
  ada.drive();
  EXPECT_EQ(ada.texts("lobby"), std::vector<std::string>{"hi Ada"});
  ASSERT_EQ(grace_backend.messages("lobby").size(), 1u);
  EXPECT_EQ(ada_backend.messages("lobby").at(0).author, kGrace);
}

TEST_F(TwoUsers, ReactionsOfBothUsersUnderTheSameOpIdsAreTwoChanges) {
  ASSERT_TRUE(ada.client.send(ada.now, "lobby", "hello").ok());
  ada.drive();
  grace.drive();
  ASSERT_TRUE(ada.client.react(ada.now, "lobby", id_at(0), "\xf0\x9f\x91\x8d", true).ok());
  ASSERT_TRUE(grace.client.react(grace.now, "lobby", id_at(0), "\xf0\x9f\x91\x8d", true).ok());
  ada.drive();
  grace.drive();
  ada.drive();

  const chat::Message stored = ada_backend.messages("lobby").at(0);
  ASSERT_EQ(stored.reactions.size(), 1u);
  EXPECT_EQ(stored.reactions[0].users, (std::vector<std::string>{"u1", "u2"}));
  EXPECT_EQ(ada_backend.duplicate_ops + grace_backend.duplicate_ops, 0u);
  for (const ClientPair* pair : {&ada, &grace}) {
    const chat::Reaction& shown = pair->room("lobby").messages().at(0).reactions.at(0);
    EXPECT_EQ(shown.count, 2u);
    EXPECT_TRUE(shown.mine);
  }
}

TEST_F(TwoUsers, AStoredReplysPreviewFollowsItsParentWithoutANewVersion) {
  ASSERT_TRUE(ada.client.send(ada.now, "lobby", "hello").ok());
  ada.drive();
  grace.drive();
  ASSERT_TRUE(grace.client.send(grace.now, "lobby", "me too", {}, id_at(0)).ok());
  grace.drive();
  ada.drive();

  ASSERT_TRUE(ada.client.edit(ada.now, "lobby", id_at(0), "hello all").ok());
  ada.drive();
  chat::Message reply = ada_backend.messages("lobby").at(1);
  ASSERT_TRUE(reply.reply_to);
  EXPECT_EQ(*reply.reply_to, (chat::ReplyTo{id_at(0), test_user(), "hello all", false}));
  EXPECT_EQ(reply.version, 1u);

  ASSERT_TRUE(ada.client.remove(ada.now, "lobby", id_at(0)).ok());
  ada.drive();
  reply = ada_backend.messages("lobby").at(1);
  EXPECT_EQ(*reply.reply_to, (chat::ReplyTo{id_at(0), test_user(), "", true}));
  EXPECT_EQ(reply.version, 1u);
}

}  // namespace
}  // namespace chatwire::testing
