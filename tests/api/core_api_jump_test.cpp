// jumpTo, jumpToLatest and loadNewer through the JSON boundary, against the
// scripted native backend: the result values, the history_loaded event that
// names the message jumped to, the room's detached, hasNewer and loadingNewer,
// and the list replaced (reset) when the room shows a window or its latest
// messages again. The driver checks after every answer that the mirror is
// what the core shows.
#include <gtest/gtest.h>

#include "support/chat_harness.h"
#include "support/native_backend.h"
#include "core_api_driver.h"

// Its own namespace: the unity build puts every file of the folder in one
// translation unit.
namespace chatwire::testing::core_jump {
namespace {

/// A room of 200 messages from Bob, joined: the client holds the latest 50.
struct JumpCore : NativeCore {
  std::vector<chat::Message> posted;

  JumpCore() {
    for (int i = 0; i < 200; ++i) posted.push_back(backend.post_while_away("lobby", kBob, "#" + std::to_string(i + 1)));
    join("lobby");
  }

  /// The seqs the mirror of the room holds.
  std::vector<std::int64_t> seqs() {
    std::vector<std::int64_t> out;
    for (const Json& message : driver.messages("lobby")) out.push_back(message["seq"].get<std::int64_t>());
    return out;
  }

  /// Whether an answer since `first` replaced the room's list (a reset).
  bool reset_since(std::size_t first) const {
    for (std::size_t i = first; i < driver.answers.size(); ++i) {
      const Json& answer = driver.answers[i];
      if (!answer.contains("rooms")) continue;
      for (const Json& change : answer["rooms"]) {
        if (change["id"] == "lobby" && change.contains("messages") && change["messages"].value("reset", false)) {
          return true;
        }
      }
    }
    return false;
  }
};

TEST(CoreJump, AMessageShownIsNamedByItsKey) {
  JumpCore f;
  const Json held = f.driver.result(f.driver.api.jump_to(f.driver.time(), "lobby", f.posted[180].id));
  EXPECT_EQ(held, (Json{{"ok", true}, {"value", "s:" + f.posted[180].id}}));
  EXPECT_EQ(f.driver.snapshot("lobby")["detached"], false);
}

TEST(CoreJump, AMessageNotHeldIsShownInAWindowUntilItMeetsTheLatest) {
  JumpCore f;
  const std::size_t first = f.driver.answers.size();
  const Json started = f.driver.fold(f.driver.api.jump_to(f.driver.time(), "lobby", f.posted[59].id));
  ASSERT_EQ(started["result"]["ok"], true) << started;
  ASSERT_TRUE(started["result"]["value"].is_number_integer()) << started;
  const Json request = started["result"]["value"];
  f.driver.drive();

  const std::vector<Json> loaded = f.driver.events_of("history_loaded");
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0], (Json{{"type", "history_loaded"},
                             {"room", "lobby"},
                             {"request", request},
                             {"added", 50},
                             {"key", "s:" + f.posted[59].id}}));
  const Json room = f.driver.snapshot("lobby");
  EXPECT_EQ(room["detached"], true);
  EXPECT_EQ(room["hasNewer"], true);
  EXPECT_EQ(room["hasMore"], true);
  EXPECT_EQ(f.seqs(), seqs_between(36, 85));
  EXPECT_TRUE(f.reset_since(first));

  // A live message is counted, and comes whole: the mirror does not hold it.
  f.backend.post("lobby", kBob, "meanwhile");
  f.driver.drive();
  EXPECT_EQ(f.seqs(), seqs_between(36, 85));
  EXPECT_EQ(f.driver.snapshot("lobby")["unreadCount"], 51);
  const std::vector<Json> arrived = f.driver.events_of("message");
  ASSERT_EQ(arrived.size(), 1u);
  EXPECT_EQ(arrived[0]["detached"], true);
  EXPECT_EQ(arrived[0]["message"]["text"], "meanwhile");
  EXPECT_TRUE(arrived[0]["key"].is_string());

  // Newer pages until the window reaches the latest 50 (seqs 151 on).
  const Json newer = f.driver.fold(f.driver.api.load_newer(f.driver.time(), "lobby", 0));
  ASSERT_TRUE(newer["result"]["value"].is_number_integer()) << newer;
  EXPECT_EQ(f.driver.snapshot("lobby")["loadingNewer"], true);
  f.driver.drive();
  EXPECT_EQ(f.driver.snapshot("lobby")["loadingNewer"], false);
  EXPECT_EQ(f.seqs(), seqs_between(36, 135));
  const std::size_t before_merge = f.driver.answers.size();
  ASSERT_EQ(f.driver.result(f.driver.api.load_newer(f.driver.time(), "lobby", 0))["ok"], true);
  f.driver.drive();
  EXPECT_EQ(f.driver.snapshot("lobby")["detached"], false);
  EXPECT_EQ(f.driver.snapshot("lobby")["hasNewer"], false);
  EXPECT_EQ(f.seqs(), seqs_between(36, 201));
  EXPECT_TRUE(f.reset_since(before_merge));
  EXPECT_EQ(f.driver.result(f.driver.api.load_newer(f.driver.time(), "lobby", 0))["error"], "no_more_history");
}

TEST(CoreJump, JumpToLatestAndASendGoBackToTheLiveMessages) {
  JumpCore f;
  f.driver.result(f.driver.api.jump_to(f.driver.time(), "lobby", f.posted[9].id));
  f.driver.drive();
  ASSERT_EQ(f.driver.snapshot("lobby")["detached"], true);
  std::size_t first = f.driver.answers.size();
  EXPECT_EQ(f.driver.result(f.driver.api.jump_to_latest(f.driver.time(), "lobby")), (Json{{"ok", true}, {"value", true}}));
  EXPECT_EQ(f.driver.snapshot("lobby")["detached"], false);
  EXPECT_EQ(f.seqs(), seqs_between(151, 200));
  EXPECT_TRUE(f.reset_since(first));
  EXPECT_EQ(f.driver.result(f.driver.api.jump_to_latest(f.driver.time(), "lobby"))["value"], false);

  f.driver.result(f.driver.api.jump_to(f.driver.time(), "lobby", f.posted[9].id));
  f.driver.drive();
  ASSERT_EQ(f.driver.snapshot("lobby")["detached"], true);
  first = f.driver.answers.size();
  ASSERT_EQ(f.driver.result(f.driver.api.send(f.driver.time(), "lobby", "back"))["ok"], true);
  EXPECT_EQ(f.driver.snapshot("lobby")["detached"], false);
  EXPECT_EQ(f.driver.messages("lobby").back()["text"], "back");
  EXPECT_TRUE(f.reset_since(first));
}

TEST(CoreJump, RefusalsAndAFailedJump) {
  JumpCore f;
  EXPECT_EQ(f.driver.result(f.driver.api.jump_to(f.driver.time(), "nowhere", "m1"))["error"], "not_joined");
  EXPECT_EQ(f.driver.result(f.driver.api.jump_to(f.driver.time(), "lobby", ""))["error"], "unknown_message");
  EXPECT_EQ(f.driver.result(f.driver.api.load_newer(f.driver.time(), "lobby", 2.5))["error"], "invalid_argument");

  const Json request = f.driver.result(f.driver.api.jump_to(f.driver.time(), "lobby", "no-such-id"))["value"];
  ASSERT_TRUE(request.is_number_integer());
  f.driver.drive();
  const std::vector<Json> errors = f.driver.events_of("chat_error");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0]["code"], "request_failed");
  EXPECT_EQ(errors[0]["operation"], "history");
  EXPECT_EQ(errors[0]["request"], request);
  EXPECT_EQ(f.driver.snapshot("lobby")["detached"], false);
  EXPECT_EQ(f.seqs(), seqs_between(151, 200));
}

TEST(CoreJump, SeedPresetsCannotJumpToAMessageTheyDidNotSend) {
  CoreApiDriver driver(test_core_config({{"dialect", "flask-shows"}}));
  EXPECT_EQ(parse_json(driver.api.capabilities())["historyAround"], false);
  driver.connect();
  ASSERT_EQ(driver.result(driver.api.join(driver.time(), "7"))["ok"], true);
  EXPECT_EQ(driver.result(driver.api.jump_to(driver.time(), "7", "m1"))["error"], "unsupported");

  CoreApiDriver native;
  EXPECT_EQ(parse_json(native.api.capabilities())["historyAround"], true);
}

}  // namespace
}  // namespace chatwire::testing::core_jump
