#include "chat/history_cache.h"

#include <algorithm>
#include <utility>

namespace chatwire::chat {

std::size_t HistoryCache::restore(std::vector<CachedRoom> rooms, std::size_t max_rooms) {
  if (!enabled()) return 0;
  std::size_t taken = 0;
  for (CachedRoom& cached : rooms) {
    if (restored_.size() >= max_rooms) break;
    if (cached.room.empty() || cached.messages.empty()) continue;
    if (restored(cached.room) != restored_.end()) continue;
    std::vector<Message>& messages = cached.messages;
    // A record longer than this core keeps (a bigger setting before): its newest.
    if (messages.size() > per_room_) {
      messages.erase(messages.begin(), messages.end() - static_cast<std::ptrdiff_t>(per_room_));
    }
    // (The store makes each one kSent, without a failure, as it adds it.)
    for (Message& message : messages) {
      message.room = cached.room;
      message.cached = true;
    }
    restored_.push_back(std::move(cached));
    ++taken;
  }
  return taken;
}

std::vector<CachedRoom>::iterator HistoryCache::restored(const RoomId& room) {
  return std::find_if(restored_.begin(), restored_.end(), [&](const CachedRoom& cached) { return cached.room == room; });
}

std::vector<Message> HistoryCache::take(const RoomId& room) {
  const auto it = restored(room);
  if (it == restored_.end()) return {};
  std::vector<Message> messages = std::move(it->messages);
  restored_.erase(it);
  return messages;
}

void HistoryCache::changed(std::int64_t now_ms, const RoomId& room) {
  if (!enabled()) return;
  const bool due = std::any_of(due_.begin(), due_.end(), [&](const auto& entry) { return entry.first == room; });
  if (!due) due_.emplace_back(room, now_ms + kWriteDelayMs);
}

void HistoryCache::forget(const RoomId& room) {
  std::erase_if(due_, [&](const auto& due) { return due.first == room; });
  std::erase_if(restored_, [&](const CachedRoom& cached) { return cached.room == room; });
}

std::optional<std::int64_t> HistoryCache::next_deadline() const {
  // The first entry changed first, so it is due first.
  if (due_.empty()) return std::nullopt;
  return due_.front().second;
}

std::vector<RoomId> HistoryCache::take_due(std::int64_t now_ms, bool everything) {
  std::vector<RoomId> due;
  // Entries are in the order they were due: the due ones are a prefix.
  auto first_later = due_.begin();
  while (first_later != due_.end() && (everything || first_later->second <= now_ms)) {
    due.push_back(std::move(first_later->first));
    ++first_later;
  }
  due_.erase(due_.begin(), first_later);
  return due;
}

}  // namespace chatwire::chat
