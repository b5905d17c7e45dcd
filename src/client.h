// The Chatwire client: the connection (session/), the chat model (chat/) and
// a backend's dialect (dialect/) behind one sans-IO API. This is what the
// bindings expose to JavaScript.
//
// Driving it is the session's contract (session/session.h), unchanged:
//   1. Feed transport events, user commands and network hints, each with the
//      current time.
//   2. After each call, perform poll_action() in order (open / send / close
//      the transport), report poll_event() to the UI, and arm one timer for
//      poll_timeout(); call handle_timeout() when it fires.
// Every input is safe to repeat; a spurious or late one is a harmless no-op.
//
// Inside, each input is pumped to a fixed point: session events become
// chat signals (through the dialect), chat requests become emits, acks and
// failures of those emits go back to the chat model, until nothing moves.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>

#include "chat/chat_model.h"
#include "dialect/dialect.h"
#include "session/session.h"
#include "util/result.h"

namespace chatwire {

struct ClientConfig {
  session::SessionConfig session;
  /// The chat settings; `capabilities` is filled in from the dialect.
  chat::ChatConfig chat;
};

/// What is wrong with a ClientConfig, naming the field ("session.nsp",
/// "chat.user.id", ...).
struct ClientConfigError {
  std::string field;
  std::string message;
};

/// The server sent something the dialect could not use. Never fatal: the
/// event is dropped and counted, the connection carries on.
struct ProtocolWarning {
  enum class Kind : std::uint8_t {
    kUnknownEvent,    // no mapping for this event name (reported once per name)
    kMalformedEvent,  // a known event missing a field or with a wrong type
    kNotEncodable,    // a request the dialect could not encode (e.g. a non-numeric room id)
    kNotSent,         // the session refused an emit (too large)
    kStaleUpdate,     // a change older than the message held: ignored
    kUnknownMessageUpdate,  // a change for a message the room does not hold: ignored
  } kind;
  std::string event;
  std::string message;
};

/// Everything the client reports, in order.
using ClientEvent =
    std::variant<session::StateChanged, session::ReconnectScheduled, session::ReconnectDeferred,
                 session::CredentialsRequired, session::Error, chat::RoomChanged, chat::MessageArrived,
                 chat::Discontinuity, chat::ChatError, chat::HistoryLoaded, ProtocolWarning, chat::SendStored,
                 chat::SendForgotten, chat::HistoryCached, chat::OpStored, chat::OpForgotten,
                 session::TransportChanged>;

class Client {
 public:
  /// Validates the config against the dialect; the error names the field.
  static Result<std::unique_ptr<Client>, ClientConfigError> create(ClientConfig config, dialect::Dialect dialect);

  // ---- connection ----------------------------------------------------------
  void connect(std::int64_t now_ms);
  /// Announces typing stops, then closes the connection and stops retrying.
  /// Unconfirmed messages stay pending and go out after connect().
  void disconnect(std::int64_t now_ms);
  void set_auth(session::Json auth);
  void provide_credentials(std::int64_t now_ms, session::Json auth);
  void decline_credentials(std::int64_t now_ms);
  void network_online(std::int64_t now_ms);
  void network_offline(std::int64_t now_ms);

  // ---- transport -------------------------------------------------------------
  void transport_opened(std::int64_t now_ms, std::uint32_t transport);
  void frame_received(std::int64_t now_ms, std::uint32_t transport, std::string_view text);
  void binary_frame_received(std::int64_t now_ms, std::uint32_t transport, std::string_view bytes);
  void transport_closed(std::int64_t now_ms, std::uint32_t transport, std::string_view detail);
  /// A polling request ended (see session::Session::http_response).
  void http_response(std::int64_t now_ms, std::uint32_t request, int status, std::string_view body);

  // ---- chat commands (see chat::ChatModel for each) --------------------------
  Result<bool, chat::CommandError> join(std::int64_t now_ms, const chat::RoomId& room);
  Result<bool, chat::CommandError> leave(std::int64_t now_ms, const chat::RoomId& room);
  Result<chat::ClientId, chat::CommandError> send(std::int64_t now_ms, const chat::RoomId& room,
                                                  std::string_view text, std::string_view client_id = {},
                                                  std::string_view reply_to = {});
  Result<std::string, chat::CommandError> edit(std::int64_t now_ms, const chat::RoomId& room,
                                               const std::string& message, std::string_view text,
                                               std::string_view op_id = {});
  Result<std::string, chat::CommandError> remove(std::int64_t now_ms, const chat::RoomId& room,
                                                 const std::string& message, std::string_view op_id = {});
  Result<std::string, chat::CommandError> react(std::int64_t now_ms, const chat::RoomId& room,
                                                const std::string& message, std::string_view emoji, bool on,
                                                std::string_view op_id = {});
  /// See chat::ChatModel::restore_ops.
  std::size_t restore_ops(std::int64_t now_ms, std::vector<chat::StoredOp> records);
  Result<bool, chat::CommandError> retry(std::int64_t now_ms, const chat::ClientId& client_id);
  Result<bool, chat::CommandError> cancel(std::int64_t now_ms, const chat::ClientId& client_id);
  /// See chat::ChatModel::restore_sends.
  std::size_t restore_sends(std::int64_t now_ms, std::vector<chat::StoredSend> records);
  /// See chat::ChatModel::restore_history.
  std::size_t restore_history(std::int64_t now_ms, std::vector<chat::CachedRoom> rooms);
  void typing(std::int64_t now_ms, const chat::RoomId& room);
  void stop_typing(std::int64_t now_ms, const chat::RoomId& room);
  Result<bool, chat::CommandError> mark_read(std::int64_t now_ms, const chat::RoomId& room);
  Result<bool, chat::CommandError> set_active(std::int64_t now_ms, const chat::RoomId& room, bool active);
  Result<bool, chat::CommandError> load_older(std::int64_t now_ms, const chat::RoomId& room,
                                              std::uint32_t count = 0);
  Result<bool, chat::CommandError> refresh_members(std::int64_t now_ms, const chat::RoomId& room);
  /// Jumping to a message and back, and paging the window towards the
  /// newest (chat::ChatModel::jump_to, jump_to_latest, load_newer).
  Result<chat::ChatModel::Jump, chat::CommandError> jump_to(std::int64_t now_ms, const chat::RoomId& room,
                                                            const std::string& message);
  Result<bool, chat::CommandError> jump_to_latest(std::int64_t now_ms, const chat::RoomId& room);
  Result<bool, chat::CommandError> load_newer(std::int64_t now_ms, const chat::RoomId& room, std::uint32_t count = 0);
  /// Whether chat::MessageArrived events are reported (chat::ChatModel::set_arrival_events).
  void set_message_events(bool enabled) { chat_->set_arrival_events(enabled); }
  /// The page became visible or hidden (see chat::ChatModel::set_page_visible).
  void page_visible(std::int64_t now_ms, bool visible);
  /// The edits of `room`'s message list since the last call, for the one
  /// reader that mirrors it (chat::MessageStore::take_changes).
  chat::ListChanges take_message_changes(const chat::RoomId& room) { return chat_->take_message_changes(room); }

  // ---- timers and outputs ----------------------------------------------------
  void handle_timeout(std::int64_t now_ms);
  [[nodiscard]] std::optional<std::int64_t> poll_timeout() const;
  std::optional<session::Action> poll_action();
  std::optional<ClientEvent> poll_event();

  // ---- reading -----------------------------------------------------------------
  [[nodiscard]] const chat::ChatModel& chat() const { return *chat_; }
  [[nodiscard]] const session::Session& session() const { return session_; }
  [[nodiscard]] const dialect::Dialect& dialect() const { return dialect_; }
  /// Server events ignored because the dialect does not know them, in total.
  [[nodiscard]] std::uint64_t unknown_events() const { return unknown_events_; }
  /// Known server events dropped because their payload was malformed.
  [[nodiscard]] std::uint64_t malformed_events() const { return malformed_events_; }

 private:
  Client(session::Session session, std::unique_ptr<chat::ChatModel> chat, dialect::Dialect dialect);

  /// Moves everything between the session, the dialect and the chat model
  /// until none of them has anything left to say.
  void pump(std::int64_t now_ms);
  /// A command's `result`, handed back after pump(): every command's outputs
  /// must reach the session before the caller sees its result. The caller's
  /// chat model call is the argument, so it runs before the pump.
  template <class T>
  T pumped(std::int64_t now_ms, T result) {
    pump(now_ms);
    return result;
  }
  bool drain_session(std::int64_t now_ms);
  bool drain_chat(std::int64_t now_ms);
  void on_server_event(std::int64_t now_ms, session::ServerEvent event);
  /// The dialect's reading of an ack's text; an unreadable one is reported
  /// and answers as a failed request.
  chat::Response read_response(chat::Operation op, std::string_view args_json);
  void report_unreadable(const std::string& what, const dialect::ArgsError& error);
  void emit_request(std::int64_t now_ms, const chat::Request& request);
  void warn(ProtocolWarning::Kind kind, std::string event, std::string message);

  /// An emit waiting for its ack, and the request it carries.
  struct AwaitedAck {
    chat::RequestId request;
    chat::Operation op;
  };

  session::Session session_;
  std::unique_ptr<chat::ChatModel> chat_;
  dialect::Dialect dialect_;
  std::unordered_map<session::EmitId, AwaitedAck> acks_;
  std::deque<ClientEvent> events_;
  std::map<std::string, std::uint64_t, std::less<>> unknown_by_name_;  // bounded: first names only
  std::uint64_t unknown_events_ = 0;
  std::uint64_t malformed_events_ = 0;
};

}  // namespace chatwire
