#include "chat/typing_tracker.h"

#include <algorithm>

#include "util/saturating.h"

namespace chatwire::chat {

TypingTracker::TypingTracker(std::int64_t ttl_ms, std::size_t max_users, UserKeyField key_field)
    : ttl_ms_(std::max<std::int64_t>(ttl_ms, 1)), max_users_(max_users), key_field_(key_field) {}

bool TypingTracker::on_typing(std::int64_t now_ms, const User& user, bool typing,
                              std::optional<std::int64_t> server_ttl_ms) {
  const std::string& key = user_key(user, key_field_);
  if (key.empty()) return false;
  const auto index = index_of(key);
  if (!typing) {
    if (!index) return false;
    erase_at(*index);
    return true;
  }
  // A zero or negative TTL from the server is garbage, not "expire at once".
  const std::int64_t ttl =
      server_ttl_ms && *server_ttl_ms > 0 ? std::min(*server_ttl_ms, kMaxServerTtlMs) : ttl_ms_;
  const std::int64_t expires_at = util::saturating_add(now_ms, ttl);
  if (index) {
    expires_at_ms_[*index] = expires_at;
    return merge_user(users_[*index], user);
  }
  if (users_.size() >= max_users_) return false;
  users_.push_back(user);
  expires_at_ms_.push_back(expires_at);
  return true;
}

bool TypingTracker::clear(const std::string& user_key) {
  const auto index = index_of(user_key);
  if (!index) return false;
  erase_at(*index);
  return true;
}

bool TypingTracker::clear_all() {
  if (users_.empty()) return false;
  users_.clear();
  expires_at_ms_.clear();
  return true;
}

bool TypingTracker::handle_timeout(std::int64_t now_ms) {
  bool changed = false;
  std::size_t i = 0;
  while (i < users_.size()) {
    if (expires_at_ms_[i] <= now_ms) {
      erase_at(i);
      changed = true;
    } else {
      ++i;
    }
  }
  return changed;
}

std::optional<std::int64_t> TypingTracker::next_deadline() const {
  if (expires_at_ms_.empty()) return std::nullopt;
  return *std::min_element(expires_at_ms_.begin(), expires_at_ms_.end());
}

std::optional<std::size_t> TypingTracker::index_of(const std::string& key) const {
  if (key.empty()) return std::nullopt;
  for (std::size_t i = 0; i < users_.size(); ++i) {
    if (user_key(users_[i], key_field_) == key) return i;
  }
  return std::nullopt;
}

void TypingTracker::erase_at(std::size_t index) {
  const auto offset = static_cast<std::ptrdiff_t>(index);
  users_.erase(users_.begin() + offset);
  expires_at_ms_.erase(expires_at_ms_.begin() + offset);
}

}  // namespace chatwire::chat
