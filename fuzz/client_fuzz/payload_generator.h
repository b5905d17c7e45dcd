// Generates the JSON the fake server sends: values that know every event and
// field name of the presets and the native protocol. A field gets a value of
// the right kind for its name most of the time (ids, rooms, seqs, users,
// timestamps, message pages), and anything else the rest of the time (huge
// and negative numbers, floats, invalid UTF-8 and lone surrogates, long
// strings, nesting). Every choice is read from the script.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "client.h"
#include "client_fuzz/tracked_sends.h"
#include "client_fuzz/vocabulary.h"

namespace chatwire::fuzz::client_fuzz {

/// `depth` counts levels already open; beyond 5 only scalars are generated.
class PayloadGenerator {
 public:
  /// `sends` lends the client ids send() returned, for the "clientId" fields.
  PayloadGenerator(FuzzedDataProvider& input, std::size_t preset, const TrackedSends& sends)
      : in_(input), preset_(preset), sends_(sends) {}

  /// Any JSON value, typed for a field name now and then.
  std::string any_value(int depth);
  /// An object with the given fields, each typed for its name most of the
  /// time, sometimes missing, sometimes anything; sometimes an extra field.
  std::string shaped(const Keys& keys, int depth);

  /// A well-formed message of the preset: fresh id, seq (unless given) and
  /// time; from Grace, or from the user (with `client_id`, if not empty, where
  /// the preset carries one). A given seq also fixes the id, so pages that
  /// overlap deduplicate as a real server's would.
  std::string canonical_message(const chat::RoomId& room, bool own, const chat::ClientId& client_id,
                                const std::string& text, std::optional<std::int64_t> seq);
  /// The native message `id` of `room` after an edit, delete or reaction (the
  /// ack's copy): a version drawn from the script (so sometimes older than
  /// one held), a fresh rev, `text` or a tombstone, reactions now and then.
  std::string changed_message(const chat::RoomId& room, const std::string& id, const std::string& text,
                              bool deleted);
  /// A member of the room, well formed for the preset: 0 the user, 1 Grace, 2 Linus.
  std::string canonical_member(std::size_t which);

  /// The newest of the fresh numbers handed out for ids, seqs and times.
  [[nodiscard]] std::int64_t newest_number() const { return counter_; }

 private:
  std::string typed(std::string_view key, int depth);
  std::string random_object(int depth);
  std::string random_array(int depth);
  std::string string_value();
  std::string number_value();
  std::string id_value();
  std::string room_value();
  std::string user_id_value();
  std::string user_name_value();
  std::string time_value();
  std::string seq_value();
  std::string messages_value(int depth);
  std::string members_value(int depth);
  /// A message's reactions: mostly well formed, with the user among the users now and then.
  std::string reactions_value(int depth);

  FuzzedDataProvider& in_;
  std::size_t preset_;
  const TrackedSends& sends_;
  std::int64_t counter_ = 1000;  // fresh ids, seqs and times: newer than the pages smart_ack writes
};

}  // namespace chatwire::fuzz::client_fuzz
