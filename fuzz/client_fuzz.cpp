// Fuzzes the whole client: session, dialect and chat model together, behind
// chatwire::Client. The first input byte picks one of the six dialect
// presets; the client is created with small limits (20 messages and 5
// pending sends per room, 4 rooms) so every bound is reached, connected
// through a handshake, and then driven by a script of operations read with
// FuzzedDataProvider: server events (shaped like the preset's events, or
// anything), acks to the requests the client sent, raw frames, every user
// command, transport and network events, and the clock moving.
//
// Server payloads come from a JSON generator that knows every event and
// field name the presets and the native protocol use, with values typed
// for each field most of the time (ids, rooms, seqs, users, timestamps, ...)
// and anything else the rest of the time (huge and negative numbers,
// floats, invalid UTF-8 and lone surrogates, long strings, nesting).
//
// Properties checked after every operation, beyond "no crash, leak or UB":
//   - after handle_timeout(at), poll_timeout() is later than `at` (a
//     deadline in the past would make the JS timer loop spin);
//   - frames and closes name the transport the client last opened;
//   - unread_total() is the sum of unread_count() over the rooms not left;
//     an active room has nothing unread; right after mark_read() a room
//     with confirmed messages has nothing unread; unread_count() lies
//     between what the stored messages allow (see check_unread);
//   - a room keeps at most window() confirmed messages, window() is at most
//     max_messages_per_room + the store's loaded-history extension, and at
//     most max_pending_per_room unconfirmed ones;
//   - messages are in non-decreasing MessageStore::key_at order, the
//     confirmed ones (status kSent) before the unconfirmed ones, and no two
//     share a server id or a client id;
//   - every client id send() returned is new, and until it is cancelled it
//     stays findable in its room while unconfirmed: it may only vanish after
//     it was seen confirmed (confirmed messages can be evicted), or in the
//     very step it was confirmed into a full store (then dropped as too old
//     or evicted at once: the store is at its window right after), or when
//     its room was forgotten (a left room is dropped to make space);
//   - send() refuses with kTooManyPending only when the room does hold
//     max_pending_per_room unconfirmed messages;
//   - typing users never include the user, have distinct non-empty keys, are
//     at most 64, and all expire once no frame arrived for 60 s (the longest
//     TTL a server may set);
//   - members have distinct non-empty keys, include the user, are at most
//     1000; read receipts never name a message's author, nor an unconfirmed
//     message;
//   - at most max_rooms rooms exist; RoomChanged names an existing room,
//     except one with no parts (what == 0), which names a forgotten one;
//     MessageArrived is never the user's own message;
//   - every ProtocolWarning and ChatError has a non-empty message;
//   - the client's frames decode, and an event is [name, ...];
//   - a reader that takes each room's message edits after every operation
//     (Client::take_message_changes) and applies them by the rule (drop the
//     removed keys, then each upsert in ascending index order: replace the
//     message held under that key, which is at that index, or insert
//     there) holds exactly the room's messages, with their read-by lists,
//     under distinct keys.
// Each property has a tag (PROPERTY below), printed first when it breaks.
//
// Reading a reproducer: CLIENT_FUZZ_TRACE=1 prints the script as it runs.
// Fuzzing past a known bug: CLIENT_FUZZ_SKIP=tag,tag turns those properties
// off. The seeds in corpus/client_fuzz/ come from client_fuzz_seeds.py,
// which mirrors how this file reads its input: keep the two in step.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "client.h"
#include "fuzz_support.h"
#include "protocol/socketio.h"

/// A property of the client, with the tag CLIENT_FUZZ_SKIP knows it by.
#define PROPERTY(tag, condition, detail) \
  FUZZ_CHECK(skipped(tag) || (condition), std::string("[" tag "] ") + (detail))

namespace {

using chatwire::Client;
using chatwire::ClientConfig;
using chatwire::ClientEvent;
using chatwire::ProtocolWarning;
using chatwire::json_util::Json;
namespace chat = chatwire::chat;
namespace dialect = chatwire::dialect;
namespace session = chatwire::session;
namespace sio = chatwire::protocol::sio;

// ---- configuration -----------------------------------------------------------

constexpr std::size_t kMaxMessages = 20;
constexpr std::size_t kMaxPending = 5;
constexpr std::size_t kMaxRooms = 4;
constexpr std::size_t kMaxLoadedHistory = 5000;   // StoreConfig's default; ChatConfig does not set it
constexpr std::size_t kMaxTypingUsers = 64;       // chat/room.cpp
constexpr std::size_t kMaxMembers = 1000;         // chat/room.cpp
constexpr std::int64_t kMaxTypingTtlMs = 60'000;  // TypingTracker::kMaxServerTtlMs
const chat::User kSelf{"u1", "Ada"};

// maxPayload 8000: a send of 4000 two-byte characters is refused as too large.
constexpr const char* kHandshake =
    "0{\"sid\":\"s\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":8000}";
constexpr const char* kConnectAck = "40{\"sid\":\"n\"}";

// ---- vocabulary --------------------------------------------------------------

// Every event name the presets know, and a few they do not.
// clang-format off
constexpr std::array kEventNames = {
    "message", "typing", "member_joined", "member_left", "presence", "read", "error",
    "connection_response", "user_joined", "user_typing", "message_history", "connected",
    "active_users", "user_left", "new_message", "userOnline", "userOffline", "messageRead",
    "newMessage", "status", "rooms_list", "room_joined", "join", "send", "connect", "disconnect",
    "members", "history"};
// clang-format on

// Every field name the presets and the native protocol use.
constexpr std::array kKeys = {
    "id",        "room",           "seq",          "clientId",   "author",    "user",
    "name",      "text",           "createdAt",    "state",      "ttlMs",     "online",
    "messages",  "members",        "hasMore",      "readSeq",    "lastSeq",   "show_id",
    "user_id",   "username",       "message",      "created_at", "is_typing", "active_users",
    "count",     "conversationId", "senderId",     "content",    "userId",    "isTyping",
    "messageId", "timestamp",      "message_type", "is_edited",  "sender",    "ok",
    "error",     "code",           "details",      "sid",        "data",      "msg",
    "rooms",     "isRead",         "updatedAt",    "since",      "before",    "after",
    "limit"};

using Keys = std::vector<const char*>;

// The message object of each preset (index = preset), and its members.
const std::array<Keys, 6> kMessageShapes = {{
    {"id", "room", "seq", "clientId", "author", "text", "createdAt"},
    {"id", "username", "message", "room", "timestamp"},
    {"id", "show_id", "user_id", "username", "message", "created_at"},
    {"id", "conversationId", "senderId", "content", "isRead", "createdAt", "updatedAt", "sender"},
    {"id", "conversationId", "senderId", "message", "timestamp"},
    {"id", "room", "user_id", "username", "message", "message_type", "created_at", "is_edited"},
}};
const Keys kNativeMember = {"user", "online"};
const Keys kShowsMember = {"user_id", "username", "sid"};
const Keys kNativeUser = {"id", "name"};
const Keys kNestUser = {"id", "username"};

struct EventShape {
  const char* name;
  Keys keys;  // empty: the preset's message shape
};

// The server events of each preset with their payload fields.
const std::array<std::vector<EventShape>, 6> kEventShapes = {{
    {{"message", {}},
     {"typing", {"room", "user", "state", "ttlMs"}},
     {"member_joined", {"room", "user"}},
     {"member_left", {"room", "user"}},
     {"presence", {"user", "online"}},
     {"read", {"room", "user", "seq"}},
     {"error", {"code", "message"}}},
    {{"connection_response", {"data"}},
     {"message", {}},
     {"user_joined", {"username", "room"}},
     {"user_typing", {"username", "is_typing"}},
     {"message_history", {"room", "messages"}}},
    {{"connected", {"message", "username"}},
     {"message_history", {"messages"}},
     {"active_users", {"show_id", "active_users", "count"}},
     {"user_joined", {"user_id", "username", "message", "active_users"}},
     {"user_left", {"user_id", "username", "message", "active_users"}},
     {"new_message", {}},
     {"user_typing", {"user_id", "username", "is_typing"}},
     {"error", {"message", "details"}}},
    {{"message", {}},
     {"userOnline", {"userId"}},
     {"userOffline", {"userId"}},
     {"typing", {"userId", "isTyping"}},
     {"messageRead", {"messageId"}}},
    {{"newMessage", {}}, {"typing", {"userId", "isTyping"}}},
    {{"status", {"msg"}},
     {"rooms_list", {"rooms"}},
     {"room_joined", {"room", "messages"}},
     {"new_message", {}},
     {"user_joined", {"room", "user_id", "username"}},
     {"user_left", {"room", "user_id", "username"}},
     {"user_typing", {"room", "user_id", "username", "is_typing"}},
     {"error", {"message"}}},
}};

// Native acks: join, send, history, members, read, leave, and a refusal.
const std::array<Keys, 7> kAckShapes = {{
    {"ok", "room", "members", "messages", "hasMore", "readSeq", "lastSeq"},
    {"ok", "message"},
    {"ok", "messages", "hasMore"},
    {"ok", "members"},
    {"ok", "readSeq"},
    {"ok"},
    {"ok", "error"},
}};

// One more than max_rooms, so that joining them all forgets a left room.
constexpr std::array kRooms = {"1", "2", "lobby", "x", "y"};
constexpr std::array kUserIds = {"u1", "u2", "u3", "Ada", "Grace", ""};
constexpr std::array kUserNames = {"Ada", "Grace", "Linus", "u1", "u2", ""};
constexpr std::array kTexts = {"hello", "hi", "   ", "", "h\xc3\xa9llo \xf0\x9f\x98\x80", "m1"};
constexpr std::array kErrorCodes = {"bad_request",  "not_member",   "not_found", "too_long", "empty",
                                    "rate_limited", "unauthorized", "internal",  ""};

// Numbers at the edges of every integer type and of JavaScript's safe range,
// and what JSON allows beyond them.
// clang-format off
constexpr std::array kEdgeNumbers = {
    "0", "-1", "9007199254740991", "9007199254740992", "-9007199254740993", "9223372036854775807",
    "-9223372036854775808", "18446744073709551615", "18446744073709551616", "1e400", "-1e400",
    "1.5", "-0", "0.0", "1e3", "2147483648", "4294967296", "1717430400000", "-1717430400000",
    "8640000000000001", "1717430400", "1e-7"};
// clang-format on

// clang-format off
constexpr std::array kTimestamps = {
    "2024-06-03T16:00:00", "2024-06-03T16:00:00.123456", "2024-06-03T16:00:00Z",
    "2024-06-03T16:00:00.5+02:00", "2024-13-45T99:99:99", "1717430400000", "",
    "9999-12-31T23:59:59.999999Z", "0000-01-01T00:00:00", "2024-06-03", "2024-02-30T00:00:00Z",
    "2024-06-03 16:00:00"};
// clang-format on

// Escapes and byte sequences that are not what they seem.
constexpr std::array kOddStrings = {"\\ud800",          "\\udfff",  "\\u0000", "\\ud83d\\ude00",
                                    "\\u00e9",          "\xff\xfe", "\xc3",    "\xed\xa0\x80",
                                    "\xf4\x90\x80\x80", "\xc0\x80", "\\\"",    "\\n\\t"};

// ---- tracing ----------------------------------------------------------------------

/// CLIENT_FUZZ_TRACE=1 prints the script as it runs (frames both ways,
/// commands and their results, events): read a reproducer with it.
bool tracing() {
  static const bool on = std::getenv("CLIENT_FUZZ_TRACE") != nullptr;
  return on;
}

void trace(std::int64_t now, const std::string& line) {
  if (tracing()) std::fprintf(stderr, "%8lld  %s\n", static_cast<long long>(now), line.c_str());
}

// ---- known bugs -----------------------------------------------------------------

/// CLIENT_FUZZ_SKIP=tag,tag turns off the properties with those tags (each
/// failure message starts with its tag), to keep fuzzing past a known bug
/// until it is fixed.
bool skipped(std::string_view tag) {
  static const std::string list = [] {
    const char* env = std::getenv("CLIENT_FUZZ_SKIP");
    return "," + std::string(env == nullptr ? "" : env) + ",";
  }();
  return list.find("," + std::string(tag) + ",") != std::string::npos;
}

// ---- JSON text writer ------------------------------------------------------------

void append_quoted(std::string& out, std::string_view raw) {
  // Escapes what JSON requires; bytes >= 0x80 go through unchanged, so
  // invalid UTF-8 reaches the parser as the server sent it.
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (const char c : raw) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20) {
      out += "\\u00";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += c;
    }
  }
  out += '"';
}

std::string json_string(std::string_view raw) {
  std::string out;
  append_quoted(out, raw);
  return out;
}

/// An object from (key, value text) pairs, in order; duplicates allowed.
std::string object_text(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out = "{";
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    append_quoted(out, fields[i].first);
    out += ':';
    out += fields[i].second;
  }
  out += '}';
  return out;
}

/// "2024-06-03T" plus `seconds` after midnight, and `suffix` (a zone or "").
std::string iso_time(std::int64_t seconds, const char* suffix) {
  seconds %= 86'400;
  const auto two = [](std::int64_t v) {
    std::string s = std::to_string(v);
    return s.size() < 2 ? "0" + s : s;
  };
  return "2024-06-03T" + two(seconds / 3600) + ":" + two(seconds / 60 % 60) + ":" + two(seconds % 60) +
         suffix;
}

// ---- the harness ----------------------------------------------------------------

/// A client id send() returned, and what is known of it.
struct Tracked {
  chat::RoomId room;
  std::string text;
  bool cancelled = false;
  bool settled = false;  // seen confirmed, dropped with a full store, or its room forgotten
};

/// An event the client emitted with an ack id (parsed from its frames).
struct SentRequest {
  std::uint32_t ack_id;
  std::string event;
  Json payload;  // the first argument, or null
};

class Harness {
 public:
  Harness(FuzzedDataProvider& input, std::size_t preset, std::unique_ptr<Client> client)
      : in_(input),
        preset_(preset),
        client_(std::move(client)),
        by_name_(client_->chat().config().capabilities.identifies_users_by_name) {}

  void run();

 private:
  // ---- input helpers --------------------------------------------------------
  std::size_t pick(std::size_t n) { return in_.ConsumeIntegralInRange<std::size_t>(0, n - 1); }
  template <class T, std::size_t N>
  T pick_from(const std::array<T, N>& table) {
    return table[pick(N)];
  }

  // ---- driving --------------------------------------------------------------
  void step();
  void drain();
  void advance(std::int64_t ms);
  void serve();
  void frame(std::string_view text) {
    trace(now_, "<- " + chatwire::fuzz::printable(text));
    last_frame_ms_ = now_;
    client_->frame_received(now_, transport_, text);
  }
  void note_frame(const std::string& text);
  void traced(const char* command, const std::string& subject,
              const chatwire::Result<bool, chat::CommandError>& result) {
    if (!tracing()) return;
    trace(now_, std::string(command) + " " + chatwire::fuzz::printable(subject) + ": " +
                    (result ? "ok" : chat::to_string(result.error())));
  }
  void note_event(ClientEvent& event);

  // ---- commands -------------------------------------------------------------
  chat::RoomId room_name();
  std::string send_text();
  chat::ClientId client_id_choice();
  /// One of the 8 newest client ids send() returned (`back` from the newest, modulo).
  [[nodiscard]] const chat::ClientId& recent_client_id(std::size_t back) const;
  /// The client ids send() returned for `room` that are neither cancelled
  /// nor seen confirmed, in the order sent.
  [[nodiscard]] std::vector<chat::ClientId> unconfirmed_in(const chat::RoomId& room) const;
  void do_send();
  void do_cancel();
  void do_mark_read();

  // ---- server input ---------------------------------------------------------
  void shaped_event();
  void generic_event();
  void burst();
  void own_echo();
  void smart_ack();
  void fuzzed_ack();
  void session_frame();
  std::string event_frame(std::string_view name, const std::string& args_after_name);

  // ---- JSON generation --------------------------------------------------------
  std::string any_value(int depth);
  std::string typed(std::string_view key, int depth);
  std::string shaped(const Keys& keys, int depth);
  std::string random_object(int depth);
  std::string random_array(int depth);
  std::string string_value();
  std::string number_value();
  std::string id_value();
  std::string room_value();
  std::string user_id_value();
  std::string user_name_value();
  std::string time_value();
  std::string seq_value();
  std::string messages_value(int depth);
  std::string members_value(int depth);
  std::string canonical_message(const chat::RoomId& room, bool own, const chat::ClientId& client_id,
                                const std::string& text, std::optional<std::int64_t> seq);
  std::string canonical_member(std::size_t which);

  // ---- properties -------------------------------------------------------------
  /// Every property; `clock` is the time up to which the client has seen
  /// every deadline fire.
  void check(std::int64_t clock);
  void check_room(const chat::Room& room);
  void check_unread(const chat::Room& room);
  void check_tracked();
  /// Takes the edits of every room's messages and checks the mirror (see the top).
  void check_mirrors();
  [[nodiscard]] const std::string& self_key() const { return by_name_ ? kSelf.name : kSelf.id; }
  [[nodiscard]] const std::string& key_of(const chat::User& user) const {
    return by_name_ ? user.name : user.id;
  }
  [[nodiscard]] bool is_self(const chat::User& user) const { return key_of(user) == self_key(); }

  FuzzedDataProvider& in_;
  std::size_t preset_;
  std::unique_ptr<Client> client_;
  bool by_name_;
  std::int64_t now_ = 0;
  std::int64_t last_frame_ms_ = 0;
  std::uint32_t transport_ = 0;
  bool awaiting_open_ = false;          // the client asked for a transport we have not opened yet
  std::deque<SentRequest> requests_;    // the newest last
  std::vector<chat::ClientId> issued_;  // send() results, in order
  std::map<chat::ClientId, Tracked> tracked_;
  std::int64_t counter_ = 1000;  // fresh ids, seqs and times: newer than the pages smart_ack writes

  /// One room's messages as a reader of take_message_changes() holds them.
  struct Mirrored {
    struct Held {
      std::string key;
      chat::Message message;
      std::vector<std::string> read_by;
    };
    std::vector<Held> messages;
    std::uint64_t version = 0;
  };
  std::map<chat::RoomId, Mirrored> mirrors_;
};

// ---- driving ------------------------------------------------------------------

void Harness::run() {
  client_->connect(now_);
  drain();
  serve();
  check(now_);
  while (in_.remaining_bytes() > 0) {
    step();
    drain();
    check(now_);
  }
}

void Harness::step() {
  const std::size_t op = pick(28);
  trace(now_, "op " + std::to_string(op));
  switch (op) {
    case 0:
      shaped_event();
      break;
    case 1:
      generic_event();
      break;
    case 2:
      burst();
      break;
    case 3:
      own_echo();
      break;
    case 4:
      smart_ack();
      break;
    case 5:
      fuzzed_ack();
      break;
    case 6:
      frame(in_.ConsumeRandomLengthString(300));
      break;
    case 7:
      last_frame_ms_ = now_;
      client_->binary_frame_received(now_, transport_, in_.ConsumeRandomLengthString(16));
      break;
    case 8:
      session_frame();
      break;
    case 9: {
      const chat::RoomId room = room_name();
      traced("join", room, client_->join(now_, room));
      break;
    }
    case 10: {
      const chat::RoomId room = room_name();
      traced("leave", room, client_->leave(now_, room));
      break;
    }
    case 11:
      do_send();
      break;
    case 12: {
      const chat::ClientId id = client_id_choice();
      traced("retry", id, client_->retry(now_, id));
      break;
    }
    case 13:
      do_cancel();
      break;
    case 14:
      client_->typing(now_, room_name());
      break;
    case 15:
      client_->stop_typing(now_, room_name());
      break;
    case 16:
      do_mark_read();
      break;
    case 17: {
      const chat::RoomId room = room_name();
      traced("set_active", room, client_->set_active(now_, room, in_.ConsumeBool()));
      break;
    }
    case 18: {
      const chat::RoomId room = room_name();
      traced("load_older", room,
             client_->load_older(now_, room, in_.ConsumeIntegralInRange<std::uint32_t>(0, 120)));
      break;
    }
    case 19: {
      const chat::RoomId room = room_name();
      traced("refresh_members", room, client_->refresh_members(now_, room));
      break;
    }
    case 20:
      awaiting_open_ = false;
      client_->transport_closed(now_, transport_, "fuzz");
      break;
    case 21:
      serve();
      break;
    case 22:
      awaiting_open_ = false;
      client_->transport_opened(now_, transport_);
      break;
    case 23:
      client_->disconnect(now_);
      break;
    case 24:
      client_->connect(now_);
      break;
    case 25:
      client_->network_offline(now_);
      break;
    case 26:
      client_->network_online(now_);
      break;
    default: {
      static constexpr std::array<std::int64_t, 4> kScales = {50, 1'000, 10'000, 70'000};
      advance(in_.ConsumeIntegralInRange<std::int64_t>(0, kScales[pick(kScales.size())]));
      break;
    }
  }
}

// Opens the transport the client asked for and runs the handshake on it.
void Harness::serve() {
  if (!awaiting_open_) return;
  awaiting_open_ = false;
  client_->transport_opened(now_, transport_);
  drain();
  frame(kHandshake);
  drain();
  frame(kConnectAck);
}

void Harness::drain() {
  while (auto action = client_->poll_action()) {
    if (const auto* open = std::get_if<session::OpenTransport>(&*action)) {
      PROPERTY("transport", open->transport != 0 && open->transport != transport_,
               "transport ids are fresh and non-zero");
      transport_ = open->transport;
      awaiting_open_ = true;
      trace(now_, "open transport " + std::to_string(transport_));
    } else if (const auto* send = std::get_if<session::SendFrame>(&*action)) {
      PROPERTY("transport", send->transport == transport_,
               "frame for transport " + std::to_string(send->transport));
      trace(now_, "-> " + chatwire::fuzz::printable(send->text));
      note_frame(send->text);
    } else if (const auto* close = std::get_if<session::CloseTransport>(&*action)) {
      PROPERTY("transport", close->transport == transport_,
               "close of transport " + std::to_string(close->transport));
      awaiting_open_ = false;
      trace(now_, "close transport " + std::to_string(close->transport));
    }
  }
  while (auto event = client_->poll_event()) note_event(*event);
}

// Learns the ack ids of the client's requests, so acks can answer them.
void Harness::note_frame(const std::string& text) {
  if (text.size() < 2 || text[0] != '4') return;
  auto packet = sio::decode(std::string_view(text).substr(1));
  PROPERTY("frames", packet.ok(),
           "the client sends frames it can decode: " + chatwire::fuzz::printable(text));
  if (!packet || packet->type != sio::PacketType::kEvent || !packet->ack_id) return;
  const bool well_formed =
      packet->data && packet->data->is_array() && !packet->data->empty() && (*packet->data)[0].is_string();
  PROPERTY("frames", well_formed, "an event is [name, ...]: " + chatwire::fuzz::printable(text));
  if (!well_formed) return;
  const Json& data = *packet->data;
  SentRequest request{*packet->ack_id, data[0].get<std::string>(), data.size() > 1 ? data[1] : Json()};
  requests_.push_back(std::move(request));
  if (requests_.size() > 16) requests_.pop_front();
}

void Harness::note_event(ClientEvent& event) {
  if (tracing()) {
    std::visit(
        [&](const auto& e) {
          using E = std::decay_t<decltype(e)>;
          if constexpr (std::is_same_v<E, ProtocolWarning>) {
            trace(now_, "warning " + e.event + ": " + e.message);
          } else if constexpr (std::is_same_v<E, chat::ChatError>) {
            trace(now_,
                  std::string("chat error ") + chat::to_string(e.code) + " in " + e.room + ": " + e.message);
          } else if constexpr (std::is_same_v<E, session::StateChanged>) {
            trace(now_,
                  std::string("state ") + session::to_string(e.from) + " -> " + session::to_string(e.to));
          }
        },
        event);
  }
  if (const auto* warning = std::get_if<ProtocolWarning>(&event)) {
    PROPERTY("warning-text", !warning->message.empty(),
             "a ProtocolWarning about '" + warning->event + "' says why");
  } else if (const auto* error = std::get_if<chat::ChatError>(&event)) {
    PROPERTY("error-text", !error->message.empty(),
             std::string("a ChatError (") + chat::to_string(error->code) + ") says why");
  } else if (const auto* changed = std::get_if<chat::RoomChanged>(&event)) {
    // what == 0: the room was forgotten to make space (the reader drops it).
    PROPERTY("room-changed", (changed->what == 0) != (client_->chat().room(changed->room) != nullptr),
             "RoomChanged names a room that exists (or, with no parts, one forgotten): " +
                 chatwire::fuzz::printable(changed->room) + " what " + std::to_string(changed->what));
  } else if (const auto* arrived = std::get_if<chat::MessageArrived>(&event)) {
    PROPERTY("message-arrived", !is_self(arrived->message.author),
             "MessageArrived for the user's own message");
  }
}

void Harness::advance(std::int64_t ms) {
  const std::int64_t start = now_;
  now_ += ms;
  trace(now_, "advanced " + std::to_string(ms) + " ms");
  // Fire every deadline up to now, in order, as the JS timer would.
  for (int guard = 0; guard < 10'000; ++guard) {
    const auto deadline = client_->poll_timeout();
    if (!deadline || *deadline > now_) return;
    const std::int64_t at = std::max(*deadline, start);
    client_->handle_timeout(at);
    drain();
    check(at);
    const auto next = client_->poll_timeout();
    PROPERTY("deadline", !next || *next > at,
             "deadline " + std::to_string(*next) + " not after " + std::to_string(at));
  }
  PROPERTY("deadline", false, "deadlines did not settle");
}

// ---- commands -------------------------------------------------------------------

chat::RoomId Harness::room_name() {
  switch (pick(7)) {
    case 0:
    case 1:
    case 2:
    case 3:
      return pick_from(kRooms);
    case 4:
      return in_.ConsumeRandomLengthString(12);
    case 5:
      return std::string(300, 'r');  // over the 256-byte room id limit
    default:
      return "";
  }
}

std::string Harness::send_text() {
  switch (pick(7)) {
    case 0:
    case 1:
      return pick_from(kTexts);
    case 2:
      return in_.ConsumeRandomLengthString(64);  // maybe invalid UTF-8
    case 3:
      return std::string(4001, 'a');  // one code point too many
    case 4: {
      std::string text;  // 4000 code points, 8000 bytes: over maxPayload once framed
      for (int i = 0; i < 4000; ++i) text += "\xc3\xa9";
      return text;
    }
    case 5:
      return " \t\n\xe2\x80\x83 ";  // whitespace only, with an em space
    default:
      return "hello";
  }
}

chat::ClientId Harness::client_id_choice() {
  const bool recent = pick(4) != 0;
  const std::size_t back = pick(8);
  if (recent && !issued_.empty()) return recent_client_id(back);
  return in_.ConsumeRandomLengthString(16);
}

const chat::ClientId& Harness::recent_client_id(std::size_t back) const {
  return issued_[issued_.size() - 1 - back % std::min<std::size_t>(issued_.size(), 8)];
}

std::vector<chat::ClientId> Harness::unconfirmed_in(const chat::RoomId& room) const {
  std::vector<chat::ClientId> out;
  for (const chat::ClientId& id : issued_) {
    const Tracked& tracked = tracked_.at(id);
    if (tracked.room == room && !tracked.cancelled && !tracked.settled) out.push_back(id);
  }
  return out;
}

void Harness::do_send() {
  const chat::RoomId room = room_name();
  const std::string text = send_text();
  auto sent = client_->send(now_, room, text);
  trace(now_, "send to " + chatwire::fuzz::printable(room) + ": " +
                  (sent ? *sent : std::string(chat::to_string(sent.error()))));
  if (sent) {
    PROPERTY("client-id-fresh", tracked_.emplace(*sent, Tracked{room, text}).second,
             "send() returned client id " + *sent + " twice");
    issued_.push_back(*sent);
  } else if (sent.error() == chat::CommandError::kTooManyPending) {
    const chat::Room* r = client_->chat().room(room);
    PROPERTY("pending-refusal", r != nullptr && r->messages().unconfirmed_size() >= kMaxPending,
             "send() refused as too_many_pending, but room " + chatwire::fuzz::printable(room) + " holds " +
                 std::to_string(r == nullptr ? 0 : r->messages().unconfirmed_size()) +
                 " unconfirmed messages");
  }
}

void Harness::do_cancel() {
  const chat::ClientId id = client_id_choice();
  const auto cancelled = client_->cancel(now_, id);
  traced("cancel", id, cancelled);
  if (cancelled) {
    auto it = tracked_.find(id);
    if (it != tracked_.end()) it->second.cancelled = true;
  }
}

void Harness::do_mark_read() {
  const chat::RoomId room = room_name();
  const auto marked = client_->mark_read(now_, room);
  traced("mark_read", room, marked);
  if (!marked) return;
  const chat::Room* r = client_->chat().room(room);
  PROPERTY("unread-mark-read", r != nullptr, "mark_read() succeeded on a room that does not exist");
  if (r != nullptr && r->messages().confirmed_size() > 0) {
    PROPERTY("unread-mark-read", r->unread_count() == 0,
             "after mark_read(), room " + chatwire::fuzz::printable(room) + " has " +
                 std::to_string(r->unread_count()) + " unread");
  }
}

// ---- server input -----------------------------------------------------------------

std::string Harness::event_frame(std::string_view name, const std::string& args_after_name) {
  std::string text = "42";
  switch (pick(6)) {
    case 0:  // a namespace not joined
      text += "/other,";
      break;
    case 1:  // the server wants an ack
      text += std::to_string(in_.ConsumeIntegral<std::uint16_t>());
      break;
    default:
      break;
  }
  text += "[";
  text += json_string(name);
  if (!args_after_name.empty()) text += "," + args_after_name;
  text += "]";
  return text;
}

void Harness::shaped_event() {
  const auto& events = kEventShapes[preset_];
  const EventShape& shape = events[pick(events.size())];
  const Keys& keys = shape.keys.empty() ? kMessageShapes[preset_] : shape.keys;
  std::string args = shaped(keys, 1);
  if (pick(8) == 0) args += "," + any_value(2);  // arguments after the payload are ignored
  frame(event_frame(shape.name, args));
}

void Harness::generic_event() {
  const std::string name = pick(4) == 0 ? in_.ConsumeRandomLengthString(24) : pick_from(kEventNames);
  std::string args;
  switch (pick(4)) {
    case 0:  // no payload at all
      break;
    case 1:
      args = any_value(0);
      args += "," + any_value(0);  // two statements: the reads from the input stay in order
      break;
    default:
      args = any_value(0);
      break;
  }
  frame(event_frame(name, args));
}

// Several valid messages in a row, each a frame of its own: fills a room
// past its bound with live traffic.
void Harness::burst() {
  const chat::RoomId room = pick_from(kRooms);
  const std::size_t count = pick(30) + 1;
  const bool own = pick(4) == 0;
  const auto& events = kEventShapes[preset_];
  const char* name = "message";
  for (const EventShape& shape : events) {
    if (shape.keys.empty()) name = shape.name;
  }
  // An own burst starts with the echo of the room's oldest unconfirmed message.
  const std::vector<chat::ClientId> waiting = own ? unconfirmed_in(room) : std::vector<chat::ClientId>{};
  for (std::size_t i = 0; i < count; ++i) {
    const bool echo = i == 0 && !waiting.empty();
    const std::string text = echo ? tracked_.at(waiting[0]).text : "t" + std::to_string(counter_);
    frame("42[" + json_string(name) + "," +
          canonical_message(room, own, echo ? waiting[0] : "", text, std::nullopt) + "]");
    drain();
    check(now_);
  }
}

// The server's copy of one of the user's own messages, as a live event.
void Harness::own_echo() {
  const std::size_t back = pick(8);
  const bool with_client_id = pick(4) != 0;
  if (issued_.empty()) return;
  const chat::ClientId& id = recent_client_id(back);
  const Tracked& tracked = tracked_.at(id);
  const auto& events = kEventShapes[preset_];
  const char* name = "message";
  for (const EventShape& shape : events) {
    if (shape.keys.empty()) name = shape.name;
  }
  frame("42[" + json_string(name) + "," +
        canonical_message(tracked.room, true, with_client_id ? id : "", tracked.text, std::nullopt) + "]");
}

// A plausible, well-formed answer to one of the requests the client sent.
void Harness::smart_ack() {
  const std::size_t back = pick(16);
  if (requests_.empty()) return;
  const SentRequest& request = requests_[requests_.size() - 1 - back % requests_.size()];
  const Json* room_field = request.payload.is_object() ? &request.payload : nullptr;
  const auto field_string = [&](const char* key) -> std::string {
    if (room_field == nullptr) return "";
    auto it = room_field->find(key);
    return it != room_field->end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  // Seqs come from the server (so may be anything): kept within ±2^53 so
  // the arithmetic below cannot overflow.
  const auto field_int = [&](const char* key) -> std::optional<std::int64_t> {
    if (room_field == nullptr) return std::nullopt;
    auto it = room_field->find(key);
    if (it == room_field->end() || !it->is_number_integer()) return std::nullopt;
    constexpr std::int64_t kSafe = std::int64_t{1} << 53;
    return std::clamp(it->get<std::int64_t>(), -kSafe, kSafe);
  };
  const chat::RoomId room = field_string("room");
  std::vector<std::pair<std::string, std::string>> fields;
  if (pick(5) == 0) {
    fields.emplace_back("ok", "false");
    fields.emplace_back("error", object_text({{"code", json_string(pick_from(kErrorCodes))},
                                              {"message", json_string(pick(2) == 0 ? "" : "refused")}}));
  } else {
    fields.emplace_back("ok", "true");
    // The user's own entries are the unconfirmed messages of the room, in
    // the order sent, as a server that stored them would list them.
    const auto page = [&](std::int64_t first_seq, std::size_t count) {
      const std::vector<chat::ClientId> waiting = unconfirmed_in(room);
      std::size_t own_used = 0;
      std::string out = "[";
      for (std::size_t i = 0; i < count; ++i) {
        if (i > 0) out += ',';
        const std::int64_t seq = first_seq + static_cast<std::int64_t>(i);
        if (pick(6) != 0) {
          out += canonical_message(room, false, "", "p" + std::to_string(seq), seq);
        } else if (own_used < waiting.size()) {
          const chat::ClientId& id = waiting[own_used++];
          out += canonical_message(room, true, id, tracked_.at(id).text, seq);
        } else {
          out += canonical_message(room, true, "", "p" + std::to_string(seq), seq);
        }
      }
      return out + "]";
    };
    if (request.event == "join") {
      const std::int64_t last = static_cast<std::int64_t>(pick(60));
      const auto since = field_int("since");
      const std::size_t count = pick(26);
      const std::int64_t first =
          since ? *since + 1 : std::max<std::int64_t>(1, last - static_cast<std::int64_t>(count) + 1);
      fields.emplace_back("room", json_string(room));
      fields.emplace_back("members", "[" + canonical_member(0) + "," + canonical_member(pick(3)) + "]");
      fields.emplace_back("messages", page(first, count));
      fields.emplace_back("hasMore", in_.ConsumeBool() ? "true" : "false");
      fields.emplace_back("readSeq", std::to_string(pick(40)));
      fields.emplace_back("lastSeq", std::to_string(last));
    } else if (request.event == "send") {
      const chat::ClientId client_id = field_string("clientId");
      fields.emplace_back("message",
                          canonical_message(room, true, client_id, field_string("text"), std::nullopt));
    } else if (request.event == "history") {
      const auto before = field_int("before");
      const auto after = field_int("after");
      const std::size_t count = pick(26);
      std::int64_t first = 1;
      if (before) first = std::max<std::int64_t>(1, *before - static_cast<std::int64_t>(count));
      if (after) first = *after + 1;
      fields.emplace_back("messages", page(first, count));
      fields.emplace_back("hasMore", in_.ConsumeBool() ? "true" : "false");
    } else if (request.event == "members") {
      fields.emplace_back("members", "[" + canonical_member(0) + "," + canonical_member(1) + "," +
                                         canonical_member(pick(3)) + "]");
    } else if (request.event == "read") {
      fields.emplace_back("readSeq", std::to_string(field_int("seq").value_or(0)));
    }
  }
  frame("43" + std::to_string(request.ack_id) + "[" + object_text(fields) + "]");
}

void Harness::fuzzed_ack() {
  const bool recent = pick(4) != 0;
  const std::size_t back = pick(16);
  const std::uint32_t random_id = in_.ConsumeIntegral<std::uint32_t>();
  const std::uint32_t id = recent && !requests_.empty()
                               ? requests_[requests_.size() - 1 - back % requests_.size()].ack_id
                               : random_id;
  std::string args;
  switch (pick(4)) {
    case 0:
      args = any_value(1);
      break;
    case 1:  // an ack with no arguments
      break;
    default:
      args = shaped(kAckShapes[pick(kAckShapes.size())], 1);
      break;
  }
  frame("43" + std::to_string(id) + "[" + args + "]");
}

// Engine.IO and Socket.IO control traffic.
void Harness::session_frame() {
  switch (pick(9)) {
    case 0:
      frame(kHandshake);
      break;
    case 1:
      frame(kConnectAck);
      break;
    case 2:  // the server ends the session
      frame("41");
      break;
    case 3:  // CONNECT_ERROR
      frame("44{\"message\":\"invalid token\"}");
      break;
    case 4:  // ping
      frame("2");
      break;
    case 5:  // Engine.IO close
      frame("1");
      break;
    case 6:  // noop
      frame("6");
      break;
    case 7:  // binary event
      frame("451-[\"message\",{\"_placeholder\":true,\"num\":0}]");
      break;
    default:
      frame("40" + any_value(2));
      break;
  }
}

// ---- JSON generation -------------------------------------------------------------
// `depth` counts levels already open; beyond 5 only scalars are generated.

std::string Harness::any_value(int depth) {
  const std::size_t choices = depth >= 5 ? 6 : 10;
  switch (pick(choices)) {
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
      return typed(pick_from(kKeys), depth);
    case 6:
      return random_object(depth + 1);
    case 7:
      return random_array(depth + 1);
    case 8:
      return shaped(kMessageShapes[pick(kMessageShapes.size())], depth + 1);
    default:
      return typed(pick_from(kKeys), depth);
  }
}

std::string Harness::number_value() {
  switch (pick(3)) {
    case 0:
      return pick_from(kEdgeNumbers);
    case 1:
      return std::to_string(in_.ConsumeIntegral<std::int64_t>());
    default:
      return std::to_string(in_.ConsumeIntegralInRange<std::int64_t>(-1000, 100'000)) + ".25";
  }
}

std::string Harness::string_value() {
  switch (pick(6)) {
    case 0:
      return json_string(pick_from(kTexts));
    case 1:
      return json_string(std::string(pick(8) == 0 ? 5000 : 300, 's'));
    case 2: {
      // Escapes and byte sequences pasted in raw (they are JSON text already).
      std::string out = "\"" + std::string(pick_from(kOddStrings));
      if (pick(2) == 0) out += pick_from(kOddStrings);
      return out + "\"";
    }
    default:
      return json_string(in_.ConsumeRandomLengthString(40));
  }
}

std::string Harness::random_object(int depth) {
  std::vector<std::pair<std::string, std::string>> fields;
  const std::size_t count = pick(6);
  for (std::size_t i = 0; i < count; ++i) {
    std::string key = pick(8) == 0 ? in_.ConsumeRandomLengthString(12) : pick_from(kKeys);
    std::string value = any_value(depth);
    fields.emplace_back(std::move(key), std::move(value));
  }
  return object_text(fields);
}

std::string Harness::random_array(int depth) {
  std::string out = "[";
  const std::size_t count = pick(5);
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += ',';
    out += any_value(depth);
  }
  return out + "]";
}

// An object with the given fields, each typed for its name most of the
// time, sometimes missing, sometimes anything; sometimes an extra field.
std::string Harness::shaped(const Keys& keys, int depth) {
  std::vector<std::pair<std::string, std::string>> fields;
  for (const char* key : keys) {
    switch (pick(16)) {
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
  if (pick(8) == 0) {
    const char* key = pick_from(kKeys);
    fields.emplace_back(key, any_value(depth));
  }
  return object_text(fields);
}

std::string Harness::typed(std::string_view key, int depth) {
  const auto is = [&](std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), key) != names.end();
  };
  if (depth >= 5) return pick(2) == 0 ? "null" : std::to_string(pick(10));
  if (is({"id", "messageId", "sid"})) return id_value();
  if (is({"room", "show_id", "conversationId"})) return room_value();
  if (is({"seq", "readSeq", "lastSeq", "since", "before", "after"})) return seq_value();
  if (is({"count", "limit"})) return std::to_string(pick(120));
  if (is({"ttlMs"})) return pick(4) == 0 ? number_value() : std::to_string(pick(4) * 3000);
  if (is({"clientId"})) {
    const bool recent = pick(3) != 0;
    const std::size_t back = pick(8);
    if (recent && !issued_.empty()) return json_string(recent_client_id(back));
    return pick(2) == 0 ? "null" : string_value();
  }
  if (is({"author", "user", "sender"})) {
    const Keys& user = preset_ == 3 ? kNestUser : kNativeUser;
    return pick(6) == 0 ? shaped(pick(2) == 0 ? kNativeUser : kNestUser, depth + 1) : [&] {
      const std::size_t who = pick(kUserIds.size());
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
  if (is({"code"})) return json_string(pick_from(kErrorCodes));
  if (is({"createdAt", "created_at", "timestamp", "updatedAt"})) return time_value();
  if (is({"state"})) {
    switch (pick(3)) {
      case 0:
        return "\"start\"";
      case 1:
        return "\"stop\"";
      default:
        return string_value();
    }
  }
  if (is({"online", "is_typing", "isTyping", "ok", "hasMore", "is_edited", "isRead"})) {
    return pick(8) == 0 ? any_value(depth) : (in_.ConsumeBool() ? "true" : "false");
  }
  if (is({"message_type"})) {
    static constexpr std::array kTypes = {"text", "text", "system", "join", "leave", ""};
    return json_string(pick_from(kTypes));
  }
  if (is({"messages"})) return messages_value(depth + 1);
  if (is({"members", "active_users"})) return members_value(depth + 1);
  if (is({"rooms"})) return "[" + json_string(pick_from(kRooms)) + "]";
  if (is({"message"})) {
    // Text in the seed dialects, a Message object in native acks.
    return pick(3) == 0 ? shaped(kMessageShapes[preset_], depth + 1) : string_value();
  }
  if (is({"error"})) {
    return pick(3) == 0 ? string_value() : shaped({"code", "message"}, depth + 1);
  }
  return any_value(depth);
}

std::string Harness::id_value() {
  switch (pick(7)) {
    case 0:
      return json_string("m" + std::to_string(++counter_));
    case 1:
      return json_string("m" + std::to_string(pick(6)));
    case 2:
      return std::to_string(++counter_);
    case 3:
      return std::to_string(pick(6));
    case 4:
      return json_string(in_.ConsumeRandomLengthString(16));
    case 5:
      return "\"\"";
    default:
      return any_value(4);
  }
}

std::string Harness::room_value() {
  switch (pick(8)) {
    case 0:
    case 1:
    case 2:
    case 3:
      return json_string(pick_from(kRooms));
    case 4:
      return std::to_string(pick(4));  // numeric show ids
    case 5:
      return json_string(in_.ConsumeRandomLengthString(12));
    case 6:
      return "\"\"";
    default:
      return any_value(4);
  }
}

std::string Harness::user_id_value() {
  switch (pick(5)) {
    case 0:
    case 1:
      return json_string(pick_from(kUserIds));
    case 2:
      return std::to_string(pick(4));  // integer user ids (flask-shows, flask-multiroom)
    case 3:
      return json_string(in_.ConsumeRandomLengthString(12));
    default:
      return any_value(4);
  }
}

std::string Harness::user_name_value() {
  switch (pick(4)) {
    case 0:
    case 1:
      return json_string(pick_from(kUserNames));
    case 2:
      return json_string(in_.ConsumeRandomLengthString(12));
    default:
      return any_value(4);
  }
}

std::string Harness::time_value() {
  switch (pick(6)) {
    case 0:
      return std::to_string(1'717'430'400'000 + 1000 * ++counter_);
    case 1:
      return json_string(iso_time(++counter_, pick(2) == 0 ? "Z" : ""));
    case 2:
      return json_string(pick_from(kTimestamps));
    case 3:
      return number_value();
    case 4:
      return std::to_string(in_.ConsumeIntegralInRange<std::int64_t>(-5, 100));
    default:
      return string_value();
  }
}

std::string Harness::seq_value() {
  switch (pick(5)) {
    case 0:
      return std::to_string(++counter_);
    case 1:
    case 2:
      return std::to_string(pick(30));
    case 3:
      return number_value();
    default:
      return any_value(4);
  }
}

std::string Harness::messages_value(int depth) {
  if (depth >= 5) return "[]";
  std::string out = "[";
  if (pick(4) == 0) {
    // Many valid ones: a page that overflows the store.
    const chat::RoomId room = pick_from(kRooms);
    const std::size_t count = pick(45);
    const std::int64_t first = static_cast<std::int64_t>(pick(30)) + 1;
    for (std::size_t i = 0; i < count; ++i) {
      if (i > 0) out += ',';
      const std::int64_t seq = first + static_cast<std::int64_t>(i);
      out += canonical_message(room, false, "", "p" + std::to_string(seq), seq);
    }
    return out + "]";
  }
  const std::size_t count = pick(6);
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += ',';
    out += pick(8) == 0 ? any_value(depth) : shaped(kMessageShapes[preset_], depth);
  }
  return out + "]";
}

std::string Harness::members_value(int depth) {
  if (depth >= 5) return "[]";
  std::string out = "[";
  const std::size_t count = pick(6);
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += ',';
    switch (pick(4)) {
      case 0:
        out += canonical_member(pick(3));
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

// A member of the room, well formed for the preset: 0 the user, 1 Grace, 2 Linus.
std::string Harness::canonical_member(std::size_t which) {
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

// A well-formed message of the preset: fresh id, seq (unless given) and
// time; from Grace, or from the user (with `client_id`, if not empty, where
// the preset carries one). A given seq also fixes the id, so pages that
// overlap deduplicate as a real server's would.
std::string Harness::canonical_message(const chat::RoomId& room, bool own, const chat::ClientId& client_id,
                                       const std::string& text, std::optional<std::int64_t> seq) {
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
           {"createdAt", std::to_string(ms)}});
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

// ---- properties -------------------------------------------------------------------

void Harness::check(std::int64_t clock) {
  const chat::ChatModel& model = client_->chat();
  const std::vector<const chat::Room*> rooms = model.rooms();
  PROPERTY("rooms-bound", rooms.size() <= kMaxRooms, std::to_string(rooms.size()) + " rooms exist");
  std::size_t unread = 0;
  for (const chat::Room* room : rooms) {
    if (room->state() != chat::RoomState::kLeft) unread += room->unread_count();
    check_room(*room);
  }
  PROPERTY("unread-total", model.unread_total() == unread,
           "unread_total() is " + std::to_string(model.unread_total()) + ", the rooms not left have " +
               std::to_string(unread));
  check_tracked();
  check_mirrors();
  // Typing indicators have a time-to-live: none outlives the longest TTL.
  if (clock - last_frame_ms_ >= kMaxTypingTtlMs) {
    for (const chat::Room* room : rooms) {
      PROPERTY("typing-ttl", room->typing_users().empty(),
               "room " + chatwire::fuzz::printable(room->id()) + " shows " +
                   std::to_string(room->typing_users().size()) + " typing users " +
                   std::to_string(clock - last_frame_ms_) + " ms after the last frame");
    }
  }
}

void Harness::check_mirrors() {
  std::set<chat::RoomId> present;
  for (const chat::Room* room : client_->chat().rooms()) {
    present.insert(room->id());
    const std::string name = "room " + chatwire::fuzz::printable(room->id()) + ": ";
    Mirrored& mirror = mirrors_[room->id()];
    // A room forgotten and joined again is a new room: its edits start from nothing.
    if (room->version() < mirror.version) mirror.messages.clear();
    mirror.version = room->version();
    const chat::ListChanges changes = client_->take_message_changes(room->id());
    auto& held = mirror.messages;
    if (changes.reset) held.clear();
    if (!changes.removed.empty()) {
      const std::set<std::string> removed(changes.removed.begin(), changes.removed.end());
      std::erase_if(held, [&](const Mirrored::Held& m) { return removed.count(m.key) != 0; });
    }
    const chat::MessageStore& store = room->messages();
    std::optional<std::size_t> previous;
    for (const std::size_t index : changes.upserts) {
      PROPERTY("mirror", !previous || *previous < index, name + "upserts out of order at " + std::to_string(index));
      PROPERTY("mirror", index < store.size(),
               name + "upsert at " + std::to_string(index) + " of " + std::to_string(store.size()));
      previous = index;
      if (index >= store.size()) continue;
      Mirrored::Held next{chat::message_key(store.at(index), store.key_at(index)), store.at(index),
                          room->read_by(index)};
      const auto same = std::find_if(held.begin(), held.end(), [&](const Mirrored::Held& m) { return m.key == next.key; });
      if (same != held.end()) {
        PROPERTY("mirror", static_cast<std::size_t>(same - held.begin()) == index,
                 name + chatwire::fuzz::printable(next.key) + " is held at " +
                     std::to_string(same - held.begin()) + ", upserted at " + std::to_string(index));
        held.erase(same);
      }
      PROPERTY("mirror", index <= held.size(),
               name + "insert at " + std::to_string(index) + " past the end (" + std::to_string(held.size()) + ")");
      held.insert(held.begin() + static_cast<std::ptrdiff_t>(std::min(index, held.size())), std::move(next));
    }
    PROPERTY("mirror", held.size() == store.size(),
             name + std::to_string(held.size()) + " messages mirrored, " + std::to_string(store.size()) + " stored");
    std::set<std::string> keys;
    for (std::size_t i = 0; i < held.size() && i < store.size(); ++i) {
      const std::string key = chat::message_key(store.at(i), store.key_at(i));
      // The detail is built only when the property breaks: this runs for every message of every step.
      if (!(held[i].key == key && held[i].message == store.at(i) && held[i].read_by == room->read_by(i))) {
        PROPERTY("mirror", false,
                 name + "message " + std::to_string(i) + " mirrored as " + chatwire::fuzz::printable(held[i].key) +
                     ", stored as " + chatwire::fuzz::printable(key));
      }
      if (!keys.insert(key).second) {
        PROPERTY("mirror-keys", false, name + "two messages share the key " + chatwire::fuzz::printable(key));
      }
    }
  }
  std::erase_if(mirrors_, [&](const auto& entry) { return present.count(entry.first) == 0; });
}

void Harness::check_room(const chat::Room& room) {
  const std::string name = "room " + chatwire::fuzz::printable(room.id()) + ": ";
  const chat::MessageStore& store = room.messages();

  // Bounds.
  PROPERTY("store-bound",
           store.window() >= kMaxMessages && store.window() <= kMaxMessages + kMaxLoadedHistory,
           name + "window() is " + std::to_string(store.window()));
  PROPERTY("store-bound", store.confirmed_size() <= store.window(),
           name + std::to_string(store.confirmed_size()) + " confirmed messages, window " +
               std::to_string(store.window()));
  PROPERTY("store-bound", store.unconfirmed_size() <= kMaxPending,
           name + std::to_string(store.unconfirmed_size()) + " unconfirmed messages");
  PROPERTY("store-bound", store.size() == store.confirmed_size() + store.unconfirmed_size(),
           name + "size() adds up");

  // Order, and one copy per server id and per client id.
  std::set<std::string> ids;
  std::set<std::string> client_ids;
  for (std::size_t i = 0; i < store.size(); ++i) {
    if (i > 0) {
      const chat::OrderKey previous = store.key_at(i - 1);
      const chat::OrderKey key = store.key_at(i);
      PROPERTY("order", !(key < previous),
               name + "key_at(" + std::to_string(i) + ") = {" + std::to_string(key.primary) + "," +
                   std::to_string(key.tiebreak) + "} sorts before key_at(" + std::to_string(i - 1) + ") = {" +
                   std::to_string(previous.primary) + "," + std::to_string(previous.tiebreak) + "}");
    }
    const chat::Message& message = store.at(i);
    if (!message.id.empty()) {
      PROPERTY("unique-id", ids.insert(message.id).second,
               name + "two messages with server id " + chatwire::fuzz::printable(message.id));
    }
    if (!message.client_id.empty()) {
      PROPERTY("unique-client-id", client_ids.insert(message.client_id).second,
               name + "two messages with client id " + chatwire::fuzz::printable(message.client_id));
    }
    // Receipts name readers other than the author, and only of confirmed messages.
    const std::vector<std::string> readers = room.read_by(i);
    PROPERTY("receipts", std::find(readers.begin(), readers.end(), key_of(message.author)) == readers.end(),
             name + "message " + std::to_string(i) + " is read by its own author");
    PROPERTY("receipts", readers.empty() || message.status == chat::MessageStatus::kSent,
             name + "unconfirmed message " + std::to_string(i) + " has readers");
    const bool confirmed = i < store.confirmed_size();
    PROPERTY("status-layout", confirmed == (message.status == chat::MessageStatus::kSent),
             name + "message " + std::to_string(i) + " is " + chat::to_string(message.status) +
                 (confirmed ? " among the confirmed" : " among the unconfirmed"));
  }

  check_unread(room);

  // Typing users.
  const auto& typing = room.typing_users();
  PROPERTY("typing-bound", typing.size() <= kMaxTypingUsers,
           name + std::to_string(typing.size()) + " typing users");
  std::set<std::string> typing_keys;
  for (const chat::User& user : typing) {
    PROPERTY("typing-self", !is_self(user), name + "the user is shown typing");
    PROPERTY("typing-keys", !key_of(user).empty(), name + "a typing user without key");
    PROPERTY("typing-keys", typing_keys.insert(key_of(user)).second,
             name + "typing user listed twice: " + key_of(user));
  }

  // Members.
  const auto& members = room.members();
  PROPERTY("member-bound", members.size() <= kMaxMembers, name + std::to_string(members.size()) + " members");
  std::set<std::string> member_keys;
  for (const chat::Member& member : members) {
    PROPERTY("member-keys", !key_of(member.user).empty(), name + "a member without key");
    PROPERTY("member-keys", member_keys.insert(key_of(member.user)).second,
             name + "member listed twice: " + chatwire::fuzz::printable(key_of(member.user)));
  }
  PROPERTY("member-self", member_keys.count(self_key()) == 1, name + "the user is not among the members");
}

// unread_count() = unread kept + evicted_unread(). The kept part counts the
// confirmed messages after the cursor that are not the user's own: at most
// all of those after the cursor, at least those whose author is someone
// else and whose client id is not one send() returned (a message that
// echoes such a client id may be counted as own).
void Harness::check_unread(const chat::Room& room) {
  const std::string name = "room " + chatwire::fuzz::printable(room.id()) + ": ";
  const chat::MessageStore& store = room.messages();
  const auto cursor = store.read_cursor();
  std::size_t after_cursor = 0;
  std::size_t surely_unread = 0;
  for (std::size_t i = 0; i < store.confirmed_size(); ++i) {
    if (cursor && !(*cursor < store.key_at(i))) continue;
    ++after_cursor;
    const chat::Message& message = store.at(i);
    if (!is_self(message.author) && tracked_.count(message.client_id) == 0) ++surely_unread;
  }
  PROPERTY("unread-range", store.unread_count() >= store.evicted_unread(),
           name + "unread below evicted unread");
  const std::size_t kept = store.unread_count() - std::min(store.unread_count(), store.evicted_unread());
  PROPERTY("unread-range", kept >= surely_unread && kept <= after_cursor,
           name + std::to_string(kept) + " unread kept, but " + std::to_string(surely_unread) + " to " +
               std::to_string(after_cursor) + " messages after the cursor could be");
  if (room.active() && room.state() != chat::RoomState::kLeft) {
    PROPERTY("unread-active", room.unread_count() == 0,
             name + "an active room has " + std::to_string(room.unread_count()) + " unread");
  }
}

// See the file comment: an unconfirmed own message never just disappears.
void Harness::check_tracked() {
  for (auto& [client_id, tracked] : tracked_) {
    if (tracked.cancelled || tracked.settled) continue;
    const chat::Room* room = client_->chat().room(tracked.room);
    if (room == nullptr) {
      tracked.settled = true;  // forgotten with its room
      continue;
    }
    const chat::MessageStore& store = room->messages();
    const chat::Message* message = store.find_by_client_id(client_id);
    if (message != nullptr) {
      if (message->status == chat::MessageStatus::kSent) tracked.settled = true;
      continue;
    }
    PROPERTY("client-id-kept", store.confirmed_size() >= store.window(),
             "message " + client_id + " vanished from room " + chatwire::fuzz::printable(tracked.room) +
                 " unconfirmed and not cancelled (store holds " + std::to_string(store.confirmed_size()) +
                 " of " + std::to_string(store.window()) + ")");
    tracked.settled = true;  // confirmed into a full store and dropped at once
  }
}

// ---- setup ---------------------------------------------------------------------------

const std::vector<dialect::Dialect>& presets() {
  static const std::vector<dialect::Dialect> loaded = [] {
    std::vector<dialect::Dialect> out;
    for (const std::string& name : dialect::Dialect::preset_names()) {
      auto preset = dialect::Dialect::preset(name);
      FUZZ_CHECK(preset.ok(), "preset " + name + " loads: " + (preset ? "" : preset.error().message));
      out.push_back(std::move(preset).value());
    }
    return out;
  }();
  return loaded;
}

ClientConfig fuzz_config() {
  ClientConfig config;
  config.session.outbox_capacity = 8;
  config.session.random_seed = 1;
  config.session.limits.max_frame_bytes = 64 * 1024;
  config.session.limits.max_json_depth = 16;
  config.chat.self = kSelf;
  config.chat.max_messages_per_room = kMaxMessages;
  config.chat.max_pending_per_room = kMaxPending;
  config.chat.max_rooms = kMaxRooms;
  config.chat.request_timeout_ms = 3000;
  config.chat.history_page_size = 10;
  config.chat.client_id_seed = 7;
  return config;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto& dialects = presets();
  FUZZ_CHECK(dialects.size() == 6, "six presets");
  const std::size_t preset = data[0] % dialects.size();
  auto created = Client::create(fuzz_config(), dialects[preset]);
  FUZZ_CHECK(created.ok(), "the fuzz config is valid: " + (created ? "" : created.error().field));
  FuzzedDataProvider input(data + 1, size - 1);
  Harness harness(input, preset, std::move(created).value());
  harness.run();
  return 0;
}
