#include "dialect/decoded_text.h"

#include <variant>

namespace chatwire::dialect {
namespace {

// Strings are quoted with their bytes as they are: the texts are compared,
// not shown to users, and two different strings must give different texts.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string optional_text(const std::optional<std::string>& value) { return value ? quoted(*value) : "-"; }
std::string optional_int(const std::optional<std::int64_t>& value) {
  return value ? std::to_string(*value) : "-";
}
std::string optional_bool(const std::optional<bool>& value) {
  if (!value) return "-";
  return *value ? "true" : "false";
}

std::string user(const chat::User& user) { return "user{" + quoted(user.id) + " " + quoted(user.name) + "}"; }

std::string reactions(const std::vector<chat::Reaction>& list) {
  std::string out = "[";
  for (const chat::Reaction& r : list) {
    out += quoted(r.emoji) + "{";
    for (const std::string& id : r.users) out += quoted(id) + " ";
    out += "} ";
  }
  return out + "]";
}

std::string reply(const chat::ReplyRef& reply) {
  if (!reply) return "-";
  return "reply{id=" + quoted(reply->id) + " " + user(reply->author) + " excerpt=" + quoted(reply->excerpt) +
         " deleted=" + (reply->deleted ? "true" : "false") + "}";
}

std::string message(const chat::Message& m) {
  return "message{id=" + quoted(m.id) + " client_id=" + quoted(m.client_id) + " room=" + quoted(m.room) +
         " author=" + user(m.author) + " text=" + quoted(m.text) +
         " created_at_ms=" + std::to_string(m.created_at_ms) + " seq=" + optional_int(m.seq) +
         " status=" + chat::to_string(m.status) + " failure=" + quoted(m.failure) +
         " version=" + std::to_string(m.version) + " rev=" + std::to_string(m.rev) +
         " edited_at_ms=" + std::to_string(m.edited_at_ms) + " deleted=" + (m.deleted ? "true" : "false") +
         " reactions=" + reactions(m.reactions) + " reply_to=" + reply(m.reply_to) + "}";
}

std::string messages(const std::vector<chat::Message>& list) {
  std::string out = "[";
  for (const chat::Message& m : list) out += message(m) + " ";
  return out + "]";
}

std::string members(const std::vector<chat::Member>& list) {
  std::string out = "[";
  for (const chat::Member& m : list) out += user(m.user) + (m.online ? "+online " : "+offline ");
  return out + "]";
}

std::string optional_members(const std::optional<std::vector<chat::Member>>& list) {
  return list ? members(*list) : "-";
}

std::string page(const chat::HistoryPage& page) {
  return "page{" + messages(page.messages) + " has_more=" + optional_bool(page.has_more) +
         " has_older=" + optional_bool(page.has_older) + " has_newer=" + optional_bool(page.has_newer) + "}";
}

struct SignalText {
  std::string operator()(const chat::MessageSignal& s) const {
    return "message{room=" + optional_text(s.room) + " " + message(s.message) + "}";
  }
  std::string operator()(const chat::HistorySignal& s) const {
    return "history{room=" + optional_text(s.room) + " " + page(s.page) +
           " confirms_join=" + (s.confirms_join ? "true" : "false") + "}";
  }
  std::string operator()(const chat::TypingSignal& s) const {
    return "typing{room=" + optional_text(s.room) + " " + user(s.user) +
           " typing=" + (s.typing ? "true" : "false") + " ttl_ms=" + optional_int(s.ttl_ms) + "}";
  }
  std::string operator()(const chat::MemberJoinedSignal& s) const {
    return "member_joined{room=" + optional_text(s.room) + " " + user(s.user) + " " +
           optional_members(s.members) + "}";
  }
  std::string operator()(const chat::MemberLeftSignal& s) const {
    return "member_left{room=" + optional_text(s.room) + " " + user(s.user) + " " +
           optional_members(s.members) + "}";
  }
  std::string operator()(const chat::MembersSignal& s) const {
    return "members{room=" + optional_text(s.room) + " " + members(s.members) + "}";
  }
  std::string operator()(const chat::PresenceSignal& s) const {
    return "presence{" + user(s.user) + " online=" + (s.online ? "true" : "false") + "}";
  }
  std::string operator()(const chat::ReceiptSignal& s) const {
    return "receipt{room=" + optional_text(s.room) + " " + (s.user ? user(*s.user) : "-") +
           " message_id=" + quoted(s.message_id) + " seq=" + optional_int(s.seq) + "}";
  }
  std::string operator()(const chat::ServerErrorSignal& s) const {
    return "error{room=" + optional_text(s.room) + " message=" + quoted(s.message) +
           " details=" + quoted(s.details) + "}";
  }
  std::string operator()(const chat::IgnoredSignal& /*s*/) const { return "ignored{}"; }
  std::string operator()(const chat::MessageUpdatedSignal& s) const {
    return "message_updated{room=" + optional_text(s.room) + " " + message(s.message) + "}";
  }
};

}  // namespace

std::string to_text(const Decoded& decoded) {
  if (const auto* signal = std::get_if<chat::Signal>(&decoded)) return std::visit(SignalText{}, *signal);
  if (const auto* malformed = std::get_if<MalformedEvent>(&decoded))
    return "malformed{" + quoted(malformed->message) + "}";
  return "unknown{}";
}

std::string to_text(const chat::Response& r) {
  return std::string("response{ok=") + (r.ok ? "true" : "false") + " error_code=" + quoted(r.error_code) +
         " error_message=" + quoted(r.error_message) + " message=" + (r.message ? message(*r.message) : "-") +
         " history=" + (r.history ? page(*r.history) : "-") + " members=" + optional_members(r.members) +
         " read_seq=" + optional_int(r.read_seq) + " rev=" + optional_int(r.rev) +
         " changes=" + (r.changes ? page(*r.changes) : "-") + "}";
}

}  // namespace chatwire::dialect
