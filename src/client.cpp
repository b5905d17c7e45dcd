#include "client.h"

#include <utility>

#include "protocol/error_text.h"
#include "util/overloaded.h"
#include "util/take_front.h"

namespace chatwire {
namespace {

constexpr std::size_t kMaxUnknownNamesTracked = 64;
/// Request and ack round trips get the chat model's timeout.
using session::EmitFailure;

using util::Overloaded;

chat::RequestFailure to_request_failure(EmitFailure failure) {
  switch (failure) {
    case EmitFailure::kAckTimeout: return chat::RequestFailure::kTimeout;
    case EmitFailure::kTooLarge: return chat::RequestFailure::kNotSent;
    case EmitFailure::kConnectionLost:
    case EmitFailure::kDisconnected:
    case EmitFailure::kSessionFailed:
      return chat::RequestFailure::kConnectionLost;
  }
  return chat::RequestFailure::kConnectionLost;
}

}  // namespace

Result<std::unique_ptr<Client>, ClientConfigError> Client::create(ClientConfig config, dialect::Dialect dialect) {
  config.chat.capabilities = dialect.capabilities();
  auto chat_model = chat::ChatModel::create(std::move(config.chat));
  if (!chat_model) return Failure{ClientConfigError{"chat." + chat_model.error().field, chat_model.error().message}};
  auto session = session::Session::create(std::move(config.session));
  if (!session) return Failure{ClientConfigError{"session." + session.error().field, session.error().message}};
  return std::unique_ptr<Client>(
      new Client(std::move(session).value(), std::move(chat_model).value(), std::move(dialect)));
}

Client::Client(session::Session session, std::unique_ptr<chat::ChatModel> chat, dialect::Dialect dialect)
    : session_(std::move(session)), chat_(std::move(chat)), dialect_(std::move(dialect)) {}

// ---- connection and transport: straight to the session, then pump -------------

void Client::connect(std::int64_t now_ms) {
  session_.connect(now_ms);
  pump(now_ms);
}

void Client::disconnect(std::int64_t now_ms) {
  // Typing stops go out while the connection is still there.
  chat_->disconnecting(now_ms);
  drain_chat(now_ms);
  session_.disconnect(now_ms);
  pump(now_ms);
}

void Client::set_auth(session::Json auth) { session_.set_auth(std::move(auth)); }

void Client::provide_credentials(std::int64_t now_ms, session::Json auth) {
  session_.provide_credentials(now_ms, std::move(auth));
  pump(now_ms);
}

void Client::decline_credentials(std::int64_t now_ms) {
  session_.decline_credentials(now_ms);
  pump(now_ms);
}

void Client::network_online(std::int64_t now_ms) {
  session_.network_online(now_ms);
  pump(now_ms);
}

void Client::network_offline(std::int64_t now_ms) {
  session_.network_offline(now_ms);
  pump(now_ms);
}

void Client::transport_opened(std::int64_t now_ms, std::uint32_t transport) {
  session_.transport_opened(now_ms, transport);
  pump(now_ms);
}

void Client::frame_received(std::int64_t now_ms, std::uint32_t transport, std::string_view text) {
  session_.frame_received(now_ms, transport, text);
  pump(now_ms);
}

void Client::binary_frame_received(std::int64_t now_ms, std::uint32_t transport, std::string_view bytes) {
  session_.binary_frame_received(now_ms, transport, bytes);
  pump(now_ms);
}

void Client::transport_closed(std::int64_t now_ms, std::uint32_t transport, std::string_view detail) {
  session_.transport_closed(now_ms, transport, detail);
  pump(now_ms);
}

void Client::http_response(std::int64_t now_ms, std::uint32_t request, int status, std::string_view body) {
  session_.http_response(now_ms, request, status, body);
  pump(now_ms);
}

// ---- chat commands: to the chat model, then pump ----------------------------------

Result<bool, chat::CommandError> Client::join(std::int64_t now_ms, const chat::RoomId& room) {
  return pumped(now_ms, chat_->join(now_ms, room));
}

Result<bool, chat::CommandError> Client::leave(std::int64_t now_ms, const chat::RoomId& room) {
  return pumped(now_ms, chat_->leave(now_ms, room));
}

Result<chat::ClientId, chat::CommandError> Client::send(std::int64_t now_ms, const chat::RoomId& room,
                                                        std::string_view text, std::string_view client_id,
                                                        std::string_view reply_to) {
  return pumped(now_ms, chat_->send(now_ms, room, text, client_id, reply_to));
}

Result<std::string, chat::CommandError> Client::edit(std::int64_t now_ms, const chat::RoomId& room,
                                                     const std::string& message, std::string_view text,
                                                     std::string_view op_id) {
  return pumped(now_ms, chat_->edit(now_ms, room, message, text, op_id));
}

Result<std::string, chat::CommandError> Client::remove(std::int64_t now_ms, const chat::RoomId& room,
                                                       const std::string& message, std::string_view op_id) {
  return pumped(now_ms, chat_->remove(now_ms, room, message, op_id));
}

Result<std::string, chat::CommandError> Client::react(std::int64_t now_ms, const chat::RoomId& room,
                                                      const std::string& message, std::string_view emoji, bool on,
                                                      std::string_view op_id) {
  return pumped(now_ms, chat_->react(now_ms, room, message, emoji, on, op_id));
}

std::size_t Client::restore_ops(std::int64_t now_ms, std::vector<chat::StoredOp> records) {
  return pumped(now_ms, chat_->restore_ops(now_ms, std::move(records)));
}

Result<bool, chat::CommandError> Client::retry(std::int64_t now_ms, const chat::ClientId& client_id) {
  return pumped(now_ms, chat_->retry(now_ms, client_id));
}

Result<bool, chat::CommandError> Client::cancel(std::int64_t now_ms, const chat::ClientId& client_id) {
  return pumped(now_ms, chat_->cancel(client_id));
}

std::size_t Client::restore_sends(std::int64_t now_ms, std::vector<chat::StoredSend> records) {
  return pumped(now_ms, chat_->restore_sends(now_ms, std::move(records)));
}

std::size_t Client::restore_history(std::int64_t now_ms, std::vector<chat::CachedRoom> rooms) {
  return pumped(now_ms, chat_->restore_history(std::move(rooms)));
}

void Client::typing(std::int64_t now_ms, const chat::RoomId& room) {
  chat_->typing(now_ms, room);
  pump(now_ms);
}

void Client::stop_typing(std::int64_t now_ms, const chat::RoomId& room) {
  chat_->stop_typing(now_ms, room);
  pump(now_ms);
}

Result<bool, chat::CommandError> Client::mark_read(std::int64_t now_ms, const chat::RoomId& room) {
  return pumped(now_ms, chat_->mark_read(now_ms, room));
}

Result<bool, chat::CommandError> Client::set_active(std::int64_t now_ms, const chat::RoomId& room, bool active) {
  return pumped(now_ms, chat_->set_active(now_ms, room, active));
}

Result<bool, chat::CommandError> Client::load_older(std::int64_t now_ms, const chat::RoomId& room,
                                                    std::uint32_t count) {
  return pumped(now_ms, chat_->load_older(now_ms, room, count));
}

Result<bool, chat::CommandError> Client::refresh_members(std::int64_t now_ms, const chat::RoomId& room) {
  return pumped(now_ms, chat_->refresh_members(now_ms, room));
}

Result<chat::ChatModel::Jump, chat::CommandError> Client::jump_to(std::int64_t now_ms, const chat::RoomId& room,
                                                                  const std::string& message) {
  return pumped(now_ms, chat_->jump_to(now_ms, room, message));
}

Result<bool, chat::CommandError> Client::jump_to_latest(std::int64_t now_ms, const chat::RoomId& room) {
  return pumped(now_ms, chat_->jump_to_latest(now_ms, room));
}

Result<bool, chat::CommandError> Client::load_newer(std::int64_t now_ms, const chat::RoomId& room,
                                                    std::uint32_t count) {
  return pumped(now_ms, chat_->load_newer(now_ms, room, count));
}

void Client::page_visible(std::int64_t now_ms, bool visible) {
  chat_->set_page_visible(now_ms, visible);
  pump(now_ms);
}

// ---- timers and outputs ----------------------------------------------------------

void Client::handle_timeout(std::int64_t now_ms) {
  session_.handle_timeout(now_ms);
  chat_->handle_timeout(now_ms);
  pump(now_ms);
}

std::optional<std::int64_t> Client::poll_timeout() const {
  const auto a = session_.poll_timeout();
  const auto b = chat_->poll_timeout();
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

std::optional<session::Action> Client::poll_action() { return session_.poll_action(); }

std::optional<ClientEvent> Client::poll_event() {
  return util::take_front(events_);
}

// ---- the pump ----------------------------------------------------------------------

void Client::pump(std::int64_t now_ms) {
  // Each round moves at least one item out of a queue, and the chat model
  // issues requests only in response to input, so this terminates. Both
  // sides are drained every round (no short-circuit).
  for (bool moved = true; moved;) {
    const bool from_session = drain_session(now_ms);
    const bool from_chat = drain_chat(now_ms);
    moved = from_session || from_chat;
  }
}

bool Client::drain_session(std::int64_t now_ms) {
  bool moved = false;
  while (auto event = session_.poll_event()) {
    moved = true;
    std::visit(Overloaded{
                   [&](session::StateChanged& e) {
                     // The chat model learns of the connection before the UI
                     // does, so the rejoins go out first.
                     if (e.to == session::State::kConnected) chat_->connected(now_ms);
                     if (e.from == session::State::kConnected) chat_->connection_lost(now_ms);
                     events_.push_back(std::move(e));
                   },
                   [&](session::ServerEvent& e) { on_server_event(now_ms, std::move(e)); },
                   [&](session::AckReceived& e) {
                     auto it = acks_.find(e.id);
                     if (it == acks_.end()) return;
                     const AwaitedAck awaited = it->second;
                     acks_.erase(it);
                     chat_->on_response(now_ms, awaited.request, read_response(awaited.op, e.args_json));
                   },
                   [&](session::EmitFailed& e) {
                     auto it = acks_.find(e.id);
                     if (it == acks_.end()) return;
                     const AwaitedAck awaited = it->second;
                     acks_.erase(it);
                     chat_->on_request_failed(now_ms, awaited.request, to_request_failure(e.failure));
                   },
                   [&](auto& e) { events_.push_back(std::move(e)); },
               },
               *event);
  }
  return moved;
}

bool Client::drain_chat(std::int64_t now_ms) {
  bool moved = false;
  while (auto request = chat_->poll_request()) {
    moved = true;
    emit_request(now_ms, *request);
  }
  while (auto event = chat_->poll_event()) {
    moved = true;
    std::visit(Overloaded{
                   // A change the chat model could not use is a protocol warning, as an unknown event is.
                   [&](chat::UpdateDropped& e) {
                     warn(e.stale ? ProtocolWarning::Kind::kStaleUpdate : ProtocolWarning::Kind::kUnknownMessageUpdate,
                          "message_updated", "room " + e.room + ", message " + e.message_id + ": " + e.message);
                   },
                   [&](auto& e) { events_.push_back(std::move(e)); },
               },
               *event);
  }
  return moved;
}

void Client::emit_request(std::int64_t now_ms, const chat::Request& request) {
  auto outgoing = dialect_.encode(request, chat_->config().self);
  if (!outgoing) {
    warn(ProtocolWarning::Kind::kNotEncodable, chat::to_string(request.op), outgoing.error().message);
    chat_->on_request_failed(now_ms, request.id, chat::RequestFailure::kNotSent);
    return;
  }
  session::EmitOptions options;
  if (outgoing->wants_ack) options.ack_timeout_ms = chat_->config().request_timeout_ms;
  auto emitted = session_.emit(now_ms, outgoing->event, std::move(outgoing->args), options);
  if (!emitted) {
    warn(ProtocolWarning::Kind::kNotSent, outgoing->event, session::to_string(emitted.error()));
    chat_->on_request_failed(now_ms, request.id, chat::RequestFailure::kNotSent);
    return;
  }
  if (outgoing->wants_ack) acks_[*emitted] = AwaitedAck{request.id, request.op};
}

void Client::on_server_event(std::int64_t now_ms, session::ServerEvent event) {
  // A server that asks for an ack gets an empty one: the dialects define no
  // answers, and leaving it hanging would leak on the server.
  if (event.ack_id) session_.ack(now_ms, *event.ack_id, session::Json::array());
  Result<dialect::Decoded, dialect::ArgsError> read = dialect_.read_event(event.name, event.args_json);
  if (!read) {
    report_unreadable("event " + protocol::error_text::excerpt(event.name), read.error());
    return;
  }
  dialect::Decoded& decoded = *read;
  std::visit(Overloaded{
                 [&](chat::Signal& signal) { chat_->on_signal(now_ms, std::move(signal)); },
                 [&](dialect::UnknownEvent&) {
                   ++unknown_events_;
                   auto it = unknown_by_name_.find(event.name);
                   if (it != unknown_by_name_.end()) {
                     ++it->second;
                   } else if (unknown_by_name_.size() < kMaxUnknownNamesTracked) {
                     unknown_by_name_.emplace(event.name, 1);
                     warn(ProtocolWarning::Kind::kUnknownEvent, event.name,
                          "not in the dialect \"" + dialect_.name() + "\": ignored");
                   }
                 },
                 [&](dialect::MalformedEvent& malformed) {
                   ++malformed_events_;
                   warn(ProtocolWarning::Kind::kMalformedEvent, event.name, std::move(malformed.message));
                 },
             },
             decoded);
}

chat::Response Client::read_response(chat::Operation op, std::string_view args_json) {
  Result<chat::Response, dialect::ArgsError> read = dialect_.read_response(op, args_json);
  if (read) return std::move(read).value();
  // The ack is dropped as a malformed packet would be; the request it
  // answers fails now rather than waiting for a timeout that cannot come
  // (the session has already matched the ack to it).
  report_unreadable(std::string("the ack to ") + chat::to_string(op), read.error());
  chat::Response failed;
  failed.ok = false;
  failed.error_message = std::string("malformed ack to ") + chat::to_string(op) + ": " + read.error().message;
  return failed;
}

// What the session would report had it parsed the payload itself: the
// session hands over the arguments unparsed (sio::PayloadForm::kText), so
// their syntax is checked here, in the dialect's one pass.
void Client::report_unreadable(const std::string& what, const dialect::ArgsError& error) {
  events_.push_back(session::Error{session::ErrorCode::kMalformedFrame,
                                   "dropped a Socket.IO packet: the arguments of " + what + ": " + error.message,
                                   error.too_deep ? protocol::DecodeErrorCode::kJsonTooDeep
                                                  : protocol::DecodeErrorCode::kInvalidJson});
}

void Client::warn(ProtocolWarning::Kind kind, std::string event, std::string message) {
  events_.push_back(ProtocolWarning{kind, std::move(event), std::move(message)});
}

}  // namespace chatwire
