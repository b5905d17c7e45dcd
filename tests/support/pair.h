// A sans-IO endpoint (a Session, or a whole Client) wired to a FakeServer
// under a fake clock, in the manner of quinn-proto's test Pair: drive()
// exchanges everything that can happen without time passing; step() jumps
// the clock to the next deadline of either side. Nothing here sleeps, so
// every test is deterministic.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "session/session.h"
#include "support/fake_server.h"
#include "support/polling_bridge.h"

namespace chatwire::testing {

using session::Event;
using session::Session;
using session::SessionConfig;
using session::State;

/// A config with a fixed seed, so backoff jitter replays identically.
SessionConfig test_config();

/// The driving logic shared by Pair and ClientPair. `Endpoint` is anything
/// with the session's transport inputs and poll_* outputs; `EventType` what
/// its poll_event() yields.
template <class Endpoint, class EventType>
class BasicPair {
 public:
  FakeServer server;
  /// The server's HTTP long-polling side and upgrade probe.
  PollingBridge polling{server};
  std::int64_t now = 0;

  /// Every event the endpoint produced, in order.
  std::vector<EventType> events;
  /// Every action the endpoint produced, in order.
  std::vector<session::Action> actions;

  /// Delivers actions and server outputs back and forth until neither side
  /// has anything more to say at this instant.
  void drive() {
    // Bounded so that a ping-pong bug fails the test instead of hanging it.
    for (int round = 0; round < 10'000; ++round) {
      bool progressed = false;
      while (auto action = endpoint().poll_action()) {
        progressed = true;
        actions.push_back(*action);
        if (polling.take(now, *action)) continue;
        if (const auto* open = std::get_if<session::OpenTransport>(&*action)) {
          server.on_open_request(now, open->transport);
        } else if (const auto* send = std::get_if<session::SendFrame>(&*action)) {
          server.on_client_frame(now, send->transport, send->text);
        } else if (const auto* close = std::get_if<session::CloseTransport>(&*action)) {
          server.on_client_close(close->transport);
        }
      }
      while (auto output = server.poll_output()) {
        progressed = true;
        if (polling.take(*output)) continue;
        switch (output->kind) {
          case ServerOutput::Kind::kOpened:
            endpoint().transport_opened(now, output->transport);
            break;
          case ServerOutput::Kind::kFrame:
            endpoint().frame_received(now, output->transport, output->text);
            break;
          case ServerOutput::Kind::kClosed:
            endpoint().transport_closed(now, output->transport, output->text);
            break;
        }
      }
      while (auto output = polling.poll_output()) {
        progressed = true;
        switch (output->kind) {
          case BridgeOutput::Kind::kAnswer:
            endpoint().http_response(now, output->id, output->status, output->text);
            break;
          case BridgeOutput::Kind::kOpened:
            endpoint().transport_opened(now, output->id);
            break;
          case BridgeOutput::Kind::kFrame:
            endpoint().frame_received(now, output->id, output->text);
            break;
          case BridgeOutput::Kind::kClosed:
            endpoint().transport_closed(now, output->id, output->text);
            break;
        }
      }
      while (auto event = endpoint().poll_event()) events.push_back(std::move(*event));
      if (!progressed) return;
    }
    ADD_FAILURE() << "drive() did not settle after 10000 rounds";
  }

  /// The earliest deadline of either side.
  [[nodiscard]] std::optional<std::int64_t> next_deadline() const {
    const auto a = const_endpoint().poll_timeout();
    const auto b = server.next_deadline();
    if (a && b) return std::min(*a, *b);
    return a ? a : b;
  }

  /// Moves the clock to the earliest deadline of either side (never
  /// backwards), fires it, and drives. False when no deadline is set.
  bool step() {
    const auto deadline = next_deadline();
    if (!deadline) return false;
    now = std::max(now, *deadline);
    server.handle_timeout(now);
    endpoint().handle_timeout(now);
    drive();
    return true;
  }

  /// Steps through every deadline up to `until_ms`, then sets the clock there.
  void advance_to(std::int64_t until_ms) {
    for (int guard = 0; guard < 1'000'000; ++guard) {
      const auto deadline = next_deadline();
      if (!deadline || *deadline > until_ms) {
        now = std::max(now, until_ms);
        return;
      }
      step();
    }
    ADD_FAILURE() << "advance_to() made a million steps";
  }
  void advance_by(std::int64_t ms) { advance_to(now + ms); }

  /// connect() and drive until quiet.
  void connect() {
    endpoint().connect(now);
    drive();
  }

  /// The events of type E, in order.
  template <class E>
  [[nodiscard]] std::vector<E> events_of() const {
    std::vector<E> out;
    for (const EventType& event : events) {
      if (const E* typed = std::get_if<E>(&event)) out.push_back(*typed);
    }
    return out;
  }

  /// Counts actions of type A.
  template <class A>
  [[nodiscard]] std::size_t count_actions() const {
    std::size_t n = 0;
    for (const auto& action : actions) n += std::holds_alternative<A>(action) ? 1 : 0;
    return n;
  }

  /// States the endpoint went through since the log began, starting with the
  /// one it was in then.
  [[nodiscard]] std::vector<State> state_history() const {
    const auto changes = events_of<session::StateChanged>();
    if (changes.empty()) return {current_state()};
    std::vector<State> states{changes.front().from};
    for (const auto& change : changes) states.push_back(change.to);
    return states;
  }

  /// Drops the events and actions recorded so far (the endpoint keeps its state).
  void clear_log() {
    events.clear();
    actions.clear();
  }

  /// True when the endpoint produced no event and no action since the log
  /// was last cleared: what every spurious or stale input must leave behind.
  [[nodiscard]] bool quiet() const { return events.empty() && actions.empty(); }

 protected:
  explicit BasicPair(ServerScript script) : server(std::move(script)) {}
  virtual ~BasicPair() = default;
  BasicPair(const BasicPair&) = delete;
  BasicPair& operator=(const BasicPair&) = delete;

  virtual Endpoint& endpoint() = 0;
  [[nodiscard]] virtual const Endpoint& const_endpoint() const = 0;
  [[nodiscard]] virtual State current_state() const = 0;
};

/// A Session against the FakeServer.
class Pair : public BasicPair<Session, Event> {
 public:
  explicit Pair(SessionConfig config = test_config(), ServerScript script = {});

  Session client;

 private:
  Session& endpoint() override { return client; }
  [[nodiscard]] const Session& const_endpoint() const override { return client; }
  [[nodiscard]] State current_state() const override { return client.state(); }
};

}  // namespace chatwire::testing
