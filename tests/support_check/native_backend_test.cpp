// The in-memory native backend, driven through a real Session and FakeServer:
// raw protocol events in, acks and pushes out, checked against
// docs/protocol.md.
#include "support/native_backend.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/pair.h"

namespace chatwire::testing {
namespace {

using session::AckReceived;
using session::EmitFailed;
using session::EmitFailure;
using session::EmitOptions;
using session::ServerEvent;

EmitOptions with_ack(std::int64_t timeout_ms) {
  EmitOptions options;
  options.ack_timeout_ms = timeout_ms;
  return options;
}

std::string repeat(std::string_view piece, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += piece;
  return out;
}

/// The seqs of a JSON array of messages.
std::vector<std::int64_t> seqs(const Json& messages) {
  std::vector<std::int64_t> out;
  for (const Json& message : messages) out.push_back(message.at("seq").get<std::int64_t>());
  return out;
}

std::vector<std::int64_t> range(std::int64_t first, std::int64_t last) {
  std::vector<std::int64_t> out;
  for (std::int64_t seq = first; seq <= last; ++seq) out.push_back(seq);
  return out;
}

std::string error_code(const Json& ack) {
  if (!ack.is_object() || !ack.contains("error")) return "<no error: " + ack.dump() + ">";
  return ack.at("error").at("code").get<std::string>();
}

class NativeBackendTest : public ::testing::Test {
 protected:
  NativeBackendTest() : pair(test_config(), backend.script()) { pair.connect(); }

  /// Emits `event` with `payload` and an ack id, drives, and returns the
  /// ack's one argument, or null when no ack came.
  Json call(std::string_view event, Json payload) {
    const auto id = pair.client.emit(pair.now, event, Json::array({std::move(payload)}), with_ack(5000));
    EXPECT_TRUE(id);
    if (!id) return Json();
    pair.drive();
    for (const auto& ack : pair.events_of<AckReceived>()) {
      if (ack.id != *id) continue;
      const Json args = Json::parse(ack.args_json);
      EXPECT_EQ(args.size(), 1u) << ack.args_json;
      return args.empty() ? Json() : args[0];
    }
    return Json();
  }

  /// Emits without an ack id (as `typing` is sent).
  void tell(std::string_view event, Json payload) {
    ASSERT_TRUE(pair.client.emit(pair.now, event, Json::array({std::move(payload)})));
    pair.drive();
  }

  /// The payloads of the pushes named `name` the client received, in order,
  /// after delivering what the backend pushed since the last drive.
  [[nodiscard]] std::vector<Json> received(std::string_view name) {
    pair.drive();
    std::vector<Json> out;
    for (const auto& event : pair.events_of<ServerEvent>()) {
      if (event.name != name) continue;
      const Json args = Json::parse(event.args_json);
      out.push_back(args.empty() ? Json() : args[0]);
    }
    return out;
  }

  void reconnect() {
    pair.server.drop_connection();
    pair.drive();
    while (pair.client.state() != State::kConnected) ASSERT_TRUE(pair.step());
  }

  NativeBackend backend;
  Pair pair;
  const chat::User grace{"u2", "Grace"};
};

TEST_F(NativeBackendTest, JoinOfAnEmptyRoomHasTheDocumentedShape) {
  EXPECT_EQ(call("join", {{"room", "general"}}), Json::parse(R"({
    "ok": true, "room": "general",
    "members": [{"user": {"id": "u1", "name": "Ada"}, "online": true}],
    "messages": [], "hasMore": false, "readSeq": 0, "lastSeq": 0, "rev": 0})"));
  EXPECT_TRUE(backend.client_in("general"));
}

TEST_F(NativeBackendTest, JoinWithoutSinceGivesTheLatestFiftyOldestFirst) {
  backend.post_many("general", grace, 60);
  EXPECT_TRUE(received("message").empty());  // not joined yet

  const Json ack = call("join", {{"room", "general"}});
  EXPECT_EQ(seqs(ack.at("messages")), range(11, 60));
  EXPECT_EQ(ack.at("hasMore"), true);
  EXPECT_EQ(ack.at("lastSeq"), 60);
  EXPECT_EQ(ack.at("messages")[0], Json::parse(R"({"id": "m-11", "room": "general", "seq": 11,
    "clientId": null, "author": {"id": "u2", "name": "Grace"}, "text": "message 11", "createdAt": 0,
    "version": 1, "rev": 11, "editedAt": null, "deleted": false, "reactions": [], "replyTo": null})"));
}

TEST_F(NativeBackendTest, JoinSinceGivesUpToAHundredNewerAndSaysWhetherMoreExist) {
  backend.post_many("general", grace, 150);
  Json ack = call("join", {{"room", "general"}, {"since", 20}});
  EXPECT_EQ(seqs(ack.at("messages")), range(21, 120));
  EXPECT_EQ(ack.at("hasMore"), true);
  EXPECT_EQ(ack.at("lastSeq"), 150);

  // Joining again on the same connection is not an error.
  ack = call("join", {{"room", "general"}, {"since", 140}});
  EXPECT_EQ(seqs(ack.at("messages")), range(141, 150));
  EXPECT_EQ(ack.at("hasMore"), false);

  ack = call("join", {{"room", "general"}, {"since", 150}});
  EXPECT_EQ(ack.at("messages"), Json::array());
  EXPECT_EQ(ack.at("hasMore"), false);

  EXPECT_EQ(error_code(call("join", {{"room", "general"}, {"since", -1}})), "bad_request");
  EXPECT_EQ(error_code(call("join", {{"room", ""}})), "bad_request");
}

TEST_F(NativeBackendTest, SendTakesTheNextSeqAndTheServerClockAndEchoesBeforeTheAck) {
  ASSERT_EQ(call("join", {{"room", "general"}}).at("ok"), true);
  backend.post_many("general", grace, 2);
  pair.drive();
  pair.advance_by(1234);
  pair.clear_log();

  const Json ack = call("send", {{"room", "general"}, {"clientId", "c-1"}, {"text", "Hello"}});
  const Json stored = Json::parse(R"({"id": "m-3", "room": "general", "seq": 3, "clientId": "c-1",
    "author": {"id": "u1", "name": "Ada"}, "text": "Hello", "createdAt": 1234,
    "version": 1, "rev": 3, "editedAt": null, "deleted": false, "reactions": [], "replyTo": null})");
  EXPECT_EQ(ack, (Json{{"ok", true}, {"message", stored}}));
  EXPECT_EQ(received("message"), std::vector<Json>{stored});
  ASSERT_EQ(pair.events.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<ServerEvent>(pair.events[0]));
  EXPECT_TRUE(std::holds_alternative<AckReceived>(pair.events[1]));
  EXPECT_EQ(backend.messages("general").back().client_id, "c-1");
}

TEST_F(NativeBackendTest, AckBeforeEchoSwitchesTheOrder) {
  backend.send_order = SendOrder::kAckBeforeEcho;
  ASSERT_EQ(call("join", {{"room", "general"}}).at("ok"), true);
  pair.clear_log();
  ASSERT_EQ(call("send", {{"room", "general"}, {"clientId", "c-1"}, {"text", "Hello"}}).at("ok"), true);
  ASSERT_EQ(pair.events.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<AckReceived>(pair.events[0]));
  EXPECT_TRUE(std::holds_alternative<ServerEvent>(pair.events[1]));
}

TEST_F(NativeBackendTest, RepeatedSendReturnsTheStoredMessageAndIsNotBroadcastAgain) {
  ASSERT_EQ(call("join", {{"room", "general"}}).at("ok"), true);
  const Json first = call("send", {{"room", "general"}, {"clientId", "c-1"}, {"text", "Hello"}});
  // Room and text of a repeat are not compared: the first send wins.
  const Json repeat = call("send", {{"room", "general"}, {"clientId", "c-1"}, {"text", "Changed"}});
  EXPECT_EQ(repeat, first);
  EXPECT_EQ(repeat.at("message").at("text"), "Hello");
  EXPECT_EQ(backend.stored_count("general"), 1u);
  EXPECT_EQ(backend.sends_received, 2u);
  EXPECT_EQ(backend.duplicate_sends, 1u);
  EXPECT_EQ(received("message").size(), 1u);
}

TEST_F(NativeBackendTest, ARepeatAfterAReconnectIsAnsweredBeforeTheRoomIsRejoined) {
  ASSERT_EQ(call("join", {{"room", "general"}}).at("ok"), true);
  const Json first = call("send", {{"room", "general"}, {"clientId", "c-1"}, {"text", "Hello"}});
  ASSERT_EQ(first.at("ok"), true);
  reconnect();
  EXPECT_FALSE(backend.client_in("general"));

  EXPECT_EQ(call("send", {{"room", "general"}, {"clientId", "c-1"}, {"text", "Hello"}}), first);
  EXPECT_EQ(error_code(call("send", {{"room", "general"}, {"clientId", "c-2"}, {"text", "Again"}})),
            "not_member");
  ASSERT_EQ(call("join", {{"room", "general"}}).at("ok"), true);
  EXPECT_EQ(
      call("send", {{"room", "general"}, {"clientId", "c-2"}, {"text", "Again"}}).at("message").at("seq"), 2);
  EXPECT_EQ(backend.stored_count("general"), 2u);
}

TEST_F(NativeBackendTest, SendErrorsHaveTheDocumentedCodesAndStoreNothing) {
  const auto send = [&](Json payload) { return error_code(call("send", std::move(payload))); };
  EXPECT_EQ(send({{"room", "general"}, {"clientId", "c-1"}, {"text", "Hi"}}), "not_member");
  ASSERT_EQ(call("join", {{"room", "general"}}).at("ok"), true);

  EXPECT_EQ(send({{"room", "general"}, {"clientId", "c-1"}, {"text", ""}}), "empty");
  EXPECT_EQ(send({{"room", "general"}, {"clientId", "c-1"}, {"text", " \t\n\u00a0\u3000"}}), "empty");
  EXPECT_EQ(send({{"room", "general"}, {"clientId", "c-1"}, {"text", std::string(4001, 'a')}}), "too_long");
  EXPECT_EQ(send({{"room", "general"}, {"clientId", "c-1"}, {"text", 42}}), "bad_request");
  EXPECT_EQ(send({{"room", "general"}, {"text", "Hi"}}), "bad_request");
  EXPECT_EQ(send({{"room", "general"}, {"clientId", ""}, {"text", "Hi"}}), "bad_request");
  EXPECT_EQ(send({{"room", "general"}, {"clientId", std::string(65, 'c')}, {"text", "Hi"}}), "bad_request");
  EXPECT_EQ(send({{"clientId", "c-1"}, {"text", "Hi"}}), "bad_request");
  EXPECT_EQ(send("just a string"), "bad_request");
  EXPECT_EQ(backend.stored_count("general"), 0u);
  EXPECT_TRUE(received("message").empty());

  // None of the failures used up c-1.
  EXPECT_EQ(call("send", {{"room", "general"}, {"clientId", "c-1"}, {"text", "Hi"}}).at("message").at("seq"),
            1);
  EXPECT_EQ(backend.duplicate_sends, 0u);
}

TEST_F(NativeBackendTest, LengthsAreCountedInCodePointsNotBytes) {
  ASSERT_EQ(call("join", {{"room", "general"}}).at("ok"), true);
  const std::string smiley = "\xF0\x9F\x98\x80";  // U+1F600: 4 bytes, 2 UTF-16 units
  const std::string e_acute = "\xC3\xA9";
  EXPECT_EQ(
      call("send", {{"room", "general"}, {"clientId", repeat(e_acute, 64)}, {"text", repeat(smiley, 4000)}})
          .at("message")
          .at("seq"),
      1);
  EXPECT_EQ(
      error_code(call("send", {{"room", "general"}, {"clientId", "c-2"}, {"text", repeat(smiley, 4001)}})),
      "too_long");
  EXPECT_EQ(
      error_code(call("send", {{"room", "general"}, {"clientId", repeat(e_acute, 65)}, {"text", "Hi"}})),
      "bad_request");
}

TEST_F(NativeBackendTest, HistoryPagesBeforeAfterAndLatestWithHasMoreInTheDirectionAsked) {
  backend.post_many("general", grace, 120);
  ASSERT_EQ(call("join", {{"room", "general"}}).at("ok"), true);
  const auto page = [&](Json payload) {
    payload["room"] = "general";
    const Json ack = call("history", std::move(payload));
    EXPECT_EQ(ack.at("ok"), true) << ack.dump();
    return std::make_pair(seqs(ack.at("messages")), ack.at("hasMore").get<bool>());
  };
  EXPECT_EQ(page(Json::object()), std::make_pair(range(71, 120), true));
  EXPECT_EQ(page({{"limit", 5}}), std::make_pair(range(116, 120), true));
  EXPECT_EQ(page({{"before", 71}, {"limit", 30}}), std::make_pair(range(41, 70), true));
  EXPECT_EQ(page({{"before", 11}}), std::make_pair(range(1, 10), false));
  EXPECT_EQ(page({{"before", 1}}), std::make_pair(range(1, 0), false));
  EXPECT_EQ(page({{"after", 50}, {"limit", 20}}), std::make_pair(range(51, 70), true));
  EXPECT_EQ(page({{"after", 100}, {"limit", 100}}), std::make_pair(range(101, 120), false));
  EXPECT_EQ(page({{"after", 120}}), std::make_pair(range(1, 0), false));
  EXPECT_EQ(page({{"after", 0}, {"limit", 100}, {"before", nullptr}}), std::make_pair(range(1, 100), true));
}

TEST_F(NativeBackendTest, HistoryRefusesBadBoundsAndLimits) {
  EXPECT_EQ(error_code(call("history", {{"room", "general"}})), "not_member");
  ASSERT_EQ(call("join", {{"room", "general"}}).at("ok"), true);
  for (const Json& payload :
       {Json{{"limit", 0}}, Json{{"limit", 101}}, Json{{"limit", "10"}}, Json{{"limit", 2.5}},
        Json{{"before", 0}}, Json{{"after", -1}}, Json{{"before", 5}, {"after", 1}}}) {
    Json request = payload;
    request["room"] = "general";
    EXPECT_EQ(error_code(call("history", request)), "bad_request") << payload.dump();
  }
}

TEST_F(NativeBackendTest, TheReadCursorNeverMovesBackwardsNorPastTheLastMessage) {
  backend.post_many("general", grace, 10);
  EXPECT_EQ(error_code(call("read", {{"room", "general"}, {"seq", 5}})), "not_member");
  ASSERT_EQ(call("join", {{"room", "general"}}).at("readSeq"), 0);

  EXPECT_EQ(call("read", {{"room", "general"}, {"seq", 5}}), Json::parse(R"({"ok": true, "readSeq": 5})"));
  EXPECT_EQ(call("read", {{"room", "general"}, {"seq", 3}}).at("readSeq"), 5);
  EXPECT_EQ(call("read", {{"room", "general"}, {"seq", 99}}).at("readSeq"), 10);
  EXPECT_EQ(error_code(call("read", {{"room", "general"}, {"seq", -1}})), "bad_request");
  EXPECT_EQ(error_code(call("read", {{"room", "general"}, {"seq", "7"}})), "bad_request");
  EXPECT_EQ(error_code(call("read", {{"room", "general"}})), "bad_request");
  EXPECT_EQ(backend.read_seq("general"), 10);
  EXPECT_TRUE(received("read").empty());  // nobody else is connected

  reconnect();
  EXPECT_EQ(call("join", {{"room", "general"}, {"since", 10}}).at("readSeq"), 10);
}

TEST_F(NativeBackendTest, AfterADropTheClientMustRejoinAndSinceFillsTheGap) {
  ASSERT_EQ(call("join", {{"room", "general"}}).at("ok"), true);
  ASSERT_EQ(call("send", {{"room", "general"}, {"clientId", "c-1"}, {"text", "Hello"}}).at("ok"), true);
  pair.server.drop_connection();
  pair.drive();
  backend.post("general", grace, "lost in the void");  // nobody to deliver it to
  while (pair.client.state() != State::kConnected) ASSERT_TRUE(pair.step());
  backend.post_while_away("general", grace, "while away");
  pair.clear_log();

  EXPECT_EQ(error_code(call("history", {{"room", "general"}})), "not_member");
  backend.post("general", grace, "not joined yet");
  EXPECT_TRUE(received("message").empty());

  const Json ack = call("join", {{"room", "general"}, {"since", 1}});
  EXPECT_EQ(seqs(ack.at("messages")), range(2, 4));
  EXPECT_EQ(ack.at("messages")[1].at("text"), "while away");
  EXPECT_EQ(ack.at("lastSeq"), 4);
  EXPECT_EQ(backend.post("general", grace, "live").seq, 5);
  ASSERT_EQ(received("message").size(), 1u);
  EXPECT_EQ(received("message")[0].at("seq"), 5);
}

TEST_F(NativeBackendTest, PostsReachTheClientOnlyInRoomsItIsIn) {
  ASSERT_EQ(call("join", {{"room", "general"}}).at("ok"), true);
  backend.post("general", grace, "one");
  backend.post("random", grace, "elsewhere");
  backend.post_while_away("general", grace, "missed");
  EXPECT_EQ(call("leave", {{"room", "general"}}), Json::parse(R"({"ok": true})"));
  EXPECT_EQ(call("leave", {{"room", "general"}}), Json::parse(R"({"ok": true})"));  // idempotent
  backend.post("general", grace, "after leaving");

  ASSERT_EQ(received("message").size(), 1u);
  EXPECT_EQ(received("message")[0].at("text"), "one");
  EXPECT_EQ(backend.stored_count("general"), 3u);
  EXPECT_TRUE(backend.members("general").empty());
}

TEST_F(NativeBackendTest, OtherUsersActivityIsPushedWithTheDocumentedPayloads) {
  ASSERT_EQ(call("join", {{"room", "general"}}).at("ok"), true);
  const Json grace_json = Json::parse(R"({"id": "u2", "name": "Grace"})");

  backend.member_join("general", grace);
  backend.member_join("general", grace);  // already a member: nothing
  EXPECT_EQ(received("member_joined"), std::vector<Json>{(Json{{"room", "general"}, {"user", grace_json}})});

  backend.typing("general", grace, "start");
  EXPECT_EQ(received("typing"),
            std::vector<Json>{
                (Json{{"room", "general"}, {"user", grace_json}, {"state", "start"}, {"ttlMs", 6000}})});

  backend.post("general", grace, "hi");
  EXPECT_EQ(backend.read_by("general", grace, 1), 1);
  EXPECT_EQ(backend.read_by("general", grace, 1), 1);  // did not move: no event
  EXPECT_EQ(received("read"),
            std::vector<Json>{(Json{{"room", "general"}, {"user", grace_json}, {"seq", 1}})});

  backend.presence(grace, false);
  EXPECT_EQ(received("presence"), std::vector<Json>{(Json{{"user", grace_json}, {"online", false}})});
  EXPECT_EQ(call("members", {{"room", "general"}}), Json::parse(R"({"ok": true, "members": [
    {"user": {"id": "u1", "name": "Ada"}, "online": true},
    {"user": {"id": "u2", "name": "Grace"}, "online": false}]})"));

  backend.member_leave("general", grace);
  EXPECT_EQ(received("member_left"), std::vector<Json>{(Json{{"room", "general"}, {"user", grace_json}})});
  backend.presence(grace, true);  // no room shared any more
  EXPECT_EQ(received("presence").size(), 1u);

  backend.server_error("rate_limited", "too many typing events");
  EXPECT_EQ(received("error"),
            std::vector<Json>{(Json{{"code", "rate_limited"}, {"message", "too many typing events"}})});
}

TEST_F(NativeBackendTest, ClientTypingIsRecordedAndNeverAnswered) {
  ASSERT_EQ(call("join", {{"room", "general"}}).at("ok"), true);
  pair.advance_by(700);
  pair.clear_log();
  tell("typing", {{"room", "general"}, {"state", "start"}});
  tell("typing", {{"room", "general"}, {"state", "maybe"}});
  tell("typing", {{"room", "random"}, {"state", "start"}});
  EXPECT_EQ(call("typing", {{"room", "general"}, {"state", "stop"}}), Json());  // even with an ack id

  ASSERT_EQ(backend.typing_received.size(), 2u);
  EXPECT_EQ(backend.typing_received[0].room, "general");
  EXPECT_EQ(backend.typing_received[0].state, "start");
  EXPECT_EQ(backend.typing_received[0].at_ms, 700);
  EXPECT_EQ(backend.typing_received[1].state, "stop");
  EXPECT_TRUE(pair.events_of<AckReceived>().empty());
  ASSERT_EQ(backend.requests.size(), 5u);
  EXPECT_EQ(backend.requests[2].name, "typing");
  EXPECT_EQ(backend.requests[2].args, Json::parse(R"([{"room": "general", "state": "maybe"}])"));
}

TEST_F(NativeBackendTest, RejectNextFailsOneRequestWithTheGivenCode) {
  ASSERT_EQ(call("join", {{"room", "general"}}).at("ok"), true);
  backend.reject_next("send", "rate_limited", "slow down");
  EXPECT_EQ(call("send", {{"room", "general"}, {"clientId", "c-1"}, {"text", "Hi"}}),
            Json::parse(R"({"ok": false, "error": {"code": "rate_limited", "message": "slow down"}})"));
  EXPECT_EQ(backend.stored_count("general"), 0u);
  EXPECT_EQ(call("send", {{"room", "general"}, {"clientId", "c-1"}, {"text", "Hi"}}).at("message").at("seq"),
            1);
}

TEST_F(NativeBackendTest, ADroppedAckTimesOutButTheMessageIsStoredAndARetryGetsIt) {
  ASSERT_EQ(call("join", {{"room", "general"}}).at("ok"), true);
  backend.drop_acks_for("send");
  const Json payload = {{"room", "general"}, {"clientId", "c-1"}, {"text", "Hi"}};
  EXPECT_EQ(call("send", payload), Json());
  pair.advance_by(5000);
  ASSERT_EQ(pair.events_of<EmitFailed>().size(), 1u);
  EXPECT_EQ(pair.events_of<EmitFailed>()[0].failure, EmitFailure::kAckTimeout);
  EXPECT_EQ(backend.stored_count("general"), 1u);
  EXPECT_EQ(received("message").size(), 1u);  // the broadcast was not lost

  backend.clear_faults();
  EXPECT_EQ(call("send", payload).at("message").at("seq"), 1);
  EXPECT_EQ(backend.duplicate_sends, 1u);
  EXPECT_EQ(received("message").size(), 1u);
}

TEST_F(NativeBackendTest, HeldAcksArriveOnReleaseAndDieWithTheirConnection) {
  ASSERT_EQ(call("join", {{"room", "general"}}).at("ok"), true);
  backend.hold_acks_for("read");
  EXPECT_EQ(call("read", {{"room", "general"}, {"seq", 0}}), Json());
  EXPECT_EQ(backend.release_held_acks(), 1u);
  pair.drive();
  ASSERT_EQ(pair.events_of<AckReceived>().size(), 2u);
  EXPECT_EQ(Json::parse(pair.events_of<AckReceived>()[1].args_json), Json::parse(R"([{"ok": true, "readSeq": 0}])"));

  EXPECT_EQ(call("read", {{"room", "general"}, {"seq", 0}}), Json());
  reconnect();
  EXPECT_EQ(backend.release_held_acks(), 0u);
}

TEST_F(NativeBackendTest, UnknownAndIgnoredEventsGetNoAck) {
  EXPECT_EQ(call("shout", {{"room", "general"}}), Json());
  backend.ignore("join");
  EXPECT_EQ(call("join", {{"room", "general"}}), Json());
  EXPECT_FALSE(backend.client_in("general"));
  pair.advance_by(5000);
  EXPECT_EQ(pair.events_of<EmitFailed>().size(), 2u);
  ASSERT_EQ(backend.requests.size(), 2u);
  EXPECT_EQ(backend.requests[0].name, "shout");
}

TEST_F(NativeBackendTest, JoinOfAMissingRoomIsNotFoundWhenRoomsAreNotCreatedOnJoin) {
  backend.create_rooms_on_join = false;
  EXPECT_EQ(error_code(call("join", {{"room", "general"}})), "not_found");
  backend.add_room("general");
  EXPECT_EQ(call("join", {{"room", "general"}}).at("lastSeq"), 0);
}

TEST_F(NativeBackendTest, PagesOfHugeMessagesAreShortenedToFitTheFrameLimit) {
  const std::string big = repeat("\xF0\x9F\x98\x80", 4000);  // 16000 bytes each
  for (int i = 0; i < 100; ++i) backend.post_while_away("general", grace, big);
  const Json ack = call("join", {{"room", "general"}, {"since", 0}});
  ASSERT_EQ(ack.at("ok"), true) << "the client refused the frame";
  const auto got = seqs(ack.at("messages"));
  ASSERT_FALSE(got.empty());
  EXPECT_LT(got.size(), 100u);
  EXPECT_EQ(got, range(1, static_cast<std::int64_t>(got.size())));
  EXPECT_EQ(ack.at("hasMore"), true);
  EXPECT_TRUE(pair.events_of<session::Error>().empty());
}

}  // namespace
}  // namespace chatwire::testing
