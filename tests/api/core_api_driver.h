// A CoreApi wired to a FakeServer under a fake clock, driven only through
// the JSON boundary JavaScript uses: every call's answer (a CoreAnswer) is
// parsed and folded the way npm/src does it: its actions performed on the
// server, its events collected, its deadline armed, its room changes applied
// to a mirror of each room, its connection panel and unread total kept. The
// server's output is fed back through transportOpened / frameReceived /
// transportClosed, whose answers are folded the same way. What BasicPair is
// for a Client, this is for the Wasm module's API.
//
// After every answer the driver checks that what it mirrors equals what the
// core holds (api.client()): every message of every room, in order and
// field for field, every other part of each room, the unread total, the
// connection state and the deadline. A change the core forgets to report
// fails the test that caused it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
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

/// One room as a reader of the answers holds it (npm/src/room-mirror.ts).
struct MirroredRoom {
  std::vector<std::pair<std::string, Json>> messages;  // (key, message), in order
  std::uint64_t version = 0;
  Json typing_users = Json::array();
  std::size_t unread_count = 0;
  Json first_unread_id;  // null for none
  Json members = Json::array();
  Json state;  // null until reported
  bool has_more = false;
  bool active = false;
  bool loading_older = false;
  bool detached = false;
  bool has_newer = false;
  bool loading_newer = false;

  /// The messages alone, in order.
  [[nodiscard]] Json message_list() const;
};

/// Applies a room change's `messages` edits by the reader's rule: drop the
/// removed keys, then each upsert in ascending index order (replace the held
/// message of that key, which must be at that index, or insert there).
/// Protocol violations (an index out of order or past the end, a held
/// message elsewhere) are test failures naming `where`.
void apply_message_edits(std::vector<std::pair<std::string, Json>>& messages, const Json& edits,
                         const std::string& where);

class CoreApiDriver {
 public:
  explicit CoreApiDriver(const std::string& config_json = test_core_config(), ServerScript script = {});

  api::CoreApi api;
  FakeServer server;
  /// A realistic Date.now(), so that times cross the boundary at full size.
  std::int64_t now = 1'700'000'000'000;

  /// Every answer folded so far, parsed, in order.
  std::vector<Json> answers;
  /// Every action and event of those answers, in order.
  std::vector<Json> actions;
  std::vector<Json> events;
  /// The deadline as the answers last said it (null for none).
  Json deadline;
  /// The connection panel as last reported (null before any).
  Json connection;
  /// The unread total as last reported (0 before any).
  std::size_t unread_total = 0;
  /// The rooms as mirrored from the answers.
  std::map<std::string, MirroredRoom> rooms;
  /// Check the mirror against the core after every answer (on by default).
  bool check_every_answer = true;

  /// Folds one answer (JSON text from any api call): performs its actions on
  /// the server, collects its events, mirrors its rooms, and checks the
  /// mirror against the core. Returns the answer, parsed.
  Json fold(const std::string& answer_text);
  /// fold(), then the answer's `result` (a command's CoreCommandResult).
  Json result(const std::string& answer_text) { return fold(answer_text)["result"]; }

  /// Delivers the server's output to the API (folding each answer) until
  /// neither side has anything to say.
  void drive();
  /// Jumps the clock to the earlier deadline of the API and the server,
  /// fires it, and drives. False when neither has one.
  bool step();
  /// Steps through every deadline up to `until_ms`, then sets the clock there.
  void advance_to(std::int64_t until_ms);

  /// connect(now) and drive.
  void connect();

  /// The collected events of one type, in order.
  [[nodiscard]] std::vector<Json> events_of(const std::string& type) const;
  /// The mirrored room as one object, with the names of a CoreRoomChange
  /// carrying every part: {exists, version, messages, typingUsers,
  /// unreadCount, members, state, hasMore, active, loadingOlder}; {exists:
  /// false} for a room never reported. Checks the mirror against the core first.
  [[nodiscard]] Json snapshot(const std::string& room);
  /// snapshot(room)["messages"].
  [[nodiscard]] Json messages(const std::string& room) { return snapshot(room)["messages"]; }
  [[nodiscard]] double time() const { return static_cast<double>(now); }

  /// Compares everything mirrored with what the core holds; each difference
  /// is a test failure naming `where`. True when they agree.
  bool check_mirror(const std::string& where);

 private:
  void perform(const Json& action);
  void apply_room(const Json& change, const std::string& where);
  /// The earlier of the last reported deadline and the server's.
  [[nodiscard]] std::optional<std::int64_t> next_deadline() const;

  bool mismatch_reported_ = false;  // report the first disagreement only
};

/// A CoreApiDriver connected to a NativeBackend (the native protocol's
/// server, in memory) whose clock is the driver's.
struct NativeCore {
  NativeBackend backend;
  CoreApiDriver driver;

  /// `extra_config`: CoreConfig fields over test_core_config()'s.
  explicit NativeCore(const Json& extra_config = Json::object());
  NativeCore(const NativeCore&) = delete;
  NativeCore& operator=(const NativeCore&) = delete;

  /// join(room) through the API, expected to succeed, and drive.
  void join(const std::string& room);
};

}  // namespace chatwire::testing
