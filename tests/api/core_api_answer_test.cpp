// The rules of a CoreAnswer, through the native backend: a room change
// carries only the parts that changed, a message crosses once (when it
// arrives or changes), the unread total and the deadline only when they
// changed, a history load is answered by its request id and ended by
// history_loaded or a chat_error naming it, and the page's visibility
// decides whether an active room is read. The driver checks after every
// answer that its mirror equals the core (core_api_driver.h).
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "api/core_api_driver.h"

// Its own namespace: the unity build compiles tests/api as one translation unit.
namespace chatwire::testing::answer_rules {
namespace {

/// The keys of a JSON object, sorted.
std::vector<std::string> keys(const Json& object) {
  std::vector<std::string> out;
  for (auto it = object.begin(); it != object.end(); ++it) out.push_back(it.key());
  return out;
}

/// The change of `room` in `answer`, or null.
Json change_of(const Json& answer, const std::string& room) {
  if (!answer.contains("rooms")) return nullptr;
  for (const Json& change : answer["rooms"]) {
    if (change["id"] == room) return change;
  }
  return nullptr;
}

/// The changes of `room` in the answers from `first` on, in order.
std::vector<Json> changes_since(const CoreApiDriver& driver, std::size_t first, const std::string& room) {
  std::vector<Json> out;
  for (std::size_t i = first; i < driver.answers.size(); ++i) {
    Json change = change_of(driver.answers[i], room);
    if (!change.is_null()) out.push_back(std::move(change));
  }
  return out;
}

/// How many times each message key was upserted in the answers from `first` on.
std::map<std::string, int> upserted_keys(const CoreApiDriver& driver, std::size_t first,
                                         const std::string& room) {
  std::map<std::string, int> out;
  for (const Json& change : changes_since(driver, first, room)) {
    if (!change.contains("messages") || !change["messages"].contains("upserts")) continue;
    for (const Json& upsert : change["messages"]["upserts"]) ++out[upsert[1].get<std::string>()];
  }
  return out;
}

/// The parts (keys other than id and version) of `room`'s changes from `first` on, merged.
std::set<std::string> parts_since(const CoreApiDriver& driver, std::size_t first, const std::string& room) {
  std::set<std::string> out;
  for (const Json& change : changes_since(driver, first, room)) {
    for (const std::string& key : keys(change)) {
      if (key != "id" && key != "version") out.insert(key);
    }
  }
  return out;
}

using Parts = std::set<std::string>;
const Parts kStateParts = {"state", "hasMore", "active", "loadingOlder", "detached", "hasNewer", "loadingNewer"};

Parts with_state(Parts parts) {
  parts.insert(kStateParts.begin(), kStateParts.end());
  return parts;
}

// ---- room changes: only the parts that changed ------------------------------------

TEST(CoreAnswer, ARoomChangeCarriesOnlyThePartsThatChanged) {
  NativeCore f;
  f.backend.post("lobby", kBob, "before");
  f.backend.member_join("lobby", kBob);
  std::size_t mark = f.driver.answers.size();
  f.join("lobby");
  EXPECT_EQ(parts_since(f.driver, mark, "lobby"), with_state({"messages", "members", "unreadCount", "firstUnreadId"}))
      << "joining tells every part but typing (nobody types)";

  mark = f.driver.answers.size();
  f.backend.typing("lobby", kBob, "start");
  f.driver.drive();
  EXPECT_EQ(parts_since(f.driver, mark, "lobby"), (Parts{"typingUsers"}));
  EXPECT_EQ(f.driver.snapshot("lobby")["typingUsers"], Json::array({{{"id", "u2"}, {"name", "Bob"}}}));

  mark = f.driver.answers.size();
  f.backend.post("lobby", kBob, "news");
  f.driver.drive();
  EXPECT_EQ(parts_since(f.driver, mark, "lobby"), (Parts{"messages", "typingUsers", "unreadCount", "firstUnreadId"}))
      << "a message ends its author's typing and counts as unread";
  EXPECT_EQ(f.driver.snapshot("lobby")["typingUsers"], Json::array());

  mark = f.driver.answers.size();
  f.backend.presence(kBob, false);
  f.driver.drive();
  EXPECT_EQ(parts_since(f.driver, mark, "lobby"), (Parts{"members"}));

  mark = f.driver.answers.size();
  EXPECT_EQ(f.driver.result(f.driver.api.mark_read(f.driver.time(), "lobby"))["ok"], true);
  f.driver.drive();
  EXPECT_EQ(parts_since(f.driver, mark, "lobby"), (Parts{"unreadCount", "firstUnreadId"}));

  mark = f.driver.answers.size();
  EXPECT_EQ(f.driver.result(f.driver.api.leave(f.driver.time(), "lobby"))["ok"], true);
  f.driver.drive();
  EXPECT_TRUE(parts_since(f.driver, mark, "lobby").count("state") == 1);
  EXPECT_EQ(f.driver.snapshot("lobby")["state"], "left");
}

TEST(CoreAnswer, AnAnswerThatChangedNoRoomHasNoRooms) {
  NativeCore f;
  f.join("lobby");
  const Json answer = f.driver.fold(f.driver.api.set_auth(R"({"token":"x"})"));
  EXPECT_EQ(answer, Json::object()) << "nothing changed: nothing is said";
  const Json refused = f.driver.fold(f.driver.api.join(f.driver.time(), ""));
  EXPECT_EQ(keys(refused), (std::vector<std::string>{"result"})) << refused;
}

// ---- a message crosses once -------------------------------------------------------

TEST(CoreAnswer, AMessageCrossesOnceUnlessItChanges) {
  NativeCore f;
  f.backend.member_join("lobby", kBob);
  f.backend.post_many("lobby", kBob, 20);
  std::size_t mark = f.driver.answers.size();
  f.join("lobby");
  std::map<std::string, int> upserted = upserted_keys(f.driver, mark, "lobby");
  EXPECT_EQ(upserted.size(), 20u);
  for (const auto& [key, times] : upserted) EXPECT_EQ(times, 1) << key;

  mark = f.driver.answers.size();
  f.backend.post("lobby", kBob, "news");
  f.driver.drive();
  std::vector<Json> changes = changes_since(f.driver, mark, "lobby");
  ASSERT_EQ(upserted_keys(f.driver, mark, "lobby").size(), 1u) << "only the new message";
  for (const Json& change : changes) {
    if (!change.contains("messages")) continue;
    EXPECT_EQ(change["messages"]["upserts"][0][0], 20) << "appended at the end";
    EXPECT_EQ(change["messages"]["upserts"][0][2]["text"], "news");
    EXPECT_FALSE(change["messages"].contains("removed"));
  }

  // Typing, presence and reading change other parts: no message crosses.
  mark = f.driver.answers.size();
  f.backend.typing("lobby", kBob, "start");
  f.backend.presence(kBob, false);
  f.driver.fold(f.driver.api.mark_read(f.driver.time(), "lobby"));
  f.driver.drive();
  EXPECT_TRUE(upserted_keys(f.driver, mark, "lobby").empty());
  EXPECT_EQ(parts_since(f.driver, mark, "lobby").count("messages"), 0u);
}

TEST(CoreAnswer, AnOwnMessageCrossesPendingThenSentUnderOneKey) {
  NativeCore f;
  f.join("lobby");
  const Json answer = f.driver.fold(f.driver.api.send(f.driver.time(), "lobby", "hello"));
  const std::string key = "c:" + answer["result"]["value"].get<std::string>();
  const Json pending = change_of(answer, "lobby")["messages"];
  EXPECT_EQ(pending["upserts"].size(), 1u);
  EXPECT_EQ(pending["upserts"][0][1], key);
  EXPECT_EQ(pending["upserts"][0][2]["status"], "pending");

  const std::size_t mark = f.driver.answers.size();
  f.driver.drive();  // the echo and the ack
  EXPECT_EQ(upserted_keys(f.driver, mark, "lobby"), (std::map<std::string, int>{{key, 1}}))
      << "confirmed once, under the same key";
  const Json messages = f.driver.messages("lobby");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]["status"], "sent");
  EXPECT_TRUE(messages[0]["id"].is_string());
}

TEST(CoreAnswer, AReadReceiptResendsOnlyTheMessagesItMarks) {
  NativeCore f;
  f.backend.member_join("lobby", kBob);
  f.backend.post_many("lobby", kBob, 3);  // seq 1..3
  f.join("lobby");
  std::vector<std::string> own;
  for (const char* text : {"one", "two", "three"}) {
    own.push_back(
        "c:" +
        f.driver.result(f.driver.api.send(f.driver.time(), "lobby", text))["value"].get<std::string>());
    f.driver.drive();  // seq 4..6
  }

  std::size_t mark = f.driver.answers.size();
  f.backend.read_by("lobby", kBob, 5);
  f.driver.drive();
  std::map<std::string, int> upserted = upserted_keys(f.driver, mark, "lobby");
  EXPECT_EQ(upserted[own[0]], 1);
  EXPECT_EQ(upserted[own[1]], 1);
  EXPECT_EQ(upserted.count(own[2]), 0u) << "after the receipt's position: unchanged";
  // Bob's own messages (seq 1..3) are inside the receipt's range and cross
  // again although their readBy cannot change (authors are never listed):
  // touch_range marks every confirmed message in the range. Harmless, but
  // at most the range, never more.
  EXPECT_LE(upserted.size(), 5u);
  const Json messages = f.driver.messages("lobby");
  EXPECT_EQ(messages[3]["readBy"], Json::array({"u2"}));
  EXPECT_EQ(messages[4]["readBy"], Json::array({"u2"}));
  EXPECT_FALSE(messages[5].contains("readBy"));

  mark = f.driver.answers.size();
  f.backend.read_by("lobby", kBob, 6);
  f.driver.drive();
  EXPECT_EQ(upserted_keys(f.driver, mark, "lobby"), (std::map<std::string, int>{{own[2], 1}}))
      << "the receipt moved by one message: only that one crosses again";
  EXPECT_EQ(f.driver.messages("lobby")[5]["readBy"], Json::array({"u2"}));
}

TEST(CoreAnswer, AnOlderPageCarriesOnlyItsMessages) {
  NativeCore f;
  f.backend.post_many("lobby", kBob, 120);
  f.join("lobby");  // the latest 50
  ASSERT_EQ(f.driver.messages("lobby").size(), 50u);
  const std::size_t mark = f.driver.answers.size();
  EXPECT_EQ(f.driver.result(f.driver.api.load_older(f.driver.time(), "lobby", 0))["ok"], true);
  f.driver.drive();
  const std::map<std::string, int> upserted = upserted_keys(f.driver, mark, "lobby");
  EXPECT_EQ(upserted.size(), 50u) << "only the older page";
  const Json messages = f.driver.messages("lobby");
  ASSERT_EQ(messages.size(), 100u);
  EXPECT_EQ(messages[0]["seq"], 21);
  EXPECT_EQ(messages[99]["seq"], 120);
}

// Every kind of change in one room's life; the driver checks its mirror
// against the core after every answer.
TEST(CoreAnswer, TheMirrorFollowsEveryKindOfChange) {
  NativeCore f;
  f.backend.member_join("lobby", kBob);
  f.backend.post_many("lobby", kBob, 70);
  f.join("lobby");
  f.backend.post("lobby", kBob, "live");
  f.driver.drive();
  const std::string mine = f.driver.result(f.driver.api.send(f.driver.time(), "lobby", "mine"))["value"];
  f.driver.drive();
  f.backend.read_by("lobby", kBob, 72);
  f.driver.drive();
  EXPECT_EQ(f.driver.result(f.driver.api.load_older(f.driver.time(), "lobby", 0))["ok"], true);
  f.driver.drive();
  f.backend.reject_next("send", "forbidden", "muted");
  const std::string refused =
      f.driver.result(f.driver.api.send(f.driver.time(), "lobby", "refused"))["value"];
  f.driver.drive();
  EXPECT_EQ(f.driver.messages("lobby").back()["status"], "failed");
  EXPECT_EQ(f.driver.result(f.driver.api.retry(f.driver.time(), refused))["ok"], true);
  f.driver.drive();
  EXPECT_EQ(f.driver.messages("lobby").back()["status"], "sent");
  f.driver.server.drop_connection("network down");
  f.driver.drive();
  const std::string offline =
      f.driver.result(f.driver.api.send(f.driver.time(), "lobby", "offline"))["value"];
  const std::string kept = f.driver.result(f.driver.api.send(f.driver.time(), "lobby", "kept"))["value"];
  EXPECT_EQ(f.driver.result(f.driver.api.cancel(f.driver.time(), offline))["ok"], true);
  f.backend.post("lobby", kBob, "while away");
  f.driver.advance_to(f.driver.now + 10'000);
  EXPECT_EQ(f.driver.api.state(), "connected");
  const Json messages = f.driver.messages("lobby");
  EXPECT_EQ(messages.back()["clientId"], kept);
  EXPECT_EQ(messages.back()["status"], "sent");
  for (const Json& message : messages) EXPECT_NE(message["clientId"], offline);
  EXPECT_TRUE(f.driver.check_mirror("the end"));
  (void)mine;
}

// ---- unread total and deadline: only when they changed --------------------------

TEST(CoreAnswer, TheUnreadTotalCrossesOnlyWhenItChanged) {
  NativeCore f;
  f.join("lobby");
  f.join("side");
  std::size_t mark = f.driver.answers.size();
  f.backend.post("lobby", kBob, "one");
  f.driver.drive();
  f.backend.post("side", kBob, "two");
  f.driver.drive();
  std::vector<Json> totals;
  for (std::size_t i = mark; i < f.driver.answers.size(); ++i) {
    if (f.driver.answers[i].contains("unreadTotal")) totals.push_back(f.driver.answers[i]["unreadTotal"]);
  }
  EXPECT_EQ(totals, (std::vector<Json>{1, 2}));

  mark = f.driver.answers.size();
  f.backend.typing("lobby", kBob, "start");
  f.driver.drive();
  f.driver.fold(f.driver.api.mark_read(f.driver.time(), "lobby"));  // lobby 1 -> 0
  f.driver.drive();
  f.driver.fold(f.driver.api.mark_read(f.driver.time(), "lobby"));  // read already
  f.driver.drive();
  totals.clear();
  for (std::size_t i = mark; i < f.driver.answers.size(); ++i) {
    if (f.driver.answers[i].contains("unreadTotal")) totals.push_back(f.driver.answers[i]["unreadTotal"]);
  }
  EXPECT_EQ(totals, (std::vector<Json>{1}));

  f.driver.fold(f.driver.api.leave(f.driver.time(), "side"));
  f.driver.drive();
  EXPECT_EQ(f.driver.unread_total, 0u) << "a room left counts no more";
}

TEST(CoreAnswer, TheDeadlineCrossesWhenItChangedAndAlwaysAfterATimeout) {
  NativeCore f;
  f.join("lobby");
  ASSERT_TRUE(f.driver.deadline.is_number_integer()) << "the heartbeat";
  const Json deadline = f.driver.deadline;
  EXPECT_FALSE(f.driver.fold(f.driver.api.set_auth("null")).contains("deadline")) << "unchanged";

  // A timer that fires early changes nothing, yet its answer repeats the
  // deadline: the JS side armed no timer since this one fired.
  const Json early = f.driver.fold(f.driver.api.handle_timeout(f.driver.time()));
  EXPECT_EQ(early["deadline"], deadline);
  EXPECT_FALSE(f.driver.fold(f.driver.api.set_auth("null")).contains("deadline"));

  // Typing arms the idle stop: an earlier deadline crosses at once.
  const Json typing = f.driver.fold(f.driver.api.typing(f.driver.time(), "lobby"));
  ASSERT_TRUE(typing.contains("deadline")) << typing;
  EXPECT_LT(typing["deadline"].get<std::int64_t>(), deadline.get<std::int64_t>());
  EXPECT_FALSE(f.driver.fold(f.driver.api.typing(f.driver.time(), "lobby")).contains("deadline"))
      << "the same keystroke time: the same deadline";

  // Across a whole session, a deadline that crossed without a timeout differs from the one before.
  Json previous;
  for (const Json& answer : f.driver.answers) {
    if (!answer.contains("deadline")) continue;
    if (answer["deadline"] == previous && answer != early) {
      ADD_FAILURE() << "an unchanged deadline crossed: " << answer.dump().substr(0, 300);
    }
    previous = answer["deadline"];
  }
}

// ---- history: the request id, history_loaded, chat_error -----------------------

TEST(CoreAnswer, LoadOlderAnswersTheRequestThatHistoryLoadedEnds) {
  NativeCore f;
  f.backend.post_many("lobby", kBob, 120);
  f.join("lobby");
  f.backend.hold_acks_for("history");
  const Json started = f.driver.fold(f.driver.api.load_older(f.driver.time(), "lobby", 0));
  ASSERT_EQ(started["result"]["ok"], true) << started;
  ASSERT_TRUE(started["result"]["value"].is_number_integer()) << started;
  const Json request = started["result"]["value"];
  EXPECT_EQ(change_of(started, "lobby")["loadingOlder"], true);

  const Json shared = f.driver.fold(f.driver.api.load_older(f.driver.time(), "lobby", 10));
  EXPECT_EQ(shared["result"], (Json{{"ok", true}, {"value", request}})) << "the load in flight is shared";

  f.driver.drive();
  EXPECT_TRUE(f.driver.events_of("history_loaded").empty()) << "held by the server";
  f.backend.release_held_acks();
  f.driver.drive();
  const std::vector<Json> loaded = f.driver.events_of("history_loaded");
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0],
            (Json{{"type", "history_loaded"}, {"room", "lobby"}, {"request", request}, {"added", 50}}));
  EXPECT_EQ(f.driver.snapshot("lobby")["loadingOlder"], false);
  EXPECT_EQ(f.driver.messages("lobby").size(), 100u);

  // The answer that ends the load carries its messages and the event together.
  for (const Json& answer : f.driver.answers) {
    if (!answer.contains("events")) continue;
    for (const Json& event : answer["events"]) {
      if (event["type"] != "history_loaded") continue;
      const Json change = change_of(answer, "lobby");
      EXPECT_EQ(change["messages"]["upserts"].size(), 50u);
      EXPECT_EQ(change["loadingOlder"], false);
    }
  }
}

TEST(CoreAnswer, AFailedLoadIsAChatErrorNamingItsRequest) {
  NativeCore f;
  f.backend.post_many("lobby", kBob, 120);
  f.join("lobby");
  f.backend.reject_next("history", "unavailable", "try later");
  const Json started = f.driver.fold(f.driver.api.load_older(f.driver.time(), "lobby", 0));
  const Json request = started["result"]["value"];
  ASSERT_TRUE(request.is_number_integer()) << started;
  f.driver.drive();
  const std::vector<Json> errors = f.driver.events_of("chat_error");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0]["code"], "request_failed");
  EXPECT_EQ(errors[0]["room"], "lobby");
  EXPECT_EQ(errors[0]["operation"], "history");
  EXPECT_EQ(errors[0]["request"], request);
  EXPECT_TRUE(f.driver.events_of("history_loaded").empty()) << "a failure is a chat_error instead";
  EXPECT_EQ(f.driver.snapshot("lobby")["loadingOlder"], false);

  // A load that gets no answer times out the same way.
  f.backend.drop_acks_for("history");
  const Json again = f.driver.fold(f.driver.api.load_older(f.driver.time(), "lobby", 0));
  ASSERT_TRUE(again["result"]["value"].is_number_integer()) << again;
  EXPECT_NE(again["result"]["value"], request) << "a new request";
  f.driver.advance_to(f.driver.now + 60'000);
  const std::vector<Json> timed_out = f.driver.events_of("chat_error");
  ASSERT_EQ(timed_out.size(), 2u);
  EXPECT_EQ(timed_out[1]["operation"], "history");
  EXPECT_EQ(timed_out[1]["request"], again["result"]["value"]);
  EXPECT_EQ(f.driver.snapshot("lobby")["loadingOlder"], false);
}

TEST(CoreAnswer, ALoadCutShortByTheConnectionEndsWithNothingAdded) {
  NativeCore f;
  f.backend.post_many("lobby", kBob, 120);
  f.join("lobby");
  f.backend.hold_acks_for("history");
  const Json request = f.driver.result(f.driver.api.load_older(f.driver.time(), "lobby", 0))["value"];
  f.driver.drive();
  f.driver.server.drop_connection("network down");
  f.driver.drive();
  const std::vector<Json> loaded = f.driver.events_of("history_loaded");
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0],
            (Json{{"type", "history_loaded"}, {"room", "lobby"}, {"request", request}, {"added", 0}}));
  EXPECT_TRUE(f.driver.events_of("chat_error").empty())
      << "not an error: the rejoin brings what it would have";
  EXPECT_EQ(f.driver.snapshot("lobby")["loadingOlder"], false);
}

TEST(CoreAnswer, ARefusedLoadHasNoRequest) {
  NativeCore f;
  f.join("lobby");
  const Json refused = f.driver.result(f.driver.api.load_older(f.driver.time(), "lobby", 0));
  EXPECT_EQ(refused["ok"], false);
  EXPECT_EQ(refused["error"], "no_more_history");
  EXPECT_EQ(f.driver.result(f.driver.api.load_older(f.driver.time(), "nowhere", 0))["error"], "not_joined");
}

TEST(CoreAnswer, AChatErrorOfAJoinNamesTheOperation) {
  NativeCore f;
  f.backend.reject_next("join", "forbidden", "members only");
  f.join("vip");
  const std::vector<Json> errors = f.driver.events_of("chat_error");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0]["code"], "join_failed");
  EXPECT_EQ(errors[0]["operation"], "join");
  EXPECT_EQ(f.driver.snapshot("vip")["state"], "left");
}

// ---- page visibility --------------------------------------------------------------

TEST(CoreAnswer, AHiddenPageStopsReadingAnActiveRoomAndShowingItReadsIt) {
  NativeCore f;
  f.join("lobby");
  EXPECT_EQ(f.driver.result(f.driver.api.set_active(f.driver.time(), "lobby", true))["ok"], true);
  f.driver.drive();
  EXPECT_EQ(f.driver.snapshot("lobby")["active"], true);
  f.backend.post("lobby", kBob, "seen");
  f.driver.drive();
  EXPECT_EQ(f.driver.snapshot("lobby")["unreadCount"], 0) << "active and visible: read as it arrives";

  f.driver.fold(f.driver.api.page_visible(f.driver.time(), false));
  f.driver.drive();
  EXPECT_EQ(f.driver.snapshot("lobby")["active"], false) << "hidden: not active";
  f.backend.post("lobby", kBob, "unseen 1");
  f.backend.post("lobby", kBob, "unseen 2");
  f.driver.drive();
  EXPECT_EQ(f.driver.snapshot("lobby")["unreadCount"], 2);
  EXPECT_EQ(f.driver.unread_total, 2u);

  const Json shown = f.driver.fold(f.driver.api.page_visible(f.driver.time(), true));
  f.driver.drive();
  EXPECT_EQ(change_of(shown, "lobby")["unreadCount"], 0) << shown;
  EXPECT_EQ(shown["unreadTotal"], 0);
  EXPECT_EQ(f.driver.snapshot("lobby")["active"], true);
  f.driver.advance_to(f.driver.now + 2'000);
  bool receipt = false;
  for (const auto& packet : f.driver.server.events_received) {
    receipt = receipt || (packet.data && (*packet.data)[0] == "read");
  }
  EXPECT_TRUE(receipt) << "reading sends a receipt";

  // A room the app did not set active stays unread whatever the page does.
  f.join("side");
  f.backend.post("side", kBob, "elsewhere");
  f.driver.drive();
  f.driver.fold(f.driver.api.page_visible(f.driver.time(), false));
  f.driver.fold(f.driver.api.page_visible(f.driver.time(), true));
  EXPECT_EQ(f.driver.snapshot("side")["unreadCount"], 1);
  EXPECT_EQ(f.driver.snapshot("side")["active"], false);

  // Visible again: an inactive room set active is read at once.
  const Json hidden = f.driver.fold(f.driver.api.page_visible(f.driver.time(), false));
  EXPECT_EQ(f.driver.fold(f.driver.api.page_visible(f.driver.time(), false)), Json::object())
      << "hidden twice: nothing changes";
  (void)hidden;
  EXPECT_EQ(f.driver.result(f.driver.api.set_active(f.driver.time(), "side", true))["ok"], true);
  EXPECT_EQ(f.driver.snapshot("side")["unreadCount"], 1) << "the page is hidden";
  f.driver.fold(f.driver.api.page_visible(f.driver.time(), true));
  EXPECT_EQ(f.driver.snapshot("side")["unreadCount"], 0);
}

}  // namespace
}  // namespace chatwire::testing::answer_rules

namespace chatwire::testing::answer_rules {
namespace {

// A left room is forgotten to make space for a new one (maxRooms): the
// reader must hear it, or it keeps showing a room the core no longer has,
// and a later join of the same id would be applied over the old messages.
TEST(CoreAnswer, AForgottenRoomIsReportedGone) {
  NativeBackend backend;
  CoreApiDriver driver(test_core_config({{"maxRooms", 2}}), backend.script());
  backend.clock = [&driver] { return driver.now; };
  driver.connect();
  backend.post("a", kBob, "in a");
  for (const char* room : {"a", "b"}) {
    EXPECT_EQ(driver.result(driver.api.join(driver.time(), room))["ok"], true);
    driver.drive();
  }
  EXPECT_EQ(driver.result(driver.api.leave(driver.time(), "a"))["ok"], true);
  driver.drive();
  EXPECT_EQ(driver.snapshot("a")["state"], "left");

  const Json joined = driver.fold(driver.api.join(driver.time(), "c"));
  EXPECT_EQ(joined["result"]["ok"], true) << joined;
  driver.drive();
  EXPECT_EQ(driver.api.client()->chat().room("a"), nullptr) << "forgotten to make space";
  EXPECT_EQ(change_of(joined, "a"), (Json{{"id", "a"}, {"gone", true}})) << joined;
  EXPECT_EQ(driver.rooms.count("a"), 0u);

  // Joined again: a new room, mirrored from nothing.
  EXPECT_EQ(driver.result(driver.api.leave(driver.time(), "b"))["ok"], true);
  EXPECT_EQ(driver.result(driver.api.join(driver.time(), "a"))["ok"], true);
  driver.drive();
  EXPECT_EQ(driver.messages("a").size(), 1u);
}

}  // namespace
}  // namespace chatwire::testing::answer_rules
