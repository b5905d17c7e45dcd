// Whatever JavaScript passes, the module must not abort: garbage
// configurations, garbage frames, huge text, invalid UTF-8, absurd numbers.
// Every output stays valid JSON, every refusal says what was wrong.
#include <gtest/gtest.h>

#include <functional>
#include <limits>
#include <string>

#include "api/core_api_driver.h"
#include "util/seeded_random.h"

namespace chatwire::testing {
namespace {

/// `size` bytes of noise, the same on every run.
std::string noise(std::uint64_t seed, std::size_t size) {
  SeededRandom random(seed);
  std::string out(size, '\0');
  for (char& c : out) c = static_cast<char>(random.next_u64() & 0xFF);
  return out;
}

TEST(HostileInput, GarbageConfigurationsAreRefusedWithAReason) {
  std::vector<std::string> configs = {
      "",
      "\xff\xfe",
      "{\"dialect\":",
      "{\"dialect\":\"chatwire\",\"user\":{\"id\":\"\xff\",\"name\":\"x\"}}",
      std::string(1 << 20, '{'),
      "{\"dialect\":{}}",
      "{\"dialect\":\"chatwire\",\"user\":[1,2]}",
      "{\"dialect\":{\"name\":5},\"user\":{\"id\":\"u\",\"name\":\"n\"}}",
      "{\"dialect\":\"chatwire\",\"user\":{\"id\":\"u1\",\"name\":\"Ada\"},\"seed\":1e400}",
  };
  for (std::size_t n = 1; n <= 20; ++n) configs.push_back(noise(n, 64 * n));
  for (const std::string& config : configs) {
    api::CoreApi core(config);
    const std::string error = core.error();
    if (core.created()) {
      EXPECT_EQ(error, "");
      continue;
    }
    const Json parsed = parse_json(error);
    EXPECT_TRUE(parsed["field"].is_string()) << error;
    EXPECT_FALSE(parsed["message"].get<std::string>().empty()) << error;
  }
}

TEST(HostileInput, GarbageFramesBecomeErrorsAndTheConnectionCarriesOn) {
  CoreApiDriver driver;
  driver.connect();
  ASSERT_EQ(driver.api.state(), "connected");
  const double live = driver.actions.front()["transport"].get<double>();
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    driver.fold(driver.api.frame_received(driver.time(), live, noise(seed, static_cast<std::size_t>(seed * 37))));
    driver.drive();
  }
  for (const char* frame : {"", "4", "42", "42[", "42[\"message\"", "43", "45", "2probe", "6", "42[1,2,3]",
                            "40{\"sid\":5}", "451-[\"x\",{\"_placeholder\":true,\"num\":0}]", "0{}", "1"}) {
    driver.fold(driver.api.frame_received(driver.time(), live, frame));
    driver.drive();
  }
  driver.fold(driver.api.frame_received(driver.time(), live, "42[\"message\"," + std::string(900'000, '[') + "]"));
  driver.fold(driver.api.frame_received(driver.time(), live, "42[\"message\"," + std::string(2'000'000, '[') + "]"));
  driver.fold(driver.api.frame_received(driver.time(), live, std::string(3'000'000, 'x')));
  driver.drive();
  EXPECT_FALSE(driver.events_of("connection_error").empty());
  // A close packet ("1") ends this connection; whatever state it left, the
  // module still answers and reconnects.
  driver.advance_to(driver.now + 10'000);
  EXPECT_EQ(driver.api.state(), "connected");
}

TEST(HostileInput, HugeAndInvalidTextIsRefusedNotFatal) {
  CoreApiDriver driver;
  driver.connect();
  const auto error_of = [&](const std::string& answer) { return driver.result(answer)["error"]; };
  EXPECT_EQ(error_of(driver.api.join(driver.time(), std::string(100'000, 'r'))), "invalid_room_id");
  EXPECT_EQ(error_of(driver.api.join(driver.time(), "")), "invalid_room_id");
  ASSERT_EQ(driver.result(driver.api.join(driver.time(), "lobby"))["ok"], true);
  EXPECT_EQ(error_of(driver.api.send(driver.time(), "lobby", std::string(10'000'000, 'a'))), "text_too_long");
  EXPECT_EQ(error_of(driver.api.send(driver.time(), "lobby", "half an emoji \xF0\x9F")), "invalid_text");
  EXPECT_EQ(error_of(driver.api.send(driver.time(), "lobby", "   ")), "empty_text");
  EXPECT_EQ(error_of(driver.api.retry(driver.time(), std::string(1'000'000, 'c'))), "unknown_message");
  EXPECT_EQ(error_of(driver.api.cancel(driver.time(), "\xff")), "unknown_message");
  driver.fold(driver.api.typing(driver.time(), "\xff\xfe"));
  driver.fold(driver.api.stop_typing(driver.time(), std::string(1'000'000, 't')));
  driver.fold(driver.api.transport_closed(driver.time(), 999, std::string(1'000'000, 'd')));
  driver.fold(driver.api.set_auth(std::string(1'000'000, '{')));
  driver.fold(driver.api.set_auth("not json"));
  driver.fold(driver.api.auth_failed(driver.time(), std::string(1'000'000, '\xff')));
  driver.drive();
  EXPECT_EQ(driver.events_of("warning").size(), 2u) << "the two unusable auth documents";
  EXPECT_TRUE(driver.connection["error"]["message"].is_string()) << "invalid UTF-8 is still JSON";
  // Invalid UTF-8 in a room id is kept as bytes, but every output is JSON.
  EXPECT_EQ(driver.result(driver.api.join(driver.time(), "caf\xe9"))["ok"], true);
  driver.drive();
  EXPECT_EQ(driver.rooms.size(), 2u) << "lobby and the room with the odd id";
  EXPECT_EQ(driver.api.state(), "connected");
}

TEST(HostileInput, AbsurdNumbersEverywhere) {
  CoreApiDriver driver;
  const double values[] = {std::numeric_limits<double>::quiet_NaN(),
                           std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity(),
                           -0.0,
                           1e308,
                           -1e308,
                           0.1,
                           std::numeric_limits<double>::denorm_min()};
  for (const double value : values) {
    // Each answer folded as it comes, so that the mirror is checked after each.
    api::CoreApi& core = driver.api;
    const std::function<std::string()> calls[] = {
        [&] { return core.connect(value); },
        [&] { return core.network_offline(value); },
        [&] { return core.network_online(value); },
        [&] { return core.page_visible(value, false); },
        [&] { return core.transport_opened(value, value); },
        [&] { return core.frame_received(value, value, "2"); },
        [&] { return core.handle_timeout(value); },
        [&] { return core.disconnect(value); },
        [&] { return core.reconnect_now(value); },
        [&] { return core.auth_failed(value, "x"); },
        [&] { return core.load_older(value, "lobby", value); },
        [&] { return core.set_active(value, "lobby", true); },
        [&] { return core.page_visible(value, true); },
    };
    for (const auto& call : calls) EXPECT_TRUE(driver.fold(call()).is_object());
  }
}

}  // namespace
}  // namespace chatwire::testing
