// Socket.IO connection state recovery, the client's half: what
// socket.io-client 4.6+ keeps in `_pid` and `_lastOffset`.
//
// A server started with `connectionStateRecovery` answers the namespace
// CONNECT with a private session id next to the public one,
// `40{"sid":"…","pid":"…"}`, and appends to every event it broadcasts
// (not to direct emits, not to events that ask for an ack, not to volatile
// ones) one more argument: the event's offset, a string. A client that
// reconnects sends `{"pid":…,"offset":<the last offset seen>}` in its
// CONNECT auth; if the server still holds that session it restores the
// rooms, answers with the same pid and replays what was missed.
//
// Recovery is an optimisation. A server that restarted (or a node that
// crashed, in a cluster) has forgotten the session, answers with a new pid,
// and the chat model fills the gap by seq on rejoin as it always does.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "util/json.h"

namespace chatwire::session {

/// Offsets longer than this are not taken for one: Socket.IO's are short
/// ids (yeast in memory, "<ms>-<n>" from Redis streams). Bounds the work
/// per event and what a server can make the client echo.
inline constexpr std::size_t kMaxRecoveryOffsetBytes = 256;

/// If the last element of the JSON array text `args_json` is a string of
/// at most kMaxRecoveryOffsetBytes, removes it from the text and returns its
/// value; otherwise leaves the text alone and returns nullopt. Reads only
/// the end of the text (the rest is checked by whoever parses it), so a
/// frame costs the length of its offset, not of its payload.
std::optional<std::string> take_last_string_argument(std::string& args_json);

class Recovery {
 public:
  /// The server's CONNECT answer (its payload, if any). Remembers the pid it
  /// carries; without one the server does not recover sessions, and nothing
  /// is kept. Returns whether the server restored the previous session (it
  /// answered with the pid we offered).
  bool on_connected(const json_util::Json* connect_data);

  /// An event of a connection whose server recovers sessions: its offset,
  /// the last argument, is removed from `args_json` and remembered, so the
  /// dialect reads the event exactly as without recovery. Events that ask
  /// for an ack carry no offset and are left alone, as is every event when
  /// the server gave no pid (its last argument is a real one).
  void take_offset(std::string& args_json, bool asks_for_ack);

  /// The auth of the next CONNECT: `user_auth` (an object, or anything else
  /// for none) over {"pid", "offset"} when there is a session to recover,
  /// as socket.io-client's Object.assign({pid, offset}, auth) does.
  [[nodiscard]] std::optional<json_util::Json> connect_auth(const json_util::Json& user_auth) const;

  /// The session cannot be recovered any more (the user disconnected, or
  /// the server ended it): the next CONNECT starts a new one.
  void forget();

  [[nodiscard]] const std::string& pid() const { return pid_; }
  [[nodiscard]] const std::optional<std::string>& last_offset() const { return offset_; }

 private:
  std::string pid_;
  std::optional<std::string> offset_;
};

}  // namespace chatwire::session
