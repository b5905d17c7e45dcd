// The chatwire preset against docs/protocol.md: every request, every server
// event, every ack shape.
#include <gtest/gtest.h>

#include "dialect/dialect_test_util.h"

namespace chatwire::dialect {
namespace {

using chat::Operation;
using test::expect_emit;
using test::one_arg;
using test::request;
using test::signal_as;

const chat::User kAlice{"u-1", "Alice"};

class ChatwirePresetTest : public ::testing::Test {
 protected:
  Dialect dialect = test::must_load_preset("chatwire");
};

TEST_F(ChatwirePresetTest, Capabilities) {
  const Capabilities& caps = dialect.capabilities();
  for (std::size_t i = 0; i < chat::kOperationCount; ++i) EXPECT_TRUE(caps.supports[i]) << i;
  EXPECT_EQ(caps.join_confirmation, Confirmation::kAck);
  EXPECT_EQ(caps.send_confirmation, Confirmation::kAck);
  EXPECT_TRUE(caps.idempotent_send);
  EXPECT_EQ(caps.typing_expires_ms, 6000);
  EXPECT_TRUE(caps.history_since);
  EXPECT_TRUE(caps.history_before);
  EXPECT_TRUE(caps.history_around);
  EXPECT_FALSE(caps.history_after_join);
  EXPECT_FALSE(caps.read_receipt_per_message);
  EXPECT_TRUE(caps.has_seq);
  EXPECT_FALSE(caps.identifies_users_by_name);
}

TEST_F(ChatwirePresetTest, JoinWithAndWithoutSince) {
  expect_emit(dialect, request(Operation::kJoin, "r1"), kAlice, "join", R"({"room": "r1"})", true);
  chat::Request resume = request(Operation::kJoin, "r1");
  resume.seq = 41;
  expect_emit(dialect, resume, kAlice, "join", R"({"room": "r1", "since": 41})", true);
}

TEST_F(ChatwirePresetTest, LeaveMembersAndTyping) {
  expect_emit(dialect, request(Operation::kLeave, "r1"), kAlice, "leave", R"({"room": "r1"})", true);
  expect_emit(dialect, request(Operation::kMembers, "r1"), kAlice, "members", R"({"room": "r1"})", true);
  expect_emit(dialect, request(Operation::kTypingStart, "r1"), kAlice, "typing",
              R"({"room": "r1", "state": "start"})", false);
  expect_emit(dialect, request(Operation::kTypingStop, "r1"), kAlice, "typing",
              R"({"room": "r1", "state": "stop"})", false);
}

TEST_F(ChatwirePresetTest, SendCarriesClientIdAndText) {
  expect_emit(dialect, test::send_request("r1", "c-1", "hello \"world\""), kAlice, "send",
              R"({"room": "r1", "clientId": "c-1", "text": "hello \"world\""})", true);
}

TEST_F(ChatwirePresetTest, ReadCarriesSeq) {
  chat::Request read = request(Operation::kMarkRead, "r1");
  read.seq = 12;
  read.message_id = "m-12";  // not part of this protocol's payload
  expect_emit(dialect, read, kAlice, "read", R"({"room": "r1", "seq": 12})", true);
}

TEST_F(ChatwirePresetTest, HistoryBoundsAndLimitAreOptional) {
  chat::Request older = request(Operation::kHistory, "r1");
  older.before_seq = 20;
  older.limit = 50;
  expect_emit(dialect, older, kAlice, "history", R"({"room": "r1", "before": 20, "limit": 50})", true);
  chat::Request newer = request(Operation::kHistory, "r1");
  newer.after_seq = 5;
  expect_emit(dialect, newer, kAlice, "history", R"({"room": "r1", "after": 5})", true);
  expect_emit(dialect, request(Operation::kHistory, "r1"), kAlice, "history", R"({"room": "r1"})", true);
}

TEST_F(ChatwirePresetTest, HistoryAroundAMessageAndItsAck) {
  chat::Request around = request(Operation::kHistory, "r1");
  around.message_id = "m-40";
  around.limit = 50;
  expect_emit(dialect, around, kAlice, "history", R"({"room": "r1", "around": "m-40", "limit": 50})", true);

  const chat::Response page = dialect.decode_response(
      Operation::kHistory, one_arg(R"({"ok": true, "messages": [], "hasMore": true, "hasOlder": false, "hasNewer": true})"));
  ASSERT_TRUE(page.history);
  EXPECT_EQ(page.history->has_more, true);
  EXPECT_EQ(page.history->has_older, false);
  EXPECT_EQ(page.history->has_newer, true);
  const chat::Response before = dialect.decode_response(
      Operation::kHistory, one_arg(R"({"ok": true, "messages": [], "hasMore": false})"));
  ASSERT_TRUE(before.history);
  EXPECT_FALSE(before.history->has_older) << "only a page around a message says";
  EXPECT_FALSE(before.history->has_newer);
}

TEST_F(ChatwirePresetTest, MessageEvent) {
  const auto signal = signal_as<chat::MessageSignal>(dialect.decode_event("message", one_arg(R"({
    "id": "m-7", "room": "r1", "seq": 7, "clientId": "c-1",
    "author": {"id": "u-1", "name": "Alice"}, "text": "hi", "createdAt": 1731788130000})")));
  EXPECT_EQ(signal.room, "r1");
  chat::Message expected = test::message("m-7", "r1", kAlice, "hi", 1'731'788'130'000);
  expected.seq = 7;
  expected.client_id = "c-1";
  EXPECT_EQ(signal.message, expected);
}

TEST_F(ChatwirePresetTest, MessageFromAnotherClientHasNullClientId) {
  const auto signal = signal_as<chat::MessageSignal>(dialect.decode_event("message", one_arg(R"({
    "id": "m-8", "room": "r1", "seq": 8, "clientId": null,
    "author": {"id": "u-2", "name": "Bob"}, "text": "yo", "createdAt": 5})")));
  EXPECT_EQ(signal.message.client_id, "");
  EXPECT_EQ(signal.message.author, (chat::User{"u-2", "Bob"}));
  EXPECT_EQ(signal.message.seq, 8);
}

TEST_F(ChatwirePresetTest, MalformedMessagesNameTheField) {
  const auto decode = [&](const char* payload) {
    return test::malformed_message(dialect.decode_event("message", one_arg(payload)));
  };
  EXPECT_EQ(
      decode(R"({"id": "m", "room": "r", "seq": 1, "author": {"name": "A"}, "text": "t", "createdAt": 1})"),
      "message: 'author.id' is missing");
  EXPECT_EQ(
      decode(
          R"({"id": "m", "room": "r", "seq": 1, "author": {"id": "a", "name": "A"}, "text": 5, "createdAt": 1})"),
      "message: 'text' is not a string");
  EXPECT_EQ(
      decode(
          R"({"id": "m", "room": "r", "seq": "1", "author": {"id": "a", "name": "A"}, "text": "t", "createdAt": 1})"),
      "message: 'seq' is not an integer");
  EXPECT_EQ(
      decode(
          R"({"id": "m", "room": "r", "seq": 1, "author": {"id": "a", "name": "A"}, "text": "t", "createdAt": "soon"})"),
      "message: 'createdAt' is not a timestamp (an ISO 8601 string or an epoch number)");
  EXPECT_EQ(
      decode(
          R"({"id": {"x": 1}, "room": "r", "seq": 1, "author": {"id": "a", "name": "A"}, "text": "t", "createdAt": 1})"),
      "message: 'id' is not a string or an integer");
}

TEST_F(ChatwirePresetTest, TypingStartAndStop) {
  const auto start = signal_as<chat::TypingSignal>(dialect.decode_event(
      "typing",
      one_arg(R"({"room": "r1", "user": {"id": "u-2", "name": "Bob"}, "state": "start", "ttlMs": 6000})")));
  EXPECT_EQ(start.room, "r1");
  EXPECT_EQ(start.user, (chat::User{"u-2", "Bob"}));
  EXPECT_TRUE(start.typing);
  EXPECT_EQ(start.ttl_ms, 6000);
  const auto stop = signal_as<chat::TypingSignal>(dialect.decode_event(
      "typing", one_arg(R"({"room": "r1", "user": {"id": "u-2", "name": "Bob"}, "state": "stop"})")));
  EXPECT_FALSE(stop.typing);
  EXPECT_EQ(stop.ttl_ms, std::nullopt);
  EXPECT_EQ(test::malformed_message(dialect.decode_event(
                "typing", one_arg(R"({"room": "r1", "user": {"id": "u-2", "name": "Bob"}, "state": true})"))),
            "typing: 'state' is not one of \"start\", \"stop\"");
}

TEST_F(ChatwirePresetTest, MemberJoinedAndLeft) {
  const auto joined = signal_as<chat::MemberJoinedSignal>(dialect.decode_event(
      "member_joined", one_arg(R"({"room": "r1", "user": {"id": "u-3", "name": "Cy"}})")));
  EXPECT_EQ(joined.room, "r1");
  EXPECT_EQ(joined.user, (chat::User{"u-3", "Cy"}));
  EXPECT_EQ(joined.members, std::nullopt);
  const auto left = signal_as<chat::MemberLeftSignal>(
      dialect.decode_event("member_left", one_arg(R"({"room": "r1", "user": {"id": "u-3", "name": "Cy"}})")));
  EXPECT_EQ(left.user.id, "u-3");
}

TEST_F(ChatwirePresetTest, PresenceReadAndError) {
  const auto presence = signal_as<chat::PresenceSignal>(dialect.decode_event(
      "presence", one_arg(R"({"user": {"id": "u-2", "name": "Bob"}, "online": false})")));
  EXPECT_EQ(presence.user, (chat::User{"u-2", "Bob"}));
  EXPECT_FALSE(presence.online);
  const auto read = signal_as<chat::ReceiptSignal>(dialect.decode_event(
      "read", one_arg(R"({"room": "r1", "user": {"id": "u-2", "name": "Bob"}, "seq": 9})")));
  EXPECT_EQ(read.room, "r1");
  EXPECT_EQ(read.user, (chat::User{"u-2", "Bob"}));
  EXPECT_EQ(read.seq, 9);
  EXPECT_EQ(read.message_id, "");
  const auto error = signal_as<chat::ServerErrorSignal>(
      dialect.decode_event("error", one_arg(R"({"code": "rate_limited", "message": "slow down"})")));
  EXPECT_EQ(error.message, "slow down");
  EXPECT_EQ(error.details, "rate_limited");
  EXPECT_EQ(error.room, std::nullopt);
}

TEST_F(ChatwirePresetTest, UnknownEvents) {
  EXPECT_TRUE(test::is_unknown(dialect.decode_event("new_message", one_arg("{}"))));
  EXPECT_TRUE(test::is_unknown(dialect.decode_event("", Json::array())));
  EXPECT_TRUE(test::is_unknown(dialect.decode_event("Message", one_arg("{}")))) << "names are case-sensitive";
}

TEST_F(ChatwirePresetTest, JoinAck) {
  const chat::Response response = dialect.decode_response(Operation::kJoin, one_arg(R"({
    "ok": true, "room": "r1",
    "members": [{"user": {"id": "u-1", "name": "Alice"}, "online": true},
                {"user": {"id": "u-2", "name": "Bob"}, "online": false}],
    "messages": [{"id": "m-1", "room": "r1", "seq": 1, "clientId": null, "author": {"id": "u-2", "name": "Bob"},
                  "text": "first", "createdAt": 1000}],
    "hasMore": false, "readSeq": 1, "lastSeq": 1})"));
  ASSERT_TRUE(response.ok) << response.error_message;
  ASSERT_TRUE(response.history);
  ASSERT_EQ(response.history->messages.size(), 1u);
  chat::Message first = test::message("m-1", "r1", {"u-2", "Bob"}, "first", 1000);
  first.seq = 1;
  EXPECT_EQ(response.history->messages[0], first);
  EXPECT_EQ(response.history->has_more, false);
  ASSERT_TRUE(response.members);
  EXPECT_EQ(*response.members,
            (std::vector<chat::Member>{{{"u-1", "Alice"}, true}, {{"u-2", "Bob"}, false}}));
  EXPECT_EQ(response.read_seq, 1);
  EXPECT_FALSE(response.message);
}

TEST_F(ChatwirePresetTest, SendReadHistoryMembersAndLeaveAcks) {
  const chat::Response sent = dialect.decode_response(Operation::kSend, one_arg(R"({"ok": true, "message":
    {"id": "m-9", "room": "r1", "seq": 9, "clientId": "c-1", "author": {"id": "u-1", "name": "Alice"},
     "text": "hi", "createdAt": 77}})"));
  ASSERT_TRUE(sent.ok) << sent.error_message;
  ASSERT_TRUE(sent.message);
  EXPECT_EQ(sent.message->client_id, "c-1");
  EXPECT_EQ(sent.message->seq, 9);
  EXPECT_FALSE(sent.history);

  const chat::Response read =
      dialect.decode_response(Operation::kMarkRead, one_arg(R"({"ok": true, "readSeq": 9})"));
  EXPECT_TRUE(read.ok);
  EXPECT_EQ(read.read_seq, 9);

  const chat::Response history = dialect.decode_response(
      Operation::kHistory, one_arg(R"({"ok": true, "messages": [], "hasMore": true})"));
  ASSERT_TRUE(history.history);
  EXPECT_TRUE(history.history->messages.empty());
  EXPECT_EQ(history.history->has_more, true);

  const chat::Response members = dialect.decode_response(
      Operation::kMembers,
      one_arg(R"({"ok": true, "members": [{"user": {"id": "u-1", "name": "A"}, "online": true}]})"));
  ASSERT_TRUE(members.members);
  EXPECT_EQ(members.members->size(), 1u);

  const chat::Response left = dialect.decode_response(Operation::kLeave, one_arg(R"({"ok": true})"));
  EXPECT_TRUE(left.ok);
  EXPECT_FALSE(left.members);
  EXPECT_FALSE(left.history);
}

TEST_F(ChatwirePresetTest, RefusalAck) {
  const chat::Response refused = dialect.decode_response(
      Operation::kSend, one_arg(R"({"ok": false, "error": {"code": "too_long", "message": "over 4000"}})"));
  EXPECT_FALSE(refused.ok);
  EXPECT_EQ(refused.error_code, "too_long");
  EXPECT_EQ(refused.error_message, "over 4000");
  const chat::Response bare = dialect.decode_response(Operation::kJoin, one_arg(R"({"ok": false})"));
  EXPECT_FALSE(bare.ok);
  EXPECT_EQ(bare.error_code, "");
  EXPECT_EQ(bare.error_message, "refused by the server");
  const chat::Response code_only =
      dialect.decode_response(Operation::kJoin, one_arg(R"({"ok": false, "error": {"code": "not_found"}})"));
  EXPECT_EQ(code_only.error_message, "refused by the server (not_found)");
}

TEST_F(ChatwirePresetTest, MalformedAcksFailWithTheReason) {
  const auto why = [&](Operation op, const Json& args) {
    const chat::Response response = dialect.decode_response(op, args);
    EXPECT_FALSE(response.ok);
    return response.error_message;
  };
  EXPECT_EQ(why(Operation::kLeave, Json::array()), "malformed ack to leave: it has no argument");
  EXPECT_EQ(why(Operation::kLeave, Json::array({"ok"})),
            "malformed ack to leave: its argument is not an object");
  EXPECT_EQ(why(Operation::kLeave, one_arg("{}")), "malformed ack to leave: 'ok' is missing");
  EXPECT_EQ(why(Operation::kLeave, one_arg(R"({"ok": 1})")), "malformed ack to leave: 'ok' is not a boolean");
  EXPECT_EQ(why(Operation::kSend, one_arg(R"({"ok": true})")), "malformed ack to send: 'message' is missing");
  EXPECT_EQ(why(Operation::kSend, one_arg(R"({"ok": true, "message": "m-1"})")),
            "malformed ack to send: 'message' is not an object");
  EXPECT_EQ(why(Operation::kJoin, one_arg(R"({"ok": true, "messages": [], "hasMore": false, "readSeq": 0})")),
            "malformed ack to join: 'members' is missing");
  EXPECT_EQ(why(Operation::kHistory, one_arg(R"({"ok": true, "messages": {}, "hasMore": false})")),
            "malformed ack to history: 'messages' is not an array");
  EXPECT_EQ(why(Operation::kHistory, one_arg(R"({"ok": true, "hasMore": false, "messages": [
    {"id": "m-1", "room": "r", "seq": 1, "author": {"id": "a", "name": "A"}, "text": "ok", "createdAt": 1},
    {"id": "m-2", "room": "r", "seq": 2, "author": {"id": "a", "name": "A"}, "createdAt": 2}]})")),
            "malformed ack to history: 'messages.1.text' is missing");
  EXPECT_EQ(why(Operation::kMembers,
                one_arg(R"({"ok": true, "members": [{"user": {"id": "u"}, "online": "yes"}]})")),
            "malformed ack to members: 'members.0.user.name' is missing");
  EXPECT_EQ(why(Operation::kMarkRead, one_arg(R"({"ok": true, "readSeq": 1.5})")),
            "malformed ack to mark_read: 'readSeq' is not an integer");
}

}  // namespace
}  // namespace chatwire::dialect
