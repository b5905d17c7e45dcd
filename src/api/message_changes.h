// What JavaScript already holds of each room's messages, so that a snapshot
// carries only the messages that changed since the last one it read.
//
// Why: a room can hold 15,000 messages (500 live plus paged-in history, or
// more when configured), and writing all of them as JSON on every change, then
// parsing them in JavaScript, cost ~65 ms per arriving message at 10,000
// (2 MB of JSON). The message store already knows its order; what it does not
// know is what the JS side has seen. This keeps, per room, a 64-bit digest of
// every message as last written, under a key that names the message for good
// (message_key()). A changes snapshot then writes every key in order (a few
// bytes each) and in full only the messages whose digest is new or different;
// npm/src/snapshot.ts keeps its message objects by those keys.
//
// The digest covers every field write_message() writes, so "same digest"
// means "the JS object can be reused". It lives in the API layer, not the
// store: nothing in the chat model has to remember to bump a revision.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "api/json_writer.h"
#include "chat/room.h"

namespace chatwire::api {

/// Writes into `key` the key of the message at `order` in its store: "c:" +
/// client id for the user's own messages (it outlives confirmation), "s:" +
/// server id for others', and "o:" + its order key for a message with
/// neither, which only a dialect without message ids produces. Unique within
/// a room: the store keeps ids, client ids and order keys unique.
void message_key(const chat::Message& message, chat::OrderKey order, std::string& key);

/// A digest of everything write_message() writes for `message` with `read_by`.
std::uint64_t message_digest(const chat::Message& message, const std::vector<std::string>& read_by);

/// One room's messages as the JS side last read them.
class SentMessages {
 public:
  /// Writes "messages": every message of `room`, and remembers them.
  void write_all(JsonWriter& out, const chat::Room& room);
  /// Writes "messageKeys": every message's key, oldest first;
  /// "changedAt": the indexes (into messageKeys) of the messages not
  /// written before with their present content; "changedMessages": those
  /// messages, in the same order. Remembers them.
  void write_changes(JsonWriter& out, const chat::Room& room);
  /// Forgets everything: the next changes carry every message (for a reader
  /// that lost its state).
  void clear() { entries_.clear(); }

 private:
  /// Records `message` (at `order` in its store, read by `read_by`) as
  /// written in this pass, leaving its key in key_; true if it is new or
  /// changed since the last pass.
  bool remember(const chat::Message& message, chat::OrderKey order, const std::vector<std::string>& read_by);
  /// Forgets the messages this pass did not see (evicted, cancelled).
  void forget_unseen();

  struct Entry {
    std::uint64_t digest = 0;
    std::uint64_t pass = 0;
  };
  // Updated in place: a snapshot allocates map entries only for the messages
  // that arrived, not for all 10,000.
  std::unordered_map<std::string, Entry> entries_;
  std::uint64_t pass_ = 0;
  std::string key_;  // scratch, reused across messages
};

}  // namespace chatwire::api
