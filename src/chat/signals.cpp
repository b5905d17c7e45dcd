#include "chat/signals.h"

namespace chatwire::chat {

const char* to_string(Operation op) {
  switch (op) {
    case Operation::kJoin: return "join";
    case Operation::kLeave: return "leave";
    case Operation::kSend: return "send";
    case Operation::kTypingStart: return "typing_start";
    case Operation::kTypingStop: return "typing_stop";
    case Operation::kMarkRead: return "mark_read";
    case Operation::kHistory: return "history";
    case Operation::kMembers: return "members";
  }
  return "unknown";
}

}  // namespace chatwire::chat
