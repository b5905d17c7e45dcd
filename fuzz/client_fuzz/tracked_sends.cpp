#include "client_fuzz/tracked_sends.h"

#include <algorithm>

namespace chatwire::fuzz::client_fuzz {

void TrackedSends::add(const chat::ClientId& id, const chat::RoomId& room, const std::string& text) {
  tracked_.emplace(id, Tracked{room, text});
  issued_.push_back(id);
}

void TrackedSends::cancel(const chat::ClientId& id) {
  auto it = tracked_.find(id);
  if (it != tracked_.end()) it->second.cancelled = true;
}

const chat::ClientId& TrackedSends::recent(std::size_t back) const {
  return issued_[issued_.size() - 1 - back % std::min<std::size_t>(issued_.size(), 8)];
}

std::vector<chat::ClientId> TrackedSends::unconfirmed_in(const chat::RoomId& room) const {
  std::vector<chat::ClientId> out;
  for (const chat::ClientId& id : issued_) {
    const Tracked& tracked = tracked_.at(id);
    if (tracked.room == room && !tracked.cancelled && !tracked.settled) out.push_back(id);
  }
  return out;
}

}  // namespace chatwire::fuzz::client_fuzz
