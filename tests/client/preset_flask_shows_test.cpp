// The whole client with the flask-shows preset (seed 001: Flask-SocketIO,
// one room per show, integer ids) against a scripted server that answers as
// the preset's comment says the seed does: join_show is answered by
// message_history then active_users, send_message is echoed to everyone as
// new_message, user_typing / user_joined / user_left go to the others.
// What it does as every seed does is in preset_every_seed_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "client/preset_fixture.h"
#include "client/scripted_backend.h"

// A namespace of its own: the suites of a module are also compiled as one
// unity file, where their file-local users and servers would collide.
namespace chatwire::testing::preset_flask_shows {
namespace {

using chat::ChatErrorCode;
using chat::MessageStatus;
using chat::RoomState;
using presets::args;
using presets::event;

// The server knows the signed-in user as user 10 (the seed's "you").
const chat::User kSelf{"10", "Ada"};
const chat::User kBob{"5", "musiclover87"};
const chat::User kCat{"8", "concert_junkie"};
const chat::User kDan{"12", "dan"};

/// Shows and users are integers on the wire; the client's room ids are strings.
std::int64_t number(const std::string& id) { return std::stoll(id); }

/// Seed 001's server for the client under test and any number of other
/// users, who exist only here.
class ShowsServer : public presets::ScriptedBackend {
 public:
  using ScriptedBackend::ScriptedBackend;

  /// Shows that exist.
  std::set<std::int64_t> shows{123, 456};

  std::string post(const std::string& show, const chat::User& author, const std::string& text) override {
    return post_at(show, author, text, server_now(presets::TimeStyle::kPythonWithZone));
  }
  /// post(), with the seed's `created_at` written as given.
  std::string post_at(const std::string& show, const chat::User& author, const std::string& text,
                      const std::string& created_at) {
    const std::int64_t id = next_id();
    const Json message = {{"id", id},
                          {"show_id", number(show)},
                          {"user_id", number(author.id)},
                          {"username", author.name},
                          {"message", text},
                          {"created_at", created_at}};
    history_[show].push_back(message);
    if (client_in(show)) to_client("new_message", message);
    return std::to_string(id);
  }

  /// `user` opens the show's chat (one more connection, `sid`).
  void arrive(const std::string& show, const chat::User& user, const std::string& sid) {
    present_[show].push_back({{"user_id", number(user.id)}, {"username", user.name}, {"sid", sid}});
    if (client_in(show)) to_client("user_joined", change(show, user, " joined the chat"));
  }
  /// Every connection of `user` leaves the show.
  void depart(const std::string& show, const chat::User& user) {
    remove_present(show, "user_id", number(user.id));
    if (client_in(show)) to_client("user_left", change(show, user, " left the chat"));
  }
  /// The relay names no show.
  void type(const std::string& /*show*/, const chat::User& user, bool typing) override {
    to_client("user_typing", {{"user_id", number(user.id)}, {"username", user.name}, {"is_typing", typing}});
  }
  void error(const std::string& message, std::optional<std::string> details) {
    Json payload = {{"message", message}};
    if (details) payload["details"] = *details;
    to_client("error", payload);
  }

 private:
  /// The old socket left every show it was in.
  void on_new_socket() override {
    for (const std::string& show : socket_rooms()) remove_present(show, "sid", "sid-self");
  }
  void remove_present(const std::string& show, const char* key, const Json& value) {
    auto& present = present_[show];
    present.erase(std::remove_if(present.begin(), present.end(),
                                 [&](const Json& entry) { return entry[key] == value; }),
                  present.end());
  }

  Json change(const std::string& show, const chat::User& user, const std::string& what) {
    return {{"user_id", number(user.id)},
            {"username", user.name},
            {"message", user.name + what},
            {"active_users", present_[show]}};
  }

  void on_event(const std::string& name, const Json& payload) override {
    if (name == "typing") return;  // relayed to the others, never back
    const Json* show_id = payload.is_object() && payload.contains("show_id") ? &payload["show_id"] : nullptr;
    if (show_id == nullptr || !show_id->is_number_integer()) {
      error("Missing show_id", std::nullopt);
      return;
    }
    const std::int64_t show_number = show_id->get<std::int64_t>();
    const std::string show = std::to_string(show_number);
    if (name == "join_show") {
      if (shows.count(show_number) == 0) {
        error("Show not found", "No show with id " + show);
        return;
      }
      if (socket_rooms().insert(show).second) {
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
      socket_rooms().erase(show);
      remove_present(show, "sid", "sid-self");
    } else if (name == "send_message") {
      if (!client_in(show)) {
        error("Not in show chat room", std::nullopt);
        return;
      }
      if (swallow_sends || !payload.contains("message") || !payload["message"].is_string()) return;
      post(show, kSelf, payload["message"].get<std::string>());
    } else if (name == "get_active_users") {
      to_client(
          "active_users",
          {{"show_id", show_number}, {"active_users", present_[show]}, {"count", present_[show].size()}});
    }
  }

  std::map<std::string, std::vector<Json>> history_;
  std::map<std::string, std::vector<Json>> present_;
};

const presets::PresetCase kCase{
    .preset = "flask-shows",
    .make_backend = presets::make_backend<ShowsServer>,
    .self = kSelf,
    .other = kBob,
    .room = "123",
    .state_until_answered = RoomState::kJoining,  // until the server answers
    .join_events =
        [](const std::string& show) {
          return std::vector<Json>{presets::event_of("join_show", {{"show_id", number(show)}})};
        },
    .send_event =
        [](const std::string& show, const std::string& text) {
          return presets::event_of("send_message", {{"show_id", number(show)}, {"message", text}});
        },
    .message_id = [](int nth, std::int64_t /*at_ms*/) { return std::to_string(nth); },
    .typing_start =
        [](const std::string& show) {
          return presets::event_of("typing", {{"show_id", number(show)}, {"is_typing", true}});
        },
    .typing_stop =
        [](const std::string& show) {
          return presets::event_of("typing", {{"show_id", number(show)}, {"is_typing", false}});
        },
    .join_brings_history = true,
};

class PresetFlaskShows : public presets::ScriptedPresetTest {
 protected:
  PresetFlaskShows() : ScriptedPresetTest(kCase) {}

  ShowsServer& shows = backend_as<ShowsServer>();
};

TEST_F(PresetFlaskShows, ActiveUsersAndJoinsAndLeavesReplaceTheMemberList) {
  shows.arrive("123", kBob, "abc123");
  join("123");
  EXPECT_EQ(members("123"), (std::vector<chat::User>{kSelf, kBob}));

  shows.arrive("123", kCat, "def456");
  pair.drive();
  EXPECT_EQ(members("123"), (std::vector<chat::User>{kSelf, kBob, kCat}));
  shows.arrive("123", kBob, "ghi789");  // a second tab: listed twice by the server, once here
  pair.drive();
  EXPECT_EQ(members("123"), (std::vector<chat::User>{kSelf, kBob, kCat}));

  shows.type("123", kCat, true);
  shows.depart("123", kCat);
  pair.drive();
  EXPECT_EQ(members("123"), (std::vector<chat::User>{kSelf, kBob}));
  EXPECT_TRUE(pair.room("123").typing_users().empty()) << "someone who left types no more";

  shows.arrive("123", kDan, "jkl000");  // only on the server's list, as if the event were lost
  ASSERT_TRUE(pair.client.refresh_members(pair.now, "123").ok());
  pair.drive();
  EXPECT_EQ(pair.received("get_active_users"), std::vector<Json>{args(R"({"show_id": 123})")});
  EXPECT_EQ(members("123"), (std::vector<chat::User>{kSelf, kBob, kDan}));
}

TEST_F(PresetFlaskShows, AReconnectRejoinsEachShowInOrderAndSendsWhatWasWrittenOffline) {
  join("123");
  join("456");
  shows.post("123", kBob, "before");
  shows.post("456", kCat, "elsewhere");
  pair.drive();
  ASSERT_TRUE(pair.client.mark_read(pair.now, "123").ok());
  cut();
  const std::size_t before = emitted().size();
  auto offline = pair.client.send(pair.now, "123", "written offline");
  ASSERT_TRUE(offline.ok());
  shows.post("123", kBob, "while away");
  pair.drive();
  EXPECT_EQ(statuses("123"), (std::vector<MessageStatus>{MessageStatus::kSent, MessageStatus::kPending}));
  EXPECT_EQ(pair.room("123").state(), RoomState::kJoining);

  restore();
  EXPECT_EQ(
      emitted_since(before),
      (std::vector<Json>{event("join_show", R"({"show_id": 123})"), event("join_show", R"({"show_id": 456})"),
                         event("send_message", R"({"show_id": 123, "message": "written offline"})")}));
  EXPECT_EQ(pair.room("123").state(), RoomState::kJoined);
  EXPECT_EQ(pair.room("456").state(), RoomState::kJoined);
  EXPECT_EQ(pair.texts("123"), (std::vector<std::string>{"before", "while away", "written offline"}));
  EXPECT_EQ(statuses("123"), std::vector<MessageStatus>(3, MessageStatus::kSent));
  EXPECT_EQ(pair.texts("456"), std::vector<std::string>{"elsewhere"});
  EXPECT_EQ(pair.room("123").unread_count(), 1u) << "what came while away is news";
  EXPECT_TRUE(discontinuities().empty()) << "the rejoin history overlaps what was shown";
}

TEST_F(PresetFlaskShows, HistoryThatNoLongerOverlapsReportsOneDiscontinuity) {
  join("123");
  join("456");
  shows.post_many("123", kBob, 3, "seen");
  shows.post("456", kCat, "quiet show");
  pair.drive();
  ASSERT_TRUE(pair.client.mark_read(pair.now, "123").ok());
  cut();
  shows.post_many("123", kBob, 60, "missed");  // more than the 50 a join brings
  restore();

  EXPECT_EQ(discontinuities(), std::vector<std::string>{"123"});
  EXPECT_EQ(pair.room("123").messages().size(), 53u);
  EXPECT_EQ(pair.texts("123")[3], "missed 11");
  EXPECT_EQ(pair.room("123").unread_count(), 50u);
  EXPECT_EQ(pair.texts("456"), std::vector<std::string>{"quiet show"});
}

TEST_F(PresetFlaskShows, AfterARejoinEachShowKeepsItsOwnActiveUsers) {
  shows.arrive("123", kBob, "abc123");
  shows.arrive("456", kCat, "def456");
  join("123");
  join("456");
  cut();
  shows.depart("123", kBob);
  shows.arrive("123", kDan, "jkl000");
  restore();
  // The rejoin sends both join_show at once; each answer's active_users
  // (which names no show) follows the message_history that confirmed its show.
  EXPECT_EQ(members("123"), (std::vector<chat::User>{kSelf, kDan}));
  EXPECT_EQ(members("456"), (std::vector<chat::User>{kSelf, kCat}));
}

TEST_F(PresetFlaskShows, ErrorEventsBecomeServerErrorsWithTheirDetails) {
  ASSERT_TRUE(pair.client.join(pair.now, "999").ok());
  pair.drive();
  EXPECT_EQ(pair.received("join_show"), std::vector<Json>{args(R"({"show_id": 999})")});
  shows.error("Unauthorized", std::nullopt);
  pair.drive();
  const auto errors = chat_errors(ChatErrorCode::kServerError);
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
  EXPECT_TRUE(emitted().empty());
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
  const auto failures = chat_errors(ChatErrorCode::kJoinFailed);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].room, "abc");
  auto refused = pair.client.send(pair.now, "abc", "hello");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error(), chat::CommandError::kNotJoined);
}

TEST_F(PresetFlaskShows, TimestampsWithAndWithoutZoneOrderMessages) {
  shows.post_at("123", kBob, "first", "2024-11-16T20:15:30Z");
  shows.post_at("123", kCat, "third", "2024-11-16T20:15:32.000250");
  join("123");
  shows.post_at("123", kCat, "second", "2024-11-16T20:15:31.250999");  // naive, microseconds: read as UTC
  shows.post_at("123", kBob, "zeroth", "2024-11-16T20:15:29.999999Z");
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

namespace chatwire::testing {
const presets::PresetCase& presets::flask_shows() { return preset_flask_shows::kCase; }
}  // namespace chatwire::testing
