// The boundary of edits, deletes, reactions and replies: the commands'
// results, the message fields JavaScript mirrors (edited, editedAt, deleted,
// reactions, replyTo, pendingOps), the op_stored / op_forgotten events and
// restoreOps(), the change_failed error and the warnings for changes the
// core drops. The driver checks its mirror against the core after every
// answer, so each field's changes must cross.
#include <gtest/gtest.h>

#include <string>

#include "api/core_api_driver.h"
#include "api/stored_op_json.h"

// Its own namespace: the unity build puts every file of tests/api in one
// translation unit.
namespace chatwire::testing::api_changes {
namespace {

const Json kStoring = Json{{"storeSends", true}};

TEST(CoreApiChanges, CommandsAnswerWithTheirIdAndMessagesShowEveryChange) {
  NativeCore f;
  CoreApiDriver& driver = f.driver;
  f.join("lobby");
  const chat::Message bob = f.backend.post("lobby", kBob, "hi Ada");
  driver.drive();

  const Json sent = driver.result(driver.api.send(driver.time(), "lobby", "helo", "", bob.id));
  ASSERT_EQ(sent["ok"], true) << sent;
  const std::string client_id = sent["value"].get<std::string>();
  Json messages = driver.messages("lobby");
  EXPECT_EQ(messages[1]["replyTo"],
            (Json{{"id", bob.id}, {"author", {{"id", "u2"}, {"name", "Bob"}}}, {"excerpt", "hi Ada"}, {"deleted", false}}));
  driver.drive();

  const Json edited = driver.result(driver.api.edit(driver.time(), "lobby", client_id, "hello"));
  ASSERT_EQ(edited["ok"], true) << edited;
  EXPECT_EQ(edited["value"].get<std::string>().front(), 'o') << "an op id";
  messages = driver.messages("lobby");
  EXPECT_EQ(messages[1]["text"], "hello");
  EXPECT_EQ(messages[1]["edited"], true);
  EXPECT_EQ(messages[1]["pendingOps"], 1);
  driver.drive();
  messages = driver.messages("lobby");
  EXPECT_FALSE(messages[1].contains("pendingOps"));
  EXPECT_EQ(messages[1]["editedAt"], driver.now);

  ASSERT_EQ(driver.result(driver.api.react(driver.time(), "lobby", bob.id, "+1", true))["ok"], true);
  driver.drive();
  EXPECT_EQ(driver.messages("lobby")[0]["reactions"], Json::parse(R"([{"emoji": "+1", "count": 1, "mine": true}])"));
  ASSERT_EQ(driver.result(driver.api.react(driver.time(), "lobby", bob.id, "+1", false))["ok"], true);
  driver.drive();
  EXPECT_FALSE(driver.messages("lobby")[0].contains("reactions"));

  ASSERT_EQ(driver.result(driver.api.remove(driver.time(), "lobby", client_id))["ok"], true);
  driver.drive();
  messages = driver.messages("lobby");
  EXPECT_EQ(messages[1]["deleted"], true);
  EXPECT_EQ(messages[1]["text"], "");
  EXPECT_FALSE(messages[1].contains("replyTo"));
}

TEST(CoreApiChanges, RefusalsNameTheirCode) {
  NativeCore f;
  CoreApiDriver& driver = f.driver;
  f.join("lobby");
  EXPECT_EQ(driver.result(driver.api.react(driver.time(), "lobby", "m-1", "", true))["error"], "invalid_emoji");
  EXPECT_EQ(driver.result(driver.api.edit(driver.time(), "nowhere", "m-1", "x"))["error"], "not_joined");
  EXPECT_EQ(driver.result(driver.api.send(driver.time(), "lobby", "x", "", "m-404"))["error"], "unknown_message");

  CoreApiDriver seed(test_core_config(Json{{"dialect", "flask-shows"}}));
  ASSERT_EQ(seed.result(seed.api.join(seed.time(), "7"))["ok"], true);
  for (const Json& refused : {seed.result(seed.api.edit(seed.time(), "7", "1", "x")),
                              seed.result(seed.api.remove(seed.time(), "7", "1")),
                              seed.result(seed.api.react(seed.time(), "7", "1", "+1", true))}) {
    EXPECT_EQ(refused["error"], "unsupported");
    EXPECT_EQ(refused["message"], "the backend (dialect) has no such operation");
  }
}

TEST(CoreApiChanges, AFailedChangeIsAChatErrorNamingTheOperationAndTheMessage) {
  NativeCore f;
  CoreApiDriver& driver = f.driver;
  f.join("lobby");
  const chat::Message bob = f.backend.post("lobby", kBob, "not yours");
  driver.drive();
  const Json op = driver.result(driver.api.remove(driver.time(), "lobby", bob.id));
  driver.drive();
  const auto errors = driver.events_of("chat_error");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0]["code"], "change_failed");
  EXPECT_EQ(errors[0]["operation"], "delete");
  EXPECT_EQ(errors[0]["opId"], op["value"]);
  EXPECT_EQ(errors[0]["key"], "s:" + bob.id);
  EXPECT_EQ(errors[0]["reason"], "unauthorized");
  EXPECT_FALSE(driver.messages("lobby")[0].contains("deleted")) << "rolled back";
}

TEST(CoreApiChanges, ChangesTheCoreCannotUseAreWarnings) {
  NativeCore f;
  CoreApiDriver& driver = f.driver;
  f.join("lobby");
  const chat::Message bob = f.backend.post("lobby", kBob, "v1");
  f.backend.change("lobby", bob.id, [](chat::Message& m) { m.text = "v2"; });
  driver.drive();
  f.backend.push("message_updated", to_json(bob));
  driver.drive();
  const auto warnings = driver.events_of("warning");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0]["kind"], "stale_update");
  EXPECT_EQ(warnings[0]["event"], "message_updated");
  EXPECT_EQ(driver.messages("lobby")[0]["text"], "v2");
}

TEST(CoreApiChanges, PendingOperationsAreKeptAndRestoredLikeSends) {
  NativeCore f(kStoring);
  CoreApiDriver& driver = f.driver;
  f.join("lobby");
  const chat::Message bob = f.backend.post("lobby", kBob, "hi");
  driver.drive();
  f.backend.ignore("react");  // never answered: it stays pending
  const Json op = driver.result(driver.api.react(driver.time(), "lobby", bob.id, "+1", true));
  driver.drive();
  const auto stored = driver.events_of("op_stored");
  ASSERT_EQ(stored.size(), 1u);
  const Json record{{"schema", 1},      {"opId", op["value"]}, {"room", "lobby"}, {"op", "react"},
                    {"messageId", bob.id}, {"emoji", "+1"},     {"on", true},     {"createdAtMs", driver.now}};
  EXPECT_EQ(stored[0]["record"], record);

  NativeCore reloaded(kStoring);
  CoreApiDriver& again = reloaded.driver;
  const Json records = Json::array({record, Json{{"schema", 1}, {"opId", "o-2"}, {"room", "lobby"}, {"op", "pin"},
                                                 {"messageId", "m-1"}, {"createdAtMs", 1}}});
  EXPECT_EQ(again.result(again.api.restore_ops(again.time(), records.dump())), (Json{{"ok", true}, {"value", 1}}));
  const auto warnings = again.events_of("warning");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0]["message"], "record 1: 'op' is not \"edit\", \"delete\" or \"react\"");
  reloaded.backend.post("lobby", kBob, "hi");  // the same message id on the new server
  reloaded.join("lobby");
  EXPECT_EQ(again.messages("lobby")[0]["reactions"], Json::parse(R"([{"emoji": "+1", "count": 1, "mine": true}])"));
  EXPECT_EQ(again.events_of("op_forgotten").size(), 1u) << "resent after the join, applied, forgotten";
  EXPECT_EQ(reloaded.backend.messages("lobby")[0].reactions.size(), 1u);
}

TEST(StoredOpJson, ARecordReadsBackAsWritten) {
  const chat::StoredOp record{"o-1", "lobby", chat::Operation::kEdit, "", "c-1", "new\ntext", "", true, -5};
  api::JsonWriter out;
  out.begin_array();
  api::write_stored_op(out, record);
  out.end_array();
  const auto read = api::read_stored_ops(out.take());
  ASSERT_TRUE(read.error.empty());
  ASSERT_EQ(read.records.size(), 1u);
  EXPECT_EQ(read.records[0].op_id, "o-1");
  EXPECT_EQ(read.records[0].op, chat::Operation::kEdit);
  EXPECT_EQ(read.records[0].message_id, "");
  EXPECT_EQ(read.records[0].client_id, "c-1");
  EXPECT_EQ(read.records[0].text, "new\ntext");
  EXPECT_EQ(read.records[0].created_at_ms, -5);
}

}  // namespace
}  // namespace chatwire::testing::api_changes
