// The properties of the client that client_fuzz checks, beyond "no crash,
// leak or UB", after every operation and as the client answers:
//   - after handle_timeout(at), poll_timeout() is later than `at` (a
//     deadline in the past would make the JS timer loop spin);
//   - frames and closes name the transport the client last opened;
//   - unread_total() is the sum of unread_count() over the rooms not left;
//     an active room has nothing unread; right after mark_read() a room
//     with confirmed messages has nothing unread; unread_count() lies
//     between what the stored messages allow (see check_unread);
//   - a room keeps at most window() confirmed messages, window() is at most
//     max_messages_per_room + the store's loaded-history extension, and at
//     most max_pending_per_room unconfirmed ones;
//   - messages are in non-decreasing MessageStore::key_at order, the
//     confirmed ones (status kSent) before the unconfirmed ones, and no two
//     share a server id or a client id;
//   - every client id send() returned is new, and until it is cancelled it
//     stays findable in its room while unconfirmed: it may only vanish after
//     it was seen confirmed (confirmed messages can be evicted), or in the
//     very step it was confirmed into a full store (then dropped as too old
//     or evicted at once: the store is at its window right after), or when
//     its room was forgotten (a left room is dropped to make space);
//   - send() refuses with kTooManyPending only when the room does hold
//     max_pending_per_room unconfirmed messages;
//   - typing users never include the user, have distinct non-empty keys, are
//     at most 64, and all expire once no frame arrived for 60 s (the longest
//     TTL a server may set);
//   - members have distinct non-empty keys, include the user, are at most
//     1000; read receipts never name a message's author, nor an unconfirmed
//     message;
//   - at most max_rooms rooms exist; RoomChanged names an existing room,
//     except one with no parts (what == 0), which names a forgotten one;
//     MessageArrived is never the user's own message;
//   - every ProtocolWarning and ChatError has a non-empty message;
//   - the client's frames decode, and an event is [name, ...] (checked by
//     FakeServer::receive, which reads them);
//   - a reader that applies each room's message edits holds exactly the
//     room's messages (checked by MessageMirrors, see message_mirror.h).
// Each property has a tag (PROPERTY in property.h), printed first when it breaks.
#pragma once

#include <cstdint>
#include <string>

#include "chat/room.h"
#include "client.h"
#include "client_fuzz/message_mirror.h"
#include "client_fuzz/tracked_sends.h"
#include "session/events.h"

namespace chatwire::fuzz::client_fuzz {

class Invariants {
 public:
  /// `sends` is updated as the client's rooms show what became of each send.
  Invariants(Client& client, TrackedSends& sends);

  /// Every property of the client's state (and takes the message edits, see
  /// message_mirror.h). `clock` is the time up to which the client has seen
  /// every deadline fire; `last_frame_ms` when the last frame arrived.
  void check(std::int64_t clock, std::int64_t last_frame_ms);

  /// An action names a fresh transport (open), or the current one, `transport`.
  void check_action(const session::Action& action, std::uint32_t transport);
  /// Warnings and errors say why; RoomChanged and MessageArrived are consistent.
  void check_event(const ClientEvent& event);

  /// Right after handle_timeout(at): the next deadline is after `at`.
  void check_next_deadline(std::int64_t at);
  /// Deadlines kept firing at the same time: always a failure.
  void deadlines_did_not_settle();

  /// send() returned `id`: it must be one never returned before (check it
  /// before adding it to the tracked sends).
  void check_fresh_client_id(const chat::ClientId& id);
  /// send() to `room` was refused as kTooManyPending.
  void check_too_many_pending(const chat::RoomId& room);
  /// mark_read(`room`) succeeded.
  void check_marked_read(const chat::RoomId& room);

 private:
  void check_room(const chat::Room& room);
  void check_unread(const chat::Room& room);
  void check_tracked();
  [[nodiscard]] const std::string& self_key() const;
  [[nodiscard]] const std::string& key_of(const chat::User& user) const;
  [[nodiscard]] bool is_self(const chat::User& user) const { return key_of(user) == self_key(); }

  Client& client_;
  TrackedSends& sends_;
  bool by_name_;  // the dialect tells users apart by name, not id
  MessageMirrors mirrors_;
};

}  // namespace chatwire::fuzz::client_fuzz
