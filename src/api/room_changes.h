// A room's changes as JavaScript mirrors them (CoreRoomChange): only the
// parts the chat model reported changed, and of the messages only the edits
// the message store noted (chat::MessageStore::take_changes). A message
// crosses when it arrives or changes, never again while unchanged.
#pragma once

#include <cstdint>

#include "api/json_writer.h"
#include "client.h"

namespace chatwire::api {

/// {id, version, ...the parts in `what` (chat::Change bits)}; the messages
/// part is {reset?, removed?: [key], upserts?: [[index, key, message]]}.
/// A room the model no longer has (forgotten to make space) is {id, gone: true}.
/// Takes the room's message edits from `client` when `what` has messages.
void write_room_change(JsonWriter& out, Client& client, const chat::RoomId& id, std::uint32_t what);

}  // namespace chatwire::api
