#include "chat/vocabulary.h"

namespace chatwire::chat {

const char* to_string(MessageStatus status) {
  switch (status) {
    case MessageStatus::kPending: return "pending";
    case MessageStatus::kSent: return "sent";
    case MessageStatus::kFailed: return "failed";
    case MessageStatus::kUnconfirmed: return "unconfirmed";
  }
  return "unknown";
}

}  // namespace chatwire::chat
