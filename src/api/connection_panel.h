// What a connection status bar shows (ConnectionSnapshot in the package):
// the state, the last error since the last successful connect, and the
// countdown to the next reconnection attempt. Derived here from the
// client's events so that the rule lives in the core, where the native
// tests reach it; JavaScript only freezes what it is told.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/json_writer.h"
#include "client.h"

namespace chatwire::api {

class ConnectionPanel {
 public:
  /// Takes one client event into account; true if the panel changed.
  bool update(const ClientEvent& event);
  /// The app's auth callback failed (it runs in JavaScript): shown as the
  /// panel's error, source "auth". True (it always changes the panel).
  bool auth_failed(std::string_view message);

  /// {state, error: {source, code, message} | null, reconnectAt,
  ///  reconnectAttempt, transport: "websocket" | "polling" | null}.
  void write(JsonWriter& out) const;

  [[nodiscard]] session::State state() const { return state_; }

 private:
  struct Error {
    std::string source;
    std::string code;
    std::string message;
  };

  session::State state_ = session::State::kIdle;
  std::optional<Error> error_;
  std::optional<std::int64_t> reconnect_at_;
  std::uint32_t reconnect_attempt_ = 0;
  /// What the connection runs on; null until first connected.
  std::optional<session::TransportKind> transport_;
};

}  // namespace chatwire::api
