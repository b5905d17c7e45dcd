// Features of the document format that no preset uses to the full: nested
// messages, alternative paths, value maps, constants, event filters, item
// shapes, epoch seconds, placeholders inside text, array payloads.
#include <gtest/gtest.h>

#include "dialect/dialect_test_util.h"

namespace chatwire::dialect {
namespace {

using chat::Operation;
using test::one_arg;
using test::request;
using test::signal_as;

constexpr const char* kCustom = R"({
  "name": "custom",
  "epoch_unit": "s",
  "room_ids": "number",
  "requests": {
    "join": {
      "event": "enter",
      "payload": {"where": "{room}", "tag": "room-{room}", "who": {"id": "{user.id}", "name": "{user.name}"},
                  "v": 2, "raw": "{{not a placeholder}}"},
      "confirm": "none"
    },
    "send": {"event": "post", "payload": ["{room}", "{text}", "{client_id}"], "confirm": "event"},
    "typing_start": {"event": "busy", "confirm": "none"}
  },
  "shapes": {
    "message": {
      "fields": {
        "id": "mid",
        "author_id": ["from.id", "fromId"],
        "author_name": ["from.name", "from.id", "fromId"],
        "text": "body",
        "created_at": {"path": "at", "optional": true},
        "client_id": {"path": "cid", "optional": true}
      }
    }
  },
  "events": {
    "posted": {"signal": "message", "fields": {"message": "data", "room": "channel"}},
    "wrapped": {"signal": "message", "fields": {"message": {"path": "payload.msg", "optional": true}}},
    "status": {
      "signal": "presence",
      "filter": {"kind": "presence"},
      "fields": {"user_id": "u", "online": {"path": "state", "values": {"on": true, "away": true, "off": false}}}
    },
    "typing_on": {
      "signal": "typing",
      "fields": {"user_id": "u", "typing": {"value": true}, "ttl_ms": {"path": "ttl", "optional": true}}
    },
    "seen": {
      "signal": "receipt",
      "fields": {"user_id": {"path": "u", "optional": true}, "message_id": {"path": "m", "optional": true},
                 "seq": {"path": "n", "optional": true}}
    },
    "roster": {
      "signal": "members",
      "fields": {"members": {"path": "people", "item": {
        "fields": {"user_id": "uid", "user_name": "nick", "online": {"path": "here", "optional": true}},
        "filter": {"bot": false}}}}
    }
  }
})";

const chat::User kAnn{"u1", "Ann"};

class CustomDialectTest : public ::testing::Test {
 protected:
  Dialect dialect = test::must_load(kCustom);
};

TEST_F(CustomDialectTest, PlaceholdersInsideTextAndNestedObjects) {
  test::expect_emit(dialect, request(Operation::kJoin, "7"), kAnn, "enter",
                    R"({"where": 7, "tag": "room-7", "who": {"id": "u1", "name": "Ann"}, "v": 2,
                        "raw": "{not a placeholder}"})",
                    false);
}

TEST_F(CustomDialectTest, ArrayPayloadDropsAbsentElements) {
  test::expect_emit(dialect, test::send_request("7", "c-1", "hi"), kAnn, "post", R"([7, "hi", "c-1"])",
                    false);
  test::expect_emit(dialect, test::send_request("7", "", "hi"), kAnn, "post", R"([7, "hi"])", false);
}

TEST_F(CustomDialectTest, RequestWithoutPayloadEmitsNoArgument) {
  test::expect_emit(dialect, request(Operation::kTypingStart, "not-a-number"), kAnn, "busy", "", false);
}

TEST_F(CustomDialectTest, NestedMessageWithRoomOutside) {
  const auto signal = signal_as<chat::MessageSignal>(dialect.decode_event("posted", one_arg(R"({
    "channel": 5, "data": {"mid": 9, "from": {"id": 2, "name": "Bo"}, "body": "hey", "at": 1731788130.5,
                           "cid": "c-9"}})")));
  EXPECT_EQ(signal.room, "5");
  chat::Message expected = test::message("9", "5", {"2", "Bo"}, "hey", 1'731'788'130'500);
  expected.client_id = "c-9";
  EXPECT_EQ(signal.message, expected);
}

TEST_F(CustomDialectTest, AlternativePathsAndOptionalFields) {
  const auto signal = signal_as<chat::MessageSignal>(dialect.decode_event(
      "posted", one_arg(R"({"channel": "5", "data": {"mid": "m", "fromId": 3, "body": ""}})")));
  EXPECT_EQ(signal.message.author, (chat::User{"3", "3"}));
  EXPECT_EQ(signal.message.created_at_ms, 0) << "an optional timestamp that is absent";
  EXPECT_EQ(signal.message.text, "");
  EXPECT_EQ(test::malformed_message(dialect.decode_event(
                "posted", one_arg(R"({"channel": 5, "data": {"mid": "m", "body": "x"}})"))),
            "posted: 'data.from.id' is missing");
  EXPECT_EQ(
      test::malformed_message(dialect.decode_event(
          "posted", one_arg(R"({"channel": 5, "data": {"mid": "m", "from": {"id": []}, "body": "x"}})"))),
      "posted: 'data.from.id' is not a string or an integer");
  EXPECT_EQ(
      test::malformed_message(dialect.decode_event("posted", one_arg(R"({"channel": 5, "data": "m"})"))),
      "posted: 'data' is not an object");
  EXPECT_EQ(test::malformed_message(dialect.decode_event(
                "posted", one_arg(R"({"data": {"mid": "m", "fromId": 3, "body": ""}})"))),
            "posted: 'channel' is missing");
}

TEST_F(CustomDialectTest, OptionalMessageThatIsAbsentIsIgnored) {
  EXPECT_TRUE(test::is_ignored(dialect.decode_event("wrapped", one_arg(R"({"payload": {}})"))));
  const auto signal = signal_as<chat::MessageSignal>(dialect.decode_event(
      "wrapped", one_arg(R"({"payload": {"msg": {"mid": 1, "fromId": 1, "body": "b", "at": 10}}})")));
  EXPECT_EQ(signal.room, std::nullopt);
  EXPECT_EQ(signal.message.created_at_ms, 10'000) << "epoch seconds";
}

TEST_F(CustomDialectTest, EventFilterAndValueMap) {
  EXPECT_TRUE(test::is_ignored(
      dialect.decode_event("status", one_arg(R"({"kind": "other", "u": 1, "state": "on"})"))));
  EXPECT_TRUE(test::is_ignored(dialect.decode_event("status", one_arg(R"({"u": 1, "state": "on"})"))));
  const auto away = signal_as<chat::PresenceSignal>(
      dialect.decode_event("status", one_arg(R"({"kind": "presence", "u": 1, "state": "away"})")));
  EXPECT_TRUE(away.online);
  const auto off = signal_as<chat::PresenceSignal>(
      dialect.decode_event("status", one_arg(R"({"kind": "presence", "u": 1, "state": "off"})")));
  EXPECT_FALSE(off.online);
  EXPECT_EQ(test::malformed_message(
                dialect.decode_event("status", one_arg(R"({"kind": "presence", "u": 1, "state": "busy"})"))),
            "status: 'state' is not one of \"away\", \"off\", \"on\"");
  EXPECT_EQ(test::malformed_message(
                dialect.decode_event("status", one_arg(R"({"kind": "presence", "u": 1, "state": true})"))),
            "status: 'state' is not one of \"away\", \"off\", \"on\"");
}

TEST_F(CustomDialectTest, ConstantTypingState) {
  const auto typing =
      signal_as<chat::TypingSignal>(dialect.decode_event("typing_on", one_arg(R"({"u": 4, "ttl": 2500})")));
  EXPECT_TRUE(typing.typing);
  EXPECT_EQ(typing.user, (chat::User{"4", ""}));
  EXPECT_EQ(typing.ttl_ms, 2500);
  const auto no_ttl =
      signal_as<chat::TypingSignal>(dialect.decode_event("typing_on", one_arg(R"({"u": 4, "ttl": "x"})")));
  EXPECT_EQ(no_ttl.ttl_ms, std::nullopt) << "a mistyped optional field reads as absent";
}

TEST_F(CustomDialectTest, ReceiptNeedsTheMessageOrItsSeq) {
  const auto by_seq = signal_as<chat::ReceiptSignal>(dialect.decode_event("seen", one_arg(R"({"n": 4})")));
  EXPECT_EQ(by_seq.seq, 4);
  EXPECT_EQ(by_seq.user, std::nullopt);
  const auto by_id =
      signal_as<chat::ReceiptSignal>(dialect.decode_event("seen", one_arg(R"({"u": "a", "m": 12})")));
  EXPECT_EQ(by_id.user, (chat::User{"a", ""}));
  EXPECT_EQ(by_id.message_id, "12");
  EXPECT_EQ(test::malformed_message(dialect.decode_event("seen", one_arg(R"({"u": "a"})"))),
            "seen: names neither the message read nor its seq");
}

TEST_F(CustomDialectTest, ItemShapeWithFilterAndDefaultOnline) {
  const auto roster = signal_as<chat::MembersSignal>(dialect.decode_event("roster", one_arg(R"({"people": [
    {"uid": 1, "nick": "a", "bot": false}, {"uid": 2, "nick": "b", "bot": true},
    {"uid": 3, "nick": "c", "bot": false, "here": false}]})")));
  EXPECT_EQ(roster.room, std::nullopt);
  EXPECT_EQ(roster.members, (std::vector<chat::Member>{{{"1", "a"}, true}, {{"3", "c"}, false}}));
}

TEST_F(CustomDialectTest, NoResponsesSectionMeansEveryAckSucceeds) {
  const chat::Response response = dialect.decode_response(Operation::kSend, Json::array({"anything"}));
  EXPECT_TRUE(response.ok);
  EXPECT_FALSE(response.message);
}

TEST_F(CustomDialectTest, NumericRoomIsCheckedOnlyWhenThePayloadHasIt) {
  auto join = dialect.encode(request(Operation::kJoin, "lobby"), kAnn);
  ASSERT_FALSE(join.ok());
  EXPECT_EQ(join.error().code, EncodeError::Code::kInvalidRoomId);
  EXPECT_EQ(join.error().message, "custom needs integer room ids; \"lobby\" is not one");
  EXPECT_TRUE(dialect.encode(request(Operation::kTypingStart, "lobby"), kAnn).ok());
}

}  // namespace
}  // namespace chatwire::dialect
