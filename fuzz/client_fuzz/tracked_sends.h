// The client ids send() returned, and what is known of each: the fake server
// echoes them back, the generator puts them in payloads, and the invariants
// check that an unconfirmed one never just vanishes.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "client.h"

namespace chatwire::fuzz::client_fuzz {

/// A client id send() returned, and what is known of it.
struct Tracked {
  chat::RoomId room;
  std::string text;
  bool cancelled = false;
  bool settled = false;  // seen confirmed, dropped with a full store, or its room forgotten
};

class TrackedSends {
 public:
  /// Starts tracking what send() returned. A client id already tracked
  /// keeps its first entry (the invariants report it as not fresh).
  void add(const chat::ClientId& id, const chat::RoomId& room, const std::string& text);
  /// Marks `id` cancelled, if it is tracked.
  void cancel(const chat::ClientId& id);

  [[nodiscard]] bool empty() const { return issued_.empty(); }
  [[nodiscard]] bool contains(const chat::ClientId& id) const { return tracked_.count(id) != 0; }
  /// What is known of `id`, which must be tracked.
  [[nodiscard]] const Tracked& at(const chat::ClientId& id) const { return tracked_.at(id); }
  /// Every tracked id, for the invariants to settle as they see them go.
  [[nodiscard]] std::map<chat::ClientId, Tracked>& entries() { return tracked_; }

  /// One of the 8 newest client ids send() returned (`back` from the newest, modulo).
  [[nodiscard]] const chat::ClientId& recent(std::size_t back) const;
  /// The client ids send() returned for `room` that are neither cancelled
  /// nor seen confirmed, in the order sent.
  [[nodiscard]] std::vector<chat::ClientId> unconfirmed_in(const chat::RoomId& room) const;

 private:
  std::vector<chat::ClientId> issued_;  // send() results, in order
  std::map<chat::ClientId, Tracked> tracked_;
};

}  // namespace chatwire::fuzz::client_fuzz
