// A send the user has not seen confirmed, as it is kept across page loads
// (IndexedDB in the browser), so that a message typed offline survives a
// reload or a crash. The chat model decides when one is written and when it
// is dropped (SendStored, SendForgotten); the platform only keeps what it
// is told and hands the records back to restore_sends() on the next start.
#pragma once

#include <cstdint>
#include <string>

#include "chat/vocabulary.h"

namespace chatwire::chat {

struct StoredSend {
  /// The layout of a record. A platform stores it with each record and
  /// hands back only records of a version this core reads.
  static constexpr int kSchema = 1;

  ClientId client_id;
  RoomId room;
  std::string text;
  std::int64_t created_at_ms = 0;
  /// Handed to the server on some connection: it may have it. Where sends
  /// are not idempotent, such a message is not sent again by itself after a
  /// restart (it comes back kUnconfirmed, for the user to retry).
  bool handed_over = false;
  /// Why it failed, when it did: it comes back failed, for retry().
  std::string failure;
  /// The server id of the message it answers, if it is a reply.
  std::string reply_to{};
};

}  // namespace chatwire::chat
