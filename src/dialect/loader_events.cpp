// "events" (docs/dialects.md, "Events"): per server event name, the signal
// it becomes and the fields and filter it is read with.
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "dialect/loader_sections.h"
#include "dialect/spec.h"
#include "util/json.h"

namespace chatwire::dialect::loader {

namespace {

std::optional<EventSpec> load_event(DocumentLoad& load, const Json& value, const std::string& path) {
  DocumentChecks& checks = load.checks;
  if (!checks.object_at(&value, path)) return std::nullopt;
  const Json* signal = json_util::find(value, "signal");
  const std::optional<SignalKind> kind = signal != nullptr && signal->is_string()
                                             ? signal_from_name(signal->get_ref<const std::string&>())
                                             : std::nullopt;
  if (!kind) {
    checks.fail(
        join_path(path, "signal"),
        "is required: one of " + quoted_list({"message", "history", "typing", "member_joined", "member_left",
                                              "members", "presence", "receipt", "error", "ignore",
                                              "message_updated"}));
    return std::nullopt;
  }
  std::initializer_list<std::string_view> keys = {"signal", "fields", "filter", "comment"};
  std::initializer_list<std::string_view> history_keys = {"signal", "fields", "filter", "comment",
                                                          "confirms_join"};
  if (!checks.only_keys(value, path, *kind == SignalKind::kHistory ? history_keys : keys) ||
      !checks.comment(value, path)) {
    return std::nullopt;
  }
  EventSpec event;
  event.kind = *kind;
  const std::string fields_path = join_path(path, "fields");
  if (!load_fields(load, json_util::find(value, "fields"), fields_path, signal_rules(*kind),
                   event.shape.fields) ||
      !load_filters(load, json_util::find(value, "filter"), join_path(path, "filter"), event.shape.filters)) {
    return std::nullopt;
  }
  const std::optional<bool> confirms_join = checks.optional_bool(value, path, "confirms_join");
  if (!confirms_join) return std::nullopt;
  event.confirms_join = *confirms_join;
  if (*kind == SignalKind::kReceipt && !event.shape[Field::kMessageId] && !event.shape[Field::kSeq]) {
    checks.fail(fields_path, "a receipt signal needs \"message_id\" or \"seq\"");
    return std::nullopt;
  }
  const bool reads_message = *kind == SignalKind::kMessage || *kind == SignalKind::kMessageUpdated;
  if (reads_message && !event.shape[Field::kMessage] && !load.spec.message_shape) {
    checks.fail(fields_path, "a " + std::string(signal_name(*kind)) +
                                 " signal needs shapes.message, or a \"message\" field with an \"item\" shape");
    return std::nullopt;
  }
  return event;
}

}  // namespace

bool load_events(DocumentLoad& load, const Json& events) {
  for (const auto& [name, value] : events.items()) {
    const std::string path = join_path("events", name);
    if (name.empty()) return load.checks.fail(path, "an event name cannot be empty");
    if (is_reserved_event(name))
      return load.checks.fail(path, "is a name socket.io reserves: no server can send it");
    std::optional<EventSpec> event = load_event(load, value, path);
    if (!event) return false;
    load.spec.events.emplace(name, std::move(*event));
  }
  return true;
}

}  // namespace chatwire::dialect::loader
