// The clock of the session harnesses (session_fuzz, polling_fuzz): the page's
// single timer, played forward. Each harness holds a `session`, its `now`,
// and a `drain()` that takes the session's actions and events after a call.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>

#include "fuzz_support.h"

namespace chatwire::fuzz {

/// Moves `harness.now` forward by `ms` and fires every deadline up to then,
/// in order, as the JS timer would (each at its own time, never before the
/// step began). After each, the next deadline must lie later: a deadline that
/// does not move would spin the page's timer.
template <class Harness>
void advance_clock(Harness& harness, std::int64_t ms) {
  harness.now += ms;
  for (int guard = 0; guard < 10'000; ++guard) {
    const auto deadline = harness.session.poll_timeout();
    if (!deadline || *deadline > harness.now) return;
    const std::int64_t at = std::max(*deadline, harness.now - ms);
    harness.session.handle_timeout(at);
    harness.drain();
    const auto next = harness.session.poll_timeout();
    FUZZ_CHECK(!next || *next > at, "deadline " + std::to_string(*next) + " not after " + std::to_string(at));
  }
  FUZZ_CHECK(false, "deadlines did not settle");
}

}  // namespace chatwire::fuzz
