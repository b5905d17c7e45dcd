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

bool copy_content(Message& to, const Message& from) {
  const bool changed = to.text != from.text || to.version != from.version || to.rev != from.rev ||
                       to.edited_at_ms != from.edited_at_ms || to.deleted != from.deleted ||
                       to.pending_ops != from.pending_ops || to.reactions != from.reactions ||
                       !(to.reply_to == from.reply_to);
  if (!changed) return false;
  to.text = from.text;
  to.version = from.version;
  to.rev = from.rev;
  to.edited_at_ms = from.edited_at_ms;
  to.deleted = from.deleted;
  to.pending_ops = from.pending_ops;
  // A copy moved in: vector<Reaction>'s copy assignment would be code of
  // its own in the module; its copy constructor is there for Message's.
  to.reactions = std::vector<Reaction>(from.reactions);
  to.reply_to = from.reply_to;
  return true;
}

}  // namespace chatwire::chat
