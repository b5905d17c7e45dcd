// Names this client makes for what it asks of a server and may ask again
// (the client ids of sends, the op ids of edits, deletes and reactions): the
// server recognises a repeat by them, so they must be unique across tabs,
// reloads and devices without any coordination, and short and plain enough
// for any backend to carry and echo unchanged.
#pragma once

#include <cstdint>
#include <string>

#include "util/seeded_random.h"

namespace chatwire::chat {

class LocalIds {
 public:
  /// Ids start with `prefix`; `seed` (per client, from a strong random
  /// source in the npm package) makes them this client's.
  LocalIds(char prefix, std::uint64_t seed) : prefix_(prefix), random_(seed) {}

  /// "<prefix><16 hex digits>-<counter>": 64 random bits, then a count that
  /// keeps two ids of this client apart whatever the bits.
  std::string next();

 private:
  char prefix_;
  SeededRandom random_;
  std::uint64_t counter_ = 0;
};

}  // namespace chatwire::chat
