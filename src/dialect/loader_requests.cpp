// "requests" (docs/dialects.md, "Requests" and "Payload templates"): per
// operation, the event to emit, its payload template and what confirms it,
// and the capabilities a request's own keys and placeholders say.
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chat/signals.h"
#include "dialect/loader_sections.h"
#include "dialect/spec.h"
#include "dialect/template.h"
#include "util/json.h"

namespace chatwire::dialect::loader {

namespace {

// A path inside a payload template ("show_id", "[0]", "") below the payload's own path.
std::string template_path(const std::string& payload, const std::string& below) {
  return below.empty() || below.front() == '[' ? payload + below : payload + "." + below;
}

std::optional<chat::Operation> operation_from_name(std::string_view name) {
  for (std::size_t i = 0; i < chat::kOperationCount; ++i) {
    const auto op = static_cast<chat::Operation>(i);
    if (name == chat::to_string(op)) return op;
  }
  return std::nullopt;
}

bool uses(const std::vector<PlaceholderUse>& found, Placeholder placeholder) {
  for (const PlaceholderUse& use : found) {
    if (use.placeholder == placeholder) return true;
  }
  return false;
}

// What a request of `op` cannot do without: the message it changes, and
// what the change is (an edit's text, a reaction's emoji and whether it is
// set), or where the changes resume. Other placeholders are the backend's
// choice. Constant lists, not a vector built per call: a vector of
// Placeholder would be one more instantiation of vector's code in the module.
std::span<const Placeholder> needed_placeholders(chat::Operation op) {
  using chat::Operation;
  static constexpr Placeholder kEdit[] = {Placeholder::kMessageId, Placeholder::kText};
  static constexpr Placeholder kDelete[] = {Placeholder::kMessageId};
  static constexpr Placeholder kReact[] = {Placeholder::kMessageId, Placeholder::kEmoji, Placeholder::kOn};
  static constexpr Placeholder kChanges[] = {Placeholder::kAfterRev};
  switch (op) {
    case Operation::kEdit: return kEdit;
    case Operation::kDelete: return kDelete;
    case Operation::kReact: return kReact;
    case Operation::kChanges: return kChanges;
    default: return {};
  }
}

std::optional<Placeholder> missing_placeholder(chat::Operation op, const std::vector<PlaceholderUse>& found) {
  for (const Placeholder placeholder : needed_placeholders(op)) {
    if (!uses(found, placeholder)) return placeholder;
  }
  return std::nullopt;
}

bool load_request(DocumentLoad& load, const Json& value, const std::string& path, chat::Operation op) {
  using chat::Operation;
  DocumentChecks& checks = load.checks;
  if (!checks.object_at(&value, path)) return false;
  std::initializer_list<std::string_view> keys = {"event", "payload", "confirm", "comment"};
  std::initializer_list<std::string_view> send_keys = {"event", "payload", "confirm", "comment",
                                                       "idempotent"};
  std::initializer_list<std::string_view> history_keys = {"event", "payload", "confirm", "comment",
                                                          "after_join"};
  std::initializer_list<std::string_view> read_keys = {"event", "payload", "confirm", "comment",
                                                       "per_message"};
  if (!checks.only_keys(value, path,
                        op == Operation::kSend       ? send_keys
                        : op == Operation::kHistory  ? history_keys
                        : op == Operation::kMarkRead ? read_keys
                                                     : keys) ||
      !checks.comment(value, path)) {
    return false;
  }
  RequestSpec request;
  const Json* event = json_util::find(value, "event");
  if (event == nullptr || !event->is_string() || event->get_ref<const std::string&>().empty()) {
    return checks.fail(join_path(path, "event"), "is required: the event name to emit");
  }
  request.event = event->get<std::string>();
  if (is_reserved_event(request.event)) {
    return checks.fail(join_path(path, "event"), "is a name socket.io reserves");
  }

  std::vector<PlaceholderUse> found;
  if (const Json* payload = json_util::find(value, "payload")) {
    const std::string payload_path = join_path(path, "payload");
    auto scanned = scan_template(*payload);
    if (!scanned) {
      return checks.fail(template_path(payload_path, scanned.error().field), scanned.error().message);
    }
    found = std::move(*scanned);
    for (const PlaceholderUse& use : found) {
      if (!meaningful_for(use.placeholder, op)) {
        return checks.fail(
            template_path(payload_path, use.field),
            placeholder_text(use.placeholder) + " has no value in a " + chat::to_string(op) + " request");
      }
    }
    request.payload = *payload;
  }
  request.uses_room = uses(found, Placeholder::kRoom);

  const Json* confirm = json_util::find(value, "confirm");
  if (confirm == nullptr)
    return checks.fail(join_path(path, "confirm"), "is required: \"ack\", \"event\" or \"none\"");
  const std::optional<std::size_t> how = checks.choice(value, path, "confirm", {"ack", "event", "none"}, 0);
  if (!how) return false;
  request.confirm = *how == 0 ? Confirmation::kAck : *how == 1 ? Confirmation::kEvent : Confirmation::kNone;
  const bool event_can_confirm = op == Operation::kJoin || op == Operation::kSend ||
                                 op == Operation::kHistory || op == Operation::kMembers;
  if (request.confirm == Confirmation::kEvent && !event_can_confirm) {
    return checks.fail(join_path(path, "confirm"), std::string("no server event can confirm a ") +
                                                       chat::to_string(op) + ": use \"ack\" or \"none\"");
  }

  // The chat model learns the state of a changed message from the ack
  // (edit, delete, react), and pages changes by theirs.
  if ((chat::changes_message(op) || op == Operation::kChanges) && request.confirm != Confirmation::kAck) {
    return checks.fail(join_path(path, "confirm"),
                       std::string("every ") + chat::to_string(op) + " is confirmed by its ack: use \"ack\"");
  }
  if (const std::optional<Placeholder> missing = missing_placeholder(op, found)) {
    return checks.fail(join_path(path, "payload"), placeholder_text(*missing) + " is missing: every " +
                                                       chat::to_string(op) + " request needs it");
  }

  Capabilities& caps = load.spec.capabilities;
  const std::optional<bool> idempotent = checks.optional_bool(value, path, "idempotent");
  const std::optional<bool> after_join = checks.optional_bool(value, path, "after_join");
  const std::optional<bool> per_message = checks.optional_bool(value, path, "per_message");
  if (!idempotent || !after_join || !per_message) return false;
  if (*idempotent && !uses(found, Placeholder::kClientId)) {
    return checks.fail(join_path(path, "idempotent"), "an idempotent send needs {client_id} in its payload");
  }
  if (op == Operation::kSend) caps.idempotent_send = *idempotent;
  if (op == Operation::kHistory) {
    caps.history_after_join = *after_join;
    caps.history_before = uses(found, Placeholder::kBefore);
    // A window around a message that could not page newer would never reach the newest.
    caps.history_around = uses(found, Placeholder::kAround) && uses(found, Placeholder::kAfter);
  }
  if (op == Operation::kMarkRead) caps.read_receipt_per_message = *per_message;
  if (op == Operation::kJoin) load.join_has_since = uses(found, Placeholder::kSince);
  if (op == Operation::kJoin) load.join_has_since_rev = uses(found, Placeholder::kSinceRev);
  if (op == Operation::kSend) caps.replies = uses(found, Placeholder::kReplyTo);
  if (op == Operation::kHistory) load.history_has_after = uses(found, Placeholder::kAfter);
  if ((op == Operation::kSend || op == Operation::kTypingStart) && !uses(found, Placeholder::kRoom)) {
    load.room_implied = true;
  }
  load.spec.requests[static_cast<std::size_t>(op)] = std::move(request);
  return true;
}

}  // namespace

bool load_requests(DocumentLoad& load, const Json& requests) {
  for (const auto& [key, value] : requests.items()) {
    const std::string path = join_path("requests", key);
    const std::optional<chat::Operation> op = operation_from_name(key);
    if (!op) {
      return load.checks.fail(path, "is not an operation (expected one of: " +
                                        quoted_list({"join", "leave", "send", "typing_start", "typing_stop",
                                                     "mark_read", "history", "members", "edit", "delete",
                                                     "react", "changes"}) +
                                        ")");
    }
    if (!load_request(load, value, path, *op)) return false;
  }
  return true;
}

}  // namespace chatwire::dialect::loader
