// The whole client with the express-conversations preset (seed 003: Express
// + socket.io, conversations as rooms) against a scripted server that does
// what the seed's code does: joinConversation / leaveConversation answer
// nothing, sendMessage becomes newMessage {id: Date.now(), ...} to the whole
// conversation, and typing is relayed as {userId, isTyping: true}, then
// {userId, isTyping: false} 3000 ms later. There is no stop event.
#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "client/preset_test_util.h"

// A namespace of its own: the suites of a module are also compiled as one
// unity file, where their file-local users and servers would collide.
namespace chatwire::testing::preset_express_conversations {
namespace {

using chat::ChatErrorCode;
using chat::MessageStatus;
using chat::RoomState;
using presets::args;
using presets::emitted;
using presets::event;

const chat::User kSelf{"u-ada", "Ada"};
// Messages carry no names: another user's name is their id.
const chat::User kBob{"u-bob", "u-bob"};

/// Seed 003's server for the client under test; other users exist only here.
class ExpressServer {
 public:
  explicit ExpressServer(ClientPair& pair) : pair_(pair) {
    pair_.server.script.on_event = [this](FakeServer&, const std::string& name, const Json& event_args) {
      on_event(name, event_args);
      return std::optional<Json>();
    };
  }

  /// sendMessage is dropped on the floor: no newMessage.
  bool swallow_sends = false;
  /// Every typing payload the client sent, with the time it arrived.
  std::vector<std::pair<std::int64_t, Json>> typing_received;

  /// `sender` writes in `conversation`; io.to(conversation) reaches the
  /// client only if its socket is in that room.
  void post(const std::string& conversation, const std::string& sender, const std::string& text) {
    sync();
    const std::int64_t now = presets::kEpochMs + pair_.now;  // Date.now()
    const Json message = {{"id", std::to_string(now)},
                          {"conversationId", conversation},
                          {"senderId", sender},
                          {"message", text},
                          {"timestamp", presets::iso8601(now, presets::TimeStyle::kJavaScript)}};
    if (client_in_.count(conversation) != 0) to_client("newMessage", message);
  }
  /// The relay of someone else's typing (it names no conversation).
  void type(const std::string& user_id, bool typing) {
    to_client("typing", {{"userId", user_id}, {"isTyping", typing}});
  }

  [[nodiscard]] bool client_in(const std::string& conversation) const {
    return client_in_.count(conversation) != 0;
  }

 private:
  void to_client(const std::string& name, const Json& payload) {
    pair_.server.send_event(name, presets::args_of(payload));
  }
  void sync() {
    if (watch_.is_new(pair_.server)) client_in_.clear();
  }

  void on_event(const std::string& name, const Json& event_args) {
    sync();
    const Json payload = event_args.is_array() && !event_args.empty() ? event_args[0] : Json::object();
    const auto text = [&](const char* key) {
      return payload.is_object() && payload.contains(key) && payload[key].is_string()
                 ? payload[key].get<std::string>()
                 : std::string();
    };
    if (name == "joinConversation") {
      client_in_.insert(text("conversationId"));
    } else if (name == "leaveConversation") {
      client_in_.erase(text("conversationId"));
    } else if (name == "sendMessage") {
      if (!swallow_sends) post(text("conversationId"), text("senderId"), text("message"));
    } else if (name == "typing") {
      typing_received.emplace_back(pair_.now, payload);
    }
  }

  ClientPair& pair_;
  presets::ConnectionWatch watch_;
  std::set<std::string> client_in_;
};

class PresetExpressConversations : public ::testing::Test {
 protected:
  PresetExpressConversations() { pair.connect(); }

  void join(const std::string& conversation) {
    ASSERT_TRUE(pair.client.join(pair.now, conversation).ok());
    pair.drive();
    ASSERT_EQ(pair.room(conversation).state(), RoomState::kJoined);
  }
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

  ClientPair pair{preset("express-conversations"), {}, presets::config_as(kSelf)};
  ExpressServer backend{pair};
};

TEST_F(PresetExpressConversations, JoinSendsTheConversationIdAndNeedsNoAnswer) {
  ASSERT_TRUE(pair.client.join(pair.now, "conv-1").ok());
  EXPECT_EQ(pair.room("conv-1").state(), RoomState::kJoined) << "nothing confirms a join: sent is joined";
  pair.drive();
  EXPECT_EQ(emitted(pair), std::vector<Json>{event("joinConversation", R"({"conversationId": "conv-1"})")});
  EXPECT_FALSE(presets::any_ack_requested(pair));
  EXPECT_TRUE(backend.client_in("conv-1"));
  EXPECT_EQ(pair.room("conv-1").messages().size(), 0u);
  EXPECT_EQ(pair.room("conv-1").unread_count(), 0u);
}

TEST_F(PresetExpressConversations, ASendCarriesTheSenderIdAndNewMessageConfirmsIt) {
  join("conv-1");
  pair.advance_by(2000);
  auto client_id = pair.client.send(pair.now, "conv-1", "Hello!");
  ASSERT_TRUE(client_id.ok());
  EXPECT_EQ(presets::statuses(pair, "conv-1"), std::vector<MessageStatus>{MessageStatus::kPending});
  pair.drive();

  EXPECT_EQ(
      pair.received("sendMessage"),
      std::vector<Json>{args(R"({"conversationId": "conv-1", "senderId": "u-ada", "message": "Hello!"})")});
  ASSERT_EQ(pair.room("conv-1").messages().size(), 1u);
  const chat::Message& sent = pair.room("conv-1").messages().at(0);
  EXPECT_EQ(sent.status, MessageStatus::kSent);
  EXPECT_EQ(sent.id, std::to_string(presets::kEpochMs + 2000));
  EXPECT_EQ(sent.client_id, *client_id);
  EXPECT_EQ(sent.author.id, kSelf.id);
  EXPECT_EQ(sent.created_at_ms, presets::kEpochMs + 2000);
  EXPECT_EQ(pair.room("conv-1").unread_count(), 0u);
  EXPECT_TRUE(pair.events_of<chat::MessageArrived>().empty());
}

TEST_F(PresetExpressConversations, TwoIdenticalTextsSentQuicklyAreEachConfirmedOnce) {
  join("conv-1");
  auto first = pair.client.send(pair.now, "conv-1", "ok");
  pair.drive();
  pair.advance_by(5);  // Date.now() ids: two sends in the same millisecond would share one
  auto second = pair.client.send(pair.now, "conv-1", "ok");
  ASSERT_TRUE(first.ok() && second.ok());
  pair.drive();
  EXPECT_EQ(pair.received("sendMessage").size(), 2u);
  const auto& store = pair.room("conv-1").messages();
  ASSERT_EQ(store.size(), 2u);
  EXPECT_EQ(store.at(0).client_id, *first);
  EXPECT_EQ(store.at(1).client_id, *second);
  EXPECT_NE(store.at(0).id, store.at(1).id);
  EXPECT_EQ(presets::statuses(pair, "conv-1"), std::vector<MessageStatus>(2, MessageStatus::kSent));
}

TEST_F(PresetExpressConversations, AnEchoThatNeverComesFailsAfterTenSecondsAndRetrySendsAgain) {
  join("conv-1");
  backend.swallow_sends = true;
  auto client_id = pair.client.send(pair.now, "conv-1", "anyone?");
  ASSERT_TRUE(client_id.ok());
  pair.drive();
  pair.advance_by(9999);
  EXPECT_EQ(presets::statuses(pair, "conv-1"), std::vector<MessageStatus>{MessageStatus::kPending});
  pair.advance_by(1);
  EXPECT_EQ(presets::statuses(pair, "conv-1"), std::vector<MessageStatus>{MessageStatus::kFailed});
  ASSERT_EQ(presets::chat_errors(pair, ChatErrorCode::kSendFailed).size(), 1u);

  backend.swallow_sends = false;
  ASSERT_TRUE(pair.client.retry(pair.now, *client_id).ok());
  pair.drive();
  EXPECT_EQ(pair.received("sendMessage").size(), 2u);
  EXPECT_EQ(pair.texts("conv-1"), std::vector<std::string>{"anyone?"});
  EXPECT_EQ(presets::statuses(pair, "conv-1"), std::vector<MessageStatus>{MessageStatus::kSent});
}

TEST_F(PresetExpressConversations, TenSecondsOfTypingRefreshEvery2400MsAndNeverSendAStop) {
  join("conv-1");
  const std::int64_t start = pair.now;
  type_for("conv-1", 10'000, 200);  // 51 keystrokes
  pair.advance_by(10'000);
  // The server forgets typing 3000 ms after each 'typing'; a refresh must
  // reach it with a margin (max(500, 20%) = 600 ms): one every 2400 ms.
  std::vector<std::int64_t> times;
  for (const auto& [at, payload] : backend.typing_received) {
    times.push_back(at - start);
    EXPECT_EQ(payload, presets::json(R"({"conversationId": "conv-1", "userId": "u-ada"})"));
  }
  EXPECT_EQ(times, (std::vector<std::int64_t>{0, 2400, 4800, 7200, 9600}));
  EXPECT_EQ(emitted(pair).size(), 1u + times.size()) << "the join, the starts, and nothing else";
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
  for (const Json& sent : emitted(pair)) names.push_back(sent[0].get<std::string>());
  EXPECT_EQ(names, (std::vector<std::string>{"joinConversation", "typing", "sendMessage", "typing"}));
}

TEST_F(PresetExpressConversations, OthersTypingShowsUntilTheRelayedStopOwnIsIgnoredAMessageEndsIt) {
  join("conv-1");
  backend.post("conv-1", "u-bob", "hi");
  backend.type("u-bob", true);
  pair.drive();
  EXPECT_EQ(pair.room("conv-1").typing_users(), std::vector<chat::User>{kBob}) << "named as his messages are";
  backend.type("u-ada", true);  // Ada's other tab
  pair.drive();
  EXPECT_EQ(pair.room("conv-1").typing_users(), std::vector<chat::User>{kBob});
  pair.advance_by(3000);
  backend.type("u-bob", false);  // the server's own stop, 3000 ms later
  pair.drive();
  EXPECT_TRUE(pair.room("conv-1").typing_users().empty());

  backend.type("u-bob", true);
  pair.drive();
  ASSERT_EQ(pair.room("conv-1").typing_users().size(), 1u);
  backend.post("conv-1", "u-bob", "there");
  pair.drive();
  EXPECT_TRUE(pair.room("conv-1").typing_users().empty());
}

TEST_F(PresetExpressConversations, OthersMessagesCountAsUnreadOwnDoNotAndMarkReadClears) {
  join("conv-1");
  backend.post("conv-1", "u-bob", "one");
  pair.advance_by(1);
  backend.post("conv-1", "u-bob", "two");
  pair.drive();
  pair.advance_by(1);
  ASSERT_TRUE(pair.client.send(pair.now, "conv-1", "mine").ok());
  pair.drive();
  EXPECT_EQ(pair.room("conv-1").unread_count(), 2u);
  ASSERT_EQ(pair.events_of<chat::MessageArrived>().size(), 2u);
  ASSERT_TRUE(pair.client.mark_read(pair.now, "conv-1").ok());
  pair.drive();
  EXPECT_EQ(pair.room("conv-1").unread_count(), 0u);
  EXPECT_EQ(emitted(pair).size(), 2u) << "the join and the send: the seed has no receipts";
}

TEST_F(PresetExpressConversations, AnEchoSharingItsDateNowIdWithSomeoneElsesMessageKeepsBoth) {
  join("conv-1");
  backend.post("conv-1", "u-bob", "from Bob");
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
  presets::cut(pair);
  const std::size_t before = emitted(pair).size();
  ASSERT_TRUE(pair.client.send(pair.now, "conv-2", "written offline").ok());
  backend.post("conv-1", "u-bob", "lost: nobody was listening");
  pair.drive();

  presets::restore(pair);
  const std::vector<Json> all = emitted(pair);
  EXPECT_EQ(std::vector<Json>(all.begin() + static_cast<std::ptrdiff_t>(before), all.end()),
            (std::vector<Json>{
                event("joinConversation", R"({"conversationId": "conv-1"})"),
                event("joinConversation", R"({"conversationId": "conv-2"})"),
                event("sendMessage",
                      R"({"conversationId": "conv-2", "senderId": "u-ada", "message": "written offline"})"),
            }));
  EXPECT_EQ(presets::discontinuities(pair), (std::vector<std::string>{"conv-1", "conv-2"}));
  EXPECT_EQ(pair.texts("conv-2"), std::vector<std::string>{"written offline"});
  EXPECT_EQ(presets::statuses(pair, "conv-2"), std::vector<MessageStatus>{MessageStatus::kSent});
  EXPECT_TRUE(pair.texts("conv-1").empty());
}

TEST_F(PresetExpressConversations, LeaveSendsLeaveConversationAndTheRoomStaysReadable) {
  join("conv-1");
  backend.post("conv-1", "u-bob", "bye");
  pair.drive();
  ASSERT_TRUE(pair.client.leave(pair.now, "conv-1").ok());
  pair.drive();
  EXPECT_EQ(pair.received("leaveConversation"), std::vector<Json>{args(R"({"conversationId": "conv-1"})")});
  EXPECT_FALSE(backend.client_in("conv-1"));
  EXPECT_EQ(pair.room("conv-1").state(), RoomState::kLeft);
  EXPECT_EQ(pair.texts("conv-1"), std::vector<std::string>{"bye"});
  EXPECT_EQ(pair.client.chat().unread_total(), 0u) << "a left room counts no unread";
  presets::cut(pair);
  presets::restore(pair);
  EXPECT_TRUE(pair.received("joinConversation").size() == 1u) << "a left room is not rejoined";
}

}  // namespace
}  // namespace chatwire::testing::preset_express_conversations
