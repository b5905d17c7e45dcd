// The fixture of the preset suites: a whole Client with one seed backend's
// preset, connected to that seed played by a ScriptedBackend. What every
// seed does alike is tested once, parameterized over the seeds' PresetCases
// (preset_every_seed_test.cpp); each seed's own behaviour is tested with
// TEST_F on a subclass, beside its backend, in preset_<seed>_test.cpp.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "client/scripted_backend.h"
#include "support/client_pair.h"

// Readable failure messages (found by argument-dependent lookup).
namespace chatwire::chat {
inline void PrintTo(const User& user, std::ostream* out) {
  *out << "{" << user.id << ", " << user.name << "}";
}
inline void PrintTo(RoomState state, std::ostream* out) { *out << to_string(state); }
inline void PrintTo(MessageStatus status, std::ostream* out) { *out << to_string(status); }
}  // namespace chatwire::chat

namespace chatwire::testing::presets {

/// A JSON document written in the test (a typo is a test bug: it throws).
inline Json json(std::string_view text) { return Json::parse(text); }

/// The args of an event with one payload, as ClientPair::received() lists them.
inline Json args_of(const Json& payload) {
  Json out = Json::array();
  out.push_back(payload);
  return out;
}
inline Json args(std::string_view payload_json) { return args_of(json(payload_json)); }

/// [name, payload], as the fixture's emitted() lists an event.
inline Json event_of(std::string_view name, const Json& payload) {
  return Json::array({Json(std::string(name)), payload});
}
inline Json event(std::string_view name, std::string_view payload_json) {
  return event_of(name, json(payload_json));
}

/// One seed backend as the tests that every seed passes see it: its preset,
/// its users and rooms, and what the client sends it. Events are
/// [name, payload] as emitted() lists them. The fields with defaults are what
/// only some seeds have.
struct PresetCase {
  std::string preset;  // the built-in dialect, e.g. "flask-shows"
  std::unique_ptr<ScriptedBackend> (*make_backend)(ClientPair& pair);
  chat::User self;   // the user the client signs in as, with the id the seed knows them by
  chat::User other;  // another user, as the seed names them
  std::string room;  // a room the seed has
  /// The room's state from join() until the seed answers: kJoining where the
  /// preset waits for an answer, kJoined where a join sent is a join done.
  chat::RoomState state_until_answered;
  std::vector<Json> (*join_events)(const std::string& room);
  Json (*send_event)(const std::string& room, const std::string& text);
  /// The id the seed gives the `nth` message it stores (from 1), stored at
  /// fake-clock `at_ms`.
  std::string (*message_id)(int nth, std::int64_t at_ms);

  /// What mark_read() sends for one message; null where the seed has no
  /// read receipts.
  Json (*read_receipt)(const std::string& message_id) = nullptr;
  /// What a keystroke sends, and the stop that follows when the user pauses;
  /// both null where the seed has no stop event (it times typing out).
  Json (*typing_start)(const std::string& room) = nullptr;
  Json (*typing_stop)(const std::string& room) = nullptr;
  /// The seed answers a join with the room's recent messages.
  bool join_brings_history = false;
  /// The seed's ids are Date.now(): two messages stored in the same
  /// millisecond get the same id.
  bool ids_are_send_times = false;
  /// The seed's typing relay carries the typist's id only; the client names
  /// them from their messages.
  bool typists_named_by_messages = false;
};

/// PresetCase::make_backend for a seed played by `Backend`.
template <class Backend>
std::unique_ptr<ScriptedBackend> make_backend(ClientPair& pair) {
  return std::make_unique<Backend>(pair);
}

/// Prints the preset's name, so a failing case says which seed it was.
inline void PrintTo(const PresetCase& preset, std::ostream* out) { *out << preset.preset; }

/// The preset's name as a test-name suffix: "flask_shows".
std::string case_name(const ::testing::TestParamInfo<PresetCase>& info);

/// A Client with a seed's preset, connected to that seed's ScriptedBackend.
class ScriptedPresetTest : public ::testing::Test {
 protected:
  /// Builds the client and the seed's backend from `seed`, and connects.
  explicit ScriptedPresetTest(const PresetCase& seed);

  /// join(), then drive until the seed answered; a test failure unless the
  /// room is then joined.
  void join(const std::string& room);

  /// Every event the client emitted, in order, as [name, payload...].
  [[nodiscard]] std::vector<Json> emitted() const;
  /// The events emitted after the first `count`: with `count` taken from
  /// emitted().size() earlier, what the client emitted since.
  [[nodiscard]] std::vector<Json> emitted_since(std::size_t count) const;
  /// True when some event the client emitted asked for an ack. The seeds
  /// answer none; an ack request would time out every time.
  [[nodiscard]] bool any_ack_requested() const;

  /// The statuses of the room's messages, in order.
  [[nodiscard]] std::vector<chat::MessageStatus> statuses(const std::string& room) const;
  /// The users the room lists as members, in order.
  [[nodiscard]] std::vector<chat::User> members(const std::string& room) const;
  /// The rooms named by the Discontinuity events so far, in order.
  [[nodiscard]] std::vector<std::string> discontinuities() const;
  /// The chat errors so far with this code.
  [[nodiscard]] std::vector<chat::ChatError> chat_errors(chat::ChatErrorCode code) const;

  /// The connection drops and the server refuses new ones until restore().
  void cut();
  /// The server takes connections again; the clock moves past the longest
  /// backoff (5000 ms cap plus jitter), so the client is back.
  void restore();

  /// The backend as the seed's own class, for the seed's own tests.
  template <class Backend>
  Backend& backend_as() {
    return dynamic_cast<Backend&>(backend);
  }

  /// The client and the scripted server, under a fake clock.
  ClientPair pair;

 private:
  // Declared before `backend`, which refers to it.
  std::unique_ptr<ScriptedBackend> owned_backend_;

 protected:
  /// The seed's server, as every seed's backend is driven.
  ScriptedBackend& backend;
};

// The seeds, each defined beside its own tests in preset_<seed>_test.cpp.
const PresetCase& express_conversations();
const PresetCase& flask_multiroom();
const PresetCase& flask_rooms();
const PresetCase& flask_shows();
const PresetCase& nest_conversations();

}  // namespace chatwire::testing::presets
