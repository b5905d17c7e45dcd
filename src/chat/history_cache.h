// The newest messages of each joined room as this device keeps them across
// restarts (ChatConfig::cached_messages), so that a reload paints a room
// before the socket connects. Like the durable outbox (stored_send.h), the
// core decides what is kept and when; the platform only stores the
// HistoryCached records it is told to and hands them back to restore().
//
// Writes are coalesced: a room that changes is written kWriteDelayMs later,
// once, whatever arrived meanwhile, so a busy room costs one write a second,
// not one per message. A disconnect (the page closing) writes what is due.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "chat/vocabulary.h"

namespace chatwire::chat {

/// One room's kept messages, oldest first, as a platform stores them.
struct CachedRoom {
  /// The layout of a record: a platform stores it with each record and
  /// hands back only records of a version this core reads.
  static constexpr int kSchema = 1;

  RoomId room;
  std::vector<Message> messages;
};

class HistoryCache {
 public:
  /// A changed room is written this long after its first unwritten change.
  static constexpr std::int64_t kWriteDelayMs = 1000;

  /// Keeps the newest `per_room` confirmed messages of each room; 0: off.
  explicit HistoryCache(std::size_t per_room) : per_room_(per_room) {}

  [[nodiscard]] bool enabled() const { return per_room_ > 0; }
  [[nodiscard]] std::size_t per_room() const { return per_room_; }

  /// Takes back what the platform kept before a restart: at most `max_rooms`
  /// rooms and the newest per_room() messages of each; a room named twice
  /// keeps its first record. Each room waits for its join (take()).
  /// Returns how many rooms were taken.
  std::size_t restore(std::vector<CachedRoom> rooms, std::size_t max_rooms);

  /// The kept messages of `room` (oldest first), each marked cached, to show
  /// when it is joined; empty when nothing was kept. Given out once.
  std::vector<Message> take(const RoomId& room);

  /// `room`'s confirmed messages changed: write it kWriteDelayMs from now,
  /// unless a write is due already.
  void changed(std::int64_t now_ms, const RoomId& room);
  /// `room` was left: nothing is written for it any more (the chat model
  /// tells the platform to drop its record).
  void forget(const RoomId& room);

  /// When the next write is due.
  [[nodiscard]] std::optional<std::int64_t> next_deadline() const;
  /// The rooms due at `now_ms` (all of them with `everything`), no longer due.
  std::vector<RoomId> take_due(std::int64_t now_ms, bool everything = false);

 private:
  std::vector<CachedRoom>::iterator restored(const RoomId& room);

  // Vectors, not maps: both hold at most max_rooms entries, usually a few,
  // and each map type would add its own code to the module.
  std::size_t per_room_;
  /// Restored rooms not joined yet.
  std::vector<CachedRoom> restored_;
  /// Rooms with unwritten changes, with when each is due, in the order they changed.
  std::vector<std::pair<RoomId, std::int64_t>> due_;
};

}  // namespace chatwire::chat
