// The user's side of the script: every chat command, with arguments read
// from the script (known rooms mostly, odd ones now and then; texts up to
// and past the limits; client ids send() returned, or any), and what their
// results promise checked as they return.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <string>

#include "client.h"
#include "client_fuzz/invariants.h"
#include "client_fuzz/tracked_sends.h"
#include "util/result.h"

namespace chatwire::fuzz::client_fuzz {

class UserCommands {
 public:
  /// `sends` learns what send() returns and what cancel() cancels.
  UserCommands(FuzzedDataProvider& input, Client& client, TrackedSends& sends, Invariants& invariants)
      : in_(input), client_(client), sends_(sends), invariants_(invariants) {}

  // Each command runs at `now` on the client.
  void join(std::int64_t now);
  void leave(std::int64_t now);
  void send(std::int64_t now);
  void retry(std::int64_t now);
  void cancel(std::int64_t now);
  void typing(std::int64_t now);
  void stop_typing(std::int64_t now);
  void mark_read(std::int64_t now);
  void set_active(std::int64_t now);
  void load_older(std::int64_t now);
  void refresh_members(std::int64_t now);
  void jump_to(std::int64_t now);
  void jump_to_latest(std::int64_t now);
  void load_newer(std::int64_t now);
  void edit(std::int64_t now);
  void remove(std::int64_t now);
  void react(std::int64_t now);

 private:
  chat::RoomId room_name();
  std::string send_text();
  chat::ClientId client_id_choice();
  /// A message to change: a send's client id, a server id the fake server
  /// hands out ("m<n>"), or anything.
  std::string message_choice();
  /// Traces a change command and its result.
  static void traced_change(std::int64_t now, const char* command, const std::string& subject,
                            const Result<std::string, chat::CommandError>& result);
  /// The client id send() passes, if any (see the .cpp).
  std::string chosen_client_id();
  /// Traces a command and its result.
  static void traced(std::int64_t now, const char* command, const std::string& subject,
                     const Result<bool, chat::CommandError>& result);

  FuzzedDataProvider& in_;
  Client& client_;
  TrackedSends& sends_;
  Invariants& invariants_;
  std::uint64_t chosen_ids_ = 0;
};

}  // namespace chatwire::fuzz::client_fuzz
