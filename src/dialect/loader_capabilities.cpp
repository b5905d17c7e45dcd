// Across the sections, once all are loaded (docs/dialects.md,
// "Capabilities"): a request confirmed by an event needs an event that can
// confirm it, and the capabilities that take more than one key to know.
#include <cstddef>
#include <string>

#include "chat/capabilities.h"
#include "chat/signals.h"
#include "dialect/loader_sections.h"
#include "dialect/spec.h"

namespace chatwire::dialect::loader {

namespace {

bool has_event(const Dialect::Spec& spec, SignalKind kind, bool confirming_join) {
  for (const auto& [name, event] : spec.events) {
    if (event.kind == kind && (!confirming_join || event.confirms_join)) return true;
  }
  return false;
}

Confirmation confirm_of(const Dialect::Spec& spec, chat::Operation op) {
  const auto& request = spec.requests[static_cast<std::size_t>(op)];
  return request ? request->confirm : Confirmation::kNone;
}

}  // namespace

bool check_confirmations(DocumentLoad& load) {
  using chat::Operation;
  const Dialect::Spec& spec = load.spec;
  const bool join_by_event = confirm_of(spec, Operation::kJoin) == Confirmation::kEvent;
  for (const auto& [name, event] : spec.events) {
    if (event.confirms_join && !join_by_event) {
      return load.checks.fail(join_path(join_path("events", name), "confirms_join"),
                              "requests.join.confirm must be \"event\" for an event to confirm joins");
    }
  }
  if (join_by_event && !has_event(spec, SignalKind::kHistory, true)) {
    return load.checks.fail("requests.join.confirm",
                            "no event confirms a join: mark a history event \"confirms_join\"");
  }
  const struct {
    Operation op;
    SignalKind kind;
    const char* path;
  } kNeeds[] = {{Operation::kSend, SignalKind::kMessage, "requests.send.confirm"},
                {Operation::kHistory, SignalKind::kHistory, "requests.history.confirm"},
                {Operation::kMembers, SignalKind::kMembers, "requests.members.confirm"}};
  for (const auto& need : kNeeds) {
    if (confirm_of(spec, need.op) == Confirmation::kEvent && !has_event(spec, need.kind, false)) {
      return load.checks.fail(need.path, "no event has the signal \"" + std::string(signal_name(need.kind)) +
                                             "\" that would confirm it");
    }
  }
  return true;
}

void derive_capabilities(DocumentLoad& load) {
  using chat::Operation;
  Dialect::Spec& spec = load.spec;
  Capabilities& caps = spec.capabilities;
  for (std::size_t i = 0; i < chat::kOperationCount; ++i) caps.supports[i] = spec.requests[i].has_value();
  caps.join_confirmation = confirm_of(spec, Operation::kJoin);
  if (spec.requests[static_cast<std::size_t>(Operation::kSend)]) {
    caps.send_confirmation = confirm_of(spec, Operation::kSend);
  }
  caps.history_since = load.join_has_since && load.history_has_after;
  caps.has_seq = spec.message_shape && (*spec.message_shape)[Field::kSeq].has_value();
  caps.identifies_users_by_name = load.user_key_is_name;
  caps.reports_members = caps.has(Operation::kMembers) || has_event(spec, SignalKind::kMemberJoined, false) ||
                         has_event(spec, SignalKind::kMemberLeft, false) ||
                         has_event(spec, SignalKind::kMembers, false);
  caps.room_implied_by_last_join = load.room_implied;
  caps.changes_since = load.join_has_since && load.join_has_since_rev && caps.has(Operation::kChanges);
}

}  // namespace chatwire::dialect::loader
