#include "convergence_fuzz/convergence.h"

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "client_fuzz/property.h"

namespace chatwire::fuzz::convergence {
namespace {

using client_fuzz::skipped;

std::string reactions_text(const chat::Message& message) {
  std::string out;
  for (const chat::Reaction& reaction : message.reactions) {
    out += " [" + reaction.emoji;
    if (reaction.users.empty()) {
      out += " x" + std::to_string(reaction.count) + (reaction.mine ? " mine" : "");
    } else {
      for (const std::string& user : reaction.users) out += " " + user;
    }
    out += "]";
  }
  return out;
}

/// One line of a view: what a message shows, and how it is held.
std::string line(const chat::Message& m) {
  std::string out = "    " + (m.id.empty() ? "(" + m.client_id + ")" : m.id) + " #" +
                    std::to_string(m.seq.value_or(0)) + " " + m.author.name + " @" +
                    std::to_string(m.created_at_ms) + " v" + std::to_string(m.version);
  if (m.status != chat::MessageStatus::kSent) out += std::string(" ") + chat::to_string(m.status);
  if (m.pending_ops != 0) out += " ops:" + std::to_string(m.pending_ops);
  out += " " + printable(m.text);
  if (m.edited_at_ms != 0) out += " edited@" + std::to_string(m.edited_at_ms);
  if (m.deleted) out += " deleted";
  out += reactions_text(m);
  if (m.reply_to) {
    out += " reply-to " + m.reply_to->id + " " + m.reply_to->author.name + " " +
           printable(m.reply_to->excerpt) + (m.reply_to->deleted ? " deleted" : "");
  }
  return out + "\n";
}

std::string view(const std::string& name, const std::vector<chat::Message>& messages) {
  std::string out = "  " + name + ":\n";
  for (const chat::Message& message : messages) out += line(message);
  return out;
}

std::vector<chat::Message> shown(const Side& side) {
  std::vector<chat::Message> out;
  const chat::MessageStore& store = side.room().messages();
  for (std::size_t i = 0; i < store.size(); ++i) out.push_back(store.at(i));
  return out;
}

/// The server's reactions as `self` sees them: counts, and `mine`.
bool same_reactions(const chat::Message& shown, const chat::Message& stored, const chat::User& self) {
  return std::equal(shown.reactions.begin(), shown.reactions.end(), stored.reactions.begin(),
                    stored.reactions.end(), [&](const chat::Reaction& a, const chat::Reaction& b) {
                      const bool mine = std::find(b.users.begin(), b.users.end(), self.id) != b.users.end();
                      return a.emoji == b.emoji && a.count == b.users.size() && a.mine == mine;
                    });
}

/// `views` builds the three views, for a failure's message only.
void check_side(const Side& side, const std::vector<chat::Message>& server,
                const std::function<std::string()>& views, const char* when) {
  const std::string who = std::string(when) + ": " + side.label;
  const chat::Room& room = side.room();
  PROPERTY("joined", room.joined(),
           who + " is not in the room (" + chat::to_string(room.state()) + ")\n" + views());
  const std::vector<chat::Message> messages = shown(side);
  PROPERTY("count", messages.size() == server.size(),
           who + " shows " + std::to_string(messages.size()) + " messages, the server holds " +
               std::to_string(server.size()) + "\n" + views());
  for (std::size_t i = 0; i < server.size(); ++i) {
    const chat::Message& mine = messages[i];
    const chat::Message& stored = server[i];
    const auto at = [&](const char* what) {
      return who + "'s message " + std::to_string(i) + " differs from the server's " + stored.id +
             " in its " + what + "\n" + views();
    };
    PROPERTY("order", mine.id == stored.id && mine.seq == stored.seq, at("id or seq"));
    PROPERTY("pending", mine.status == chat::MessageStatus::kSent && mine.pending_ops == 0, at("status"));
    PROPERTY(
        "author",
        mine.author == stored.author && (stored.author != side.self() || mine.client_id == stored.client_id),
        at("author or client id"));
    PROPERTY("text", mine.text == stored.text, at("text"));
    PROPERTY("deleted", mine.deleted == stored.deleted, at("deleted flag"));
    PROPERTY("edited", mine.edited_at_ms == stored.edited_at_ms, at("edit time"));
    PROPERTY("reactions", same_reactions(mine, stored, side.self()), at("reactions"));
    PROPERTY("reply", mine.reply_to == stored.reply_to, at("reply preview"));
    PROPERTY("version", mine.version == stored.version, at("version"));
    PROPERTY("time", mine.created_at_ms == stored.created_at_ms, at("creation time"));
  }
}

}  // namespace

void check_converged(const TwoClients& clients, const char* when) {
  const std::vector<chat::Message> server = clients.ada().backend.messages(kRoom);
  const auto views = [&] {
    return view("server", server) + view("Ada", shown(clients.ada())) + view("Grace", shown(clients.grace()));
  };
  check_side(clients.ada(), server, views, when);
  check_side(clients.grace(), server, views, when);
}

}  // namespace chatwire::fuzz::convergence
