// The user's unconfirmed sends as JavaScript keeps them across page loads
// (npm/src/storage/send-store.ts): written from the core's SendStored
// events, read back for CoreApi::restore_sends(). A record is
//   {"schema": 1, "clientId", "room", "text", "createdAtMs", "handedOver", "failure"?, "replyTo"?}
// (replyTo: the server id of the message a reply answers; added within
// schema 1, since a record without it reads as it always did).
#pragma once

#include <string_view>

#include "api/json_writer.h"
#include "api/record_reader.h"
#include "chat/stored_send.h"

namespace chatwire::api {

/// Writes `record` as a JSON object, with its schema.
void write_stored_send(JsonWriter& out, const chat::StoredSend& record);

/// What restore_sends() could read of a JSON array of records.
using StoredSendsRead = RecordsRead<chat::StoredSend>;

/// Reads `json`, an array of records. Records of another schema, or with a
/// field missing or mistyped, are skipped with a reason.
StoredSendsRead read_stored_sends(std::string_view json);

}  // namespace chatwire::api
