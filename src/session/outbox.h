// Emits waiting for a connection, and emits waiting for their ack.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "session/events.h"

namespace chatwire::session {

/// One emit, encoded once when the app called emit().
struct PendingEmit {
  EmitId id = 0;
  std::string frame;                        // complete Engine.IO text frame ("42[...]")
  std::optional<std::int64_t> ack_timeout;  // ms after transmission; nullopt: no ack wanted
  bool resend_after_reconnect = false;      // resend (same ack id) if the connection drops first
};

/// Emits made while not connected, sent oldest first once connected.
/// Bounded: a full outbox refuses new emits (the caller reports that as an
/// error) rather than dropping old ones silently.
class Outbox {
 public:
  explicit Outbox(std::size_t capacity) : capacity_(capacity) {}

  /// False when full; the emit is not taken.
  bool push(PendingEmit emit);

  /// Puts emits that were in flight when the connection dropped back in
  /// front, in their original order. These were accepted earlier, so they
  /// may exceed the capacity rather than be lost.
  void requeue_front(std::vector<PendingEmit> emits);

  std::optional<PendingEmit> pop();

  /// Empties the outbox, oldest first (to fail every emit explicitly).
  std::vector<PendingEmit> drain();

  [[nodiscard]] std::size_t size() const { return queue_.size(); }
  [[nodiscard]] std::size_t capacity() const { return capacity_; }

 private:
  std::size_t capacity_;
  std::deque<PendingEmit> queue_;
};

/// Sent emits awaiting their ack, each with a deadline.
class AckTracker {
 public:
  /// Starts the ack timer of a just-transmitted emit.
  void track(std::int64_t now_ms, PendingEmit emit);

  /// Removes and returns the emit an ACK packet answers, if still awaited.
  std::optional<PendingEmit> take(EmitId id);

  /// Earliest ack deadline, if any emit is awaited.
  [[nodiscard]] std::optional<std::int64_t> next_deadline() const;

  /// Removes and returns the ids whose deadline is at or before now, oldest first.
  std::vector<EmitId> expire(std::int64_t now_ms);

  /// Removes and returns every awaited emit in emit order (on connection loss).
  std::vector<PendingEmit> drain();

  [[nodiscard]] std::size_t size() const { return by_id_.size(); }

 private:
  struct InFlight {
    PendingEmit emit;
    std::int64_t deadline;
  };
  std::map<EmitId, InFlight> by_id_;
  std::set<std::pair<std::int64_t, EmitId>> by_deadline_;
};

}  // namespace chatwire::session
