#include "convergence_fuzz/script.h"

#include <array>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "client_fuzz/script_input.h"
#include "client_fuzz/trace.h"
#include "fuzz_support.h"

namespace chatwire::fuzz::convergence {
namespace {

using client_fuzz::pick;
using client_fuzz::pick_from;

// Operation numbers: the seeds (convergence_fuzz_seeds.py) are written with them.
enum Op : std::size_t {
  kSend,
  kEdit,
  kDelete,
  kReact,
  kDeliver,
  kAdvance,
  kCut,
  kRestore,
  kSendOrder,
  kFault,
  kRelease,
  kRetry,
  kOpCount
};

/// Texts a user writes: short ones, non-ASCII, and one past the 100 code
/// points a reply's preview keeps.
constexpr std::array<std::string_view, 5> kTexts = {
    "hello", "hi", "same here", "h\xc3\xa9llo \xf0\x9f\x98\x80",
    "\xc3\xa9"
    "123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"
    "0123456789"};
/// A small set, so that both users often pick the same one.
constexpr std::array<std::string_view, 3> kEmoji = {"\xf0\x9f\x91\x8d", "\xe2\x9d\xa4\xef\xb8\x8f",
                                                    "\xf0\x9f\x98\x80"};
/// The requests whose answers a fault applies to.
constexpr std::array<std::string_view, 6> kFaultEvents = {"send",  "edit", "delete",
                                                          "react", "join", "changes"};
constexpr std::array<std::int64_t, 4> kScales = {50, 1'000, 5'000, 20'000};
/// Within one join page (50) and far within the clients' windows: each
/// client holds the whole room, so each must show all of it.
constexpr std::size_t kMaxSends = 40;

/// The name a command takes for `message`: its server id, or the client id
/// of the user's send not confirmed yet.
std::string ref(const chat::Message& message) { return message.id.empty() ? message.client_id : message.id; }

template <class T>
std::string outcome(const Result<T, chat::CommandError>& result) {
  if (!result) return chat::to_string(result.error());
  if constexpr (std::is_same_v<T, bool>) {
    return "ok";
  } else {
    return result.value();
  }
}

}  // namespace

void Script::run() {
  while (in_.remaining_bytes() > 0) {
    step();
    clients_.trace_wire();
  }
}

void Script::step() {
  const std::size_t op = pick(in_, kOpCount);
  Side& side = clients_.side(in_.ConsumeBool());
  switch (op) {
    case kSend:
      return send(side);
    case kEdit:
      return edit(side);
    case kDelete:
      return remove(side);
    case kReact:
      return react(side);
    case kRetry:
      return retry(side);
    case kFault:
      return fault(side);
    case kDeliver:
      traced(side, "is delivered to");
      return clients_.deliver(side);
    case kAdvance: {
      const std::int64_t ms = in_.ConsumeIntegralInRange<std::int64_t>(0, pick_from(in_, kScales));
      client_fuzz::trace(clients_.now(), "time passes: " + std::to_string(ms) + " ms");
      return clients_.advance(ms);
    }
    case kCut:
      traced(side, "loses the network");
      return clients_.cut(side);
    case kRestore:
      traced(side, "has the network again");
      return clients_.restore(side);
    case kSendOrder: {
      auto& order = side.backend.send_order;
      order = order == testing::SendOrder::kEchoBeforeAck ? testing::SendOrder::kAckBeforeEcho
                                                          : testing::SendOrder::kEchoBeforeAck;
      traced(side, order == testing::SendOrder::kEchoBeforeAck ? "gets echoes before acks"
                                                               : "gets acks before echoes");
      return;
    }
    case kRelease: {
      const std::size_t sent = side.backend.release_held_acks();
      side.backend.clear_faults();
      return traced(side, "'s server catches up: " + std::to_string(sent) + " held acks sent");
    }
    default:
      return;
  }
}

void Script::send(Side& side) {
  const std::string_view text = pick_from(in_, kTexts);
  const chat::Message* parent =
      in_.ConsumeBool() ? choose(side, [](const chat::Message& m) { return !m.id.empty(); }) : nullptr;
  if (++sends_ > kMaxSends) return;
  const std::string reply_to = parent != nullptr ? parent->id : std::string();
  const auto sent = side.pair.client.send(clients_.now(), kRoom, text, {}, reply_to);
  traced(side, "sends " + printable(text) + (parent != nullptr ? " replying to " + reply_to : "") + ": " +
                   outcome(sent));
}

void Script::edit(Side& side) {
  const chat::Message* target = choose(side, [&](const chat::Message& m) { return m.author == side.self(); });
  const std::string_view text = pick_from(in_, kTexts);
  if (target == nullptr) return;
  const std::string name = ref(*target);
  const auto edited = side.pair.client.edit(clients_.now(), kRoom, name, text);
  traced(side, "edits " + name + " to " + printable(text) + ": " + outcome(edited));
}

void Script::remove(Side& side) {
  const chat::Message* target = choose(side, [&](const chat::Message& m) { return m.author == side.self(); });
  if (target == nullptr) return;
  const std::string name = ref(*target);
  const auto removed = side.pair.client.remove(clients_.now(), kRoom, name);
  traced(side, "deletes " + name + ": " + outcome(removed));
}

void Script::react(Side& side) {
  const chat::Message* target = choose(side, [](const chat::Message&) { return true; });
  const std::string_view emoji = pick_from(in_, kEmoji);
  const bool on = in_.ConsumeBool();
  if (target == nullptr) return;
  const std::string name = ref(*target);
  const auto reacted = side.pair.client.react(clients_.now(), kRoom, name, emoji, on);
  traced(side,
         std::string(on ? "sets " : "unsets ") + printable(emoji) + " on " + name + ": " + outcome(reacted));
}

void Script::retry(Side& side) {
  const chat::Message* failed =
      choose(side, [](const chat::Message& m) { return m.status == chat::MessageStatus::kFailed; });
  if (failed == nullptr) return;
  const chat::ClientId id = failed->client_id;
  traced(side, "retries " + id + ": " + outcome(side.pair.client.retry(clients_.now(), id)));
}

void Script::fault(Side& side) {
  const std::size_t kind = pick(in_, 3);
  const std::string event(pick_from(in_, kFaultEvents));
  testing::NativeBackend& server = side.backend;
  if (kind == 0) {
    server.hold_acks_for(event);  // a slow server: answered later, as things were then
    traced(side, "'s acks for " + event + " are held back");
  } else if (kind == 1) {
    server.drop_acks_for(event);  // handled, but the answer is lost
    traced(side, "'s acks for " + event + " are lost");
  } else {
    server.ignore(event);  // lost before the server handled it
    traced(side, "'s " + event + " requests are lost");
  }
}

const chat::Message* Script::choose(const Side& side, const std::function<bool(const chat::Message&)>& fits) {
  const std::uint8_t choice = in_.ConsumeIntegral<std::uint8_t>();
  std::vector<const chat::Message*> candidates;
  const chat::MessageStore& store = side.room().messages();
  for (std::size_t i = 0; i < store.size(); ++i) {
    if (fits(store.at(i))) candidates.push_back(&store.at(i));
  }
  return candidates.empty() ? nullptr : candidates[choice % candidates.size()];
}

void Script::traced(const Side& side, const std::string& line) const {
  if (!client_fuzz::tracing()) return;
  client_fuzz::trace(clients_.now(), std::string(side.label) + (line.starts_with("'") ? "" : " ") + line);
}

}  // namespace chatwire::fuzz::convergence
