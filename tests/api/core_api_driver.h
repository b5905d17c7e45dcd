// A CoreApi wired to a FakeServer under a fake clock, driven only through
// the JSON boundary JavaScript uses: drain() batches are parsed and their
// actions performed on the server, the server's output is fed back through
// transportOpened / frameReceived / transportClosed. What BasicPair is for a
// Client, this is for the Wasm module's API.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "api/core_api.h"
#include "support/fake_server.h"
#include "support/native_backend.h"

namespace chatwire::testing {

/// Parses JSON text the API produced (a test failure if it does not parse).
Json parse_json(const std::string& text);

/// What `write` writes into a fresh JsonWriter, parsed.
Json written(const std::function<void(api::JsonWriter&)>& write);

/// Another user of the scripted backend, beside the client's own user u1 "Ada".
inline const chat::User kBob{"u2", "Bob"};

/// {"dialect":"chatwire","user":{"id":"u1","name":"Ada"},"seed":7} plus `extra` fields.
std::string test_core_config(const Json& extra = Json::object());

class CoreApiDriver {
 public:
  explicit CoreApiDriver(const std::string& config_json = test_core_config(), ServerScript script = {});

  api::CoreApi api;
  FakeServer server;
  /// A realistic Date.now(), so that times cross the boundary at full size.
  std::int64_t now = 1'700'000'000'000;

  /// Every action and event drained so far, in order.
  std::vector<Json> actions;
  std::vector<Json> events;
  /// The deadline of the last drain (null for none).
  Json deadline;

  /// Drains and delivers both ways until neither side has anything to say.
  void drive();
  /// Jumps the clock to the earlier deadline of the API and the server,
  /// fires it, and drives. False when neither has one.
  bool step();
  /// Steps through every deadline up to `until_ms`, then sets the clock there.
  void advance_to(std::int64_t until_ms);

  /// connect(now) and drive.
  void connect();

  /// The drained events of one type, in order.
  [[nodiscard]] std::vector<Json> events_of(const std::string& type) const;
  /// roomSnapshot(room, parts), parsed.
  [[nodiscard]] Json snapshot(const std::string& room, std::uint32_t parts);
  [[nodiscard]] double time() const { return static_cast<double>(now); }

 private:
  /// The earlier of the last drained deadline and the server's.
  [[nodiscard]] std::optional<std::int64_t> next_deadline() const;
};

/// A CoreApiDriver connected to a NativeBackend (the native protocol's
/// server, in memory) whose clock is the driver's.
struct NativeCore {
  NativeBackend backend;
  CoreApiDriver driver;

  NativeCore();
  NativeCore(const NativeCore&) = delete;
  NativeCore& operator=(const NativeCore&) = delete;

  /// join(room) through the API, expected to succeed, and drive.
  void join(const std::string& room);
};

}  // namespace chatwire::testing
