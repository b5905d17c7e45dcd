// The rooms' newest messages as JavaScript keeps them across page loads
// (npm/src/storage/send-store.ts, the "history" store): written from the
// core's HistoryCached events, read back for CoreApi::restore_history().
// A record is
//   {"schema": 1, "room", "messages": [message, ...]}   (oldest first)
// and a message has the fields of a snapshot's message (snapshot_json.h):
//   {"id", "clientId", "author": {"id", "name"}, "text", "createdAt", "seq"?}
#pragma once

#include <string_view>

#include "api/json_writer.h"
#include "api/record_reader.h"
#include "chat/history_cache.h"

namespace chatwire::api {

/// Writes `record` as a JSON object, with its schema.
void write_cached_room(JsonWriter& out, const chat::CachedRoom& record);

/// What restore_history() could read of a JSON array of records.
using CachedRoomsRead = RecordsRead<chat::CachedRoom>;

/// Reads `json`, an array of records. A record of another schema, or with a
/// field or a message missing or mistyped, is skipped with a reason.
CachedRoomsRead read_cached_rooms(std::string_view json);

}  // namespace chatwire::api
