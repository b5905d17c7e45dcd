// The boundary of the rooms' messages kept across page loads: the
// "history_cached" events JavaScript turns into IndexedDB writes, and
// restoreHistory(), which reads the records back, skipping bad ones.
#include <gtest/gtest.h>

#include <string>

#include "api/cached_room_json.h"
#include "api/core_api_driver.h"
#include "chat/history_cache.h"

namespace chatwire::testing {
namespace {

const Json kCaching = Json{{"cachedMessages", 3}};

Json message_json(const std::string& id, const std::string& text, std::int64_t seq) {
  return Json{{"id", id},
              {"clientId", nullptr},
              {"author", {{"id", "u2"}, {"name", "Grace"}}},
              {"text", text},
              {"createdAt", 1000 + seq},
              {"status", "sent"},
              {"seq", seq}};
}

TEST(CoreApiHistoryCache, ARecordWrittenByOnePageIsPaintedByTheNextBeforeItConnects) {
  Json record;
  {
    NativeCore before(kCaching);
    before.backend.post_many("lobby", {"u2", "Grace"}, 5);
    before.join("lobby");
    before.driver.advance_to(before.driver.now + chat::HistoryCache::kWriteDelayMs);
    const auto written = before.driver.events_of("history_cached");
    ASSERT_EQ(written.size(), 1u);
    record = written[0]["record"];
    EXPECT_EQ(record["schema"], 1);
    EXPECT_EQ(record["room"], "lobby");
    ASSERT_EQ(record["messages"].size(), 3u);
    EXPECT_EQ(record["messages"][2]["text"], "message 5");
  }

  NativeCore after(kCaching);
  after.backend.post_many("lobby", {"u2", "Grace"}, 6);
  CoreApiDriver& driver = after.driver;
  EXPECT_EQ(driver.result(driver.api.restore_history(driver.time(), Json::array({record}).dump())),
            (Json{{"ok", true}, {"value", 1}}));
  ASSERT_EQ(driver.result(driver.api.join(driver.time(), "lobby"))["ok"], true);
  Json messages = driver.messages("lobby");
  ASSERT_EQ(messages.size(), 3u) << "shown at once, before any connection";
  EXPECT_EQ(messages[0]["text"], "message 3");
  EXPECT_EQ(messages[0]["cached"], true);

  driver.connect();
  messages = driver.messages("lobby");
  ASSERT_FALSE(messages.empty());
  EXPECT_EQ(messages.back()["text"], "message 6") << "the server's history replaced the cache";
  for (const Json& message : messages) EXPECT_FALSE(message.contains("cached")) << message.dump();
}

TEST(CoreApiHistoryCache, BadRecordsAreSkippedWithAWarningEachAndLoseNothingElse) {
  NativeCore f(kCaching);
  CoreApiDriver& driver = f.driver;
  Json no_author = message_json("m1", "x", 1);
  no_author.erase("author");
  const Json records = Json::array({
      Json{{"schema", 2}, {"room", "future"}, {"messages", Json::array()}},
      Json{{"schema", 1}, {"room", "a"}, {"messages", "none"}},
      Json{{"schema", 1}, {"room", "b"}, {"messages", Json::array({no_author})}},
      Json{{"schema", 1}, {"room", "c"}, {"messages", Json::array({Json{{"id", 5}}})}},
      Json{{"schema", 1}, {"room", "lobby"}, {"messages", Json::array({message_json("m1", "kept", 1)})}},
  });
  EXPECT_EQ(driver.result(driver.api.restore_history(driver.time(), records.dump())),
            (Json{{"ok", true}, {"value", 1}}));
  const auto warnings = driver.events_of("warning");
  ASSERT_EQ(warnings.size(), 4u);
  EXPECT_EQ(warnings[0]["message"], "record 0: schema is not 1");
  EXPECT_EQ(warnings[1]["message"], "record 1: 'messages' is not an array");
  EXPECT_EQ(warnings[2]["message"], "record 2: message 0: 'author' is missing");
  EXPECT_EQ(warnings[3]["message"], "record 3: message 0: 'id' is not a string");
  EXPECT_EQ(driver.result(driver.api.restore_history(driver.time(), "[oops"))["error"], "invalid_argument");
}

TEST(CachedRoomJson, ARecordReadsBackAsWritten) {
  chat::Message message;
  message.id = "m\"1";
  message.client_id = "c1";
  message.author = {"u1", "Ada"};
  message.text = "two\nlines";
  message.created_at_ms = -7;
  message.seq = 9;
  api::JsonWriter out;
  out.begin_array();
  api::write_cached_room(out, chat::CachedRoom{"room", {message}});
  out.end_array();
  const api::CachedRoomsRead read = api::read_cached_rooms(out.take());
  ASSERT_TRUE(read.error.empty());
  ASSERT_EQ(read.records.size(), 1u);
  EXPECT_EQ(read.records[0].room, "room");
  ASSERT_EQ(read.records[0].messages.size(), 1u);
  chat::Message back = read.records[0].messages[0];
  back.room = message.room;
  EXPECT_EQ(back, message);
}

TEST(CachedRoomJson, WhatChangesMadeOfAMessageReadsBackToo) {
  chat::Message message;
  message.id = "m1";
  message.author = {"u2", "Bob"};
  message.text = "edited";
  message.edited_at_ms = 1234;
  message.reactions = {chat::Reaction{"+1", 2, true, {}}, chat::Reaction{"x", 1, false, {}}};
  message.reply_to = chat::ReplyRef(chat::ReplyTo{"m0", {"u1", "Ada"}, "first", false});
  chat::Message tombstone;
  tombstone.id = "m2";
  tombstone.author = {"u2", "Bob"};
  tombstone.deleted = true;
  api::JsonWriter out;
  out.begin_array();
  api::write_cached_room(out, chat::CachedRoom{"room", {message, tombstone}});
  out.end_array();
  const api::CachedRoomsRead read = api::read_cached_rooms(out.take());
  ASSERT_TRUE(read.skipped.empty()) << read.skipped.front();
  ASSERT_EQ(read.records.size(), 1u);
  ASSERT_EQ(read.records[0].messages.size(), 2u);
  EXPECT_EQ(read.records[0].messages[0], message);
  EXPECT_EQ(read.records[0].messages[1], tombstone);

  const auto bad = api::read_cached_rooms(R"([{"schema": 1, "room": "r", "messages": [{"id": "m1", "clientId": null,
    "author": {"id": "u", "name": "U"}, "text": "t", "createdAt": 1, "reactions": [{"emoji": "+1", "count": 0, "mine": true}]}]}])");
  ASSERT_EQ(bad.skipped.size(), 1u);
  EXPECT_EQ(bad.skipped[0], "record 0: message 0: a reaction: its count is out of range");
}

}  // namespace
}  // namespace chatwire::testing
