// Two clients of different users (Ada and Grace) in one room of one
// in-memory native server (tests/support's NativeBackend: one backend per
// connection, sharing one world), under one fake clock. Nothing moves by
// itself: what a client sent reaches the server, and what the server sent
// reaches a client, only when that client is delivered to (deliver()) or a
// deadline of its own fires (advance()), so the script decides how the two
// connections interleave.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "chat/vocabulary.h"
#include "support/client_pair.h"
#include "support/native_backend.h"

namespace chatwire::fuzz::convergence {

inline const chat::RoomId kRoom = "lobby";

/// One user's side: their client and its connection to the server.
struct Side {
  Side(const char* label, const chat::User& user, testing::NativeBackend& backend);

  const char* label;  // in traces and failure messages
  testing::NativeBackend& backend;
  testing::ClientPair pair;
  std::size_t frames_in_traced = 0;   // server.frames_received already traced
  std::size_t frames_out_traced = 0;  // server.frames_sent already traced
  std::size_t events_traced = 0;      // pair.events already traced

  [[nodiscard]] const chat::User& self() const { return pair.client.chat().config().self; }
  [[nodiscard]] const chat::Room& room() const { return pair.room(kRoom); }
};

class TwoClients {
 public:
  /// Both connected, with the room joined.
  TwoClients();
  TwoClients(const TwoClients&) = delete;
  TwoClients& operator=(const TwoClients&) = delete;

  Side& side(bool grace) { return grace ? grace_ : ada_; }
  [[nodiscard]] const Side& ada() const { return ada_; }
  [[nodiscard]] const Side& grace() const { return grace_; }
  [[nodiscard]] std::int64_t now() const { return ada_.pair.now; }

  /// Exchanges everything between `side`'s client and the server that needs
  /// no time to pass.
  void deliver(Side& side);
  /// Moves the clock on by `ms`, firing every deadline of either side (client
  /// or server) in time order; a side whose deadline fires is delivered to.
  void advance(std::int64_t ms);
  /// `side`'s network goes down: what is on the wire both ways is lost, the
  /// connection drops, and reconnecting fails until restore().
  void cut(Side& side);
  void restore(Side& side);
  /// Ends the script: the server catches up (held acks sent, faults over),
  /// both networks come back, time passes until everything is answered; then
  /// the users retry their failed sends, and cancel those refused again.
  void settle();
  /// Both connections drop and come back at once, and it settles again: the
  /// rejoins' catch-up must keep what the live updates made of the room.
  void reconnect_both();

  /// Prints what happened since the last call (frames both ways, the
  /// clients' events), when CLIENT_FUZZ_TRACE is set.
  void trace_wire();

 private:
  void settle_for(std::int64_t ms);
  void retry_failed(Side& side);
  void cancel_failed(Side& side);

  testing::NativeBackend ada_backend_;
  testing::NativeBackend grace_backend_;
  Side ada_;
  Side grace_;
};

}  // namespace chatwire::fuzz::convergence
