// The user's pending operations (edits, deletes, reactions) as JavaScript
// keeps them across page loads, as it keeps stored sends
// (api/stored_send_json.h): written from the core's OpStored events, read
// back for CoreApi::restore_ops(). A record is
//   {"schema": 1, "opId", "room", "op": "edit" | "delete" | "react",
//    "messageId"?, "clientId"?, "text"?, "emoji"?, "on"?, "createdAtMs"}
// where messageId is the target's server id, or clientId the user's send it
// targets while that has none; text is an edit's, emoji and on a reaction's.
#pragma once

#include <string_view>

#include "api/json_writer.h"
#include "api/record_reader.h"
#include "chat/stored_op.h"

namespace chatwire::api {

/// Writes `record` as a JSON object, with its schema.
void write_stored_op(JsonWriter& out, const chat::StoredOp& record);

/// Reads `json`, an array of records. Records of another schema, or with a
/// field missing or mistyped, are skipped with a reason.
RecordsRead<chat::StoredOp> read_stored_ops(std::string_view json);

}  // namespace chatwire::api
