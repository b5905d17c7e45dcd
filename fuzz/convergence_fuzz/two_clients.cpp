#include "convergence_fuzz/two_clients.h"

#include <algorithm>
#include <string>
#include <utility>

#include "client_fuzz/trace.h"
#include "fuzz_support.h"

namespace chatwire::fuzz::convergence {
namespace {

using client_fuzz::trace;
using client_fuzz::tracing;

const chat::User kAda{"u1", "Ada"};
const chat::User kGrace{"u2", "Grace"};

/// When the script starts (2024-06-03): a createdAt of 0 would read as none
/// given, which a client replaces with its own clock.
constexpr std::int64_t kStartMs = 1'717'430'400'000;
/// Past the longest reconnect backoff (5 s and its spread), every request
/// timeout (10 s) and a ping round (25 s), twice over.
constexpr std::int64_t kSettleMs = 120'000;
/// Enough for the retries of the failed sends to be answered.
constexpr std::int64_t kRetrySettleMs = 30'000;
/// A bound on the deadlines one advance() fires: more is a spinning timer.
constexpr int kMaxSteps = 100'000;

ClientConfig signed_in_as(const chat::User& user) {
  // Both users' clients draw client ids and op ids from the same seed, so the
  // ids collide across users: the server keys them by user, and so must the
  // clients keep the other user's messages apart from their own.
  ClientConfig config = testing::test_client_config();
  config.chat.self = user;
  return config;
}

const dialect::Dialect& native_dialect() {
  static const dialect::Dialect loaded = testing::preset("chatwire");
  return loaded;
}

}  // namespace

Side::Side(const char* name, const chat::User& user, testing::NativeBackend& server)
    : label(name), backend(server), pair(native_dialect(), server.script(), signed_in_as(user)) {
  pair.now = kStartMs;
  backend.clock = [this] { return pair.now; };
}

TwoClients::TwoClients()
    : ada_backend_(kAda),
      grace_backend_(kGrace, ada_backend_),
      ada_("Ada", kAda, ada_backend_),
      grace_("Grace", kGrace, grace_backend_) {
  for (Side* s : {&ada_, &grace_}) {
    s->pair.connect();
    FUZZ_CHECK(s->pair.client.join(now(), kRoom).ok(), std::string(s->label) + " joins the room");
    s->pair.drive();
  }
  trace_wire();
}

void TwoClients::deliver(Side& s) { s.pair.drive(); }

void TwoClients::advance(std::int64_t ms) {
  const std::int64_t until = now() + ms;
  const auto set_clock = [&](std::int64_t at) { ada_.pair.now = grace_.pair.now = std::max(now(), at); };
  for (int step = 0; step < kMaxSteps; ++step) {
    const auto ada_due = ada_.pair.next_deadline();
    const auto grace_due = grace_.pair.next_deadline();
    Side* due = nullptr;
    std::int64_t at = until;
    if (ada_due && *ada_due <= at) {
      due = &ada_;
      at = *ada_due;
    }
    if (grace_due && *grace_due <= until && (due == nullptr || *grace_due < at)) {
      due = &grace_;
      at = *grace_due;
    }
    set_clock(at);
    if (due == nullptr) return;
    due->pair.step();
  }
  FUZZ_CHECK(false, "the clients' and the server's deadlines kept firing: " + std::to_string(kMaxSteps) +
                        " within " + std::to_string(ms) + " ms");
}

void TwoClients::cut(Side& s) {
  // Not delivered to: the client learns of the cut when it next hears from
  // its transport, and what it sends meanwhile goes to the dead connection.
  s.pair.server.script.accept_transport = false;
  s.pair.server.lose_in_flight();
  s.pair.server.drop_connection("network cut");
}

void TwoClients::restore(Side& s) { s.pair.server.script.accept_transport = true; }

void TwoClients::settle() {
  trace(now(), "settle: the server catches up, both networks come back");
  for (Side* s : {&ada_, &grace_}) {
    s->backend.clear_faults();
    s->backend.release_held_acks();
    restore(*s);
  }
  settle_for(kSettleMs);
  retry_failed(ada_);
  retry_failed(grace_);
  settle_for(kRetrySettleMs);
  cancel_failed(ada_);
  cancel_failed(grace_);
  trace_wire();
}

void TwoClients::reconnect_both() {
  trace(now(), "both reconnect");
  for (Side* s : {&ada_, &grace_}) {
    cut(*s);
    restore(*s);
  }
  settle_for(kRetrySettleMs);
  trace_wire();
}

void TwoClients::settle_for(std::int64_t ms) {
  constexpr std::int64_t kTick = 5000;
  for (std::int64_t passed = 0; passed < ms; passed += kTick) {
    // Each delivery may queue pushes for the other side: both, every tick.
    deliver(ada_);
    deliver(grace_);
    trace_wire();
    advance(kTick);
  }
  deliver(ada_);
  deliver(grace_);
  deliver(ada_);
}

void TwoClients::retry_failed(Side& s) {
  // What a user does with a message shown as failed: send it again (the
  // server may hold it already: its ack or a lost answer said nothing).
  std::vector<chat::ClientId> failed;
  const chat::MessageStore& store = s.room().messages();
  for (std::size_t i = 0; i < store.size(); ++i) {
    if (store.at(i).status == chat::MessageStatus::kFailed) failed.push_back(store.at(i).client_id);
  }
  for (const chat::ClientId& id : failed) {
    const auto retried = s.pair.client.retry(now(), id);
    trace(now(), std::string(s.label) + " retries " + id + ": " +
                     (retried ? "ok" : chat::to_string(retried.error())));
  }
}

void TwoClients::cancel_failed(Side& s) {
  // Still failed once retried on a healthy network: refused for good (a
  // reply to a message deleted meanwhile), so the server has none of it.
  std::vector<chat::ClientId> failed;
  const chat::MessageStore& store = s.room().messages();
  for (std::size_t i = 0; i < store.size(); ++i) {
    const chat::Message& message = store.at(i);
    if (message.status != chat::MessageStatus::kFailed) continue;
    trace(now(), std::string(s.label) + " cancels " + message.client_id + " (" + message.failure + ")");
    failed.push_back(message.client_id);
  }
  for (const chat::ClientId& id : failed) (void)s.pair.client.cancel(now(), id);
  deliver(s);
}

void TwoClients::trace_wire() {
  // Engine.IO pings and pongs say nothing about the room: not traced.
  const auto traced_frame = [&](const std::string& line, const std::string& frame) {
    if (frame != "2" && frame != "3") trace(now(), line + printable(frame));
  };
  for (Side* s : {&ada_, &grace_}) {
    testing::FakeServer& server = s->pair.server;
    if (tracing()) {
      const std::string name(s->label);
      for (std::size_t i = s->frames_in_traced; i < server.frames_received.size(); ++i) {
        traced_frame(name + " -> ", server.frames_received[i]);
      }
      for (std::size_t i = s->frames_out_traced; i < server.frames_sent.size(); ++i) {
        traced_frame(name + " <- ", server.frames_sent[i]);
      }
      for (std::size_t i = s->events_traced; i < s->pair.events.size(); ++i) {
        client_fuzz::trace_event(now(), s->pair.events[i], name);
      }
    }
    s->frames_in_traced = server.frames_received.size();
    s->frames_out_traced = server.frames_sent.size();
    s->events_traced = s->pair.events.size();
  }
}

}  // namespace chatwire::fuzz::convergence
