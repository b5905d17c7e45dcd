#include "client_fuzz/message_mirror.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <set>

#include "chat/message_store.h"
#include "chat/room.h"
#include "client_fuzz/property.h"
#include "fuzz_support.h"

namespace chatwire::fuzz::client_fuzz {

void MessageMirrors::update_and_check(Client& client) {
  std::set<chat::RoomId> present;
  for (const chat::Room* room : client.chat().rooms()) {
    present.insert(room->id());
    const std::string name = "room " + chatwire::fuzz::printable(room->id()) + ": ";
    Mirrored& mirror = mirrors_[room->id()];
    // A room forgotten and joined again is a new room: its edits start from nothing.
    if (room->version() < mirror.version) mirror.messages.clear();
    mirror.version = room->version();
    const chat::ListChanges changes = client.take_message_changes(room->id());
    auto& held = mirror.messages;
    if (changes.reset) held.clear();
    if (!changes.removed.empty()) {
      const std::set<std::string> removed(changes.removed.begin(), changes.removed.end());
      std::erase_if(held, [&](const Mirrored::Held& m) { return removed.count(m.key) != 0; });
    }
    const chat::MessageStore& store = room->shown_messages();  // what the reader mirrors
    std::optional<std::size_t> previous;
    for (const std::size_t index : changes.upserts) {
      PROPERTY("mirror", !previous || *previous < index,
               name + "upserts out of order at " + std::to_string(index));
      PROPERTY("mirror", index < store.size(),
               name + "upsert at " + std::to_string(index) + " of " + std::to_string(store.size()));
      previous = index;
      if (index >= store.size()) continue;
      Mirrored::Held next{chat::message_key(store.at(index), store.key_at(index)), store.at(index),
                          room->read_by(index)};
      const auto same =
          std::find_if(held.begin(), held.end(), [&](const Mirrored::Held& m) { return m.key == next.key; });
      if (same != held.end()) {
        PROPERTY("mirror", static_cast<std::size_t>(same - held.begin()) == index,
                 name + chatwire::fuzz::printable(next.key) + " is held at " +
                     std::to_string(same - held.begin()) + ", upserted at " + std::to_string(index));
        held.erase(same);
      }
      PROPERTY("mirror", index <= held.size(),
               name + "insert at " + std::to_string(index) + " past the end (" + std::to_string(held.size()) +
                   ")");
      held.insert(held.begin() + static_cast<std::ptrdiff_t>(std::min(index, held.size())), std::move(next));
    }
    PROPERTY("mirror", held.size() == store.size(),
             name + std::to_string(held.size()) + " messages mirrored, " + std::to_string(store.size()) +
                 " stored");
    std::set<std::string> keys;
    for (std::size_t i = 0; i < held.size() && i < store.size(); ++i) {
      const std::string key = chat::message_key(store.at(i), store.key_at(i));
      // The detail is built only when the property breaks: this runs for every message of every step.
      if (!(held[i].key == key && held[i].message == store.at(i) && held[i].read_by == room->read_by(i))) {
        PROPERTY("mirror", false,
                 name + "message " + std::to_string(i) + " mirrored as " +
                     chatwire::fuzz::printable(held[i].key) + ", stored as " +
                     chatwire::fuzz::printable(key));
      }
      if (!keys.insert(key).second) {
        PROPERTY("mirror-keys", false, name + "two messages share the key " + chatwire::fuzz::printable(key));
      }
    }
  }
  std::erase_if(mirrors_, [&](const auto& entry) { return present.count(entry.first) == 0; });
}

}  // namespace chatwire::fuzz::client_fuzz
