#include "client_fuzz/invariants.h"

#include <algorithm>
#include <cstddef>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "chat/chat_model.h"
#include "chat/events.h"
#include "chat/message_store.h"
#include "client_fuzz/client_setup.h"
#include "client_fuzz/property.h"
#include "fuzz_support.h"

namespace chatwire::fuzz::client_fuzz {
namespace {

// The core's own bounds, which the properties check against.
constexpr std::size_t kMaxLoadedHistory = 5000;   // StoreConfig's default; ChatConfig does not set it
constexpr std::size_t kMaxTypingUsers = 64;       // chat/room.cpp
constexpr std::size_t kMaxMembers = 1000;         // chat/room.cpp
constexpr std::int64_t kMaxTypingTtlMs = 60'000;  // TypingTracker::kMaxServerTtlMs

}  // namespace

Invariants::Invariants(Client& client, TrackedSends& sends)
    : client_(client),
      sends_(sends),
      by_name_(client_.chat().config().capabilities.identifies_users_by_name) {}

const std::string& Invariants::self_key() const { return by_name_ ? kSelf.name : kSelf.id; }

const std::string& Invariants::key_of(const chat::User& user) const { return by_name_ ? user.name : user.id; }

// ---- state, after every operation ---------------------------------------------

void Invariants::check(std::int64_t clock, std::int64_t last_frame_ms) {
  const chat::ChatModel& model = client_.chat();
  const std::vector<const chat::Room*> rooms = model.rooms();
  PROPERTY("rooms-bound", rooms.size() <= kMaxRooms, std::to_string(rooms.size()) + " rooms exist");
  std::size_t unread = 0;
  for (const chat::Room* room : rooms) {
    if (room->state() != chat::RoomState::kLeft) unread += room->unread_count();
    check_room(*room);
  }
  PROPERTY("unread-total", model.unread_total() == unread,
           "unread_total() is " + std::to_string(model.unread_total()) + ", the rooms not left have " +
               std::to_string(unread));
  check_tracked();
  mirrors_.update_and_check(client_);
  // Typing indicators have a time-to-live: none outlives the longest TTL.
  if (clock - last_frame_ms >= kMaxTypingTtlMs) {
    for (const chat::Room* room : rooms) {
      PROPERTY("typing-ttl", room->typing_users().empty(),
               "room " + chatwire::fuzz::printable(room->id()) + " shows " +
                   std::to_string(room->typing_users().size()) + " typing users " +
                   std::to_string(clock - last_frame_ms) + " ms after the last frame");
    }
  }
}

void Invariants::check_room(const chat::Room& room) {
  const std::string name = "room " + chatwire::fuzz::printable(room.id()) + ": ";
  const chat::MessageStore& store = room.messages();

  // Bounds.
  PROPERTY("store-bound",
           store.window() >= kMaxMessages && store.window() <= kMaxMessages + kMaxLoadedHistory,
           name + "window() is " + std::to_string(store.window()));
  PROPERTY("store-bound", store.confirmed_size() <= store.window(),
           name + std::to_string(store.confirmed_size()) + " confirmed messages, window " +
               std::to_string(store.window()));
  PROPERTY("store-bound", store.unconfirmed_size() <= kMaxPending,
           name + std::to_string(store.unconfirmed_size()) + " unconfirmed messages");
  PROPERTY("store-bound", store.size() == store.confirmed_size() + store.unconfirmed_size(),
           name + "size() adds up");

  // Order, and one copy per server id and per client id.
  std::set<std::string> ids;
  std::set<std::string> client_ids;
  for (std::size_t i = 0; i < store.size(); ++i) {
    if (i > 0) {
      const chat::OrderKey previous = store.key_at(i - 1);
      const chat::OrderKey key = store.key_at(i);
      PROPERTY("order", !(key < previous),
               name + "key_at(" + std::to_string(i) + ") = {" + std::to_string(key.primary) + "," +
                   std::to_string(key.tiebreak) + "} sorts before key_at(" + std::to_string(i - 1) + ") = {" +
                   std::to_string(previous.primary) + "," + std::to_string(previous.tiebreak) + "}");
    }
    const chat::Message& message = store.at(i);
    if (!message.id.empty()) {
      PROPERTY("unique-id", ids.insert(message.id).second,
               name + "two messages with server id " + chatwire::fuzz::printable(message.id));
    }
    if (!message.client_id.empty()) {
      PROPERTY("unique-client-id", client_ids.insert(message.client_id).second,
               name + "two messages with client id " + chatwire::fuzz::printable(message.client_id));
    }
    // Receipts name readers other than the author, and only of confirmed messages.
    const std::vector<std::string> readers = room.read_by(i);
    PROPERTY("receipts", std::find(readers.begin(), readers.end(), key_of(message.author)) == readers.end(),
             name + "message " + std::to_string(i) + " is read by its own author");
    PROPERTY("receipts", readers.empty() || message.status == chat::MessageStatus::kSent,
             name + "unconfirmed message " + std::to_string(i) + " has readers");
    const bool confirmed = i < store.confirmed_size();
    PROPERTY("status-layout", confirmed == (message.status == chat::MessageStatus::kSent),
             name + "message " + std::to_string(i) + " is " + chat::to_string(message.status) +
                 (confirmed ? " among the confirmed" : " among the unconfirmed"));
  }

  check_unread(room);

  // Typing users.
  const auto& typing = room.typing_users();
  PROPERTY("typing-bound", typing.size() <= kMaxTypingUsers,
           name + std::to_string(typing.size()) + " typing users");
  std::set<std::string> typing_keys;
  for (const chat::User& user : typing) {
    PROPERTY("typing-self", !is_self(user), name + "the user is shown typing");
    PROPERTY("typing-keys", !key_of(user).empty(), name + "a typing user without key");
    PROPERTY("typing-keys", typing_keys.insert(key_of(user)).second,
             name + "typing user listed twice: " + key_of(user));
  }

  // Members.
  const auto& members = room.members();
  PROPERTY("member-bound", members.size() <= kMaxMembers, name + std::to_string(members.size()) + " members");
  std::set<std::string> member_keys;
  for (const chat::Member& member : members) {
    PROPERTY("member-keys", !key_of(member.user).empty(), name + "a member without key");
    PROPERTY("member-keys", member_keys.insert(key_of(member.user)).second,
             name + "member listed twice: " + chatwire::fuzz::printable(key_of(member.user)));
  }
  PROPERTY("member-self", member_keys.count(self_key()) == 1, name + "the user is not among the members");
}

// unread_count() = unread kept + evicted_unread(). The kept part counts the
// confirmed messages after the cursor that are not the user's own: at most
// all of those after the cursor, at least those whose author is someone
// else and whose client id is not one send() returned (a message that
// echoes such a client id may be counted as own).
void Invariants::check_unread(const chat::Room& room) {
  const std::string name = "room " + chatwire::fuzz::printable(room.id()) + ": ";
  const chat::MessageStore& store = room.messages();
  const auto cursor = store.read_cursor();
  std::size_t after_cursor = 0;
  std::size_t surely_unread = 0;
  for (std::size_t i = 0; i < store.confirmed_size(); ++i) {
    if (cursor && !(*cursor < store.key_at(i))) continue;
    ++after_cursor;
    const chat::Message& message = store.at(i);
    if (!is_self(message.author) && !sends_.contains(message.client_id)) ++surely_unread;
  }
  PROPERTY("unread-range", store.unread_count() >= store.evicted_unread(),
           name + "unread below evicted unread");
  const std::size_t kept = store.unread_count() - std::min(store.unread_count(), store.evicted_unread());
  PROPERTY("unread-range", kept >= surely_unread && kept <= after_cursor,
           name + std::to_string(kept) + " unread kept, but " + std::to_string(surely_unread) + " to " +
               std::to_string(after_cursor) + " messages after the cursor could be");
  if (room.active() && room.state() != chat::RoomState::kLeft) {
    PROPERTY("unread-active", room.unread_count() == 0,
             name + "an active room has " + std::to_string(room.unread_count()) + " unread");
  }
}

// See invariants.h: an unconfirmed own message never just disappears.
void Invariants::check_tracked() {
  for (auto& [client_id, tracked] : sends_.entries()) {
    if (tracked.cancelled || tracked.settled) continue;
    const chat::Room* room = client_.chat().room(tracked.room);
    if (room == nullptr) {
      tracked.settled = true;  // forgotten with its room
      continue;
    }
    const chat::MessageStore& store = room->messages();
    const chat::Message* message = store.find_by_client_id(client_id);
    if (message != nullptr) {
      if (message->status == chat::MessageStatus::kSent) tracked.settled = true;
      continue;
    }
    PROPERTY("client-id-kept", store.confirmed_size() >= store.window(),
             "message " + client_id + " vanished from room " + chatwire::fuzz::printable(tracked.room) +
                 " unconfirmed and not cancelled (store holds " + std::to_string(store.confirmed_size()) +
                 " of " + std::to_string(store.window()) + ")");
    tracked.settled = true;  // confirmed into a full store and dropped at once
  }
}

// ---- actions and events ---------------------------------------------------------

void Invariants::check_action(const session::Action& action, std::uint32_t transport) {
  if (const auto* open = std::get_if<session::OpenTransport>(&action)) {
    PROPERTY("transport", open->transport != 0 && open->transport != transport,
             "transport ids are fresh and non-zero");
  } else if (const auto* send = std::get_if<session::SendFrame>(&action)) {
    PROPERTY("transport", send->transport == transport,
             "frame for transport " + std::to_string(send->transport));
  } else if (const auto* close = std::get_if<session::CloseTransport>(&action)) {
    PROPERTY("transport", close->transport == transport,
             "close of transport " + std::to_string(close->transport));
  }
}

void Invariants::check_event(const ClientEvent& event) {
  if (const auto* warning = std::get_if<ProtocolWarning>(&event)) {
    PROPERTY("warning-text", !warning->message.empty(),
             "a ProtocolWarning about '" + warning->event + "' says why");
  } else if (const auto* error = std::get_if<chat::ChatError>(&event)) {
    PROPERTY("error-text", !error->message.empty(),
             std::string("a ChatError (") + chat::to_string(error->code) + ") says why");
  } else if (const auto* changed = std::get_if<chat::RoomChanged>(&event)) {
    // what == 0: the room was forgotten to make space (the reader drops it).
    PROPERTY("room-changed", (changed->what == 0) != (client_.chat().room(changed->room) != nullptr),
             "RoomChanged names a room that exists (or, with no parts, one forgotten): " +
                 chatwire::fuzz::printable(changed->room) + " what " + std::to_string(changed->what));
  } else if (const auto* arrived = std::get_if<chat::MessageArrived>(&event)) {
    PROPERTY("message-arrived", !is_self(arrived->message.author),
             "MessageArrived for the user's own message");
  }
}

// ---- deadlines --------------------------------------------------------------------

void Invariants::check_next_deadline(std::int64_t at) {
  const auto next = client_.poll_timeout();
  PROPERTY("deadline", !next || *next > at,
           "deadline " + std::to_string(*next) + " not after " + std::to_string(at));
}

void Invariants::deadlines_did_not_settle() { PROPERTY("deadline", false, "deadlines did not settle"); }

// ---- command results --------------------------------------------------------------

void Invariants::check_fresh_client_id(const chat::ClientId& id) {
  PROPERTY("client-id-fresh", !sends_.contains(id), "send() returned client id " + id + " twice");
}

void Invariants::check_too_many_pending(const chat::RoomId& room) {
  const chat::Room* r = client_.chat().room(room);
  PROPERTY("pending-refusal", r != nullptr && r->messages().unconfirmed_size() >= kMaxPending,
           "send() refused as too_many_pending, but room " + chatwire::fuzz::printable(room) + " holds " +
               std::to_string(r == nullptr ? 0 : r->messages().unconfirmed_size()) + " unconfirmed messages");
}

void Invariants::check_marked_read(const chat::RoomId& room) {
  const chat::Room* r = client_.chat().room(room);
  PROPERTY("unread-mark-read", r != nullptr, "mark_read() succeeded on a room that does not exist");
  if (r != nullptr && r->messages().confirmed_size() > 0) {
    PROPERTY("unread-mark-read", r->unread_count() == 0,
             "after mark_read(), room " + chatwire::fuzz::printable(room) + " has " +
                 std::to_string(r->unread_count()) + " unread");
  }
}

}  // namespace chatwire::fuzz::client_fuzz
