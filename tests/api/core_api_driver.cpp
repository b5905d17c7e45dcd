#include "api/core_api_driver.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "api/snapshot_json.h"

namespace chatwire::testing {

Json parse_json(const std::string& text) {
  json_util::ParseOutcome parsed = json_util::parse(text);
  if (!parsed.value) {
    ADD_FAILURE() << "not JSON: " << text.substr(0, 200);
    return Json();
  }
  return std::move(*parsed.value);
}

Json written(const std::function<void(api::JsonWriter&)>& write) {
  api::JsonWriter out;
  write(out);
  return parse_json(out.text());
}

std::string test_core_config(const Json& extra) {
  Json config{{"dialect", "chatwire"}, {"user", {{"id", "u1"}, {"name", "Ada"}}}, {"seed", 7}};
  for (auto it = extra.begin(); it != extra.end(); ++it) config[it.key()] = it.value();
  return json_util::dump(config);
}

Json MirroredRoom::message_list() const {
  Json out = Json::array();
  for (const auto& [key, message] : messages) out.push_back(message);
  return out;
}

void apply_message_edits(std::vector<std::pair<std::string, Json>>& messages, const Json& edits,
                         const std::string& where) {
  EXPECT_TRUE(edits.is_object()) << where << ": " << edits;
  if (edits.value("reset", false)) messages.clear();
  if (edits.contains("removed")) {
    const std::set<std::string> removed = edits["removed"].get<std::set<std::string>>();
    EXPECT_FALSE(removed.empty()) << where << ": an empty removed list is written as none";
    std::erase_if(messages, [&](const auto& held) { return removed.count(held.first) != 0; });
  }
  if (!edits.contains("upserts")) return;
  EXPECT_FALSE(edits["upserts"].empty()) << where << ": an empty upserts list is written as none";
  std::optional<std::size_t> previous;
  for (const Json& upsert : edits["upserts"]) {
    EXPECT_EQ(upsert.size(), 3u) << where << ": " << upsert;
    const auto index = upsert[0].get<std::size_t>();
    const std::string key = upsert[1].get<std::string>();
    const Json& message = upsert[2];
    EXPECT_TRUE(!previous || *previous < index) << where << ": upserts out of order at " << index;
    previous = index;
    const auto held = std::find_if(messages.begin(), messages.end(), [&](const auto& m) { return m.first == key; });
    if (held != messages.end()) {
      const auto at = static_cast<std::size_t>(held - messages.begin());
      EXPECT_EQ(at, index) << where << ": " << key << " is held at " << at << ", upserted at " << index;
      messages.erase(held);
    }
    if (index > messages.size()) {
      ADD_FAILURE() << where << ": upsert of " << key << " at " << index << " past the end (" << messages.size()
                    << ")";
      messages.emplace_back(key, message);
    } else {
      messages.insert(messages.begin() + static_cast<std::ptrdiff_t>(index), {key, message});
    }
  }
}

CoreApiDriver::CoreApiDriver(const std::string& config_json, ServerScript script)
    : api(config_json), server(std::move(script)) {}

void CoreApiDriver::perform(const Json& action) {
  actions.push_back(action);
  const std::string type = action.at("type").get<std::string>();
  const auto transport = action.at("transport").get<std::uint32_t>();
  if (type == "open") {
    server.on_open_request(now, transport);
  } else if (type == "send") {
    server.on_client_frame(now, transport, action.at("text").get<std::string>());
  } else if (type == "close") {
    server.on_client_close(transport);
  } else {
    ADD_FAILURE() << "unknown action " << action.dump();
  }
}

void CoreApiDriver::apply_room(const Json& change, const std::string& where) {
  const std::string id = change.at("id").get<std::string>();
  if (change.value("gone", false)) {
    rooms.erase(id);
    return;
  }
  MirroredRoom& room = rooms[id];
  const auto version = change.at("version").get<std::uint64_t>();
  EXPECT_GE(version, room.version) << where << ": the version of " << id << " went back";
  room.version = version;
  if (change.contains("messages")) apply_message_edits(room.messages, change["messages"], where + " room " + id);
  if (change.contains("typingUsers")) room.typing_users = change["typingUsers"];
  if (change.contains("unreadCount")) {
    room.unread_count = change["unreadCount"].get<std::size_t>();
    room.first_unread_id = change.at("firstUnreadId");
  }
  if (change.contains("members")) room.members = change["members"];
  if (change.contains("state")) {
    room.state = change["state"];
    room.has_more = change.at("hasMore").get<bool>();
    room.active = change.at("active").get<bool>();
    room.loading_older = change.at("loadingOlder").get<bool>();
    room.detached = change.at("detached").get<bool>();
    room.has_newer = change.at("hasNewer").get<bool>();
    room.loading_newer = change.at("loadingNewer").get<bool>();
  }
}

Json CoreApiDriver::fold(const std::string& answer_text) {
  const Json answer = parse_json(answer_text);
  answers.push_back(answer);
  const std::string where = "answer " + std::to_string(answers.size());
  EXPECT_TRUE(answer.is_object()) << where << ": " << answer_text.substr(0, 200);
  if (!answer.is_object()) return answer;
  static const std::set<std::string> kMembers = {"result", "actions", "events", "connection",
                                                 "rooms",  "unreadTotal", "deadline"};
  for (auto it = answer.begin(); it != answer.end(); ++it) {
    EXPECT_EQ(kMembers.count(it.key()), 1u) << where << ": unknown member " << it.key();
  }
  if (answer.contains("actions")) {
    EXPECT_FALSE(answer["actions"].empty()) << where << ": no actions are written as none";
    for (const Json& action : answer["actions"]) perform(action);
  }
  if (answer.contains("events")) {
    EXPECT_FALSE(answer["events"].empty()) << where << ": no events are written as none";
    for (const Json& event : answer["events"]) events.push_back(event);
  }
  if (answer.contains("connection")) connection = answer["connection"];
  if (answer.contains("rooms")) {
    for (const Json& change : answer["rooms"]) apply_room(change, where);
  }
  if (answer.contains("unreadTotal")) {
    const auto total = answer["unreadTotal"].get<std::size_t>();
    EXPECT_NE(total, unread_total) << where << ": an unchanged unread total was reported";
    unread_total = total;
  }
  if (answer.contains("deadline")) deadline = answer["deadline"];
  if (check_every_answer) check_mirror(where);
  return answer;
}

bool CoreApiDriver::check_mirror(const std::string& where) {
  const Client* client = api.client();
  if (client == nullptr) {
    EXPECT_TRUE(rooms.empty()) << where;
    return rooms.empty();
  }
  std::vector<std::string> differences;
  const auto differ = [&](const std::string& what, const Json& mirrored, const Json& held) {
    if (mirrored != held) differences.push_back(what + ": mirrored " + mirrored.dump() + ", held " + held.dump());
  };

  std::set<std::string> seen;
  for (const chat::Room* room : client->chat().rooms()) {
    // The id as it crosses: invalid UTF-8 (possible natively only) is replaced.
    const std::string id = written([&](api::JsonWriter& out) { out.string(room->id()); }).get<std::string>();
    seen.insert(id);
    const auto found = rooms.find(id);
    if (found == rooms.end()) {
      differences.push_back("room " + id + " was never reported");
      continue;
    }
    const MirroredRoom& mirror = found->second;
    differ(id + " version", mirror.version, room->version());
    differ(id + " state", mirror.state, chat::to_string(room->state()));
    differ(id + " hasMore", mirror.has_more, room->has_more());
    differ(id + " active", mirror.active, room->active());
    differ(id + " loadingOlder", mirror.loading_older, room->loading_older());
    differ(id + " detached", mirror.detached, room->detached());
    differ(id + " hasNewer", mirror.has_newer, room->has_newer());
    differ(id + " loadingNewer", mirror.loading_newer, room->loading_newer());
    differ(id + " unreadCount", mirror.unread_count, room->unread_count());
    differ(id + " firstUnreadId", mirror.first_unread_id,
           room->first_unread_id().empty() ? Json(nullptr) : Json(room->first_unread_id()));
    differ(id + " typingUsers", mirror.typing_users, written([&](api::JsonWriter& out) {
             out.begin_array();
             for (const chat::User& user : room->typing_users()) api::write_user(out, user);
             out.end_array();
           }));
    differ(id + " members", mirror.members, written([&](api::JsonWriter& out) {
             out.begin_array();
             for (const chat::Member& member : room->members()) {
               out.begin_object().key("user");
               api::write_user(out, member.user);
               out.boolean("online", member.online).end_object();
             }
             out.end_array();
           }));
    const chat::MessageStore& store = room->shown_messages();
    if (mirror.messages.size() != store.size()) {
      differences.push_back(id + ": " + std::to_string(mirror.messages.size()) + " messages mirrored, " +
                            std::to_string(store.size()) + " held");
      continue;
    }
    for (std::size_t i = 0; i < store.size(); ++i) {
      const std::string key = chat::message_key(store.at(i), store.key_at(i));
      const Json held = written([&](api::JsonWriter& out) { api::write_message(out, store.at(i), room->read_by(i)); });
      if (mirror.messages[i].first != key || mirror.messages[i].second != held) {
        differences.push_back(id + " message " + std::to_string(i) + ": mirrored " + mirror.messages[i].first + " " +
                              mirror.messages[i].second.dump() + ", held " + key + " " + held.dump());
        break;
      }
    }
  }
  for (const auto& [id, mirror] : rooms) {
    if (seen.count(id) == 0) differences.push_back("room " + id + " is mirrored but the core has none");
  }
  differ("unreadTotal", unread_total, client->chat().unread_total());
  if (connection.is_object()) differ("connection state", connection["state"], api.state());
  const std::optional<std::int64_t> held_deadline = client->poll_timeout();
  differ("deadline", deadline, held_deadline ? Json(*held_deadline) : Json());

  if (differences.empty()) return true;
  if (!mismatch_reported_) {
    mismatch_reported_ = true;
    std::string all;
    for (const std::string& difference : differences) all += "\n  " + difference;
    ADD_FAILURE() << where << ": the mirror differs from the core (reported once per driver):" << all;
  }
  return false;
}

void CoreApiDriver::drive() {
  // Bounded so that a ping-pong bug fails the test instead of hanging it.
  for (int round = 0; round < 100'000; ++round) {
    std::optional<ServerOutput> output = server.poll_output();
    if (!output) return;
    const double transport = output->transport;
    switch (output->kind) {
      case ServerOutput::Kind::kOpened:
        fold(api.transport_opened(time(), transport));
        break;
      case ServerOutput::Kind::kFrame:
        fold(api.frame_received(time(), transport, output->text));
        break;
      case ServerOutput::Kind::kClosed:
        fold(api.transport_closed(time(), transport, output->text));
        break;
    }
  }
  ADD_FAILURE() << "drive() did not settle after 100000 server outputs";
}

std::optional<std::int64_t> CoreApiDriver::next_deadline() const {
  std::optional<std::int64_t> next = server.next_deadline();
  if (deadline.is_number_integer()) {
    const auto api_deadline = deadline.get<std::int64_t>();
    next = next ? std::min(*next, api_deadline) : api_deadline;
  }
  return next;
}

bool CoreApiDriver::step() {
  const std::optional<std::int64_t> next = next_deadline();
  if (!next) return false;
  now = std::max(now, *next);
  server.handle_timeout(now);
  const Json answer = fold(api.handle_timeout(time()));
  if (api.created()) {
    EXPECT_TRUE(answer.contains("deadline")) << "handleTimeout always says the next deadline";
  }
  drive();
  return true;
}

void CoreApiDriver::advance_to(std::int64_t until_ms) {
  for (int guard = 0; guard < 100'000; ++guard) {
    const std::optional<std::int64_t> next = next_deadline();
    if (!next || *next > until_ms) {
      now = std::max(now, until_ms);
      return;
    }
    step();
  }
  ADD_FAILURE() << "advance_to() made 100000 steps";
}

void CoreApiDriver::connect() {
  fold(api.connect(time()));
  drive();
}

std::vector<Json> CoreApiDriver::events_of(const std::string& type) const {
  std::vector<Json> out;
  for (const Json& event : events) {
    if (event.value("type", "") == type) out.push_back(event);
  }
  return out;
}

Json CoreApiDriver::snapshot(const std::string& room) {
  check_mirror("snapshot(" + room + ")");
  const auto found = rooms.find(room);
  if (found == rooms.end()) return Json{{"exists", false}};
  const MirroredRoom& mirror = found->second;
  return Json{{"exists", true},
              {"version", mirror.version},
              {"messages", mirror.message_list()},
              {"typingUsers", mirror.typing_users},
              {"unreadCount", mirror.unread_count},
              {"firstUnreadId", mirror.first_unread_id},
              {"members", mirror.members},
              {"state", mirror.state},
              {"hasMore", mirror.has_more},
              {"active", mirror.active},
              {"loadingOlder", mirror.loading_older},
              {"detached", mirror.detached},
              {"hasNewer", mirror.has_newer},
              {"loadingNewer", mirror.loading_newer}};
}


NativeCore::NativeCore(const Json& extra_config) : driver(test_core_config(extra_config), backend.script()) {
  backend.clock = [this] { return driver.now; };
  driver.connect();
}

void NativeCore::join(const std::string& room) {
  EXPECT_EQ(driver.result(driver.api.join(driver.time(), room))["ok"], true);
  driver.drive();
}

}  // namespace chatwire::testing
