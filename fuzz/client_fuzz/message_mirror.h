// A reader of Client::take_message_changes(), as the answers carry the edits
// to JavaScript: it applies each room's edits after every operation by the
// rule (drop the removed keys, then each upsert in ascending index order:
// replace the message held under that key, which is at that index, or
// insert there), and must then hold exactly the room's messages, with their
// read-by lists, under distinct keys (properties "mirror", "mirror-keys").
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "client.h"

namespace chatwire::fuzz::client_fuzz {

class MessageMirrors {
 public:
  /// Takes the edits of every room's messages, applies them, and checks the
  /// mirror of each room against the room; forgets the rooms that are gone.
  void update_and_check(Client& client);

 private:
  /// One room's messages as a reader of take_message_changes() holds them.
  struct Mirrored {
    struct Held {
      std::string key;
      chat::Message message;
      std::vector<std::string> read_by;
    };
    std::vector<Held> messages;
    std::uint64_t version = 0;
  };
  std::map<chat::RoomId, Mirrored> mirrors_;
};

}  // namespace chatwire::fuzz::client_fuzz
