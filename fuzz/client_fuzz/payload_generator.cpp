#include "client_fuzz/payload_generator.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <utility>
#include <vector>

#include "client_fuzz/json_text.h"
#include "client_fuzz/script_input.h"

namespace chatwire::fuzz::client_fuzz {

std::string PayloadGenerator::any_value(int depth) {
  const std::size_t choices = depth >= 5 ? 6 : 10;
  switch (pick(in_, choices)) {
    case 0:
      return "null";
    case 1:
      return in_.ConsumeBool() ? "true" : "false";
    case 2:
      return std::to_string(in_.ConsumeIntegralInRange<std::int64_t>(-3, 40));
    case 3:
      return number_value();
    case 4:
      return string_value();
    case 5:
      return typed(pick_from(in_, kKeys), depth);
    case 6:
      return random_object(depth + 1);
    case 7:
      return random_array(depth + 1);
    case 8:
      return shaped(kMessageShapes[pick(in_, kMessageShapes.size())], depth + 1);
    default:
      return typed(pick_from(in_, kKeys), depth);
  }
}

std::string PayloadGenerator::number_value() {
  switch (pick(in_, 3)) {
    case 0:
      return pick_from(in_, kEdgeNumbers);
    case 1:
      return std::to_string(in_.ConsumeIntegral<std::int64_t>());
    default:
      return std::to_string(in_.ConsumeIntegralInRange<std::int64_t>(-1000, 100'000)) + ".25";
  }
}

std::string PayloadGenerator::string_value() {
  switch (pick(in_, 6)) {
    case 0:
      return json_string(pick_from(in_, kTexts));
    case 1:
      return json_string(std::string(pick(in_, 8) == 0 ? 5000 : 300, 's'));
    case 2: {
      // Escapes and byte sequences pasted in raw (they are JSON text already).
      std::string out = "\"" + std::string(pick_from(in_, kOddStrings));
      if (pick(in_, 2) == 0) out += pick_from(in_, kOddStrings);
      return out + "\"";
    }
    default:
      return json_string(in_.ConsumeRandomLengthString(40));
  }
}

std::string PayloadGenerator::random_object(int depth) {
  std::vector<std::pair<std::string, std::string>> fields;
  const std::size_t count = pick(in_, 6);
  for (std::size_t i = 0; i < count; ++i) {
    std::string key = pick(in_, 8) == 0 ? in_.ConsumeRandomLengthString(12) : pick_from(in_, kKeys);
    std::string value = any_value(depth);
    fields.emplace_back(std::move(key), std::move(value));
  }
  return object_text(fields);
}

std::string PayloadGenerator::random_array(int depth) {
  std::string out = "[";
  const std::size_t count = pick(in_, 5);
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += ',';
    out += any_value(depth);
  }
  return out + "]";
}

std::string PayloadGenerator::shaped(const Keys& keys, int depth) {
  std::vector<std::pair<std::string, std::string>> fields;
  for (const char* key : keys) {
    switch (pick(in_, 16)) {
      case 0:  // missing
        break;
      case 1:
        fields.emplace_back(key, any_value(depth));
        break;
      case 2:
        fields.emplace_back(key, "null");
        break;
      default:
        fields.emplace_back(key, typed(key, depth));
        break;
    }
  }
  if (pick(in_, 8) == 0) {
    const char* key = pick_from(in_, kKeys);
    fields.emplace_back(key, any_value(depth));
  }
  return object_text(fields);
}

std::string PayloadGenerator::typed(std::string_view key, int depth) {
  const auto is = [&](std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), key) != names.end();
  };
  if (depth >= 5) return pick(in_, 2) == 0 ? "null" : std::to_string(pick(in_, 10));
  if (is({"id", "messageId", "sid"})) return id_value();
  if (is({"room", "show_id", "conversationId"})) return room_value();
  if (is({"seq", "readSeq", "lastSeq", "since", "before", "after", "version", "rev", "sinceRev", "afterRev"})) {
    return seq_value();
  }
  if (is({"reactions"})) return reactions_value(depth + 1);
  if (is({"replyTo"})) {
    if (pick(in_, 3) == 0) return "null";
    return shaped({"id", "author", "excerpt", "deleted"}, depth + 1);
  }
  if (is({"emoji"})) return json_string(pick_from(in_, kEmoji));
  if (is({"excerpt", "opId"})) return string_value();
  if (is({"editedAt"})) return pick(in_, 3) == 0 ? "null" : time_value();
  if (is({"changes"})) return messages_value(depth + 1);
  if (is({"count", "limit"})) return std::to_string(pick(in_, 120));
  if (is({"ttlMs"})) return pick(in_, 4) == 0 ? number_value() : std::to_string(pick(in_, 4) * 3000);
  if (is({"clientId"})) {
    const bool recent = pick(in_, 3) != 0;
    const std::size_t back = pick(in_, 8);
    if (recent && !sends_.empty()) return json_string(sends_.recent(back));
    return pick(in_, 2) == 0 ? "null" : string_value();
  }
  if (is({"author", "user", "sender"})) {
    const Keys& user = preset_ == 3 ? kNestUser : kNativeUser;
    return pick(in_, 6) == 0 ? shaped(pick(in_, 2) == 0 ? kNativeUser : kNestUser, depth + 1) : [&] {
      const std::size_t who = pick(in_, kUserIds.size());
      std::string out = "{";
      append_quoted(out, user[0]);
      out += ":" + json_string(kUserIds[who]) + ",";
      append_quoted(out, user[1]);
      return out + ":" + json_string(kUserNames[who]) + "}";
    }();
  }
  if (is({"user_id", "userId", "senderId"})) return user_id_value();
  if (is({"name", "username"})) return user_name_value();
  if (is({"text", "content", "msg", "details", "data"})) return string_value();
  if (is({"code"})) return json_string(pick_from(in_, kErrorCodes));
  if (is({"createdAt", "created_at", "timestamp", "updatedAt"})) return time_value();
  if (is({"state"})) {
    switch (pick(in_, 3)) {
      case 0:
        return "\"start\"";
      case 1:
        return "\"stop\"";
      default:
        return string_value();
    }
  }
  if (is({"online", "is_typing", "isTyping", "ok", "hasMore", "is_edited", "isRead", "deleted", "changesMore",
          "on"})) {
    return pick(in_, 8) == 0 ? any_value(depth) : (in_.ConsumeBool() ? "true" : "false");
  }
  if (is({"message_type"})) {
    static constexpr std::array kTypes = {"text", "text", "system", "join", "leave", ""};
    return json_string(pick_from(in_, kTypes));
  }
  if (is({"messages"})) return messages_value(depth + 1);
  if (is({"members", "active_users"})) return members_value(depth + 1);
  if (is({"rooms"})) return "[" + json_string(pick_from(in_, kRooms)) + "]";
  if (is({"message"})) {
    // Text in the seed dialects, a Message object in native acks.
    return pick(in_, 3) == 0 ? shaped(kMessageShapes[preset_], depth + 1) : string_value();
  }
  if (is({"error"})) {
    return pick(in_, 3) == 0 ? string_value() : shaped({"code", "message"}, depth + 1);
  }
  return any_value(depth);
}

std::string PayloadGenerator::id_value() {
  switch (pick(in_, 7)) {
    case 0:
      return json_string("m" + std::to_string(++counter_));
    case 1:
      return json_string("m" + std::to_string(pick(in_, 6)));
    case 2:
      return std::to_string(++counter_);
    case 3:
      return std::to_string(pick(in_, 6));
    case 4:
      return json_string(in_.ConsumeRandomLengthString(16));
    case 5:
      return "\"\"";
    default:
      return any_value(4);
  }
}

std::string PayloadGenerator::room_value() {
  switch (pick(in_, 8)) {
    case 0:
    case 1:
    case 2:
    case 3:
      return json_string(pick_from(in_, kRooms));
    case 4:
      return std::to_string(pick(in_, 4));  // numeric show ids
    case 5:
      return json_string(in_.ConsumeRandomLengthString(12));
    case 6:
      return "\"\"";
    default:
      return any_value(4);
  }
}

std::string PayloadGenerator::user_id_value() {
  switch (pick(in_, 5)) {
    case 0:
    case 1:
      return json_string(pick_from(in_, kUserIds));
    case 2:
      return std::to_string(pick(in_, 4));  // integer user ids (flask-shows, flask-multiroom)
    case 3:
      return json_string(in_.ConsumeRandomLengthString(12));
    default:
      return any_value(4);
  }
}

std::string PayloadGenerator::user_name_value() {
  switch (pick(in_, 4)) {
    case 0:
    case 1:
      return json_string(pick_from(in_, kUserNames));
    case 2:
      return json_string(in_.ConsumeRandomLengthString(12));
    default:
      return any_value(4);
  }
}

std::string PayloadGenerator::time_value() {
  switch (pick(in_, 6)) {
    case 0:
      return std::to_string(1'717'430'400'000 + 1000 * ++counter_);
    case 1:
      return json_string(iso_time(++counter_, pick(in_, 2) == 0 ? "Z" : ""));
    case 2:
      return json_string(pick_from(in_, kTimestamps));
    case 3:
      return number_value();
    case 4:
      return std::to_string(in_.ConsumeIntegralInRange<std::int64_t>(-5, 100));
    default:
      return string_value();
  }
}

std::string PayloadGenerator::seq_value() {
  switch (pick(in_, 5)) {
    case 0:
      return std::to_string(++counter_);
    case 1:
    case 2:
      return std::to_string(pick(in_, 30));
    case 3:
      return number_value();
    default:
      return any_value(4);
  }
}

std::string PayloadGenerator::messages_value(int depth) {
  if (depth >= 5) return "[]";
  std::string out = "[";
  if (pick(in_, 4) == 0) {
    // Many valid ones: a page that overflows the store.
    const chat::RoomId room = pick_from(in_, kRooms);
    const std::size_t count = pick(in_, 45);
    const std::int64_t first = static_cast<std::int64_t>(pick(in_, 30)) + 1;
    for (std::size_t i = 0; i < count; ++i) {
      if (i > 0) out += ',';
      const std::int64_t seq = first + static_cast<std::int64_t>(i);
      out += canonical_message(room, false, "", "p" + std::to_string(seq), seq);
    }
    return out + "]";
  }
  const std::size_t count = pick(in_, 6);
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += ',';
    out += pick(in_, 8) == 0 ? any_value(depth) : shaped(kMessageShapes[preset_], depth);
  }
  return out + "]";
}

std::string PayloadGenerator::reactions_value(int depth) {
  if (depth >= 5 || pick(in_, 8) == 0) return any_value(depth);
  std::string out = "[";
  const std::size_t count = pick(in_, 4);
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += ',';
    if (pick(in_, 6) == 0) {
      out += shaped({"emoji", "users"}, depth + 1);
      continue;
    }
    std::string users = "[";
    const std::size_t readers = pick(in_, 4);
    for (std::size_t j = 0; j < readers; ++j) users += (j > 0 ? "," : "") + user_id_value();
    out += object_text({{"emoji", json_string(pick_from(in_, kEmoji))}, {"users", users + "]"}});
  }
  return out + "]";
}

std::string PayloadGenerator::members_value(int depth) {
  if (depth >= 5) return "[]";
  std::string out = "[";
  const std::size_t count = pick(in_, 6);
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += ',';
    switch (pick(in_, 4)) {
      case 0:
        out += canonical_member(pick(in_, 3));
        break;
      case 1:
        out += any_value(depth);
        break;
      default:
        out += shaped(preset_ == 2 ? kShowsMember : kNativeMember, depth);
        break;
    }
  }
  return out + "]";
}

std::string PayloadGenerator::changed_message(const chat::RoomId& room, const std::string& id,
                                              const std::string& text, bool deleted) {
  const std::int64_t rev = ++counter_;
  return object_text({{"id", json_string(id)},
                      {"room", json_string(room)},
                      {"seq", std::to_string(pick(in_, 40) + 1)},
                      {"clientId", "null"},
                      {"author", object_text({{"id", "\"u1\""}, {"name", "\"Ada\""}})},
                      {"text", json_string(deleted ? "" : text)},
                      {"createdAt", "1717430400000"},
                      {"version", std::to_string(pick(in_, 8) + 1)},
                      {"rev", std::to_string(rev)},
                      {"editedAt", text.empty() ? "null" : "1717430401000"},
                      {"deleted", deleted ? "true" : "false"},
                      {"reactions", deleted ? "[]" : reactions_value(2)},
                      {"replyTo", "null"}});
}

std::string PayloadGenerator::canonical_member(std::size_t which) {
  static constexpr std::array kIds = {"u1", "u2", "u3"};
  static constexpr std::array kNames = {"Ada", "Grace", "Linus"};
  if (preset_ == 2) {
    return object_text(
        {{"user_id", std::to_string(which + 1)}, {"username", json_string(kNames[which])}, {"sid", "\"x\""}});
  }
  return object_text(
      {{"user", object_text({{"id", json_string(kIds[which])}, {"name", json_string(kNames[which])}})},
       {"online", which == 2 ? "false" : "true"}});
}

std::string PayloadGenerator::canonical_message(const chat::RoomId& room, bool own,
                                                const chat::ClientId& client_id, const std::string& text,
                                                std::optional<std::int64_t> seq) {
  const std::int64_t n = seq ? *seq : ++counter_;
  const std::string id = json_string("m" + std::to_string(n));
  const std::string numeric_room = room == "2" ? "2" : "1";
  const std::string user_id = own ? "u1" : "u2";
  const std::string user_name = own ? "Ada" : "Grace";
  const std::int64_t ms = 1'717'430'400'000 + 1000 * (n % 1'000'000'000);
  switch (preset_) {
    case 0:
      return object_text(
          {{"id", id},
           {"room", json_string(room)},
           {"seq", std::to_string(n)},
           {"clientId", client_id.empty() ? "null" : json_string(client_id)},
           {"author", object_text({{"id", json_string(user_id)}, {"name", json_string(user_name)}})},
           {"text", json_string(text)},
           {"createdAt", std::to_string(ms)},
           {"version", "1"},
           {"rev", std::to_string(n)}});
    case 1:
      return object_text({{"id", id},
                          {"username", json_string(user_name)},
                          {"message", json_string(text)},
                          {"room", json_string(room)},
                          {"timestamp", json_string(iso_time(n, ""))}});
    case 2:
      return object_text({{"id", std::to_string(n)},
                          {"show_id", numeric_room},
                          {"user_id", own ? "\"u1\"" : "2"},
                          {"username", json_string(user_name)},
                          {"message", json_string(text)},
                          {"created_at", json_string(iso_time(n, "Z"))}});
    case 3:
      return object_text(
          {{"id", id},
           {"conversationId", json_string(room)},
           {"senderId", json_string(user_id)},
           {"content", json_string(text)},
           {"isRead", "false"},
           {"createdAt", json_string(iso_time(n, "Z"))},
           {"updatedAt", json_string(iso_time(n, "Z"))},
           {"sender", object_text({{"id", json_string(user_id)}, {"username", json_string(user_name)}})}});
    case 4:
      return object_text({{"id", json_string(std::to_string(ms))},
                          {"conversationId", json_string(room)},
                          {"senderId", json_string(user_id)},
                          {"message", json_string(text)},
                          {"timestamp", json_string(iso_time(n, "Z"))}});
    default:
      return object_text({{"id", std::to_string(n)},
                          {"room", json_string(room)},
                          {"user_id", own ? "\"u1\"" : "2"},
                          {"username", json_string(user_name)},
                          {"message", json_string(text)},
                          {"message_type", "\"text\""},
                          {"created_at", json_string(iso_time(n, ""))},
                          {"is_edited", "false"}});
  }
}

}  // namespace chatwire::fuzz::client_fuzz
