#include "api/core_api.h"

#include <cmath>
#include <utility>

#include "api/command_json.h"
#include "api/config_json.h"
#include "api/event_json.h"
#include "api/snapshot_json.h"

namespace chatwire::api {
namespace {

constexpr double kMaxUint32 = 4294967295.0;

bool is_whole_in(double value, double low, double high) {
  return std::isfinite(value) && std::trunc(value) == value && value >= low && value <= high;
}

/// `now` as whole milliseconds, when it is one. Date.now() stays far below
/// 2^53; beyond it a double no longer holds every whole millisecond.
std::optional<std::int64_t> whole_ms(double now) {
  if (!is_whole_in(now, -kMaxSafeInteger, kMaxSafeInteger)) return std::nullopt;
  return static_cast<std::int64_t>(now);
}

/// An auth document: an object, or null for none.
std::optional<Json> parse_auth(const std::string& auth_json) {
  json_util::ParseOutcome parsed = json_util::parse(auth_json);
  if (!parsed.value || !(parsed.value->is_object() || parsed.value->is_null())) return std::nullopt;
  return std::move(parsed.value);
}

constexpr const char* kBadAuth = "auth must be a JSON object, or null for none";

std::string not_created() {
  return command_failure_json("not_created",
                              "the client was not created: its configuration was refused (see error())");
}

}  // namespace

CoreApi::CoreApi(const std::string& config_json) {
  auto created = create_client(config_json);
  if (created) {
    client_ = std::move(created).value();
  } else {
    config_error_ = created.error();
  }
}

std::string CoreApi::error() const { return config_error_ ? config_error_json(*config_error_) : ""; }

// ---- argument checks -----------------------------------------------------------

std::optional<std::int64_t> CoreApi::time_of(const char* call, double now) {
  if (const std::optional<std::int64_t> time = whole_ms(now)) return time;
  warn(call, "now must be a whole number of milliseconds (Date.now()): the call was ignored");
  return std::nullopt;
}

std::optional<std::uint32_t> CoreApi::transport_of(const char* call, double transport) {
  if (is_whole_in(transport, 0, kMaxUint32)) return static_cast<std::uint32_t>(transport);
  warn(call,
       "transport must be the id of an open action (a whole number from 0 to 4294967295): the call was "
       "ignored");
  return std::nullopt;
}

void CoreApi::warn(const char* call, std::string_view message) {
  collect_events();
  write_invalid_argument_warning(events_, call, message);
}

void CoreApi::collect_events() {
  if (!client_) return;
  while (std::optional<ClientEvent> event = client_->poll_event()) {
    if (!message_events_ && std::holds_alternative<chat::MessageArrived>(*event)) continue;
    write_event(events_, *event);
  }
}

template <class Input>
void CoreApi::with_time(const char* call, double now, Input&& input) {
  if (!client_) return;
  if (const std::optional<std::int64_t> time = time_of(call, now)) input(*client_, *time);
}

template <class Command>
std::string CoreApi::command(const char* call, double now, Command&& run) {
  if (!client_) return not_created();
  // The refusal says it all: no warning event as for inputs.
  const std::optional<std::int64_t> time = whole_ms(now);
  if (!time) {
    return command_failure_json(
        "invalid_argument", std::string(call) + ": now must be a whole number of milliseconds (Date.now())");
  }
  return command_result_json(run(*client_, *time));
}

// ---- connection ----------------------------------------------------------------

void CoreApi::connect(double now) {
  with_time("connect", now, [](Client& client, std::int64_t time) { client.connect(time); });
}

void CoreApi::disconnect(double now) {
  with_time("disconnect", now, [](Client& client, std::int64_t time) { client.disconnect(time); });
}

void CoreApi::set_auth(const std::string& auth_json) {
  if (!client_) return;
  std::optional<Json> auth = parse_auth(auth_json);
  if (!auth) return warn("setAuth", std::string(kBadAuth) + ": the call was ignored");
  client_->set_auth(std::move(*auth));
}

void CoreApi::provide_credentials(double now, const std::string& auth_json) {
  with_time("provideCredentials", now, [&](Client& client, std::int64_t time) {
    std::optional<Json> auth = parse_auth(auth_json);
    if (auth) return client.provide_credentials(time, std::move(*auth));
    warn("provideCredentials", std::string(kBadAuth) + ": the credentials were declined");
    client.decline_credentials(time);
  });
}

void CoreApi::decline_credentials(double now) {
  with_time("declineCredentials", now,
            [](Client& client, std::int64_t time) { client.decline_credentials(time); });
}

void CoreApi::network_online(double now) {
  with_time("networkOnline", now, [](Client& client, std::int64_t time) { client.network_online(time); });
}

void CoreApi::network_offline(double now) {
  with_time("networkOffline", now, [](Client& client, std::int64_t time) { client.network_offline(time); });
}

// ---- transport -----------------------------------------------------------------

void CoreApi::transport_opened(double now, double transport) {
  with_time("transportOpened", now, [&](Client& client, std::int64_t time) {
    if (const auto id = transport_of("transportOpened", transport)) client.transport_opened(time, *id);
  });
}

void CoreApi::frame_received(double now, double transport, const std::string& text) {
  with_time("frameReceived", now, [&](Client& client, std::int64_t time) {
    if (const auto id = transport_of("frameReceived", transport)) client.frame_received(time, *id, text);
  });
}

void CoreApi::transport_closed(double now, double transport, const std::string& detail) {
  with_time("transportClosed", now, [&](Client& client, std::int64_t time) {
    if (const auto id = transport_of("transportClosed", transport)) {
      client.transport_closed(time, *id, detail);
    }
  });
}

void CoreApi::handle_timeout(double now) {
  with_time("handleTimeout", now, [](Client& client, std::int64_t time) { client.handle_timeout(time); });
}

// ---- chat commands -----------------------------------------------------------------

std::string CoreApi::join(double now, const std::string& room) {
  return command("join", now, [&](Client& client, std::int64_t time) { return client.join(time, room); });
}

std::string CoreApi::leave(double now, const std::string& room) {
  return command("leave", now, [&](Client& client, std::int64_t time) { return client.leave(time, room); });
}

std::string CoreApi::send(double now, const std::string& room, const std::string& text) {
  return command("send", now,
                 [&](Client& client, std::int64_t time) { return client.send(time, room, text); });
}

std::string CoreApi::retry(double now, const std::string& client_id) {
  return command("retry", now,
                 [&](Client& client, std::int64_t time) { return client.retry(time, client_id); });
}

std::string CoreApi::cancel(double now, const std::string& client_id) {
  return command("cancel", now,
                 [&](Client& client, std::int64_t time) { return client.cancel(time, client_id); });
}

void CoreApi::typing(double now, const std::string& room) {
  with_time("typing", now, [&](Client& client, std::int64_t time) { client.typing(time, room); });
}

void CoreApi::stop_typing(double now, const std::string& room) {
  with_time("stopTyping", now, [&](Client& client, std::int64_t time) { client.stop_typing(time, room); });
}

std::string CoreApi::mark_read(double now, const std::string& room) {
  return command("markRead", now,
                 [&](Client& client, std::int64_t time) { return client.mark_read(time, room); });
}

std::string CoreApi::set_active(double now, const std::string& room, bool active) {
  return command("setActive", now,
                 [&](Client& client, std::int64_t time) { return client.set_active(time, room, active); });
}

std::string CoreApi::load_older(double now, const std::string& room, double count) {
  if (client_ && !is_whole_in(count, 0, kMaxUint32)) {
    return command_failure_json("invalid_argument",
                                "count must be a whole number from 0 (the page size) to 4294967295");
  }
  return command("loadOlder", now, [&](Client& client, std::int64_t time) {
    return client.load_older(time, room, static_cast<std::uint32_t>(count));
  });
}

std::string CoreApi::refresh_members(double now, const std::string& room) {
  return command("refreshMembers", now,
                 [&](Client& client, std::int64_t time) { return client.refresh_members(time, room); });
}

// ---- outputs -------------------------------------------------------------------------

std::string CoreApi::drain() {
  JsonWriter batch;
  batch.begin_object().key("actions").begin_array();
  if (client_) {
    while (std::optional<session::Action> action = client_->poll_action()) write_action(batch, *action);
  }
  collect_events();
  batch.end_array().key("events").begin_array().raw(events_.take()).end_array();
  const std::optional<std::int64_t> deadline = client_ ? client_->poll_timeout() : std::nullopt;
  if (deadline) {
    batch.number("deadline", *deadline);
  } else {
    batch.key("deadline").null();
  }
  return batch.end_object().take();
}

// ---- reading -------------------------------------------------------------------------

std::string CoreApi::state() const {
  return session::to_string(client_ ? client_->session().state() : session::State::kIdle);
}

double CoreApi::unread_total() const {
  return client_ ? static_cast<double>(client_->chat().unread_total()) : 0.0;
}

std::string CoreApi::room_snapshot(const std::string& room, double parts) {
  const std::uint32_t bits = is_whole_in(parts, 0, kMaxUint32) ? static_cast<std::uint32_t>(parts) : 0;
  const chat::Room* found = client_ ? client_->chat().room(room) : nullptr;
  JsonWriter out;
  if (found == nullptr) {
    SentMessages nothing;
    write_room_snapshot(out, nullptr, bits, nothing);
  } else {
    write_room_snapshot(out, found, bits, sent_messages_[room]);
  }
  return out.take();
}

std::string CoreApi::rooms() const {
  JsonWriter out;
  if (client_) {
    write_room_summaries(out, client_->chat());
  } else {
    out.begin_array().end_array();
  }
  return out.take();
}

std::string CoreApi::capabilities() const {
  // Without a client there is no dialect: a backend that can do nothing.
  JsonWriter out;
  write_capabilities(out, client_ ? client_->dialect().capabilities() : chat::Capabilities{});
  return out.take();
}

std::string CoreApi::stats() const {
  JsonWriter out;
  write_stats(out, client_ ? client_->unknown_events() : 0, client_ ? client_->malformed_events() : 0);
  return out.take();
}

std::string preset_names_json() {
  JsonWriter out;
  out.begin_array();
  for (const std::string& name : dialect::Dialect::preset_names()) out.string(name);
  return out.end_array().take();
}

}  // namespace chatwire::api
