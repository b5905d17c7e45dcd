// One room's history paging: the one history request the room may have in
// flight and what it asked for (the latest page, an older page, or the next
// page of the gap a reconnect left), whether that gap is still being
// filled, how far the room has seen every message (where a rejoin resumes),
// and what the first pages after a (re)join tell: whether they count as
// read, and whether the rejoin skipped anything.
//
// The pager decides what to ask for and what an answer means for the
// paging; the chat model applies the pages to the room and reports.
#pragma once

#include <cstdint>
#include <optional>

#include "chat/command_error.h"
#include "chat/message_store.h"
#include "chat/request_tracker.h"
#include "chat/signals.h"
#include "chat/vocabulary.h"

namespace chatwire::chat {

class HistoryPager {
 public:
  using PageKind = MessageStore::PageKind;

  /// The most messages one page may ask for (the native protocol's bound).
  static constexpr std::uint32_t kMaxPageSize = 100;

  // ---- the request in flight -----------------------------------------------

  /// The history request in flight, to match its answer; nullopt if none.
  [[nodiscard]] std::optional<RequestId> request() const { return request_; }
  /// A page is being loaded (the room shows it as loading).
  [[nodiscard]] bool loading() const { return request_.has_value(); }

  // ---- asking --------------------------------------------------------------

  /// Why an older page cannot be asked for now: kBusy while a request is in
  /// flight, kNoMoreHistory when nothing is older than what `store` holds.
  /// The caller checks first that the room exists and the backend pages,
  /// and after this that it is connected and joined, so that "busy" and "no
  /// more" win over "not now".
  [[nodiscard]] std::optional<CommandError> refuse_older(const MessageStore& store) const;
  /// Asks for the latest page of `room` (`limit` messages).
  void ask_latest(RequestTracker& requests, const RoomId& room, std::uint32_t limit);
  /// Asks for the page before the oldest message of `store` (`limit`
  /// messages, within 1..kMaxPageSize).
  void ask_older(RequestTracker& requests, const RoomId& room, const MessageStore& store, std::uint32_t limit);
  /// While the gap after a reconnect is being filled and nothing is in
  /// flight: asks for the next page after complete_through() (the latest
  /// page when there is none).
  void continue_gap(RequestTracker& requests, const RoomId& room);

  // ---- answers -------------------------------------------------------------

  /// The answer to a join brought `page`: the messages after the seq the
  /// join resumed from (`resumed`), or the latest ones. Returns which; the
  /// gap is being filled while the server has more after a resumed page.
  PageKind join_page(bool resumed, const HistoryPage& page);
  /// The request in flight was answered with `page`: nothing is in flight
  /// any more. Returns what it asked for; the gap is being filled while the
  /// server has more after a gap page that brought something.
  PageKind answered(const HistoryPage& page);
  /// The request in flight was refused or failed: nothing is in flight any
  /// more, and the gap is no longer being filled.
  void failed();
  /// The load ends without an answer (the connection dropped, the room was
  /// left). Returns the request that was in flight, if any.
  std::optional<RequestId> end();
  /// Stops filling the gap (the connection dropped, a history request failed).
  void close_gap() { filling_gap_ = false; }

  // ---- how far the room has seen every message ------------------------------

  /// The seq through which the room has seen every message: where a rejoin
  /// resumes (the join's `since`) and the gap after it is filled from;
  /// nullopt until a join's answer showed the room with a message. Not the
  /// newest seq held: the server subscribes a connection to the room before
  /// it reads the join's page, so a message pushed before the page is
  /// answered (or while the gap is being filled) may lie past messages not
  /// seen yet, and resuming after it would skip them for good.
  [[nodiscard]] std::optional<std::int64_t> complete_through() const { return complete_through_; }
  /// A message pushed at `seq`: once the join is answered and its gap
  /// filled, pushes come in order, so the room has seen every one up to it.
  void pushed(std::optional<std::int64_t> seq);
  /// Pushes stop counting (the connection dropped, the room was left) until
  /// a join is answered again.
  void stop_following() { following_ = false; }

  // ---- first pages ---------------------------------------------------------

  /// The first history of a room is what was there before the user came:
  /// without a read cursor from the server (in `store`) it counts as read,
  /// not as unread.
  [[nodiscard]] bool first_history_is_read(const MessageStore& store) const;
  /// The room's newest page has arrived since it was created.
  [[nodiscard]] bool first_history_seen() const { return !awaiting_first_history_; }
  /// A page of `kind` was added to the room, whose messages are now `store`:
  /// `has_more` as the page said, `newest_in_page` its newest seq.
  void page_added(PageKind kind, std::optional<bool> has_more, std::optional<std::int64_t> newest_in_page,
                  const MessageStore& store);
  /// A rejoin the backend cannot resume exactly (`due`): the first history
  /// after it tells whether anything was missed.
  void arm_overlap_check(bool due) { awaiting_overlap_check_ = due; }
  /// Whether that check is due; it is not any more afterwards.
  bool take_overlap_check();

 private:
  /// complete_through_ moves to `seq` if that is further.
  void complete_to(std::optional<std::int64_t> seq);

  /// The history request in flight (one at a time per room), and what it asked for.
  std::optional<RequestId> request_;
  PageKind asked_ = PageKind::kLatest;
  /// Filling the gap after a reconnect: the next page continues after complete_through_.
  bool filling_gap_ = false;
  std::optional<std::int64_t> complete_through_;
  /// The join is answered and its gap filled: pushes move complete_through_.
  bool following_ = false;
  /// No history has arrived yet: the first page is what was there before
  /// the user came.
  bool awaiting_first_history_ = true;
  /// A rejoin without gap filling: whether the history after it overlaps
  /// what was shown tells whether anything was missed.
  bool awaiting_overlap_check_ = false;
};

}  // namespace chatwire::chat
