#include "support/pair.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace chatwire::testing {

SessionConfig test_config() {
  SessionConfig config;
  config.random_seed = 42;
  return config;
}

namespace {
Session make_session(SessionConfig config) {
  auto created = Session::create(std::move(config));
  if (!created) {
    ADD_FAILURE() << "invalid test config: " << created.error().field << ": " << created.error().message;
    return std::move(Session::create(test_config()).value());
  }
  return std::move(created).value();
}
}  // namespace

Pair::Pair(SessionConfig config, ServerScript script)
    : client(make_session(std::move(config))), server(std::move(script)) {}

void Pair::collect_client_output() {
  while (auto event = client.poll_event()) events.push_back(std::move(*event));
}

void Pair::drive() {
  // Bounded so that a ping-pong bug fails the test instead of hanging it.
  for (int round = 0; round < 10'000; ++round) {
    bool progressed = false;
    while (auto action = client.poll_action()) {
      progressed = true;
      actions.push_back(*action);
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
      switch (output->kind) {
        case ServerOutput::Kind::kOpened:
          client.transport_opened(now, output->transport);
          break;
        case ServerOutput::Kind::kFrame:
          client.frame_received(now, output->transport, output->text);
          break;
        case ServerOutput::Kind::kClosed:
          client.transport_closed(now, output->transport, output->text);
          break;
      }
    }
    collect_client_output();
    if (!progressed) return;
  }
  ADD_FAILURE() << "drive() did not settle after 10000 rounds";
}

std::optional<std::int64_t> Pair::next_deadline() const {
  const auto a = client.poll_timeout();
  const auto b = server.next_deadline();
  if (a && b) return std::min(*a, *b);
  return a ? a : b;
}

bool Pair::step() {
  const auto deadline = next_deadline();
  if (!deadline) return false;
  now = std::max(now, *deadline);
  server.handle_timeout(now);
  client.handle_timeout(now);
  drive();
  return true;
}

void Pair::advance_to(std::int64_t until_ms) {
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

void Pair::connect() {
  client.connect(now);
  drive();
}

std::vector<State> Pair::state_history() const {
  const auto changes = events_of<session::StateChanged>();
  if (changes.empty()) return {client.state()};
  std::vector<State> states{changes.front().from};
  for (const auto& change : changes) states.push_back(change.to);
  return states;
}

void Pair::clear_log() {
  events.clear();
  actions.clear();
}

}  // namespace chatwire::testing
