// Jumping to a message and back: a message held is named at once, one not
// held is loaded with the page around it into a detached window, which the
// room shows apart from its live run until the two meet or the user goes
// back to the latest.
#include <gtest/gtest.h>

#include "support/chat_harness.h"

// Its own namespace: the unity build puts every file of the folder in one
// translation unit.
namespace chatwire::testing::chat_jump {
namespace {

using chat::CommandError;
using chat::Operation;

chat::Response page(std::vector<chat::Message> messages, bool has_more) {
  chat::Response response;
  response.history = chat::HistoryPage{std::move(messages), has_more};
  return response;
}

chat::Response around(int from, int to, bool has_older, bool has_newer) {
  chat::Response response = page(numbered_messages("lobby", from, to), has_older || has_newer);
  response.history->has_older = has_older;
  response.history->has_newer = has_newer;
  return response;
}

/// A room joined with its latest messages 451..500, all read, and the
/// reader's edits so far taken.
class ChatJump : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(h.model->join(h.now, "lobby").ok());
    h.connect();
    chat::Response joined = page(numbered_messages("lobby", 451, 500), true);
    joined.read_seq = 500;
    h.answer(Operation::kJoin, joined);
    (void)h.model->take_message_changes("lobby");
    h.clear();
  }

  /// Jumps to m100 and answers with the page 76..125: the room is detached.
  chat::RequestId detach() {
    const auto jumped = h.model->jump_to(h.now, "lobby", "m100");
    EXPECT_TRUE(jumped.ok());
    h.pump();
    h.answer(Operation::kHistory, around(76, 125, true, true));
    EXPECT_TRUE(h.room("lobby").detached());
    (void)h.model->take_message_changes("lobby");
    return jumped.ok() && jumped->request ? *jumped->request : 0;
  }

  [[nodiscard]] const chat::Room& lobby() const { return h.room("lobby"); }

  ChatHarness h;
};

TEST_F(ChatJump, AMessageHeldIsNamedWithoutARequest) {
  const auto jumped = h.model->jump_to(h.now, "lobby", "m460");
  ASSERT_TRUE(jumped.ok());
  EXPECT_EQ(jumped->key, "s:m460");
  EXPECT_FALSE(jumped->request);

  const auto sent = h.model->send(h.now, "lobby", "mine");
  ASSERT_TRUE(sent.ok());
  const auto own = h.model->jump_to(h.now, "lobby", *sent);
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->key, "c:" + *sent) << "the user's own message, by its client id";
  h.pump();
  EXPECT_TRUE(h.of(Operation::kHistory).empty());
  EXPECT_FALSE(lobby().detached());
}

TEST_F(ChatJump, AMessageNotHeldIsLoadedWithThePageAroundItAndShownApart) {
  const auto jumped = h.model->jump_to(h.now, "lobby", "m100");
  ASSERT_TRUE(jumped.ok());
  ASSERT_TRUE(jumped->request);
  EXPECT_TRUE(jumped->key.empty());
  h.pump();
  const chat::Request asked = h.last(Operation::kHistory);
  EXPECT_EQ(asked.id, *jumped->request);
  EXPECT_EQ(asked.message_id, "m100");
  EXPECT_EQ(asked.limit, h.model->config().history_page_size);
  EXPECT_FALSE(asked.before_seq);
  EXPECT_FALSE(asked.after_seq);
  EXPECT_FALSE(lobby().detached()) << "shown once the page is there";
  EXPECT_EQ(h.model->jump_to(h.now, "lobby", "m100")->request, jumped->request) << "the same jump is shared";

  h.answer(Operation::kHistory, around(76, 125, true, true));
  EXPECT_TRUE(lobby().detached());
  EXPECT_TRUE(lobby().has_newer());
  EXPECT_TRUE(lobby().has_more()) << "older than the window";
  EXPECT_EQ(seqs_of(lobby().shown_messages()), seqs_between(76, 125));
  EXPECT_EQ(seqs_of(lobby().messages()), seqs_between(451, 500)) << "the live run stays as it was";
  const auto loaded = h.events_of<chat::HistoryLoaded>();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].request, *jumped->request);
  EXPECT_EQ(loaded[0].added, 50u);
  EXPECT_EQ(loaded[0].key, "s:m100");

  const chat::ListChanges changes = h.model->take_message_changes("lobby");
  EXPECT_TRUE(changes.reset) << "the window replaces the list";
  EXPECT_EQ(changes.upserts.size(), 50u);
  EXPECT_EQ(lobby().unread_count(), 0u);
}

TEST_F(ChatJump, APageThatMeetsTheLatestMessagesIsNoWindow) {
  const auto jumped = h.model->jump_to(h.now, "lobby", "m440");
  ASSERT_TRUE(jumped.ok());
  h.pump();
  h.answer(Operation::kHistory, around(415, 464, true, true));
  EXPECT_FALSE(lobby().detached());
  EXPECT_EQ(seqs_of(lobby().shown_messages()), seqs_between(415, 500));
  EXPECT_EQ(h.events_of<chat::HistoryLoaded>().at(0).key, "s:m440");
  EXPECT_TRUE(h.model->take_message_changes("lobby").reset);
  EXPECT_EQ(lobby().unread_count(), 0u) << "older than the read cursor";
}

TEST_F(ChatJump, LiveMessagesDuringAWindowAreCountedButNotShown) {
  ASSERT_TRUE(h.model->set_active(h.now, "lobby", true).ok());
  detach();
  h.signal(chat::MessageSignal{"lobby", numbered_messages("lobby", 501, 501).front()});
  EXPECT_EQ(seqs_of(lobby().shown_messages()), seqs_between(76, 125));
  EXPECT_EQ(lobby().messages().newest_seq(), 501);
  EXPECT_EQ(lobby().unread_count(), 1u) << "not read: the user looks at the window";
  EXPECT_TRUE(h.model->take_message_changes("lobby").empty());
  const auto arrived = h.events_of<chat::MessageArrived>();
  ASSERT_EQ(arrived.size(), 1u);
  EXPECT_TRUE(arrived[0].detached);

  // Back to the latest: the live run is shown, and read.
  EXPECT_EQ(h.model->jump_to_latest(h.now, "lobby").value(), true);
  EXPECT_FALSE(lobby().detached());
  EXPECT_EQ(lobby().unread_count(), 0u);
  const chat::ListChanges changes = h.model->take_message_changes("lobby");
  EXPECT_TRUE(changes.reset);
  EXPECT_EQ(changes.upserts.size(), 51u);
  EXPECT_EQ(h.model->jump_to_latest(h.now, "lobby").value(), false) << "live already";
}

TEST_F(ChatJump, LoadNewerPagesTheWindowUntilItMeetsTheLiveRun) {
  detach();
  ASSERT_TRUE(h.model->load_newer(h.now, "lobby", 100).ok());
  h.pump();
  EXPECT_TRUE(lobby().loading_newer());
  EXPECT_EQ(h.last(Operation::kHistory).after_seq, 125);
  EXPECT_EQ(h.last(Operation::kHistory).limit, 100u);
  EXPECT_EQ(h.model->load_newer(h.now, "lobby").error(), CommandError::kBusy);
  h.answer(Operation::kHistory, page(numbered_messages("lobby", 126, 225), true));
  EXPECT_TRUE(lobby().detached());
  EXPECT_FALSE(lobby().loading_newer());
  EXPECT_EQ(seqs_of(lobby().shown_messages()), seqs_between(76, 225));

  // Meanwhile a live message: the live run grows at its end, its oldest stays 451.
  h.signal(chat::MessageSignal{"lobby", numbered_messages("lobby", 501, 501).front()});
  for (const int first : {226, 326}) {
    ASSERT_TRUE(h.model->load_newer(h.now, "lobby", 100).ok());
    h.pump();
    EXPECT_EQ(h.last(Operation::kHistory).after_seq, first - 1);
    h.answer(Operation::kHistory, page(numbered_messages("lobby", first, first + 99), true));
  }
  EXPECT_TRUE(lobby().detached());
  ASSERT_TRUE(h.model->load_newer(h.now, "lobby", 100).ok());
  h.pump();
  h.answer(Operation::kHistory, page(numbered_messages("lobby", 426, 501), false));

  EXPECT_FALSE(lobby().detached()) << "the window reached the live run: they merge";
  EXPECT_FALSE(lobby().has_newer());
  EXPECT_EQ(seqs_of(lobby().shown_messages()), seqs_between(76, 501));
  EXPECT_EQ(&lobby().shown_messages(), &lobby().messages());
  EXPECT_TRUE(lobby().has_more()) << "the window's older end is the room's";
  EXPECT_EQ(lobby().unread_count(), 1u) << "the live message; the window was read";
  EXPECT_TRUE(h.model->take_message_changes("lobby").reset);
  EXPECT_EQ(h.model->load_newer(h.now, "lobby").error(), CommandError::kNoMoreHistory);
}

TEST_F(ChatJump, LoadOlderPagesTheWindowWhileDetached) {
  detach();
  ASSERT_TRUE(h.model->load_older(h.now, "lobby", 30).ok());
  h.pump();
  EXPECT_TRUE(lobby().loading_older());
  EXPECT_EQ(lobby().history_request(), h.last(Operation::kHistory).id);
  EXPECT_EQ(h.last(Operation::kHistory).before_seq, 76);
  h.answer(Operation::kHistory, page(numbered_messages("lobby", 46, 75), true));
  EXPECT_EQ(seqs_of(lobby().shown_messages()), seqs_between(46, 125));
  EXPECT_EQ(seqs_of(lobby().messages()), seqs_between(451, 500));
  const chat::ListChanges changes = h.model->take_message_changes("lobby");
  EXPECT_FALSE(changes.reset);
  EXPECT_EQ(changes.upserts.size(), 30u) << "edits of the window, as for any list";
}

TEST_F(ChatJump, ASendWhileDetachedGoesBackToTheLatest) {
  detach();
  const auto sent = h.model->send(h.now, "lobby", "back to now", {}, "m100");
  ASSERT_TRUE(sent.ok()) << "a reply to a message of the window";
  EXPECT_FALSE(lobby().detached());
  const chat::MessageStore& shown = lobby().shown_messages();
  EXPECT_EQ(shown.at(shown.size() - 1).client_id, *sent) << "the user's message is in view";
  ASSERT_TRUE(shown.at(shown.size() - 1).reply_to);
  EXPECT_EQ(shown.at(shown.size() - 1).reply_to->id, "m100");
  EXPECT_TRUE(h.model->take_message_changes("lobby").reset);
}

TEST_F(ChatJump, AnotherJumpFromAWindowReplacesIt) {
  detach();
  ASSERT_TRUE(h.model->jump_to(h.now, "lobby", "m110")->key == "s:m110") << "in the window";
  const auto next = h.model->jump_to(h.now, "lobby", "m300");
  ASSERT_TRUE(next.ok() && next->request);
  h.pump();
  EXPECT_EQ(seqs_of(lobby().shown_messages()), seqs_between(76, 125)) << "the window stays until the page comes";
  h.answer(Operation::kHistory, around(275, 324, true, true));
  EXPECT_EQ(seqs_of(lobby().shown_messages()), seqs_between(275, 324));
  EXPECT_TRUE(h.model->take_message_changes("lobby").reset);

  // A jump to a message of the live run goes back to it.
  const auto live = h.model->jump_to(h.now, "lobby", "m480");
  ASSERT_TRUE(live.ok());
  EXPECT_EQ(live->key, "s:m480");
  EXPECT_FALSE(lobby().detached());
}

TEST_F(ChatJump, ChangesReachTheMessagesOfTheWindow) {
  detach();
  chat::Message edited = numbered_messages("lobby", 100, 100).front();
  edited.text = "edited";
  edited.version = 2;
  h.signal(chat::MessageUpdatedSignal{"lobby", edited});
  EXPECT_EQ(lobby().shown_messages().find_by_id("m100")->text, "edited");
  EXPECT_TRUE(h.events_of<chat::UpdateDropped>().empty());
  EXPECT_EQ(h.model->take_message_changes("lobby").upserts.size(), 1u);

  ASSERT_TRUE(h.model->react(h.now, "lobby", "m101", "👍", true).ok()) << "a message of the window";
  EXPECT_EQ(lobby().shown_messages().find_by_id("m101")->reactions.size(), 1u);
}

TEST_F(ChatJump, BackendsThatCannotFindAMessageAnswerUnsupported) {
  chat::Capabilities caps = native_caps();
  caps.history_around = false;  // a seed preset, or a server from before `around`
  ChatHarness seed(caps);
  seed.join_ok("lobby", numbered_messages("lobby", 451, 500), true);
  EXPECT_EQ(seed.model->jump_to(seed.now, "lobby", "m100").error(), CommandError::kUnsupported);
  EXPECT_EQ(seed.model->jump_to(seed.now, "lobby", "m480")->key, "s:m480") << "a message held needs no request";
  EXPECT_EQ(seed.model->load_newer(seed.now, "lobby").error(), CommandError::kNoMoreHistory);
  seed.pump();
  EXPECT_TRUE(seed.of(Operation::kHistory).empty());

  ChatHarness echo(echo_caps());
  echo.connect();
  ASSERT_TRUE(echo.model->join(echo.now, "7").ok());
  EXPECT_EQ(echo.model->jump_to(echo.now, "7", "m1").error(), CommandError::kUnsupported);
}

TEST_F(ChatJump, ARefusedOrFailedJumpLeavesTheRoomAsItWas) {
  EXPECT_EQ(h.model->jump_to(h.now, "lobby", "").error(), CommandError::kUnknownMessage);
  EXPECT_EQ(h.model->jump_to(h.now, "nowhere", "m1").error(), CommandError::kNotJoined);

  ASSERT_TRUE(h.model->jump_to(h.now, "lobby", "m100").ok());
  h.pump();
  const chat::RequestId refused = h.last(Operation::kHistory).id;
  h.answer(Operation::kHistory, refused_ack("message_not_found", "no such message in this room"));
  EXPECT_FALSE(lobby().detached());
  EXPECT_FALSE(lobby().window_request());
  auto errors = h.events_of<chat::ChatError>();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, chat::ChatErrorCode::kRequestFailed);
  EXPECT_EQ(errors[0].operation, Operation::kHistory);
  EXPECT_EQ(errors[0].request, refused);
  EXPECT_NE(errors[0].message.find("jump"), std::string::npos) << errors[0].message;
  EXPECT_TRUE(h.model->take_message_changes("lobby").empty()) << "the list never changed";

  // No answer in time.
  h.clear();
  ASSERT_TRUE(h.model->jump_to(h.now, "lobby", "m100").ok());
  h.pump();
  h.model->on_request_failed(h.now, h.last(Operation::kHistory).id, chat::RequestFailure::kTimeout);
  h.pump();
  EXPECT_FALSE(lobby().detached());
  EXPECT_EQ(h.events_of<chat::ChatError>().size(), 1u);

  // A page without the message: a server that does not know `around`.
  h.clear();
  ASSERT_TRUE(h.model->jump_to(h.now, "lobby", "m100").ok());
  h.pump();
  h.answer(Operation::kHistory, page(numbered_messages("lobby", 451, 500), true));
  EXPECT_FALSE(lobby().detached());
  EXPECT_EQ(h.events_of<chat::ChatError>().size(), 1u);
  EXPECT_TRUE(h.events_of<chat::HistoryLoaded>().empty());
}

TEST_F(ChatJump, AFailedJumpFromAWindowKeepsTheWindow) {
  detach();
  ASSERT_TRUE(h.model->jump_to(h.now, "lobby", "m300").ok());
  h.pump();
  h.model->on_request_failed(h.now, h.last(Operation::kHistory).id, chat::RequestFailure::kTimeout);
  h.pump();
  EXPECT_TRUE(lobby().detached());
  EXPECT_EQ(seqs_of(lobby().shown_messages()), seqs_between(76, 125));
}

TEST_F(ChatJump, LeavingEndsTheWindow) {
  detach();
  ASSERT_TRUE(h.model->leave(h.now, "lobby").ok());
  EXPECT_FALSE(lobby().detached());
  EXPECT_EQ(seqs_of(lobby().shown_messages()), seqs_between(451, 500)) << "a left room shows what it kept";
  EXPECT_TRUE(h.model->take_message_changes("lobby").reset);
  EXPECT_EQ(h.model->jump_to(h.now, "lobby", "m100").error(), CommandError::kNotJoined);
}

TEST_F(ChatJump, LeavingDuringAJumpEndsIt) {
  const auto jumped = h.model->jump_to(h.now, "lobby", "m100");
  ASSERT_TRUE(jumped.ok() && jumped->request);
  ASSERT_TRUE(h.model->leave(h.now, "lobby").ok());
  h.pump();
  const auto loaded = h.events_of<chat::HistoryLoaded>();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].request, *jumped->request);
  EXPECT_EQ(loaded[0].added, 0u);
  EXPECT_FALSE(lobby().window_request());
  h.model->on_response(h.now, *jumped->request, around(76, 125, true, true));
  EXPECT_FALSE(lobby().detached()) << "a late answer changes nothing";
}

TEST_F(ChatJump, AWindowStaysAcrossAReconnectAndTheLiveRunResumes) {
  detach();
  ASSERT_TRUE(h.model->load_newer(h.now, "lobby").ok());
  h.pump();
  const chat::RequestId paging = h.last(Operation::kHistory).id;
  h.clear();
  h.drop();
  const auto ended = h.events_of<chat::HistoryLoaded>();
  ASSERT_EQ(ended.size(), 1u) << "the page in flight ends with nothing";
  EXPECT_EQ(ended[0].request, paging);
  EXPECT_EQ(ended[0].added, 0u);
  EXPECT_TRUE(lobby().detached());
  EXPECT_EQ(h.model->load_newer(h.now, "lobby").error(), CommandError::kNotJoined);

  h.connect();
  EXPECT_EQ(h.last(Operation::kJoin).seq, 500) << "the live run resumes, not the window";
  h.answer(Operation::kJoin, page(numbered_messages("lobby", 501, 505), false));
  EXPECT_TRUE(lobby().detached());
  EXPECT_EQ(seqs_of(lobby().shown_messages()), seqs_between(76, 125));
  EXPECT_EQ(lobby().messages().newest_seq(), 505);
  EXPECT_EQ(lobby().unread_count(), 5u);
  ASSERT_TRUE(h.model->load_newer(h.now, "lobby").ok());
  h.pump();
  EXPECT_EQ(h.last(Operation::kHistory).after_seq, 125);
}

TEST_F(ChatJump, AJumpTheConnectionDroppedIsAnError) {
  const auto jumped = h.model->jump_to(h.now, "lobby", "m100");
  ASSERT_TRUE(jumped.ok() && jumped->request);
  h.drop();
  const auto errors = h.events_of<chat::ChatError>();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].request, *jumped->request);
  EXPECT_NE(errors[0].message.find("connection dropped"), std::string::npos) << errors[0].message;
  EXPECT_FALSE(lobby().window_request());
  EXPECT_FALSE(lobby().detached());
  // The session's report of the same request, whenever it comes, adds nothing.
  h.model->on_request_failed(h.now, *jumped->request, chat::RequestFailure::kConnectionLost);
  h.pump();
  EXPECT_EQ(h.events_of<chat::ChatError>().size(), 1u);
}

}  // namespace
}  // namespace chatwire::testing::chat_jump
