// The server side of the preset suites (tests/client/preset_*_test.cpp): a
// seed backend played by a script on the FakeServer. Each seed's handlers
// are a subclass; this base does what every seed does alike: it logs each
// event the client emits, keeps the rooms the client's socket is in (a real
// server forgets them with the socket), writes times as the seeds write
// them, and pushes events to the client.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "support/client_pair.h"

namespace chatwire::testing::presets {

/// Server time at fake-clock 0: 2024-11-16T20:15:30Z, the time of the seeds'
/// example messages. A scripted backend stamps a message sent at `pair.now`
/// with kEpochMs + pair.now.
inline constexpr std::int64_t kEpochMs = 1'731'788'130'000;

/// How a backend writes a timestamp.
enum class TimeStyle {
  kJavaScript,      // new Date().toISOString(): "2024-11-16T20:15:30.250Z"
  kPythonNaive,     // datetime.isoformat() of a naive UTC time: "2024-11-16T20:15:30.250000"
                    // (no fraction at all when it is zero, as Python writes it)
  kPythonWithZone,  // the same with a "Z" appended: "2024-11-16T20:15:30.250000Z"
};

/// Epoch milliseconds (at or after 1970) as the backend would write them.
std::string iso8601(std::int64_t epoch_ms, TimeStyle style);

/// One seed backend's server, installed into a ClientPair's script. A
/// subclass plays the seed's event handlers (on_event) and what its other
/// users do (post, type, and whatever else that seed has).
class ScriptedBackend {
 public:
  /// Takes over `pair`'s server script; `pair` must outlive the backend.
  explicit ScriptedBackend(ClientPair& pair);
  virtual ~ScriptedBackend() = default;
  ScriptedBackend(const ScriptedBackend&) = delete;
  ScriptedBackend& operator=(const ScriptedBackend&) = delete;

  /// An event the client emitted, as the server saw it.
  struct Arrival {
    std::int64_t at_ms;  // the fake clock when it arrived
    Json event;          // [name, payload...]
  };

  /// While true, the seed drops the client's sends on the floor: nothing is
  /// stored and nothing is echoed.
  bool swallow_sends = false;

  /// `author` writes `text` in `room`; the seed stores and delivers it as its
  /// code does (to the client only where the seed would). Returns the id the
  /// seed gave the message.
  virtual std::string post(const std::string& room, const chat::User& author, const std::string& text) = 0;
  /// `count` posts by `author` in `room`: "<prefix> 1" up to "<prefix> <count>".
  void post_many(const std::string& room, const chat::User& author, int count, const std::string& prefix);
  /// `user` starts or stops typing in `room`, relayed as the seed relays it
  /// (some relays name no room; `room` then only says where it happens).
  virtual void type(const std::string& room, const chat::User& user, bool typing) = 0;

  /// True while the client's socket is in `room` on the server.
  [[nodiscard]] bool client_in(const std::string& room) const { return socket_rooms_.count(room) != 0; }
  /// Every event the client emitted, in order, with the time it arrived.
  [[nodiscard]] const std::vector<Arrival>& arrivals() const { return arrivals_; }

 protected:
  /// The seed's handler for the event `name`; `payload` is its first
  /// argument ({} when it has none).
  virtual void on_event(const std::string& name, const Json& payload) = 0;
  /// A new socket connected: the client is back after a drop. The seed
  /// forgets here what it kept for the old socket; socket_rooms() still
  /// lists the old socket's rooms and is emptied when this returns.
  virtual void on_new_socket() {}

  /// The rooms the client's socket is in (join_room / leave_room on the server).
  std::set<std::string>& socket_rooms() { return socket_rooms_; }
  /// Sends the event `name` with one payload to the client.
  void to_client(const std::string& name, const Json& payload);
  /// The seed's clock (Date.now(), datetime.utcnow()) in epoch milliseconds.
  [[nodiscard]] std::int64_t server_now_ms() const;
  /// The seed's clock, written as the seed writes it.
  [[nodiscard]] std::string server_now(TimeStyle style) const { return iso8601(server_now_ms(), style); }
  /// The next id of the seed's store: 1, 2, ... like an autoincrement.
  std::int64_t next_id() { return next_id_++; }
  /// `payload[key]` if it is a string, else "" (the seeds read fields that loosely).
  static std::string string_field(const Json& payload, const char* key);

 private:
  ClientPair& pair_;
  std::set<std::string> socket_rooms_;
  std::vector<Arrival> arrivals_;
  std::int64_t next_id_ = 1;
};

}  // namespace chatwire::testing::presets
