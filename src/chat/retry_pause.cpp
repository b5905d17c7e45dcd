#include "chat/retry_pause.h"

#include <algorithm>

namespace chatwire::chat {

std::optional<std::int64_t> RetryPause::refused(std::int64_t now_ms) {
  if (due_) return std::nullopt;
  const std::uint32_t doublings = std::min<std::uint32_t>(streak_, 5);  // 1 s << 5 = 32 s: past the cap
  const std::int64_t pause = std::min(kFirstMs << doublings, kLongestMs);
  ++streak_;
  due_ = now_ms + pause;
  return pause;
}

bool RetryPause::over(std::int64_t now_ms) {
  if (!due_ || *due_ > now_ms) return false;
  due_.reset();
  return true;
}

}  // namespace chatwire::chat
