// Edits, deletes, reactions and catch-up through the whole client against
// the scripted native backend, frame by frame: each operation applied once
// whatever the connection does, what was missed while away caught up on
// the rejoin, and pushes the client cannot use dropped without harm.
#include <gtest/gtest.h>

#include "support/native_fixture.h"

// Its own namespace: the unity build puts every file of tests/client in one
// translation unit.
namespace chatwire::testing::client_changes {
namespace {

const chat::User kBob{"u2", "Bob"};

const chat::Message& message_at(const NativeFixture& f, std::size_t index) {
  return f.pair.room("lobby").messages().at(index);
}

TEST(ClientChanges, EditReactAndDeleteReachTheServerAndSettle) {
  NativeFixture f;
  const chat::Message bob = f.backend.post("lobby", kBob, "hi Ada");
  f.pair.drive();
  auto sent = f.pair.client.send(f.pair.now, "lobby", "helo", {}, bob.id);
  ASSERT_TRUE(sent.ok());
  f.pair.drive();
  ASSERT_TRUE(f.pair.client.edit(f.pair.now, "lobby", *sent, "hello").ok());
  ASSERT_TRUE(f.pair.client.react(f.pair.now, "lobby", bob.id, "\xf0\x9f\x91\x8b", true).ok());
  f.pair.drive();

  const auto stored = f.backend.messages("lobby");
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[1].text, "hello");
  ASSERT_TRUE(stored[1].reply_to);
  EXPECT_EQ(stored[1].reply_to->id, bob.id);
  ASSERT_EQ(stored[0].reactions.size(), 1u);
  EXPECT_EQ(f.pair.texts("lobby"), (std::vector<std::string>{"hi Ada", "hello"}));
  EXPECT_EQ(message_at(f, 1).pending_ops, 0);
  EXPECT_EQ(message_at(f, 1).version, 2u);
  ASSERT_TRUE(message_at(f, 1).reply_to);
  EXPECT_EQ(message_at(f, 1).reply_to->excerpt, "hi Ada");
  ASSERT_EQ(message_at(f, 0).reactions.size(), 1u);
  EXPECT_TRUE(message_at(f, 0).reactions[0].mine);

  ASSERT_TRUE(f.pair.client.remove(f.pair.now, "lobby", *sent).ok());
  f.pair.drive();
  EXPECT_TRUE(f.backend.messages("lobby")[1].deleted);
  EXPECT_TRUE(message_at(f, 1).deleted);
  EXPECT_EQ(message_at(f, 1).text, "");
  EXPECT_TRUE(f.pair.events_of<ProtocolWarning>().empty());
}

TEST(ClientChanges, AReplysPreviewFollowsItsParentsEditAndDeleteByAnotherUser) {
  // Found by convergence_fuzz: the server makes a reply's preview from its
  // parent as it is whenever it sends the reply, and pushes no change of the
  // reply when the parent changes, so a client that kept the preview it was
  // first sent showed another text than a client that loaded the reply later.
  NativeFixture f;
  const chat::Message bob = f.backend.post("lobby", kBob, "hi Ada");
  f.pair.drive();
  ASSERT_TRUE(f.pair.client.send(f.pair.now, "lobby", "hi Bob", {}, bob.id).ok());
  f.pair.drive();
  (void)f.pair.client.take_message_changes("lobby");

  f.backend.change("lobby", bob.id, [&](chat::Message& m) {
    m.text = "hi all";
    m.edited_at_ms = f.pair.now;
  });
  f.pair.drive();
  ASSERT_TRUE(message_at(f, 1).reply_to);
  EXPECT_EQ(*message_at(f, 1).reply_to, *f.backend.messages("lobby")[1].reply_to);
  EXPECT_EQ(message_at(f, 1).reply_to->excerpt, "hi all");
  EXPECT_EQ(f.pair.client.take_message_changes("lobby").upserts, (std::vector<std::size_t>{0, 1}));

  f.backend.change("lobby", bob.id, [](chat::Message& m) {
    m.deleted = true;
    m.text.clear();
  });
  f.pair.drive();
  EXPECT_EQ(*message_at(f, 1).reply_to, (chat::ReplyTo{bob.id, kBob, "", true}));
  EXPECT_EQ(*message_at(f, 1).reply_to, *f.backend.messages("lobby")[1].reply_to);
}

TEST(ClientChanges, AChangePushedBeforeThePageThatBringsItsMessageIsNotLost) {
  // Found by convergence_fuzz: the server read the join's page, then pushed
  // a later change of one of its messages before it answered the join; the
  // client, not holding the message yet, dropped the change, then took the
  // page's older copy and kept it while connected.
  NativeFixture f;
  f.cut();
  const chat::Message bob = f.backend.post_while_away("lobby", kBob, "hello");
  f.backend.hold_acks_for("join");
  f.restore();
  f.backend.change("lobby", bob.id, [](chat::Message& m) {
    m.deleted = true;
    m.text.clear();
  });
  f.pair.drive();
  f.backend.clear_faults();
  ASSERT_EQ(f.backend.release_held_acks(), 1u);
  f.pair.drive();

  ASSERT_EQ(f.pair.room("lobby").messages().size(), 1u);
  EXPECT_TRUE(message_at(f, 0).deleted);
  EXPECT_EQ(message_at(f, 0).version, 2u);
  EXPECT_TRUE(f.pair.events_of<ProtocolWarning>().empty()) << "kept, not dropped";
}

TEST(ClientChanges, AnOperationWhoseAckIsLostIsResentUnderItsOpIdAndAppliedOnce) {
  NativeFixture f;
  const chat::Message bob = f.backend.post("lobby", kBob, "react to me");
  f.pair.drive();
  f.backend.drop_acks_for("react");  // applied and broadcast, but the ack is lost
  ASSERT_TRUE(f.pair.client.react(f.pair.now, "lobby", bob.id, "+1", true).ok());
  f.pair.drive();
  f.backend.clear_faults();
  EXPECT_EQ(message_at(f, 0).pending_ops, 1) << "no ack yet";
  f.cut();
  f.restore();
  EXPECT_EQ(f.backend.duplicate_ops, 1u) << "the repeat was answered from the server's record";
  EXPECT_EQ(f.backend.messages("lobby")[0].version, 2u) << "applied once";
  EXPECT_EQ(message_at(f, 0).pending_ops, 0);
  ASSERT_EQ(message_at(f, 0).reactions.size(), 1u);
  EXPECT_EQ(message_at(f, 0).reactions[0].count, 1u);
}

TEST(ClientChanges, ChangesMissedWhileAwayAreCaughtUpOnTheRejoinPageByPage) {
  NativeFixture f;
  std::vector<chat::Message> posted = f.backend.post_many("lobby", kBob, 120);
  f.pair.drive();
  f.cut();
  // Every message is edited while the client is away: more changes than one page holds.
  for (const chat::Message& message : posted) {
    f.backend.change("lobby", message.id, [](chat::Message& m) { m.text += " (edited)"; }, true);
  }
  f.backend.change("lobby", posted[0].id, [](chat::Message& m) { m.reactions = {chat::Reaction{"+1", 1, false, {"u2"}}}; }, true);
  f.restore();
  const auto& store = f.pair.room("lobby").messages();
  ASSERT_EQ(store.size(), 120u);
  for (std::size_t i = 0; i < store.size(); ++i) {
    ASSERT_EQ(store.at(i).text, "message " + std::to_string(i + 1) + " (edited)") << i;
  }
  ASSERT_EQ(store.at(0).reactions.size(), 1u);
  EXPECT_FALSE(store.at(0).reactions[0].mine);
  EXPECT_EQ(f.pair.received("changes").size(), 1u) << "the join brought 100, one page the rest";
  EXPECT_TRUE(f.pair.events_of<ProtocolWarning>().empty());
}

TEST(ClientChanges, PushesItCannotUseAreDroppedWithAWarningAndNothingBreaks) {
  NativeFixture f;
  const chat::Message bob = f.backend.post("lobby", kBob, "steady");
  f.backend.change("lobby", bob.id, [](chat::Message& m) { m.text = "steady v2"; });
  f.pair.drive();
  Json stale = to_json(bob);  // version 1, after version 2
  Json unknown = to_json(bob);
  unknown["id"] = "m-999";
  for (const Json& payload : {stale, unknown, Json("not an object"), Json{{"room", "lobby"}},
                              Json{{"id", bob.id}, {"room", "lobby"}, {"text", 3}},
                              Json{{"id", bob.id}, {"room", "elsewhere"}, {"seq", 1}, {"author", to_json(kBob)},
                                   {"text", "x"}, {"createdAt", 1}}}) {
    f.backend.push("message_updated", payload);
  }
  f.pair.drive();
  EXPECT_EQ(f.pair.texts("lobby"), std::vector<std::string>{"steady v2"});
  EXPECT_EQ(f.pair.client.session().state(), session::State::kConnected);
  std::vector<ProtocolWarning::Kind> kinds;
  for (const ProtocolWarning& warning : f.pair.events_of<ProtocolWarning>()) kinds.push_back(warning.kind);
  EXPECT_EQ(kinds, (std::vector<ProtocolWarning::Kind>{
                       ProtocolWarning::Kind::kStaleUpdate, ProtocolWarning::Kind::kUnknownMessageUpdate,
                       ProtocolWarning::Kind::kMalformedEvent, ProtocolWarning::Kind::kMalformedEvent,
                       ProtocolWarning::Kind::kMalformedEvent}));
  EXPECT_EQ(f.pair.events_of<chat::ChatError>().size(), 1u) << "a room not joined is unroutable";
}

TEST(ClientChanges, ARefusedChangeIsRolledBackWithTheServersCode) {
  NativeFixture f;
  const chat::Message bob = f.backend.post("lobby", kBob, "Bob's");
  f.pair.drive();
  ASSERT_TRUE(f.pair.client.remove(f.pair.now, "lobby", bob.id).ok());
  EXPECT_TRUE(message_at(f, 0).deleted) << "optimistic";
  f.pair.drive();
  EXPECT_FALSE(message_at(f, 0).deleted);
  EXPECT_EQ(message_at(f, 0).text, "Bob's");
  const auto errors = f.pair.events_of<chat::ChatError>();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, chat::ChatErrorCode::kChangeFailed);
  EXPECT_EQ(errors[0].reason, "unauthorized");
}

TEST(ClientChanges, ASeedPresetRefusesThemAll) {
  ClientPair pair(preset("flask-shows"));
  ASSERT_TRUE(pair.client.join(pair.now, "7").ok());
  EXPECT_EQ(pair.client.edit(pair.now, "7", "1", "x").error(), chat::CommandError::kUnsupported);
  EXPECT_EQ(pair.client.remove(pair.now, "7", "1").error(), chat::CommandError::kUnsupported);
  EXPECT_EQ(pair.client.react(pair.now, "7", "1", "+1", true).error(), chat::CommandError::kUnsupported);
  EXPECT_EQ(pair.client.send(pair.now, "7", "x", {}, "1").error(), chat::CommandError::kUnsupported);
}

}  // namespace
}  // namespace chatwire::testing::client_changes
