// Payload templates: placeholders, typed substitution, dropped keys.
#include "dialect/template.h"

#include <gtest/gtest.h>

namespace chatwire::dialect {
namespace {

using chat::Operation;
using json_util::Json;

PlaceholderValues values_with(std::initializer_list<std::pair<Placeholder, Json>> entries) {
  PlaceholderValues values;
  for (const auto& [placeholder, value] : entries) values[static_cast<std::size_t>(placeholder)] = value;
  return values;
}

TEST(TemplateTest, NamesRoundTrip) {
  for (std::size_t i = 0; i < kPlaceholderCount; ++i) {
    const auto placeholder = static_cast<Placeholder>(i);
    const std::string text = placeholder_text(placeholder);
    EXPECT_EQ(placeholder_from_name(text.substr(1, text.size() - 2)), placeholder) << text;
  }
  EXPECT_EQ(placeholder_text(Placeholder::kUserName), "{user.name}");
  EXPECT_FALSE(placeholder_from_name("user"));
  EXPECT_FALSE(placeholder_from_name("Room"));
}

TEST(TemplateTest, ScanListsPlaceholdersWithTheirPaths) {
  const Json tmpl =
      Json::parse(R"({"show_id": "{room}", "nested": {"by": "{user.id}"}, "list": ["x", "{text}"]})");
  auto scanned = scan_template(tmpl);
  ASSERT_TRUE(scanned.ok());
  ASSERT_EQ(scanned->size(), 3u);
  // nlohmann orders object keys alphabetically.
  EXPECT_EQ((*scanned)[0].field, "list[1]");
  EXPECT_EQ((*scanned)[0].placeholder, Placeholder::kText);
  EXPECT_EQ((*scanned)[1].field, "nested.by");
  EXPECT_EQ((*scanned)[1].placeholder, Placeholder::kUserId);
  EXPECT_EQ((*scanned)[2].field, "show_id");
  EXPECT_EQ((*scanned)[2].placeholder, Placeholder::kRoom);
}

TEST(TemplateTest, ScanRefusesUnknownPlaceholdersAndStrayBraces) {
  auto unknown = scan_template(Json::parse(R"({"a": {"b": "{show}"}})"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().field, "a.b");
  EXPECT_EQ(unknown.error().message, "unknown placeholder {show}");
  auto unclosed = scan_template(Json::parse(R"({"a": "{room"})"));
  ASSERT_FALSE(unclosed.ok());
  EXPECT_EQ(unclosed.error().field, "a");
  auto stray = scan_template(Json::parse(R"(["}"])"));
  ASSERT_FALSE(stray.ok());
  EXPECT_EQ(stray.error().field, "[0]");
}

TEST(TemplateTest, ScanRefusesDeepTemplates) {
  Json deep = "{room}";
  for (std::size_t i = 0; i <= kMaxTemplateDepth; ++i) deep = Json::array({deep});
  EXPECT_FALSE(scan_template(deep).ok());
}

TEST(TemplateTest, ExactPlaceholderKeepsTheValueType) {
  const Json tmpl = Json::parse(R"({"show_id": "{room}", "limit": "{limit}", "flag": true, "n": 3})");
  const auto filled =
      fill_template(tmpl, values_with({{Placeholder::kRoom, 123}, {Placeholder::kLimit, 50}}));
  EXPECT_EQ(filled, Json::parse(R"({"show_id": 123, "limit": 50, "flag": true, "n": 3})"));
}

TEST(TemplateTest, AbsentValuesDropTheirKeyOrElement) {
  const Json tmpl = Json::parse(R"({"room": "{room}", "since": "{since}", "list": ["{before}", "x"]})");
  const auto filled = fill_template(tmpl, values_with({{Placeholder::kRoom, "general"}}));
  EXPECT_EQ(filled, Json::parse(R"({"room": "general", "list": ["x"]})"));
}

TEST(TemplateTest, PlaceholdersInsideTextAreWrittenAsText) {
  const Json tmpl = Json::parse(R"({"tag": "user:{user.id}/room:{room}", "lit": "{{literal}}"})");
  const auto filled =
      fill_template(tmpl, values_with({{Placeholder::kUserId, "u1"}, {Placeholder::kRoom, 42}}));
  EXPECT_EQ(filled, Json::parse(R"({"tag": "user:u1/room:42", "lit": "{literal}"})"));
  const auto partial = fill_template(Json::parse(R"({"tag": "since:{since}"})"), values_with({}));
  EXPECT_EQ(partial, Json::object()) << "one absent placeholder drops the whole string";
}

TEST(TemplateTest, RootPlaceholderWithoutValueFillsNothing) {
  EXPECT_FALSE(fill_template(Json("{since}"), values_with({})));
  EXPECT_EQ(fill_template(Json("{text}"), values_with({{Placeholder::kText, "hi"}})), Json("hi"));
}

TEST(TemplateTest, MeaningfulPlaceholdersPerOperation) {
  EXPECT_TRUE(meaningful_for(Placeholder::kRoom, Operation::kTypingStop));
  EXPECT_TRUE(meaningful_for(Placeholder::kUserName, Operation::kJoin));
  EXPECT_TRUE(meaningful_for(Placeholder::kText, Operation::kSend));
  EXPECT_FALSE(meaningful_for(Placeholder::kText, Operation::kJoin));
  EXPECT_TRUE(meaningful_for(Placeholder::kClientId, Operation::kSend));
  EXPECT_FALSE(meaningful_for(Placeholder::kClientId, Operation::kMarkRead));
  EXPECT_TRUE(meaningful_for(Placeholder::kSince, Operation::kJoin));
  EXPECT_FALSE(meaningful_for(Placeholder::kSince, Operation::kHistory));
  EXPECT_TRUE(meaningful_for(Placeholder::kSeq, Operation::kMarkRead));
  EXPECT_FALSE(meaningful_for(Placeholder::kSeq, Operation::kJoin));
  EXPECT_TRUE(meaningful_for(Placeholder::kMessageId, Operation::kMarkRead));
  for (Placeholder p : {Placeholder::kBefore, Placeholder::kAfter, Placeholder::kLimit}) {
    EXPECT_TRUE(meaningful_for(p, Operation::kHistory));
    EXPECT_FALSE(meaningful_for(p, Operation::kMembers));
  }
}

}  // namespace
}  // namespace chatwire::dialect
