// The whole client with the nest-conversations preset (seed 002: a NestJS
// gateway, one-to-one conversations, UUIDs) against a scripted server that
// answers as the preset's comment says the seed does: joinConversation gets
// no answer, 'message' (the TypeORM entity) goes to both participants'
// user rooms, typing goes to the other participant without naming the
// conversation, markAsRead marks one message and tells its sender with
// messageRead, userOnline / userOffline go to everyone.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "client/preset_test_util.h"

// A namespace of its own: the suites of a module are also compiled as one
// unity file, where their file-local users and servers would collide.
namespace chatwire::testing::preset_nest_conversations {
namespace {

using chat::ChatErrorCode;
using chat::MessageStatus;
using chat::RoomState;
using presets::args;
using presets::emitted;
using presets::event;
using presets::json;

const chat::User kSelf{"6f1c2a3e-0b7d-4c55-9a10-5e2f8d4b7a01", "ada"};
const chat::User kBob{"b0b0b0b0-1111-4222-8333-444455556666", "bob"};
const chat::User kCat{"ca7ca7ca-1111-4222-8333-444455556666", "cat"};
// Conversations are named by UUIDs too; these two are Ada's with Bob and with Cat.
const std::string kWithBob = "c0000000-0000-4000-8000-00000000b0b0";
const std::string kWithCat = "c0000000-0000-4000-8000-00000000ca70";

/// Seed 002's gateway for the client under test (Ada); Bob and Cat exist
/// only here.
class NestServer {
 public:
  explicit NestServer(ClientPair& pair) : pair_(pair) {
    pair_.server.script.on_event = [this](FakeServer&, const std::string& name, const Json& event_args) {
      on_event(name, event_args);
      return std::optional<Json>();
    };
  }

  /// sendMessage is dropped on the floor: no store, no 'message'.
  bool swallow_sends = false;
  /// The 'sender' relation is loaded (else the entity has senderId only).
  bool load_sender = true;
  /// Every typing payload the client sent, with the time it arrived.
  std::vector<std::pair<std::int64_t, Json>> typing_received;

  /// `user` writes in `conversation`; returns the message id. The client
  /// receives it in its user room, whatever conversation it joined.
  std::string post(const std::string& conversation, const chat::User& user, const std::string& text) {
    const std::string id =
        "e0000000-0000-4000-8000-" + std::to_string(100'000'000'000 + next_id_++).substr(0, 12);
    const std::string now = presets::iso8601(presets::kEpochMs + pair_.now, presets::TimeStyle::kJavaScript);
    Json message = {{"id", id},
                    {"conversationId", conversation},
                    {"senderId", user.id},
                    {"content", text},
                    {"isRead", false},
                    {"createdAt", now},
                    {"updatedAt", now}};
    if (load_sender) message["sender"] = {{"id", user.id}, {"username", user.name}};
    to_client("message", message);
    return id;
  }
  /// The other participant types; the event names no conversation.
  void type(const chat::User& user, bool typing) {
    to_client("typing", {{"userId", user.id}, {"isTyping", typing}});
  }
  /// The other participant read message `id` (sent by Ada).
  void read(const std::string& id) { to_client("messageRead", {{"messageId", id}}); }
  void online(const chat::User& user, bool is_online) {
    to_client(is_online ? "userOnline" : "userOffline", {{"userId", user.id}});
  }

  [[nodiscard]] const std::vector<std::string>& marked_read() const { return marked_read_; }

 private:
  void to_client(const std::string& name, const Json& payload) {
    pair_.server.send_event(name, presets::args_of(payload));
  }

  void on_event(const std::string& name, const Json& event_args) {
    const Json payload = event_args.is_array() && !event_args.empty() ? event_args[0] : Json::object();
    const auto text = [&](const char* key) {
      return payload.is_object() && payload.contains(key) && payload[key].is_string()
                 ? payload[key].get<std::string>()
                 : std::string();
    };
    if (name == "sendMessage") {
      if (!swallow_sends) post(text("conversationId"), kSelf, text("content"));
    } else if (name == "typing") {
      typing_received.emplace_back(pair_.now, payload);
    } else if (name == "markAsRead") {
      marked_read_.push_back(text("messageId"));
    }
    // joinConversation: the gateway puts the socket in the room and answers nothing.
  }

  ClientPair& pair_;
  std::int64_t next_id_ = 1;
  std::vector<std::string> marked_read_;
};

class PresetNestConversations : public ::testing::Test {
 protected:
  PresetNestConversations() { pair.connect(); }

  void join(const std::string& conversation) {
    ASSERT_TRUE(pair.client.join(pair.now, conversation).ok());
    pair.drive();
    ASSERT_EQ(pair.room(conversation).state(), RoomState::kJoined);
  }
  std::vector<chat::Member> members(const std::string& conversation) const {
    return pair.room(conversation).members();
  }

  ClientPair pair{preset("nest-conversations"), {}, presets::config_as(kSelf)};
  NestServer backend{pair};
};

TEST_F(PresetNestConversations, JoinSendsTheConversationIdAndNeedsNoAnswer) {
  ASSERT_TRUE(pair.client.join(pair.now, kWithBob).ok());
  EXPECT_EQ(pair.room(kWithBob).state(), RoomState::kJoined) << "nothing confirms a join: sent is joined";
  pair.drive();
  EXPECT_EQ(emitted(pair),
            std::vector<Json>{event("joinConversation", R"({"conversationId": ")" + kWithBob + "\"}")});
  EXPECT_FALSE(presets::any_ack_requested(pair));
  EXPECT_EQ(pair.room(kWithBob).messages().size(), 0u) << "history is REST, outside the socket";
  EXPECT_EQ(pair.room(kWithBob).unread_count(), 0u);
  EXPECT_TRUE(presets::discontinuities(pair).empty());
}

TEST_F(PresetNestConversations, ASendIsPendingAtOnceAndTheMessageEventConfirmsIt) {
  join(kWithBob);
  pair.advance_by(2000);
  auto client_id = pair.client.send(pair.now, kWithBob, "Hello!");
  ASSERT_TRUE(client_id.ok());
  EXPECT_EQ(presets::statuses(pair, kWithBob), std::vector<MessageStatus>{MessageStatus::kPending});
  pair.drive();

  EXPECT_EQ(pair.received("sendMessage"),
            std::vector<Json>{presets::args_of({{"conversationId", kWithBob}, {"content", "Hello!"}})});
  ASSERT_EQ(pair.room(kWithBob).messages().size(), 1u);
  const chat::Message& sent = pair.room(kWithBob).messages().at(0);
  EXPECT_EQ(sent.status, MessageStatus::kSent);
  EXPECT_EQ(sent.id, "e0000000-0000-4000-8000-100000000001");
  EXPECT_EQ(sent.client_id, *client_id);
  EXPECT_EQ(sent.author, kSelf);
  EXPECT_EQ(sent.created_at_ms, presets::kEpochMs + 2000);
  EXPECT_EQ(pair.room(kWithBob).unread_count(), 0u);
  EXPECT_TRUE(pair.events_of<chat::MessageArrived>().empty());
}

TEST_F(PresetNestConversations, TwoIdenticalTextsSentAtOnceAreEachConfirmedOnce) {
  join(kWithBob);
  auto first = pair.client.send(pair.now, kWithBob, "ok");
  auto second = pair.client.send(pair.now, kWithBob, "ok");
  ASSERT_TRUE(first.ok() && second.ok());
  pair.drive();
  EXPECT_EQ(pair.received("sendMessage").size(), 2u);
  const auto& store = pair.room(kWithBob).messages();
  ASSERT_EQ(store.size(), 2u);
  EXPECT_EQ(store.at(0).client_id, *first);
  EXPECT_EQ(store.at(0).id, "e0000000-0000-4000-8000-100000000001");
  EXPECT_EQ(store.at(1).client_id, *second);
  EXPECT_EQ(store.at(1).id, "e0000000-0000-4000-8000-100000000002");
  EXPECT_EQ(presets::statuses(pair, kWithBob), std::vector<MessageStatus>(2, MessageStatus::kSent));
}

TEST_F(PresetNestConversations, AnEchoThatNeverComesFailsAfterTenSecondsAndRetrySendsAgain) {
  join(kWithBob);
  backend.swallow_sends = true;
  auto client_id = pair.client.send(pair.now, kWithBob, "anyone?");
  ASSERT_TRUE(client_id.ok());
  pair.drive();
  pair.advance_by(9999);
  EXPECT_EQ(presets::statuses(pair, kWithBob), std::vector<MessageStatus>{MessageStatus::kPending});
  pair.advance_by(1);
  EXPECT_EQ(presets::statuses(pair, kWithBob), std::vector<MessageStatus>{MessageStatus::kFailed});
  ASSERT_EQ(presets::chat_errors(pair, ChatErrorCode::kSendFailed).size(), 1u);

  backend.swallow_sends = false;
  ASSERT_TRUE(pair.client.retry(pair.now, *client_id).ok());
  pair.drive();
  EXPECT_EQ(pair.received("sendMessage").size(), 2u);
  EXPECT_EQ(pair.texts(kWithBob), std::vector<std::string>{"anyone?"});
  EXPECT_EQ(presets::statuses(pair, kWithBob), std::vector<MessageStatus>{MessageStatus::kSent});
}

TEST_F(PresetNestConversations, KeystrokesSendOneStartAndAStopAfterTwoSecondsIdle) {
  join(kWithBob);
  const std::int64_t start = pair.now;
  for (int keystroke = 0; keystroke <= 5; ++keystroke) {
    pair.advance_to(start + keystroke * 200);
    pair.client.typing(pair.now, kWithBob);
    pair.drive();
  }
  pair.advance_by(5000);
  ASSERT_EQ(backend.typing_received.size(), 2u);
  EXPECT_EQ(backend.typing_received[0].first, start);
  EXPECT_EQ(backend.typing_received[0].second, (Json{{"conversationId", kWithBob}, {"isTyping", true}}));
  EXPECT_EQ(backend.typing_received[1].first, start + 1000 + 2000);
  EXPECT_EQ(backend.typing_received[1].second, (Json{{"conversationId", kWithBob}, {"isTyping", false}}));
}

TEST_F(PresetNestConversations, TypingByIdIsNamedFromTheAuthorsOwnIsIgnoredAndAMessageEndsIt) {
  join(kWithBob);
  backend.post(kWithBob, kBob, "hi Ada");
  backend.type(kBob, true);
  pair.drive();
  EXPECT_EQ(pair.room(kWithBob).typing_users(), std::vector<chat::User>{kBob}) << "named from Bob's message";
  backend.type(kSelf, true);  // Ada typing in another tab
  pair.drive();
  EXPECT_EQ(pair.room(kWithBob).typing_users(), std::vector<chat::User>{kBob});
  backend.post(kWithBob, kBob, "are you there?");
  pair.drive();
  EXPECT_TRUE(pair.room(kWithBob).typing_users().empty());
}

TEST_F(PresetNestConversations, PresenceAppliesToMembersLearnedFromMessageAuthors) {
  join(kWithBob);
  backend.online(kCat, false);  // in no conversation joined: nothing to update
  pair.drive();
  EXPECT_EQ(members(kWithBob), (std::vector<chat::Member>{{kSelf, true}}));

  backend.load_sender = false;  // without the relation, the name is the id
  backend.post(kWithBob, kBob, "hi");
  pair.drive();
  EXPECT_EQ(members(kWithBob), (std::vector<chat::Member>{{kSelf, true}, {{kBob.id, kBob.id}, true}}));
  backend.online(kBob, false);
  pair.drive();
  EXPECT_EQ(members(kWithBob), (std::vector<chat::Member>{{kSelf, true}, {{kBob.id, kBob.id}, false}}));
  backend.online(kBob, true);
  backend.online(kCat, true);    // not in this conversation
  backend.online(kSelf, false);  // Ada's other tab closed; this one is still here
  pair.drive();
  EXPECT_EQ(members(kWithBob), (std::vector<chat::Member>{{kSelf, true}, {{kBob.id, kBob.id}, true}}));
}

TEST_F(PresetNestConversations, MarkReadSendsOneMarkAsReadPerUnreadMessageOldestFirst) {
  join(kWithBob);
  const std::string one = backend.post(kWithBob, kBob, "one");
  ASSERT_TRUE(pair.client.send(pair.now, kWithBob, "mine").ok());
  pair.drive();
  const std::string two = backend.post(kWithBob, kBob, "two");
  const std::string three = backend.post(kWithBob, kBob, "three");
  pair.drive();
  EXPECT_EQ(pair.room(kWithBob).unread_count(), 3u) << "Bob's three; Ada's own is never unread";
  EXPECT_TRUE(pair.received("markAsRead").empty()) << "nothing is read until the app says so";

  ASSERT_TRUE(pair.client.mark_read(pair.now, kWithBob).ok());
  pair.drive();
  EXPECT_EQ(pair.room(kWithBob).unread_count(), 0u);
  EXPECT_EQ(backend.marked_read(), (std::vector<std::string>{one, two, three}));
  EXPECT_EQ(pair.received("markAsRead")[0], presets::args_of({{"messageId", one}}));

  pair.advance_by(5000);
  ASSERT_TRUE(pair.client.mark_read(pair.now, kWithBob).ok());
  pair.drive();
  EXPECT_EQ(backend.marked_read().size(), 3u) << "nothing new to mark";
  const std::string four = backend.post(kWithBob, kBob, "four");
  pair.drive();
  ASSERT_TRUE(pair.client.mark_read(pair.now, kWithBob).ok());
  pair.drive();
  EXPECT_EQ(backend.marked_read(), (std::vector<std::string>{one, two, three, four}));
}

TEST_F(PresetNestConversations, MessageReadShowsTheUsersMessageAsReadBySomeone) {
  join(kWithBob);
  ASSERT_TRUE(pair.client.send(pair.now, kWithBob, "first").ok());
  ASSERT_TRUE(pair.client.send(pair.now, kWithBob, "second").ok());
  pair.drive();
  const auto& store = pair.room(kWithBob).messages();
  ASSERT_EQ(store.size(), 2u);
  EXPECT_TRUE(pair.room(kWithBob).read_by(0).empty());

  backend.read(store.at(0).id);
  pair.drive();
  EXPECT_EQ(pair.room(kWithBob).read_by(0), std::vector<std::string>{"*"});
  EXPECT_TRUE(pair.room(kWithBob).read_by(1).empty());
  backend.read(store.at(1).id);
  pair.drive();
  EXPECT_EQ(pair.room(kWithBob).read_by(0), std::vector<std::string>{"*"});
  EXPECT_EQ(pair.room(kWithBob).read_by(1), std::vector<std::string>{"*"});
  EXPECT_EQ(pair.room(kWithBob).unread_count(), 0u)
      << "a receipt from the other side is not the user reading";
}

TEST_F(PresetNestConversations, AReconnectRejoinsInOrderSendsWhatWaitedAndReportsEachGap) {
  join(kWithBob);
  join(kWithCat);
  presets::cut(pair);
  const std::size_t before = emitted(pair).size();
  auto offline = pair.client.send(pair.now, kWithBob, "written offline");
  ASSERT_TRUE(offline.ok());
  pair.drive();
  EXPECT_EQ(emitted(pair).size(), before);

  presets::restore(pair);
  const std::vector<Json> all = emitted(pair);
  EXPECT_EQ(std::vector<Json>(all.begin() + static_cast<std::ptrdiff_t>(before), all.end()),
            (std::vector<Json>{
                Json::array({"joinConversation", {{"conversationId", kWithBob}}}),
                Json::array({"sendMessage", {{"conversationId", kWithBob}, {"content", "written offline"}}}),
                Json::array({"joinConversation", {{"conversationId", kWithCat}}}),
            }))
      << "a join counts as done once sent, so what waited for it follows at once";
  EXPECT_EQ(presets::discontinuities(pair), (std::vector<std::string>{kWithBob, kWithCat}))
      << "no history on the socket: what was said meanwhile is unknown";
  EXPECT_EQ(pair.texts(kWithBob), std::vector<std::string>{"written offline"});
  EXPECT_EQ(presets::statuses(pair, kWithBob), std::vector<MessageStatus>{MessageStatus::kSent});
}

TEST_F(PresetNestConversations, AMessageInFlightWhenTheConnectionDropsIsNotSentTwice) {
  join(kWithBob);
  backend.swallow_sends = true;  // the server has it; its 'message' is lost with the connection
  ASSERT_TRUE(pair.client.send(pair.now, kWithBob, "in flight").ok());
  pair.drive();
  presets::cut(pair);
  backend.swallow_sends = false;
  presets::restore(pair);
  EXPECT_EQ(pair.received("sendMessage").size(), 1u) << "a repeat would be a second message on this backend";
  EXPECT_EQ(presets::statuses(pair, kWithBob), std::vector<MessageStatus>{MessageStatus::kPending});
  pair.advance_by(4000);  // ten seconds after it went out
  EXPECT_EQ(presets::statuses(pair, kWithBob), std::vector<MessageStatus>{MessageStatus::kFailed})
      << "left for the user to retry or cancel";
}

TEST_F(PresetNestConversations, MessagesOfConversationsNotJoinedAreDroppedAndReported) {
  join(kWithBob);
  backend.post(kWithCat, kCat, "are you free?");  // Ada's user room gets every conversation
  pair.drive();
  EXPECT_TRUE(pair.texts(kWithBob).empty());
  const auto dropped = presets::chat_errors(pair, ChatErrorCode::kUnroutable);
  ASSERT_EQ(dropped.size(), 1u);
  EXPECT_EQ(dropped[0].room, kWithCat);
  EXPECT_EQ(pair.client.session().state(), session::State::kConnected);
}

TEST_F(PresetNestConversations, TypingGoesToTheConversationWithTheTypist) {
  join(kWithBob);
  backend.post(kWithBob, kBob, "hi");
  join(kWithCat);
  backend.post(kWithCat, kCat, "hello");
  pair.drive();
  backend.type(kBob, true);
  pair.drive();
  EXPECT_EQ(pair.room(kWithBob).typing_users(), std::vector<chat::User>{kBob});
  EXPECT_TRUE(pair.room(kWithCat).typing_users().empty());
}

}  // namespace
}  // namespace chatwire::testing::preset_nest_conversations
