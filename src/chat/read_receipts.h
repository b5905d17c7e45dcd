// Other users' read positions in one room, from the receipts the backend
// reports. A message's "read by" list is derived from them when asked, so a
// receipt costs one entry however many messages it covers.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "chat/message_store.h"

namespace chatwire::chat {

/// Stands for a reader the backend did not name (nest-conversations'
/// `messageRead` reports only the message).
inline constexpr const char* kUnnamedReader = "*";

class ReadReceipts {
 public:
  explicit ReadReceipts(std::size_t max_readers = 256) : max_readers_(max_readers) {}

  /// How far a receipt moved a reader: every message after `from` (all of
  /// them when nullopt) up to and including `to` is newly read by them.
  struct Moved {
    std::optional<OrderKey> from;
    OrderKey to;
  };

  /// `reader` has read everything up to and including `position`. A receipt
  /// behind the reader's known position is ignored (receipts never move
  /// backwards). Beyond max_readers new readers are ignored. Returns how far
  /// the reader moved, or nullopt when nothing changed.
  std::optional<Moved> record(const std::string& reader, OrderKey position);

  /// The readers whose position is at or after `position`, except
  /// `author_key` (authors do not read their own messages), in the order
  /// they were first seen.
  [[nodiscard]] std::vector<std::string> readers_of(OrderKey position, const std::string& author_key) const;

  [[nodiscard]] bool empty() const { return readers_.empty(); }
  void clear() { readers_.clear(); }

 private:
  std::size_t max_readers_;
  std::vector<std::pair<std::string, OrderKey>> readers_;
};

}  // namespace chatwire::chat
