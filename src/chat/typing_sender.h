// The local side of typing in one room: turns the user's keystrokes into as
// few "start" and "stop" requests as keep the other members' indicators
// right.
//
// The first keystroke announces typing at once. While keystrokes continue
// nothing is sent, except where the backend forgets a typing state on its
// own (TypingPolicy::server_expires_ms > 0): then a "start" is repeated just
// often enough that the server never forgets it while the user types. After
// idle_ms without a keystroke a "stop" goes out (where the backend has one).
//
// Sans-IO like the session: the caller reports keystrokes and explicit stops,
// arms one timer for next_deadline() and calls handle_timeout() when it is
// due; each call returns the single request to emit, if any.
#pragma once

#include <cstdint>
#include <optional>

namespace chatwire::chat {

struct TypingPolicy {
  /// Re-send a start at most this often while typing continues, and only
  /// where the backend expires typing (server_expires_ms > 0). A value <= 0
  /// leaves the pace to server_expires_ms alone.
  std::int64_t refresh_ms = 3000;
  /// Send a stop after this long without a keystroke.
  std::int64_t idle_ms = 2000;
  /// The backend forgets a typing state after this long without a start
  /// (Capabilities::typing_expires_ms); 0: it keeps it until a stop.
  std::int64_t server_expires_ms = 0;
  /// The backend has a stop event. If false, no stop is ever sent: the
  /// server's expiry ends the indicator.
  bool has_stop = true;
};

/// The request the caller must emit for one call, if any.
enum class TypingOutput : std::uint8_t { kNone, kSendStart, kSendStop };
const char* to_string(TypingOutput output);

/// Time a refresh must reach the server before it would forget the typing
/// state: max(500 ms, 20% of server_expires_ms), but at most half of it.
/// The proportional part scales with the server's own tolerance; the 500 ms
/// floor covers a slow mobile uplink plus a timer that fires late (browsers
/// clamp and delay timers); the half cap keeps the interval positive for very
/// short expiries. For the native protocol's 6000 ms: 1200 ms, so a refresh
/// is due by 4800 ms, and the default refresh_ms (3000) is well inside that.
std::int64_t typing_refresh_margin_ms(std::int64_t server_expires_ms);

/// The refresh interval a policy yields: min(refresh_ms, server_expires_ms -
/// margin), at least 1 ms; nullopt when the backend does not expire typing
/// (no refresh is ever needed then).
std::optional<std::int64_t> typing_refresh_interval_ms(const TypingPolicy& policy);

class TypingSender {
 public:
  /// Negative durations in `policy` count as 0.
  explicit TypingSender(TypingPolicy policy);

  /// Call on every keystroke in the room's composer (any edit that means
  /// "the user is typing"). Returns kSendStart on the first keystroke of a
  /// typing session, and for a refresh that has become due; otherwise kNone.
  TypingOutput keystroke(std::int64_t now_ms);

  /// Call when typing ends for a reason other than idleness: the message was
  /// sent, the room is left, the app called stopTyping(). kSendStop only if
  /// typing was announced and the backend has a stop; a second call is a
  /// harmless kNone. Before a disconnect, send the stop, then call reset().
  TypingOutput stop(std::int64_t now_ms);

  /// Call when next_deadline() is due. Returns kSendStop when the user has
  /// been idle for idle_ms (kNone without a stop event: the server expires
  /// it), kSendStart when a refresh is due. A spurious or early call is a
  /// harmless kNone.
  TypingOutput handle_timeout(std::int64_t now_ms);

  /// When handle_timeout() must next be called; nullopt while not typing.
  [[nodiscard]] std::optional<std::int64_t> next_deadline() const;

  /// Whether typing is announced (a start went out and no stop or idle
  /// expiry since).
  [[nodiscard]] bool active() const { return active_; }

  /// The connection was lost: forget the typing state without sending
  /// anything (the server forgets it with the connection).
  void reset() { active_ = false; }

 private:
  [[nodiscard]] std::int64_t idle_deadline() const;
  // A refresh is pointless when the idle stop (or, without a stop event,
  // the end of typing) comes before the server-safe horizon anyway.
  [[nodiscard]] bool refresh_needed() const;
  [[nodiscard]] std::int64_t refresh_deadline() const;

  TypingPolicy policy_;
  std::optional<std::int64_t> refresh_interval_ms_;
  std::int64_t horizon_ms_ = 0;  // server_expires_ms - margin: a start must reach the server by then
  bool active_ = false;
  std::int64_t last_keystroke_ms_ = 0;
  std::int64_t last_start_ms_ = 0;
};

}  // namespace chatwire::chat
