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

void HistoryPager::continue_gap(RequestTracker& requests, const RoomId& room) {
  if (!filling_gap_ || request_) return;
  Request next;
  next.op = Operation::kHistory;
  next.room = room;
  next.after_seq = complete_through_;
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

void HistoryPager::page_added(PageKind kind, std::optional<bool> has_more,
                              std::optional<std::int64_t> newest_in_page, const MessageStore& store) {
  if (kind == PageKind::kLatest) awaiting_first_history_ = false;
  if (kind == PageKind::kOlder) return;
  if (kind == PageKind::kNewer && has_more.value_or(false)) {
    // More after this page: complete through its end, and no further yet.
    complete_to(newest_in_page);
    following_ = false;
    return;
  }
  // The page reaches the room's newest message as the server read it, and
  // what was pushed before and after the page continues it: every message
  // held is seen, with nothing between. (One held from an earlier
  // connection, past a gap, is older than that newest message.)
  complete_to(store.newest_seq());
  following_ = true;
}

void HistoryPager::pushed(std::optional<std::int64_t> seq) {
  if (following_) complete_to(seq);
}

void HistoryPager::complete_to(std::optional<std::int64_t> seq) {
  if (seq && (!complete_through_ || *complete_through_ < *seq)) complete_through_ = seq;
}

bool HistoryPager::take_overlap_check() { return std::exchange(awaiting_overlap_check_, false); }

}  // namespace chatwire::chat
