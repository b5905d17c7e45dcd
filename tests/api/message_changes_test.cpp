// Snapshots with kPartMessageChanges: the keys of every message in order,
// and in full only the messages the reader does not hold as they are now.
// The reader here plays npm/src/snapshot.ts: it keeps a map from key to
// message and rebuilds the list from the keys.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "api/core_api.h"
#include "api/core_api_driver.h"

namespace chatwire::testing {
namespace {

constexpr std::uint32_t kChanges = api::kPartMessages | api::kPartMessageChanges;

/// What the JS side holds: messages by the core's key, and their order.
class Reader {
 public:
  /// Applies a changes snapshot; false when it names a key this reader
  /// does not hold (it would then ask for every message from scratch).
  bool apply(const Json& snapshot) {
    const Json& keys = snapshot["messageKeys"];
    const Json& changed_at = snapshot["changedAt"];
    const Json& changed = snapshot["changedMessages"];
    EXPECT_EQ(changed_at.size(), changed.size());
    std::map<std::string, Json> next;
    std::vector<Json> list;
    std::size_t c = 0;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const std::string key = keys[i].get<std::string>();
      EXPECT_EQ(next.count(key), 0u) << "keys are unique: " << key;
      if (c < changed_at.size() && changed_at[c] == i) {
        next[key] = changed[c++];
      } else if (auto held = held_.find(key); held != held_.end()) {
        next[key] = held->second;
      } else {
        return false;
      }
      list.push_back(next[key]);
    }
    held_ = std::move(next);
    list_ = std::move(list);
    return true;
  }
  [[nodiscard]] Json list() const { return Json(list_); }

 private:
  std::map<std::string, Json> held_;
  std::vector<Json> list_;
};

std::vector<std::string> texts(const Json& messages) {
  std::vector<std::string> out;
  for (const Json& message : messages) out.push_back(message["text"].get<std::string>());
  return out;
}

TEST(MessageChanges, TheFirstSnapshotOfARoomCarriesEveryMessage) {
  NativeCore f;
  f.backend.post("lobby", kBob, "one");
  f.backend.post("lobby", kBob, "two");
  f.join("lobby");

  const Json snapshot = f.driver.snapshot("lobby", kChanges);
  EXPECT_FALSE(snapshot.contains("messages"));
  ASSERT_EQ(snapshot["messageKeys"].size(), 2u);
  EXPECT_EQ(texts(snapshot["changedMessages"]), (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(snapshot["messageKeys"][0], "s:" + snapshot["changedMessages"][0]["id"].get<std::string>());
}

TEST(MessageChanges, AnArrivalCarriesOnlyTheNewMessage) {
  NativeCore f;
  f.backend.post_many("lobby", kBob, 20);
  f.join("lobby");
  Reader reader;
  ASSERT_TRUE(reader.apply(f.driver.snapshot("lobby", kChanges)));

  f.backend.post("lobby", kBob, "news");
  f.driver.drive();
  const Json snapshot = f.driver.snapshot("lobby", kChanges);
  EXPECT_EQ(texts(snapshot["changedMessages"]), std::vector<std::string>{"news"});
  EXPECT_EQ(snapshot["changedAt"], Json::array({20}));
  ASSERT_EQ(snapshot["messageKeys"].size(), 21u);
  ASSERT_TRUE(reader.apply(snapshot));
  EXPECT_EQ(reader.list(), f.driver.snapshot("lobby", api::kPartMessages)["messages"]);
}

TEST(MessageChanges, NothingChangedMeansNoMessages) {
  NativeCore f;
  f.backend.post_many("lobby", kBob, 3);
  f.join("lobby");
  (void)f.driver.snapshot("lobby", kChanges);
  const Json again = f.driver.snapshot("lobby", kChanges);
  EXPECT_TRUE(again["changedMessages"].empty());
  EXPECT_EQ(again["messageKeys"].size(), 3u);
}

TEST(MessageChanges, AnOwnMessageIsCarriedPendingThenSentUnderOneKey) {
  NativeCore f;
  f.join("lobby");
  (void)f.driver.snapshot("lobby", kChanges);

  const Json sent = parse_json(f.driver.api.send(f.driver.time(), "lobby", "hello"));
  const std::string key = "c:" + sent["value"].get<std::string>();
  Json snapshot = f.driver.snapshot("lobby", kChanges);
  ASSERT_EQ(snapshot["changedMessages"].size(), 1u);
  EXPECT_EQ(snapshot["changedMessages"][0]["status"], "pending");
  EXPECT_EQ(snapshot["messageKeys"], Json::array({key}));

  f.driver.drive();  // the server acks it
  snapshot = f.driver.snapshot("lobby", kChanges);
  ASSERT_EQ(snapshot["changedMessages"].size(), 1u);
  EXPECT_EQ(snapshot["changedMessages"][0]["status"], "sent");
  EXPECT_EQ(snapshot["messageKeys"], Json::array({key})) << "the key outlives confirmation";
}

TEST(MessageChanges, AReadReceiptChangesTheMessageItMarks) {
  NativeCore f;
  f.backend.member_join("lobby", kBob);
  f.join("lobby");
  (void)parse_json(f.driver.api.send(f.driver.time(), "lobby", "did you read this"));
  f.driver.drive();
  (void)f.driver.snapshot("lobby", kChanges);

  f.backend.read_by("lobby", kBob, 1);
  f.driver.drive();
  const Json snapshot = f.driver.snapshot("lobby", kChanges);
  ASSERT_EQ(snapshot["changedMessages"].size(), 1u);
  EXPECT_EQ(snapshot["changedMessages"][0]["readBy"], Json::array({"u2"}));
}

TEST(MessageChanges, PagedInHistoryIsCarriedAndTheOrderComesFromTheKeys) {
  NativeCore f;
  f.backend.post_many("lobby", kBob, 120);
  f.join("lobby");  // the latest 50
  Reader reader;
  ASSERT_TRUE(reader.apply(f.driver.snapshot("lobby", kChanges)));

  EXPECT_EQ(parse_json(f.driver.api.load_older(f.driver.time(), "lobby", 0))["ok"], true);
  f.driver.drive();
  const Json snapshot = f.driver.snapshot("lobby", kChanges);
  EXPECT_EQ(snapshot["changedMessages"].size(), 50u) << "only the older page";
  ASSERT_TRUE(reader.apply(snapshot));
  const Json full = f.driver.snapshot("lobby", api::kPartMessages)["messages"];
  ASSERT_EQ(full.size(), 100u);
  EXPECT_EQ(reader.list(), full);
}

TEST(MessageChanges, AReaderThatMissedAMessageIsToldByAKeyItDoesNotHold) {
  NativeCore f;
  f.join("lobby");
  Reader reader;
  ASSERT_TRUE(reader.apply(f.driver.snapshot("lobby", kChanges)));
  f.backend.post("lobby", kBob, "seen by the core only");
  f.driver.drive();
  (void)f.driver.snapshot("lobby", kChanges);  // read, but not applied by this reader

  f.backend.post("lobby", kBob, "next");
  f.driver.drive();
  EXPECT_FALSE(reader.apply(f.driver.snapshot("lobby", kChanges)))
      << "the reader must notice and ask for every message";

  const Json scratch = f.driver.snapshot("lobby", kChanges | api::kPartMessagesFromScratch);
  EXPECT_EQ(scratch["changedMessages"].size(), 2u) << "every message";
  ASSERT_TRUE(reader.apply(scratch));
  EXPECT_EQ(reader.list(), f.driver.snapshot("lobby", api::kPartMessages)["messages"]);
}

TEST(MessageChanges, MessagesWithoutAnyIdGetUniqueKeys) {
  // A dialect whose messages carry no id: the key falls back to the
  // message's place in the store.
  chat::Message a;
  a.author = kBob;
  a.text = "same";
  std::string key_a;
  std::string key_b;
  api::message_key(a, chat::OrderKey{5, 1}, key_a);
  api::message_key(a, chat::OrderKey{5, 2}, key_b);
  EXPECT_NE(key_a, key_b);
  EXPECT_EQ(key_a, "o:5.1");
}

// Every kind of change, each followed by a changes snapshot: the reader's
// list always equals a full snapshot of the same moment.
TEST(MessageChanges, AppliedChangesAlwaysEqualAFullSnapshot) {
  NativeCore f;
  f.backend.member_join("lobby", kBob);
  f.backend.post_many("lobby", kBob, 70);
  f.join("lobby");
  Reader reader;
  std::vector<std::string> client_ids;

  const auto check = [&](const std::string& step) {
    const Json changes = f.driver.snapshot("lobby", kChanges);
    ASSERT_TRUE(reader.apply(changes)) << step;
    EXPECT_EQ(reader.list(), f.driver.snapshot("lobby", api::kPartMessages)["messages"]) << step;
  };

  check("joined");
  f.backend.post("lobby", kBob, "live");
  f.driver.drive();
  check("a live message");
  client_ids.push_back(parse_json(f.driver.api.send(f.driver.time(), "lobby", "mine"))["value"]);
  check("pending");
  f.driver.drive();
  check("acked");
  f.backend.read_by("lobby", kBob, 72);
  f.driver.drive();
  check("read by Bob");
  EXPECT_EQ(parse_json(f.driver.api.load_older(f.driver.time(), "lobby", 0))["ok"], true);
  f.driver.drive();
  check("older page");
  f.driver.server.drop_connection("network down");
  f.driver.drive();
  client_ids.push_back(parse_json(f.driver.api.send(f.driver.time(), "lobby", "offline"))["value"]);
  check("pending while offline");
  EXPECT_EQ(parse_json(f.driver.api.cancel(f.driver.time(), client_ids.back()))["ok"], true);
  check("cancelled");
  f.driver.advance_to(f.driver.now + 10'000);
  check("reconnected and rejoined");
}

}  // namespace
}  // namespace chatwire::testing
