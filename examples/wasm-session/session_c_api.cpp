// A C ABI over Session: one call per input, one JSON batch of actions and
// events out (one crossing per input, as docs/architecture.md describes). Pointers returned by
// cw_poll stay valid until the next cw_poll.
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

#include "session/session.h"

namespace {

using chatwire::json_util::Json;
using namespace chatwire::session;

// The session leaves event and ack arguments as text for their reader; this
// example reads them whole. Text that is not JSON stays text, under "raw".
Json arguments(const std::string& args_json) {
  chatwire::json_util::ParseOutcome parsed = chatwire::json_util::parse(args_json);
  if (parsed.value) return std::move(*parsed.value);
  return Json{{"raw", args_json}};
}

Json to_json(const Action& action) {
  if (const auto* open = std::get_if<OpenTransport>(&action)) {
    return {{"kind", "open"}, {"transport", open->transport}, {"query", open->query}};
  }
  if (const auto* send = std::get_if<SendFrame>(&action)) {
    return {{"kind", "send"}, {"transport", send->transport}, {"text", send->text}};
  }
  return {{"kind", "close"}, {"transport", std::get_if<CloseTransport>(&action)->transport}};
}

Json to_json(const Event& event) {
  if (const auto* change = std::get_if<StateChanged>(&event)) {
    return {{"kind", "state"},
            {"from", to_string(change->from)},
            {"to", to_string(change->to)},
            {"reason", to_string(change->reason)},
            {"detail", change->detail}};
  }
  if (const auto* server = std::get_if<ServerEvent>(&event)) {
    return {{"kind", "event"}, {"name", server->name}, {"args", arguments(server->args_json)}};
  }
  if (const auto* ack = std::get_if<AckReceived>(&event))
    return {{"kind", "ack"}, {"id", ack->id}, {"args", arguments(ack->args_json)}};
  if (const auto* failed = std::get_if<EmitFailed>(&event)) {
    return {{"kind", "emit_failed"}, {"id", failed->id}, {"failure", to_string(failed->failure)}};
  }
  if (const auto* scheduled = std::get_if<ReconnectScheduled>(&event)) {
    return {{"kind", "reconnect_scheduled"},
            {"attempt", scheduled->attempt},
            {"delay", scheduled->delay_ms},
            {"after", to_string(scheduled->reason)}};
  }
  if (const auto* deferred = std::get_if<ReconnectDeferred>(&event)) {
    return {{"kind", "reconnect_deferred"}, {"attempt", deferred->attempt}};
  }
  if (const auto* asked = std::get_if<CredentialsRequired>(&event)) {
    return {{"kind", "credentials_required"}, {"message", asked->server_message}};
  }
  const auto& error = *std::get_if<Error>(&event);
  return {{"kind", "error"}, {"code", to_string(error.code)}, {"message", error.message}};
}

std::string g_batch;

}  // namespace

extern "C" {

Session* cw_create(const char* auth_json, double seed) {
  SessionConfig config;
  auto auth = chatwire::json_util::parse(auth_json);
  if (auth.value) config.auth = std::move(*auth.value);
  config.random_seed = static_cast<std::uint64_t>(seed);
  auto created = Session::create(std::move(config));
  return created ? new Session(std::move(created).value()) : nullptr;
}
void cw_destroy(Session* s) { delete s; }
void cw_connect(Session* s, double now) { s->connect(static_cast<std::int64_t>(now)); }
void cw_disconnect(Session* s, double now) { s->disconnect(static_cast<std::int64_t>(now)); }
int cw_emit(Session* s, double now, const char* name, const char* args_json, double ack_ms) {
  auto args = chatwire::json_util::parse(args_json);
  if (!args.value) return -1;
  EmitOptions options;
  if (ack_ms > 0) options.ack_timeout_ms = static_cast<std::int64_t>(ack_ms);
  auto id = s->emit(static_cast<std::int64_t>(now), name, std::move(*args.value), options);
  return id ? static_cast<int>(*id) : -1;
}
void cw_frame(Session* s, double now, std::uint32_t transport, const char* text, std::uint32_t length) {
  s->frame_received(static_cast<std::int64_t>(now), transport, std::string_view(text, length));
}
void cw_opened(Session* s, double now, std::uint32_t transport) {
  s->transport_opened(static_cast<std::int64_t>(now), transport);
}
void cw_closed(Session* s, double now, std::uint32_t transport) {
  s->transport_closed(static_cast<std::int64_t>(now), transport, "closed");
}
void cw_timeout(Session* s, double now) { s->handle_timeout(static_cast<std::int64_t>(now)); }
double cw_next_deadline(Session* s) {
  const auto deadline = s->poll_timeout();
  return deadline ? static_cast<double>(*deadline) : -1.0;
}
void cw_online(Session* s, double now, int online) {
  if (online != 0) {
    s->network_online(static_cast<std::int64_t>(now));
  } else {
    s->network_offline(static_cast<std::int64_t>(now));
  }
}
const char* cw_poll(Session* s) {
  Json batch = {{"actions", Json::array()}, {"events", Json::array()}};
  while (auto action = s->poll_action()) batch["actions"].push_back(to_json(*action));
  while (auto event = s->poll_event()) batch["events"].push_back(to_json(*event));
  g_batch = chatwire::json_util::dump(batch);
  return g_batch.c_str();
}

}  // extern "C"
