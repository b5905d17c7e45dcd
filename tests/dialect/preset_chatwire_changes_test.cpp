// The chatwire preset's edits, deletes, reactions, replies and catch-up
// (issue 15's additions to docs/protocol.md): every new request, the
// message_updated push, the new message fields and the new ack fields, read
// alike by the DOM reader and the plan reader.
#include <gtest/gtest.h>

#include "dialect/decoded_text.h"
#include "dialect/dialect_test_util.h"

namespace chatwire::dialect {
namespace {

using chat::Operation;
using test::expect_emit;
using test::one_arg;
using test::request;
using test::signal_as;

const chat::User kAda{"u1", "Ada"};

/// A message of the native protocol with every issue-15 field set.
constexpr const char* kChangedMessage = R"({
  "id": "m-9", "room": "r1", "seq": 9, "clientId": null, "author": {"id": "u2", "name": "Bob"},
  "text": "edited", "createdAt": 1000, "version": 4, "rev": 77, "editedAt": 2000, "deleted": false,
  "reactions": [{"emoji": "\ud83d\udc4d", "users": ["u1", "u3"]}, {"emoji": "x", "users": [7]}],
  "replyTo": {"id": "m-2", "author": {"id": "u1", "name": "Ada"}, "excerpt": "first words", "deleted": true}})";

class ChatwireChangesTest : public ::testing::Test {
 protected:
  Dialect dialect = test::must_load_preset("chatwire");

  /// decode_event and read_event agree, and give a signal of type S.
  template <class S>
  S read(const std::string& event, const std::string& payload) {
    const Json args = one_arg(payload);
    const Decoded dom = dialect.decode_event(event, args);
    const auto sax = dialect.read_event(event, json_util::dump(args));
    EXPECT_TRUE(sax.ok());
    if (sax.ok()) {
      EXPECT_EQ(to_text(dom), to_text(*sax));
    }
    return signal_as<S>(dom);
  }
};

TEST_F(ChatwireChangesTest, CapabilitiesSayItHasThemAll) {
  const Capabilities& caps = dialect.capabilities();
  for (const Operation op : {Operation::kEdit, Operation::kDelete, Operation::kReact, Operation::kChanges}) {
    EXPECT_TRUE(caps.has(op)) << chat::to_string(op);
  }
  EXPECT_TRUE(caps.replies);
  EXPECT_TRUE(caps.changes_since);
}

TEST_F(ChatwireChangesTest, EditDeleteReactCarryTheTargetAndTheOpId) {
  chat::Request edit = request(Operation::kEdit, "r1");
  edit.message_id = "m-9";
  edit.text = "new";
  edit.op_id = "o-1";
  expect_emit(dialect, edit, kAda, "edit", R"({"room": "r1", "id": "m-9", "text": "new", "opId": "o-1"})", true);
  chat::Request del = request(Operation::kDelete, "r1");
  del.message_id = "m-9";
  del.op_id = "o-2";
  expect_emit(dialect, del, kAda, "delete", R"({"room": "r1", "id": "m-9", "opId": "o-2"})", true);
  chat::Request react = request(Operation::kReact, "r1");
  react.message_id = "m-9";
  react.emoji = "+1";
  react.on = false;
  react.op_id = "o-3";
  expect_emit(dialect, react, kAda, "react",
              R"({"room": "r1", "id": "m-9", "emoji": "+1", "on": false, "opId": "o-3"})", true);
}

TEST_F(ChatwireChangesTest, ReplyRejoinAndChangesRequests) {
  chat::Request reply = test::send_request("r1", "c-1", "yes");
  reply.reply_to = "m-2";
  expect_emit(dialect, reply, kAda, "send", R"({"room": "r1", "clientId": "c-1", "text": "yes", "replyTo": "m-2"})",
              true);
  chat::Request resume = request(Operation::kJoin, "r1");
  resume.seq = 41;
  resume.since_rev = 77;
  expect_emit(dialect, resume, kAda, "join", R"({"room": "r1", "since": 41, "sinceRev": 77})", true);
  chat::Request first = request(Operation::kJoin, "r1");
  first.since_rev = 77;  // without since, the server would not read it
  expect_emit(dialect, first, kAda, "join", R"({"room": "r1"})", true);
  chat::Request changes = request(Operation::kChanges, "r1");
  changes.after_rev = 77;
  changes.limit = 100;
  expect_emit(dialect, changes, kAda, "changes", R"({"room": "r1", "afterRev": 77, "limit": 100})", true);
}

TEST_F(ChatwireChangesTest, AMessageCarriesItsVersionRevEditReactionsAndReply) {
  const auto signal = read<chat::MessageUpdatedSignal>("message_updated", kChangedMessage);
  const chat::Message& m = signal.message;
  EXPECT_EQ(signal.room, std::optional<chat::RoomId>("r1"));
  EXPECT_EQ(m.version, 4u);
  EXPECT_EQ(m.rev, 77);
  EXPECT_EQ(m.edited_at_ms, 2000);
  EXPECT_FALSE(m.deleted);
  ASSERT_EQ(m.reactions.size(), 2u);
  EXPECT_EQ(m.reactions[0].emoji, "\xf0\x9f\x91\x8d");
  EXPECT_EQ(m.reactions[0].users, (std::vector<std::string>{"u1", "u3"}));
  EXPECT_EQ(m.reactions[0].count, 2u);
  EXPECT_EQ(m.reactions[1].users, std::vector<std::string>{"7"}) << "numeric user ids read as ids";
  ASSERT_TRUE(m.reply_to);
  EXPECT_EQ(m.reply_to->id, "m-2");
  EXPECT_EQ(m.reply_to->author, (chat::User{"u1", "Ada"}));
  EXPECT_EQ(m.reply_to->excerpt, "first words");
  EXPECT_TRUE(m.reply_to->deleted);
}

TEST_F(ChatwireChangesTest, AVersionOneMessageNeedsNoneOfTheNewFields) {
  const auto signal = read<chat::MessageSignal>("message", R"({
    "id": "m-1", "room": "r1", "seq": 1, "clientId": null, "author": {"id": "u2", "name": "Bob"},
    "text": "plain", "createdAt": 1000, "editedAt": null, "replyTo": null})");
  EXPECT_EQ(signal.message.version, 1u);
  EXPECT_EQ(signal.message.rev, 0);
  EXPECT_EQ(signal.message.edited_at_ms, 0);
  EXPECT_TRUE(signal.message.reactions.empty());
  EXPECT_FALSE(signal.message.reply_to);
}

TEST_F(ChatwireChangesTest, MistypedNewFieldsAreAbsentNotFatal) {
  // Each is optional: a server that sends something else still delivers the message.
  for (const char* odd : {R"("reactions": {"emoji": "x"})", R"("reactions": [{"emoji": "", "users": []}])",
                          R"("reactions": [{"emoji": "x", "users": [null]}])", R"("reactions": "x")",
                          R"("version": "two")", R"("deleted": 1)", R"("replyTo": 5)", R"("version": -3)"}) {
    const std::string payload = R"({"id": "m-1", "room": "r1", "seq": 1, "author": {"id": "u2", "name": "Bob"},
      "text": "t", "createdAt": 1, )" + std::string(odd) + "}";
    const auto signal = read<chat::MessageUpdatedSignal>("message_updated", payload);
    EXPECT_EQ(signal.message.id, "m-1") << odd;
    EXPECT_TRUE(signal.message.reactions.empty()) << odd;
    EXPECT_EQ(signal.message.version, 1u) << odd;
  }
}

TEST_F(ChatwireChangesTest, AMessageUpdatedWithoutAnIdIsMalformed) {
  const Decoded decoded = dialect.decode_event("message_updated", one_arg(R"({"room": "r1", "text": "t"})"));
  EXPECT_EQ(test::malformed_message(decoded), "message_updated: 'id' is missing");
}

TEST_F(ChatwireChangesTest, AcksOfChangesCarryTheMessageAfterThem) {
  for (const Operation op : {Operation::kEdit, Operation::kDelete, Operation::kReact}) {
    const chat::Response response =
        dialect.decode_response(op, one_arg(std::string(R"({"ok": true, "message": )") + kChangedMessage + "}"));
    ASSERT_TRUE(response.ok) << response.error_message;
    ASSERT_TRUE(response.message);
    EXPECT_EQ(response.message->version, 4u);
  }
  const chat::Response gone = dialect.decode_response(
      Operation::kEdit, one_arg(R"({"ok": false, "error": {"code": "gone", "message": "deleted"}})"));
  EXPECT_FALSE(gone.ok);
  EXPECT_EQ(gone.error_code, "gone");
}

TEST_F(ChatwireChangesTest, JoinAndChangesAcksCarryTheRevAndTheChanges) {
  const std::string join = std::string(R"({"ok": true, "room": "r1", "members": [], "messages": [], "hasMore": false,
    "readSeq": 0, "lastSeq": 9, "rev": 80, "changes": [)") + kChangedMessage + R"(], "changesMore": true})";
  const chat::Response joined = dialect.decode_response(Operation::kJoin, one_arg(join));
  ASSERT_TRUE(joined.ok) << joined.error_message;
  EXPECT_EQ(joined.rev, std::optional<std::int64_t>(80));
  ASSERT_TRUE(joined.changes);
  ASSERT_EQ(joined.changes->messages.size(), 1u);
  EXPECT_EQ(joined.changes->messages[0].rev, 77);
  EXPECT_EQ(joined.changes->has_more, std::optional<bool>(true));
  const auto read_join = dialect.read_response(Operation::kJoin, json_util::dump(one_arg(join)));
  ASSERT_TRUE(read_join.ok());
  EXPECT_EQ(to_text(joined), to_text(*read_join));

  const std::string page =
      std::string(R"({"ok": true, "messages": [)") + kChangedMessage + R"(], "hasMore": false, "rev": 80})";
  const chat::Response changes = dialect.decode_response(Operation::kChanges, one_arg(page));
  ASSERT_TRUE(changes.ok) << changes.error_message;
  ASSERT_TRUE(changes.history);
  EXPECT_EQ(changes.history->messages.size(), 1u);
  EXPECT_EQ(changes.history->has_more, std::optional<bool>(false));
  EXPECT_EQ(changes.rev, std::optional<std::int64_t>(80));
  const auto read_page = dialect.read_response(Operation::kChanges, json_util::dump(one_arg(page)));
  ASSERT_TRUE(read_page.ok());
  EXPECT_EQ(to_text(changes), to_text(*read_page));

  const chat::Response plain = dialect.decode_response(
      Operation::kJoin, one_arg(R"({"ok": true, "room": "r1", "members": [], "messages": [], "hasMore": false})"));
  EXPECT_FALSE(plain.rev);
  EXPECT_FALSE(plain.changes);
}

TEST_F(ChatwireChangesTest, SeedPresetsHaveNone) {
  for (const std::string& name : Dialect::preset_names()) {
    if (name == "chatwire") continue;
    const Dialect seed = test::must_load_preset(name);
    for (const Operation op : {Operation::kEdit, Operation::kDelete, Operation::kReact, Operation::kChanges}) {
      EXPECT_FALSE(seed.capabilities().has(op)) << name;
      chat::Request req = request(op, "1");
      req.message_id = "1";
      const auto encoded = seed.encode(req, kAda);
      ASSERT_FALSE(encoded.ok()) << name;
      EXPECT_EQ(encoded.error().code, EncodeError::Code::kUnsupported);
    }
    EXPECT_FALSE(seed.capabilities().replies) << name;
    EXPECT_FALSE(seed.capabilities().changes_since) << name;
  }
}

}  // namespace
}  // namespace chatwire::dialect
