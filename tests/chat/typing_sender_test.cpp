// TypingSender: one start per typing session, refreshes only where the server
// expires typing, one stop after idleness or on an explicit stop.
#include "chat/typing_sender.h"

#include <gtest/gtest.h>

#include <iostream>
#include <limits>
#include <vector>

namespace chatwire::chat {
namespace {

// What a driver emitted, and when.
struct Trace {
  std::vector<std::int64_t> starts;
  std::vector<std::int64_t> stops;
  int timeouts_called = 0;

  void record(TypingOutput output, std::int64_t now_ms) {
    if (output == TypingOutput::kSendStart) starts.push_back(now_ms);
    if (output == TypingOutput::kSendStop) stops.push_back(now_ms);
  }
};

// Fires every deadline at or before `until`, as the JS side's single timer would.
void run_timers(TypingSender& sender, std::int64_t until, Trace& trace) {
  for (int guard = 0; guard < 100'000; ++guard) {
    const auto deadline = sender.next_deadline();
    if (!deadline || *deadline > until) return;
    ++trace.timeouts_called;
    trace.record(sender.handle_timeout(*deadline), *deadline);
  }
  FAIL() << "deadlines do not advance";
}

// Keystrokes every `period_ms` from `from_ms` to `to_ms` inclusive, timers
// fired in between, then the timers run out.
Trace type(TypingSender& sender, std::int64_t from_ms, std::int64_t to_ms, std::int64_t period_ms) {
  Trace trace;
  for (std::int64_t t = from_ms; t <= to_ms; t += period_ms) {
    run_timers(sender, t, trace);
    trace.record(sender.keystroke(t), t);
  }
  run_timers(sender, std::numeric_limits<std::int64_t>::max(), trace);
  return trace;
}

std::vector<std::int64_t> every(std::int64_t from, std::int64_t to, std::int64_t step) {
  std::vector<std::int64_t> times;
  for (std::int64_t t = from; t <= to; t += step) times.push_back(t);
  return times;
}

TEST(TypingSenderTest, SixtySecondsAtFiveKeysPerSecondWithServerExpiry) {
  TypingPolicy policy;
  policy.server_expires_ms = 6000;
  TypingSender sender(policy);
  const Trace trace = type(sender, 0, 59'800, 200);

  const std::size_t refreshes = trace.starts.size() - 1;
  std::cout << "60 s at 5 keys/s, server expiry 6000 ms: 1 start + " << refreshes << " refreshes + "
            << trace.stops.size() << " stop (" << trace.timeouts_called << " handle_timeout calls)\n";
  RecordProperty("starts", 1);
  RecordProperty("refreshes", static_cast<int>(refreshes));
  RecordProperty("stops", static_cast<int>(trace.stops.size()));

  // Refreshes every 3000 ms while typing continues; none at 60000, because
  // the stop at 61800 reaches the server before it would expire the 57000
  // start (63000).
  EXPECT_EQ(trace.starts, every(0, 57'000, 3000));
  EXPECT_EQ(refreshes, 19u);
  EXPECT_EQ(trace.stops, std::vector<std::int64_t>{61'800});
  EXPECT_FALSE(sender.active());
  EXPECT_EQ(sender.next_deadline(), std::nullopt);

  // The server never forgets the state while the user types: each start
  // (and the final stop) lands within server_expires_ms - margin of the last.
  const std::int64_t safe = 6000 - typing_refresh_margin_ms(6000);
  for (std::size_t i = 1; i < trace.starts.size(); ++i) {
    EXPECT_LE(trace.starts[i] - trace.starts[i - 1], safe) << "start " << i;
  }
  EXPECT_LE(trace.stops.back() - trace.starts.back(), safe);
}

TEST(TypingSenderTest, SpuriousTimerCallsChangeNothing) {
  TypingPolicy policy;
  policy.server_expires_ms = 6000;
  TypingSender sender(policy);
  Trace trace;
  // A sloppy driver calls handle_timeout every 50 ms whatever the deadline.
  for (std::int64_t t = 0; t <= 65'000; t += 50) {
    trace.record(sender.handle_timeout(t), t);
    if (t <= 59'800 && t % 200 == 0) trace.record(sender.keystroke(t), t);
  }
  EXPECT_EQ(trace.starts, every(0, 57'000, 3000));
  EXPECT_EQ(trace.stops, std::vector<std::int64_t>{61'800});
}

TEST(TypingSenderTest, WithoutServerExpiryOneStartAndOneStop) {
  TypingSender sender(TypingPolicy{});
  const Trace trace = type(sender, 0, 59'800, 200);
  EXPECT_EQ(trace.starts, std::vector<std::int64_t>{0});
  EXPECT_EQ(trace.stops, std::vector<std::int64_t>{61'800});
}

TEST(TypingSenderTest, FirstKeystrokeStartsAtOnceThenSilence) {
  TypingSender sender(TypingPolicy{});
  EXPECT_FALSE(sender.active());
  EXPECT_EQ(sender.next_deadline(), std::nullopt);
  EXPECT_EQ(sender.keystroke(1000), TypingOutput::kSendStart);
  EXPECT_TRUE(sender.active());
  EXPECT_EQ(sender.next_deadline(), 3000);
  EXPECT_EQ(sender.keystroke(1500), TypingOutput::kNone);
  EXPECT_EQ(sender.next_deadline(), 3500) << "each keystroke pushes the idle stop back";
}

TEST(TypingSenderTest, NoStopEventMeansNoStopEver) {
  TypingPolicy policy;
  policy.server_expires_ms = 6000;
  policy.has_stop = false;
  TypingSender sender(policy);
  const Trace trace = type(sender, 0, 59'800, 200);
  EXPECT_EQ(trace.starts, every(0, 57'000, 3000)) << "refreshes still keep the server's state alive";
  EXPECT_TRUE(trace.stops.empty());
  EXPECT_FALSE(sender.active()) << "idle ends the session silently";

  EXPECT_EQ(sender.keystroke(70'000), TypingOutput::kSendStart);
  EXPECT_EQ(sender.stop(70'100), TypingOutput::kNone);
  EXPECT_FALSE(sender.active());
}

TEST(TypingSenderTest, NoStopEventAndNoExpirySendsOneStart) {
  TypingPolicy policy;
  policy.has_stop = false;
  TypingSender sender(policy);
  const Trace trace = type(sender, 0, 10'000, 200);
  EXPECT_EQ(trace.starts, std::vector<std::int64_t>{0});
  EXPECT_TRUE(trace.stops.empty());
}

TEST(TypingSenderTest, PauseLongerThanIdleStopsThenResumeStartsAgain) {
  TypingSender sender(TypingPolicy{});
  Trace trace;
  for (std::int64_t t = 0; t <= 1000; t += 250) {
    run_timers(sender, t, trace);
    trace.record(sender.keystroke(t), t);
  }
  run_timers(sender, 5000, trace);
  EXPECT_EQ(trace.stops, std::vector<std::int64_t>{3000});
  EXPECT_FALSE(sender.active());
  trace.record(sender.keystroke(5000), 5000);
  EXPECT_EQ(trace.starts, (std::vector<std::int64_t>{0, 5000}));
}

TEST(TypingSenderTest, PauseShorterThanIdleSendsNothing) {
  TypingSender sender(TypingPolicy{});
  Trace trace;
  trace.record(sender.keystroke(0), 0);
  run_timers(sender, 1999, trace);
  trace.record(sender.keystroke(1999), 1999);
  EXPECT_EQ(trace.starts, std::vector<std::int64_t>{0});
  EXPECT_TRUE(trace.stops.empty());
  EXPECT_EQ(sender.next_deadline(), 3999);
}

TEST(TypingSenderTest, MissedIdleTimeoutStartsANewSessionOnTheNextKeystroke) {
  TypingSender sender(TypingPolicy{});
  EXPECT_EQ(sender.keystroke(0), TypingOutput::kSendStart);
  // The driver never fired the 2000 deadline (a throttled tab).
  EXPECT_EQ(sender.keystroke(9000), TypingOutput::kSendStart);
  EXPECT_EQ(sender.next_deadline(), 11'000);
}

TEST(TypingSenderTest, StopTwiceSendsOneStop) {
  TypingSender sender(TypingPolicy{});
  EXPECT_EQ(sender.keystroke(0), TypingOutput::kSendStart);
  EXPECT_EQ(sender.stop(100), TypingOutput::kSendStop);
  EXPECT_EQ(sender.stop(200), TypingOutput::kNone);
  EXPECT_EQ(sender.next_deadline(), std::nullopt);
  EXPECT_EQ(sender.handle_timeout(2100), TypingOutput::kNone) << "no idle stop after an explicit one";
}

TEST(TypingSenderTest, StopWithoutTypingSendsNothing) {
  TypingSender sender(TypingPolicy{});
  EXPECT_EQ(sender.stop(0), TypingOutput::kNone);
}

TEST(TypingSenderTest, EarlyTimeoutIsANoOp) {
  TypingPolicy policy;
  policy.server_expires_ms = 6000;
  TypingSender sender(policy);
  EXPECT_EQ(sender.handle_timeout(0), TypingOutput::kNone) << "not typing";
  EXPECT_EQ(sender.keystroke(0), TypingOutput::kSendStart);
  EXPECT_EQ(sender.handle_timeout(1), TypingOutput::kNone);
  EXPECT_EQ(sender.handle_timeout(1999), TypingOutput::kNone);
  EXPECT_TRUE(sender.active());
  EXPECT_EQ(sender.next_deadline(), 2000);
  EXPECT_EQ(sender.handle_timeout(2000), TypingOutput::kSendStop);
}

TEST(TypingSenderTest, RefreshFiresFromTheTimerDuringAShortPause) {
  // A server that forgets after 3000 ms: refreshes are due every 2400 ms.
  TypingPolicy policy;
  policy.server_expires_ms = 3000;
  TypingSender sender(policy);
  EXPECT_EQ(sender.keystroke(0), TypingOutput::kSendStart);
  EXPECT_EQ(sender.keystroke(1900), TypingOutput::kNone);
  // Idle until 3900, past the 2400 horizon: the timer must refresh at 2400
  // even though no keystroke comes then.
  EXPECT_EQ(sender.next_deadline(), 2400);
  EXPECT_EQ(sender.handle_timeout(2400), TypingOutput::kSendStart);
  EXPECT_EQ(sender.next_deadline(), 3900);
  EXPECT_EQ(sender.handle_timeout(3900), TypingOutput::kSendStop);
}

TEST(TypingSenderTest, ResetForgetsWithoutSending) {
  TypingPolicy policy;
  policy.server_expires_ms = 6000;
  TypingSender sender(policy);
  EXPECT_EQ(sender.keystroke(0), TypingOutput::kSendStart);
  sender.reset();
  EXPECT_FALSE(sender.active());
  EXPECT_EQ(sender.next_deadline(), std::nullopt);
  EXPECT_EQ(sender.handle_timeout(5000), TypingOutput::kNone);
  EXPECT_EQ(sender.stop(5000), TypingOutput::kNone);
  EXPECT_EQ(sender.keystroke(6000), TypingOutput::kSendStart)
      << "after reconnecting, typing is announced anew";
}

TEST(TypingSenderTest, RefreshIntervalAndMargin) {
  EXPECT_EQ(typing_refresh_margin_ms(0), 0);
  EXPECT_EQ(typing_refresh_margin_ms(6000), 1200) << "20%";
  EXPECT_EQ(typing_refresh_margin_ms(2000), 500) << "floor";
  EXPECT_EQ(typing_refresh_margin_ms(800), 400) << "at most half";

  const auto interval = [](std::int64_t refresh, std::int64_t expires) {
    TypingPolicy policy;
    policy.refresh_ms = refresh;
    policy.server_expires_ms = expires;
    return typing_refresh_interval_ms(policy);
  };
  EXPECT_EQ(interval(3000, 0), std::nullopt);
  EXPECT_EQ(interval(3000, 6000), 3000);
  EXPECT_EQ(interval(3000, 3000), 2400);
  EXPECT_EQ(interval(3000, 2000), 1500);
  EXPECT_EQ(interval(0, 10'000), 8000) << "no refresh_ms: the server's pace alone";
  EXPECT_EQ(interval(3000, 1), 1) << "never 0, so a driver always moves on";
}

TEST(TypingSenderTest, DegeneratePoliciesTerminate) {
  TypingPolicy policy;
  policy.refresh_ms = -5;
  policy.idle_ms = -5;
  policy.server_expires_ms = 1;
  TypingSender sender(policy);
  const Trace trace = type(sender, 0, 1000, 100);
  EXPECT_EQ(trace.starts.size(), 11u) << "idle 0: every keystroke is a session of its own";
  EXPECT_EQ(trace.stops.size(), 11u);
}

TEST(TypingSenderTest, FarFutureTimesDoNotOverflow) {
  TypingPolicy policy;
  policy.server_expires_ms = 6000;
  TypingSender sender(policy);
  const std::int64_t late = std::numeric_limits<std::int64_t>::max() - 10;
  EXPECT_EQ(sender.keystroke(late), TypingOutput::kSendStart);
  EXPECT_EQ(sender.next_deadline(), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(sender.keystroke(late + 5), TypingOutput::kNone);
}

}  // namespace
}  // namespace chatwire::chat
