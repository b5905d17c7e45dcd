#include "support/native_backend.h"

#include <algorithm>
#include <limits>

#include "util/utf8.h"

namespace chatwire::testing {

namespace sio = protocol::sio;

namespace {

using chat::Message;
using chat::RoomId;
using chat::User;

/// Code points of `text`; a byte that starts no well-formed sequence counts
/// as one, as the U+FFFD it would become.
std::size_t code_points(std::string_view text) {
  std::size_t count = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t length = utf8::sequence_length(text, pos);
    pos += length == 0 ? 1 : length;
    ++count;
  }
  return count;
}

/// Unicode White_Space (PropList.txt).
bool is_white_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

bool is_blank(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t length = utf8::sequence_length(text, pos);
    if (length == 0) return false;
    const auto byte = [&](std::size_t i) {
      return static_cast<char32_t>(static_cast<unsigned char>(text[i]));
    };
    char32_t c = length == 1 ? byte(pos) : byte(pos) & (0x7Fu >> length);
    for (std::size_t i = 1; i < length; ++i) c = (c << 6) | (byte(pos + i) & 0x3Fu);
    if (!is_white_space(c)) return false;
    pos += length;
  }
  return true;
}

Json ok(Json fields = Json::object()) {
  fields["ok"] = true;
  return fields;
}

Json failure(const std::string& code, const std::string& message) {
  return Json{{"ok", false}, {"error", {{"code", code}, {"message", message}}}};
}

/// A non-empty string room id.
std::optional<RoomId> room_field(const Json& payload) {
  auto room = json_util::get_string(payload, "room");
  if (!room || room->empty()) return std::nullopt;
  return room;
}

/// An integer field that may be absent (or null): `valid` is false when it is
/// present with another type or outside [min, max].
struct IntField {
  bool valid = true;
  std::optional<std::int64_t> value;
};
IntField int_field(const Json& payload, std::string_view key, std::int64_t min,
                   std::int64_t max = std::numeric_limits<std::int64_t>::max()) {
  const Json* field = json_util::find(payload, key);
  if (field == nullptr || field->is_null()) return {};
  const auto value = json_util::get_int(payload, key);
  if (!value || *value < min || *value > max) return {false, std::nullopt};
  return {true, value};
}

/// A seq bound as an index into a room's messages: min(value, size).
std::size_t clamp_index(std::int64_t value, std::size_t size) {
  if (value <= 0) return 0;
  return static_cast<std::uint64_t>(value) >= size ? size : static_cast<std::size_t>(value);
}

/// The messages [begin, end) of a page, as indexes (seq - 1).
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

/// The newest `limit` messages before index `end`, within the byte budget.
Span newest_before(const std::vector<Message>& messages, std::size_t end, std::size_t limit) {
  Span span{end, end};
  std::size_t bytes = 0;
  while (span.begin > 0 && span.end - span.begin < limit) {
    const std::size_t size = json_util::dump(to_json(messages[span.begin - 1])).size() + 1;
    if (span.begin != span.end && bytes + size > NativeBackend::kPageBudgetBytes) break;
    bytes += size;
    --span.begin;
  }
  return span;
}

/// The oldest `limit` messages from index `begin`, within the byte budget.
Span oldest_from(const std::vector<Message>& messages, std::size_t begin, std::size_t limit) {
  Span span{begin, begin};
  std::size_t bytes = 0;
  while (span.end < messages.size() && span.end - span.begin < limit) {
    const std::size_t size = json_util::dump(to_json(messages[span.end])).size() + 1;
    if (span.begin != span.end && bytes + size > NativeBackend::kPageBudgetBytes) break;
    bytes += size;
    ++span.end;
  }
  return span;
}

/// The page around index `target` of `size` messages: `limit` in all, half
/// older (the odd one newer), more from one side when the other has fewer.
Span around_index(std::size_t size, std::size_t target, std::size_t limit) {
  const std::size_t others = limit - 1;
  const std::size_t newer_held = size - target - 1;
  const std::size_t older = std::min(target, std::max(others / 2, others - std::min(others, newer_held)));
  const std::size_t newer = std::min(newer_held, others - older);
  return {target - older, target + newer + 1};
}

Json page_json(const std::vector<Message>& messages, Span span) {
  Json out = Json::array();
  for (std::size_t i = span.begin; i < span.end; ++i) out.push_back(to_json(messages[i]));
  return out;
}

bool has_member(const std::vector<User>& members, const std::string& user_id) {
  return std::any_of(members.begin(), members.end(), [&](const User& u) { return u.id == user_id; });
}

}  // namespace

chat::ReplyRef reply_preview(const chat::Message& parent) {
  constexpr std::size_t kExcerptCodePoints = 100;
  std::size_t end = 0;
  for (std::size_t count = 0; end < parent.text.size() && count < kExcerptCodePoints; ++count) {
    const std::size_t length = utf8::sequence_length(parent.text, end);
    end += length == 0 ? 1 : length;
  }
  return chat::ReplyRef(chat::ReplyTo{parent.id, parent.author, parent.text.substr(0, end), parent.deleted});
}

Json to_json(const chat::User& user) { return Json{{"id", user.id}, {"name", user.name}}; }

Json to_json(const chat::Member& member) {
  return Json{{"user", to_json(member.user)}, {"online", member.online}};
}

Json to_json(const chat::Message& message) {
  Json reactions = Json::array();
  for (const chat::Reaction& reaction : message.reactions) {
    reactions.push_back(Json{{"emoji", reaction.emoji}, {"users", reaction.users}});
  }
  Json reply;
  if (message.reply_to) {
    reply = Json{{"id", message.reply_to->id},
                 {"author", to_json(message.reply_to->author)},
                 {"excerpt", message.reply_to->excerpt},
                 {"deleted", message.reply_to->deleted}};
  }
  return Json{{"id", message.id},
              {"room", message.room},
              {"seq", message.seq.value_or(0)},
              {"clientId", message.client_id.empty() ? Json() : Json(message.client_id)},
              {"author", to_json(message.author)},
              {"text", message.text},
              {"createdAt", message.created_at_ms},
              {"version", message.version},
              {"rev", message.rev},
              {"editedAt", message.edited_at_ms == 0 ? Json() : Json(message.edited_at_ms)},
              {"deleted", message.deleted},
              {"reactions", std::move(reactions)},
              {"replyTo", std::move(reply)}};
}

NativeBackend::NativeBackend(chat::User me) : NativeBackend(std::move(me), std::make_shared<World>()) {}

NativeBackend::NativeBackend(chat::User me, NativeBackend& first)
    : NativeBackend(std::move(me), first.world_) {}

NativeBackend::NativeBackend(chat::User me, std::shared_ptr<World> world)
    : me_(std::move(me)),
      world_(std::move(world)),
      rooms_(world_->rooms),
      by_client_id_(world_->by_client_id),
      by_op_id_(world_->by_op_id),
      online_(world_->online),
      next_message_id_(world_->next_message_id) {
  world_->connections.push_back(this);
}

NativeBackend::~NativeBackend() { std::erase(world_->connections, this); }

void NativeBackend::install(ServerScript& script) {
  script.auto_ack = false;
  script.on_event = [this](FakeServer& server, const std::string& name, const Json& args) {
    return on_event(server, name, args);
  };
}

ServerScript NativeBackend::script() {
  ServerScript out;
  install(out);
  return out;
}

// ---- the hook ----------------------------------------------------------------

std::optional<Json> NativeBackend::on_event(FakeServer& server, const std::string& name, const Json& args) {
  server_ = &server;
  if (server.connections_accepted != connection_) {
    // A new connection: the server forgets which rooms the old one was in.
    connection_ = server.connections_accepted;
    joined_.clear();
  }
  requests.push_back({name, args});
  if (name == "send") ++sends_received;
  if (ignored_.contains(name)) return std::nullopt;

  // FakeServer records the packet before calling the hook; its ack id is
  // needed to answer out of band (after the echo, or later when held).
  const sio::Packet request = server.events_received.back();

  if (auto rejection = rejections_.find(name); rejection != rejections_.end() && !rejection->second.empty()) {
    const auto [code, message] = rejection->second.front();
    rejection->second.pop_front();
    answer(name, request, failure(code, message));
    return std::nullopt;
  }

  const Json payload = args.is_array() && !args.empty() ? args[0] : Json();
  const Reply reply = handle(name, payload);
  const char* broadcast = reply.updated ? "message_updated" : "message";
  if (reply.echo && send_order == SendOrder::kEchoBeforeAck) {
    push_to_room(reply.echo->room, broadcast, to_json(*reply.echo));
  }
  if (reply.ack) answer(name, request, *reply.ack);
  if (reply.echo && send_order == SendOrder::kAckBeforeEcho) {
    push_to_room(reply.echo->room, broadcast, to_json(*reply.echo));
  }
  // Acks went out above, in the order the protocol's variants need.
  return std::nullopt;
}

void NativeBackend::answer(const std::string& event, const sio::Packet& request, const Json& ack) {
  if (!request.ack_id || dropped_acks_.contains(event)) return;
  if (held_acks_for_.contains(event)) {
    held_.push_back({connection_, request.nsp, *request.ack_id, ack});
    return;
  }
  server_->send_raw("4" +
                    sio::encode({sio::PacketType::kAck, request.nsp, request.ack_id, Json::array({ack}), {}, {}}));
}

NativeBackend::Reply NativeBackend::handle(const std::string& name, const Json& payload) {
  if (name == "typing") return handle_typing(payload);
  if (name != "join" && name != "leave" && name != "send" && name != "read" && name != "history" &&
      name != "members" && name != "edit" && name != "delete" && name != "react" && name != "changes") {
    return {};  // unknown: no handler, no ack
  }
  if (!payload.is_object()) return {failure("bad_request", "the payload must be an object"), std::nullopt};
  if (name == "edit" || name == "delete" || name == "react") return handle_change(name, payload);
  if (name == "changes") return handle_changes(payload);
  if (name == "join") return handle_join(payload);
  if (name == "leave") return handle_leave(payload);
  if (name == "send") return handle_send(payload);
  if (name == "read") return handle_read(payload);
  if (name == "history") return handle_history(payload);
  return handle_members(payload);
}

// ---- requests ----------------------------------------------------------------

NativeBackend::Reply NativeBackend::handle_join(const Json& payload) {
  const auto room_id = room_field(payload);
  const IntField since = int_field(payload, "since", 0);
  if (!room_id) return {failure("bad_request", "room must be a non-empty string"), std::nullopt};
  if (!since.valid) return {failure("bad_request", "since must be an integer >= 0"), std::nullopt};
  if (!room_exists(*room_id)) return {failure("not_found", "no such room"), std::nullopt};

  Room& room = rooms_[*room_id];
  joined_.insert(*room_id);
  if (!has_member(room.members, me_.id)) room.members.push_back(me_);

  const std::size_t size = room.messages.size();
  Span span;
  bool has_more = false;
  if (since.value) {
    span = oldest_from(room.messages, clamp_index(*since.value, size), kSincePage);
    has_more = span.end < size;
  } else {
    span = newest_before(room.messages, size, kJoinPage);
    has_more = span.begin > 0;
  }
  const auto cursor = room.read.find(me_.id);
  Json ack = ok({{"room", *room_id},
                 {"members", members_json(room)},
                 {"messages", page_json(room.messages, span)},
                 {"hasMore", has_more},
                 {"readSeq", cursor == room.read.end() ? 0 : cursor->second},
                 {"lastSeq", static_cast<std::int64_t>(size)},
                 {"rev", room.rev}});
  add_join_changes(room, payload, ack);
  return {std::move(ack), std::nullopt};
}

NativeBackend::Reply NativeBackend::handle_leave(const Json& payload) {
  const auto room_id = room_field(payload);
  if (!room_id) return {failure("bad_request", "room must be a non-empty string"), std::nullopt};
  joined_.erase(*room_id);
  // The client is the user's only connection, so the membership ends.
  if (auto room = rooms_.find(*room_id); room != rooms_.end()) {
    std::erase_if(room->second.members, [&](const User& u) { return u.id == me_.id; });
  }
  return {ok(), std::nullopt};
}

NativeBackend::Reply NativeBackend::handle_send(const Json& payload) {
  const auto room_id = room_field(payload);
  const auto client_id = json_util::get_string(payload, "clientId");
  const auto text = json_util::get_string(payload, "text");
  if (!room_id || !client_id || !text) {
    return {failure("bad_request", "send needs room, clientId and text strings"), std::nullopt};
  }
  const std::size_t id_length = code_points(*client_id);
  if (id_length == 0 || id_length > kMaxClientIdCodePoints) {
    return {failure("bad_request", "clientId must be 1-64 characters"), std::nullopt};
  }
  // The repeat lookup precedes the membership check (docs/protocol.md).
  if (auto stored = by_client_id_.find({me_.id, *client_id}); stored != by_client_id_.end()) {
    ++duplicate_sends;
    const Message& message = rooms_.at(stored->second.first).messages[stored->second.second];
    return {ok({{"message", to_json(message)}}), std::nullopt};
  }
  if (!room_exists(*room_id)) return {failure("not_found", "no such room"), std::nullopt};
  if (!joined_.contains(*room_id))
    return {failure("not_member", "room not joined on this connection"), std::nullopt};
  if (is_blank(*text)) return {failure("empty", "text is empty"), std::nullopt};
  if (code_points(*text) > kMaxTextCodePoints) {
    return {failure("too_long", "text is longer than 4000 characters"), std::nullopt};
  }
  const auto reply_to = json_util::get_string(payload, "replyTo");
  const Message* parent = nullptr;
  if (reply_to) {
    const auto& messages = rooms_[*room_id].messages;
    const auto found = std::find_if(messages.begin(), messages.end(), [&](const Message& m) { return m.id == *reply_to; });
    if (found == messages.end() || found->deleted) return {failure("reply_not_found", "no such parent"), std::nullopt};
    parent = &*found;
  }
  chat::ReplyRef reply;
  if (parent != nullptr) reply = reply_preview(*parent);
  Message message = store(*room_id, me_, *client_id, *text);
  if (reply) {
    message.reply_to = reply;
    rooms_[*room_id].messages.back().reply_to = reply;
  }
  Json ack = ok({{"message", to_json(message)}});
  return {std::move(ack), std::move(message)};
}

NativeBackend::Reply NativeBackend::handle_typing(const Json& payload) {
  const auto room_id = room_field(payload);
  const auto state = json_util::get_string(payload, "state");
  if (!room_id || !state || (*state != "start" && *state != "stop")) return {};
  if (!joined_.contains(*room_id)) return {};
  // The one client's typing has nobody to be relayed to.
  typing_received.push_back({*room_id, *state, now()});
  return {};
}

NativeBackend::Reply NativeBackend::handle_read(const Json& payload) {
  const auto room_id = room_field(payload);
  const IntField seq = int_field(payload, "seq", 0);
  if (!room_id) return {failure("bad_request", "room must be a non-empty string"), std::nullopt};
  if (!seq.valid || !seq.value) return {failure("bad_request", "seq must be an integer >= 0"), std::nullopt};
  if (!room_exists(*room_id)) return {failure("not_found", "no such room"), std::nullopt};
  if (!joined_.contains(*room_id))
    return {failure("not_member", "room not joined on this connection"), std::nullopt};
  const std::int64_t cursor = move_cursor(rooms_[*room_id], me_.id, *seq.value);
  return {ok({{"readSeq", cursor}}), std::nullopt};
}

NativeBackend::Reply NativeBackend::handle_history(const Json& payload) {
  const auto room_id = room_field(payload);
  const IntField before = int_field(payload, "before", 1);
  const IntField after = int_field(payload, "after", 0);
  const IntField limit = int_field(payload, "limit", 1, kMaxHistoryLimit);
  const Json* around_field = json_util::find(payload, "around");
  const bool has_around = around_field != nullptr && !around_field->is_null();
  const auto around = json_util::get_string(payload, "around");
  if (!room_id) return {failure("bad_request", "room must be a non-empty string"), std::nullopt};
  if (!before.valid || !after.valid || !limit.valid || (has_around && (!around || around->empty()))) {
    return {failure("bad_request", "before >= 1, after >= 0, around an id, limit 1-100"), std::nullopt};
  }
  if ((before.value ? 1 : 0) + (after.value ? 1 : 0) + (has_around ? 1 : 0) > 1)
    return {failure("bad_request", "before, after and around are exclusive"), std::nullopt};
  if (!room_exists(*room_id)) return {failure("not_found", "no such room"), std::nullopt};
  if (!joined_.contains(*room_id))
    return {failure("not_member", "room not joined on this connection"), std::nullopt};

  const Room& room = rooms_[*room_id];
  const std::size_t size = room.messages.size();
  const std::size_t count = limit.value ? static_cast<std::size_t>(*limit.value) : kDefaultHistoryLimit;
  if (has_around) {
    const auto found = std::find_if(room.messages.begin(), room.messages.end(),
                                    [&](const Message& m) { return m.id == *around; });
    if (found == room.messages.end()) return {failure("message_not_found", "no such message"), std::nullopt};
    const Span span = around_index(size, static_cast<std::size_t>(found - room.messages.begin()), count);
    const bool older = span.begin > 0;
    const bool newer = span.end < size;
    return {ok({{"messages", page_json(room.messages, span)},
                {"hasMore", older || newer},
                {"hasOlder", older},
                {"hasNewer", newer}}),
            std::nullopt};
  }
  Span span;
  bool has_more = false;
  if (after.value) {
    span = oldest_from(room.messages, clamp_index(*after.value, size), count);
    has_more = span.end < size;
  } else {
    // seq < before is index < before - 1.
    const std::size_t end = before.value ? clamp_index(*before.value - 1, size) : size;
    span = newest_before(room.messages, end, count);
    has_more = span.begin > 0;
  }
  return {ok({{"messages", page_json(room.messages, span)}, {"hasMore", has_more}}), std::nullopt};
}

NativeBackend::Reply NativeBackend::handle_members(const Json& payload) {
  const auto room_id = room_field(payload);
  if (!room_id) return {failure("bad_request", "room must be a non-empty string"), std::nullopt};
  if (!room_exists(*room_id)) return {failure("not_found", "no such room"), std::nullopt};
  if (!joined_.contains(*room_id))
    return {failure("not_member", "room not joined on this connection"), std::nullopt};
  return {ok({{"members", members_json(rooms_[*room_id])}}), std::nullopt};
}

// ---- the world -----------------------------------------------------------------

Message NativeBackend::post(const RoomId& room, const User& author, std::string text) {
  Message message = store(room, author, {}, std::move(text));
  push_to_room(room, "message", to_json(message));
  return message;
}

std::vector<Message> NativeBackend::post_many(const RoomId& room, const User& author, int n) {
  std::vector<Message> posted;
  for (int i = 0; i < n; ++i) {
    posted.push_back(post(room, author, "message " + std::to_string(stored_count(room) + 1)));
  }
  return posted;
}

Message NativeBackend::post_while_away(const RoomId& room, const User& author, std::string text) {
  return store(room, author, {}, std::move(text));
}

void NativeBackend::typing(const RoomId& room, const User& user, std::string_view state,
                           std::int64_t ttl_ms) {
  push_to_room(
      room, "typing",
      Json{{"room", room}, {"user", to_json(user)}, {"state", std::string(state)}, {"ttlMs", ttl_ms}});
}

void NativeBackend::member_join(const RoomId& room, const User& user) {
  Room& entry = rooms_[room];
  if (has_member(entry.members, user.id)) return;
  entry.members.push_back(user);
  if (user.id != me_.id) online_[user.id] = true;
  push_to_room(room, "member_joined", Json{{"room", room}, {"user", to_json(user)}});
}

void NativeBackend::member_leave(const RoomId& room, const User& user) {
  auto entry = rooms_.find(room);
  if (entry == rooms_.end() || !has_member(entry->second.members, user.id)) return;
  std::erase_if(entry->second.members, [&](const User& u) { return u.id == user.id; });
  push_to_room(room, "member_left", Json{{"room", room}, {"user", to_json(user)}});
}

void NativeBackend::presence(const User& user, bool online) {
  online_[user.id] = online;
  const bool shares_a_room = std::any_of(joined_.begin(), joined_.end(), [&](const RoomId& room) {
    const auto entry = rooms_.find(room);
    return entry != rooms_.end() && has_member(entry->second.members, user.id);
  });
  if (shares_a_room) push("presence", Json{{"user", to_json(user)}, {"online", online}});
}

std::int64_t NativeBackend::read_by(const RoomId& room, const User& user, std::int64_t seq) {
  Room& entry = rooms_[room];
  const auto before = entry.read.find(user.id);
  const std::int64_t old_cursor = before == entry.read.end() ? 0 : before->second;
  const std::int64_t cursor = move_cursor(entry, user.id, seq);
  if (cursor != old_cursor)
    push_to_room(room, "read", Json{{"room", room}, {"user", to_json(user)}, {"seq", cursor}});
  return cursor;
}

void NativeBackend::server_error(std::string code, std::string message) {
  push("error", Json{{"code", std::move(code)}, {"message", std::move(message)}});
}

void NativeBackend::push(const std::string& event, Json payload) {
  if (attached()) server_->send_event(event, Json::array({std::move(payload)}));
}

void NativeBackend::add_room(const RoomId& room) { rooms_[room]; }

// ---- faults --------------------------------------------------------------------

void NativeBackend::drop_acks_for(std::string event) { dropped_acks_.insert(std::move(event)); }

void NativeBackend::ignore(std::string event) { ignored_.insert(std::move(event)); }

void NativeBackend::reject_next(std::string event, std::string code, std::string message) {
  rejections_[std::move(event)].emplace_back(std::move(code), std::move(message));
}

void NativeBackend::hold_acks_for(std::string event) { held_acks_for_.insert(std::move(event)); }

std::size_t NativeBackend::release_held_acks() {
  std::size_t sent = 0;
  for (const HeldAck& held : held_) {
    if (!attached() || held.connection != connection_) continue;  // that connection is gone
    server_->send_raw("4" +
                      sio::encode({sio::PacketType::kAck, held.nsp, held.ack_id, Json::array({held.ack}), {}, {}}));
    ++sent;
  }
  held_.clear();
  return sent;
}

void NativeBackend::clear_faults() {
  dropped_acks_.clear();
  ignored_.clear();
  held_acks_for_.clear();
  rejections_.clear();
}

// ---- inspection ----------------------------------------------------------------

std::vector<Message> NativeBackend::messages(const RoomId& room) const {
  const auto entry = rooms_.find(room);
  return entry == rooms_.end() ? std::vector<Message>{} : entry->second.messages;
}

std::size_t NativeBackend::stored_count(const RoomId& room) const {
  const auto entry = rooms_.find(room);
  return entry == rooms_.end() ? 0 : entry->second.messages.size();
}

std::int64_t NativeBackend::read_seq(const RoomId& room, const std::string& user_id) const {
  const auto entry = rooms_.find(room);
  if (entry == rooms_.end()) return 0;
  const auto cursor = entry->second.read.find(user_id);
  return cursor == entry->second.read.end() ? 0 : cursor->second;
}

std::vector<chat::Member> NativeBackend::members(const RoomId& room) const {
  std::vector<chat::Member> out;
  const auto entry = rooms_.find(room);
  if (entry == rooms_.end()) return out;
  for (const User& user : entry->second.members) out.push_back({user, is_online(user)});
  return out;
}

bool NativeBackend::client_in(const RoomId& room) const { return attached() && joined_.contains(room); }

// ---- helpers -------------------------------------------------------------------

bool NativeBackend::attached() const {
  return server_ != nullptr && server_->has_live_connection() && server_->connections_accepted == connection_;
}

bool NativeBackend::room_exists(const RoomId& room) const {
  return create_rooms_on_join || rooms_.contains(room);
}

bool NativeBackend::is_online(const User& user) const {
  if (user.id == me_.id) return server_ != nullptr && server_->has_live_connection();
  const auto entry = online_.find(user.id);
  return entry == online_.end() || entry->second;
}

Json NativeBackend::members_json(const Room& room) const {
  Json out = Json::array();
  for (const User& user : room.members) out.push_back(to_json(chat::Member{user, is_online(user)}));
  return out;
}

std::int64_t NativeBackend::now() const {
  if (clock) return clock();
  return server_ != nullptr ? server_->now_ms() : 0;
}

Message NativeBackend::store(const RoomId& room, const User& author, const std::string& client_id,
                             std::string text) {
  Room& entry = rooms_[room];
  Message message;
  message.id = "m-" + std::to_string(next_message_id_++);
  message.client_id = client_id;
  message.room = room;
  message.author = author;
  message.text = std::move(text);
  // createdAt never goes backwards within a room, whatever the clock does.
  message.created_at_ms =
      entry.messages.empty() ? now() : std::max(now(), entry.messages.back().created_at_ms);
  message.seq = static_cast<std::int64_t>(entry.messages.size()) + 1;
  message.rev = ++entry.rev;
  if (!client_id.empty()) by_client_id_[{author.id, client_id}] = {room, entry.messages.size()};
  entry.messages.push_back(message);
  return message;
}

std::int64_t NativeBackend::move_cursor(Room& room, const std::string& user_id, std::int64_t seq) {
  std::int64_t& cursor = room.read[user_id];
  const std::int64_t last = static_cast<std::int64_t>(room.messages.size());
  cursor = std::max(cursor, std::min(seq, last));
  return cursor;
}

void NativeBackend::push_to_room(const RoomId& room, const std::string& event, const Json& payload) {
  for (NativeBackend* connection : world_->connections) {
    if (connection->client_in(room)) connection->server_->send_event(event, Json::array({payload}));
  }
}

}  // namespace chatwire::testing
