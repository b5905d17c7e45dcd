#include "api/event_json.h"

#include "api/cached_room_json.h"
#include "api/snapshot_json.h"
#include "api/stored_op_json.h"
#include "api/stored_send_json.h"
#include "util/overloaded.h"

namespace chatwire::api {
using util::Overloaded;

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
    case ProtocolWarning::Kind::kStaleUpdate:
      return "stale_update";
    case ProtocolWarning::Kind::kUnknownMessageUpdate:
      return "unknown_message_update";
  }
  return "unknown";
}

void write_action(JsonWriter& out, const session::Action& action) {
  out.begin_object().string("type", kActionTypes[action.index()]);
  std::visit(Overloaded{
                 [&](const session::OpenTransport& open) {
                   out.number("transport", open.transport).string("query", open.query);
                 },
                 [&](const session::SendFrame& send) {
                   out.number("transport", send.transport).string("text", send.text);
                 },
                 [&](const session::CloseTransport& close) {
                   out.number("transport", close.transport);
                 },
                 [&](const session::HttpRequest& request) {
                   out.number("transport", request.transport)
                       .number("request", request.request)
                       .string("method", request.post ? "POST" : "GET")
                       .string("query", request.query);
                   if (request.post) out.string("body", request.body);
                 },
             },
             action);
  out.end_object();
}

void write_event(JsonWriter& out, const ClientEvent& event) {
  out.begin_object().string("type", kEventTypes[event.index()]);
  std::visit(
      Overloaded{
          [&](const session::StateChanged& e) {
            out.string("from", session::to_string(e.from))
                .string("to", session::to_string(e.to))
                .string("reason", session::to_string(e.reason))
                .string("detail", e.detail);
          },
          [&](const session::ReconnectScheduled& e) {
            out.number("attempt", e.attempt)
                .number("delayMs", e.delay_ms)
                .number("atMs", e.at_ms)
                .string("reason", session::to_string(e.reason))
                .string("detail", e.detail);
          },
          [&](const session::ReconnectDeferred& e) {
            out.number("attempt", e.attempt);
          },
          [&](const session::TransportChanged& e) {
            out.string("transport", session::to_string(e.transport));
          },
          [&](const session::CredentialsRequired& e) {
            out.string("message", e.server_message);
          },
          [&](const session::Error& e) {
            out.string("code", session::to_string(e.code))
                .string("message", e.message);
          },
          [&](const chat::RoomChanged& e) {
            // CoreApi writes room changes as the answer's "rooms"; this is
            // for other callers (logs, tests).
            out.string("room", e.room).number("what", e.what);
          },
          [&](const chat::MessageArrived& e) {
            out.string("room", e.room);
            // The message itself crosses once, in the room's changes of the
            // same answer: name it by its key. A message with neither id nor
            // client id has an order key only the store knows: sent whole.
            // While the room is detached the message is not in the list the
            // reader mirrors: it comes whole, with its key.
            const bool keyed = !e.message.id.empty() || !e.message.client_id.empty();
            if (keyed) out.string("key", chat::message_key(e.message, {}));
            if (!keyed || e.detached) write_message(out.key("message"), e.message);
            if (e.detached) out.boolean("detached", true);
          },
          [&](const chat::Discontinuity& e) { out.string("room", e.room); },
          [&](const chat::ChatError& e) {
            out.string("code", chat::to_string(e.code))
                .string("room", e.room)
                .string("message", e.message);
            if (e.operation) out.string("operation", chat::to_string(*e.operation));
            if (e.request) out.number("request", *e.request);
            if (!e.op_id.empty()) out.string("opId", e.op_id);
            if (!e.key.empty()) out.string("key", e.key);
            if (!e.reason.empty()) out.string("reason", e.reason);
          },
          [&](const chat::HistoryLoaded& e) {
            out.string("room", e.room)
                .number("request", e.request)
                .number("added", e.added);
            if (!e.key.empty()) out.string("key", e.key);
          },
          [&](const ProtocolWarning& e) {
            out.string("kind", api::to_string(e.kind))
                .string("event", e.event)
                .string("message", e.message);
          },
          [&](const chat::SendStored& e) { write_stored_send(out.key("record"), e.record); },
          [&](const chat::SendForgotten& e) { out.string("clientId", e.client_id); },
          [&](const chat::HistoryCached& e) { write_cached_room(out.key("record"), e.record); },
          [&](const chat::OpStored& e) { write_stored_op(out.key("record"), e.record); },
          [&](const chat::OpForgotten& e) { out.string("opId", e.op_id); },
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
