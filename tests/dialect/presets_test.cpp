// Facts every preset shares: it loads, documents its readings, and encodes
// exactly the operations its capabilities announce.
#include <gtest/gtest.h>

#include "dialect/dialect_test_util.h"
#include "dialect/preset_documents.h"

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

TEST(PresetsTest, EveryPresetDocumentHasAComment) {
  for (const presets::PresetDocument& preset : presets::kDocuments) {
    const Json doc = Json::parse(preset.text);
    ASSERT_TRUE(doc.contains("comment")) << preset.name;
    EXPECT_FALSE(doc["comment"].empty()) << preset.name;
    EXPECT_EQ(doc["name"], preset.name);
  }
}

// What the module ships is the document without whitespace and comments,
// and it loads to the same dialect: same capabilities, same requests on the wire.
TEST(PresetsTest, TheCompactTextIsTheDocumentWithoutItsComments) {
  const chat::User self{"5", "me"};
  for (const presets::PresetDocument& preset : presets::kDocuments) {
    const std::optional<std::string_view> text = Dialect::preset_text(preset.name);
    ASSERT_TRUE(text) << preset.name;
    EXPECT_EQ(text->find("comment"), std::string_view::npos) << preset.name;
    EXPECT_LT(text->size(), preset.text.size()) << preset.name;

    const Dialect shipped = test::must_load_preset(std::string(preset.name));
    auto written = Dialect::load(preset.text);
    ASSERT_TRUE(written.ok()) << preset.name;
    for (std::size_t i = 0; i < chat::kOperationCount; ++i) {
      EXPECT_EQ(shipped.capabilities().supports[i], written->capabilities().supports[i]) << preset.name;
      chat::Request req = test::request(static_cast<Operation>(i), "12");
      req.text = "t";
      req.client_id = "c";
      auto from_shipped = shipped.encode(req, self);
      auto from_written = written->encode(req, self);
      ASSERT_EQ(from_shipped.ok(), from_written.ok()) << preset.name << " " << chat::to_string(req.op);
      if (!from_shipped.ok()) continue;
      EXPECT_EQ(from_shipped->event, from_written->event) << preset.name;
      EXPECT_EQ(from_shipped->args, from_written->args) << preset.name;
    }
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
    EXPECT_FALSE(caps.history_around) << name << ": a seed cannot find a message by its id";
  }
}

}  // namespace
}  // namespace chatwire::dialect
