#include "chat/detached_window.h"

#include <algorithm>
#include <utility>

namespace chatwire::chat {

DetachedWindow::DetachedWindow(StoreConfig config) : config_(std::move(config)), store_(config_) {}

// ---- what it shows ---------------------------------------------------------------

bool DetachedWindow::meets(const MessageStore& live) const {
  if (!shown_) return false;
  if (!has_newer_) return true;
  const std::optional<std::int64_t> newest = store_.newest_seq();
  const std::optional<std::int64_t> live_oldest = live.oldest_seq();
  return newest && live_oldest && *newest + 1 >= *live_oldest;
}

std::optional<DetachedWindow::Asked> DetachedWindow::asking() const {
  return request_ ? std::optional<Asked>(asked_) : std::nullopt;
}

// ---- asking ----------------------------------------------------------------------

void DetachedWindow::ask(RequestTracker& requests, Request request, Asked asked) {
  request.op = Operation::kHistory;
  request.limit = std::clamp<std::uint32_t>(request.limit, 1, HistoryPager::kMaxPageSize);
  request_ = requests.issue(std::move(request));
  asked_ = asked;
}

void DetachedWindow::ask_around(RequestTracker& requests, const RoomId& room, const std::string& target,
                                std::uint32_t limit) {
  Request request;
  request.room = room;
  request.message_id = target;
  request.limit = limit;
  target_ = target;
  ask(requests, std::move(request), Asked::kAround);
}

std::optional<CommandError> DetachedWindow::refuse(Asked direction) const {
  if (request_) return CommandError::kBusy;
  const bool more = direction == Asked::kOlder ? store_.has_more_older() : has_newer_;
  if (!shown_ || !more) return CommandError::kNoMoreHistory;
  return std::nullopt;
}

void DetachedWindow::ask_beyond(RequestTracker& requests, const RoomId& room, Asked direction,
                                std::uint32_t limit) {
  Request request;
  request.room = room;
  if (direction == Asked::kOlder) {
    request.before_seq = store_.oldest_seq();
  } else {
    request.after_seq = store_.newest_seq();
  }
  request.limit = limit;
  ask(requests, std::move(request), direction);
}

// ---- answers ---------------------------------------------------------------------

std::optional<DetachedWindow::Answer> DetachedWindow::answered(HistoryPage page) {
  using PageKind = MessageStore::PageKind;
  const bool holds_target = std::any_of(page.messages.begin(), page.messages.end(),
                                        [this](const Message& message) { return message.id == target_; });
  if (asked_ == Asked::kAround && !holds_target) return std::nullopt;
  request_.reset();
  switch (asked_) {
    case Asked::kAround: {
      store_ = MessageStore(config_);
      shown_ = true;
      has_newer_ = page.has_newer.value_or(page.has_more.value_or(true));
      const auto added =
          store_.add_page(std::move(page.messages), PageKind::kLatest, page.has_older.value_or(page.has_more.value_or(true)));
      return Answer{Asked::kAround, added.added};
    }
    case Asked::kOlder:
      return Answer{Asked::kOlder, store_.add_page(std::move(page.messages), PageKind::kOlder, page.has_more).added};
    case Asked::kNewer: {
      // A page that brought nothing cannot have more after it: it would loop.
      has_newer_ = page.has_more.value_or(false) && !page.messages.empty();
      return Answer{Asked::kNewer, store_.add_page(std::move(page.messages), PageKind::kNewer, std::nullopt).added};
    }
  }
  return std::nullopt;
}

std::optional<RequestId> DetachedWindow::end() { return std::exchange(request_, std::nullopt); }

}  // namespace chatwire::chat
