// ChatModel: jumping to a message and back. A message the room shows is
// named at once; one it does not hold is loaded with the page around it into
// the room's DetachedWindow, which the room then shows instead of its live
// run, pages both ways (load_older, load_newer), and gives up for the live
// run when the two meet, when the user goes back (jump_to_latest), sends,
// or leaves. The window decides what to ask for; here the commands and the
// answers reach it, and what it shows reaches the room's reader.
#include <utility>

#include "chat/chat_model.h"

namespace chatwire::chat {

// ---- the user's commands -----------------------------------------------------------

Result<ChatModel::Jump, CommandError> ChatModel::jump_to(std::int64_t now_ms, const RoomId& id,
                                                         const std::string& message) {
  Room* room = find(id);
  if (room == nullptr || room->state_ == RoomState::kLeft) return Failure{CommandError::kNotJoined};
  if (message.empty() || message.size() > kMaxMessageRefBytes) return Failure{CommandError::kUnknownMessage};
  if (const Message* shown = find_in(room->shown_messages(), message)) {
    Jump jump{message_key(*shown, {}), {}};
    // It is on screen: a jump still on its way would take the user elsewhere.
    if (room->asking(DetachedWindow::Asked::kAround)) end_window_request(*room, false);
    flush_changes();
    return jump;
  }
  if (const Message* live = find_in(room->store_, message)) {
    // In the live run, which the window hides: back to it.
    Jump jump{message_key(*live, {}), {}};
    close_window(now_ms, *room);
    flush_changes();
    return jump;
  }
  if (!config_.capabilities.has(Operation::kHistory) || !config_.capabilities.history_around) {
    return Failure{CommandError::kUnsupported};
  }
  if (!connected_ || room->state_ != RoomState::kJoined) return Failure{CommandError::kNotJoined};
  if (room->asking(DetachedWindow::Asked::kAround) && room->window_->target() == message) {
    return Jump{{}, room->window_request()};  // the same jump, in flight: shared
  }
  // A jump elsewhere, or a page of the window, gives way to this one.
  end_window_request(*room, false);
  if (!room->window_) room->window_ = std::make_unique<DetachedWindow>(room->store_.config());
  room->window_->ask_around(requests_, id, message, config_.history_page_size);
  touch(*room, kChangeState);
  flush_changes();
  return Jump{{}, room->window_request()};
}

Result<bool, CommandError> ChatModel::jump_to_latest(std::int64_t now_ms, const RoomId& id) {
  Room* room = find(id);
  if (room == nullptr || room->state_ == RoomState::kLeft) return Failure{CommandError::kNotJoined};
  if (!room->window_) return false;
  close_window(now_ms, *room);
  flush_changes();
  return true;
}

Result<bool, CommandError> ChatModel::load_newer(std::int64_t now_ms, const RoomId& id, std::uint32_t count) {
  (void)now_ms;  // a page, like load_older's, needs no time
  Room* room = find(id);
  if (room == nullptr || room->state_ == RoomState::kLeft) return Failure{CommandError::kNotJoined};
  // The live run ends at the newest message: only a window has anything newer.
  if (!room->detached()) return Failure{CommandError::kNoMoreHistory};
  return load_window_page(*room, DetachedWindow::Asked::kNewer, count);
}

Result<bool, CommandError> ChatModel::load_window_page(Room& room, DetachedWindow::Asked direction,
                                                       std::uint32_t count) {
  if (auto refused = room.window_->refuse(direction)) return Failure{*refused};
  if (!connected_ || room.state_ != RoomState::kJoined) return Failure{CommandError::kNotJoined};
  room.window_->ask_beyond(requests_, room.id_, direction, count == 0 ? config_.history_page_size : count);
  touch(room, kChangeState);  // loading
  return true;
}

// ---- the server's answers -----------------------------------------------------------

void ChatModel::on_window_response(std::int64_t now_ms, Room& room, RequestId id, Response response) {
  if (!response.ok || !response.history) return on_window_failed(room, id, refusal_text(response));
  DetachedWindow& window = *room.window_;
  HistoryPage page = std::move(*response.history);
  page.messages = window_page(room, std::move(page.messages));
  const std::optional<DetachedWindow::Answer> answer = window.answered(std::move(page));
  if (!answer) {
    return on_window_failed(room, id, "the server's page does not hold the message (does it know history around?)");
  }
  HistoryLoaded loaded{room.id_, id, answer->added};
  if (answer->asked == DetachedWindow::Asked::kAround) {
    const Message* target = window.messages().find_by_id(window.target());
    loaded.key = message_key(*target, {});
    window.messages().note_reset();  // the reader's list is this window's now
  }
  events_.push_back(std::move(loaded));
  touch(room, kChangeMessages | kChangeState);
  if (window.meets(room.store_)) merge_window(now_ms, room);
}

void ChatModel::on_window_failed(Room& room, RequestId id, const std::string& why) {
  const bool jump = room.asking(DetachedWindow::Asked::kAround);
  room.window_->end();
  // A jump from the live run that failed leaves no window; one from a window
  // leaves that window as it was.
  if (!room.window_->shown()) room.window_.reset();
  report(ChatErrorCode::kRequestFailed, room.id_, (jump ? "jump: " : "history: ") + why, Operation::kHistory, id);
  touch(room, kChangeState);  // no longer loading
}

// ---- the window's end ------------------------------------------------------------------

void ChatModel::end_window_request(Room& room, bool connection_lost) {
  if (!room.window_) return;
  const bool jump = room.asking(DetachedWindow::Asked::kAround);
  const std::optional<RequestId> request = room.window_->end();
  if (!request) return;
  requests_.forget(*request);
  touch(room, kChangeState);  // no longer loading
  if (!room.window_->shown()) room.window_.reset();
  if (jump && connection_lost) {
    // Nothing will bring the page the user asked for: the app may jump again.
    report(ChatErrorCode::kRequestFailed, room.id_, "jump: the connection dropped", Operation::kHistory, *request);
  } else {
    events_.push_back(HistoryLoaded{room.id_, *request, 0});
  }
}

void ChatModel::close_window(std::int64_t now_ms, Room& room) {
  if (!room.window_) return;
  end_window_request(room, false);
  if (!room.window_) return;  // it was not shown yet
  room.window_.reset();
  room.store_.note_reset();  // the reader's list is the live run's again
  touch(room, kChangeMessages | kChangeState);
  if (reads_live(room)) read_to_newest(now_ms, room);  // the user sees the newest messages again
}

void ChatModel::merge_window(std::int64_t now_ms, Room& room) {
  const MessageStore& window = room.window_->messages();
  std::vector<Message> messages;
  messages.reserve(window.confirmed_size());
  for (std::size_t i = 0; i < window.confirmed_size(); ++i) messages.push_back(window.at(i));
  const bool older = window.has_more_older();
  // The window's messages are older history of the live run now, made the
  // room's already (pending operations on top): straight into its store.
  room.window_.reset();
  room.store_.add_page(std::move(messages), MessageStore::PageKind::kOlder, older);
  room.store_.note_reset();
  touch(room, kChangeMessages | kChangeUnread | kChangeState);
  after_messages_changed(now_ms, room);
}

}  // namespace chatwire::chat
