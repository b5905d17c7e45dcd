#include "chat/command_error.h"

namespace chatwire::chat {

const char* to_string(CommandError error) {
  switch (error) {
    case CommandError::kInvalidRoomId: return "invalid_room_id";
    case CommandError::kTooManyRooms: return "too_many_rooms";
    case CommandError::kNotJoined: return "not_joined";
    case CommandError::kEmptyText: return "empty_text";
    case CommandError::kTextTooLong: return "text_too_long";
    case CommandError::kInvalidText: return "invalid_text";
    case CommandError::kTooManyPending: return "too_many_pending";
    case CommandError::kUnknownMessage: return "unknown_message";
    case CommandError::kNotFailed: return "not_failed";
    case CommandError::kInFlight: return "in_flight";
    case CommandError::kUnsupported: return "unsupported";
    case CommandError::kBusy: return "busy";
    case CommandError::kNoMoreHistory: return "no_more_history";
    case CommandError::kInvalidClientId: return "invalid_client_id";
    case CommandError::kDeleted: return "deleted";
    case CommandError::kNotAuthor: return "not_author";
    case CommandError::kInvalidEmoji: return "invalid_emoji";
  }
  return "unknown";
}

}  // namespace chatwire::chat
