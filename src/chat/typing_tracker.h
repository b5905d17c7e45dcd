// The remote side of typing in one room: who is typing, as the UI shows it.
//
// Every indicator has a time-to-live, so a lost "stop" (a dropped frame, a
// peer that crashed, a backend without stop events) can never leave one
// stuck: it goes away when its TTL runs out unless a refresh extends it.
//
// Sans-IO: the caller arms one timer for next_deadline() and calls
// handle_timeout() when it is due. Users are keyed like the Roster's
// (UserKeyField: the id, or the name on name-identified backends). The
// user's own signals are filtered out by the chat model, not here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chat/roster.h"
#include "chat/vocabulary.h"

namespace chatwire::chat {

class TypingTracker {
 public:
  /// A server-sent TTL is honoured up to this long; longer ones (or a
  /// garbled huge value) are cut here so an indicator cannot stick for long.
  static constexpr std::int64_t kMaxServerTtlMs = 60'000;

  /// `ttl_ms` (at least 1) is the time-to-live when the server sends none.
  /// At most `max_users` typers are shown; while that many are typing, new
  /// typers are ignored until one stops or expires (the ones shown keep
  /// their place; "several people are typing" reads the same either way).
  explicit TypingTracker(std::int64_t ttl_ms = 6000, std::size_t max_users = 64,
                         UserKeyField key_field = UserKeyField::kId);

  /// A typing signal from `user`. `typing` starts or refreshes the
  /// indicator: its TTL runs from `now_ms` for `server_ttl_ms` when the
  /// server sent a positive one (capped at kMaxServerTtlMs), else for the
  /// default ttl_ms. A refresh keeps the user's place and fills in fields an
  /// earlier signal left empty (nest sends ids without names). `!typing`
  /// removes the indicator at once. Returns whether users() changed (a
  /// refresh that only moves the TTL is no change). Signals whose key is
  /// empty are ignored.
  bool on_typing(std::int64_t now_ms, const User& user, bool typing,
                 std::optional<std::int64_t> server_ttl_ms);

  /// Removes one user's indicator: a message from them arrived (it ends
  /// their typing), they left the room or went offline.
  bool clear(const std::string& user_key);

  /// Removes every indicator: the connection was lost or the room left.
  bool clear_all();

  /// Call when next_deadline() is due: removes the indicators whose TTL ran
  /// out (those with a deadline at or before `now_ms`). Returns whether
  /// users() changed; a spurious or early call is a harmless false.
  bool handle_timeout(std::int64_t now_ms);

  /// The earliest TTL deadline; nullopt when nobody is typing.
  [[nodiscard]] std::optional<std::int64_t> next_deadline() const;

  /// Visible typers, in the order they started typing.
  [[nodiscard]] const std::vector<User>& users() const { return users_; }

 private:
  [[nodiscard]] std::optional<std::size_t> index_of(const std::string& key) const;
  void erase_at(std::size_t index);

  std::int64_t ttl_ms_;
  std::size_t max_users_;
  UserKeyField key_field_;
  std::vector<User> users_;
  std::vector<std::int64_t> expires_at_ms_;  // parallel to users_
};

}  // namespace chatwire::chat
