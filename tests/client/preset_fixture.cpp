#include "client/preset_fixture.h"

#include <algorithm>
#include <cstddef>
#include <utility>

namespace chatwire::testing::presets {
namespace {

/// The config of the user `self` signs in as (the seeds' servers know the
/// signed-in user by their own ids: integers, UUIDs).
ClientConfig config_as(chat::User self) {
  ClientConfig config = test_client_config();
  config.chat.self = std::move(self);
  return config;
}

}  // namespace

std::string case_name(const ::testing::TestParamInfo<PresetCase>& info) {
  std::string name = info.param.preset;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

ScriptedPresetTest::ScriptedPresetTest(const PresetCase& seed)
    : pair(preset(seed.preset), {}, config_as(seed.self)),
      owned_backend_(seed.make_backend(pair)),
      backend(*owned_backend_) {
  pair.connect();
}

void ScriptedPresetTest::join(const std::string& room) {
  ASSERT_TRUE(pair.client.join(pair.now, room).ok());
  pair.drive();
  ASSERT_EQ(pair.room(room).state(), chat::RoomState::kJoined);
}

std::vector<Json> ScriptedPresetTest::emitted() const {
  std::vector<Json> out;
  for (const auto& packet : pair.server.events_received) {
    if (packet.data) out.push_back(*packet.data);
  }
  return out;
}

std::vector<Json> ScriptedPresetTest::emitted_since(std::size_t count) const {
  std::vector<Json> all = emitted();
  all.erase(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(std::min(count, all.size())));
  return all;
}

bool ScriptedPresetTest::any_ack_requested() const {
  return std::any_of(pair.server.events_received.begin(), pair.server.events_received.end(),
                     [](const auto& packet) { return packet.ack_id.has_value(); });
}

std::vector<chat::MessageStatus> ScriptedPresetTest::statuses(const std::string& room) const {
  std::vector<chat::MessageStatus> out;
  const auto& store = pair.room(room).messages();
  for (std::size_t i = 0; i < store.size(); ++i) out.push_back(store.at(i).status);
  return out;
}

std::vector<chat::User> ScriptedPresetTest::members(const std::string& room) const {
  std::vector<chat::User> out;
  for (const auto& member : pair.room(room).members()) out.push_back(member.user);
  return out;
}

std::vector<std::string> ScriptedPresetTest::discontinuities() const {
  std::vector<std::string> out;
  for (const auto& gap : pair.events_of<chat::Discontinuity>()) out.push_back(gap.room);
  return out;
}

std::vector<chat::ChatError> ScriptedPresetTest::chat_errors(chat::ChatErrorCode code) const {
  std::vector<chat::ChatError> out;
  for (const auto& error : pair.events_of<chat::ChatError>()) {
    if (error.code == code) out.push_back(error);
  }
  return out;
}

void ScriptedPresetTest::cut() {
  pair.server.script.accept_transport = false;
  pair.server.drop_connection("network down");
  pair.drive();
  ASSERT_FALSE(pair.client.chat().is_connected());
}

void ScriptedPresetTest::restore() {
  pair.server.script.accept_transport = true;
  pair.advance_by(6000);
  ASSERT_EQ(pair.client.session().state(), session::State::kConnected);
}

}  // namespace chatwire::testing::presets
