// Why the chat model refused a user command. Its own header so that the
// units a command reaches (the send queue, the history pager) can refuse
// with it without depending on the chat model.
#pragma once

#include <cstdint>

namespace chatwire::chat {

/// Why a user command was refused. Nothing changed.
enum class CommandError : std::uint8_t {
  kInvalidRoomId,   // empty or longer than 256 bytes
  kTooManyRooms,    // max_rooms reached: leave a room first
  kNotJoined,       // the room was never joined or has been left: join() first
  kEmptyText,       // empty or whitespace only
  kTextTooLong,     // over max_text_length code points
  kInvalidText,     // not valid UTF-8
  kTooManyPending,  // max_pending_per_room unconfirmed messages: wait or cancel some
  kUnknownMessage,  // no own message with that client id
  kNotFailed,       // retry() of a message that has not failed
  kInFlight,        // cancel() of a message already handed to the server: it cannot be recalled
  kUnsupported,     // the backend has no such operation (e.g. older pages in flask-shows)
  kBusy,            // a history request for this room is already in flight
  kNoMoreHistory,   // the server said there is nothing older
  kInvalidClientId, // a client id given to send() is malformed or already in use
  kDeleted,         // the message is deleted: it cannot be edited, reacted to or answered
  kNotAuthor,       // only its author may edit a message
  kInvalidEmoji,    // a reaction's emoji is empty, over 32 bytes or not UTF-8
};
const char* to_string(CommandError error);

}  // namespace chatwire::chat
