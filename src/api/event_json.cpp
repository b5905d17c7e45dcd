#include "api/event_json.h"

#include "api/snapshot_json.h"

namespace chatwire::api {
namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace

const char* to_string(ProtocolWarning::Kind kind) {
  switch (kind) {
    case ProtocolWarning::Kind::kUnknownEvent:
      return "unknown_event";
    case ProtocolWarning::Kind::kMalformedEvent:
      return "malformed_event";
    case ProtocolWarning::Kind::kNotEncodable:
      return "not_encodable";
    case ProtocolWarning::Kind::kNotSent:
      return "not_sent";
  }
  return "unknown";
}

void write_action(JsonWriter& out, const session::Action& action) {
  out.begin_object();
  std::visit(Overloaded{
                 [&](const session::OpenTransport& open) {
                   out.string("type", "open").number("transport", open.transport).string("query", open.query);
                 },
                 [&](const session::SendFrame& send) {
                   out.string("type", "send").number("transport", send.transport).string("text", send.text);
                 },
                 [&](const session::CloseTransport& close) {
                   out.string("type", "close").number("transport", close.transport);
                 },
             },
             action);
  out.end_object();
}

void write_event(JsonWriter& out, const ClientEvent& event) {
  out.begin_object();
  std::visit(
      Overloaded{
          [&](const session::StateChanged& e) {
            out.string("type", "state")
                .string("from", session::to_string(e.from))
                .string("to", session::to_string(e.to))
                .string("reason", session::to_string(e.reason))
                .string("detail", e.detail);
          },
          [&](const session::ReconnectScheduled& e) {
            out.string("type", "reconnect_scheduled")
                .number("attempt", e.attempt)
                .number("delayMs", e.delay_ms)
                .number("atMs", e.at_ms)
                .string("reason", session::to_string(e.reason))
                .string("detail", e.detail);
          },
          [&](const session::ReconnectDeferred& e) {
            out.string("type", "reconnect_deferred").number("attempt", e.attempt);
          },
          [&](const session::CredentialsRequired& e) {
            out.string("type", "credentials").string("message", e.server_message);
          },
          [&](const session::Error& e) {
            out.string("type", "connection_error")
                .string("code", session::to_string(e.code))
                .string("message", e.message);
          },
          [&](const chat::RoomChanged& e) {
            out.string("type", "room").string("room", e.room).number("what", e.what);
          },
          [&](const chat::MessageArrived& e) {
            out.string("type", "message").string("room", e.room).key("message");
            write_message(out, e.message);
          },
          [&](const chat::Discontinuity& e) { out.string("type", "discontinuity").string("room", e.room); },
          [&](const chat::ChatError& e) {
            out.string("type", "chat_error")
                .string("code", chat::to_string(e.code))
                .string("room", e.room)
                .string("message", e.message);
          },
          [&](const ProtocolWarning& e) {
            out.string("type", "warning")
                .string("kind", api::to_string(e.kind))
                .string("event", e.event)
                .string("message", e.message);
          },
      },
      event);
  out.end_object();
}

void write_invalid_argument_warning(JsonWriter& out, std::string_view call, std::string_view message) {
  out.begin_object()
      .string("type", "warning")
      .string("kind", "invalid_argument")
      .string("event", call)
      .string("message", message)
      .end_object();
}

}  // namespace chatwire::api
