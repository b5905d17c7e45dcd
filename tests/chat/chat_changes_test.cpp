// Edits, deletes and reactions: what a room shows is the server's state of
// each message with the user's pending operations applied on top, in order;
// the higher version wins whatever order copies arrive in; a delete wins
// over a pending edit; a change to a send still pending changes the send;
// a refused operation is rolled back.
#include <gtest/gtest.h>

#include "support/chat_harness.h"

// Its own namespace: the unity build puts every file of tests/chat in one
// translation unit, beside chat_send_test.cpp's helpers of the same names.
namespace chatwire::testing::changes {
namespace {

using chat::CommandError;
using chat::Operation;

/// Message `id` of "lobby" by `author`, at `version`.
chat::Message at_version(const std::string& id, const std::string& author, const std::string& text,
                         std::uint32_t version, std::int64_t seq = 1) {
  chat::Message message = remote_message("lobby", id, author, text, 1000 + seq, seq);
  message.author = {author, author == "u1" ? "Ada" : author};
  message.version = version;
  message.rev = 10 + version;
  return message;
}

chat::Reaction reaction(const std::string& emoji, std::vector<std::string> users) {
  chat::Reaction out;
  out.emoji = emoji;
  out.count = static_cast<std::uint32_t>(users.size());
  out.users = std::move(users);
  return out;
}

chat::Response ack_with(chat::Message message) {
  chat::Response response;
  response.message = std::move(message);
  return response;
}

chat::Response refused(const std::string& code) {
  chat::Response response;
  response.ok = false;
  response.error_code = code;
  response.error_message = code + " (from the server)";
  return response;
}

/// A harness joined to "lobby" holding `page`.
struct Lobby : ChatHarness {
  explicit Lobby(std::vector<chat::Message> page, chat::Capabilities caps = native_caps()) : ChatHarness(caps) {
    join_ok("lobby", std::move(page));
    clear();
  }
  explicit Lobby(std::vector<chat::Message> page, chat::ChatConfig config) : ChatHarness(std::move(config)) {
    join_ok("lobby", std::move(page));
    clear();
  }
  const chat::Message& at(std::size_t index) const { return room("lobby").messages().at(index); }
  /// Answers `request` (not only the last of its kind) and pumps.
  void answer_request(const chat::Request& request, chat::Response response) {
    model->on_response(now, request.id, std::move(response));
    pump();
  }
};

TEST(ChatChanges, AChangeMayBeNamedByItsCallerOnceAndOnlyWellFormed) {
  // A view of a shared client names its changes itself, as it names its sends.
  Lobby h({at_version("m1", "u1", "helo", 1)});
  auto op = h.model->edit(h.now, "lobby", "m1", "hello", "v0123abcd-1");
  h.pump();
  ASSERT_TRUE(op.ok());
  EXPECT_EQ(*op, "v0123abcd-1");
  EXPECT_EQ(h.last(Operation::kEdit).op_id, "v0123abcd-1");
  auto again = h.model->react(h.now, "lobby", "m1", "👍", true, "v0123abcd-1");
  ASSERT_FALSE(again.ok()) << "an id in use is refused";
  EXPECT_EQ(again.error(), CommandError::kInvalidClientId);
  auto malformed = h.model->remove(h.now, "lobby", "m1", "not an id!");
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error(), CommandError::kInvalidClientId);
  EXPECT_EQ(h.at(0).pending_ops, 1) << "the refused ones changed nothing";
  EXPECT_EQ(h.at(0).reactions.size(), 0u);
}

TEST(ChatChanges, AnEditShowsAtOnceGoesOutUnderAnOpIdAndSettlesOnItsAck) {
  Lobby h({at_version("m1", "u1", "helo", 1)});
  auto op = h.model->edit(h.now, "lobby", "m1", "hello");
  h.pump();
  ASSERT_TRUE(op.ok());
  EXPECT_EQ(h.at(0).text, "hello");
  EXPECT_EQ(h.at(0).pending_ops, 1);
  EXPECT_NE(h.at(0).edited_at_ms, 0);
  const chat::Request edit = h.last(Operation::kEdit);
  EXPECT_EQ(edit.message_id, "m1");
  EXPECT_EQ(edit.text, "hello");
  EXPECT_EQ(edit.op_id, *op);
  EXPECT_EQ(op->front(), 'o');

  chat::Message after = at_version("m1", "u1", "hello", 2);
  after.edited_at_ms = 5000;
  h.answer(Operation::kEdit, ack_with(after));
  EXPECT_EQ(h.at(0).text, "hello");
  EXPECT_EQ(h.at(0).pending_ops, 0);
  EXPECT_EQ(h.at(0).version, 2u);
  EXPECT_EQ(h.at(0).edited_at_ms, 5000) << "the server's time replaces the local one";
}

TEST(ChatChanges, TheEchoBeforeTheAckChangesNothingTheUserSees) {
  Lobby h({at_version("m1", "u1", "helo", 1)});
  ASSERT_TRUE(h.model->edit(h.now, "lobby", "m1", "hello").ok());
  h.pump();
  h.signal(chat::MessageUpdatedSignal{"lobby", at_version("m1", "u1", "hello", 2)});
  EXPECT_EQ(h.at(0).text, "hello");
  EXPECT_EQ(h.at(0).pending_ops, 1) << "still waiting for its ack";
  h.answer(Operation::kEdit, ack_with(at_version("m1", "u1", "hello", 2)));
  EXPECT_EQ(h.at(0).pending_ops, 0);
  EXPECT_EQ(h.at(0).version, 2u);
  EXPECT_TRUE(h.events_of<chat::UpdateDropped>().empty()) << "the same version twice is no warning";
}

TEST(ChatChanges, AnOlderVersionIsIgnoredWithAWarningAndAnUnknownMessageToo) {
  Lobby h({at_version("m1", "u2", "one", 1)});
  h.signal(chat::MessageUpdatedSignal{"lobby", at_version("m1", "u2", "three", 3)});
  EXPECT_EQ(h.at(0).text, "three");
  h.signal(chat::MessageUpdatedSignal{"lobby", at_version("m1", "u2", "two", 2)});
  EXPECT_EQ(h.at(0).text, "three") << "the version went backwards";
  h.signal(chat::MessageUpdatedSignal{"lobby", at_version("m9", "u2", "who?", 2)});
  EXPECT_EQ(h.texts("lobby"), std::vector<std::string>{"three"});
  const auto dropped = h.events_of<chat::UpdateDropped>();
  ASSERT_EQ(dropped.size(), 2u);
  EXPECT_TRUE(dropped[0].stale);
  EXPECT_EQ(dropped[0].message_id, "m1");
  EXPECT_FALSE(dropped[1].stale);
  EXPECT_EQ(dropped[1].message_id, "m9");
  // A page carrying an older copy (read before the change) is no warning.
  chat::HistoryPage page{{at_version("m1", "u2", "one", 1)}, false};
  h.model->on_signal(h.now, chat::HistorySignal{"lobby", page, false});
  h.pump();
  EXPECT_EQ(h.at(0).text, "three");
  EXPECT_EQ(h.events_of<chat::UpdateDropped>().size(), 2u);
}

TEST(ChatChanges, ALiveCopyAtAHigherVersionUpdatesTheMessageItNames) {
  Lobby h({at_version("m1", "u2", "one", 1)});
  h.signal(chat::MessageSignal{"lobby", at_version("m1", "u2", "two", 2)});
  EXPECT_EQ(h.texts("lobby"), std::vector<std::string>{"two"});
  EXPECT_TRUE(h.events_of<chat::MessageArrived>().empty()) << "a change is no new message";
}

TEST(ChatChanges, ADeleteWinsOverAPendingEdit) {
  Lobby h({at_version("m1", "u1", "one", 1)});
  ASSERT_TRUE(h.model->edit(h.now, "lobby", "m1", "two").ok());
  ASSERT_TRUE(h.model->remove(h.now, "lobby", "m1").ok());
  h.pump();
  EXPECT_TRUE(h.at(0).deleted);
  EXPECT_EQ(h.at(0).text, "");
  EXPECT_EQ(h.at(0).pending_ops, 2);
  const chat::Request edit = h.last(Operation::kEdit);
  const chat::Request del = h.last(Operation::kDelete);
  EXPECT_LT(edit.id, del.id) << "in the order they were made";
  EXPECT_EQ(h.model->edit(h.now, "lobby", "m1", "three").error(), CommandError::kDeleted);

  h.answer_request(edit, ack_with(at_version("m1", "u1", "two", 2)));
  EXPECT_TRUE(h.at(0).deleted) << "the edit's ack does not bring the text back";
  chat::Message tombstone = at_version("m1", "u1", "", 3);
  tombstone.deleted = true;
  h.answer_request(del, ack_with(tombstone));
  EXPECT_TRUE(h.at(0).deleted);
  EXPECT_EQ(h.at(0).pending_ops, 0);
}

TEST(ChatChanges, ADeleteFromTheServerDuringAnEditWinsAndTheRefusedEditReportsIt) {
  Lobby h({at_version("m1", "u1", "one", 1)});
  ASSERT_TRUE(h.model->edit(h.now, "lobby", "m1", "two").ok());
  h.pump();
  chat::Message tombstone = at_version("m1", "u1", "", 2);
  tombstone.deleted = true;
  h.signal(chat::MessageUpdatedSignal{"lobby", tombstone});  // an admin deleted it
  EXPECT_TRUE(h.at(0).deleted);
  h.answer(Operation::kEdit, refused("gone"));
  EXPECT_TRUE(h.at(0).deleted);
  EXPECT_EQ(h.at(0).pending_ops, 0);
  const auto errors = h.events_of<chat::ChatError>();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, chat::ChatErrorCode::kChangeFailed);
  EXPECT_EQ(errors[0].reason, "gone");
}

TEST(ChatChanges, ARefusedEditIsRolledBackAndReported) {
  Lobby h({at_version("m1", "u1", "mine", 1)});
  auto op = h.model->edit(h.now, "lobby", "m1", "changed");
  h.pump();
  ASSERT_TRUE(op.ok());
  h.answer(Operation::kEdit, refused("unauthorized"));
  EXPECT_EQ(h.at(0).text, "mine");
  EXPECT_EQ(h.at(0).edited_at_ms, 0);
  EXPECT_EQ(h.at(0).pending_ops, 0);
  const auto errors = h.events_of<chat::ChatError>();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, chat::ChatErrorCode::kChangeFailed);
  EXPECT_EQ(errors[0].operation, Operation::kEdit);
  EXPECT_EQ(errors[0].op_id, *op);
  EXPECT_EQ(errors[0].key, "s:m1");
  EXPECT_EQ(errors[0].reason, "unauthorized");
}

TEST(ChatChanges, AnOperationWithoutAnAnswerInTimeIsRolledBack) {
  Lobby h({at_version("m1", "u2", "hi", 1)});
  ASSERT_TRUE(h.model->react(h.now, "lobby", "m1", "+1", true).ok());
  h.pump();
  ASSERT_EQ(h.at(0).reactions.size(), 1u);
  h.model->on_request_failed(h.now, h.last(Operation::kReact).id, chat::RequestFailure::kTimeout);
  h.pump();
  EXPECT_TRUE(h.at(0).reactions.empty());
  ASSERT_EQ(h.events_of<chat::ChatError>().size(), 1u);
  EXPECT_EQ(h.events_of<chat::ChatError>()[0].reason, "") << "not refused: unanswered";
}

TEST(ChatChanges, AnEditOfASendNotHandedOverRewritesTheSend) {
  ChatHarness h;
  ASSERT_TRUE(h.model->join(h.now, "lobby").ok());  // offline: nothing goes out
  auto sent = h.model->send(h.now, "lobby", "helo");
  ASSERT_TRUE(sent.ok());
  auto edited = h.model->edit(h.now, "lobby", *sent, "hello");
  ASSERT_TRUE(edited.ok());
  EXPECT_EQ(*edited, *sent) << "the send itself changed: no operation";
  h.pump();
  EXPECT_EQ(h.texts("lobby"), std::vector<std::string>{"hello"});
  EXPECT_EQ(h.room("lobby").messages().at(0).pending_ops, 0);

  h.connect();
  chat::Response joined;
  joined.history = chat::HistoryPage{{}, false};
  h.answer(Operation::kJoin, joined);
  ASSERT_EQ(h.of(Operation::kSend).size(), 1u);
  EXPECT_EQ(h.last(Operation::kSend).text, "hello");
  EXPECT_TRUE(h.of(Operation::kEdit).empty());
}

TEST(ChatChanges, AnEditOfASendInFlightWaitsForItsConfirmation) {
  Lobby h({});
  auto sent = h.model->send(h.now, "lobby", "helo");
  h.pump();
  ASSERT_TRUE(sent.ok());
  const chat::Request send = h.last(Operation::kSend);
  auto edited = h.model->edit(h.now, "lobby", *sent, "hello");
  h.pump();
  ASSERT_TRUE(edited.ok());
  EXPECT_NE(*edited, *sent);
  EXPECT_EQ(h.texts("lobby"), std::vector<std::string>{"hello"}) << "shown at once";
  EXPECT_TRUE(h.of(Operation::kEdit).empty()) << "the message has no id to edit yet";

  chat::Message stored = at_version("m5", "u1", "helo", 1, 5);
  stored.client_id = *sent;
  h.answer_request(send, ack_with(stored));
  EXPECT_EQ(h.texts("lobby"), std::vector<std::string>{"hello"});
  EXPECT_EQ(h.room("lobby").messages().at(0).pending_ops, 1);
  const chat::Request edit = h.last(Operation::kEdit);
  EXPECT_EQ(edit.message_id, "m5");
  EXPECT_EQ(edit.op_id, *edited);

  chat::Message after = stored;
  after.text = "hello";
  after.version = 2;
  h.answer_request(edit, ack_with(after));
  EXPECT_EQ(h.texts("lobby"), std::vector<std::string>{"hello"});
  EXPECT_EQ(h.room("lobby").messages().at(0).pending_ops, 0);
  EXPECT_EQ(h.room("lobby").messages().at(0).client_id, *sent);
}

TEST(ChatChanges, DeletingASendNotHandedOverCancelsIt) {
  ChatHarness h;
  ASSERT_TRUE(h.model->join(h.now, "lobby").ok());
  auto sent = h.model->send(h.now, "lobby", "oops");
  ASSERT_TRUE(sent.ok());
  auto deleted = h.model->remove(h.now, "lobby", *sent);
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, *sent);
  EXPECT_TRUE(h.texts("lobby").empty());
  h.join_ok("lobby");  // already joining: connects and answers the join
  EXPECT_TRUE(h.of(Operation::kSend).empty());
  EXPECT_TRUE(h.of(Operation::kDelete).empty());
}

TEST(ChatChanges, DeletingASendInFlightDeletesItOnceConfirmed) {
  Lobby h({});
  auto sent = h.model->send(h.now, "lobby", "oops");
  h.pump();
  ASSERT_TRUE(h.model->remove(h.now, "lobby", *sent).ok());
  h.pump();
  EXPECT_TRUE(h.room("lobby").messages().at(0).deleted);
  chat::Message stored = at_version("m5", "u1", "oops", 1, 5);
  stored.client_id = *sent;
  h.answer(Operation::kSend, ack_with(stored));
  EXPECT_TRUE(h.room("lobby").messages().at(0).deleted) << "the server's copy stays under the pending delete";
  EXPECT_EQ(h.last(Operation::kDelete).message_id, "m5");
}

TEST(ChatChanges, ASendDeletedInFlightThatTheServerRefusesIsGone) {
  Lobby h({});
  auto sent = h.model->send(h.now, "lobby", "oops");
  h.pump();
  ASSERT_TRUE(h.model->remove(h.now, "lobby", *sent).ok());
  h.answer(Operation::kSend, refused("too_long"));
  EXPECT_TRUE(h.texts("lobby").empty()) << "nothing was stored, and the user deleted it";
  EXPECT_TRUE(h.of(Operation::kDelete).empty());
  EXPECT_EQ(h.model->retry(h.now, *sent).error(), CommandError::kUnknownMessage);
}

TEST(ChatChanges, ReactionsAreSetsWhateverOrderTwoClientsChangesArriveIn) {
  // Ada (this client) and Bob react to m1 with the same emoji; Ada then
  // takes hers back. Pushes and acks arrive interleaved.
  chat::Message base = at_version("m1", "u3", "hi", 1);
  Lobby h({base});
  ASSERT_TRUE(h.model->react(h.now, "lobby", "m1", "+1", true).ok());
  h.pump();
  const chat::Request on = h.last(Operation::kReact);
  EXPECT_TRUE(on.on);
  ASSERT_EQ(h.at(0).reactions.size(), 1u);
  EXPECT_EQ(h.at(0).reactions[0].count, 1u);
  EXPECT_TRUE(h.at(0).reactions[0].mine);

  chat::Message bob = at_version("m1", "u3", "hi", 2);
  bob.reactions = {reaction("+1", {"u2"})};
  h.signal(chat::MessageUpdatedSignal{"lobby", bob});  // Bob's, before Ada's ack
  EXPECT_EQ(h.at(0).reactions[0].count, 2u);
  EXPECT_TRUE(h.at(0).reactions[0].mine);

  ASSERT_TRUE(h.model->react(h.now, "lobby", "m1", "+1", false).ok());
  h.pump();
  const chat::Request off = h.last(Operation::kReact);
  EXPECT_FALSE(off.on);
  EXPECT_EQ(h.at(0).reactions[0].count, 1u);
  EXPECT_FALSE(h.at(0).reactions[0].mine);

  chat::Message both = at_version("m1", "u3", "hi", 3);
  both.reactions = {reaction("+1", {"u2", "u1"})};
  h.answer_request(on, ack_with(both));
  EXPECT_EQ(h.at(0).reactions[0].count, 1u) << "the unset still pending is on top";
  EXPECT_FALSE(h.at(0).reactions[0].mine);

  chat::Message bob_only = at_version("m1", "u3", "hi", 4);
  bob_only.reactions = {reaction("+1", {"u2"})};
  h.signal(chat::MessageUpdatedSignal{"lobby", bob_only});  // the push of Ada's unset, before its ack
  h.answer_request(off, ack_with(bob_only));
  EXPECT_EQ(h.at(0).pending_ops, 0);
  ASSERT_EQ(h.at(0).reactions.size(), 1u);
  EXPECT_EQ(h.at(0).reactions[0].count, 1u);
  EXPECT_FALSE(h.at(0).reactions[0].mine);

  h.signal(chat::MessageUpdatedSignal{"lobby", both});  // a late copy of version 3
  EXPECT_EQ(h.at(0).reactions[0].count, 1u);
  EXPECT_EQ(h.events_of<chat::UpdateDropped>().size(), 1u);

  // Bob takes his back too: an emoji nobody has is gone.
  chat::Message none = at_version("m1", "u3", "hi", 5);
  h.signal(chat::MessageUpdatedSignal{"lobby", none});
  EXPECT_TRUE(h.at(0).reactions.empty());
}

TEST(ChatChanges, SettingWhatIsSetChangesNothing) {
  chat::Message base = at_version("m1", "u2", "hi", 1);
  base.reactions = {reaction("+1", {"u1"})};
  Lobby h({base});
  EXPECT_TRUE(h.at(0).reactions[0].mine) << "mine is the configured user's";
  ASSERT_TRUE(h.model->react(h.now, "lobby", "m1", "+1", true).ok());
  h.pump();
  EXPECT_EQ(h.at(0).reactions[0].count, 1u);
  ASSERT_TRUE(h.model->react(h.now, "lobby", "m1", "-1", false).ok());
  h.pump();
  EXPECT_EQ(h.at(0).reactions.size(), 1u);
}

TEST(ChatChanges, AnEmojiTheMessageHasNotGoesLastAsTheServerListsIt) {
  chat::Message base = at_version("m1", "u2", "hi", 1);
  base.reactions = {reaction("+1", {"u2"}), reaction("-1", {"u3"})};
  Lobby h({base});
  ASSERT_TRUE(h.model->react(h.now, "lobby", "m1", "!", true).ok());
  ASSERT_TRUE(h.model->react(h.now, "lobby", "m1", "-1", true).ok());
  h.pump();
  std::vector<std::string> shown;
  for (const chat::Reaction& r : h.at(0).reactions) shown.push_back(r.emoji + ":" + std::to_string(r.count));
  EXPECT_EQ(shown, (std::vector<std::string>{"+1:1", "-1:2", "!:1"}));
}

TEST(ChatChanges, AnOperationOnAMessageNotLoadedAppliesWhenItArrives) {
  Lobby h({at_version("m5", "u2", "recent", 1, 5)});
  auto op = h.model->react(h.now, "lobby", "m2", "+1", true);
  h.pump();
  ASSERT_TRUE(op.ok());
  EXPECT_EQ(h.last(Operation::kReact).message_id, "m2") << "the server has it";
  h.model->on_signal(h.now, chat::HistorySignal{"lobby", {{at_version("m2", "u2", "older", 1, 2)}, false}, false});
  h.pump();
  ASSERT_EQ(h.texts("lobby"), (std::vector<std::string>{"older", "recent"}));
  ASSERT_EQ(h.at(0).reactions.size(), 1u);
  EXPECT_TRUE(h.at(0).reactions[0].mine);
  EXPECT_EQ(h.at(0).pending_ops, 1);
}

TEST(ChatChanges, TheCommandsCheckWhatTheyCan) {
  Lobby h({at_version("m1", "u2", "Bob's", 1), at_version("m2", "u1", "mine", 1, 2)});
  EXPECT_EQ(h.model->edit(h.now, "lobby", "m1", "not mine").error(), CommandError::kNotAuthor);
  EXPECT_EQ(h.model->edit(h.now, "lobby", "m2", "  ").error(), CommandError::kEmptyText);
  EXPECT_EQ(h.model->react(h.now, "lobby", "m1", "", true).error(), CommandError::kInvalidEmoji);
  EXPECT_EQ(h.model->react(h.now, "lobby", "m1", std::string(33, 'x'), true).error(), CommandError::kInvalidEmoji);
  EXPECT_EQ(h.model->react(h.now, "nowhere", "m1", "+1", true).error(), CommandError::kNotJoined);
  EXPECT_EQ(h.model->remove(h.now, "lobby", "").error(), CommandError::kUnknownMessage);
  h.pump();
  EXPECT_TRUE(h.requests.empty());
}

TEST(ChatChanges, ASeedBackendHasNoneAndNothingChanges) {
  ChatHarness h(echo_caps());
  h.connect();
  ASSERT_TRUE(h.model->join(h.now, "7").ok());
  h.pump();
  h.signal(chat::HistorySignal{"7", {{remote_message("7", "101", "u1", "mine", 5000)}, false}, true});
  h.clear();
  EXPECT_EQ(h.model->edit(h.now, "7", "101", "changed").error(), CommandError::kUnsupported);
  EXPECT_EQ(h.model->remove(h.now, "7", "101").error(), CommandError::kUnsupported);
  EXPECT_EQ(h.model->react(h.now, "7", "101", "+1", true).error(), CommandError::kUnsupported);
  EXPECT_EQ(h.model->send(h.now, "7", "a reply", {}, "101").error(), CommandError::kUnsupported);
  h.pump();
  EXPECT_TRUE(h.requests.empty());
  EXPECT_TRUE(h.events.empty());
  EXPECT_EQ(h.texts("7"), std::vector<std::string>{"mine"});
}

TEST(ChatChanges, AReplyShowsItsParentAndNamesIt) {
  chat::Message deleted = at_version("m2", "u2", "", 2, 2);
  deleted.deleted = true;
  Lobby h({at_version("m1", "u2", std::string(150, 'a'), 1), deleted});
  auto sent = h.model->send(h.now, "lobby", "indeed", {}, "m1");
  h.pump();
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(h.last(Operation::kSend).reply_to, "m1");
  const chat::Message& pending = h.room("lobby").messages().at(2);
  ASSERT_TRUE(pending.reply_to);
  EXPECT_EQ(pending.reply_to->id, "m1");
  EXPECT_EQ(pending.reply_to->author.id, "u2");
  EXPECT_EQ(pending.reply_to->excerpt, std::string(100, 'a'));
  EXPECT_EQ(h.model->send(h.now, "lobby", "to what?", {}, "m9").error(), CommandError::kUnknownMessage);
  EXPECT_EQ(h.model->send(h.now, "lobby", "to nothing", {}, "m2").error(), CommandError::kDeleted);
}

TEST(ChatChanges, AReplySentBeforeTheRoomsPageIsInLeavesItsParentToTheServer) {
  ChatHarness h(native_caps());
  ASSERT_TRUE(h.model->join(h.now, "lobby").ok());
  h.model->connected(h.now);
  h.pump();
  auto sent = h.model->send(h.now, "lobby", "carried over", {}, "m1");
  ASSERT_TRUE(sent.ok()) << "a joining room cannot tell whether m1 exists";
  EXPECT_EQ(h.model->send(h.now, "lobby", "too long a name", {}, std::string(300, 'm')).error(), CommandError::kUnknownMessage);
  h.pump();
  const chat::Message& pending = h.room("lobby").messages().at(0);
  ASSERT_TRUE(pending.reply_to);
  EXPECT_EQ(pending.reply_to->id, "m1");
  EXPECT_TRUE(pending.reply_to->excerpt.empty()) << "only the id is known";

  chat::Response joined;
  joined.history = chat::HistoryPage{{at_version("m1", "u2", "the parent", 1)}, false};
  h.answer(Operation::kJoin, std::move(joined));
  EXPECT_EQ(h.last(Operation::kSend).reply_to, "m1") << "the server checks the parent";
}

TEST(ChatChanges, LeavingTheRoomFailsItsOperations) {
  Lobby h({at_version("m1", "u1", "mine", 1)});
  ASSERT_TRUE(h.model->edit(h.now, "lobby", "m1", "changed").ok());
  h.pump();
  ASSERT_TRUE(h.model->leave(h.now, "lobby").ok());
  h.pump();
  EXPECT_EQ(h.at(0).text, "mine");
  ASSERT_EQ(h.events_of<chat::ChatError>().size(), 1u);
  EXPECT_EQ(h.events_of<chat::ChatError>()[0].code, chat::ChatErrorCode::kChangeFailed);
}

}  // namespace
}  // namespace chatwire::testing::changes
