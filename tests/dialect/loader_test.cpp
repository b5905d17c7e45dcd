// Dialect::load: every refusal names the JSON path of the field at fault;
// capabilities are derived from the document.
#include <gtest/gtest.h>

#include "dialect/dialect.h"
#include "dialect/dialect_test_util.h"

namespace chatwire::dialect {
namespace {

using chat::Operation;
using json_util::Json;

constexpr const char* kBase = R"({
  "name": "test",
  "requests": {
    "join": {"event": "join", "payload": {"room": "{room}"}, "confirm": "none"},
    "send": {"event": "say", "payload": {"room": "{room}", "text": "{text}"}, "confirm": "event"}
  },
  "shapes": {"message": {"fields": {"id": "id", "author_id": "by", "text": "text"}}},
  "events": {"said": {"signal": "message"}}
})";

// kBase with `patch` merged in (RFC 7386: null deletes a key).
Result<Dialect, DialectError> load_patched(std::string_view patch) {
  Json doc = Json::parse(kBase);
  doc.merge_patch(Json::parse(patch));
  return Dialect::load(doc);
}

// The field a patched document is refused for ("" if it loads).
std::string refused_field(std::string_view patch) {
  auto loaded = load_patched(patch);
  if (loaded.ok()) return "<loaded>";
  return loaded.error().field;
}

std::string refusal_message(std::string_view patch) {
  auto loaded = load_patched(patch);
  return loaded.ok() ? "<loaded>" : loaded.error().message;
}

TEST(LoaderTest, BaseDocumentLoads) {
  auto loaded = Dialect::load(std::string_view(kBase));
  ASSERT_TRUE(loaded.ok()) << loaded.error().field << ": " << loaded.error().message;
  EXPECT_EQ(loaded->name(), "test");
}

TEST(LoaderTest, RefusesTextThatIsNotAJsonObject) {
  auto syntax = Dialect::load(std::string_view("{\"name\": "));
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.error().field, "");
  EXPECT_EQ(syntax.error().message, "not valid JSON (error at byte 9)");
  auto array = Dialect::load(std::string_view("[]"));
  ASSERT_FALSE(array.ok());
  EXPECT_EQ(array.error().message, "a dialect document must be a JSON object");
  auto deep = Dialect::load(std::string(100, '[') + std::string(100, ']'));
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.error().message, "the document nests deeper than 64 levels");
}

TEST(LoaderTest, HeaderFields) {
  EXPECT_EQ(refused_field(R"({"name": null})"), "name");
  EXPECT_EQ(refused_field(R"({"name": ""})"), "name");
  EXPECT_EQ(refused_field(R"({"name": 7})"), "name");
  EXPECT_EQ(refused_field(R"({"version": 2})"), "version");
  EXPECT_EQ(refused_field(R"({"colour": "blue"})"), "colour");
  EXPECT_EQ(refusal_message(R"({"colour": "blue"})").substr(0, 32), "unknown key (expected one of: \"n");
  EXPECT_EQ(refused_field(R"({"comment": 5})"), "comment");
  EXPECT_EQ(refused_field(R"({"comment": ["ok", 5]})"), "comment");
  EXPECT_EQ(refused_field(R"({"room_ids": "uuid"})"), "room_ids");
  EXPECT_EQ(refusal_message(R"({"room_ids": "uuid"})"), "must be one of \"string\", \"number\"");
  EXPECT_EQ(refused_field(R"({"user_key": "email"})"), "user_key");
  EXPECT_EQ(refused_field(R"({"epoch_unit": "us"})"), "epoch_unit");
  EXPECT_EQ(refused_field(R"({"typing": {"expires_ms": -1}})"), "typing.expires_ms");
  EXPECT_EQ(refused_field(R"({"typing": {"expires_ms": 1.5}})"), "typing.expires_ms");
  EXPECT_EQ(refused_field(R"({"typing": {"ttl": 5}})"), "typing.ttl");
  EXPECT_EQ(refused_field(R"({"typing": 3000})"), "typing");
}

TEST(LoaderTest, RequestsSectionAndOperations) {
  EXPECT_EQ(refused_field(R"({"requests": null})"), "requests");
  EXPECT_EQ(refused_field(R"({"requests": []})"), "requests");
  EXPECT_EQ(refused_field(R"({"requests": {"kick": {"event": "k", "confirm": "none"}}})"), "requests.kick");
  EXPECT_EQ(refused_field(R"({"requests": {"leave": "leave"}})"), "requests.leave");
  EXPECT_EQ(refused_field(R"({"requests": {"leave": {"confirm": "none"}}})"), "requests.leave.event");
  EXPECT_EQ(refused_field(R"({"requests": {"leave": {"event": "", "confirm": "none"}}})"),
            "requests.leave.event");
  EXPECT_EQ(refused_field(R"({"requests": {"leave": {"event": "disconnect", "confirm": "none"}}})"),
            "requests.leave.event");
  EXPECT_EQ(refused_field(R"({"requests": {"leave": {"event": "l", "confirm": "none", "ack": true}}})"),
            "requests.leave.ack");
}

TEST(LoaderTest, ConfirmIsRequiredAndLimitedToWhatAnEventCanConfirm) {
  EXPECT_EQ(refused_field(R"({"requests": {"join": {"confirm": null}}})"), "requests.join.confirm");
  EXPECT_EQ(refused_field(R"({"requests": {"join": {"confirm": "maybe"}}})"), "requests.join.confirm");
  EXPECT_EQ(refused_field(R"({"requests": {"typing_start": {"event": "t", "confirm": "event"}}})"),
            "requests.typing_start.confirm");
  EXPECT_EQ(refusal_message(R"({"requests": {"leave": {"event": "l", "confirm": "event"}}})"),
            "no server event can confirm a leave: use \"ack\" or \"none\"");
}

TEST(LoaderTest, UnknownPlaceholderNamesThePayloadField) {
  const char* patch = R"({"requests": {"send": {"payload": {"show_id": "{show}"}}}})";
  EXPECT_EQ(refused_field(patch), "requests.send.payload.show_id");
  EXPECT_EQ(refusal_message(patch), "unknown placeholder {show}");
  EXPECT_EQ(refused_field(R"({"requests": {"send": {"payload": {"a": ["x", "{oops}"]}}}})"),
            "requests.send.payload.a[1]");
  EXPECT_EQ(refused_field(R"({"requests": {"send": {"payload": {"a": "{room"}}}})"),
            "requests.send.payload.a");
}

TEST(LoaderTest, PlaceholderWithoutMeaningForTheOperation) {
  const char* patch = R"({"requests": {"join": {"payload": {"text": "{text}"}}}})";
  EXPECT_EQ(refused_field(patch), "requests.join.payload.text");
  EXPECT_EQ(refusal_message(patch), "{text} has no value in a join request");
  EXPECT_EQ(refused_field(R"({"requests": {"join": {"payload": {"seq": "{seq}"}}}})"),
            "requests.join.payload.seq");
  EXPECT_EQ(refused_field(R"({"requests": {"send": {"payload": {"since": "{since}"}}}})"),
            "requests.send.payload.since");
  EXPECT_EQ(refused_field(R"({"requests": {"members": {"event": "m", "confirm": "none",
            "payload": {"n": "{limit}"}}}})"),
            "requests.members.payload.n");
}

TEST(LoaderTest, IdempotentSendNeedsClientId) {
  const char* patch = R"({"requests": {"send": {"idempotent": true}}})";
  EXPECT_EQ(refused_field(patch), "requests.send.idempotent");
  EXPECT_EQ(refusal_message(patch), "an idempotent send needs {client_id} in its payload");
  EXPECT_EQ(refused_field(R"({"requests": {"send": {"idempotent": "yes"}}})"), "requests.send.idempotent");
  EXPECT_EQ(refused_field(R"({"requests": {"join": {"idempotent": true}}})"), "requests.join.idempotent")
      << "only a send can be idempotent";
  EXPECT_EQ(refused_field(R"({"requests": {"send": {"per_message": true}}})"), "requests.send.per_message");
  EXPECT_EQ(refused_field(R"({"requests": {"send": {"after_join": true}}})"), "requests.send.after_join");
}

TEST(LoaderTest, EventSignalAndFields) {
  EXPECT_EQ(refused_field(R"({"events": null})"), "events");
  EXPECT_EQ(refused_field(R"({"events": {"x": {}}})"), "events.x.signal");
  EXPECT_EQ(refused_field(R"({"events": {"x": {"signal": "shout"}}})"), "events.x.signal");
  EXPECT_EQ(refused_field(R"({"events": {"connect": {"signal": "ignore"}}})"), "events.connect");
  EXPECT_EQ(refused_field(R"({"events": {"x": {"signal": "ignore", "colour": 1}}})"), "events.x.colour");
  EXPECT_EQ(refused_field(R"({"events": {"x": {"signal": "ignore", "fields": {"room": "r"}}}})"),
            "events.x.fields.room");
  const char* unknown = R"({"events": {"t": {"signal": "typing", "fields": {"user_id": "u", "typing": "t",
                           "colour": "c"}}}})";
  EXPECT_EQ(refused_field(unknown), "events.t.fields.colour");
  EXPECT_EQ(refusal_message(unknown),
            "is not a field of a typing signal (expected: room, user_id, user_name, typing, ttl_ms)");
}

TEST(LoaderTest, RequiredSignalFieldsAreNamed) {
  const char* patch = R"({"events": {"t": {"signal": "typing", "fields": {"typing": "t"}}}})";
  EXPECT_EQ(refused_field(patch), "events.t.fields.user_id");
  EXPECT_EQ(refusal_message(patch), "a typing signal needs this field");
  EXPECT_EQ(refused_field(R"({"events": {"p": {"signal": "presence", "fields": {"user_id": "u"}}}})"),
            "events.p.fields.online");
  EXPECT_EQ(refused_field(R"({"events": {"e": {"signal": "error"}}})"), "events.e.fields.message");
  EXPECT_EQ(refused_field(R"({"events": {"r": {"signal": "receipt", "fields": {"user_id": "u"}}}})"),
            "events.r.fields");
  EXPECT_EQ(refused_field(R"({"shapes": {"message": {"fields": {"id": null}}}})"),
            "shapes.message.fields.id");
}

TEST(LoaderTest, FieldSpecSyntax) {
  const auto typing = [](const char* user_id) {
    return std::string(R"({"events": {"t": {"signal": "typing", "fields": {"typing": "t", "user_id": )") +
           user_id + "}}}}";
  };
  EXPECT_EQ(refused_field(typing("7")), "events.t.fields.user_id");
  EXPECT_EQ(refused_field(typing("\"a..b\"")), "events.t.fields.user_id");
  EXPECT_EQ(refused_field(typing("[]")), "events.t.fields.user_id");
  EXPECT_EQ(refused_field(typing("[\"ok\", 3]")), "events.t.fields.user_id[1]");
  EXPECT_EQ(refused_field(typing(R"({"optional": true})")), "events.t.fields.user_id");
  EXPECT_EQ(refused_field(typing(R"({"path": "u", "value": "x"})")), "events.t.fields.user_id");
  EXPECT_EQ(refused_field(typing(R"({"path": "u", "optional": 1})")), "events.t.fields.user_id.optional");
  EXPECT_EQ(refused_field(typing(R"({"path": "u", "values": {"a": true}})")),
            "events.t.fields.user_id.values");
  EXPECT_EQ(refused_field(typing(R"({"path": "u", "item": {}})")), "events.t.fields.user_id.item");
  EXPECT_EQ(refused_field(typing(R"({"value": true})")), "events.t.fields.user_id.value");
  EXPECT_EQ(refused_field(typing(R"({"path": "u.", "optional": true})")), "events.t.fields.user_id.path");
}

TEST(LoaderTest, BooleanValuesAndConstants) {
  const auto typing = [](const char* spec) {
    return std::string(R"({"events": {"t": {"signal": "typing", "fields": {"user_id": "u", "typing": )") +
           spec + "}}}}";
  };
  EXPECT_EQ(refused_field(typing(R"({"path": "s", "values": {"start": "yes"}})")),
            "events.t.fields.typing.values.start");
  EXPECT_EQ(refused_field(typing(R"({"path": "s", "values": {}})")), "events.t.fields.typing.values");
  EXPECT_EQ(refused_field(typing(R"({"value": "yes"})")), "events.t.fields.typing.value");
  EXPECT_EQ(refused_field(typing(R"({"value": true, "values": {"a": true}})")),
            "events.t.fields.typing.values");
  EXPECT_EQ(refused_field(typing(R"({"value": true})")), "<loaded>");
  EXPECT_EQ(refused_field(typing(R"({"path": "s", "values": {"start": true, "stop": false}})")), "<loaded>");
}

TEST(LoaderTest, ShapesAndItems) {
  EXPECT_EQ(refused_field(R"({"shapes": {"room": {}}})"), "shapes.room");
  EXPECT_EQ(refused_field(R"({"shapes": {"message": {"fields": {"body": "b"}}}})"),
            "shapes.message.fields.body");
  EXPECT_EQ(refused_field(R"({"shapes": {"member": {"fields": {}}}})"), "shapes.member.fields.user_id");
  EXPECT_EQ(refused_field(R"({"shapes": {"message": {"filter": {"a..b": 1}}}})"),
            "shapes.message.filter.a..b");
  EXPECT_EQ(refused_field(R"({"shapes": {"message": {"filter": "text"}}})"), "shapes.message.filter");
  // A member list needs a member shape, from shapes or its own item.
  EXPECT_EQ(refused_field(R"({"events": {"a": {"signal": "members", "fields": {"members": "list"}}}})"),
            "events.a.fields.members");
  EXPECT_EQ(refused_field(R"({"events": {"a": {"signal": "members", "fields": {"members": {"path": "list",
            "item": {"fields": {"user_id": "id", "text": "t"}}}}}}})"),
            "events.a.fields.members.item.fields.text");
  EXPECT_EQ(refused_field(R"({"events": {"a": {"signal": "members", "fields": {"members": {"path": "list",
            "item": {"fields": {"user_id": "id"}}}}}}})"),
            "<loaded>");
  EXPECT_EQ(
      refused_field(R"({"events": {"a": {"signal": "members", "fields": {"members": {"value": []}}}}})"),
      "events.a.fields.members.value");
}

TEST(LoaderTest, MessageSignalNeedsAMessageShape) {
  const char* patch = R"({"shapes": null, "requests": {"send": null}})";
  EXPECT_EQ(refused_field(patch), "events.said.fields");
  EXPECT_EQ(refused_field(R"({"shapes": null, "requests": {"send": null}, "events": {"said": {"fields":
            {"message": {"path": "m", "item": {"fields": {"id": "i", "author_id": "a", "text": "t"}}}}}}})"),
            "<loaded>");
}

TEST(LoaderTest, ConfirmationsMustHaveTheirEvent) {
  EXPECT_EQ(refused_field(R"({"events": {"said": null}})"), "requests.send.confirm");
  EXPECT_EQ(refused_field(R"({"requests": {"join": {"confirm": "event"}}})"), "requests.join.confirm");
  EXPECT_EQ(refused_field(R"({"requests": {"history": {"event": "h", "confirm": "event"}}})"),
            "requests.history.confirm");
  EXPECT_EQ(refused_field(R"({"requests": {"members": {"event": "m", "confirm": "event"}}})"),
            "requests.members.confirm");
  EXPECT_EQ(refused_field(R"({"events": {"h": {"signal": "history", "confirms_join": true,
            "fields": {"messages": "m"}}}})"),
            "events.h.confirms_join");
  EXPECT_EQ(
      refused_field(R"({"requests": {"join": {"confirm": "event"}}, "events": {"h": {"signal": "history",
            "confirms_join": true, "fields": {"messages": "m"}}}})"),
      "<loaded>");
  EXPECT_EQ(refused_field(R"({"events": {"x": {"signal": "members", "confirms_join": true}}})"),
            "events.x.confirms_join")
      << "only a history event can confirm a join";
}

TEST(LoaderTest, ResponsesSection) {
  EXPECT_EQ(refused_field(R"({"responses": {"fields": {"okay": "ok"}}})"), "responses.fields.okay");
  EXPECT_EQ(refused_field(R"({"responses": {"ok": "ok"}})"), "responses.ok");
  EXPECT_EQ(refused_field(R"({"responses": {"fields": {"members": "members"}}})"),
            "responses.fields.members");
  EXPECT_EQ(refused_field(R"({"responses": {"fields": {"ok": "ok", "messages": "messages"}}})"), "<loaded>");
}

TEST(LoaderTest, CapabilitiesOfAMinimalDocument) {
  const Dialect dialect = test::must_load(kBase);
  const Capabilities& caps = dialect.capabilities();
  EXPECT_TRUE(caps.has(Operation::kJoin));
  EXPECT_TRUE(caps.has(Operation::kSend));
  for (Operation op : {Operation::kLeave, Operation::kTypingStart, Operation::kTypingStop,
                       Operation::kMarkRead, Operation::kHistory, Operation::kMembers}) {
    EXPECT_FALSE(caps.has(op)) << chat::to_string(op);
  }
  EXPECT_EQ(caps.join_confirmation, Confirmation::kNone);
  EXPECT_EQ(caps.send_confirmation, Confirmation::kEvent);
  EXPECT_FALSE(caps.idempotent_send);
  EXPECT_EQ(caps.typing_expires_ms, 0);
  EXPECT_FALSE(caps.history_since);
  EXPECT_FALSE(caps.history_before);
  EXPECT_FALSE(caps.history_after_join);
  EXPECT_FALSE(caps.read_receipt_per_message);
  EXPECT_FALSE(caps.has_seq);
  EXPECT_FALSE(caps.identifies_users_by_name);
}

TEST(LoaderTest, HistorySinceNeedsBothSinceOnJoinAndAfterOnHistory) {
  const char* history = R"({"requests": {"history": {"event": "h", "confirm": "none",
                            "payload": {"room": "{room}", "after": "{after}"}}}})";
  auto only_after = load_patched(history);
  ASSERT_TRUE(only_after.ok());
  EXPECT_FALSE(only_after->capabilities().history_since);
  EXPECT_FALSE(only_after->capabilities().history_before);

  Json doc = Json::parse(kBase);
  doc.merge_patch(Json::parse(history));
  doc.merge_patch(Json::parse(R"({"requests": {"join": {"payload": {"since": "{since}"}},
                                   "history": {"payload": {"before": "{before}"}}}})"));
  auto both = Dialect::load(doc);
  ASSERT_TRUE(both.ok()) << both.error().message;
  EXPECT_TRUE(both->capabilities().history_since);
  EXPECT_TRUE(both->capabilities().history_before);
}

TEST(LoaderTest, HistoryAroundNeedsAroundAndAfterOnHistory) {
  auto only_around = load_patched(R"({"requests": {"history": {"event": "h", "confirm": "ack",
                                      "payload": {"room": "{room}", "around": "{around}"}}}})");
  ASSERT_TRUE(only_around.ok()) << only_around.error().message;
  EXPECT_FALSE(only_around->capabilities().history_around) << "a window that cannot page newer never ends";
  auto both = load_patched(R"({"requests": {"history": {"event": "h", "confirm": "ack",
                               "payload": {"room": "{room}", "around": "{around}", "after": "{after}"}}}})");
  ASSERT_TRUE(both.ok()) << both.error().message;
  EXPECT_TRUE(both->capabilities().history_around);

  auto elsewhere = load_patched(R"({"requests": {"members": {"event": "m", "confirm": "ack",
                                    "payload": {"room": "{room}", "near": "{around}"}}}})");
  ASSERT_FALSE(elsewhere.ok());
  EXPECT_NE(elsewhere.error().message.find("{around} has no value in a members request"), std::string::npos)
      << elsewhere.error().message;
}

TEST(LoaderTest, FlagsBecomeCapabilities) {
  auto loaded = load_patched(R"({
    "user_key": "name",
    "typing": {"expires_ms": 4500},
    "requests": {
      "send": {"payload": {"cid": "{client_id}"}, "confirm": "ack", "idempotent": true},
      "history": {"event": "h", "confirm": "none", "after_join": true},
      "mark_read": {"event": "r", "confirm": "none", "per_message": true, "payload": {"id": "{message_id}"}}
    },
    "shapes": {"message": {"fields": {"seq": "n"}}}
  })");
  ASSERT_TRUE(loaded.ok()) << loaded.error().field << ": " << loaded.error().message;
  const Capabilities& caps = loaded->capabilities();
  EXPECT_TRUE(caps.identifies_users_by_name);
  EXPECT_EQ(caps.typing_expires_ms, 4500);
  EXPECT_EQ(caps.send_confirmation, Confirmation::kAck);
  EXPECT_TRUE(caps.idempotent_send);
  EXPECT_TRUE(caps.history_after_join);
  EXPECT_TRUE(caps.read_receipt_per_message);
  EXPECT_TRUE(caps.has_seq);
}

TEST(LoaderTest, ChangesToMessagesAreAckedAndNameWhatTheyChange) {
  EXPECT_EQ(refused_field(R"({"requests": {"edit": {"event": "e", "confirm": "none",
            "payload": {"id": "{message_id}", "text": "{text}"}}}})"),
            "requests.edit.confirm");
  EXPECT_EQ(refusal_message(R"({"requests": {"edit": {"event": "e", "confirm": "ack",
            "payload": {"id": "{message_id}"}}}})"),
            "{text} is missing: every edit request needs it");
  EXPECT_EQ(refused_field(R"({"requests": {"react": {"event": "r", "confirm": "ack",
            "payload": {"id": "{message_id}", "emoji": "{emoji}"}}}})"),
            "requests.react.payload");
  EXPECT_EQ(refused_field(R"({"requests": {"delete": {"event": "d", "confirm": "ack", "payload": {"n": 1}}}})"),
            "requests.delete.payload");
  EXPECT_EQ(refused_field(R"({"requests": {"changes": {"event": "c", "confirm": "ack", "payload": {"r": "{room}"}}}})"),
            "requests.changes.payload");
  // What each needs, in this order.
  EXPECT_EQ(refusal_message(R"({"requests": {"react": {"event": "r", "confirm": "ack",
            "payload": {"id": "{message_id}", "emoji": "{emoji}"}}}})"),
            "{on} is missing: every react request needs it");
  EXPECT_EQ(refusal_message(R"({"requests": {"react": {"event": "r", "confirm": "ack", "payload": {"o": "{on}"}}}})"),
            "{message_id} is missing: every react request needs it");
  EXPECT_EQ(refusal_message(R"({"requests": {"react": {"event": "r", "confirm": "ack",
            "payload": {"id": "{message_id}", "o": "{on}"}}}})"),
            "{emoji} is missing: every react request needs it");
  EXPECT_EQ(refusal_message(R"({"requests": {"edit": {"event": "e", "confirm": "ack", "payload": {"t": "{text}"}}}})"),
            "{message_id} is missing: every edit request needs it");
  EXPECT_EQ(refusal_message(R"({"requests": {"delete": {"event": "d", "confirm": "ack", "payload": {"n": 1}}}})"),
            "{message_id} is missing: every delete request needs it");
  EXPECT_EQ(refusal_message(R"({"requests": {"changes": {"event": "c", "confirm": "ack", "payload": {"r": "{room}"}}}})"),
            "{after_rev} is missing: every changes request needs it");
  EXPECT_EQ(refused_field(R"({"requests": {"send": {"payload": {"e": "{emoji}"}}}})"), "requests.send.payload.e");
  EXPECT_EQ(refused_field(R"({"requests": {"delete": {"event": "d", "confirm": "ack",
            "payload": {"id": "{message_id}", "t": "{text}"}}}})"),
            "requests.delete.payload.t");
  EXPECT_EQ(refused_field(R"({"events": {"changed": {"signal": "message_updated"}}})"), "<loaded>");
}

TEST(LoaderTest, RepliesAndChangesSinceAreCapabilities) {
  auto plain = load_patched("{}");
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->capabilities().replies);
  EXPECT_FALSE(plain->capabilities().changes_since);
  auto full = load_patched(R"({"requests": {
    "send": {"payload": {"re": "{reply_to}"}},
    "join": {"payload": {"since": "{since}", "rev": "{since_rev}"}},
    "changes": {"event": "c", "confirm": "ack", "payload": {"after": "{after_rev}", "n": "{limit}"}}
  }})");
  ASSERT_TRUE(full.ok()) << full.error().field << ": " << full.error().message;
  EXPECT_TRUE(full->capabilities().replies);
  EXPECT_TRUE(full->capabilities().changes_since);
  EXPECT_TRUE(full->capabilities().has(Operation::kChanges));
}

TEST(LoaderTest, LoadingFromTextOrFromJsonIsTheSame) {
  const Dialect from_text = test::must_load(kBase);
  auto from_json = Dialect::load(Json::parse(kBase));
  ASSERT_TRUE(from_json.ok());
  EXPECT_EQ(from_json->name(), from_text.name());
  EXPECT_EQ(from_json->capabilities().has(Operation::kSend), from_text.capabilities().has(Operation::kSend));
}

TEST(LoaderTest, CommentsAreAcceptedWhereDocumented) {
  EXPECT_EQ(refused_field(R"({
    "comment": ["line 1", "line 2"],
    "typing": {"comment": "t"},
    "requests": {"join": {"comment": "j"}},
    "shapes": {"comment": "s", "message": {"comment": "m", "fields": {"id": {"path": "id", "comment": "c"}}}},
    "events": {"said": {"comment": "e"}},
    "responses": {"comment": "r"}
  })"),
            "<loaded>");
}

}  // namespace
}  // namespace chatwire::dialect
