// Runs one input's operation script against a connected client: reads one
// operation at a time (server frames, user commands, transport and network
// events, time passing), performs what the client asks of its transport,
// answers its handshakes, fires its deadlines as the JS timer would, and
// checks the invariants after every operation.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "client.h"
#include "client_fuzz/fake_server.h"
#include "client_fuzz/invariants.h"
#include "client_fuzz/payload_generator.h"
#include "client_fuzz/tracked_sends.h"
#include "client_fuzz/user_commands.h"

namespace chatwire::fuzz::client_fuzz {

class Harness {
 public:
  /// `preset` is the index of the client's dialect among the presets.
  Harness(FuzzedDataProvider& input, std::size_t preset, std::unique_ptr<Client> client);

  /// Connects the client, then runs the script to its end.
  void run();

 private:
  /// Reads one operation from the script and performs it.
  void step();
  /// Opens the transport the client asked for and runs the handshake on it.
  void serve();
  /// Performs the client's actions (checking each) and reads its events.
  void drain();
  /// Moves the clock on by `ms`, firing every deadline up to then.
  void advance(std::int64_t ms);
  /// A text frame from the server, on the current transport.
  void frame(std::string_view text);
  /// A binary frame from the server, on the current transport.
  void binary_frame(std::string_view bytes);
  /// Every invariant of the client's state; `clock` as in Invariants::check.
  void check(std::int64_t clock) { invariants_.check(clock, last_frame_ms_); }

  FuzzedDataProvider& in_;
  std::unique_ptr<Client> client_;
  TrackedSends sends_;
  PayloadGenerator payloads_;
  FakeServer server_;
  Invariants invariants_;
  UserCommands commands_;
  std::int64_t now_ = 0;
  std::int64_t last_frame_ms_ = 0;
  std::uint32_t transport_ = 0;
  bool awaiting_open_ = false;  // the client asked for a transport we have not opened yet
};

}  // namespace chatwire::fuzz::client_fuzz
