// The whole client with the flask-shows preset (seed 001: Flask-SocketIO,
// one room per show, integer ids) against a scripted server that answers as
// the preset's comment says the seed does: join_show is answered by
// message_history then active_users, send_message is echoed to everyone as
// new_message, user_typing / user_joined / user_left go to the others.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "client/preset_test_util.h"

// A namespace of its own: the suites of a module are also compiled as one
// unity file, where their file-local users and servers would collide.
namespace chatwire::testing::preset_flask_shows {
namespace {

using chat::ChatErrorCode;
using chat::MessageStatus;
using chat::RoomState;
using presets::args;
using presets::emitted;
using presets::event;
using presets::json;

// The server knows the signed-in user as user 10 (the seed's "you").
const chat::User kSelf{"10", "Ada"};
const chat::User kBob{"5", "musiclover87"};
const chat::User kCat{"8", "concert_junkie"};
const chat::User kDan{"12", "dan"};

std::int64_t number(const std::string& id) { return std::stoll(id); }

/// Seed 001's server for the client under test and any number of other
/// users, who exist only here.
class ShowsServer {
 public:
  explicit ShowsServer(ClientPair& pair) : pair_(pair) {
    pair_.server.script.on_event = [this](FakeServer&, const std::string& name, const Json& event_args) {
      on_event(name, event_args);
      return std::optional<Json>();
    };
  }

  /// send_message is dropped on the floor: no store, no echo.
  bool swallow_sends = false;
  /// Shows that exist.
  std::set<std::int64_t> shows{123, 456};
  /// Every typing payload the client sent, with the time it arrived.
  std::vector<std::pair<std::int64_t, Json>> typing_received;

  /// `user` posts in `show`; `created_at` overrides the server's stamp.
  void post(std::int64_t show, const chat::User& user, const std::string& text,
            std::optional<std::string> created_at = std::nullopt) {
    sync();
    Json message = {
        {"id", next_id_++},      {"show_id", show}, {"user_id", number(user.id)},
        {"username", user.name}, {"message", text}, {"created_at", created_at.value_or(now_text())}};
    history_[show].push_back(message);
    if (client_in_.count(show) != 0) to_client("new_message", message);
  }
  void post_many(std::int64_t show, const chat::User& user, int count, const std::string& prefix) {
    for (int i = 1; i <= count; ++i) post(show, user, prefix + " " + std::to_string(i));
  }

  /// `user` opens the show's chat (one more connection, `sid`).
  void arrive(std::int64_t show, const chat::User& user, const std::string& sid) {
    sync();
    present_[show].push_back({{"user_id", number(user.id)}, {"username", user.name}, {"sid", sid}});
    if (client_in_.count(show) != 0) to_client("user_joined", change(show, user, " joined the chat"));
  }
  /// Every connection of `user` leaves the show.
  void depart(std::int64_t show, const chat::User& user) {
    sync();
    auto& present = present_[show];
    present.erase(std::remove_if(present.begin(), present.end(),
                                 [&](const Json& entry) { return entry["user_id"] == number(user.id); }),
                  present.end());
    if (client_in_.count(show) != 0) to_client("user_left", change(show, user, " left the chat"));
  }
  /// `user` types in a show the client is in (the relay names no show).
  void type(const chat::User& user, bool typing) {
    to_client("user_typing", {{"user_id", number(user.id)}, {"username", user.name}, {"is_typing", typing}});
  }
  void error(const std::string& message, std::optional<std::string> details) {
    Json payload = {{"message", message}};
    if (details) payload["details"] = *details;
    to_client("error", payload);
  }

 private:
  std::string now_text() const {
    return presets::iso8601(presets::kEpochMs + pair_.now, presets::TimeStyle::kPythonWithZone);
  }

  void to_client(const std::string& name, const Json& payload) {
    pair_.server.send_event(name, presets::args_of(payload));
  }

  /// A new connection is in no show; its predecessor left all of them.
  void sync() {
    if (!watch_.is_new(pair_.server)) return;
    for (std::int64_t show : client_in_) remove_self(show);
    client_in_.clear();
  }
  void remove_self(std::int64_t show) {
    auto& present = present_[show];
    present.erase(std::remove_if(present.begin(), present.end(),
                                 [&](const Json& entry) { return entry["sid"] == "sid-self"; }),
                  present.end());
  }

  Json change(std::int64_t show, const chat::User& user, const std::string& what) {
    return {{"user_id", number(user.id)},
            {"username", user.name},
            {"message", user.name + what},
            {"active_users", present_[show]}};
  }

  void on_event(const std::string& name, const Json& event_args) {
    sync();
    const Json payload = event_args.is_array() && !event_args.empty() ? event_args[0] : Json();
    const Json* show_id = payload.is_object() && payload.contains("show_id") ? &payload["show_id"] : nullptr;
    const bool numeric = show_id != nullptr && show_id->is_number_integer();
    const std::int64_t show = numeric ? show_id->get<std::int64_t>() : 0;
    if (name == "typing") {
      typing_received.emplace_back(pair_.now, payload);
      return;
    }
    if (!numeric) {
      error("Missing show_id", std::nullopt);
      return;
    }
    if (name == "join_show") {
      if (shows.count(show) == 0) {
        error("Show not found", "No show with id " + std::to_string(show));
        return;
      }
      if (client_in_.insert(show).second) {
        present_[show].push_back(
            {{"user_id", number(kSelf.id)}, {"username", kSelf.name}, {"sid", "sid-self"}});
      }
      const auto& history = history_[show];
      const std::size_t first = history.size() > 50 ? history.size() - 50 : 0;
      Json last = Json::array();
      for (std::size_t i = first; i < history.size(); ++i) last.push_back(history[i]);
      to_client("message_history", {{"messages", last}});
      to_client("active_users", {{"active_users", present_[show]}, {"count", present_[show].size()}});
    } else if (name == "leave_show") {
      client_in_.erase(show);
      remove_self(show);
    } else if (name == "send_message") {
      if (client_in_.count(show) == 0) {
        error("Not in show chat room", std::nullopt);
        return;
      }
      if (swallow_sends || !payload.contains("message") || !payload["message"].is_string()) return;
      post(show, kSelf, payload["message"].get<std::string>());
    } else if (name == "get_active_users") {
      to_client("active_users",
                {{"show_id", show}, {"active_users", present_[show]}, {"count", present_[show].size()}});
    }
  }

  ClientPair& pair_;
  presets::ConnectionWatch watch_;
  std::int64_t next_id_ = 1;
  std::map<std::int64_t, std::vector<Json>> history_;
  std::map<std::int64_t, std::vector<Json>> present_;
  std::set<std::int64_t> client_in_;
};

class PresetFlaskShows : public ::testing::Test {
 protected:
  PresetFlaskShows() { pair.connect(); }

  void join(const std::string& show) {
    ASSERT_TRUE(pair.client.join(pair.now, show).ok());
    pair.drive();
    ASSERT_EQ(pair.room(show).state(), RoomState::kJoined);
  }
  std::vector<chat::User> members(const std::string& show) const {
    std::vector<chat::User> out;
    for (const auto& member : pair.room(show).members()) out.push_back(member.user);
    return out;
  }

  ClientPair pair{preset("flask-shows"), {}, presets::config_as(kSelf)};
  ShowsServer backend{pair};
};

TEST_F(PresetFlaskShows, JoinSendsTheShowIdAsANumberAndTheHistoryConfirmsIt) {
  backend.post(123, kBob, "This opening act is amazing!");
  pair.advance_by(1500);
  backend.post(123, kCat, "Agreed");
  backend.arrive(123, kBob, "abc123");

  ASSERT_TRUE(pair.client.join(pair.now, "123").ok());
  EXPECT_EQ(pair.room("123").state(), RoomState::kJoining) << "until the server answers";
  pair.drive();

  EXPECT_EQ(emitted(pair), std::vector<Json>{event("join_show", R"({"show_id": 123})")});
  EXPECT_FALSE(presets::any_ack_requested(pair));
  EXPECT_EQ(pair.room("123").state(), RoomState::kJoined);
  EXPECT_EQ(pair.texts("123"), (std::vector<std::string>{"This opening act is amazing!", "Agreed"}));
  const chat::Message& first = pair.room("123").messages().at(0);
  EXPECT_EQ(first.id, "1");
  EXPECT_EQ(first.author, kBob);
  EXPECT_EQ(first.created_at_ms, presets::kEpochMs);
  EXPECT_EQ(pair.room("123").messages().at(1).created_at_ms, presets::kEpochMs + 1500);
  EXPECT_EQ(pair.room("123").unread_count(), 0u) << "what was there before the user came is not unread";
  EXPECT_EQ(members("123"), (std::vector<chat::User>{kSelf, kBob}));
  EXPECT_TRUE(pair.events_of<chat::MessageArrived>().empty()) << "history is not news";
}

TEST_F(PresetFlaskShows, ASendIsPendingAtOnceAndItsEchoMakesItSent) {
  join("123");
  pair.advance_by(2000);
  auto client_id = pair.client.send(pair.now, "123", "This opening act is incredible!");
  ASSERT_TRUE(client_id.ok());
  EXPECT_EQ(presets::statuses(pair, "123"), std::vector<MessageStatus>{MessageStatus::kPending});
  pair.drive();

  EXPECT_EQ(pair.received("send_message"),
            std::vector<Json>{args(R"({"show_id": 123, "message": "This opening act is incredible!"})")});
  ASSERT_EQ(pair.room("123").messages().size(), 1u);
  const chat::Message& sent = pair.room("123").messages().at(0);
  EXPECT_EQ(sent.status, MessageStatus::kSent);
  EXPECT_EQ(sent.id, "1");
  EXPECT_EQ(sent.client_id, *client_id);
  EXPECT_EQ(sent.author, kSelf);
  EXPECT_EQ(sent.created_at_ms, presets::kEpochMs + 2000);
  EXPECT_EQ(pair.room("123").unread_count(), 0u);
  EXPECT_TRUE(pair.events_of<chat::MessageArrived>().empty()) << "the user's own echo is no notification";
}

TEST_F(PresetFlaskShows, TwoIdenticalTextsSentAtOnceAreEachConfirmedOnce) {
  join("123");
  auto first = pair.client.send(pair.now, "123", "encore!");
  auto second = pair.client.send(pair.now, "123", "encore!");
  ASSERT_TRUE(first.ok() && second.ok());
  pair.drive();

  EXPECT_EQ(pair.received("send_message").size(), 2u);
  const auto& store = pair.room("123").messages();
  ASSERT_EQ(store.size(), 2u);
  EXPECT_EQ(store.at(0).client_id, *first);
  EXPECT_EQ(store.at(0).id, "1");
  EXPECT_EQ(store.at(1).client_id, *second);
  EXPECT_EQ(store.at(1).id, "2");
  EXPECT_EQ(presets::statuses(pair, "123"),
            (std::vector<MessageStatus>{MessageStatus::kSent, MessageStatus::kSent}));
}

TEST_F(PresetFlaskShows, AnEchoThatNeverComesFailsAfterTenSecondsAndRetrySendsAgain) {
  join("123");
  backend.swallow_sends = true;
  auto client_id = pair.client.send(pair.now, "123", "anyone?");
  ASSERT_TRUE(client_id.ok());
  pair.drive();
  pair.advance_by(9999);
  EXPECT_EQ(presets::statuses(pair, "123"), std::vector<MessageStatus>{MessageStatus::kPending});
  pair.advance_by(1);
  EXPECT_EQ(presets::statuses(pair, "123"), std::vector<MessageStatus>{MessageStatus::kFailed});
  const auto failures = presets::chat_errors(pair, ChatErrorCode::kSendFailed);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].room, "123");

  backend.swallow_sends = false;
  ASSERT_TRUE(pair.client.retry(pair.now, *client_id).ok());
  pair.drive();
  EXPECT_EQ(pair.received("send_message"),
            std::vector<Json>(2, args(R"({"show_id": 123, "message": "anyone?"})")));
  EXPECT_EQ(pair.texts("123"), std::vector<std::string>{"anyone?"});
  EXPECT_EQ(presets::statuses(pair, "123"), std::vector<MessageStatus>{MessageStatus::kSent});
  EXPECT_EQ(pair.room("123").messages().at(0).client_id, *client_id);
}

TEST_F(PresetFlaskShows, KeystrokesSendOneStartAndAStopAfterTwoSecondsIdle) {
  join("123");
  const std::int64_t start = pair.now;
  for (int keystroke = 0; keystroke <= 5; ++keystroke) {
    pair.advance_to(start + keystroke * 200);
    pair.client.typing(pair.now, "123");
    pair.drive();
  }
  pair.advance_by(5000);
  ASSERT_EQ(backend.typing_received.size(), 2u);
  EXPECT_EQ(backend.typing_received[0].first, start);
  EXPECT_EQ(backend.typing_received[0].second, json(R"({"show_id": 123, "is_typing": true})"));
  EXPECT_EQ(backend.typing_received[1].first, start + 1000 + 2000);
  EXPECT_EQ(backend.typing_received[1].second, json(R"({"show_id": 123, "is_typing": false})"));
}

TEST_F(PresetFlaskShows, OthersTypingShowsByNameOwnIsIgnoredAndTheirMessageEndsIt) {
  join("123");
  backend.type(kBob, true);
  pair.drive();
  EXPECT_EQ(pair.room("123").typing_users(), std::vector<chat::User>{kBob});
  backend.type(kSelf, true);  // another tab of the same user
  pair.drive();
  EXPECT_EQ(pair.room("123").typing_users(), std::vector<chat::User>{kBob});
  backend.post(123, kBob, "done typing");
  pair.drive();
  EXPECT_TRUE(pair.room("123").typing_users().empty());
  ASSERT_EQ(pair.events_of<chat::MessageArrived>().size(), 1u);
  EXPECT_EQ(pair.events_of<chat::MessageArrived>()[0].message.text, "done typing");
}

TEST_F(PresetFlaskShows, ActiveUsersAndJoinsAndLeavesReplaceTheMemberList) {
  backend.arrive(123, kBob, "abc123");
  join("123");
  EXPECT_EQ(members("123"), (std::vector<chat::User>{kSelf, kBob}));

  backend.arrive(123, kCat, "def456");
  pair.drive();
  EXPECT_EQ(members("123"), (std::vector<chat::User>{kSelf, kBob, kCat}));
  backend.arrive(123, kBob, "ghi789");  // a second tab: listed twice by the server, once here
  pair.drive();
  EXPECT_EQ(members("123"), (std::vector<chat::User>{kSelf, kBob, kCat}));

  backend.type(kCat, true);
  backend.depart(123, kCat);
  pair.drive();
  EXPECT_EQ(members("123"), (std::vector<chat::User>{kSelf, kBob}));
  EXPECT_TRUE(pair.room("123").typing_users().empty()) << "someone who left types no more";

  backend.arrive(123, kDan, "jkl000");  // only on the server's list, as if the event were lost
  ASSERT_TRUE(pair.client.refresh_members(pair.now, "123").ok());
  pair.drive();
  EXPECT_EQ(pair.received("get_active_users"), std::vector<Json>{args(R"({"show_id": 123})")});
  EXPECT_EQ(members("123"), (std::vector<chat::User>{kSelf, kBob, kDan}));
}

TEST_F(PresetFlaskShows, AReconnectRejoinsEachShowInOrderAndSendsWhatWasWrittenOffline) {
  join("123");
  join("456");
  backend.post(123, kBob, "before");
  backend.post(456, kCat, "elsewhere");
  pair.drive();
  ASSERT_TRUE(pair.client.mark_read(pair.now, "123").ok());
  presets::cut(pair);
  const std::size_t before = emitted(pair).size();
  auto offline = pair.client.send(pair.now, "123", "written offline");
  ASSERT_TRUE(offline.ok());
  backend.post(123, kBob, "while away");
  pair.drive();
  EXPECT_EQ(presets::statuses(pair, "123"),
            (std::vector<MessageStatus>{MessageStatus::kSent, MessageStatus::kPending}));
  EXPECT_EQ(pair.room("123").state(), RoomState::kJoining);

  presets::restore(pair);
  const std::vector<Json> all = emitted(pair);
  EXPECT_EQ(
      std::vector<Json>(all.begin() + static_cast<std::ptrdiff_t>(before), all.end()),
      (std::vector<Json>{event("join_show", R"({"show_id": 123})"), event("join_show", R"({"show_id": 456})"),
                         event("send_message", R"({"show_id": 123, "message": "written offline"})")}));
  EXPECT_EQ(pair.room("123").state(), RoomState::kJoined);
  EXPECT_EQ(pair.room("456").state(), RoomState::kJoined);
  EXPECT_EQ(pair.texts("123"), (std::vector<std::string>{"before", "while away", "written offline"}));
  EXPECT_EQ(presets::statuses(pair, "123"), std::vector<MessageStatus>(3, MessageStatus::kSent));
  EXPECT_EQ(pair.texts("456"), std::vector<std::string>{"elsewhere"});
  EXPECT_EQ(pair.room("123").unread_count(), 1u) << "what came while away is news";
  EXPECT_TRUE(presets::discontinuities(pair).empty()) << "the rejoin history overlaps what was shown";
}

TEST_F(PresetFlaskShows, HistoryThatNoLongerOverlapsReportsOneDiscontinuity) {
  join("123");
  join("456");
  backend.post_many(123, kBob, 3, "seen");
  backend.post(456, kCat, "quiet show");
  pair.drive();
  ASSERT_TRUE(pair.client.mark_read(pair.now, "123").ok());
  presets::cut(pair);
  backend.post_many(123, kBob, 60, "missed");  // more than the 50 a join brings
  presets::restore(pair);

  EXPECT_EQ(presets::discontinuities(pair), std::vector<std::string>{"123"});
  EXPECT_EQ(pair.room("123").messages().size(), 53u);
  EXPECT_EQ(pair.texts("123")[3], "missed 11");
  EXPECT_EQ(pair.room("123").unread_count(), 50u);
  EXPECT_EQ(pair.texts("456"), std::vector<std::string>{"quiet show"});
}

TEST_F(PresetFlaskShows, AfterARejoinEachShowKeepsItsOwnActiveUsers) {
  backend.arrive(123, kBob, "abc123");
  backend.arrive(456, kCat, "def456");
  join("123");
  join("456");
  presets::cut(pair);
  backend.depart(123, kBob);
  backend.arrive(123, kDan, "jkl000");
  presets::restore(pair);
  // The rejoin sends both join_show at once; each answer's active_users
  // (which names no show) follows the message_history that confirmed its show.
  EXPECT_EQ(members("123"), (std::vector<chat::User>{kSelf, kDan}));
  EXPECT_EQ(members("456"), (std::vector<chat::User>{kSelf, kCat}));
}

TEST_F(PresetFlaskShows, ErrorEventsBecomeServerErrorsWithTheirDetails) {
  ASSERT_TRUE(pair.client.join(pair.now, "999").ok());
  pair.drive();
  EXPECT_EQ(pair.received("join_show"), std::vector<Json>{args(R"({"show_id": 999})")});
  backend.error("Unauthorized", std::nullopt);
  pair.drive();
  const auto errors = presets::chat_errors(pair, ChatErrorCode::kServerError);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].message, "Show not found (No show with id 999)");
  EXPECT_EQ(errors[0].room, "");
  EXPECT_EQ(errors[1].message, "Unauthorized");
  EXPECT_TRUE(pair.events_of<ProtocolWarning>().empty());
  EXPECT_EQ(pair.client.session().state(), session::State::kConnected);
}

TEST_F(PresetFlaskShows, ANonNumericShowIdCannotBeEncodedAndNothingGoesOut) {
  ASSERT_TRUE(pair.client.join(pair.now, "abc").ok());
  pair.drive();
  EXPECT_TRUE(emitted(pair).empty());
  const auto warnings = pair.events_of<ProtocolWarning>();
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].kind, ProtocolWarning::Kind::kNotEncodable);
  EXPECT_EQ(warnings[0].event, "join");
  EXPECT_EQ(warnings[0].message, "flask-shows needs integer room ids; \"abc\" is not one");
}

TEST_F(PresetFlaskShows, AShowThatCannotBeEncodedIsLeftWithAJoinFailure) {
  // Decided: the id can never go on the wire, so the join has failed for
  // good; the room is left (as when a server refuses a join), not joining
  // forever and not "joined" by the confirmation timeout.
  ASSERT_TRUE(pair.client.join(pair.now, "abc").ok());
  pair.drive();
  pair.advance_by(15'000);
  EXPECT_EQ(pair.room("abc").state(), RoomState::kLeft);
  const auto failures = presets::chat_errors(pair, ChatErrorCode::kJoinFailed);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].room, "abc");
  auto refused = pair.client.send(pair.now, "abc", "hello");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error(), chat::CommandError::kNotJoined);
}

TEST_F(PresetFlaskShows, TimestampsWithAndWithoutZoneOrderMessages) {
  backend.post(123, kBob, "first", "2024-11-16T20:15:30Z");
  backend.post(123, kCat, "third", "2024-11-16T20:15:32.000250");
  join("123");
  backend.post(123, kCat, "second", "2024-11-16T20:15:31.250999");  // naive, microseconds: read as UTC
  backend.post(123, kBob, "zeroth", "2024-11-16T20:15:29.999999Z");
  pair.drive();
  EXPECT_EQ(pair.texts("123"), (std::vector<std::string>{"zeroth", "first", "second", "third"}));
  const auto& store = pair.room("123").messages();
  EXPECT_EQ(store.at(0).created_at_ms, presets::kEpochMs - 1);
  EXPECT_EQ(store.at(1).created_at_ms, presets::kEpochMs);
  EXPECT_EQ(store.at(2).created_at_ms, presets::kEpochMs + 1250);
  EXPECT_EQ(store.at(3).created_at_ms, presets::kEpochMs + 2000);
}

}  // namespace
}  // namespace chatwire::testing::preset_flask_shows
