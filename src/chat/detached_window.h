// A room's detached window: the messages around one the user jumped to
// (ChatModel::jump_to) that the room did not hold, shown instead of the
// room's live run until the two meet or the user goes back to the latest.
//
// The live run (the room's own store) goes on as ever while a window is
// shown: live messages arrive there, count as unread, are cached, and the
// room resumes from its newest seq after a reconnect. The window is a store
// of its own, paged with history requests: around the target first, then
// before its oldest message and after its newest. When its newest message
// reaches the one before the live run's oldest (or the server says nothing
// is newer) the window has met the live run: the chat model moves its
// messages into the live run as older history, and the room is live again.
//
// Like HistoryPager, the window decides what to ask for and what an answer
// means for the paging; the chat model applies the pages to the stores.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "chat/command_error.h"
#include "chat/history_pager.h"
#include "chat/message_store.h"
#include "chat/request_tracker.h"
#include "chat/signals.h"
#include "chat/vocabulary.h"

namespace chatwire::chat {

class DetachedWindow {
 public:
  /// What a window request asks for.
  enum class Asked : std::uint8_t {
    kAround,  // the page around a message: a new window, shown once it arrives
    kOlder,   // the page before the window's oldest message
    kNewer,   // the page after its newest, towards the live run
  };

  /// A window not shown yet: the first page around a message is still to be
  /// asked for (ask_around). Its store is made with `config`.
  explicit DetachedWindow(StoreConfig config);

  // ---- what it shows --------------------------------------------------------

  /// A page around a message has arrived: the window is what the room shows.
  [[nodiscard]] bool shown() const { return shown_; }
  /// The messages shown (empty until shown()).
  [[nodiscard]] const MessageStore& messages() const { return store_; }
  [[nodiscard]] MessageStore& messages() { return store_; }
  /// Messages newer than the window exist on the server (the live run at
  /// least, until the window meets it).
  [[nodiscard]] bool has_newer() const { return has_newer_; }
  /// The window has reached `live` (the room's live run): its newest seq is
  /// the one before the live run's oldest, or later, or nothing is newer.
  /// A window not shown meets nothing.
  [[nodiscard]] bool meets(const MessageStore& live) const;

  // ---- the request in flight ------------------------------------------------

  /// The window request in flight, to match its answer; nullopt if none.
  [[nodiscard]] std::optional<RequestId> request() const { return request_; }
  /// What it asks for, while one is in flight.
  [[nodiscard]] std::optional<Asked> asking() const;
  /// The server id of the message a page is asked around (kAround in flight).
  [[nodiscard]] const std::string& target() const { return target_; }

  // ---- asking ----------------------------------------------------------------

  /// Asks for the page around the message with server id `target` (`limit`
  /// messages, within 1..HistoryPager::kMaxPageSize). A page already in flight is left to
  /// the caller to end first (end()).
  void ask_around(RequestTracker& requests, const RoomId& room, const std::string& target, std::uint32_t limit);
  /// Why the shown window cannot page towards `direction` (kOlder or kNewer)
  /// now: kBusy while a request is in flight, kNoMoreHistory when the server
  /// has nothing beyond the window that way.
  [[nodiscard]] std::optional<CommandError> refuse(Asked direction) const;
  /// Asks for the page beyond the window towards `direction`: before its
  /// oldest message (kOlder) or after its newest (kNewer).
  void ask_beyond(RequestTracker& requests, const RoomId& room, Asked direction, std::uint32_t limit);

  // ---- answers --------------------------------------------------------------

  struct Answer {
    Asked asked = Asked::kAround;
    std::size_t added = 0;  // messages the page added to the window
  };
  /// The request in flight was answered with `page` (its messages made the
  /// room's: the chat model's normalization, and the user's pending
  /// operations on top): nothing is in flight any more, and the page goes
  /// into the window. A page around a message starts the window again: a
  /// new store, shown, that reaches as far either way as the page says
  /// (has_older, has_newer; has_more stands for a side a server leaves
  /// unsaid). nullopt when a page around a message does not hold it (a
  /// server that ignores `around` answers the latest page): nothing changed,
  /// and the request is still the caller's to end.
  std::optional<Answer> answered(HistoryPage page);
  /// The load ends without an answer, or with a refusal (the connection
  /// dropped, the room was left, the user went elsewhere). Returns the
  /// request that was in flight, if any.
  std::optional<RequestId> end();

 private:
  void ask(RequestTracker& requests, Request request, Asked asked);

  StoreConfig config_;  // for the store of the next page around a message
  MessageStore store_;
  bool shown_ = false;
  bool has_newer_ = true;
  std::optional<RequestId> request_;
  Asked asked_ = Asked::kAround;
  std::string target_;
};

}  // namespace chatwire::chat
