// Typing in both directions and presence, as the chat model wires them to
// rooms, sends, leaves and the connection.
#include <gtest/gtest.h>

#include "support/chat_harness.h"

namespace chatwire::testing {
namespace {

using chat::Operation;

chat::TypingSignal typing_of(const std::string& id, bool typing, const std::string& room = "lobby") {
  return chat::TypingSignal{room, chat::User{id, id == "bob" ? "Bob" : id}, typing, std::nullopt};
}

std::vector<std::string> typer_ids(const chat::Room& room) {
  std::vector<std::string> ids;
  for (const auto& user : room.typing_users()) ids.push_back(user.id);
  return ids;
}

std::vector<std::pair<std::string, bool>> member_states(const chat::Room& room) {
  std::vector<std::pair<std::string, bool>> out;
  for (const auto& member : room.members()) out.emplace_back(member.user.id, member.online);
  return out;
}

TEST(ChatTyping, KeystrokesStartOnceAndStopAfterTheIdleInterval) {
  ChatHarness h;
  h.join_ok("lobby");
  for (int i = 0; i < 10; ++i) {
    h.model->typing(h.now, "lobby");
    h.pump();
    h.advance_by(200);
  }
  EXPECT_EQ(h.of(Operation::kTypingStart).size(), 1u);
  EXPECT_TRUE(h.of(Operation::kTypingStop).empty());
  h.advance_by(2000);
  EXPECT_EQ(h.of(Operation::kTypingStop).size(), 1u);
}

TEST(ChatTyping, SendingStopsTypingAtOnceBeforeTheMessage) {
  ChatHarness h;
  h.join_ok("lobby");
  h.model->typing(h.now, "lobby");
  ASSERT_TRUE(h.model->send(h.now, "lobby", "done").ok());
  h.pump();
  ASSERT_GE(h.requests.size(), 3u);
  const auto n = h.requests.size();
  EXPECT_EQ(h.requests[n - 2].op, Operation::kTypingStop);
  EXPECT_EQ(h.requests[n - 1].op, Operation::kSend);
}

TEST(ChatTyping, LeavingAndDisconnectingStopTypingAtOnce) {
  ChatHarness h;
  h.join_ok("a");
  h.join_ok("b");
  h.model->typing(h.now, "a");
  h.model->typing(h.now, "b");
  ASSERT_TRUE(h.model->leave(h.now, "a").ok());
  h.pump();
  ASSERT_EQ(h.of(Operation::kTypingStop).size(), 1u);
  EXPECT_EQ(h.last(Operation::kTypingStop).room, "a");
  h.model->disconnecting(h.now);
  h.pump();
  ASSERT_EQ(h.of(Operation::kTypingStop).size(), 2u);
  EXPECT_EQ(h.last(Operation::kTypingStop).room, "b");
  EXPECT_FALSE(h.model->is_connected());
}

TEST(ChatTyping, NothingIsSentWhileOfflineOrBeforeTheJoin) {
  ChatHarness h;
  ASSERT_TRUE(h.model->join(h.now, "lobby").ok());
  h.model->typing(h.now, "lobby");
  h.connect();
  h.model->typing(h.now, "lobby");  // joining, not joined
  h.pump();
  EXPECT_TRUE(h.of(Operation::kTypingStart).empty());
}

TEST(ChatTyping, BackendsWithoutAStopGetNone) {
  auto caps = native_caps();
  caps.supports[static_cast<std::size_t>(Operation::kTypingStop)] = false;
  caps.typing_expires_ms = 3000;
  ChatHarness h(caps);
  h.join_ok("lobby");
  h.model->typing(h.now, "lobby");
  h.pump();
  h.advance_by(10000);
  ASSERT_TRUE(h.model->send(h.now, "lobby", "x").ok());
  h.pump();
  EXPECT_EQ(h.of(Operation::kTypingStart).size(), 1u);
  EXPECT_TRUE(h.of(Operation::kTypingStop).empty());
}

TEST(ChatTyping, OthersShowUntilTheirStop) {
  ChatHarness h;
  h.join_ok("lobby");
  h.signal(typing_of("bob", true));
  EXPECT_EQ(typer_ids(h.room("lobby")), std::vector<std::string>{"bob"});
  h.signal(typing_of("bob", false));
  EXPECT_TRUE(typer_ids(h.room("lobby")).empty());
}

TEST(ChatTyping, ALostStopClearsWithinTheTimeToLive) {
  ChatHarness h;
  h.join_ok("lobby");
  h.signal(typing_of("bob", true));
  h.advance_to(5999);
  EXPECT_EQ(typer_ids(h.room("lobby")).size(), 1u);
  h.advance_to(6000);
  EXPECT_TRUE(typer_ids(h.room("lobby")).empty());
  const auto changes = h.events_of<chat::RoomChanged>();
  ASSERT_FALSE(changes.empty());
  EXPECT_EQ(changes.back().what, static_cast<std::uint32_t>(chat::kChangeTyping));
}

TEST(ChatTyping, AMessageFromATyperClearsTheirIndicator) {
  ChatHarness h;
  h.join_ok("lobby");
  h.signal(typing_of("bob", true));
  h.signal(chat::MessageSignal{"lobby", remote_message("lobby", "m1", "bob", "hi", 1000, 1)});
  EXPECT_TRUE(typer_ids(h.room("lobby")).empty());
}

TEST(ChatTyping, LeavingOrGoingOfflineClearsTheIndicator) {
  ChatHarness h;
  h.join_ok("lobby");
  h.signal(typing_of("bob", true));
  h.signal(typing_of("eve", true));
  h.signal(chat::MemberLeftSignal{"lobby", chat::User{"bob", "Bob"}, std::nullopt});
  EXPECT_EQ(typer_ids(h.room("lobby")), std::vector<std::string>{"eve"});
  h.signal(chat::PresenceSignal{chat::User{"eve", "eve"}, false});
  EXPECT_TRUE(typer_ids(h.room("lobby")).empty());
}

TEST(ChatTyping, TheUsersOwnTypingNeverShows) {
  ChatHarness h;
  h.join_ok("lobby");
  h.signal(typing_of("u1", true));  // another tab of the same user
  EXPECT_TRUE(typer_ids(h.room("lobby")).empty());
}

TEST(ChatTyping, ARoomlessSignalGoesToTheCurrentRoom) {
  ChatHarness h;
  h.join_ok("a");
  h.join_ok("b");
  h.signal(chat::TypingSignal{std::nullopt, chat::User{"bob", ""}, true, std::nullopt});
  EXPECT_TRUE(typer_ids(h.room("a")).empty());
  EXPECT_EQ(typer_ids(h.room("b")), std::vector<std::string>{"bob"});
}

TEST(ChatTyping, TypersKnownOnlyByIdAreNamedFromTheMembers) {
  ChatHarness h;
  h.join_ok("lobby");
  h.signal(chat::MemberJoinedSignal{"lobby", chat::User{"bob", "Bob"}, std::nullopt});
  h.signal(chat::TypingSignal{"lobby", chat::User{"bob", ""}, true, std::nullopt});
  ASSERT_EQ(h.room("lobby").typing_users().size(), 1u);
  EXPECT_EQ(h.room("lobby").typing_users()[0].name, "Bob");
}

TEST(ChatTyping, TheConnectionDroppingClearsEveryIndicator) {
  ChatHarness h;
  h.join_ok("lobby");
  h.signal(typing_of("bob", true));
  h.drop();
  EXPECT_TRUE(typer_ids(h.room("lobby")).empty());
}

TEST(ChatPresence, TheUserIsAMemberOnceFromTheStart) {
  ChatHarness h;
  ASSERT_TRUE(h.model->join(h.now, "lobby").ok());
  EXPECT_EQ(member_states(h.room("lobby")), (std::vector<std::pair<std::string, bool>>{{"u1", true}}));
  h.connect();
  chat::Response response;
  response.members = std::vector<chat::Member>{{{"bob", "Bob"}, false}, {{"u1", "Ada"}, true}};
  h.answer(Operation::kJoin, response);
  EXPECT_EQ(member_states(h.room("lobby")),
            (std::vector<std::pair<std::string, bool>>{{"u1", true}, {"bob", false}}));
}

TEST(ChatPresence, JoinLeaveAndOnlineEventsUpdateMembers) {
  ChatHarness h;
  h.join_ok("lobby");
  h.signal(chat::MemberJoinedSignal{"lobby", chat::User{"bob", "Bob"}, std::nullopt});
  h.signal(chat::MemberJoinedSignal{"lobby", chat::User{"eve", "Eve"}, std::nullopt});
  h.signal(chat::PresenceSignal{chat::User{"bob", "Bob"}, false});
  EXPECT_EQ(member_states(h.room("lobby")),
            (std::vector<std::pair<std::string, bool>>{{"u1", true}, {"bob", false}, {"eve", true}}));
  h.signal(chat::MemberLeftSignal{"lobby", chat::User{"eve", "Eve"}, std::nullopt});
  EXPECT_EQ(member_states(h.room("lobby")),
            (std::vector<std::pair<std::string, bool>>{{"u1", true}, {"bob", false}}));
}

TEST(ChatPresence, AFullListReplacesTheMembersButKeepsTheUser) {
  ChatHarness h(echo_caps());
  h.connect();
  ASSERT_TRUE(h.model->join(h.now, "7").ok());
  h.pump();
  h.signal(chat::MembersSignal{"7", {{{"5", "musiclover87"}, true}, {{"8", "concert_junkie"}, true}}});
  EXPECT_EQ(member_states(h.room("7")),
            (std::vector<std::pair<std::string, bool>>{{"u1", true}, {"5", true}, {"8", true}}));
  h.signal(chat::MemberLeftSignal{"7", chat::User{"8", "concert_junkie"},
                                  std::vector<chat::Member>{{{"5", "musiclover87"}, true}}});
  EXPECT_EQ(member_states(h.room("7")), (std::vector<std::pair<std::string, bool>>{{"u1", true}, {"5", true}}));
}

TEST(ChatPresence, BackendsWithoutMemberEventsLearnMembersFromAuthors) {
  auto caps = echo_caps();
  caps.reports_members = false;
  caps.join_confirmation = chat::Confirmation::kNone;
  ChatHarness h(caps);
  h.connect();
  ASSERT_TRUE(h.model->join(h.now, "conv").ok());
  h.signal(chat::PresenceSignal{chat::User{"bob", ""}, false});
  h.signal(chat::MessageSignal{"conv", remote_message("conv", "1", "bob", "hi", 1000)});
  EXPECT_EQ(member_states(h.room("conv")), (std::vector<std::pair<std::string, bool>>{{"u1", true}, {"bob", false}}))
      << "the last presence known wins over 'just wrote'";
  h.signal(chat::PresenceSignal{chat::User{"bob", ""}, true});
  EXPECT_EQ(member_states(h.room("conv")), (std::vector<std::pair<std::string, bool>>{{"u1", true}, {"bob", true}}));
}

TEST(ChatPresence, MemberChangesAreReportedAsSuch) {
  ChatHarness h;
  h.join_ok("lobby");
  h.clear();
  h.signal(chat::MemberJoinedSignal{"lobby", chat::User{"bob", "Bob"}, std::nullopt});
  const auto changes = h.events_of<chat::RoomChanged>();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].what, static_cast<std::uint32_t>(chat::kChangeMembers));
}

}  // namespace
}  // namespace chatwire::testing
