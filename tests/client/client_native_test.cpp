// The whole client (session + chat model + the `chatwire` dialect) against a
// scripted backend speaking the native protocol, frame by frame, under a
// fake clock: the rules of the chat model as they look on the wire.
#include <gtest/gtest.h>

#include <iostream>

#include "support/client_pair.h"
#include "support/native_backend.h"
#include "support/native_fixture.h"

namespace chatwire::testing {
namespace {

using chat::MessageStatus;

const chat::User kBob{"u2", "Bob"};


TEST(ClientNative, JoinBringsHistoryMembersAndTheReadCursor) {
  NativeFixture f("");
  f.backend.post_many("lobby", kBob, 3);
  f.backend.member_join("lobby", kBob);
  f.backend.read_by("lobby", f.backend.me(), 2);
  f.join("lobby");
  EXPECT_EQ(f.pair.texts("lobby"), (std::vector<std::string>{"message 1", "message 2", "message 3"}));
  EXPECT_EQ(f.pair.room("lobby").unread_count(), 1u);
  EXPECT_EQ(f.pair.room("lobby").members().size(), 2u);
}

TEST(ClientNative, ASendIsAckedAndEchoedAndShownOnce) {
  for (auto order : {SendOrder::kEchoBeforeAck, SendOrder::kAckBeforeEcho}) {
    NativeFixture f;
    f.backend.send_order = order;
    auto client_id = f.pair.client.send(f.pair.now, "lobby", "hello");
    ASSERT_TRUE(client_id.ok());
    EXPECT_EQ(f.statuses("lobby"), std::vector<MessageStatus>{MessageStatus::kPending}) << "before the server answers";
    f.pair.drive();
    EXPECT_EQ(f.pair.texts("lobby"), std::vector<std::string>{"hello"});
    EXPECT_EQ(f.statuses("lobby"), std::vector<MessageStatus>{MessageStatus::kSent});
    EXPECT_EQ(f.pair.room("lobby").messages().at(0).seq, std::optional<std::int64_t>(1));
    EXPECT_EQ(f.backend.stored_count("lobby"), 1u);
  }
}

TEST(ClientNative, SixtySecondsOfTypingAtFiveKeystrokesASecond) {
  NativeFixture f;
  // 300 keystrokes, one every 200 ms, as a person typing steadily; the
  // pair fires the client's timers in between as the JS side would.
  for (int keystroke = 0; keystroke < 300; ++keystroke) {
    f.pair.advance_to(keystroke * 200);
    f.pair.client.typing(f.pair.now, "lobby");
    f.pair.drive();
  }
  f.pair.advance_by(10'000);
  std::size_t starts = 0;
  std::size_t stops = 0;
  for (const auto& typing : f.backend.typing_received) (typing.state == "start" ? starts : stops) += 1;
  std::cout << "60 s at 5 keystrokes/s: " << f.pair.received("typing").size() << " typing packets ("
            << "1 start + " << starts - 1 << " refreshes + " << stops << " stop); one per keystroke would be 300\n";
  EXPECT_LE(starts, 21u);
  EXPECT_EQ(stops, 1u);
  EXPECT_EQ(f.pair.received("typing").size(), starts + stops);
  RecordProperty("typing_packets", static_cast<int>(starts + stops));
}

TEST(ClientNative, AMessageWrittenOfflineIsPendingThenDeliveredOnce) {
  NativeFixture f;
  f.cut();
  auto client_id = f.pair.client.send(f.pair.now, "lobby", "written in a tunnel");
  ASSERT_TRUE(client_id.ok());
  f.pair.drive();
  EXPECT_EQ(f.pair.texts("lobby"), std::vector<std::string>{"written in a tunnel"});
  EXPECT_EQ(f.statuses("lobby"), std::vector<MessageStatus>{MessageStatus::kPending});
  EXPECT_EQ(f.backend.sends_received, 0u);

  f.restore();
  EXPECT_EQ(f.pair.client.session().state(), session::State::kConnected);
  EXPECT_EQ(f.backend.sends_received, 1u);
  EXPECT_EQ(f.backend.stored_count("lobby"), 1u);
  EXPECT_EQ(f.pair.texts("lobby"), std::vector<std::string>{"written in a tunnel"});
  EXPECT_EQ(f.statuses("lobby"), std::vector<MessageStatus>{MessageStatus::kSent});
}

TEST(ClientNative, AMessageInFlightWhenTheConnectionDropsIsStoredOnce) {
  NativeFixture f;
  f.backend.drop_acks_for("send");  // stored and broadcast, but the ack is lost...
  f.backend.ignore("send");         // ...in fact the server never even sees it
  ASSERT_TRUE(f.pair.client.send(f.pair.now, "lobby", "in flight").ok());
  f.pair.drive();
  f.backend.clear_faults();
  f.cut();
  f.restore();
  EXPECT_EQ(f.backend.stored_count("lobby"), 1u);
  EXPECT_EQ(f.pair.texts("lobby"), std::vector<std::string>{"in flight"});
  EXPECT_EQ(f.statuses("lobby"), std::vector<MessageStatus>{MessageStatus::kSent});
}

TEST(ClientNative, AResendOfAStoredMessageIsAnsweredFromTheStore) {
  NativeFixture f;
  f.backend.hold_acks_for("send");  // stored and echoed; the ack waits
  f.backend.send_order = SendOrder::kAckBeforeEcho;
  ASSERT_TRUE(f.pair.client.send(f.pair.now, "lobby", "twice?").ok());
  f.pair.drive();
  f.backend.clear_faults();
  f.cut();  // the held ack dies with the connection
  f.restore();
  EXPECT_EQ(f.backend.stored_count("lobby"), 1u);
  EXPECT_EQ(f.pair.texts("lobby"), std::vector<std::string>{"twice?"});
  EXPECT_EQ(f.statuses("lobby"), std::vector<MessageStatus>{MessageStatus::kSent});
}

TEST(ClientNative, AReconnectFillsTheGapAndCountsItUnread) {
  NativeFixture f;
  f.backend.post_many("lobby", kBob, 2);
  f.pair.drive();
  ASSERT_TRUE(f.pair.client.mark_read(f.pair.now, "lobby").ok());
  f.pair.drive();
  f.cut();
  for (int i = 0; i < 130; ++i) f.backend.post_while_away("lobby", kBob, "missed " + std::to_string(i));
  f.restore();
  const auto& store = f.pair.room("lobby").messages();
  ASSERT_EQ(store.size(), 132u);
  for (std::size_t i = 0; i < store.size(); ++i) ASSERT_EQ(store.at(i).seq, std::optional<std::int64_t>(i + 1));
  EXPECT_EQ(f.pair.room("lobby").unread_count(), 130u);
  EXPECT_TRUE(f.pair.events_of<chat::Discontinuity>().empty());
}

// The server subscribes a connection to the room before it reads the join's
// page, so messages may be pushed before the join is answered: they lie
// past the page, and past whatever the client has not seen yet.

TEST(ClientNative, AMessagePushedBeforeTheJoinsAnswerIsNotWhereTheNextRejoinResumes) {
  // Found by convergence_fuzz: the client resumed after the newest seq it
  // held, and never saw the messages between its history and that one.
  NativeFixture f;
  f.backend.post("lobby", kBob, "one");
  f.pair.drive();
  f.cut();
  f.backend.post_while_away("lobby", kBob, "two");
  f.backend.hold_acks_for("join");  // the join is handled, its answer lost with the connection
  f.restore();
  f.backend.post("lobby", kBob, "three");
  f.pair.drive();
  ASSERT_EQ(f.pair.texts("lobby"), (std::vector<std::string>{"one", "three"}));
  f.backend.clear_faults();
  f.cut();
  f.restore();

  EXPECT_EQ(f.pair.received("join").back()[0].at("since"), 1);
  EXPECT_EQ(f.pair.texts("lobby"), (std::vector<std::string>{"one", "two", "three"}));
}

TEST(ClientNative, AMessagePushedBeforeTheJoinsAnswerDoesNotCutTheGapShort) {
  NativeFixture f;
  f.backend.post("lobby", kBob, "seen");
  f.pair.drive();
  f.cut();
  for (int i = 0; i < 130; ++i) f.backend.post_while_away("lobby", kBob, "missed " + std::to_string(i));
  f.backend.hold_acks_for("join");
  f.restore();
  f.backend.post("lobby", kBob, "live");  // seq 132, before the page of 2..101
  f.backend.clear_faults();
  f.backend.release_held_acks();
  f.pair.drive();

  const auto& store = f.pair.room("lobby").messages();
  ASSERT_EQ(store.size(), 132u);
  for (std::size_t i = 0; i < store.size(); ++i)
    ASSERT_EQ(store.at(i).seq, std::optional<std::int64_t>(i + 1));
}

TEST(ClientNative, MarkReadMovesTheServersCursor) {
  NativeFixture f;
  f.backend.post_many("lobby", kBob, 5);
  f.pair.drive();
  EXPECT_EQ(f.pair.client.chat().unread_total(), 5u);
  ASSERT_TRUE(f.pair.client.mark_read(f.pair.now, "lobby").ok());
  f.pair.drive();
  EXPECT_EQ(f.pair.client.chat().unread_total(), 0u);
  EXPECT_EQ(f.backend.read_seq("lobby"), 5);
}

TEST(ClientNative, OthersTypingAndPresenceReachTheRoom) {
  NativeFixture f;
  f.backend.member_join("lobby", kBob);
  f.backend.typing("lobby", kBob, "start");
  f.pair.drive();
  ASSERT_EQ(f.pair.room("lobby").typing_users().size(), 1u);
  EXPECT_EQ(f.pair.room("lobby").typing_users()[0].name, "Bob");
  f.backend.presence(kBob, false);
  f.pair.drive();
  EXPECT_TRUE(f.pair.room("lobby").typing_users().empty());
  const auto& members = f.pair.room("lobby").members();
  ASSERT_EQ(members.size(), 2u);
  EXPECT_FALSE(members[1].online);
}

TEST(ClientNative, UnknownAndMalformedEventsAreCountedAndTheConnectionCarriesOn) {
  NativeFixture f;
  f.backend.push("confetti", Json{{"colour", "gold"}});
  f.backend.push("confetti", Json{{"colour", "red"}});
  f.backend.push("message", Json{{"room", "lobby"}, {"text", 42}});
  f.pair.drive();
  EXPECT_EQ(f.pair.client.unknown_events(), 2u);
  EXPECT_EQ(f.pair.client.malformed_events(), 1u);
  const auto warnings = f.pair.events_of<ProtocolWarning>();
  ASSERT_EQ(warnings.size(), 2u) << "an unknown name is reported once";
  EXPECT_EQ(warnings[0].kind, ProtocolWarning::Kind::kUnknownEvent);
  EXPECT_EQ(warnings[1].kind, ProtocolWarning::Kind::kMalformedEvent);
  f.backend.post("lobby", kBob, "still here");
  f.pair.drive();
  EXPECT_EQ(f.pair.texts("lobby"), std::vector<std::string>{"still here"});
}

TEST(ClientNative, UnreadableArgumentsAreAMalformedFrameAndTheConnectionCarriesOn) {
  // The session leaves the arguments as text; the dialect's reader refuses
  // invalid JSON (here invalid UTF-8, then a cut-off object), and the client
  // reports it as the session reports any malformed frame.
  NativeFixture f;
  f.pair.server.send_raw("42[\"message\",\"\xff\"]");
  f.pair.server.send_raw("42[\"confetti\",{\"colour\":]");
  f.pair.drive();
  const auto errors = f.pair.events_of<session::Error>();
  ASSERT_EQ(errors.size(), 2u);
  for (const session::Error& error : errors) {
    EXPECT_EQ(error.code, session::ErrorCode::kMalformedFrame) << error.message;
    EXPECT_EQ(error.decode_error, protocol::DecodeErrorCode::kInvalidJson) << error.message;
  }
  EXPECT_NE(errors[0].message.find("\"message\""), std::string::npos) << errors[0].message;
  EXPECT_NE(errors[1].message.find("\"confetti\""), std::string::npos) << errors[1].message;
  EXPECT_EQ(f.pair.client.unknown_events(), 0u) << "refused before its name was looked up";
  f.backend.post("lobby", kBob, "still here");
  f.pair.drive();
  EXPECT_EQ(f.pair.texts("lobby"), std::vector<std::string>{"still here"});
  EXPECT_EQ(f.pair.client.session().state(), session::State::kConnected);
}

TEST(ClientNative, AnUnreadableAckFailsItsRequestAtOnce) {
  // The session has matched the ack to its emit, so no timeout will come:
  // the request fails now, with the reason, and the connection stays.
  NativeFixture f;
  ServerScript& script = f.pair.server.script;
  const auto answer = script.on_event;
  const bool auto_ack = script.auto_ack;
  script.on_event = nullptr;  // the next emit gets no answer but ours
  script.auto_ack = false;
  ASSERT_TRUE(f.pair.client.send(f.pair.now, "lobby", "hello").ok());
  f.pair.drive();
  ASSERT_FALSE(f.pair.server.events_received.empty());
  const auto& emitted = f.pair.server.events_received.back();
  ASSERT_TRUE(emitted.ack_id);
  f.pair.server.send_raw("43" + std::to_string(*emitted.ack_id) + "[{\"ok\":tru]");
  f.pair.drive();
  script.on_event = answer;
  script.auto_ack = auto_ack;
  const auto errors = f.pair.events_of<session::Error>();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].decode_error, protocol::DecodeErrorCode::kInvalidJson);
  EXPECT_NE(errors[0].message.find("the ack to send"), std::string::npos) << errors[0].message;
  EXPECT_EQ(f.statuses("lobby"), std::vector<MessageStatus>{MessageStatus::kFailed});
  EXPECT_EQ(f.pair.client.session().state(), session::State::kConnected);
}

TEST(ClientNative, OlderPagesComeFromTheServer) {
  NativeFixture f("");
  f.backend.post_many("lobby", kBob, 120);
  f.join("lobby");
  EXPECT_EQ(f.pair.room("lobby").messages().size(), 50u);
  EXPECT_TRUE(f.pair.room("lobby").has_more());
  ASSERT_TRUE(f.pair.client.load_older(f.pair.now, "lobby", 100).ok());
  f.pair.drive();
  EXPECT_EQ(f.pair.room("lobby").messages().size(), 120u);
  EXPECT_FALSE(f.pair.room("lobby").has_more());
}

TEST(ClientNative, DisconnectStopsTypingFirst) {
  NativeFixture f;
  f.pair.client.typing(f.pair.now, "lobby");
  f.pair.drive();
  f.pair.client.disconnect(f.pair.now);
  f.pair.drive();
  ASSERT_EQ(f.backend.typing_received.size(), 2u);
  EXPECT_EQ(f.backend.typing_received[1].state, "stop");
}

}  // namespace
}  // namespace chatwire::testing
