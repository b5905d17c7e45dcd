// The client as JavaScript sees it: exactly the methods of CoreClient in
// npm/src/chatwire_core.d.ts, with strings and numbers in and JSON text out.
// bindings/core_bindings.cpp registers this class with embind one to one,
// so every decision about the boundary lives here, in plain C++ that the
// native test suite exercises.
//
// One crossing per input. Every input (a frame, a timer, a command, a page
// event) returns one answer, a CoreAnswer: the command's result, the
// transport actions to perform in order, the events to report, the
// connection panel when it changed, the changes of each room it touched
// (only the parts that changed; of the messages only the edits), the unread
// total when it changed, and the next deadline when it changed. There is
// nothing to ask afterwards: JavaScript mirrors the rooms from the answers,
// so reading a snapshot between changes costs no call at all.
//
// Nothing that arrives here can abort the module:
//   - A configuration that does not parse or validate leaves a CoreApi
//     without a client: error() says why, inputs answer {}, commands answer
//     {result: {ok: false, error: "not_created"}}.
//   - Times (`now`, Date.now() milliseconds) and transport ids arrive as
//     JavaScript numbers. One that is not a whole number in range (NaN,
//     Infinity, 2.5, -1 for an id) makes the call a no-op reported by a
//     "warning" event of kind "invalid_argument"; a command answers
//     {ok: false, error: "invalid_argument"} instead.
//   - Text of any size goes to the core, which bounds frames and messages.
// Strings are taken as const std::string&, the type embind passes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/config_fields.h"
#include "api/connection_panel.h"
#include "api/json_writer.h"
#include "api/record_reader.h"
#include "client.h"

namespace chatwire::api {

class CoreApi {
 public:
  /// Never fails: a refused configuration is reported by error().
  explicit CoreApi(const std::string& config_json);

  /// "" when the client was created; otherwise a CoreConfigError as JSON.
  [[nodiscard]] std::string error() const;
  [[nodiscard]] bool created() const { return client_ != nullptr; }

  // ---- inputs: each returns a CoreAnswer as JSON -------------------------------
  // connection
  std::string connect(double now);
  std::string disconnect(double now);
  /// `auth_json`: an object, or "null" for none. Anything else is ignored
  /// (with an invalid_argument warning).
  std::string set_auth(const std::string& auth_json);
  /// Anything but an object or "null" counts as no credentials: the offer
  /// is declined (with an invalid_argument warning), so the connection
  /// fails rather than waiting for an answer that will not come.
  std::string provide_credentials(double now, const std::string& auth_json);
  std::string decline_credentials(double now);
  /// The app's auth callback failed before a connect: the connection panel
  /// shows it (source "auth"). Never include the callback's result here.
  std::string auth_failed(const std::string& message);
  std::string network_online(double now);
  std::string network_offline(double now);
  /// The page became visible or hidden: active rooms are read only while seen.
  std::string page_visible(double now, bool visible);

  // transport
  std::string transport_opened(double now, double transport);
  std::string frame_received(double now, double transport, const std::string& text);
  std::string transport_closed(double now, double transport, const std::string& detail);
  /// A polling request (an action of type "request") ended: `status` is the
  /// HTTP status as decimal text ("200", "400"), or "0" with a diagnostic in
  /// `body` when no complete answer came.
  std::string http_response(double now, double request, const std::string& status, const std::string& body);
  std::string handle_timeout(double now);

  // chat commands: the answer's `result` is a CoreCommandResult
  std::string join(double now, const std::string& room);
  std::string leave(double now, const std::string& room);
  /// result.value: the message's client id: `client_id` when given (1 to 64
  /// of [A-Za-z0-9_-], not in use; else 'invalid_client_id'), else a new one.
  /// `reply_to`: the server id of the message of `room` it answers, or "".
  std::string send(double now, const std::string& room, const std::string& text, const std::string& client_id = {},
                   const std::string& reply_to = {});
  /// The changes to a message (chat::ChatModel::edit, remove, react):
  /// `message` is its server id, or the client id of the user's own message.
  /// result.value: the op id of the pending operation, or the client id of
  /// the pending send it changed instead. `op_id`: chosen by the caller
  /// (a view of a shared client), or empty for a new one.
  std::string edit(double now, const std::string& room, const std::string& message, const std::string& text,
                   const std::string& op_id = {});
  /// JavaScript's `deleteMessage` (CoreClient's `delete()` frees the core).
  std::string remove(double now, const std::string& room, const std::string& message, const std::string& op_id = {});
  std::string react(double now, const std::string& room, const std::string& message, const std::string& emoji,
                    bool on, const std::string& op_id = {});
  /// `records_json`: the user's pending operations kept across page loads,
  /// as the "op_stored" events gave them (api/stored_op_json.h), handled as
  /// restore_sends() handles sends. result.value: how many were taken.
  std::string restore_ops(double now, const std::string& records_json);
  std::string retry(double now, const std::string& client_id);
  std::string cancel(double now, const std::string& client_id);
  /// `records_json`: the user's unconfirmed sends kept across page loads, as
  /// the "send_stored" events gave them (api/stored_send_json.h). Records of
  /// another schema or of the wrong shape are skipped with a warning each.
  /// result.value: how many were taken.
  std::string restore_sends(double now, const std::string& records_json);
  /// Takes back the rooms' newest messages kept before a reload, as the
  /// "history_cached" events gave them (api/cached_room_json.h); each room
  /// shows them, marked cached, from its join until its first history.
  /// Records of another schema or of the wrong shape are skipped with a
  /// warning each. result.value: how many rooms were taken.
  std::string restore_history(double now, const std::string& records_json);
  std::string typing(double now, const std::string& room);
  std::string stop_typing(double now, const std::string& room);
  std::string mark_read(double now, const std::string& room);
  std::string set_active(double now, const std::string& room, bool active);
  /// `count` 0: the configured page size. result.value: the history
  /// request's id, which the history_loaded event or the chat_error that
  /// ends it names. A load already in flight is shared: its id is answered.
  std::string load_older(double now, const std::string& room, double count);
  /// The page after the newest message of the room's detached window, as
  /// load_older() is the page before the oldest shown: result.value is the
  /// request's id; 'no_more_history' while the room shows its latest messages.
  std::string load_newer(double now, const std::string& room, double count);
  /// Shows the message `message` names (its server id, or the client id of
  /// the user's own message; chat::ChatModel::jump_to). result.value: the
  /// message's key (a string) when the room shows it already, nothing asked;
  /// else the id (a number) of the request for the page around it, which
  /// the history_loaded event (with the key, once the room shows it:
  /// detached, or live again if the page met the latest messages) or the
  /// chat_error that ends it names. 'unsupported' where the backend cannot
  /// find a message it was not sent.
  std::string jump_to(double now, const std::string& room, const std::string& message);
  /// The room shows its latest messages again. result.value: whether it
  /// showed (or was loading) a window.
  std::string jump_to_latest(double now, const std::string& room);
  std::string refresh_members(double now, const std::string& room);

  // ---- reading (static facts, not state that changes) -------------------------
  [[nodiscard]] std::string capabilities() const;
  [[nodiscard]] std::string stats() const;
  /// The connection state's name (for tests and logs; JavaScript has it from the answers).
  [[nodiscard]] std::string state() const;
  /// The client (for native tests that compare what JavaScript mirrors with
  /// what the core holds); null when the configuration was refused.
  [[nodiscard]] const Client* client() const { return client_.get(); }

  /// Whether answers report "message" events (live messages from others),
  /// for notifications. The JS side turns them off while nobody listens.
  void set_message_events(bool enabled) {
    if (client_) client_->set_message_events(enabled);
  }

 private:
  /// `now` as whole milliseconds, or nullopt (and a warning naming `call`).
  std::optional<std::int64_t> time_of(const char* call, double now);
  /// `transport` as an id, or nullopt (and a warning naming `call`).
  std::optional<std::uint32_t> transport_of(const char* call, double transport);
  void warn(const char* call, std::string_view message);

  /// Runs `input` with the time when there is a client and `now` is usable;
  /// returns the answer.
  template <class Input>
  std::string input(const char* call, double now, Input&& run);
  /// The same for a command: its result, or the refusal, goes in the answer.
  template <class Command>
  std::string command(const char* call, double now, Command&& run);
  /// Takes back records kept across a reload (restoreSends, restoreHistory):
  /// unusable text is refused, each skipped record is a warning, and
  /// `restore(client, time, records)` returns how many were taken.
  template <class Record, class Restore>
  std::string restore(const char* call, double now, RecordsRead<Record> read, Restore&& restore);
  /// A page of history (loadOlder, loadNewer): `count` checked, then
  /// `load(client, time, count)`; its answer is the request's id, also when
  /// a load in flight is shared.
  template <class Load>
  std::string load_page(const char* call, double now, const std::string& room, double count, Load&& load);

  /// Everything the last input caused, with `result` (JSON text) if it was a command.
  std::string answer(std::string_view result = {});
  /// Sorts the client's events into the answer's parts.
  void collect_events();
  void note_room(const chat::RoomId& room, std::uint32_t what);

  std::unique_ptr<Client> client_;
  std::optional<CoreConfigError> config_error_;

  // The answer being assembled.
  JsonWriter events_;  // the inside of a JSON array
  std::vector<std::pair<chat::RoomId, std::uint32_t>> changed_rooms_;
  ConnectionPanel panel_;
  bool panel_changed_ = false;
  // What the previous answers said, to say only what changed.
  std::optional<std::int64_t> reported_deadline_;
  bool deadline_known_ = false;
  std::size_t reported_unread_total_ = 0;
};

/// The names Dialect::preset() accepts, as a JSON array of strings.
std::string preset_names_json();

}  // namespace chatwire::api
