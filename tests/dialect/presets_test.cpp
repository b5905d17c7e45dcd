// Facts every preset shares: it loads, documents its readings, and encodes
// exactly the operations its capabilities announce.
#include <gtest/gtest.h>

#include "dialect/dialect_test_util.h"

namespace chatwire::dialect {
namespace {

using chat::Operation;

TEST(PresetsTest, NamesInAStableOrder) {
  EXPECT_EQ(Dialect::preset_names(),
            (std::vector<std::string>{"chatwire", "flask-rooms", "flask-shows", "nest-conversations",
                                      "express-conversations", "flask-multiroom"}));
}

TEST(PresetsTest, EveryPresetLoadsUnderItsOwnName) {
  for (const std::string& name : Dialect::preset_names()) {
    auto loaded = Dialect::preset(name);
    ASSERT_TRUE(loaded.ok()) << name << ": " << loaded.error().field << ": " << loaded.error().message;
    EXPECT_EQ(loaded->name(), name);
  }
}

TEST(PresetsTest, EveryPresetTextHasAComment) {
  for (const std::string& name : Dialect::preset_names()) {
    const std::optional<std::string_view> text = Dialect::preset_text(name);
    ASSERT_TRUE(text) << name;
    const Json doc = Json::parse(*text);
    ASSERT_TRUE(doc.contains("comment")) << name;
    EXPECT_FALSE(doc["comment"].empty()) << name;
    EXPECT_EQ(doc["name"], name);
  }
}

TEST(PresetsTest, UnknownPreset) {
  EXPECT_FALSE(Dialect::preset_text("socket-chat"));
  auto loaded = Dialect::preset("socket-chat");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().message, "no preset is called \"socket-chat\"");
}

TEST(PresetsTest, SupportedOperationsEncodeAndOthersAreUnsupported) {
  const chat::User self{"5", "me"};
  for (const std::string& name : Dialect::preset_names()) {
    const Dialect dialect = test::must_load_preset(name);
    for (std::size_t i = 0; i < chat::kOperationCount; ++i) {
      chat::Request req = test::request(static_cast<Operation>(i), "12");
      req.text = "t";
      req.client_id = "c";
      auto out = dialect.encode(req, self);
      if (dialect.capabilities().supports[i]) {
        ASSERT_TRUE(out.ok()) << name << " " << chat::to_string(req.op) << ": " << out.error().message;
        EXPECT_FALSE(out->event.empty());
        EXPECT_LE(out->args.size(), 1u);
      } else {
        ASSERT_FALSE(out.ok()) << name << " " << chat::to_string(req.op);
        EXPECT_EQ(out.error().code, EncodeError::Code::kUnsupported);
      }
    }
  }
}

TEST(PresetsTest, AckWantedExactlyWhenTheConfirmationIsAnAck) {
  const chat::User self{"5", "me"};
  for (const std::string& name : Dialect::preset_names()) {
    const Dialect dialect = test::must_load_preset(name);
    const Capabilities& caps = dialect.capabilities();
    auto join = dialect.encode(test::request(Operation::kJoin, "12"), self);
    ASSERT_TRUE(join.ok()) << name;
    EXPECT_EQ(join->wants_ack, caps.join_confirmation == Confirmation::kAck) << name;
    auto send = dialect.encode(test::send_request("12", "c", "t"), self);
    ASSERT_TRUE(send.ok()) << name;
    EXPECT_EQ(send->wants_ack, caps.send_confirmation == Confirmation::kAck) << name;
  }
}

TEST(PresetsTest, SeedPresetsAreConfirmedByTheEchoWithoutSeq) {
  for (const std::string& name : Dialect::preset_names()) {
    if (name == "chatwire") continue;
    const Dialect dialect = test::must_load_preset(name);
    const Capabilities& caps = dialect.capabilities();
    EXPECT_EQ(caps.send_confirmation, Confirmation::kEvent) << name;
    EXPECT_FALSE(caps.idempotent_send) << name;
    EXPECT_FALSE(caps.has_seq) << name;
    EXPECT_FALSE(caps.history_since) << name;
    EXPECT_FALSE(caps.history_before) << name;
  }
}

}  // namespace
}  // namespace chatwire::dialect
