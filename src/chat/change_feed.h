// One room's catch-up of changes (edits, deletes, reactions) to the messages
// it already holds, across a dropped connection. The server counts every
// change of a room (its rev); while the room is joined every change arrives
// as a push, so the highest rev seen is how far the client is caught up. A
// rejoin sends it (since_rev, with since); the join's answer carries the
// changes after it to messages the client held, and while the server has
// more, the client pages with kChanges requests. Until the last page has
// come, what the room has seen is not a caught-up point: a drop in the
// middle resumes from where the last complete point was.
//
// The feed decides what to ask for and how far the room is caught up; the
// chat model applies the changes to the room.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "chat/request_tracker.h"
#include "chat/signals.h"
#include "chat/vocabulary.h"

namespace chatwire::chat {

class ChangeFeed {
 public:
  /// The most changes one page may ask for (the native protocol's bound).
  static constexpr std::uint32_t kPageSize = 100;

  /// The rev a rejoin resumes after; nullopt before the first join answer
  /// that gave one.
  [[nodiscard]] std::optional<std::int64_t> since_rev() const { return caught_up_; }
  /// The kChanges request in flight, if any.
  [[nodiscard]] std::optional<RequestId> request() const { return request_; }

  /// The join's answer: the room's rev then (`rev`) and, for a resumed join,
  /// the first page of changes. Asks for the next page while the server
  /// has more.
  void joined(RequestTracker& requests, const RoomId& room, std::optional<std::int64_t> rev,
              const std::optional<HistoryPage>& changes);
  /// The answer to the kChanges request in flight: its page, and the room's
  /// rev then. Asks for the next page while the server has more.
  void answered(RequestTracker& requests, const RoomId& room, const HistoryPage& page,
                std::optional<std::int64_t> rev);
  /// A change or a message seen live (a push, an ack) at `rev`: while the
  /// room is joined and caught up, it is caught up to there.
  void seen(std::int64_t rev);
  /// The connection dropped, the room was left, or a page failed: nothing
  /// is in flight, the room is no longer live, and the early changes are
  /// forgotten. How far it was caught up stays, for the next rejoin.
  void stop();

  // ---- changes that came before their message ------------------------------
  // The server reads a page (a join's, a history page) at one moment, and a
  // change it makes after that moment is pushed at once, so it may arrive
  // before the page that brings the message in an older state. Dropped
  // because the room did not hold the message yet, the change would be lost
  // for as long as the connection lasts: it is kept until the page is in.

  /// Most early changes kept; more are dropped (a bound against a server
  /// that pushes changes of messages it never sends).
  static constexpr std::size_t kMaxEarly = 256;
  /// Keeps a pushed change of a message the room does not hold, while a page
  /// is on its way (of one message, the highest version).
  void keep_early(Message message);
  /// The early changes kept, none afterwards.
  std::vector<Message> take_early() { return std::exchange(early_, {}); }

 private:
  /// Asks for the changes after `after_rev_`.
  void ask(RequestTracker& requests, const RoomId& room);

  std::vector<Message> early_;
  std::optional<std::int64_t> caught_up_;
  std::optional<RequestId> request_;
  /// Paging: the rev the next page starts after.
  std::int64_t after_rev_ = 0;
  /// Joined and caught up: live changes move caught_up_.
  bool live_ = false;
};

}  // namespace chatwire::chat
