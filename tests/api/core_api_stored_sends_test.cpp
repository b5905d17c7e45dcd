// The boundary of sends kept across page loads: the "send_stored" and
// "send_forgotten" events JavaScript turns into IndexedDB writes, and
// restoreSends(), which reads the records back, skipping bad ones.
#include <gtest/gtest.h>

#include <string>

#include "api/core_api_driver.h"
#include "api/stored_send_json.h"

namespace chatwire::testing {
namespace {

const Json kStoring = Json{{"storeSends", true}};
std::string storing_config() { return test_core_config(kStoring); }

TEST(CoreApiStoredSends, AnswersCarryTheRecordsToKeepAndToDrop) {
  NativeCore f(kStoring);
  CoreApiDriver& driver = f.driver;
  f.join("lobby");
  const Json sent = driver.result(driver.api.send(driver.time(), "lobby", "hello"));
  ASSERT_EQ(sent["ok"], true);
  const std::string client_id = sent["value"].get<std::string>();
  driver.drive();

  const auto stored = driver.events_of("send_stored");
  ASSERT_FALSE(stored.empty());
  EXPECT_EQ(stored[0]["record"], (Json{{"schema", 1},
                                       {"clientId", client_id},
                                       {"room", "lobby"},
                                       {"text", "hello"},
                                       {"createdAtMs", driver.now},
                                       {"handedOver", false}}));
  const auto forgotten = driver.events_of("send_forgotten");
  ASSERT_EQ(forgotten.size(), 1u) << "the server confirmed it";
  EXPECT_EQ(forgotten[0]["clientId"], client_id);
}

TEST(CoreApiStoredSends, RestoredRecordsShowAsPendingAndGoOutOnJoin) {
  NativeCore f(kStoring);
  CoreApiDriver& driver = f.driver;
  const Json records = Json::array({Json{{"schema", 1},
                                         {"clientId", "c-restored-1"},
                                         {"room", "lobby"},
                                         {"text", "typed offline"},
                                         {"createdAtMs", 5},
                                         {"handedOver", false}}});
  EXPECT_EQ(driver.result(driver.api.restore_sends(driver.time(), records.dump())),
            (Json{{"ok", true}, {"value", 1}}));
  ASSERT_EQ(driver.result(driver.api.join(driver.time(), "lobby"))["ok"], true);
  Json messages = driver.messages("lobby");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]["status"], "pending") << "shown at once, before the join is answered";
  EXPECT_EQ(messages[0]["clientId"], "c-restored-1");

  driver.drive();
  messages = driver.messages("lobby");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]["status"], "sent") << "handed over after the join, confirmed by the server";
}

TEST(CoreApiStoredSends, BadRecordsAreSkippedWithAWarningEachAndLoseNothingElse) {
  CoreApiDriver driver(storing_config());
  const Json records = Json::array({
      Json{{"schema", 2}, {"clientId", "c-future"}, {"room", "lobby"}, {"text", "x"}, {"createdAtMs", 1},
           {"handedOver", false}},
      Json{{"schema", 1}, {"clientId", 7}, {"room", "lobby"}, {"text", "x"}, {"createdAtMs", 1}, {"handedOver", false}},
      "not a record",
      Json{{"schema", 1}, {"clientId", "c-good"}, {"room", "lobby"}, {"text", "kept"}, {"createdAtMs", 1},
           {"handedOver", true}},
  });
  EXPECT_EQ(driver.result(driver.api.restore_sends(driver.time(), records.dump())),
            (Json{{"ok", true}, {"value", 1}}));
  const auto warnings = driver.events_of("warning");
  ASSERT_EQ(warnings.size(), 3u);
  EXPECT_EQ(warnings[0]["message"], "record 0: schema is not 1");
  EXPECT_EQ(warnings[1]["message"], "record 1: 'clientId' is not a string");
  EXPECT_EQ(warnings[2]["message"], "record 2: not an object");
}

TEST(CoreApiStoredSends, TextThatIsNoArrayOfRecordsIsRefused) {
  CoreApiDriver driver(storing_config());
  EXPECT_EQ(driver.result(driver.api.restore_sends(driver.time(), "{oops"))["error"], "invalid_argument");
  EXPECT_EQ(driver.result(driver.api.restore_sends(driver.time(), "{}"))["error"], "invalid_argument");
}

TEST(StoredSendJson, ARecordReadsBackAsWritten) {
  const chat::StoredSend record{"c1", "room \"q\"", "text\nwith lines", -5, true, "why"};
  api::JsonWriter out;
  out.begin_array();
  api::write_stored_send(out, record);
  out.end_array();
  const api::StoredSendsRead read = api::read_stored_sends(out.take());
  ASSERT_TRUE(read.error.empty());
  ASSERT_EQ(read.records.size(), 1u);
  EXPECT_EQ(read.records[0].client_id, "c1");
  EXPECT_EQ(read.records[0].room, "room \"q\"");
  EXPECT_EQ(read.records[0].text, "text\nwith lines");
  EXPECT_EQ(read.records[0].created_at_ms, -5);
  EXPECT_TRUE(read.records[0].handed_over);
  EXPECT_EQ(read.records[0].failure, "why");
}

}  // namespace
}  // namespace chatwire::testing
