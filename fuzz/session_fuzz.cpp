// Fuzzes the whole connection state machine: the input is a script of
// operations (frames from the server, transport events, user commands,
// network hints, the clock moving) applied to one Session, as a hostile or
// broken server and a careless app could produce them in any order.
//
// Properties checked after every operation, beyond "no crash, no leak":
//   - after handle_timeout(now), the next deadline is later than now (a
//     deadline in the past would make the JS timer loop spin);
//   - every action names the transport the session last opened;
//   - every EmitFailed/AckReceived names an id that emit() returned, and each
//     id ends at most once;
//   - the state reported by StateChanged events matches state().
#include <fuzzer/FuzzedDataProvider.h>

#include <set>
#include <string>

#include "fuzz_support.h"
#include "session_clock.h"
#include "session/session.h"

namespace {

using chatwire::json_util::Json;
using namespace chatwire::session;

// Frames that take the session deep quickly, so mutations explore what comes
// after the handshake rather than rediscovering it.
constexpr const char* kHandshake =
    "0{\"sid\":\"s\",\"upgrades\":[],\"pingInterval\":300,\"pingTimeout\":200}";
constexpr const char* kConnectAck = "40{\"sid\":\"n\"}";
// As from a server with connection state recovery, and an event with its offset.
constexpr const char* kConnectAckWithPid = "40{\"sid\":\"n\",\"pid\":\"p\"}";
constexpr const char* kEventWithOffset = "42[\"x\",{\"a\":1},\"1-0\"]";

struct Harness {
  explicit Harness(Session s) : session(std::move(s)) {}

  Session session;
  std::int64_t now = 0;
  std::uint32_t transport = 0;  // the last transport the session opened
  std::set<EmitId> issued;
  std::set<EmitId> ended;
  State reported = State::kIdle;

  void drain() {
    while (auto action = session.poll_action()) {
      if (const auto* open = std::get_if<OpenTransport>(&*action)) {
        FUZZ_CHECK(open->transport != 0 && open->transport != transport,
                   "transport ids are fresh and non-zero");
        transport = open->transport;
      } else if (const auto* send = std::get_if<SendFrame>(&*action)) {
        FUZZ_CHECK(send->transport == transport, "frame for transport " + std::to_string(send->transport));
      } else if (const auto* close = std::get_if<CloseTransport>(&*action)) {
        FUZZ_CHECK(close->transport == transport, "close of transport " + std::to_string(close->transport));
      }
    }
    while (auto event = session.poll_event()) {
      if (const auto* change = std::get_if<StateChanged>(&*event)) {
        FUZZ_CHECK(change->from == reported, std::string("from ") + to_string(change->from));
        FUZZ_CHECK(change->from != change->to, "a state change changes the state");
        reported = change->to;
      } else if (const auto* failed = std::get_if<EmitFailed>(&*event)) {
        end(failed->id);
      } else if (const auto* acked = std::get_if<AckReceived>(&*event)) {
        end(acked->id);
      }
    }
    FUZZ_CHECK(reported == session.state(), std::string("state() is ") + to_string(session.state()));
  }

  void end(EmitId id) {
    FUZZ_CHECK(issued.count(id) == 1, "ended emit " + std::to_string(id) + " was never issued");
    FUZZ_CHECK(ended.insert(id).second, "emit " + std::to_string(id) + " ended twice");
  }
};

SessionConfig fuzz_config(FuzzedDataProvider& input) {
  SessionConfig config;
  config.random_seed = input.ConsumeIntegral<std::uint64_t>();
  config.outbox_capacity = input.ConsumeIntegralInRange<std::size_t>(1, 8);
  config.refresh_credentials_on_reject = input.ConsumeBool();
  config.reconnection.max_attempts = input.ConsumeIntegralInRange<std::uint32_t>(0, 3);
  config.connect_timeout_ms = input.ConsumeIntegralInRange<std::int64_t>(1, 5000);
  config.credentials_each_attempt = input.ConsumeBool();
  config.disconnect_grace_ms = input.ConsumeIntegralInRange<std::int64_t>(0, 2000);
  config.limits = chatwire::fuzz::kTightLimits;
  config.limits.max_frame_bytes = 256;
  return config;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  auto created = Session::create(fuzz_config(input));
  FUZZ_CHECK(created.ok(), "the fuzz config is valid");
  Harness h(std::move(created).value());

  while (input.remaining_bytes() > 0) {
    switch (input.ConsumeIntegralInRange<int>(0, 20)) {
      case 0:
        h.session.frame_received(h.now, h.transport, input.ConsumeRandomLengthString(300));
        break;
      case 1:
        h.session.frame_received(h.now, h.transport, kHandshake);
        break;
      case 2:
        h.session.frame_received(h.now, h.transport, kConnectAck);
        break;
      case 3:
        h.session.binary_frame_received(h.now, h.transport, input.ConsumeRandomLengthString(16));
        break;
      case 4:
        h.session.transport_opened(h.now, h.transport);
        break;
      case 5:
        h.session.transport_closed(h.now, h.transport, "fuzz");
        break;
      case 6:
        h.session.connect(h.now);
        break;
      case 7:
        h.session.disconnect(h.now);
        break;
      case 8: {
        EmitOptions options;
        if (input.ConsumeBool())
          options.ack_timeout_ms = input.ConsumeIntegralInRange<std::int64_t>(-1, 2000);
        options.resend_after_reconnect = input.ConsumeBool();
        const std::string name = input.ConsumeRandomLengthString(12);
        auto id = h.session.emit(h.now, name, Json::array({input.ConsumeRandomLengthString(40)}), options);
        if (id) FUZZ_CHECK(h.issued.insert(*id).second, "emit id " + std::to_string(*id) + " reused");
        break;
      }
      case 9:
        h.session.network_online(h.now);
        break;
      case 10:
        h.session.network_offline(h.now);
        break;
      case 11:
        h.session.provide_credentials(h.now, Json{{"token", input.ConsumeRandomLengthString(8)}});
        break;
      case 12:
        h.session.decline_credentials(h.now);
        break;
      case 13:
        h.session.ack(h.now, input.ConsumeIntegral<std::uint32_t>(), Json::array());
        break;
      case 14:
        h.session.frame_received(h.now, input.ConsumeIntegralInRange<std::uint32_t>(0, 3), "42[\"x\"]");
        break;
      case 16:
        h.session.reconnect_now(h.now);
        break;
      case 17:
        h.session.credentials_unavailable(h.now, input.ConsumeRandomLengthString(8));
        break;
      case 18:
        h.session.disconnect(h.now, /*at_once=*/true);
        break;
      case 19:
        h.session.frame_received(h.now, h.transport, kConnectAckWithPid);
        break;
      case 20:
        h.session.frame_received(h.now, h.transport, kEventWithOffset);
        break;
      default:
        chatwire::fuzz::advance_clock(h, input.ConsumeIntegralInRange<std::int64_t>(0, 30'000));
        break;
    }
    h.drain();
  }
  return 0;
}
