#include "chat/room.h"

namespace chatwire::chat {
namespace {
constexpr std::size_t kMaxTypingUsers = 64;
constexpr std::size_t kMaxMembers = 1000;
}  // namespace

const char* to_string(RoomState state) {
  switch (state) {
    case RoomState::kJoining: return "joining";
    case RoomState::kJoined: return "joined";
    case RoomState::kLeft: return "left";
  }
  return "unknown";
}

Room::Room(RoomId id, std::uint64_t join_order, StoreConfig store_config, TypingPolicy typing_policy,
           std::int64_t remote_ttl_ms, bool users_by_name)
    : id_(std::move(id)),
      join_order_(join_order),
      users_by_name_(users_by_name),
      store_(std::move(store_config)),
      typing_out_(typing_policy),
      typing_in_(remote_ttl_ms, kMaxTypingUsers, key_field()),
      roster_(kMaxMembers, key_field()) {}

std::vector<std::string> Room::read_by(std::size_t index) const {
  const MessageStore& shown = shown_messages();
  if (index >= shown.size() || receipts_.empty()) return {};
  const Message& message = shown.at(index);
  if (message.status != MessageStatus::kSent) return {};
  return receipts_.readers_of(shown.key_at(index), key_of(message.author));
}

bool Room::loading_older() const {
  return detached() ? asking(DetachedWindow::Asked::kOlder) : history_.loading();
}

bool Room::asking(DetachedWindow::Asked asked) const { return window_ && window_->asking() == asked; }

std::optional<RequestId> Room::history_request() const {
  return detached() ? window_->request() : history_.request();
}

std::optional<RequestId> Room::window_request() const {
  return window_ ? window_->request() : std::nullopt;
}

std::array<MessageStore*, 2> Room::stores() {
  return {&store_, window_ ? &window_->messages() : nullptr};
}

std::array<const MessageStore*, 2> Room::stores() const {
  return {&store_, window_ ? &window_->messages() : nullptr};
}

}  // namespace chatwire::chat
