// CoreApi, the class the embind module wraps one to one, driven the way the
// TypeScript side drives it: strings and numbers in, one answer (JSON text)
// out of every call. The JSON pieces are tested alone in the other files of
// this folder; core_api_answer_test.cpp has the rules of the answer itself.
#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "api/core_api_driver.h"
#include "api/snapshot_json.h"
#include "support/native_backend.h"

namespace chatwire::testing {
namespace {

constexpr double kNow = 1'700'000'000'000.0;
const char* const kOpenPacket =
    R"(0{"sid":"eio-1","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})";


TEST(CoreApi, PollingRequestsCrossAsActionsAndTheirAnswersAsHttpResponse) {
  api::CoreApi core(test_core_config({{"transports", Json::array({"polling"})}}));
  ASSERT_EQ(core.error(), "");
  Json answer = parse_json(core.connect(kNow));
  ASSERT_EQ(answer["actions"].size(), 1u);
  const Json handshake = answer["actions"][0];
  EXPECT_EQ(handshake["type"], "request");
  EXPECT_EQ(handshake["method"], "GET");
  EXPECT_EQ(handshake["query"], "EIO=4&transport=polling");
  EXPECT_FALSE(handshake.contains("body")) << "a GET has none";
  const double request = handshake["request"].get<double>();

  answer = parse_json(core.http_response(kNow + 10, request, "200", kOpenPacket));
  ASSERT_EQ(answer["actions"].size(), 2u) << answer;
  EXPECT_EQ(answer["actions"][0]["method"], "GET");
  EXPECT_EQ(answer["actions"][0]["query"], "EIO=4&transport=polling&sid=eio-1");
  EXPECT_EQ(answer["actions"][1]["method"], "POST");
  EXPECT_EQ(answer["actions"][1]["body"], "40") << "the namespace CONNECT";

  const double post = answer["actions"][1]["request"].get<double>();
  for (const char* status : {"", "2x0", "2000", "-1"}) {
    answer = parse_json(core.http_response(kNow + 20, post, status, "ok"));
    ASSERT_EQ(answer["events"].size(), 1u) << status;
    EXPECT_EQ(answer["events"][0]["type"], "warning") << status;
    EXPECT_EQ(answer["events"][0]["kind"], "invalid_argument") << status;
  }
  answer = parse_json(core.http_response(kNow + 30, 0.5, "200", "ok"));
  EXPECT_EQ(answer["events"][0]["kind"], "invalid_argument") << "a request id is whole";
}

TEST(CoreApi, ARefusedTransportsListIsNamed) {
  for (const Json& transports : {Json::array(), Json::array({"carrier-pigeon"}), Json::array({"polling", "polling"}),
                                 Json("polling")}) {
    api::CoreApi core(test_core_config({{"transports", transports}}));
    EXPECT_NE(core.error().find("\"transports\""), std::string::npos) << transports << ": " << core.error();
  }
}

TEST(CoreApi, ConnectsJoinsAndShowsAPendingMessageFrameByFrame) {
  api::CoreApi core(test_core_config());
  ASSERT_EQ(core.error(), "");
  EXPECT_EQ(core.state(), "idle");

  Json answer = parse_json(core.connect(kNow));
  EXPECT_FALSE(answer.contains("result")) << "an input, not a command";
  ASSERT_EQ(answer["actions"].size(), 1u);
  const Json open = answer["actions"][0];
  EXPECT_EQ(open["type"], "open");
  EXPECT_NE(open["query"].get<std::string>().find("EIO=4"), std::string::npos) << open;
  const double transport = open["transport"].get<double>();
  ASSERT_EQ(answer["events"].size(), 1u);
  EXPECT_EQ(answer["events"][0], (Json{{"type", "state"},
                                       {"from", "idle"},
                                       {"to", "connecting"},
                                       {"reason", "user_connect"},
                                       {"detail", ""}}));
  EXPECT_EQ(answer["connection"], (Json{{"state", "connecting"},
                                        {"error", nullptr},
                                        {"reconnectAt", nullptr},
                                        {"reconnectAttempt", 0},
                                        {"transport", nullptr}}));
  EXPECT_EQ(answer["deadline"], static_cast<std::int64_t>(kNow) + 5000)
      << "the handshake timeout: polling is left to fall back to";
  EXPECT_FALSE(answer.contains("rooms"));
  EXPECT_FALSE(answer.contains("unreadTotal"));

  answer = parse_json(core.transport_opened(kNow + 5, transport));
  EXPECT_FALSE(answer.contains("actions")) << answer;
  EXPECT_FALSE(answer.contains("events")) << answer;
  EXPECT_FALSE(answer.contains("connection")) << "still connecting: " << answer;
  answer = parse_json(core.frame_received(kNow + 10, transport, kOpenPacket));
  ASSERT_EQ(answer["actions"].size(), 1u);
  EXPECT_EQ(answer["actions"][0], (Json{{"type", "send"}, {"transport", transport}, {"text", "40"}}))
      << "the namespace CONNECT, without auth";

  answer = parse_json(core.frame_received(kNow + 20, transport, R"(40{"sid":"ns-1"})"));
  ASSERT_EQ(answer["events"].size(), 2u);
  EXPECT_EQ(answer["events"][0]["to"], "connected");
  EXPECT_EQ(answer["events"][0]["reason"], "namespace_connected");
  EXPECT_EQ(answer["events"][1], (Json{{"type", "transport"}, {"transport", "websocket"}}))
      << "what the connection runs on, for the page to remember";
  EXPECT_EQ(answer["connection"]["state"], "connected");
  EXPECT_EQ(answer["connection"]["transport"], "websocket");
  EXPECT_EQ(core.state(), "connected");

  answer = parse_json(core.join(kNow + 30, "lobby"));
  EXPECT_EQ(answer["result"], (Json{{"ok", true}, {"value", true}}));
  ASSERT_EQ(answer["actions"].size(), 1u) << "a command's frames are in its own answer";
  const std::string join_frame = answer["actions"][0]["text"].get<std::string>();
  EXPECT_EQ(join_frame.rfind("42", 0), 0u) << join_frame;
  EXPECT_NE(join_frame.find(R"(["join",{"room":"lobby")"), std::string::npos) << join_frame;
  ASSERT_EQ(answer["rooms"].size(), 1u);
  EXPECT_EQ(answer["rooms"][0]["id"], "lobby");
  EXPECT_EQ(answer["rooms"][0]["state"], "joining") << "the join is not acknowledged yet";

  answer = parse_json(core.send(kNow + 40, "lobby", "hello"));
  ASSERT_EQ(answer["result"]["ok"], true) << answer;
  const std::string client_id = answer["result"]["value"].get<std::string>();
  EXPECT_FALSE(client_id.empty());
  ASSERT_EQ(answer["rooms"].size(), 1u) << answer;
  const Json change = answer["rooms"][0];
  EXPECT_EQ(change["id"], "lobby");
  EXPECT_FALSE(change.contains("state")) << "only the parts that changed";
  EXPECT_EQ(change["messages"],
            (Json{{"upserts", Json::array({Json::array({0,
                                                        "c:" + client_id,
                                                        {{"id", nullptr},
                                                         {"clientId", client_id},
                                                         {"author", {{"id", "u1"}, {"name", "Ada"}}},
                                                         {"text", "hello"},
                                                         {"createdAt", static_cast<std::int64_t>(kNow) + 40},
                                                         {"status", "pending"}}})})}}))
      << "the pending message, without roomId: the room it crosses in says that";
}

/// A driver whose server plays the native backend.
TEST(CoreApi, ARoundTripWithTheNativeBackendShowsEveryPart) {
  NativeCore f;
  f.backend.post("lobby", kBob, "hi Ada");
  f.backend.member_join("lobby", kBob);
  f.join("lobby");
  EXPECT_EQ(f.driver.api.state(), "connected");

  Json room = f.driver.snapshot("lobby");
  EXPECT_EQ(room["state"], "joined");
  EXPECT_EQ(room["hasMore"], false);
  EXPECT_EQ(room["active"], false);
  EXPECT_EQ(room["loadingOlder"], false);
  EXPECT_EQ(room["unreadCount"], 1);
  EXPECT_EQ(f.driver.unread_total, 1u);
  ASSERT_EQ(room["members"].size(), 2u);
  EXPECT_EQ(room["members"][1], (Json{{"user", {{"id", "u2"}, {"name", "Bob"}}}, {"online", true}}));

  const Json sent = f.driver.result(f.driver.api.send(f.driver.time(), "lobby", "hello Bob"));
  f.driver.drive();
  room = f.driver.snapshot("lobby");
  ASSERT_EQ(room["messages"].size(), 2u);
  const Json own = room["messages"][1];
  EXPECT_EQ(own["status"], "sent");
  EXPECT_EQ(own["clientId"], sent["value"]);
  EXPECT_TRUE(own["id"].is_string()) << own;
  EXPECT_EQ(own["seq"], 2);
  EXPECT_FALSE(own.contains("readBy")) << "nobody read it yet";

  f.backend.read_by("lobby", kBob, 2);
  f.backend.typing("lobby", kBob, "start");
  f.driver.drive();
  room = f.driver.snapshot("lobby");
  EXPECT_EQ(room["messages"][1]["readBy"], Json::array({"u2"}));
  EXPECT_EQ(room["typingUsers"], Json::array({{{"id", "u2"}, {"name", "Bob"}}}));

  f.backend.post("lobby", kBob, "news");
  f.driver.drive();
  const std::vector<Json> arrived = f.driver.events_of("message");
  ASSERT_EQ(arrived.size(), 1u) << "history is not announced, live messages are";
  EXPECT_EQ(arrived[0]["room"], "lobby");
  EXPECT_FALSE(arrived[0].contains("message")) << "the message crosses once, in the room's changes";
  const Json news = f.driver.snapshot("lobby")["messages"].back();
  EXPECT_EQ(news["text"], "news");
  EXPECT_EQ(news["clientId"], nullptr);
  EXPECT_EQ(arrived[0]["key"], "s:" + news["id"].get<std::string>());

  EXPECT_EQ(f.driver.result(f.driver.api.mark_read(f.driver.time(), "lobby")),
            (Json{{"ok", true}, {"value", true}}));
  f.driver.drive();
  room = f.driver.snapshot("lobby");
  EXPECT_EQ(room["state"], "joined");
  EXPECT_EQ(room["unreadCount"], 0);
  EXPECT_EQ(f.driver.unread_total, 0u);
  EXPECT_EQ(f.driver.rooms.size(), 1u);
  EXPECT_EQ(f.driver.result(f.driver.api.load_older(f.driver.time(), "lobby", 0))["error"], "no_more_history");
  EXPECT_EQ(parse_json(f.driver.api.stats()), (Json{{"unknownEvents", 0}, {"malformedEvents", 0}}));
}

TEST(CoreApi, MessageEventsCanBeTurnedOffWithoutLosingTheMessages) {
  NativeCore f;
  f.join("lobby");
  f.driver.api.set_message_events(false);
  f.backend.post("lobby", kBob, "quiet");
  f.driver.drive();
  EXPECT_TRUE(f.driver.events_of("message").empty());
  EXPECT_EQ(f.driver.messages("lobby").size(), 1u) << "stored all the same";

  f.driver.api.set_message_events(true);
  f.backend.post("lobby", kBob, "loud");
  f.driver.drive();
  const std::vector<Json> arrived = f.driver.events_of("message");
  ASSERT_EQ(arrived.size(), 1u);
  EXPECT_EQ(arrived[0]["room"], "lobby");
  EXPECT_EQ(arrived[0]["key"], "s:" + f.driver.messages("lobby").back()["id"].get<std::string>());
  EXPECT_EQ(f.driver.messages("lobby").back()["text"], "loud");
}

TEST(CoreApi, ReconnectionIsScheduledAndTheDeadlineDrivesIt) {
  NativeCore f;
  f.join("lobby");
  f.driver.server.drop_connection("network down");
  f.driver.drive();
  const std::vector<Json> scheduled = f.driver.events_of("reconnect_scheduled");
  ASSERT_EQ(scheduled.size(), 1u);
  EXPECT_EQ(scheduled[0]["attempt"], 1);
  EXPECT_EQ(scheduled[0]["reason"], "transport_closed");
  const auto at = scheduled[0]["atMs"].get<std::int64_t>();
  EXPECT_EQ(at, f.driver.now + scheduled[0]["delayMs"].get<std::int64_t>());
  EXPECT_EQ(f.driver.api.state(), "reconnecting");
  EXPECT_EQ(f.driver.deadline, at) << "the next timer is the reconnection";

  f.driver.advance_to(at);
  EXPECT_EQ(f.driver.api.state(), "connected");
  EXPECT_EQ(f.driver.snapshot("lobby")["state"], "joined") << "rejoined";
}

TEST(CoreApi, AuthGoesIntoTheConnectAndARefusalAsksForCredentials) {
  ServerScript script;
  script.on_connect = [](const Json& auth) {
    return auth.value("token", "") == "good" ? ConnectReply::accept() : ConnectReply::reject("invalid token");
  };
  CoreApiDriver driver(
      test_core_config({{"auth", {{"token", "stale"}}}, {"refreshCredentialsOnReject", true}}), script);
  driver.connect();
  ASSERT_EQ(driver.events_of("credentials").size(), 1u);
  EXPECT_EQ(driver.events_of("credentials")[0]["message"], "invalid token");
  EXPECT_EQ(driver.events_of("connection_error")[0]["code"], "connect_rejected");

  driver.fold(driver.api.provide_credentials(driver.time(), R"({"token":"good"})"));
  driver.drive();
  EXPECT_EQ(driver.api.state(), "connected");
  EXPECT_EQ(driver.server.connect_auths, (std::vector<Json>{{{"token", "stale"}}, {{"token", "good"}}}));

  driver.fold(driver.api.set_auth(R"({"token":"next"})"));
  driver.server.drop_connection();
  driver.drive();
  driver.advance_to(driver.now + 10'000);
  EXPECT_EQ(driver.server.connect_auths.back(), (Json{{"token", "next"}}))
      << "set_auth applies to the next CONNECT";
}

TEST(CoreApi, UnusableCredentialsAreDeclinedWithAWarning) {
  ServerScript script;
  script.on_connect = [](const Json&) { return ConnectReply::reject("invalid token"); };
  CoreApiDriver driver(test_core_config({{"refreshCredentialsOnReject", true}}), script);
  driver.connect();
  ASSERT_EQ(driver.events_of("credentials").size(), 1u);
  driver.fold(driver.api.provide_credentials(driver.time(), "\"a string\""));
  driver.drive();
  EXPECT_EQ(driver.api.state(), "failed") << "declined rather than left waiting";
  const std::vector<Json> warnings = driver.events_of("warning");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0]["kind"], "invalid_argument");
  EXPECT_EQ(warnings[0]["event"], "provideCredentials");
}

TEST(CoreApi, ARefusedConfigurationMakesAHarmlessClient) {
  api::CoreApi core(R"({"dialect":"chatwire","user":{"id":"u1","name":"Ada"},"typing":{"idleMs":0}})");
  EXPECT_FALSE(core.created());
  const Json error = parse_json(core.error());
  EXPECT_EQ(error["field"], "typing.idleMs");
  EXPECT_FALSE(error["message"].get<std::string>().empty());

  for (const std::string& answer :
       {core.connect(kNow), core.frame_received(kNow, 1, "40"), core.set_auth("{}"), core.auth_failed(kNow, "x"),
        core.page_visible(kNow, false), core.handle_timeout(kNow), core.typing(kNow, "lobby"),
        core.network_offline(kNow), core.disconnect(kNow), core.reconnect_now(kNow)}) {
    EXPECT_EQ(parse_json(answer), Json::object()) << "an input answers nothing";
  }
  for (const std::string& result :
       {core.join(kNow, "lobby"), core.leave(kNow, "lobby"), core.send(kNow, "lobby", "x"),
        core.retry(kNow, "c"), core.cancel(kNow, "c"), core.mark_read(kNow, "lobby"),
        core.set_active(kNow, "lobby", true), core.load_older(kNow, "lobby", 0),
        core.refresh_members(kNow, "lobby")}) {
    const Json parsed = parse_json(result);
    EXPECT_EQ(parsed.size(), 1u) << "the result alone: " << parsed;
    EXPECT_EQ(parsed["result"]["ok"], false);
    EXPECT_EQ(parsed["result"]["error"], "not_created");
  }
  EXPECT_EQ(core.state(), "idle");
  EXPECT_EQ(core.client(), nullptr);
  EXPECT_EQ(parse_json(core.capabilities())["operations"], Json::array());
  EXPECT_EQ(parse_json(core.stats()), (Json{{"unknownEvents", 0}, {"malformedEvents", 0}}));
}

TEST(CoreApi, UnusableNumbersAreRefusedAndReported) {
  CoreApiDriver driver;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double infinity = std::numeric_limits<double>::infinity();
  for (const double now : {nan, infinity, 1e300, kNow + 0.5}) {
    const Json answer = driver.fold(driver.api.connect(now));
    EXPECT_EQ(answer["events"].size(), 1u) << answer;
    EXPECT_FALSE(answer.contains("connection")) << "nothing happened: " << answer;
  }
  driver.drive();
  EXPECT_TRUE(driver.actions.empty()) << "no connection was opened";
  std::vector<Json> warnings = driver.events_of("warning");
  ASSERT_EQ(warnings.size(), 4u);
  for (const Json& warning : warnings) {
    EXPECT_EQ(warning["kind"], "invalid_argument");
    EXPECT_EQ(warning["event"], "connect");
  }

  driver.connect();
  EXPECT_EQ(driver.api.state(), "connected");
  driver.fold(driver.api.frame_received(driver.time(), -1, "2"));
  driver.fold(driver.api.frame_received(driver.time(), 1.5, "2"));
  driver.fold(driver.api.transport_closed(driver.time(), nan, "x"));
  driver.drive();
  EXPECT_EQ(driver.api.state(), "connected") << "ignored, not misrouted";
  EXPECT_EQ(driver.events_of("warning").size(), 7u);

  const Json refused = driver.result(driver.api.join(nan, "lobby"));
  EXPECT_EQ(refused["ok"], false);
  EXPECT_EQ(refused["error"], "invalid_argument");
  EXPECT_TRUE(driver.rooms.empty()) << "nothing was joined";
  EXPECT_TRUE(driver.api.client()->chat().rooms().empty());
  EXPECT_EQ(driver.result(driver.api.join(driver.time(), "lobby"))["ok"], true);
  for (const double count : {-1.0, 2.5, nan, infinity, 5e9}) {
    const Json answer = driver.fold(driver.api.load_older(driver.time(), "lobby", count));
    EXPECT_EQ(answer["result"]["error"], "invalid_argument") << count;
    EXPECT_FALSE(answer.contains("rooms")) << count << ": nothing changed";
  }
  EXPECT_EQ(driver.events_of("warning").size(), 7u) << "a refused command needs no warning";
}

TEST(CoreApi, PresetNamesAreTheDialectsPresets) {
  const Json names = parse_json(api::preset_names_json());
  EXPECT_EQ(names, Json(dialect::Dialect::preset_names()));
  EXPECT_EQ(names.size(), 6u);
  for (const Json& name : names)
    EXPECT_EQ(api::CoreApi(test_core_config({{"dialect", name}})).error(), "") << name;
}

}  // namespace
}  // namespace chatwire::testing
