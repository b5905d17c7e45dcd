#include "chat/change_feed.h"

#include <algorithm>
#include <utility>

namespace chatwire::chat {
namespace {

/// The rev of the last change a page brought (pages come in rev order).
std::optional<std::int64_t> last_rev(const HistoryPage& page) {
  for (auto it = page.messages.rbegin(); it != page.messages.rend(); ++it) {
    if (it->rev > 0) return it->rev;
  }
  return std::nullopt;
}

}  // namespace

void ChangeFeed::joined(RequestTracker& requests, const RoomId& room, std::optional<std::int64_t> rev,
                        const std::optional<HistoryPage>& changes) {
  request_.reset();
  if (changes && changes->has_more.value_or(false)) {
    // Caught up only once the last page is in; until then a drop resumes
    // from the point before this join.
    live_ = false;
    after_rev_ = last_rev(*changes).value_or(caught_up_.value_or(0));
    ask(requests, room);
    return;
  }
  live_ = true;
  if (rev) caught_up_ = std::max(caught_up_.value_or(0), *rev);
}

void ChangeFeed::answered(RequestTracker& requests, const RoomId& room, const HistoryPage& page,
                          std::optional<std::int64_t> rev) {
  request_.reset();
  const std::optional<std::int64_t> last = last_rev(page);
  const bool more = page.has_more.value_or(false);
  if (more && last && *last > after_rev_) {
    after_rev_ = *last;
    ask(requests, room);
    return;
  }
  live_ = true;
  // A page that says there is more but moves nothing ends the paging there,
  // without claiming what it did not bring.
  const std::int64_t reached = more ? after_rev_ : std::max(rev.value_or(0), last.value_or(0));
  caught_up_ = std::max(caught_up_.value_or(0), reached);
}

void ChangeFeed::seen(std::int64_t rev) {
  if (live_ && caught_up_ && rev > *caught_up_) caught_up_ = rev;
}

void ChangeFeed::stop() {
  request_.reset();
  live_ = false;
  early_.clear();
}

void ChangeFeed::keep_early(Message message) {
  const auto same =
      std::find_if(early_.begin(), early_.end(), [&](const Message& m) { return m.id == message.id; });
  if (same != early_.end()) {
    if (same->version < message.version) *same = std::move(message);
  } else if (early_.size() < kMaxEarly) {
    early_.push_back(std::move(message));
  }
}

void ChangeFeed::ask(RequestTracker& requests, const RoomId& room) {
  Request request;
  request.op = Operation::kChanges;
  request.room = room;
  request.after_rev = after_rev_;
  request.limit = kPageSize;
  request_ = requests.issue(std::move(request));
}

}  // namespace chatwire::chat
