#include "api/core_api_driver.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace chatwire::testing {

Json parse_json(const std::string& text) {
  json_util::ParseOutcome parsed = json_util::parse(text);
  if (!parsed.value) {
    ADD_FAILURE() << "not JSON: " << text.substr(0, 200);
    return Json();
  }
  return std::move(*parsed.value);
}

Json written(const std::function<void(api::JsonWriter&)>& write) {
  api::JsonWriter out;
  write(out);
  return parse_json(out.text());
}

std::string test_core_config(const Json& extra) {
  Json config{{"dialect", "chatwire"}, {"user", {{"id", "u1"}, {"name", "Ada"}}}, {"seed", 7}};
  for (auto it = extra.begin(); it != extra.end(); ++it) config[it.key()] = it.value();
  return json_util::dump(config);
}

CoreApiDriver::CoreApiDriver(const std::string& config_json, ServerScript script)
    : api(config_json), server(std::move(script)) {}

void CoreApiDriver::drive() {
  // Bounded so that a ping-pong bug fails the test instead of hanging it.
  for (int round = 0; round < 10'000; ++round) {
    bool progressed = false;
    const Json batch = parse_json(api.drain());
    deadline = batch.value("deadline", Json());
    for (const Json& action : batch.at("actions")) {
      progressed = true;
      actions.push_back(action);
      const std::string type = action.at("type").get<std::string>();
      const auto transport = action.at("transport").get<std::uint32_t>();
      if (type == "open") {
        server.on_open_request(now, transport);
      } else if (type == "send") {
        server.on_client_frame(now, transport, action.at("text").get<std::string>());
      } else if (type == "close") {
        server.on_client_close(transport);
      } else {
        ADD_FAILURE() << "unknown action " << action.dump();
      }
    }
    for (const Json& event : batch.at("events")) events.push_back(event);
    while (std::optional<ServerOutput> output = server.poll_output()) {
      progressed = true;
      const double transport = output->transport;
      switch (output->kind) {
        case ServerOutput::Kind::kOpened:
          api.transport_opened(time(), transport);
          break;
        case ServerOutput::Kind::kFrame:
          api.frame_received(time(), transport, output->text);
          break;
        case ServerOutput::Kind::kClosed:
          api.transport_closed(time(), transport, output->text);
          break;
      }
    }
    if (!progressed) return;
  }
  ADD_FAILURE() << "drive() did not settle after 10000 rounds";
}

std::optional<std::int64_t> CoreApiDriver::next_deadline() const {
  std::optional<std::int64_t> next = server.next_deadline();
  if (deadline.is_number_integer()) {
    const auto api_deadline = deadline.get<std::int64_t>();
    next = next ? std::min(*next, api_deadline) : api_deadline;
  }
  return next;
}

bool CoreApiDriver::step() {
  const std::optional<std::int64_t> next = next_deadline();
  if (!next) return false;
  now = std::max(now, *next);
  server.handle_timeout(now);
  api.handle_timeout(time());
  drive();
  return true;
}

void CoreApiDriver::advance_to(std::int64_t until_ms) {
  for (int guard = 0; guard < 100'000; ++guard) {
    const std::optional<std::int64_t> next = next_deadline();
    if (!next || *next > until_ms) {
      now = std::max(now, until_ms);
      return;
    }
    step();
  }
  ADD_FAILURE() << "advance_to() made 100000 steps";
}

void CoreApiDriver::connect() {
  api.connect(time());
  drive();
}

std::vector<Json> CoreApiDriver::events_of(const std::string& type) const {
  std::vector<Json> out;
  for (const Json& event : events) {
    if (event.value("type", "") == type) out.push_back(event);
  }
  return out;
}

Json CoreApiDriver::snapshot(const std::string& room, std::uint32_t parts) {
  return parse_json(api.room_snapshot(room, parts));
}

namespace {
ServerScript script_playing(NativeBackend& backend) {
  ServerScript script;
  backend.install(script);
  return script;
}
}  // namespace

NativeCore::NativeCore() : driver(test_core_config(), script_playing(backend)) {
  backend.clock = [this] { return driver.now; };
  driver.connect();
}

void NativeCore::join(const std::string& room) {
  EXPECT_EQ(parse_json(driver.api.join(driver.time(), room))["ok"], true);
  driver.drive();
}

}  // namespace chatwire::testing
