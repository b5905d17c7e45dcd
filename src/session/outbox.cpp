#include "session/outbox.h"

#include "util/take_front.h"

namespace chatwire::session {

bool Outbox::push(PendingEmit emit) {
  if (queue_.size() >= capacity_) return false;
  queue_.push_back(std::move(emit));
  return true;
}

void Outbox::requeue_front(std::vector<PendingEmit> emits) {
  for (auto it = emits.rbegin(); it != emits.rend(); ++it) queue_.push_front(std::move(*it));
}

std::optional<PendingEmit> Outbox::pop() {
  return util::take_front(queue_);
}

std::vector<PendingEmit> Outbox::drain() {
  std::vector<PendingEmit> all(std::make_move_iterator(queue_.begin()),
                               std::make_move_iterator(queue_.end()));
  queue_.clear();
  return all;
}

void AckTracker::track(std::int64_t now_ms, PendingEmit emit) {
  const std::int64_t deadline = now_ms + emit.ack_timeout.value_or(0);
  const EmitId id = emit.id;
  by_deadline_.emplace(deadline, id);
  by_id_.insert_or_assign(id, InFlight{std::move(emit), deadline});
}

std::optional<PendingEmit> AckTracker::take(EmitId id) {
  const auto it = by_id_.find(id);
  if (it == by_id_.end()) return std::nullopt;
  by_deadline_.erase({it->second.deadline, id});
  PendingEmit emit = std::move(it->second.emit);
  by_id_.erase(it);
  return emit;
}

std::optional<std::int64_t> AckTracker::next_deadline() const {
  if (by_deadline_.empty()) return std::nullopt;
  return by_deadline_.begin()->first;
}

std::vector<EmitId> AckTracker::expire(std::int64_t now_ms) {
  std::vector<EmitId> expired;
  while (!by_deadline_.empty() && by_deadline_.begin()->first <= now_ms) {
    const EmitId id = by_deadline_.begin()->second;
    by_deadline_.erase(by_deadline_.begin());
    by_id_.erase(id);
    expired.push_back(id);
  }
  return expired;
}

std::vector<PendingEmit> AckTracker::drain() {
  std::vector<PendingEmit> all;
  all.reserve(by_id_.size());
  for (auto& [id, in_flight] : by_id_) all.push_back(std::move(in_flight.emit));
  by_id_.clear();
  by_deadline_.clear();
  return all;
}

}  // namespace chatwire::session
