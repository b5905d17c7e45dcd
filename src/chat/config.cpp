#include "chat/config.h"

namespace chatwire::chat {
namespace {

std::optional<ChatConfigError> error(std::string field, std::string message) {
  return ChatConfigError{std::move(field), std::move(message)};
}

}  // namespace

std::optional<ChatConfigError> validate(const ChatConfig& config) {
  const std::string& key = config.capabilities.identifies_users_by_name ? config.self.name : config.self.id;
  if (key.empty()) {
    return error(config.capabilities.identifies_users_by_name ? "user.name" : "user.id",
                 "must not be empty: it is how the server tells the user's own messages apart");
  }
  if (config.max_messages_per_room < 1) return error("max_messages_per_room", "must be at least 1");
  if (config.max_text_length < 1) return error("max_text_length", "must be at least 1");
  if (config.max_pending_per_room < 1) return error("max_pending_per_room", "must be at least 1");
  if (config.max_rooms < 1) return error("max_rooms", "must be at least 1");
  if (config.request_timeout_ms <= 0) return error("request_timeout_ms", "must be positive");
  if (config.history_page_size < 1 || config.history_page_size > 100) {
    return error("history_page_size", "must be between 1 and 100");
  }
  if (config.cached_messages > config.max_messages_per_room) {
    return error("cached_messages", "must not exceed max_messages_per_room");
  }
  if (config.read_receipt_interval_ms < 0) return error("read_receipt_interval_ms", "must not be negative");
  if (config.typing.refresh_ms <= 0) return error("typing.refresh_ms", "must be positive");
  if (config.typing.idle_ms <= 0) return error("typing.idle_ms", "must be positive");
  if (config.typing.remote_ttl_ms <= 0) return error("typing.remote_ttl_ms", "must be positive");
  return std::nullopt;
}

}  // namespace chatwire::chat
