// The smallest honest consumer of the whole client (session + chat model +
// every dialect preset), for weighing the core compiled to WebAssembly:
// each exported function reaches one part of the public API, so the linker
// keeps what an application would ship. Not an API: the npm package's embind
// glue (bindings/) is that.
#include <cstdint>
#include <memory>
#include <string>

#include "client.h"

namespace {

std::unique_ptr<chatwire::Client> g_client;
std::string g_out;

}  // namespace

extern "C" {

int cw_probe_create(const char* dialect, const char* user_id, const char* user_name) {
  auto loaded = chatwire::dialect::Dialect::preset(dialect);
  if (!loaded) loaded = chatwire::dialect::Dialect::load(std::string_view(dialect));
  if (!loaded) return -1;
  chatwire::ClientConfig config;
  config.chat.self = {user_id, user_name};
  auto created = chatwire::Client::create(std::move(config), std::move(loaded).value());
  if (!created) return -2;
  g_client = std::move(created).value();
  return 0;
}

void cw_probe_connect(double now) { g_client->connect(static_cast<std::int64_t>(now)); }
void cw_probe_opened(double now, std::uint32_t transport) {
  g_client->transport_opened(static_cast<std::int64_t>(now), transport);
}
void cw_probe_frame(double now, std::uint32_t transport, const char* text) {
  g_client->frame_received(static_cast<std::int64_t>(now), transport, text);
}
void cw_probe_closed(double now, std::uint32_t transport) {
  g_client->transport_closed(static_cast<std::int64_t>(now), transport, "closed");
}
void cw_probe_timeout(double now) { g_client->handle_timeout(static_cast<std::int64_t>(now)); }
double cw_probe_deadline() { return static_cast<double>(g_client->poll_timeout().value_or(-1)); }

int cw_probe_command(double now_ms, int command, const char* room, const char* text) {
  const auto now = static_cast<std::int64_t>(now_ms);
  switch (command) {
    case 0: return g_client->join(now, room).ok();
    case 1: return g_client->leave(now, room).ok();
    case 2: return g_client->send(now, room, text).ok();
    case 3: return g_client->retry(now, text).ok();
    case 4: return g_client->cancel(now, text).ok();
    case 5: g_client->typing(now, room); return 1;
    case 6: g_client->stop_typing(now, room); return 1;
    case 7: return g_client->mark_read(now, room).ok();
    case 8: return g_client->set_active(now, room, true).ok();
    case 9: return g_client->load_older(now, room).ok();
    case 10: return g_client->refresh_members(now, room).ok();
    case 11: g_client->disconnect(now); return 1;
    default: return 0;
  }
}

/// Frames to send, one per line; a count of events.
const char* cw_probe_poll() {
  g_out.clear();
  while (auto action = g_client->poll_action()) {
    if (const auto* send = std::get_if<chatwire::session::SendFrame>(&*action)) g_out += send->text + "\n";
  }
  int events = 0;
  while (g_client->poll_event()) ++events;
  g_out += std::to_string(events);
  return g_out.c_str();
}

/// The text of message `index` in `room`, and its unread count.
const char* cw_probe_message(const char* room, std::uint32_t index) {
  const chatwire::chat::Room* found = g_client->chat().room(room);
  if (found == nullptr || index >= found->messages().size()) return "";
  g_out = found->messages().at(index).text + "\n" + std::to_string(found->unread_count()) + "\n" +
          std::to_string(found->typing_users().size() + found->members().size() + found->read_by(index).size());
  return g_out.c_str();
}

}  // extern "C"
