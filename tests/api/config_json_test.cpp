// parse_core_config / create_client: a CoreConfig document becomes a
// ClientConfig and a Dialect, and every refusal names the field as the app
// wrote it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/config_json.h"
#include "api/core_api_driver.h"

namespace chatwire::testing {
namespace {

using api::CoreConfigError;

/// The field create_client() names for `config_json` ("<created>" when it accepts it).
std::string refused_field(const std::string& config_json) {
  auto created = api::create_client(config_json);
  return created ? "<created>" : created.error().field;
}

TEST(CoreConfig, ReadsEverySetting) {
  const Json document{
      {"dialect", "chatwire"},
      {"user", {{"id", "u1"}, {"name", "Ada"}}},
      {"nsp", "/chat"},
      {"auth", {{"token", "t"}}},
      {"refreshCredentialsOnReject", true},
      {"query", {{"b", "2"}, {"a", "1"}}},
      {"connectTimeoutMs", 1234},
      {"reconnection",
       {{"enabled", false},
        {"initialDelayMs", 10},
        {"maxDelayMs", 20},
        {"factor", 1.5},
        {"randomization", 0.25},
        {"maxAttempts", 3}}},
      {"typing", {{"refreshMs", 11}, {"idleMs", 12}, {"remoteTtlMs", 13}}},
      {"maxMessagesPerRoom", 14},
      {"maxTextLength", 15},
      {"maxPendingPerRoom", 16},
      {"maxRooms", 17},
      {"requestTimeoutMs", 18},
      {"historyPageSize", 19},
      {"readReceiptIntervalMs", 20},
      {"outboxCapacity", 21},
      {"seed", 99},
  };
  auto parsed = api::parse_core_config(json_util::dump(document));
  ASSERT_TRUE(parsed.ok()) << parsed.error().field << ": " << parsed.error().message;
  const session::SessionConfig& session = parsed->client.session;
  const chat::ChatConfig& chat = parsed->client.chat;
  EXPECT_EQ(parsed->dialect.name(), "chatwire");
  EXPECT_EQ(chat.self, (chat::User{"u1", "Ada"}));
  EXPECT_EQ(session.nsp, "/chat");
  EXPECT_EQ(session.auth, (Json{{"token", "t"}}));
  EXPECT_TRUE(session.refresh_credentials_on_reject);
  EXPECT_EQ(session.query, (std::vector<std::pair<std::string, std::string>>{{"a", "1"}, {"b", "2"}}));
  EXPECT_EQ(session.connect_timeout_ms, 1234);
  EXPECT_FALSE(session.reconnection.enabled);
  EXPECT_EQ(session.reconnection.backoff.initial_delay_ms, 10);
  EXPECT_EQ(session.reconnection.backoff.max_delay_ms, 20);
  EXPECT_EQ(session.reconnection.backoff.factor, 1.5);
  EXPECT_EQ(session.reconnection.backoff.randomization, 0.25);
  EXPECT_EQ(session.reconnection.max_attempts, 3u);
  EXPECT_EQ(session.outbox_capacity, 21u);
  EXPECT_EQ(chat.typing.refresh_ms, 11);
  EXPECT_EQ(chat.typing.idle_ms, 12);
  EXPECT_EQ(chat.typing.remote_ttl_ms, 13);
  EXPECT_EQ(chat.max_messages_per_room, 14u);
  EXPECT_EQ(chat.max_text_length, 15u);
  EXPECT_EQ(chat.max_pending_per_room, 16u);
  EXPECT_EQ(chat.max_rooms, 17u);
  EXPECT_EQ(chat.request_timeout_ms, 18);
  EXPECT_EQ(chat.history_page_size, 19u);
  EXPECT_EQ(chat.read_receipt_interval_ms, 20);
}

TEST(CoreConfig, LeavesDefaultsAloneAndTakesWholeFloats) {
  auto parsed = api::parse_core_config(R"({"dialect":"flask-rooms","user":{"id":"u1","name":"Ada"},
                                           "maxRooms":3.0})");
  ASSERT_TRUE(parsed.ok()) << parsed.error().field;
  EXPECT_EQ(parsed->client.chat.max_rooms, 3u) << "JSON.stringify may write a whole number as 3.0 after math";
  const ClientConfig defaults;
  EXPECT_EQ(parsed->client.session.nsp, defaults.session.nsp);
  EXPECT_EQ(parsed->client.chat.typing.idle_ms, defaults.chat.typing.idle_ms);
  EXPECT_EQ(parsed->client.session.connect_timeout_ms, defaults.session.connect_timeout_ms);
}

TEST(CoreConfig, OneSeedFeedsTwoDifferentGenerators) {
  auto seeded = [](int seed) {
    auto parsed = api::parse_core_config(test_core_config({{"seed", seed}}));
    EXPECT_TRUE(parsed.ok());
    return std::make_pair(parsed->client.session.random_seed, parsed->client.chat.client_id_seed);
  };
  const auto first = seeded(1);
  EXPECT_NE(first.first, first.second);
  EXPECT_EQ(seeded(1), first) << "deterministic";
  EXPECT_NE(seeded(2).first, first.first);
  EXPECT_NE(seeded(2).second, first.second);
}

TEST(CoreConfig, UserObjectsMayCarryAppFields) {
  EXPECT_EQ(refused_field(R"({"dialect":"chatwire","user":{"id":"u1","name":"Ada","avatar":"a.png"}})"),
            "<created>");
}

struct BadField {
  Json extra;         // merged into a good configuration
  std::string field;  // what the error must name
};

TEST(CoreConfig, EachBadFieldIsNamedByItsPath) {
  const std::vector<BadField> cases = {
      // types and ranges, checked while reading
      {{{"typing", {{"idleMs", "2000"}}}}, "typing.idleMs"},
      {{{"typing", {{"idleMs", 1.5}}}}, "typing.idleMs"},
      {{{"typing", 5}}, "typing"},
      {{{"typing", {{"idelMs", 5}}}}, "typing.idelMs"},
      {{{"user", {{"id", 5}, {"name", "Ada"}}}}, "user.id"},
      {{{"user", {{"name", "Ada"}}}}, "user.id"},
      {{{"user", {{"id", "u1"}}}}, "user.name"},
      {{{"user", "u1"}}, "user"},
      {{{"nsp", 3}}, "nsp"},
      {{{"auth", "token"}}, "auth"},
      {{{"auth", Json::array()}}, "auth"},
      {{{"refreshCredentialsOnReject", "yes"}}, "refreshCredentialsOnReject"},
      {{{"query", {{"a", 1}}}}, "query.a"},
      {{{"query", Json::array()}}, "query"},
      {{{"connectTimeoutMs", nullptr}}, "connectTimeoutMs"},
      {{{"connectTimeoutMs", 9007199254740993ull}}, "connectTimeoutMs"},
      {{{"reconnection", {{"enabled", 1}}}}, "reconnection.enabled"},
      {{{"reconnection", {{"factor", "2"}}}}, "reconnection.factor"},
      {{{"reconnection", {{"maxAttempts", -1}}}}, "reconnection.maxAttempts"},
      {{{"reconnection", {{"maxAttempts", 4294967296ll}}}}, "reconnection.maxAttempts"},
      {{{"reconnection", {{"initialDelayMs", 1e300}}}}, "reconnection.initialDelayMs"},
      {{{"reconnection", {{"initalDelayMs", 5}}}}, "reconnection.initalDelayMs"},
      {{{"historyPageSize", 4294967296ll}}, "historyPageSize"},
      {{{"maxRooms", -3}}, "maxRooms"},
      {{{"seed", -1}}, "seed"},
      {{{"seed", 1.25}}, "seed"},
      {{{"typnig", Json::object()}}, "typnig"},
      // rules Client::create enforces, renamed to the document's paths
      {{{"typing", {{"idleMs", 0}}}}, "typing.idleMs"},
      {{{"typing", {{"refreshMs", 0}}}}, "typing.refreshMs"},
      {{{"typing", {{"remoteTtlMs", -5}}}}, "typing.remoteTtlMs"},
      {{{"user", {{"id", ""}, {"name", "Ada"}}}}, "user.id"},
      {{{"nsp", "chat"}}, "nsp"},
      {{{"connectTimeoutMs", 0}}, "connectTimeoutMs"},
      {{{"reconnection", {{"initialDelayMs", 0}}}}, "reconnection.initialDelayMs"},
      {{{"reconnection", {{"initialDelayMs", 100}, {"maxDelayMs", 10}}}}, "reconnection.maxDelayMs"},
      {{{"reconnection", {{"factor", 0.5}}}}, "reconnection.factor"},
      {{{"reconnection", {{"randomization", 2}}}}, "reconnection.randomization"},
      {{{"outboxCapacity", 0}}, "outboxCapacity"},
      {{{"maxMessagesPerRoom", 0}}, "maxMessagesPerRoom"},
      {{{"maxTextLength", 0}}, "maxTextLength"},
      {{{"maxPendingPerRoom", 0}}, "maxPendingPerRoom"},
      {{{"maxRooms", 0}}, "maxRooms"},
      {{{"requestTimeoutMs", 0}}, "requestTimeoutMs"},
      {{{"historyPageSize", 0}}, "historyPageSize"},
      {{{"readReceiptIntervalMs", -1}}, "readReceiptIntervalMs"},
  };
  for (const BadField& bad : cases) {
    const std::string config = test_core_config(bad.extra);
    auto created = api::create_client(config);
    ASSERT_FALSE(created.ok()) << config;
    EXPECT_EQ(created.error().field, bad.field) << config << "\n" << created.error().message;
    EXPECT_FALSE(created.error().message.empty()) << config;
  }
}

TEST(CoreConfig, AnUnknownSettingListsTheKnownOnes) {
  auto parsed = api::parse_core_config(test_core_config({{"reconection", Json::object()}}));
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().field, "reconection");
  EXPECT_NE(parsed.error().message.find("reconnection"), std::string::npos) << parsed.error().message;
}

TEST(CoreConfig, RequiredFieldsSayWhatTheyNeed) {
  auto parsed = api::parse_core_config(R"({"user":{"id":"u1","name":"Ada"}})");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().field, "dialect");
  EXPECT_NE(parsed.error().message.find("flask-rooms"), std::string::npos) << "lists the presets";
  EXPECT_EQ(refused_field(R"({"dialect":"chatwire"})"), "user");
}

TEST(CoreConfig, AWholeDocumentErrorNamesNoField) {
  for (const char* text : {"", "{", "[]", "null", "42", "\"chatwire\"", "{\"dialect\":\"chatwire\",}"}) {
    auto parsed = api::parse_core_config(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error(), (CoreConfigError{"", parsed.error().message})) << text;
    EXPECT_FALSE(parsed.error().message.empty());
  }
  const std::string deep = std::string(1000, '[') + std::string(1000, ']');
  EXPECT_EQ(refused_field(R"({"dialect":"chatwire","user":{"id":"u1","name":"Ada"},"auth":)" + deep + "}"),
            "");
}

TEST(CoreConfig, DialectsArePresetsOrDocuments) {
  auto unknown = api::parse_core_config(test_core_config({{"dialect", "slack"}}));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().field, "dialect");
  EXPECT_NE(unknown.error().message.find("slack"), std::string::npos);
  EXPECT_NE(unknown.error().message.find("nest-conversations"), std::string::npos);
  EXPECT_EQ(refused_field(test_core_config({{"dialect", 5}})), "dialect");

  Json document = parse_json(std::string(*dialect::Dialect::preset_text("flask-shows")));
  EXPECT_EQ(refused_field(test_core_config({{"dialect", document}})), "<created>")
      << "a document works like its preset";

  document["requests"]["send"] = 5;
  auto bad = api::parse_core_config(test_core_config({{"dialect", document}}));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field.rfind("dialect.requests.send", 0), 0u)
      << bad.error().field << ": " << bad.error().message;
}

TEST(CoreConfig, ByNameDialectsNeedAName) {
  EXPECT_EQ(refused_field(R"({"dialect":"flask-rooms","user":{"id":"u1","name":""}})"), "user.name");
  EXPECT_EQ(refused_field(R"({"dialect":"flask-rooms","user":{"id":"","name":"Ada"}})"), "<created>");
}

TEST(CoreConfig, ErrorsTravelAsJson) {
  EXPECT_EQ(parse_json(api::config_error_json(CoreConfigError{"typing.idleMs", "must be positive"})),
            (Json{{"field", "typing.idleMs"}, {"message", "must be positive"}}));
  EXPECT_EQ(api::to_core_config_error(ClientConfigError{"session.reconnection.max_delay_ms", "m"}),
            (CoreConfigError{"reconnection.maxDelayMs", "m"}));
}

}  // namespace
}  // namespace chatwire::testing
