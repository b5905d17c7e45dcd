// Changes across a dropped connection and a reload: pending operations go
// again under the same op id until answered, are kept across a reload like
// sends, and a rejoin catches up on what changed meanwhile (sinceRev, then
// changes pages while the server has more).
#include <gtest/gtest.h>

#include "support/chat_harness.h"

// Its own namespace: the unity build puts every file of tests/chat in one
// translation unit, beside chat_send_test.cpp's helpers of the same names.
namespace chatwire::testing::catch_up {
namespace {

using chat::Operation;

chat::Message versioned(const std::string& id, const std::string& author, const std::string& text,
                        std::uint32_t version, std::int64_t rev, std::int64_t seq) {
  chat::Message message = remote_message("lobby", id, author, text, 1000 + seq, seq);
  message.author = {author, author == "u1" ? "Ada" : author};
  message.version = version;
  message.rev = rev;
  return message;
}

/// The join's ack: `page`, the room's `rev`, and changes when given.
chat::Response join_ack(std::vector<chat::Message> page, std::int64_t rev,
                        std::optional<std::vector<chat::Message>> changes = std::nullopt, bool changes_more = false) {
  chat::Response response;
  response.history = chat::HistoryPage{std::move(page), false};
  response.rev = rev;
  if (changes) response.changes = chat::HistoryPage{std::move(*changes), changes_more};
  return response;
}

chat::Response ack_with(chat::Message message) {
  chat::Response response;
  response.message = std::move(message);
  return response;
}

/// Joins "lobby" and answers with `ack`.
void join_lobby(ChatHarness& h, chat::Response ack) {
  ASSERT_TRUE(h.model->join(h.now, "lobby").ok());
  if (!h.model->is_connected()) h.model->connected(h.now);
  h.pump();
  h.answer(Operation::kJoin, std::move(ack));
}

TEST(ChatCatchUp, AnOperationInFlightGoesAgainAfterAReconnectUnderTheSameOpId) {
  ChatHarness h;
  join_lobby(h, join_ack({versioned("m1", "u1", "one", 1, 5, 1)}, 5));
  auto op = h.model->edit(h.now, "lobby", "m1", "two");
  h.pump();
  ASSERT_TRUE(op.ok());
  ASSERT_EQ(h.of(Operation::kEdit).size(), 1u);

  h.drop();
  EXPECT_EQ(h.room("lobby").messages().at(0).text, "two") << "still shown while away";
  h.connect();
  EXPECT_EQ(h.of(Operation::kEdit).size(), 1u) << "not before the room is joined again";
  h.answer(Operation::kJoin, join_ack({}, 5, std::vector<chat::Message>{}));
  ASSERT_EQ(h.of(Operation::kEdit).size(), 2u);
  EXPECT_EQ(h.of(Operation::kEdit)[1].op_id, *op);
  EXPECT_EQ(h.of(Operation::kEdit)[1].text, "two");

  h.answer(Operation::kEdit, ack_with(versioned("m1", "u1", "two", 2, 6, 1)));
  EXPECT_EQ(h.room("lobby").messages().at(0).pending_ops, 0);
  EXPECT_EQ(h.room("lobby").messages().at(0).text, "two");
}

TEST(ChatCatchUp, ARejoinAsksWhatChangedSinceTheRevCaughtUpToAndPagesWhileThereIsMore) {
  ChatHarness h;
  join_lobby(h, join_ack({versioned("m1", "u2", "one", 1, 3, 1), versioned("m2", "u2", "two", 1, 4, 2)}, 20));
  h.signal(chat::MessageUpdatedSignal{"lobby", versioned("m1", "u2", "one!", 2, 21, 1)});
  h.drop();
  h.connect();
  chat::Request rejoin = h.last(Operation::kJoin);
  EXPECT_EQ(rejoin.seq, std::optional<std::int64_t>(2));
  EXPECT_EQ(rejoin.since_rev, std::optional<std::int64_t>(21)) << "the push moved it";

  h.answer(Operation::kJoin, join_ack({}, 30, std::vector<chat::Message>{versioned("m1", "u2", "ONE", 3, 25, 1)}, true));
  EXPECT_EQ(h.texts("lobby"), (std::vector<std::string>{"ONE", "two"}));
  const chat::Request more = h.last(Operation::kChanges);
  EXPECT_EQ(more.after_rev, std::optional<std::int64_t>(25));

  // Dropped before the last page: the next rejoin starts from where it was.
  h.drop();
  h.connect();
  EXPECT_EQ(h.last(Operation::kJoin).since_rev, std::optional<std::int64_t>(21));
  h.answer(Operation::kJoin, join_ack({}, 30, std::vector<chat::Message>{versioned("m1", "u2", "ONE", 3, 25, 1)}, true));
  chat::Response page;
  page.history = chat::HistoryPage{{versioned("m2", "u2", "TWO", 2, 28, 2), versioned("m9", "u2", "gone", 2, 29, 0)}, false};
  page.rev = 30;
  h.answer(Operation::kChanges, page);
  EXPECT_EQ(h.texts("lobby"), (std::vector<std::string>{"ONE", "TWO"})) << "m9 is not held: skipped, silently";
  EXPECT_TRUE(h.events_of<chat::UpdateDropped>().empty());

  h.drop();
  h.connect();
  EXPECT_EQ(h.last(Operation::kJoin).since_rev, std::optional<std::int64_t>(30));
}

TEST(ChatCatchUp, AFirstJoinAsksNoChanges) {
  ChatHarness h;
  ASSERT_TRUE(h.model->join(h.now, "lobby").ok());
  h.connect();
  EXPECT_FALSE(h.last(Operation::kJoin).seq.has_value());
  EXPECT_FALSE(h.last(Operation::kJoin).since_rev.has_value());
}

TEST(ChatCatchUp, OperationsAreKeptAcrossAReloadAndGoOutOnceTheRoomIsJoined) {
  chat::ChatConfig config = chat_config(native_caps());
  config.store_sends = true;
  std::vector<chat::StoredOp> kept;
  std::string op_id;
  {
    ChatHarness before(config);
    join_lobby(before, join_ack({versioned("m1", "u2", "hi", 1, 3, 1)}, 3));
    before.drop();  // offline: the reaction waits
    auto op = before.model->react(before.now, "lobby", "m1", "+1", true);
    before.pump();
    ASSERT_TRUE(op.ok());
    op_id = *op;
    for (const auto& stored : before.events_of<chat::OpStored>()) kept.push_back(stored.record);
    ASSERT_EQ(kept.size(), 1u);
    EXPECT_EQ(kept[0].op_id, op_id);
    EXPECT_EQ(kept[0].message_id, "m1");
    EXPECT_EQ(kept[0].emoji, "+1");
    EXPECT_TRUE(kept[0].on);
  }
  ChatHarness after(config);  // the page reloaded
  EXPECT_EQ(after.model->restore_ops(after.now, kept), 1u);
  EXPECT_EQ(after.model->restore_ops(after.now, kept), 0u) << "the same records twice";
  join_lobby(after, join_ack({versioned("m1", "u2", "hi", 1, 3, 1)}, 3));
  const chat::Message& shown = after.room("lobby").messages().at(0);
  ASSERT_EQ(shown.reactions.size(), 1u);
  EXPECT_TRUE(shown.reactions[0].mine);
  EXPECT_EQ(shown.pending_ops, 1);
  ASSERT_EQ(after.of(Operation::kReact).size(), 1u);
  EXPECT_EQ(after.last(Operation::kReact).op_id, op_id);

  chat::Message applied = versioned("m1", "u2", "hi", 2, 4, 1);
  applied.reactions = {chat::Reaction{"+1", 1, false, {"u1"}}};
  after.answer(Operation::kReact, ack_with(applied));
  const auto forgotten = after.events_of<chat::OpForgotten>();
  ASSERT_EQ(forgotten.size(), 1u);
  EXPECT_EQ(forgotten[0].op_id, op_id);
}

TEST(ChatCatchUp, AnOperationOnASendKeptAcrossAReloadFindsItsMessageByClientId) {
  chat::ChatConfig config = chat_config(native_caps());
  config.store_sends = true;
  ChatHarness h(config);
  chat::StoredOp record;
  record.op_id = "o-restored-1";
  record.room = "lobby";
  record.op = Operation::kEdit;
  record.client_id = "c-sent-before";
  record.text = "fixed";
  ASSERT_EQ(h.model->restore_ops(h.now, {record}), 1u);
  // The send went through before the reload: the server has it, with its client id.
  chat::Message mine = versioned("m7", "u1", "fxied", 1, 9, 7);
  mine.client_id = "c-sent-before";
  join_lobby(h, join_ack({mine}, 9));
  EXPECT_EQ(h.texts("lobby"), std::vector<std::string>{"fixed"});
  ASSERT_EQ(h.of(Operation::kEdit).size(), 1u);
  EXPECT_EQ(h.last(Operation::kEdit).message_id, "m7");
  EXPECT_EQ(h.last(Operation::kEdit).op_id, "o-restored-1");
  bool restored_with_id = false;
  for (const auto& stored : h.events_of<chat::OpStored>()) restored_with_id |= stored.record.message_id == "m7";
  EXPECT_TRUE(restored_with_id) << "the record now names the message by its id";
}

TEST(ChatCatchUp, RestoredOperationsGoOutOldestFirstWhateverOrderTheyWereReadIn) {
  ChatHarness h;
  const auto edit = [](const std::string& op_id, std::int64_t created_at_ms, const std::string& text) {
    return chat::StoredOp{op_id, "lobby", Operation::kEdit, "m1", "", text, "", true, created_at_ms};
  };
  // Two of one time keep the order given; of two records of one op id, the
  // older is taken and the other is a repeat.
  const std::vector<chat::StoredOp> records = {edit("o-c", 30, "c"),  edit("o-a1", 10, "a1"),     edit("o-dup", 40, "late"),
                                               edit("o-b", 20, "b"),  edit("o-a2", 10, "a2"),     edit("o-dup", 5, "early")};
  EXPECT_EQ(h.model->restore_ops(h.now, records), 5u);
  join_lobby(h, join_ack({versioned("m1", "u1", "original", 1, 3, 1)}, 3));
  std::vector<std::string> sent;
  for (const chat::Request& request : h.of(Operation::kEdit)) sent.push_back(request.op_id + "=" + request.text);
  EXPECT_EQ(sent, (std::vector<std::string>{"o-dup=early", "o-a1=a1", "o-a2=a2", "o-b=b", "o-c=c"}));
  EXPECT_EQ(h.texts("lobby"), std::vector<std::string>{"c"}) << "applied in that order";
}

TEST(ChatCatchUp, UnusableRecordsAreDroppedAndForgotten) {
  chat::ChatConfig config = chat_config(native_caps());
  config.store_sends = true;
  ChatHarness h(config);
  chat::StoredOp no_target{"o-1", "lobby", Operation::kDelete, "", "", "", "", true, 0};
  chat::StoredOp blank_edit{"o-2", "lobby", Operation::kEdit, "m1", "", "   ", "", true, 0};
  chat::StoredOp not_a_change{"o-3", "lobby", Operation::kJoin, "m1", "", "", "", true, 0};
  EXPECT_EQ(h.model->restore_ops(h.now, {no_target, blank_edit, not_a_change}), 0u);
  h.pump();
  EXPECT_EQ(h.events_of<chat::OpForgotten>().size(), 3u);
}

}  // namespace
}  // namespace chatwire::testing::catch_up
