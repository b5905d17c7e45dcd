// The whole client with the express-conversations preset (seed 003: Express
// + socket.io, conversations as rooms) against a scripted server that does
// what the seed's code does: joinConversation / leaveConversation answer
// nothing, sendMessage becomes newMessage {id: Date.now(), ...} to the whole
// conversation, and typing is relayed as {userId, isTyping: true}, then
// {userId, isTyping: false} 3000 ms later. There is no stop event.
// What it does as every seed does is in preset_every_seed_test.cpp.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "client/preset_fixture.h"
#include "client/scripted_backend.h"

// A namespace of its own: the suites of a module are also compiled as one
// unity file, where their file-local users and servers would collide.
namespace chatwire::testing::preset_express_conversations {
namespace {

using chat::MessageStatus;
using chat::RoomState;
using presets::args;
using presets::event;

const chat::User kSelf{"u-ada", "Ada"};
// Messages carry no names: another user's name is their id.
const chat::User kBob{"u-bob", "u-bob"};

/// Seed 003's server for the client under test; other users exist only here.
class ExpressServer : public presets::ScriptedBackend {
 public:
  using ScriptedBackend::ScriptedBackend;

  /// io.to(conversation) reaches the client only if its socket is in that room.
  std::string post(const std::string& conversation, const chat::User& author,
                   const std::string& text) override {
    const std::int64_t now = server_now_ms();  // Date.now()
    const Json message = {{"id", std::to_string(now)},
                          {"conversationId", conversation},
                          {"senderId", author.id},
                          {"message", text},
                          {"timestamp", presets::iso8601(now, presets::TimeStyle::kJavaScript)}};
    if (client_in(conversation)) to_client("newMessage", message);
    return std::to_string(now);
  }
  /// The relay names no conversation.
  void type(const std::string& /*conversation*/, const chat::User& user, bool typing) override {
    to_client("typing", {{"userId", user.id}, {"isTyping", typing}});
  }

 private:
  void on_event(const std::string& name, const Json& payload) override {
    const std::string conversation = string_field(payload, "conversationId");
    if (name == "joinConversation") {
      socket_rooms().insert(conversation);
    } else if (name == "leaveConversation") {
      socket_rooms().erase(conversation);
    } else if (name == "sendMessage" && !swallow_sends) {
      post(conversation, chat::User{string_field(payload, "senderId"), {}}, string_field(payload, "message"));
    }
  }
};

const presets::PresetCase kCase{
    .preset = "express-conversations",
    .make_backend = presets::make_backend<ExpressServer>,
    .self = kSelf,
    .other = kBob,
    .room = "conv-1",
    .state_until_answered = RoomState::kJoined,  // nothing confirms a join: sent is joined
    .join_events =
        [](const std::string& conversation) {
          return std::vector<Json>{presets::event_of("joinConversation", {{"conversationId", conversation}})};
        },
    .send_event =
        [](const std::string& conversation, const std::string& text) {
          return presets::event_of(
              "sendMessage", {{"conversationId", conversation}, {"senderId", kSelf.id}, {"message", text}});
        },
    .message_id = [](int /*nth*/, std::int64_t at_ms) { return std::to_string(presets::kEpochMs + at_ms); },
    // No typing_start / typing_stop: a start is refreshed while the user
    // types, and no stop is ever sent (the tests below).
    .ids_are_send_times = true,
    .typists_named_by_messages = true,
};

class PresetExpressConversations : public presets::ScriptedPresetTest {
 protected:
  PresetExpressConversations() : ScriptedPresetTest(kCase) {}

  /// Keystrokes every `every_ms` for `for_ms` (the last one at or before
  /// the end), with the client's timers firing in between.
  void type_for(const std::string& conversation, std::int64_t for_ms, std::int64_t every_ms) {
    const std::int64_t start = pair.now;
    for (std::int64_t at = 0; at <= for_ms; at += every_ms) {
      pair.advance_to(start + at);
      pair.client.typing(pair.now, conversation);
      pair.drive();
    }
  }

  ExpressServer& express = backend_as<ExpressServer>();
};

TEST_F(PresetExpressConversations, TenSecondsOfTypingRefreshEvery2400MsAndNeverSendAStop) {
  join("conv-1");
  const std::int64_t start = pair.now;
  type_for("conv-1", 10'000, 200);  // 51 keystrokes
  pair.advance_by(10'000);
  // The server forgets typing 3000 ms after each 'typing'; a refresh must
  // reach it with a margin (max(500, 20%) = 600 ms): one every 2400 ms.
  std::vector<std::int64_t> times;
  for (const auto& arrival : express.arrivals()) {
    if (arrival.event[0] != "typing") continue;
    times.push_back(arrival.at_ms - start);
    EXPECT_EQ(arrival.event[1], presets::json(R"({"conversationId": "conv-1", "userId": "u-ada"})"));
  }
  EXPECT_EQ(times, (std::vector<std::int64_t>{0, 2400, 4800, 7200, 9600}));
  EXPECT_EQ(emitted().size(), 1u + times.size()) << "the join, the starts, and nothing else";
}

TEST_F(PresetExpressConversations, ASendEndsTypingWithoutAStopAndTheNextKeystrokeStartsAgain) {
  join("conv-1");
  pair.client.typing(pair.now, "conv-1");
  pair.drive();
  pair.advance_by(500);
  ASSERT_TRUE(pair.client.send(pair.now, "conv-1", "done").ok());
  pair.drive();
  pair.advance_by(100);
  pair.client.typing(pair.now, "conv-1");
  pair.drive();
  pair.advance_by(10'000);
  std::vector<std::string> names;
  for (const Json& sent : emitted()) names.push_back(sent[0].get<std::string>());
  EXPECT_EQ(names, (std::vector<std::string>{"joinConversation", "typing", "sendMessage", "typing"}));
}

TEST_F(PresetExpressConversations, TheRelayedStopEndsOthersTypingAndAMessageEndsItToo) {
  join("conv-1");
  express.post("conv-1", kBob, "hi");
  express.type("conv-1", kBob, true);
  pair.drive();
  pair.advance_by(3000);
  express.type("conv-1", kBob, false);  // the server's own stop, 3000 ms later
  pair.drive();
  EXPECT_TRUE(pair.room("conv-1").typing_users().empty());

  express.type("conv-1", kBob, true);
  pair.drive();
  ASSERT_EQ(pair.room("conv-1").typing_users().size(), 1u);
  express.post("conv-1", kBob, "there");
  pair.drive();
  EXPECT_TRUE(pair.room("conv-1").typing_users().empty());
}

TEST_F(PresetExpressConversations, AnEchoSharingItsDateNowIdWithSomeoneElsesMessageKeepsBoth) {
  join("conv-1");
  express.post("conv-1", kBob, "from Bob");
  auto mine = pair.client.send(pair.now, "conv-1", "from Ada");  // same millisecond: same id
  ASSERT_TRUE(mine.ok());
  pair.drive();
  EXPECT_EQ(pair.texts("conv-1"), (std::vector<std::string>{"from Bob", "from Ada"}));
  EXPECT_EQ(pair.room("conv-1").messages().at(0).author, kBob);
  EXPECT_EQ(pair.room("conv-1").messages().at(1).client_id, *mine);
  EXPECT_EQ(pair.room("conv-1").unread_count(), 1u);
}

TEST_F(PresetExpressConversations, AReconnectRejoinsInOrderSendsWhatWaitedAndReportsEachGap) {
  join("conv-1");
  join("conv-2");
  cut();
  const std::size_t before = emitted().size();
  ASSERT_TRUE(pair.client.send(pair.now, "conv-2", "written offline").ok());
  express.post("conv-1", kBob, "lost: nobody was listening");
  pair.drive();

  restore();
  EXPECT_EQ(emitted_since(before),
            (std::vector<Json>{
                event("joinConversation", R"({"conversationId": "conv-1"})"),
                event("joinConversation", R"({"conversationId": "conv-2"})"),
                event("sendMessage",
                      R"({"conversationId": "conv-2", "senderId": "u-ada", "message": "written offline"})"),
            }));
  EXPECT_EQ(discontinuities(), (std::vector<std::string>{"conv-1", "conv-2"}));
  EXPECT_EQ(pair.texts("conv-2"), std::vector<std::string>{"written offline"});
  EXPECT_EQ(statuses("conv-2"), std::vector<MessageStatus>{MessageStatus::kSent});
  EXPECT_TRUE(pair.texts("conv-1").empty());
}

TEST_F(PresetExpressConversations, LeaveSendsLeaveConversationAndTheRoomStaysReadable) {
  join("conv-1");
  express.post("conv-1", kBob, "bye");
  pair.drive();
  ASSERT_TRUE(pair.client.leave(pair.now, "conv-1").ok());
  pair.drive();
  EXPECT_EQ(pair.received("leaveConversation"), std::vector<Json>{args(R"({"conversationId": "conv-1"})")});
  EXPECT_FALSE(express.client_in("conv-1"));
  EXPECT_EQ(pair.room("conv-1").state(), RoomState::kLeft);
  EXPECT_EQ(pair.texts("conv-1"), std::vector<std::string>{"bye"});
  EXPECT_EQ(pair.client.chat().unread_total(), 0u) << "a left room counts no unread";
  cut();
  restore();
  EXPECT_TRUE(pair.received("joinConversation").size() == 1u) << "a left room is not rejoined";
}

}  // namespace
}  // namespace chatwire::testing::preset_express_conversations

namespace chatwire::testing {
const presets::PresetCase& presets::express_conversations() { return preset_express_conversations::kCase; }
}  // namespace chatwire::testing
