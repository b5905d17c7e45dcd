#include "client_fuzz/client_setup.h"

#include <string>
#include <utility>

#include "fuzz_support.h"

namespace chatwire::fuzz::client_fuzz {

const std::vector<dialect::Dialect>& preset_dialects() {
  static const std::vector<dialect::Dialect> loaded = [] {
    std::vector<dialect::Dialect> out;
    for (const std::string& name : dialect::Dialect::preset_names()) {
      auto preset = dialect::Dialect::preset(name);
      FUZZ_CHECK(preset.ok(), "preset " + name + " loads: " + (preset ? "" : preset.error().message));
      out.push_back(std::move(preset).value());
    }
    return out;
  }();
  return loaded;
}

ClientConfig fuzz_config() {
  ClientConfig config;
  config.session.outbox_capacity = 8;
  config.session.random_seed = 1;
  config.session.limits.max_frame_bytes = 64 * 1024;
  config.session.limits.max_json_depth = 16;
  config.chat.self = kSelf;
  config.chat.max_messages_per_room = kMaxMessages;
  config.chat.max_pending_per_room = kMaxPending;
  config.chat.max_rooms = kMaxRooms;
  config.chat.request_timeout_ms = 3000;
  config.chat.history_page_size = 10;
  config.chat.client_id_seed = 7;
  return config;
}

}  // namespace chatwire::fuzz::client_fuzz
