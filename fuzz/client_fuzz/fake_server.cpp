#include "client_fuzz/fake_server.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <system_error>
#include <utility>

#include "client_fuzz/json_text.h"
#include "client_fuzz/property.h"
#include "client_fuzz/script_input.h"
#include "client_fuzz/vocabulary.h"
#include "fuzz_support.h"
#include "protocol/socketio.h"

namespace chatwire::fuzz::client_fuzz {

using json_util::Json;
namespace sio = protocol::sio;

void FakeServer::receive(const std::string& text) {
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

std::string FakeServer::event_frame(std::string_view name, const std::string& args_after_name) {
  std::string text = "42";
  switch (pick(in_, 6)) {
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

const char* FakeServer::message_event() const {
  const char* name = "message";
  for (const EventShape& shape : kEventShapes[preset_]) {
    if (shape.keys.empty()) name = shape.name;
  }
  return name;
}

std::string FakeServer::shaped_event() {
  const auto& events = kEventShapes[preset_];
  const EventShape& shape = events[pick(in_, events.size())];
  const Keys& keys = shape.keys.empty() ? kMessageShapes[preset_] : shape.keys;
  std::string args = payloads_.shaped(keys, 1);
  if (pick(in_, 8) == 0) args += "," + payloads_.any_value(2);  // arguments after the payload are ignored
  return event_frame(shape.name, args);
}

std::string FakeServer::generic_event() {
  const std::string name =
      pick(in_, 4) == 0 ? in_.ConsumeRandomLengthString(24) : pick_from(in_, kEventNames);
  std::string args;
  switch (pick(in_, 4)) {
    case 0:  // no payload at all
      break;
    case 1:
      args = payloads_.any_value(0);
      args += "," + payloads_.any_value(0);  // two statements: the reads from the input stay in order
      break;
    default:
      args = payloads_.any_value(0);
      break;
  }
  return event_frame(name, args);
}

std::vector<std::string> FakeServer::burst() {
  const chat::RoomId room = pick_from(in_, kRooms);
  const std::size_t count = pick(in_, 30) + 1;
  const bool own = pick(in_, 4) == 0;
  const char* name = message_event();
  // An own burst starts with the echo of the room's oldest unconfirmed message.
  const std::vector<chat::ClientId> waiting =
      own ? sends_.unconfirmed_in(room) : std::vector<chat::ClientId>{};
  std::vector<std::string> frames;
  for (std::size_t i = 0; i < count; ++i) {
    const bool echo = i == 0 && !waiting.empty();
    const std::string text =
        echo ? sends_.at(waiting[0]).text : "t" + std::to_string(payloads_.newest_number());
    frames.push_back("42[" + json_string(name) + "," +
                     payloads_.canonical_message(room, own, echo ? waiting[0] : "", text, std::nullopt) +
                     "]");
  }
  return frames;
}

std::optional<std::string> FakeServer::own_echo() {
  const std::size_t back = pick(in_, 8);
  const bool with_client_id = pick(in_, 4) != 0;
  if (sends_.empty()) return std::nullopt;
  const chat::ClientId& id = sends_.recent(back);
  const Tracked& tracked = sends_.at(id);
  return "42[" + json_string(message_event()) + "," +
         payloads_.canonical_message(tracked.room, true, with_client_id ? id : "", tracked.text,
                                     std::nullopt) +
         "]";
}

std::optional<std::string> FakeServer::smart_ack() {
  const std::size_t back = pick(in_, 16);
  if (requests_.empty()) return std::nullopt;
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
  if (pick(in_, 5) == 0) {
    fields.emplace_back("ok", "false");
    fields.emplace_back("error", object_text({{"code", json_string(pick_from(in_, kErrorCodes))},
                                              {"message", json_string(pick(in_, 2) == 0 ? "" : "refused")}}));
  } else {
    fields.emplace_back("ok", "true");
    // The user's own entries are the unconfirmed messages of the room, in
    // the order sent, as a server that stored them would list them.
    const auto page = [&](std::int64_t first_seq, std::size_t count) {
      const std::vector<chat::ClientId> waiting = sends_.unconfirmed_in(room);
      std::size_t own_used = 0;
      std::string out = "[";
      for (std::size_t i = 0; i < count; ++i) {
        if (i > 0) out += ',';
        const std::int64_t seq = first_seq + static_cast<std::int64_t>(i);
        if (pick(in_, 6) != 0) {
          out += payloads_.canonical_message(room, false, "", "p" + std::to_string(seq), seq);
        } else if (own_used < waiting.size()) {
          const chat::ClientId& id = waiting[own_used++];
          out += payloads_.canonical_message(room, true, id, sends_.at(id).text, seq);
        } else {
          out += payloads_.canonical_message(room, true, "", "p" + std::to_string(seq), seq);
        }
      }
      return out + "]";
    };
    if (request.event == "join") {
      const std::int64_t last = static_cast<std::int64_t>(pick(in_, 60));
      const auto since = field_int("since");
      const std::size_t count = pick(in_, 26);
      const std::int64_t first =
          since ? *since + 1 : std::max<std::int64_t>(1, last - static_cast<std::int64_t>(count) + 1);
      fields.emplace_back("room", json_string(room));
      fields.emplace_back("members", "[" + payloads_.canonical_member(0) + "," +
                                         payloads_.canonical_member(pick(in_, 3)) + "]");
      fields.emplace_back("messages", page(first, count));
      fields.emplace_back("hasMore", in_.ConsumeBool() ? "true" : "false");
      fields.emplace_back("readSeq", std::to_string(pick(in_, 40)));
      fields.emplace_back("lastSeq", std::to_string(last));
      // Read from nothing in the script, so that the seeds written before
      // these fields (client_fuzz_seeds.py) still read as they did; changed
      // messages come with edit, delete and react acks, changes pages and
      // message_updated events instead.
      fields.emplace_back("rev", std::to_string(payloads_.newest_number()));
      if (since && field_int("sinceRev")) {
        fields.emplace_back("changes", "[]");
        fields.emplace_back("changesMore", "false");
      }
    } else if (request.event == "send") {
      const chat::ClientId client_id = field_string("clientId");
      fields.emplace_back(
          "message", payloads_.canonical_message(room, true, client_id, field_string("text"), std::nullopt));
    } else if (request.event == "history") {
      const auto before = field_int("before");
      const auto after = field_int("after");
      // Around "m<seq>" (the ids canonical messages have): the page centered
      // on that seq. Any other id gets a page that may not hold it.
      const std::string around = field_string("around");
      std::int64_t around_seq = 0;
      const bool centered = around.size() > 1 && around.size() < 12 && around[0] == 'm' &&
                            std::from_chars(around.data() + 1, around.data() + around.size(), around_seq).ec ==
                                std::errc();
      const std::size_t count = pick(in_, 26);
      std::int64_t first = 1;
      if (before) first = std::max<std::int64_t>(1, *before - static_cast<std::int64_t>(count));
      if (after) first = *after + 1;
      if (centered) first = std::max<std::int64_t>(1, around_seq - static_cast<std::int64_t>(count / 2));
      fields.emplace_back("messages", page(first, count));
      fields.emplace_back("hasMore", in_.ConsumeBool() ? "true" : "false");
      if (!around.empty()) {
        // Read only for a page around a message: scripts from before `around` read as they did.
        fields.emplace_back("hasOlder", in_.ConsumeBool() ? "true" : "false");
        fields.emplace_back("hasNewer", in_.ConsumeBool() ? "true" : "false");
      }
    } else if (request.event == "edit" || request.event == "delete" || request.event == "react") {
      fields.emplace_back("message", payloads_.changed_message(room, field_string("id"), field_string("text"),
                                                               request.event == "delete"));
    } else if (request.event == "changes") {
      const std::int64_t first = static_cast<std::int64_t>(pick(in_, 30)) + 1;
      fields.emplace_back("messages", page(first, pick(in_, 6)));
      fields.emplace_back("hasMore", in_.ConsumeBool() ? "true" : "false");
      fields.emplace_back("rev", std::to_string(payloads_.newest_number()));
    } else if (request.event == "members") {
      fields.emplace_back("members", "[" + payloads_.canonical_member(0) + "," +
                                         payloads_.canonical_member(1) + "," +
                                         payloads_.canonical_member(pick(in_, 3)) + "]");
    } else if (request.event == "read") {
      fields.emplace_back("readSeq", std::to_string(field_int("seq").value_or(0)));
    }
  }
  return "43" + std::to_string(request.ack_id) + "[" + object_text(fields) + "]";
}

std::string FakeServer::fuzzed_ack() {
  const bool recent = pick(in_, 4) != 0;
  const std::size_t back = pick(in_, 16);
  const std::uint32_t random_id = in_.ConsumeIntegral<std::uint32_t>();
  const std::uint32_t id = recent && !requests_.empty()
                               ? requests_[requests_.size() - 1 - back % requests_.size()].ack_id
                               : random_id;
  std::string args;
  switch (pick(in_, 4)) {
    case 0:
      args = payloads_.any_value(1);
      break;
    case 1:  // an ack with no arguments
      break;
    default:
      args = payloads_.shaped(kAckShapes[pick(in_, kAckShapes.size())], 1);
      break;
  }
  return "43" + std::to_string(id) + "[" + args + "]";
}

std::string FakeServer::session_frame() {
  switch (pick(in_, 9)) {
    case 0:
      return kHandshake;
    case 1:
      return kConnectAck;
    case 2:  // the server ends the session
      return "41";
    case 3:  // CONNECT_ERROR
      return "44{\"message\":\"invalid token\"}";
    case 4:  // ping
      return "2";
    case 5:  // Engine.IO close
      return "1";
    case 6:  // noop
      return "6";
    case 7:  // binary event
      return "451-[\"message\",{\"_placeholder\":true,\"num\":0}]";
    default:
      return "40" + payloads_.any_value(2);
  }
}

std::string FakeServer::raw_frame() { return in_.ConsumeRandomLengthString(300); }

std::string FakeServer::binary_frame() { return in_.ConsumeRandomLengthString(16); }

}  // namespace chatwire::fuzz::client_fuzz
