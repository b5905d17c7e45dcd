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
    case Operation::kEdit: return "edit";
    case Operation::kDelete: return "delete";
    case Operation::kReact: return "react";
    case Operation::kChanges: return "changes";
  }
  return "unknown";
}

std::string refusal_text(const Response& response) {
  if (!response.error_message.empty()) return response.error_message;
  if (!response.error_code.empty()) return response.error_code;
  return "refused by the server";
}

}  // namespace chatwire::chat
