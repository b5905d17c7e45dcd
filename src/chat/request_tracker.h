// The chat model's requests between issue and answer. Each is numbered as
// it is issued, queued until the client facade takes it (poll), and
// remembered with what it was for until its answer (or failure) arrives or
// nobody waits for one any more. An answer to a request it no longer
// remembers is late, or for something since dropped, and is ignored.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <unordered_map>

#include "chat/signals.h"
#include "chat/vocabulary.h"

namespace chatwire::chat {

class RequestTracker {
 public:
  /// A request in flight and what it was for: enough to route its answer.
  struct InFlight {
    Operation op = Operation::kJoin;
    RoomId room;
    ClientId client_id;                 // kSend
    OpId op_id;                         // kEdit, kDelete, kReact
    std::optional<std::int64_t> since;  // kJoin resuming after this seq
  };

  /// Numbers `request`, queues it for poll(), and remembers it until
  /// take() or forget(). Returns its id.
  RequestId issue(Request request);
  /// issue() for a request that names only its operation and room.
  RequestId issue(Operation op, const RoomId& room);
  /// The answer to `id` arrived: what the request was for, and it is no
  /// longer remembered. nullopt when nobody waits for it.
  std::optional<InFlight> take(RequestId id);
  /// Nobody waits for the answer to `id` any more: it will be ignored.
  void forget(RequestId id);
  /// Forgets every request in flight except those of `kept`.
  void forget_all_except(Operation kept);
  /// The next request to emit, oldest first.
  std::optional<Request> poll();

 private:
  RequestId next_id_ = 1;
  std::unordered_map<RequestId, InFlight> in_flight_;
  std::deque<Request> queue_;
};

}  // namespace chatwire::chat
