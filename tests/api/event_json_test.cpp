// Actions and events as JSON: every kind, with the names of the .d.ts.
#include <gtest/gtest.h>

#include "api/core_api_driver.h"
#include "api/event_json.h"

namespace chatwire::testing {
namespace {

Json to_json(const session::Action& action) {
  return written([&](api::JsonWriter& out) { api::write_action(out, action); });
}
Json to_json(const ClientEvent& event) {
  return written([&](api::JsonWriter& out) { api::write_event(out, event); });
}

TEST(ActionJson, EveryKind) {
  EXPECT_EQ(to_json(session::Action{session::OpenTransport{3, "EIO=4&transport=websocket"}}),
            (Json{{"type", "open"}, {"transport", 3}, {"query", "EIO=4&transport=websocket"}}));
  EXPECT_EQ(to_json(session::Action{session::SendFrame{4, "2"}}),
            (Json{{"type", "send"}, {"transport", 4}, {"text", "2"}}));
  EXPECT_EQ(to_json(session::Action{session::CloseTransport{5}}),
            (Json{{"type", "close"}, {"transport", 5}}));
}

TEST(EventJson, SessionEvents) {
  using session::Reason;
  using session::State;
  EXPECT_EQ(to_json(ClientEvent{session::StateChanged{State::kConnected, State::kReconnecting,
                                                      Reason::kHeartbeatTimeout, "silence"}}),
            (Json{{"type", "state"},
                  {"from", "connected"},
                  {"to", "reconnecting"},
                  {"reason", "heartbeat_timeout"},
                  {"detail", "silence"}}));
  EXPECT_EQ(to_json(ClientEvent{
                session::ReconnectScheduled{2, 1500, 1'700'000'001'500, Reason::kTransportClosed, "reset"}}),
            (Json{{"type", "reconnect_scheduled"},
                  {"attempt", 2},
                  {"delayMs", 1500},
                  {"atMs", 1'700'000'001'500},
                  {"reason", "transport_closed"},
                  {"detail", "reset"}}));
  EXPECT_EQ(to_json(ClientEvent{session::ReconnectDeferred{3}}),
            (Json{{"type", "reconnect_deferred"}, {"attempt", 3}}));
  EXPECT_EQ(to_json(ClientEvent{session::CredentialsRequired{"invalid token"}}),
            (Json{{"type", "credentials"}, {"message", "invalid token"}, {"refused", true}}));
  EXPECT_EQ(to_json(ClientEvent{session::CredentialsRequired{"", /*refused=*/false}}),
            (Json{{"type", "credentials"}, {"message", ""}, {"refused", false}}));
  EXPECT_EQ(to_json(ClientEvent{session::Error{session::ErrorCode::kMalformedFrame, "bad frame",
                                               protocol::DecodeErrorCode::kInvalidJson}}),
            (Json{{"type", "connection_error"}, {"code", "malformed_frame"}, {"message", "bad frame"}}));
}

TEST(EventJson, ChatEvents) {
  EXPECT_EQ(to_json(ClientEvent{chat::RoomChanged{"lobby", chat::kChangeMessages | chat::kChangeUnread}}),
            (Json{{"type", "room"}, {"room", "lobby"}, {"what", 5}}));
  chat::Message message;
  message.id = "m1";
  message.room = "lobby";
  message.author = {"u2", "Bob"};
  message.text = "hi";
  message.created_at_ms = 1'700'000'000'000;
  message.seq = 4;
  EXPECT_EQ(to_json(ClientEvent{chat::MessageArrived{"lobby", message}}),
            (Json{{"type", "message"}, {"room", "lobby"}, {"key", "s:m1"}}))
      << "named by its key: the message itself crosses in the room's changes";
  chat::Message own = message;
  own.client_id = "c-7";
  EXPECT_EQ(to_json(ClientEvent{chat::MessageArrived{"lobby", own}}),
            (Json{{"type", "message"}, {"room", "lobby"}, {"key", "c:c-7"}}));
  chat::Message anonymous = message;
  anonymous.id.clear();
  EXPECT_EQ(to_json(ClientEvent{chat::MessageArrived{"lobby", anonymous}}),
            (Json{{"type", "message"},
                  {"room", "lobby"},
                  {"message",
                   {{"id", nullptr},
                    {"clientId", nullptr},
                    {"author", {{"id", "u2"}, {"name", "Bob"}}},
                    {"text", "hi"},
                    {"createdAt", 1'700'000'000'000},
                    {"status", "sent"},
                    {"seq", 4}}}}))
      << "neither id nor client id: no key outside the store, so the message itself";
  const Json detached = to_json(ClientEvent{chat::MessageArrived{"lobby", message, true}});
  EXPECT_EQ(detached["key"], "s:m1");
  EXPECT_EQ(detached["detached"], true);
  EXPECT_EQ(detached["message"]["text"], "hi") << "the room shows a window: the mirror does not hold it";
  EXPECT_EQ(to_json(ClientEvent{chat::Discontinuity{"lobby"}}),
            (Json{{"type", "discontinuity"}, {"room", "lobby"}}));
  EXPECT_EQ(
      to_json(ClientEvent{chat::ChatError{chat::ChatErrorCode::kJoinFailed, "vip", "forbidden", std::nullopt, std::nullopt}}),
      (Json{{"type", "chat_error"}, {"code", "join_failed"}, {"room", "vip"}, {"message", "forbidden"}}))
      << "no operation, no request: neither member";
  EXPECT_EQ(to_json(ClientEvent{chat::ChatError{chat::ChatErrorCode::kRequestFailed, "lobby", "history: timeout",
                                                chat::Operation::kHistory, chat::RequestId{12}}}),
            (Json{{"type", "chat_error"},
                  {"code", "request_failed"},
                  {"room", "lobby"},
                  {"message", "history: timeout"},
                  {"operation", "history"},
                  {"request", 12}}));
  EXPECT_EQ(to_json(ClientEvent{chat::ChatError{chat::ChatErrorCode::kSendFailed, "lobby", "refused",
                                                chat::Operation::kSend, std::nullopt}}),
            (Json{{"type", "chat_error"},
                  {"code", "send_failed"},
                  {"room", "lobby"},
                  {"message", "refused"},
                  {"operation", "send"}}));
  EXPECT_EQ(to_json(ClientEvent{chat::HistoryLoaded{"lobby", 9, 50}}),
            (Json{{"type", "history_loaded"}, {"room", "lobby"}, {"request", 9}, {"added", 50}}));
  EXPECT_EQ(to_json(ClientEvent{chat::HistoryLoaded{"lobby", 10, 50, "s:m100"}}),
            (Json{{"type", "history_loaded"}, {"room", "lobby"}, {"request", 10}, {"added", 50}, {"key", "s:m100"}}))
      << "a jump names the message jumped to";
}

TEST(EventJson, Warnings) {
  const std::pair<ProtocolWarning::Kind, const char*> kinds[] = {
      {ProtocolWarning::Kind::kUnknownEvent, "unknown_event"},
      {ProtocolWarning::Kind::kMalformedEvent, "malformed_event"},
      {ProtocolWarning::Kind::kNotEncodable, "not_encodable"},
      {ProtocolWarning::Kind::kNotSent, "not_sent"},
  };
  for (const auto& [kind, name] : kinds) {
    EXPECT_EQ(to_json(ClientEvent{ProtocolWarning{kind, "evt", "why"}}),
              (Json{{"type", "warning"}, {"kind", name}, {"event", "evt"}, {"message", "why"}}));
  }
  EXPECT_EQ(
      written([](api::JsonWriter& out) { api::write_invalid_argument_warning(out, "connect", "bad now"); }),
      (Json{
          {"type", "warning"}, {"kind", "invalid_argument"}, {"event", "connect"}, {"message", "bad now"}}));
}

TEST(EventJson, InvalidUtf8IsReplacedWhenSerialized) {
  api::JsonWriter out;
  api::write_event(out, ClientEvent{chat::ChatError{chat::ChatErrorCode::kServerError, "", "bad \xff byte", std::nullopt,
                                                              std::nullopt}});
  EXPECT_EQ(out.text(), R"({"type":"chat_error","code":"server_error","room":"","message":"bad )"
                        "\xEF\xBF\xBD"
                        R"( byte"})");
}

}  // namespace
}  // namespace chatwire::testing
