#include "client/scripted_backend.h"

#include <optional>
#include <utility>

namespace chatwire::testing::presets {

std::string iso8601(std::int64_t epoch_ms, TimeStyle style) {
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

ScriptedBackend::ScriptedBackend(ClientPair& pair) : pair_(pair) {
  // A CONNECT is a new socket, in no room yet: the seeds' servers dropped
  // the old socket, and its rooms with it, when the connection went down.
  pair_.server.script.on_connect = [this](const Json&) {
    on_new_socket();
    socket_rooms_.clear();
    return ConnectReply::accept();
  };
  // No ack args from here: the seeds answer with events of their own.
  pair_.server.script.on_event = [this](FakeServer&, const std::string& name, const Json& args) {
    Json event = Json::array({name});
    event.insert(event.end(), args.begin(), args.end());
    arrivals_.push_back({pair_.now, std::move(event)});
    on_event(name, args.is_array() && !args.empty() ? args[0] : Json::object());
    return std::optional<Json>();
  };
}

void ScriptedBackend::post_many(const std::string& room, const chat::User& author, int count,
                                const std::string& prefix) {
  for (int i = 1; i <= count; ++i) post(room, author, prefix + " " + std::to_string(i));
}

void ScriptedBackend::to_client(const std::string& name, const Json& payload) {
  Json args = Json::array();
  args.push_back(payload);
  pair_.server.send_event(name, std::move(args));
}

std::int64_t ScriptedBackend::server_now_ms() const { return kEpochMs + pair_.now; }

std::string ScriptedBackend::string_field(const Json& payload, const char* key) {
  return payload.is_object() && payload.contains(key) && payload[key].is_string()
             ? payload[key].get<std::string>()
             : std::string();
}

}  // namespace chatwire::testing::presets
