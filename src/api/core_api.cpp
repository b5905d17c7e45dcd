#include "api/core_api.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "api/cached_room_json.h"
#include "api/command_json.h"
#include "api/config_json.h"
#include "api/event_json.h"
#include "api/room_changes.h"
#include "api/snapshot_json.h"
#include "api/stored_op_json.h"
#include "api/stored_send_json.h"

namespace chatwire::api {
namespace {

constexpr double kMaxUint32 = 4294967295.0;
/// What an answer reserves up front: a message push answers 300 to 600 bytes.
constexpr std::size_t kAnswerReserve = 1024;

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

/// Room change bits that can move the unread total.
constexpr std::uint32_t kMovesUnreadTotal = chat::kChangeUnread | chat::kChangeState;

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
  collect_events();  // the client's events first: the warning comes after what preceded it
  write_invalid_argument_warning(events_, call, message);
}

template <class Input>
std::string CoreApi::input(const char* call, double now, Input&& run) {
  if (!client_) return "{}";
  if (const std::optional<std::int64_t> time = time_of(call, now)) run(*client_, *time);
  return answer();
}

template <class Command>
std::string CoreApi::command(const char* call, double now, Command&& run) {
  if (!client_) return answer(not_created());
  // The refusal says it all: no warning event as for inputs.
  const std::optional<std::int64_t> time = whole_ms(now);
  if (!time) {
    return answer(command_failure_json(
        "invalid_argument", std::string(call) + ": now must be a whole number of milliseconds (Date.now())"));
  }
  const std::string result = run(*client_, *time);
  return answer(result);
}

// ---- the answer ------------------------------------------------------------------

void CoreApi::note_room(const chat::RoomId& room, std::uint32_t what) {
  for (auto& [id, bits] : changed_rooms_) {
    if (id == room) {
      bits |= what;
      return;
    }
  }
  changed_rooms_.emplace_back(room, what);
}

void CoreApi::collect_events() {
  if (!client_) return;
  while (std::optional<ClientEvent> event = client_->poll_event()) {
    if (const auto* changed = std::get_if<chat::RoomChanged>(&*event)) {
      note_room(changed->room, changed->what);
      continue;
    }
    if (panel_.update(*event)) panel_changed_ = true;
    write_event(events_, *event);
  }
}

std::string CoreApi::answer(std::string_view result) {
  JsonWriter out;
  // Most answers to a frame are a few hundred bytes: one allocation, not a
  // string grown (and copied) five times over.
  out.reserve(kAnswerReserve);
  out.begin_object();
  if (!result.empty()) out.key("result").raw(result);
  if (!client_) return out.end_object().take();

  bool any_action = false;
  while (std::optional<session::Action> action = client_->poll_action()) {
    if (!any_action) out.key("actions").begin_array();
    any_action = true;
    write_action(out, *action);
  }
  if (any_action) out.end_array();

  collect_events();
  if (!events_.text().empty()) out.key("events").begin_array().raw(events_.take()).end_array();
  if (panel_changed_) {
    panel_changed_ = false;
    panel_.write(out.key("connection"));
  }

  bool unread_may_move = false;
  if (!changed_rooms_.empty()) {
    out.key("rooms").begin_array();
    for (const auto& [room, what] : changed_rooms_) {
      write_room_change(out, *client_, room, what);
      unread_may_move = unread_may_move || (what & kMovesUnreadTotal) != 0;
    }
    out.end_array();
    changed_rooms_.clear();
  }
  if (unread_may_move) {
    const std::size_t total = client_->chat().unread_total();
    if (total != reported_unread_total_) {
      reported_unread_total_ = total;
      out.number("unreadTotal", total);
    }
  }

  const std::optional<std::int64_t> deadline = client_->poll_timeout();
  if (!deadline_known_ || deadline != reported_deadline_) {
    deadline_known_ = true;
    reported_deadline_ = deadline;
    if (deadline) {
      out.number("deadline", *deadline);
    } else {
      out.key("deadline").null();
    }
  }
  return out.end_object().take();
}

// ---- connection ----------------------------------------------------------------

std::string CoreApi::connect(double now) {
  return input("connect", now, [](Client& client, std::int64_t time) { client.connect(time); });
}

std::string CoreApi::disconnect(double now) {
  return input("disconnect", now, [](Client& client, std::int64_t time) { client.disconnect(time); });
}

std::string CoreApi::set_auth(const std::string& auth_json) {
  if (!client_) return "{}";
  std::optional<Json> auth = parse_auth(auth_json);
  if (auth) {
    client_->set_auth(std::move(*auth));
  } else {
    warn("setAuth", std::string(kBadAuth) + ": the call was ignored");
  }
  return answer();
}

std::string CoreApi::provide_credentials(double now, const std::string& auth_json) {
  return input("provideCredentials", now, [&](Client& client, std::int64_t time) {
    std::optional<Json> auth = parse_auth(auth_json);
    if (auth) return client.provide_credentials(time, std::move(*auth));
    warn("provideCredentials", std::string(kBadAuth) + ": the credentials were declined");
    client.decline_credentials(time);
  });
}

std::string CoreApi::decline_credentials(double now) {
  return input("declineCredentials", now,
               [](Client& client, std::int64_t time) { client.decline_credentials(time); });
}

std::string CoreApi::auth_failed(const std::string& message) {
  if (!client_) return "{}";
  panel_changed_ = panel_.auth_failed(message) || panel_changed_;
  return answer();
}

std::string CoreApi::network_online(double now) {
  return input("networkOnline", now, [](Client& client, std::int64_t time) { client.network_online(time); });
}

std::string CoreApi::network_offline(double now) {
  return input("networkOffline", now, [](Client& client, std::int64_t time) { client.network_offline(time); });
}

std::string CoreApi::page_visible(double now, bool visible) {
  return input("pageVisible", now,
               [visible](Client& client, std::int64_t time) { client.page_visible(time, visible); });
}

// ---- transport -----------------------------------------------------------------

std::string CoreApi::transport_opened(double now, double transport) {
  return input("transportOpened", now, [&](Client& client, std::int64_t time) {
    if (const auto id = transport_of("transportOpened", transport)) client.transport_opened(time, *id);
  });
}

std::string CoreApi::frame_received(double now, double transport, const std::string& text) {
  return input("frameReceived", now, [&](Client& client, std::int64_t time) {
    if (const auto id = transport_of("frameReceived", transport)) client.frame_received(time, *id, text);
  });
}

std::string CoreApi::transport_closed(double now, double transport, const std::string& detail) {
  return input("transportClosed", now, [&](Client& client, std::int64_t time) {
    if (const auto id = transport_of("transportClosed", transport)) client.transport_closed(time, *id, detail);
  });
}

std::string CoreApi::http_response(double now, double request, const std::string& status,
                                   const std::string& body) {
  return input("httpResponse", now, [&](Client& client, std::int64_t time) {
    const bool status_ok = !status.empty() && status.size() <= 3 &&
                           std::all_of(status.begin(), status.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!is_whole_in(request, 1, kMaxUint32) || !status_ok) {
      warn("httpResponse",
           "request must be the id of a request action (a whole number from 1 to 4294967295) and status the "
           "HTTP status as decimal text (\"0\" for no answer): the call was ignored");
      return;
    }
    int code = 0;
    for (const char digit : status) code = code * 10 + (digit - '0');
    client.http_response(time, static_cast<std::uint32_t>(request), code, body);
  });
}

std::string CoreApi::handle_timeout(double now) {
  // The timer that called this has fired: whatever the next deadline is,
  // JavaScript must hear it again to arm a new one.
  deadline_known_ = false;
  return input("handleTimeout", now, [](Client& client, std::int64_t time) { client.handle_timeout(time); });
}

// ---- chat commands -----------------------------------------------------------------

std::string CoreApi::join(double now, const std::string& room) {
  return command("join", now, [&](Client& client, std::int64_t time) {
    return command_result_json(client.join(time, room));
  });
}

std::string CoreApi::leave(double now, const std::string& room) {
  return command("leave", now, [&](Client& client, std::int64_t time) {
    return command_result_json(client.leave(time, room));
  });
}

std::string CoreApi::send(double now, const std::string& room, const std::string& text,
                          const std::string& client_id, const std::string& reply_to) {
  return command("send", now, [&](Client& client, std::int64_t time) {
    return command_result_json(client.send(time, room, text, client_id, reply_to));
  });
}

std::string CoreApi::edit(double now, const std::string& room, const std::string& message, const std::string& text,
                          const std::string& op_id) {
  return command("edit", now, [&](Client& client, std::int64_t time) {
    return command_result_json(client.edit(time, room, message, text, op_id));
  });
}

std::string CoreApi::remove(double now, const std::string& room, const std::string& message,
                            const std::string& op_id) {
  return command("deleteMessage", now, [&](Client& client, std::int64_t time) {
    return command_result_json(client.remove(time, room, message, op_id));
  });
}

std::string CoreApi::react(double now, const std::string& room, const std::string& message,
                           const std::string& emoji, bool on, const std::string& op_id) {
  return command("react", now, [&](Client& client, std::int64_t time) {
    return command_result_json(client.react(time, room, message, emoji, on, op_id));
  });
}

std::string CoreApi::retry(double now, const std::string& client_id) {
  return command("retry", now, [&](Client& client, std::int64_t time) {
    return command_result_json(client.retry(time, client_id));
  });
}

std::string CoreApi::cancel(double now, const std::string& client_id) {
  return command("cancel", now, [&](Client& client, std::int64_t time) {
    return command_result_json(client.cancel(time, client_id));
  });
}

template <class Record, class Restore>
std::string CoreApi::restore(const char* call, double now, RecordsRead<Record> read, Restore&& restore) {
  if (!client_) return answer(not_created());
  if (!read.error.empty()) return answer(command_failure_json("invalid_argument", std::string(call) + ": " + read.error));
  for (const std::string& skipped : read.skipped) warn(call, skipped);
  return command(call, now, [&](Client& client, std::int64_t time) {
    return command_number_json(restore(client, time, std::move(read.records)));
  });
}

std::string CoreApi::restore_sends(double now, const std::string& records_json) {
  return restore("restoreSends", now, read_stored_sends(records_json),
                 [](Client& client, std::int64_t time, auto records) { return client.restore_sends(time, std::move(records)); });
}

std::string CoreApi::restore_history(double now, const std::string& records_json) {
  return restore("restoreHistory", now, read_cached_rooms(records_json),
                 [](Client& client, std::int64_t time, auto records) { return client.restore_history(time, std::move(records)); });
}

std::string CoreApi::restore_ops(double now, const std::string& records_json) {
  return restore("restoreOps", now, read_stored_ops(records_json),
                 [](Client& client, std::int64_t time, auto records) { return client.restore_ops(time, std::move(records)); });
}

std::string CoreApi::typing(double now, const std::string& room) {
  return input("typing", now, [&](Client& client, std::int64_t time) { client.typing(time, room); });
}

std::string CoreApi::stop_typing(double now, const std::string& room) {
  return input("stopTyping", now, [&](Client& client, std::int64_t time) { client.stop_typing(time, room); });
}

std::string CoreApi::mark_read(double now, const std::string& room) {
  return command("markRead", now, [&](Client& client, std::int64_t time) {
    return command_result_json(client.mark_read(time, room));
  });
}

std::string CoreApi::set_active(double now, const std::string& room, bool active) {
  return command("setActive", now, [&](Client& client, std::int64_t time) {
    return command_result_json(client.set_active(time, room, active));
  });
}

template <class Load>
std::string CoreApi::load_page(const char* call, double now, const std::string& room, double count, Load&& load) {
  if (client_ && !is_whole_in(count, 0, kMaxUint32)) {
    return answer(command_failure_json("invalid_argument",
                                       "count must be a whole number from 0 (the page size) to 4294967295"));
  }
  return command(call, now, [&](Client& client, std::int64_t time) {
    const auto started = load(client, time, static_cast<std::uint32_t>(count));
    const chat::Room* found = client.chat().room(room);
    const std::optional<chat::RequestId> request = found ? found->history_request() : std::nullopt;
    // Busy: the load in flight is shared, and its end answers this one too.
    const bool shared = !started && started.error() == chat::CommandError::kBusy;
    if ((started || shared) && request) return command_number_json(*request);
    return command_result_json(started);
  });
}

std::string CoreApi::load_older(double now, const std::string& room, double count) {
  return load_page("loadOlder", now, room, count, [&](Client& client, std::int64_t time, std::uint32_t n) {
    return client.load_older(time, room, n);
  });
}

std::string CoreApi::load_newer(double now, const std::string& room, double count) {
  return load_page("loadNewer", now, room, count, [&](Client& client, std::int64_t time, std::uint32_t n) {
    return client.load_newer(time, room, n);
  });
}

std::string CoreApi::jump_to(double now, const std::string& room, const std::string& message) {
  return command("jumpTo", now, [&](Client& client, std::int64_t time) {
    return command_result_json(client.jump_to(time, room, message));
  });
}

std::string CoreApi::jump_to_latest(double now, const std::string& room) {
  return command("jumpToLatest", now, [&](Client& client, std::int64_t time) {
    return command_result_json(client.jump_to_latest(time, room));
  });
}

std::string CoreApi::refresh_members(double now, const std::string& room) {
  return command("refreshMembers", now, [&](Client& client, std::int64_t time) {
    return command_result_json(client.refresh_members(time, room));
  });
}

// ---- reading -------------------------------------------------------------------------

std::string CoreApi::state() const {
  return session::to_string(client_ ? client_->session().state() : session::State::kIdle);
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
