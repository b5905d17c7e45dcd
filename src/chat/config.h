// Settings of the chat model. Defaults are what a chat UI wants out of the box.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "chat/capabilities.h"
#include "chat/vocabulary.h"

namespace chatwire::chat {

struct TypingConfig {
  /// While the user keeps typing, re-announce at most this often, where the
  /// backend expires typing states.
  std::int64_t refresh_ms = 3000;
  /// Announce a stop after this long without a keystroke.
  std::int64_t idle_ms = 2000;
  /// Hide someone else's indicator after this long without a refresh, even
  /// if their stop never arrives.
  std::int64_t remote_ttl_ms = 6000;
};

struct ChatConfig {
  /// The signed-in user. Their own messages are never unread and their own
  /// typing never shows.
  User self;
  /// What the backend can do (from the dialect).
  Capabilities capabilities;

  /// Messages kept per room from live traffic; older ones can be paged in again.
  std::size_t max_messages_per_room = 500;
  /// Longest message, in Unicode code points.
  std::size_t max_text_length = 4000;
  /// Own messages waiting for confirmation per room; further sends are refused.
  std::size_t max_pending_per_room = 100;
  /// Rooms joined at once.
  std::size_t max_rooms = 256;
  /// How long a request (join, send, history…) may wait for its ack or
  /// confirming event before it counts as failed.
  std::int64_t request_timeout_ms = 10000;
  /// Page size for history requests.
  std::uint32_t history_page_size = 50;
  /// Read receipts for a room go out at most this often (the cursor itself
  /// moves at once); an active room receiving a burst sends one receipt.
  std::int64_t read_receipt_interval_ms = 1000;
  TypingConfig typing;
  /// Seeds client ids. Give each client a different seed (the npm package
  /// uses crypto.getRandomValues) so ids from two tabs never collide.
  std::uint64_t client_id_seed = 0;
  /// Report what to keep of the user's unconfirmed sends across restarts
  /// (SendStored, SendForgotten): set where the platform can keep it.
  bool store_sends = false;
  /// Report the newest this-many confirmed messages of each joined room to
  /// keep across restarts (HistoryCached), and take them back with
  /// restore_history(): set where the platform can keep them. 0: off.
  std::size_t cached_messages = 0;
};

/// What is wrong with a ChatConfig, naming the field.
struct ChatConfigError {
  std::string field;
  std::string message;
};

/// Checks every field; nullopt when the config is usable.
std::optional<ChatConfigError> validate(const ChatConfig& config);

}  // namespace chatwire::chat
