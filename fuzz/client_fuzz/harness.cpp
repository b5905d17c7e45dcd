#include "client_fuzz/harness.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "client_fuzz/script_input.h"
#include "client_fuzz/trace.h"
#include "fuzz_support.h"
#include "session/events.h"

namespace chatwire::fuzz::client_fuzz {

Harness::Harness(FuzzedDataProvider& input, std::size_t preset, std::unique_ptr<Client> client)
    : in_(input),
      client_(std::move(client)),
      payloads_(input, preset, sends_),
      server_(input, preset, payloads_, sends_),
      invariants_(*client_, sends_),
      commands_(input, *client_, sends_, invariants_) {}

void Harness::run() {
  client_->connect(now_);
  drain();
  serve();
  check(now_);
  while (in_.remaining_bytes() > 0) {
    step();
    drain();
    check(now_);
  }
}

void Harness::step() {
  const std::size_t op = pick(in_, 34);
  trace(now_, "op " + std::to_string(op));
  // Ops 9 to 19 are the user's commands, by number: the seeds
  // (client_fuzz_seeds.py) and the corpus are written with these numbers.
  constexpr std::size_t kFirstCommand = 9;
  static constexpr std::array kCommands = {
      &UserCommands::join,             // 9
      &UserCommands::leave,            // 10
      &UserCommands::send,             // 11
      &UserCommands::retry,            // 12
      &UserCommands::cancel,           // 13
      &UserCommands::typing,           // 14
      &UserCommands::stop_typing,      // 15
      &UserCommands::mark_read,        // 16
      &UserCommands::set_active,       // 17
      &UserCommands::load_older,       // 18
      &UserCommands::refresh_members,  // 19
  };
  if (op >= kFirstCommand && op - kFirstCommand < kCommands.size()) {
    (commands_.*kCommands[op - kFirstCommand])(now_);
    return;
  }
  switch (op) {
    case 0:
      frame(server_.shaped_event());
      break;
    case 1:
      frame(server_.generic_event());
      break;
    case 2:
      // Each message of a burst is a frame of its own, and the client
      // settles and is checked after each.
      for (const std::string& text : server_.burst()) {
        frame(text);
        drain();
        check(now_);
      }
      break;
    case 3:
      if (const auto echo = server_.own_echo()) frame(*echo);
      break;
    case 4:
      if (const auto ack = server_.smart_ack()) frame(*ack);
      break;
    case 5:
      frame(server_.fuzzed_ack());
      break;
    case 6:
      frame(server_.raw_frame());
      break;
    case 7:
      binary_frame(server_.binary_frame());
      break;
    case 8:
      frame(server_.session_frame());
      break;
    case 20:
      awaiting_open_ = false;
      client_->transport_closed(now_, transport_, "fuzz");
      break;
    case 21:
      serve();
      break;
    case 22:
      awaiting_open_ = false;
      client_->transport_opened(now_, transport_);
      break;
    case 23:
      client_->disconnect(now_);
      break;
    case 24:
      client_->connect(now_);
      break;
    case 25:
      client_->network_offline(now_);
      break;
    case 26:
      client_->network_online(now_);
      break;
    // Added after the corpus was written: numbers past the old ones keep
    // every earlier script meaning what it did.
    case 28:
      commands_.edit(now_);
      break;
    case 29:
      commands_.remove(now_);
      break;
    case 30:
      commands_.react(now_);
      break;
    case 31:
      commands_.jump_to(now_);
      break;
    case 32:
      commands_.jump_to_latest(now_);
      break;
    case 33:
      commands_.load_newer(now_);
      break;
    default: {
      static constexpr std::array<std::int64_t, 4> kScales = {50, 1'000, 10'000, 70'000};
      advance(in_.ConsumeIntegralInRange<std::int64_t>(0, kScales[pick(in_, kScales.size())]));
      break;
    }
  }
}

void Harness::serve() {
  if (!awaiting_open_) return;
  awaiting_open_ = false;
  client_->transport_opened(now_, transport_);
  drain();
  frame(kHandshake);
  drain();
  frame(kConnectAck);
}

void Harness::drain() {
  while (auto action = client_->poll_action()) {
    invariants_.check_action(*action, transport_);
    if (const auto* open = std::get_if<session::OpenTransport>(&*action)) {
      transport_ = open->transport;
      awaiting_open_ = true;
      trace(now_, "open transport " + std::to_string(transport_));
    } else if (const auto* send = std::get_if<session::SendFrame>(&*action)) {
      trace(now_, "-> " + chatwire::fuzz::printable(send->text));
      server_.receive(send->text);
    } else if (const auto* close = std::get_if<session::CloseTransport>(&*action)) {
      awaiting_open_ = false;
      trace(now_, "close transport " + std::to_string(close->transport));
    }
  }
  while (auto event = client_->poll_event()) {
    trace_event(now_, *event);
    invariants_.check_event(*event);
  }
}

void Harness::advance(std::int64_t ms) {
  const std::int64_t start = now_;
  now_ += ms;
  trace(now_, "advanced " + std::to_string(ms) + " ms");
  // Fire every deadline up to now, in order, as the JS timer would.
  for (int guard = 0; guard < 10'000; ++guard) {
    const auto deadline = client_->poll_timeout();
    if (!deadline || *deadline > now_) return;
    const std::int64_t at = std::max(*deadline, start);
    client_->handle_timeout(at);
    drain();
    check(at);
    invariants_.check_next_deadline(at);
  }
  invariants_.deadlines_did_not_settle();
}

void Harness::frame(std::string_view text) {
  trace(now_, "<- " + chatwire::fuzz::printable(text));
  last_frame_ms_ = now_;
  client_->frame_received(now_, transport_, text);
}

void Harness::binary_frame(std::string_view bytes) {
  last_frame_ms_ = now_;
  client_->binary_frame_received(now_, transport_, bytes);
}

}  // namespace chatwire::fuzz::client_fuzz
