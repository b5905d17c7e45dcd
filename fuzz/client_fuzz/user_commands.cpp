#include "client_fuzz/user_commands.h"

#include <cstddef>

#include "client_fuzz/script_input.h"
#include "client_fuzz/trace.h"
#include "client_fuzz/vocabulary.h"
#include "fuzz_support.h"

namespace chatwire::fuzz::client_fuzz {

void UserCommands::traced(std::int64_t now, const char* command, const std::string& subject,
                          const Result<bool, chat::CommandError>& result) {
  if (!tracing()) return;
  trace(now, std::string(command) + " " + chatwire::fuzz::printable(subject) + ": " +
                 (result ? "ok" : chat::to_string(result.error())));
}

void UserCommands::traced_change(std::int64_t now, const char* command, const std::string& subject,
                                 const Result<std::string, chat::CommandError>& result) {
  if (!tracing()) return;
  trace(now, std::string(command) + " " + chatwire::fuzz::printable(subject) + ": " +
                 (result ? *result : std::string(chat::to_string(result.error()))));
}

// ---- arguments ------------------------------------------------------------------

chat::RoomId UserCommands::room_name() {
  switch (pick(in_, 7)) {
    case 0:
    case 1:
    case 2:
    case 3:
      return pick_from(in_, kRooms);
    case 4:
      return in_.ConsumeRandomLengthString(12);
    case 5:
      return std::string(300, 'r');  // over the 256-byte room id limit
    default:
      return "";
  }
}

std::string UserCommands::send_text() {
  switch (pick(in_, 7)) {
    case 0:
    case 1:
      return pick_from(in_, kTexts);
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

chat::ClientId UserCommands::client_id_choice() {
  const bool recent = pick(in_, 4) != 0;
  const std::size_t back = pick(in_, 8);
  if (recent && !sends_.empty()) return sends_.recent(back);
  return in_.ConsumeRandomLengthString(16);
}

std::string UserCommands::message_choice() {
  switch (pick(in_, 4)) {
    case 0:
      return client_id_choice();
    case 1:
    case 2:
      return "m" + std::to_string(pick(in_, 60));
    default:
      return in_.ConsumeRandomLengthString(16);
  }
}

// ---- commands -------------------------------------------------------------------

void UserCommands::join(std::int64_t now) {
  const chat::RoomId room = room_name();
  traced(now, "join", room, client_.join(now, room));
}

void UserCommands::leave(std::int64_t now) {
  const chat::RoomId room = room_name();
  traced(now, "leave", room, client_.leave(now, room));
}

std::string UserCommands::chosen_client_id() {
  // Mostly none (the core names the send); else what a view of a shared
  // client would pass: a fresh id, one in use (refused: ids stay unique, as
  // check_fresh_client_id checks), or anything at all.
  switch (pick(in_, 8)) {
    case 0:
      return "view-" + std::to_string(++chosen_ids_);
    case 1: {
      // One the client still holds: its reuse must be refused. (Reusing an id
      // whose message is gone is the caller's mistake the core cannot see.)
      if (sends_.empty()) return {};
      const chat::ClientId& recent = sends_.recent(pick(in_, 8));
      return client_.chat().holds_client_id(recent) ? recent : std::string();
    }
    case 2:
      return in_.ConsumeRandomLengthString(80);
    default:
      return {};
  }
}

void UserCommands::send(std::int64_t now) {
  const chat::RoomId room = room_name();
  const std::string text = send_text();
  auto sent = client_.send(now, room, text, chosen_client_id());
  trace(now, "send to " + chatwire::fuzz::printable(room) + ": " +
                 (sent ? *sent : std::string(chat::to_string(sent.error()))));
  if (sent) {
    invariants_.check_fresh_client_id(*sent);
    sends_.add(*sent, room, text);
  } else if (sent.error() == chat::CommandError::kTooManyPending) {
    invariants_.check_too_many_pending(room);
  }
}

void UserCommands::retry(std::int64_t now) {
  const chat::ClientId id = client_id_choice();
  traced(now, "retry", id, client_.retry(now, id));
}

void UserCommands::cancel(std::int64_t now) {
  const chat::ClientId id = client_id_choice();
  const auto cancelled = client_.cancel(now, id);
  traced(now, "cancel", id, cancelled);
  if (cancelled) sends_.cancel(id);
}

void UserCommands::typing(std::int64_t now) { client_.typing(now, room_name()); }

void UserCommands::stop_typing(std::int64_t now) { client_.stop_typing(now, room_name()); }

void UserCommands::mark_read(std::int64_t now) {
  const chat::RoomId room = room_name();
  const auto marked = client_.mark_read(now, room);
  traced(now, "mark_read", room, marked);
  if (marked) invariants_.check_marked_read(room);
}

void UserCommands::set_active(std::int64_t now) {
  const chat::RoomId room = room_name();
  traced(now, "set_active", room, client_.set_active(now, room, in_.ConsumeBool()));
}

void UserCommands::load_older(std::int64_t now) {
  const chat::RoomId room = room_name();
  traced(now, "load_older", room,
         client_.load_older(now, room, in_.ConsumeIntegralInRange<std::uint32_t>(0, 120)));
}

void UserCommands::edit(std::int64_t now) {
  const chat::RoomId room = room_name();
  const std::string message = message_choice();
  const std::string text = send_text();
  traced_change(now, "edit", message, client_.edit(now, room, message, text));
}

void UserCommands::remove(std::int64_t now) {
  const chat::RoomId room = room_name();
  const std::string message = message_choice();
  const auto removed = client_.remove(now, room, message);
  traced_change(now, "delete", message, removed);
  // A send never handed over is cancelled: the result is its client id.
  if (removed && *removed == message) sends_.cancel(message);
}

void UserCommands::react(std::int64_t now) {
  const chat::RoomId room = room_name();
  const std::string message = message_choice();
  // Read in this order, not as arguments (whose order C++ leaves open): the
  // seeds are written by it.
  const std::string emoji = pick_from(in_, kEmoji);
  const bool on = in_.ConsumeBool();
  traced_change(now, "react", message, client_.react(now, room, message, emoji, on));
}

void UserCommands::refresh_members(std::int64_t now) {
  const chat::RoomId room = room_name();
  traced(now, "refresh_members", room, client_.refresh_members(now, room));
}

void UserCommands::jump_to(std::int64_t now) {
  const chat::RoomId room = room_name();
  const std::string message = message_choice();
  const auto jumped = client_.jump_to(now, room, message);
  if (!tracing()) return;
  trace(now, "jump_to " + chatwire::fuzz::printable(message) + ": " +
                 (!jumped          ? std::string(chat::to_string(jumped.error()))
                  : jumped->request ? "request " + std::to_string(*jumped->request)
                                    : jumped->key));
}

void UserCommands::jump_to_latest(std::int64_t now) {
  const chat::RoomId room = room_name();
  traced(now, "jump_to_latest", room, client_.jump_to_latest(now, room));
}

void UserCommands::load_newer(std::int64_t now) {
  const chat::RoomId room = room_name();
  traced(now, "load_newer", room,
         client_.load_newer(now, room, in_.ConsumeIntegralInRange<std::uint32_t>(0, 120)));
}

}  // namespace chatwire::fuzz::client_fuzz
