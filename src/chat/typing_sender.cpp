#include "chat/typing_sender.h"

#include <algorithm>

#include "util/saturating.h"

namespace chatwire::chat {
namespace {

constexpr std::int64_t kMinMarginMs = 500;

TypingPolicy sanitized(TypingPolicy policy) {
  policy.refresh_ms = std::max<std::int64_t>(policy.refresh_ms, 0);
  policy.idle_ms = std::max<std::int64_t>(policy.idle_ms, 0);
  policy.server_expires_ms = std::max<std::int64_t>(policy.server_expires_ms, 0);
  return policy;
}

}  // namespace

const char* to_string(TypingOutput output) {
  switch (output) {
    case TypingOutput::kNone:
      return "none";
    case TypingOutput::kSendStart:
      return "send-start";
    case TypingOutput::kSendStop:
      return "send-stop";
  }
  return "unknown";
}

std::int64_t typing_refresh_margin_ms(std::int64_t server_expires_ms) {
  if (server_expires_ms <= 0) return 0;
  return std::min(std::max(kMinMarginMs, server_expires_ms / 5), server_expires_ms / 2);
}

std::optional<std::int64_t> typing_refresh_interval_ms(const TypingPolicy& policy) {
  if (policy.server_expires_ms <= 0) return std::nullopt;
  const std::int64_t limit = policy.server_expires_ms - typing_refresh_margin_ms(policy.server_expires_ms);
  const std::int64_t interval = policy.refresh_ms > 0 ? std::min(policy.refresh_ms, limit) : limit;
  // At least 1 ms, so that a caller driving handle_timeout() at each
  // deadline always moves forward.
  return std::max<std::int64_t>(interval, 1);
}

TypingSender::TypingSender(TypingPolicy policy)
    : policy_(sanitized(policy)), refresh_interval_ms_(typing_refresh_interval_ms(policy_)) {
  if (refresh_interval_ms_) {
    horizon_ms_ = std::max(policy_.server_expires_ms - typing_refresh_margin_ms(policy_.server_expires_ms),
                           *refresh_interval_ms_);
  }
}

TypingOutput TypingSender::keystroke(std::int64_t now_ms) {
  // A missed idle timeout ends the old session here: the new one starts
  // with a start of its own.
  if (!active_ || now_ms >= idle_deadline()) {
    active_ = true;
    last_keystroke_ms_ = now_ms;
    last_start_ms_ = now_ms;
    return TypingOutput::kSendStart;
  }
  last_keystroke_ms_ = std::max(last_keystroke_ms_, now_ms);
  if (refresh_needed() && now_ms >= refresh_deadline()) {
    last_start_ms_ = now_ms;
    return TypingOutput::kSendStart;
  }
  return TypingOutput::kNone;
}

TypingOutput TypingSender::stop(std::int64_t /*now_ms*/) {
  if (!active_) return TypingOutput::kNone;
  active_ = false;
  return policy_.has_stop ? TypingOutput::kSendStop : TypingOutput::kNone;
}

TypingOutput TypingSender::handle_timeout(std::int64_t now_ms) {
  if (!active_) return TypingOutput::kNone;
  if (now_ms >= idle_deadline()) return stop(now_ms);
  if (refresh_needed() && now_ms >= refresh_deadline()) {
    last_start_ms_ = now_ms;
    return TypingOutput::kSendStart;
  }
  return TypingOutput::kNone;
}

std::optional<std::int64_t> TypingSender::next_deadline() const {
  if (!active_) return std::nullopt;
  std::int64_t deadline = idle_deadline();
  // When no refresh is needed yet, only a keystroke can make one needed,
  // and keystroke() sends it itself if it is due by then.
  if (refresh_needed()) deadline = std::min(deadline, refresh_deadline());
  return deadline;
}

std::int64_t TypingSender::idle_deadline() const {
  return util::saturating_add(last_keystroke_ms_, policy_.idle_ms);
}

bool TypingSender::refresh_needed() const {
  return refresh_interval_ms_ && idle_deadline() > util::saturating_add(last_start_ms_, horizon_ms_);
}

std::int64_t TypingSender::refresh_deadline() const {
  return util::saturating_add(last_start_ms_, refresh_interval_ms_.value_or(0));
}

}  // namespace chatwire::chat
