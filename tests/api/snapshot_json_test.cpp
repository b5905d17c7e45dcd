// Room changes, messages, capabilities and command results as JSON, read
// from a real Client driven against the native backend.
#include <gtest/gtest.h>

#include <algorithm>

#include "api/command_json.h"
#include "api/core_api_driver.h"
#include "api/room_changes.h"
#include "api/snapshot_json.h"
#include "support/client_pair.h"
#include "support/native_backend.h"

namespace chatwire::testing {
namespace {

/// A client joined to "lobby", where Bob is a member and wrote once.
struct LobbyFixture {
  NativeBackend backend;
  ClientPair pair;

  LobbyFixture() : pair(preset("chatwire"), backend.script()) {
    backend.clock = [this] { return pair.now; };
    backend.post("lobby", kBob, "first");
    backend.member_join("lobby", kBob);
    pair.connect();
    EXPECT_TRUE(pair.client.join(pair.now, "lobby").ok());
    pair.drive();
  }

  [[nodiscard]] const chat::Room* lobby() const { return pair.client.chat().room("lobby"); }

  /// The room change of `room` with the parts `what` (chat::Change bits).
  Json change(std::uint32_t what, const std::string& room = "lobby") {
    return written([&](api::JsonWriter& out) { api::write_room_change(out, pair.client, room, what); });
  }
};

Json message_at(const chat::Room& room, std::size_t index) {
  return written(
      [&](api::JsonWriter& out) { api::write_message(out, room.messages().at(index), room.read_by(index)); });
}

/// Every message of `room`, as write_message writes them.
Json all_messages(const chat::Room& room) {
  Json out = Json::array();
  for (std::size_t i = 0; i < room.messages().size(); ++i) out.push_back(message_at(room, i));
  return out;
}

Json capabilities(const std::string& preset_name) {
  return written(
      [&](api::JsonWriter& out) { api::write_capabilities(out, preset(preset_name).capabilities()); });
}

/// The keys of a JSON object, sorted.
std::vector<std::string> keys(const Json& object) {
  std::vector<std::string> out;
  for (auto it = object.begin(); it != object.end(); ++it) out.push_back(it.key());
  return out;
}

TEST(RoomChangeJson, OnlyTheChangedPartsArePresent) {
  LobbyFixture f;
  using V = std::vector<std::string>;
  EXPECT_EQ(keys(f.change(0)), (V{"id", "version"}));
  EXPECT_EQ(keys(f.change(chat::kChangeTyping)), (V{"id", "typingUsers", "version"}));
  EXPECT_EQ(keys(f.change(chat::kChangeUnread)), (V{"firstUnreadId", "id", "unreadCount", "version"}));
  EXPECT_EQ(keys(f.change(chat::kChangeMembers)), (V{"id", "members", "version"}));
  EXPECT_EQ(keys(f.change(chat::kChangeState)), (V{"active", "detached", "hasMore", "hasNewer", "id", "loadingNewer",
                                                    "loadingOlder", "state", "version"}));
  EXPECT_EQ(keys(f.change(~0x1Fu)), (V{"id", "version"})) << "unknown bits are ignored";

  const Json first = f.change(chat::kChangeMessages);
  EXPECT_EQ(keys(first), (V{"id", "messages", "version"}));
  ASSERT_EQ(first["messages"]["upserts"].size(), 1u) << "every message since the room began: " << first;
  EXPECT_FALSE(first["messages"].contains("removed"));
  EXPECT_FALSE(first["messages"].contains("reset"));
  const Json upsert = first["messages"]["upserts"][0];
  EXPECT_EQ(upsert[0], 0);
  EXPECT_EQ(upsert[1], "s:" + upsert[2]["id"].get<std::string>());
  EXPECT_EQ(upsert[2], message_at(*f.lobby(), 0));
  EXPECT_EQ(keys(f.change(chat::kChangeMessages)), (V{"id", "version"}))
      << "taken: no edits since, so no messages part at all";

  const Json all = f.change(0x1F);
  EXPECT_EQ(all["id"], "lobby");
  EXPECT_EQ(all["version"], f.lobby()->version());
  EXPECT_EQ(all["unreadCount"], 1);
  EXPECT_EQ(all["typingUsers"], Json::array());
  EXPECT_EQ(all["state"], "joined");
  EXPECT_EQ(all["hasMore"], false);
  EXPECT_EQ(all["active"], false);
  EXPECT_EQ(all["loadingOlder"], false);
  EXPECT_EQ(f.change(0x1F, "never-joined"), (Json{{"id", "never-joined"}, {"gone", true}}));
}

TEST(SnapshotJson, MessagesCarryOnlyTheFieldsTheyHave) {
  LobbyFixture f;
  // From someone else: a server id, no client id, a seq.
  const Json theirs = message_at(*f.lobby(), 0);
  EXPECT_TRUE(theirs["id"].is_string());
  EXPECT_EQ(theirs["clientId"], nullptr);
  EXPECT_EQ(theirs["seq"], 1);
  EXPECT_EQ(theirs["author"], (Json{{"id", "u2"}, {"name", "Bob"}}));
  EXPECT_FALSE(theirs.contains("failure"));
  EXPECT_FALSE(theirs.contains("readBy"));

  // Own and refused: failed, with why, and no server id.
  f.backend.reject_next("send", "forbidden", "muted");
  auto failed_id = f.pair.client.send(f.pair.now, "lobby", "nope");
  ASSERT_TRUE(failed_id.ok());
  f.pair.drive();
  // Own and accepted, then read by Bob.
  auto sent_id = f.pair.client.send(f.pair.now, "lobby", "yes");
  ASSERT_TRUE(sent_id.ok());
  f.pair.drive();
  f.backend.read_by("lobby", kBob, 2);
  f.pair.drive();

  const Json messages = all_messages(*f.lobby());
  ASSERT_EQ(messages.size(), 3u) << messages;
  for (const Json& message : messages) EXPECT_FALSE(message.contains("roomId")) << message;
  const Json& sent = messages[1];
  EXPECT_EQ(sent["text"], "yes");
  EXPECT_EQ(sent["clientId"], *sent_id);
  EXPECT_EQ(sent["status"], "sent");
  EXPECT_EQ(sent["readBy"], Json::array({"u2"}));
  const Json& failed = messages[2];
  EXPECT_EQ(failed["text"], "nope");
  EXPECT_EQ(failed["status"], "failed");
  EXPECT_EQ(failed["id"], nullptr);
  EXPECT_EQ(failed["clientId"], *failed_id);
  EXPECT_FALSE(failed.contains("seq"));
  EXPECT_NE(failed["failure"].get<std::string>().find("muted"), std::string::npos) << failed;
}

TEST(RoomChangeJson, MembersTypingAndUnread) {
  LobbyFixture f;
  f.backend.typing("lobby", kBob, "start");
  f.pair.drive();
  EXPECT_EQ(f.change(chat::kChangeTyping)["typingUsers"],
            Json::array({{{"id", "u2"}, {"name", "Bob"}}}));

  f.backend.presence(kBob, false);
  f.pair.drive();
  const Json members = f.change(chat::kChangeMembers)["members"];
  ASSERT_EQ(members.size(), 2u) << members;
  for (const Json& member : members) {
    const bool is_bob = member["user"] == Json{{"id", "u2"}, {"name", "Bob"}};
    EXPECT_TRUE(is_bob || member["user"] == (Json{{"id", "u1"}, {"name", "Ada"}})) << member;
    EXPECT_EQ(member["online"], !is_bob) << member;
  }
  const Json unread = f.change(chat::kChangeUnread | chat::kChangeState);
  EXPECT_EQ(unread["unreadCount"], 1);
  EXPECT_EQ(unread["state"], "joined");
  EXPECT_EQ(unread["version"], f.lobby()->version());
  EXPECT_EQ(written([](api::JsonWriter& out) { api::write_stats(out, 3, 4); }),
            (Json{{"unknownEvents", 3}, {"malformedEvents", 4}}));
}

TEST(CapabilitiesJson, NativeAndAByNameBackend) {
  const Json native = capabilities("chatwire");
  EXPECT_EQ(native["operations"], Json::array({"join", "leave", "send", "typing_start", "typing_stop",
                                               "mark_read", "history", "members", "edit", "delete", "react",
                                               "changes"}));
  EXPECT_EQ(native["joinConfirmation"], "ack");
  EXPECT_EQ(native["sendConfirmation"], "ack");
  EXPECT_EQ(native["idempotentSend"], true);
  EXPECT_EQ(native["hasSeq"], true);
  EXPECT_EQ(native["identifiesUsersByName"], false);
  EXPECT_EQ(native["replies"], true);
  EXPECT_EQ(native["changesSince"], true);
  EXPECT_EQ(native["historyAround"], true);
  EXPECT_EQ(native.size(), 16u);

  // Seed backends have no edits, deletes, reactions or replies, and say so.
  for (const std::string& seed : dialect::Dialect::preset_names()) {
    if (seed == "chatwire") continue;
    const Json caps = capabilities(seed);
    for (const char* op : {"edit", "delete", "react", "changes"}) {
      EXPECT_EQ(std::count(caps["operations"].begin(), caps["operations"].end(), Json(op)), 0) << seed << " " << op;
    }
    EXPECT_EQ(caps["replies"], false) << seed;
    EXPECT_EQ(caps["historyAround"], false) << seed;
    EXPECT_EQ(caps["changesSince"], false) << seed;
  }

  const Json rooms = capabilities("flask-rooms");
  EXPECT_EQ(rooms["identifiesUsersByName"], true);
  EXPECT_EQ(rooms["roomImpliedByLastJoin"], true);
  EXPECT_EQ(rooms["sendConfirmation"], "event");
}

TEST(CommandJson, ValuesAndRefusals) {
  EXPECT_EQ(parse_json(api::command_result_json(Result<bool, chat::CommandError>(true))),
            (Json{{"ok", true}, {"value", true}}));
  EXPECT_EQ(
      parse_json(api::command_result_json(Result<chat::ClientId, chat::CommandError>(chat::ClientId("c-1")))),
      (Json{{"ok", true}, {"value", "c-1"}}));
  EXPECT_EQ(parse_json(api::command_failure_json("not_created", "why")),
            (Json{{"ok", false}, {"error", "not_created"}, {"message", "why"}}));
  for (int code = 0; code <= static_cast<int>(chat::CommandError::kInvalidEmoji); ++code) {
    const auto error = static_cast<chat::CommandError>(code);
    const Json refused =
        parse_json(api::command_result_json(Result<bool, chat::CommandError>(Failure{error})));
    EXPECT_EQ(refused["ok"], false);
    EXPECT_EQ(refused["error"], chat::to_string(error));
    EXPECT_NE(refused["error"], "unknown") << code;
    EXPECT_NE(refused["message"], "the command was refused") << "every code has its own sentence: " << code;
  }
}

}  // namespace
}  // namespace chatwire::testing
