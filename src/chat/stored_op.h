// One of the user's pending operations (an edit, a delete, a reaction) as it
// is kept across page loads (IndexedDB in the browser), so that a change made
// offline survives a reload as a message typed offline does (StoredSend).
// The chat model decides when a record is written and when it is dropped
// (OpStored, OpForgotten); the platform only keeps what it is told and hands
// the records back to restore_ops() on the next start.
#pragma once

#include <cstdint>
#include <string>

#include "chat/signals.h"
#include "chat/vocabulary.h"

namespace chatwire::chat {

struct StoredOp {
  /// The layout of a record. A platform stores it with each record and
  /// hands back only records of a version this core reads.
  static constexpr int kSchema = 1;

  OpId op_id;
  RoomId room;
  /// kEdit, kDelete or kReact.
  Operation op = Operation::kEdit;
  /// The server id of the message it changes; empty while that message is
  /// the user's own send, not yet confirmed (then `client_id` names it).
  std::string message_id;
  ClientId client_id;
  std::string text;   // kEdit
  std::string emoji;  // kReact
  bool on = true;     // kReact: set, or unset
  std::int64_t created_at_ms = 0;
};

}  // namespace chatwire::chat
