// The pause after a server said "unavailable": for now it cannot serve
// (docs/protocol.md: its database is down), and the request may be made
// again later. Such a refusal is not a failure the user must act on: like a
// dropped connection, it passes. The sends, changes and joins it refused
// stay pending and go again when the pause is over; each refusal in a row
// doubles the pause (1 s, 2 s, ... up to 30 s), and any other answer ends
// the streak.
#pragma once

#include <cstdint>
#include <optional>

namespace chatwire::chat {

/// The error code of a server refusal that means "try again later".
inline constexpr const char* kUnavailableCode = "unavailable";

class RetryPause {
 public:
  static constexpr std::int64_t kFirstMs = 1000;
  static constexpr std::int64_t kLongestMs = 30'000;

  /// The server refused a request as unavailable at `now_ms`. Starts a pause
  /// unless one runs (several requests refused together wait together).
  /// Returns the length of the pause it started; nullopt when one ran.
  std::optional<std::int64_t> refused(std::int64_t now_ms);
  /// The server answered something else: the next refusal starts over at kFirstMs.
  void answered() { streak_ = 0; }
  /// When the running pause ends; nullopt when none runs.
  [[nodiscard]] std::optional<std::int64_t> deadline() const { return due_; }
  /// Whether the running pause is over at `now_ms`; true once per pause.
  bool over(std::int64_t now_ms);

 private:
  std::optional<std::int64_t> due_;
  std::uint32_t streak_ = 0;
};

}  // namespace chatwire::chat
