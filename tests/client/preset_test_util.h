// Helpers shared by the preset suites (tests/client/preset_*_test.cpp): each
// suite plays one seed backend with a small scripted server and drives the
// whole Client against it. These are the parts every such backend and test
// needs: server-side clocks and timestamps as the seeds write them, what the
// client emitted, and the cut/restore of the connection.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "support/client_pair.h"

// Readable failure messages (found by argument-dependent lookup).
namespace chatwire::chat {
inline void PrintTo(const User& user, std::ostream* out) {
  *out << "{" << user.id << ", " << user.name << "}";
}
inline void PrintTo(RoomState state, std::ostream* out) { *out << to_string(state); }
inline void PrintTo(MessageStatus status, std::ostream* out) { *out << to_string(status); }
}  // namespace chatwire::chat

namespace chatwire::testing::presets {

/// Server time at fake-clock 0: 2024-11-16T20:15:30Z, the time of the seeds'
/// example messages. A scripted backend stamps a message sent at `pair.now`
/// with kEpochMs + pair.now.
inline constexpr std::int64_t kEpochMs = 1'731'788'130'000;

/// How a backend writes a timestamp.
enum class TimeStyle {
  kJavaScript,      // new Date().toISOString(): "2024-11-16T20:15:30.250Z"
  kPythonNaive,     // datetime.isoformat() of a naive UTC time: "2024-11-16T20:15:30.250000"
                    // (no fraction at all when it is zero, as Python writes it)
  kPythonWithZone,  // the same with a "Z" appended: "2024-11-16T20:15:30.250000Z"
};

/// Epoch milliseconds (at or after 1970) as the backend would write them.
inline std::string iso8601(std::int64_t epoch_ms, TimeStyle style) {
  const std::int64_t ms = epoch_ms % 1000;
  std::int64_t seconds = epoch_ms / 1000;
  const std::int64_t days = seconds / 86'400;
  seconds %= 86'400;
  // civil_from_days (H. Hinnant), for days since 1970-01-01.
  const std::int64_t z = days + 719'468;
  const std::int64_t era = z / 146'097;
  const std::int64_t doe = z - era * 146'097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const auto two = [](std::int64_t value) { return (value < 10 ? "0" : "") + std::to_string(value); };
  std::string out = std::to_string(year) + "-" + two(month) + "-" + two(day) + "T" + two(seconds / 3600) +
                    ":" + two(seconds / 60 % 60) + ":" + two(seconds % 60);
  std::string fraction = std::to_string(1000 + ms).substr(1);  // three digits
  switch (style) {
    case TimeStyle::kJavaScript:
      return out + "." + fraction + "Z";
    case TimeStyle::kPythonNaive:
      return ms == 0 ? out : out + "." + fraction + "000";
    case TimeStyle::kPythonWithZone:
      return (ms == 0 ? out : out + "." + fraction + "000") + "Z";
  }
  return out;
}

/// A JSON document written in the test (a typo is a test bug: it throws).
inline Json json(std::string_view text) { return Json::parse(text); }

/// The args of an event with one payload, as ClientPair::received() lists them.
inline Json args_of(const Json& payload) {
  Json out = Json::array();
  out.push_back(payload);
  return out;
}
inline Json args(std::string_view payload_json) { return args_of(json(payload_json)); }

/// Every event the client emitted, in order, as [name, payload...].
inline std::vector<Json> emitted(const ClientPair& pair) {
  std::vector<Json> out;
  for (const auto& packet : pair.server.events_received) {
    if (packet.data) out.push_back(*packet.data);
  }
  return out;
}

/// [name, payload] as emitted() lists it.
inline Json event(std::string_view name, std::string_view payload_json) {
  return Json::array({Json(std::string(name)), json(payload_json)});
}

/// True when some event the client emitted asked for an ack. The seed
/// backends answer none; an ack request would time out every time.
inline bool any_ack_requested(const ClientPair& pair) {
  for (const auto& packet : pair.server.events_received) {
    if (packet.ack_id) return true;
  }
  return false;
}

/// The config of the user `self` signs in as (the seeds' servers know the
/// signed-in user by their own ids: integers, UUIDs).
inline ClientConfig config_as(chat::User self) {
  ClientConfig config = test_client_config();
  config.chat.self = std::move(self);
  return config;
}

inline std::vector<chat::MessageStatus> statuses(const ClientPair& pair, const std::string& room) {
  std::vector<chat::MessageStatus> out;
  const auto& store = pair.room(room).messages();
  for (std::size_t i = 0; i < store.size(); ++i) out.push_back(store.at(i).status);
  return out;
}

/// The rooms named by the Discontinuity events so far, in order.
inline std::vector<std::string> discontinuities(const ClientPair& pair) {
  std::vector<std::string> out;
  for (const auto& gap : pair.events_of<chat::Discontinuity>()) out.push_back(gap.room);
  return out;
}

/// The chat errors so far with this code.
inline std::vector<chat::ChatError> chat_errors(const ClientPair& pair, chat::ChatErrorCode code) {
  std::vector<chat::ChatError> out;
  for (const auto& error : pair.events_of<chat::ChatError>()) {
    if (error.code == code) out.push_back(error);
  }
  return out;
}

/// The connection drops and the server refuses new ones until restore().
inline void cut(ClientPair& pair) {
  pair.server.script.accept_transport = false;
  pair.server.drop_connection("network down");
  pair.drive();
  ASSERT_FALSE(pair.client.chat().is_connected());
}

/// The server takes connections again; the clock moves past the longest
/// backoff (5000 ms cap plus jitter), so the client is back.
inline void restore(ClientPair& pair) {
  pair.server.script.accept_transport = true;
  pair.advance_by(6000);
  ASSERT_EQ(pair.client.session().state(), session::State::kConnected);
}

/// Tells a scripted backend when the client is on a new connection, so it
/// can forget the rooms the old one was in (real servers do that on
/// disconnect).
class ConnectionWatch {
 public:
  /// True the first time it is asked on each new connection.
  bool is_new(const FakeServer& server) {
    if (server.connections_accepted == seen_) return false;
    seen_ = server.connections_accepted;
    return true;
  }

 private:
  std::uint32_t seen_ = 0;
};

}  // namespace chatwire::testing::presets
