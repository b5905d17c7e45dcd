// A ClientPair with the `chatwire` dialect against a NativeBackend, the
// fixture of the client tests that run the native protocol frame by frame.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/client_pair.h"
#include "support/native_backend.h"

namespace chatwire::testing {

/// A backend installed into a ClientPair's script, connected, with `room` joined.
struct NativeFixture {
  NativeBackend backend;
  ClientPair pair;

  explicit NativeFixture(const std::string& room = "lobby") : pair(preset("chatwire"), backend.script()) {
    backend.clock = [this] { return pair.now; };
    pair.connect();
    if (!room.empty()) join(room);
  }

  void join(const std::string& room) {
    EXPECT_TRUE(pair.client.join(pair.now, room).ok());
    pair.drive();
    EXPECT_TRUE(pair.room(room).joined());
  }

  /// The connection drops and the server refuses connections until restore().
  void cut() {
    pair.server.script.accept_transport = false;
    pair.server.drop_connection("network down");
    pair.drive();
  }
  void restore() {
    pair.server.script.accept_transport = true;
    pair.advance_by(6000);  // past the longest backoff
  }

  std::vector<chat::MessageStatus> statuses(const std::string& room) const {
    std::vector<chat::MessageStatus> out;
    const auto& store = pair.room(room).messages();
    for (std::size_t i = 0; i < store.size(); ++i) out.push_back(store.at(i).status);
    return out;
  }
};

}  // namespace chatwire::testing
