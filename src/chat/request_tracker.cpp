#include "chat/request_tracker.h"

#include <iterator>
#include <utility>

#include "util/take_front.h"

namespace chatwire::chat {

RequestId RequestTracker::issue(Request request) {
  request.id = next_id_++;
  if (next_id_ == 0) next_id_ = 1;
  InFlight what{request.op, request.room, request.client_id, request.op_id,
                request.op == Operation::kJoin ? request.seq : std::nullopt};
  in_flight_.insert_or_assign(request.id, std::move(what));
  const RequestId id = request.id;
  queue_.push_back(std::move(request));
  return id;
}

std::optional<RequestTracker::InFlight> RequestTracker::take(RequestId id) {
  auto it = in_flight_.find(id);
  if (it == in_flight_.end()) return std::nullopt;
  InFlight what = std::move(it->second);
  in_flight_.erase(it);
  return what;
}

void RequestTracker::forget(RequestId id) { in_flight_.erase(id); }

void RequestTracker::forget_all_except(Operation kept) {
  for (auto it = in_flight_.begin(); it != in_flight_.end();) {
    it = it->second.op == kept ? std::next(it) : in_flight_.erase(it);
  }
}

RequestId RequestTracker::issue(Operation op, const RoomId& room) {
  Request request;
  request.op = op;
  request.room = room;
  return issue(std::move(request));
}

std::optional<Request> RequestTracker::poll() {
  // Requests nobody waits on (typing, receipts, leave, echo-confirmed sends)
  // need no bookkeeping once handed over.
  return util::take_front(queue_);
}

}  // namespace chatwire::chat
