#include "chat/events.h"

namespace chatwire::chat {

const char* to_string(ChatErrorCode code) {
  switch (code) {
    case ChatErrorCode::kJoinFailed: return "join_failed";
    case ChatErrorCode::kSendFailed: return "send_failed";
    case ChatErrorCode::kRequestFailed: return "request_failed";
    case ChatErrorCode::kServerError: return "server_error";
    case ChatErrorCode::kUnroutable: return "unroutable";
    case ChatErrorCode::kChangeFailed: return "change_failed";
    case ChatErrorCode::kServerUnavailable: return "server_unavailable";
  }
  return "unknown";
}

}  // namespace chatwire::chat
