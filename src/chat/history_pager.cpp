#include "chat/history_pager.h"

#include <algorithm>
#include <utility>

namespace chatwire::chat {

// ---- asking --------------------------------------------------------------------

std::optional<CommandError> HistoryPager::refuse_older(const MessageStore& store) const {
  if (request_) return CommandError::kBusy;
  if (!store.has_more_older()) return CommandError::kNoMoreHistory;
  return std::nullopt;
}

void HistoryPager::ask_latest(RequestTracker& requests, const RoomId& room, std::uint32_t limit) {
  Request request;
  request.op = Operation::kHistory;
  request.room = room;
  request.limit = limit;
  request_ = requests.issue(std::move(request));
  asked_ = PageKind::kLatest;
}

void HistoryPager::ask_older(RequestTracker& requests, const RoomId& room, const MessageStore& store,
                             std::uint32_t limit) {
  Request request;
  request.op = Operation::kHistory;
  request.room = room;
  request.before_seq = store.oldest_seq();
  request.limit = std::clamp<std::uint32_t>(limit, 1, kMaxPageSize);
  request_ = requests.issue(std::move(request));
  asked_ = PageKind::kOlder;
}

void HistoryPager::continue_gap(RequestTracker& requests, const RoomId& room, const MessageStore& store) {
  if (!filling_gap_ || request_) return;
  Request next;
  next.op = Operation::kHistory;
  next.room = room;
  next.after_seq = store.newest_seq();
  next.limit = kMaxPageSize;
  // Without a seq to continue after, the request has no bound: it asks for
  // the latest page.
  asked_ = next.after_seq ? PageKind::kNewer : PageKind::kLatest;
  request_ = requests.issue(std::move(next));
}

// ---- answers -------------------------------------------------------------------

HistoryPager::PageKind HistoryPager::join_page(bool resumed, const HistoryPage& page) {
  filling_gap_ = resumed && page.has_more.value_or(false);
  return resumed ? PageKind::kNewer : PageKind::kLatest;
}

HistoryPager::PageKind HistoryPager::answered(const HistoryPage& page) {
  request_.reset();
  filling_gap_ = asked_ == PageKind::kNewer && page.has_more.value_or(false) && !page.messages.empty();
  return asked_;
}

void HistoryPager::failed() {
  request_.reset();
  filling_gap_ = false;
}

std::optional<RequestId> HistoryPager::end() { return std::exchange(request_, std::nullopt); }

// ---- first pages ---------------------------------------------------------------

bool HistoryPager::first_history_is_read(const MessageStore& store) const {
  return awaiting_first_history_ && !store.read_cursor();
}

void HistoryPager::page_added(PageKind kind) {
  if (kind == PageKind::kLatest) awaiting_first_history_ = false;
}

bool HistoryPager::take_overlap_check() { return std::exchange(awaiting_overlap_check_, false); }

}  // namespace chatwire::chat
