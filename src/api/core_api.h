// The client as JavaScript sees it: exactly the methods of CoreClient in
// npm/src/chatwire_core.d.ts, with strings and numbers in and JSON text out.
// bindings/core_bindings.cpp registers this class with embind one to one,
// so every decision about the boundary lives here, in plain C++ that the
// native test suite exercises.
//
// Nothing that arrives here can abort the module:
//   - A configuration that does not parse or validate leaves a CoreApi
//     without a client: error() says why, inputs are no-ops, commands
//     answer {ok: false, error: "not_created"}, reads answer empty values.
//   - Times (`now`, Date.now() milliseconds) and transport ids arrive as
//     JavaScript numbers. One that is not a whole number in range (NaN,
//     Infinity, 2.5, -1 for an id) makes the call a no-op reported by a
//     "warning" event of kind "invalid_argument" in the next drain(); a
//     command answers {ok: false, error: "invalid_argument"} instead.
//   - Text of any size goes to the core, which bounds frames and messages.
// Strings are taken as const std::string&, the type embind passes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "api/config_fields.h"
#include "api/json_writer.h"
#include "api/message_changes.h"
#include "client.h"

namespace chatwire::api {

class CoreApi {
 public:
  /// Never fails: a refused configuration is reported by error().
  explicit CoreApi(const std::string& config_json);

  /// "" when the client was created; otherwise a CoreConfigError as JSON.
  [[nodiscard]] std::string error() const;
  [[nodiscard]] bool created() const { return client_ != nullptr; }

  // ---- connection ----
  void connect(double now);
  void disconnect(double now);
  /// `auth_json`: an object, or "null" for none. Anything else is ignored
  /// (with an invalid_argument warning).
  void set_auth(const std::string& auth_json);
  /// Anything but an object or "null" counts as no credentials: the offer
  /// is declined (with an invalid_argument warning), so the connection
  /// fails rather than waiting for an answer that will not come.
  void provide_credentials(double now, const std::string& auth_json);
  void decline_credentials(double now);
  void network_online(double now);
  void network_offline(double now);

  // ---- transport ----
  void transport_opened(double now, double transport);
  void frame_received(double now, double transport, const std::string& text);
  void transport_closed(double now, double transport, const std::string& detail);
  void handle_timeout(double now);

  // ---- chat commands: each returns a CoreCommandResult as JSON ----
  std::string join(double now, const std::string& room);
  std::string leave(double now, const std::string& room);
  std::string send(double now, const std::string& room, const std::string& text);
  std::string retry(double now, const std::string& client_id);
  std::string cancel(double now, const std::string& client_id);
  void typing(double now, const std::string& room);
  void stop_typing(double now, const std::string& room);
  std::string mark_read(double now, const std::string& room);
  std::string set_active(double now, const std::string& room, bool active);
  /// `count` 0: the configured page size.
  std::string load_older(double now, const std::string& room, double count);
  std::string refresh_members(double now, const std::string& room);

  // ---- outputs ----
  /// A CoreBatch: the actions and events since the last drain, and the
  /// absolute time of the next handle_timeout() (null for none).
  std::string drain();

  // ---- reading ----
  [[nodiscard]] std::string state() const;
  [[nodiscard]] double unread_total() const;
  /// `parts`: CorePart bits; anything but a whole number in [0, 2^32) reads as 0.
  /// Not const: it records which messages the caller now holds, for the next
  /// snapshot with kPartMessageChanges (there is one reader per CoreApi).
  [[nodiscard]] std::string room_snapshot(const std::string& room, double parts);
  [[nodiscard]] std::string rooms() const;
  [[nodiscard]] std::string capabilities() const;
  [[nodiscard]] std::string stats() const;

  /// Whether drain() reports "message" events (live messages from others).
  /// Each costs a copy of the message as JSON; the JS side turns them off
  /// while nobody listens to client.on('message'). On by default.
  void set_message_events(bool enabled) { message_events_ = enabled; }

 private:
  /// `now` as whole milliseconds, or nullopt (and a warning naming `call`).
  std::optional<std::int64_t> time_of(const char* call, double now);
  /// `transport` as an id, or nullopt (and a warning naming `call`).
  std::optional<std::uint32_t> transport_of(const char* call, double transport);
  /// Moves the client's events into events_, so that the API's own warnings
  /// are reported in order with them.
  void collect_events();
  void warn(const char* call, std::string_view message);

  /// Runs `input` with the time when there is a client and `now` is usable.
  template <class Input>
  void with_time(const char* call, double now, Input&& input);
  /// The same for a command: its result, or the refusal, as JSON text.
  template <class Command>
  std::string command(const char* call, double now, Command&& run);

  std::unique_ptr<Client> client_;
  std::optional<CoreConfigError> config_error_;
  /// Events polled from the client (and the API's warnings) not yet
  /// drained: the inside of a JSON array, as text.
  JsonWriter events_;
  bool message_events_ = true;
  /// Per room id: the messages the reader holds (message_changes.h).
  std::unordered_map<std::string, SentMessages> sent_messages_;
};

/// The names Dialect::preset() accepts, as a JSON array of strings.
std::string preset_names_json();

}  // namespace chatwire::api
