// The whole client with the nest-conversations preset (seed 002: a NestJS
// gateway, one-to-one conversations, UUIDs) against a scripted server that
// answers as the preset's comment says the seed does: joinConversation gets
// no answer, 'message' (the TypeORM entity) goes to both participants'
// user rooms, typing goes to the other participant without naming the
// conversation, markAsRead marks one message and tells its sender with
// messageRead, userOnline / userOffline go to everyone.
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
namespace chatwire::testing::preset_nest_conversations {
namespace {

using chat::ChatErrorCode;
using chat::MessageStatus;

const chat::User kSelf{"6f1c2a3e-0b7d-4c55-9a10-5e2f8d4b7a01", "ada"};
const chat::User kBob{"b0b0b0b0-1111-4222-8333-444455556666", "bob"};
const chat::User kCat{"ca7ca7ca-1111-4222-8333-444455556666", "cat"};
// Conversations are named by UUIDs too; these two are Ada's with Bob and with Cat.
const std::string kWithBob = "c0000000-0000-4000-8000-00000000b0b0";
const std::string kWithCat = "c0000000-0000-4000-8000-00000000ca70";

/// Seed 002's gateway for the client under test (Ada); Bob and Cat exist
/// only here.
class NestServer : public presets::ScriptedBackend {
 public:
  using ScriptedBackend::ScriptedBackend;

  /// The 'sender' relation is loaded (else the entity has senderId only).
  bool load_sender = true;

  /// The client receives the message in its user room, whatever
  /// conversation it joined.
  std::string post(const std::string& conversation, const chat::User& author,
                   const std::string& text) override {
    const std::string id =
        "e0000000-0000-4000-8000-" + std::to_string(100'000'000'000 + next_id()).substr(0, 12);
    const std::string now = server_now(presets::TimeStyle::kJavaScript);
    Json message = {{"id", id},
                    {"conversationId", conversation},
                    {"senderId", author.id},
                    {"content", text},
                    {"isRead", false},
                    {"createdAt", now},
                    {"updatedAt", now}};
    if (load_sender) message["sender"] = {{"id", author.id}, {"username", author.name}};
    to_client("message", message);
    return id;
  }
  /// The other participant types; the event names no conversation.
  void type(const std::string& /*conversation*/, const chat::User& user, bool typing) override {
    to_client("typing", {{"userId", user.id}, {"isTyping", typing}});
  }
  /// The other participant read message `id` (sent by Ada).
  void read(const std::string& id) { to_client("messageRead", {{"messageId", id}}); }
  void online(const chat::User& user, bool is_online) {
    to_client(is_online ? "userOnline" : "userOffline", {{"userId", user.id}});
  }

  [[nodiscard]] const std::vector<std::string>& marked_read() const { return marked_read_; }

 private:
  void on_event(const std::string& name, const Json& payload) override {
    if (name == "joinConversation") {
      // The gateway puts the socket in the room and answers nothing.
      socket_rooms().insert(string_field(payload, "conversationId"));
    } else if (name == "sendMessage") {
      if (!swallow_sends)
        post(string_field(payload, "conversationId"), kSelf, string_field(payload, "content"));
    } else if (name == "markAsRead") {
      marked_read_.push_back(string_field(payload, "messageId"));
    }
  }

  std::vector<std::string> marked_read_;
};

const presets::PresetCase kCase{
    .preset = "nest-conversations",
    .make_backend = presets::make_backend<NestServer>,
    .self = kSelf,
    .other = kBob,
    .room = kWithBob,
    .state_until_answered = chat::RoomState::kJoined,  // nothing confirms a join: sent is joined
    .join_events =
        [](const std::string& conversation) {
          return std::vector<Json>{presets::event_of("joinConversation", {{"conversationId", conversation}})};
        },
    .send_event =
        [](const std::string& conversation, const std::string& text) {
          return presets::event_of("sendMessage", {{"conversationId", conversation}, {"content", text}});
        },
    .message_id =
        [](int nth, std::int64_t /*at_ms*/) {
          return "e0000000-0000-4000-8000-10000000000" + std::to_string(nth);
        },
    .read_receipt =
        [](const std::string& id) {
          return presets::event_of("markAsRead", {{"messageId", id}});
        },
    .typing_start =
        [](const std::string& conversation) {
          return presets::event_of("typing", {{"conversationId", conversation}, {"isTyping", true}});
        },
    .typing_stop =
        [](const std::string& conversation) {
          return presets::event_of("typing", {{"conversationId", conversation}, {"isTyping", false}});
        },
    .typists_named_by_messages = true,
};

class PresetNestConversations : public presets::ScriptedPresetTest {
 protected:
  PresetNestConversations() : ScriptedPresetTest(kCase) {}

  NestServer& nest = backend_as<NestServer>();
};

TEST_F(PresetNestConversations, PresenceAppliesToMembersLearnedFromMessageAuthors) {
  join(kWithBob);
  nest.online(kCat, false);  // in no conversation joined: nothing to update
  pair.drive();
  EXPECT_EQ(pair.room(kWithBob).members(), (std::vector<chat::Member>{{kSelf, true}}));

  nest.load_sender = false;  // without the relation, the name is the id
  nest.post(kWithBob, kBob, "hi");
  pair.drive();
  EXPECT_EQ(pair.room(kWithBob).members(),
            (std::vector<chat::Member>{{kSelf, true}, {{kBob.id, kBob.id}, true}}));
  nest.online(kBob, false);
  pair.drive();
  EXPECT_EQ(pair.room(kWithBob).members(),
            (std::vector<chat::Member>{{kSelf, true}, {{kBob.id, kBob.id}, false}}));
  nest.online(kBob, true);
  nest.online(kCat, true);    // not in this conversation
  nest.online(kSelf, false);  // Ada's other tab closed; this one is still here
  pair.drive();
  EXPECT_EQ(pair.room(kWithBob).members(),
            (std::vector<chat::Member>{{kSelf, true}, {{kBob.id, kBob.id}, true}}));
}

TEST_F(PresetNestConversations, MarkReadSendsOneMarkAsReadPerUnreadMessageOldestFirst) {
  join(kWithBob);
  const std::string one = nest.post(kWithBob, kBob, "one");
  ASSERT_TRUE(pair.client.send(pair.now, kWithBob, "mine").ok());
  pair.drive();
  const std::string two = nest.post(kWithBob, kBob, "two");
  const std::string three = nest.post(kWithBob, kBob, "three");
  pair.drive();
  EXPECT_EQ(pair.room(kWithBob).unread_count(), 3u) << "Bob's three; Ada's own is never unread";
  EXPECT_TRUE(pair.received("markAsRead").empty()) << "nothing is read until the app says so";

  ASSERT_TRUE(pair.client.mark_read(pair.now, kWithBob).ok());
  pair.drive();
  EXPECT_EQ(pair.room(kWithBob).unread_count(), 0u);
  EXPECT_EQ(nest.marked_read(), (std::vector<std::string>{one, two, three}));
  EXPECT_EQ(pair.received("markAsRead")[0], presets::args_of({{"messageId", one}}));

  pair.advance_by(5000);
  ASSERT_TRUE(pair.client.mark_read(pair.now, kWithBob).ok());
  pair.drive();
  EXPECT_EQ(nest.marked_read().size(), 3u) << "nothing new to mark";
  const std::string four = nest.post(kWithBob, kBob, "four");
  pair.drive();
  ASSERT_TRUE(pair.client.mark_read(pair.now, kWithBob).ok());
  pair.drive();
  EXPECT_EQ(nest.marked_read(), (std::vector<std::string>{one, two, three, four}));
}

TEST_F(PresetNestConversations, MessageReadShowsTheUsersMessageAsReadBySomeone) {
  join(kWithBob);
  ASSERT_TRUE(pair.client.send(pair.now, kWithBob, "first").ok());
  ASSERT_TRUE(pair.client.send(pair.now, kWithBob, "second").ok());
  pair.drive();
  const auto& store = pair.room(kWithBob).messages();
  ASSERT_EQ(store.size(), 2u);
  EXPECT_TRUE(pair.room(kWithBob).read_by(0).empty());

  nest.read(store.at(0).id);
  pair.drive();
  EXPECT_EQ(pair.room(kWithBob).read_by(0), std::vector<std::string>{"*"});
  EXPECT_TRUE(pair.room(kWithBob).read_by(1).empty());
  nest.read(store.at(1).id);
  pair.drive();
  EXPECT_EQ(pair.room(kWithBob).read_by(0), std::vector<std::string>{"*"});
  EXPECT_EQ(pair.room(kWithBob).read_by(1), std::vector<std::string>{"*"});
  EXPECT_EQ(pair.room(kWithBob).unread_count(), 0u)
      << "a receipt from the other side is not the user reading";
}

TEST_F(PresetNestConversations, AReconnectRejoinsInOrderSendsWhatWaitedAndReportsEachGap) {
  join(kWithBob);
  join(kWithCat);
  cut();
  const std::size_t before = emitted().size();
  auto offline = pair.client.send(pair.now, kWithBob, "written offline");
  ASSERT_TRUE(offline.ok());
  pair.drive();
  EXPECT_EQ(emitted().size(), before);

  restore();
  EXPECT_EQ(emitted_since(before),
            (std::vector<Json>{
                Json::array({"joinConversation", {{"conversationId", kWithBob}}}),
                Json::array({"sendMessage", {{"conversationId", kWithBob}, {"content", "written offline"}}}),
                Json::array({"joinConversation", {{"conversationId", kWithCat}}}),
            }))
      << "a join counts as done once sent, so what waited for it follows at once";
  EXPECT_EQ(discontinuities(), (std::vector<std::string>{kWithBob, kWithCat}))
      << "no history on the socket: what was said meanwhile is unknown";
  EXPECT_EQ(pair.texts(kWithBob), std::vector<std::string>{"written offline"});
  EXPECT_EQ(statuses(kWithBob), std::vector<MessageStatus>{MessageStatus::kSent});
}

TEST_F(PresetNestConversations, AMessageInFlightWhenTheConnectionDropsIsNotSentTwice) {
  join(kWithBob);
  nest.swallow_sends = true;  // the server has it; its 'message' is lost with the connection
  ASSERT_TRUE(pair.client.send(pair.now, kWithBob, "in flight").ok());
  pair.drive();
  cut();
  nest.swallow_sends = false;
  restore();
  EXPECT_EQ(pair.received("sendMessage").size(), 1u) << "a repeat would be a second message on this backend";
  EXPECT_EQ(statuses(kWithBob), std::vector<MessageStatus>{MessageStatus::kPending});
  pair.advance_by(4000);  // ten seconds after it went out
  EXPECT_EQ(statuses(kWithBob), std::vector<MessageStatus>{MessageStatus::kFailed})
      << "left for the user to retry or cancel";
}

TEST_F(PresetNestConversations, MessagesOfConversationsNotJoinedAreDroppedAndReported) {
  join(kWithBob);
  nest.post(kWithCat, kCat, "are you free?");  // Ada's user room gets every conversation
  pair.drive();
  EXPECT_TRUE(pair.texts(kWithBob).empty());
  const auto dropped = chat_errors(ChatErrorCode::kUnroutable);
  ASSERT_EQ(dropped.size(), 1u);
  EXPECT_EQ(dropped[0].room, kWithCat);
  EXPECT_EQ(pair.client.session().state(), session::State::kConnected);
}

TEST_F(PresetNestConversations, TypingGoesToTheConversationWithTheTypist) {
  join(kWithBob);
  nest.post(kWithBob, kBob, "hi");
  join(kWithCat);
  nest.post(kWithCat, kCat, "hello");
  pair.drive();
  nest.type(kWithBob, kBob, true);  // the relay names no conversation: the client finds it
  pair.drive();
  EXPECT_EQ(pair.room(kWithBob).typing_users(), std::vector<chat::User>{kBob});
  EXPECT_TRUE(pair.room(kWithCat).typing_users().empty());
}

}  // namespace
}  // namespace chatwire::testing::preset_nest_conversations

namespace chatwire::testing {
const presets::PresetCase& presets::nest_conversations() { return preset_nest_conversations::kCase; }
}  // namespace chatwire::testing
