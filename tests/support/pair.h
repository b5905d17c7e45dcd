// A Session wired to a FakeServer under a fake clock, in the manner of
// quinn-proto's test Pair: drive() exchanges everything that can happen
// without time passing; step() jumps the clock to the next deadline of
// either side. Nothing here sleeps, so every test is deterministic.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "session/session.h"
#include "support/fake_server.h"

namespace chatwire::testing {

using session::Event;
using session::Session;
using session::SessionConfig;
using session::State;

/// A config with a fixed seed, so backoff jitter replays identically.
SessionConfig test_config();

class Pair {
 public:
  explicit Pair(SessionConfig config = test_config(), ServerScript script = {});

  Session client;
  FakeServer server;
  std::int64_t now = 0;

  /// Every event the client produced, in order.
  std::vector<Event> events;
  /// Every action the client produced, in order.
  std::vector<session::Action> actions;

  /// Delivers actions and server outputs back and forth until neither side
  /// has anything more to say at this instant.
  void drive();

  /// Moves the clock to the earliest deadline of either side (never
  /// backwards), fires it, and drives. False when no deadline is set.
  bool step();

  /// Steps through every deadline up to `until_ms`, then sets the clock there.
  void advance_to(std::int64_t until_ms);
  void advance_by(std::int64_t ms) { advance_to(now + ms); }

  /// The earliest deadline of either side.
  [[nodiscard]] std::optional<std::int64_t> next_deadline() const;

  /// client.connect() and drive until quiet.
  void connect();

  /// The events of type E, in order.
  template <class E>
  [[nodiscard]] std::vector<E> events_of() const {
    std::vector<E> out;
    for (const Event& event : events) {
      if (const E* typed = std::get_if<E>(&event)) out.push_back(*typed);
    }
    return out;
  }

  /// States the client went through since the log began, starting with the
  /// one it was in then.
  [[nodiscard]] std::vector<State> state_history() const;

  /// Counts actions of type A.
  template <class A>
  [[nodiscard]] std::size_t count_actions() const {
    std::size_t n = 0;
    for (const auto& action : actions) n += std::holds_alternative<A>(action) ? 1 : 0;
    return n;
  }

  /// Drops the events and actions recorded so far (the client keeps its state).
  void clear_log();

  /// True when the client produced no event and no action since the log was
  /// last cleared: what every spurious or stale input must leave behind.
  [[nodiscard]] bool quiet() const { return events.empty() && actions.empty(); }

 private:
  void collect_client_output();
};

}  // namespace chatwire::testing
