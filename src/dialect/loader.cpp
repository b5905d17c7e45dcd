// Dialect::load: parses a dialect document, refuses anything it does not
// understand (naming the field), and derives the capabilities.
#include <initializer_list>
#include <utility>

#include "dialect/spec.h"
#include "dialect/template.h"

namespace chatwire::dialect {

using json_util::Json;

namespace {

constexpr std::size_t kMaxNameLength = 64;
constexpr std::int64_t kMaxTypingExpiresMs = 3'600'000;

// Event names socket.io reserves: a client cannot emit them and a server
// cannot send them as events.
constexpr std::string_view kReservedEvents[] = {"connect",       "connect_error", "disconnect",
                                                "disconnecting", "newListener",   "removeListener"};

std::string join_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

// A path inside a payload template ("show_id", "[0]", "") below the payload's own path.
std::string template_path(const std::string& payload, const std::string& below) {
  return below.empty() || below.front() == '[' ? payload + below : payload + "." + below;
}

std::string quoted_list(std::initializer_list<std::string_view> names) {
  std::string out;
  for (const std::string_view name : names) {
    if (!out.empty()) out += ", ";
    out += "\"" + std::string(name) + "\"";
  }
  return out;
}

std::string key_list(const FieldRules& rules) {
  std::string out;
  for (const FieldRule& rule : rules.rules) {
    if (!out.empty()) out += ", ";
    out += std::string(rule.key);
  }
  return out.empty() ? "none" : out;
}

bool is_reserved(std::string_view event) {
  for (const std::string_view reserved : kReservedEvents) {
    if (reserved == event) return true;
  }
  return false;
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

// Whether a constant `value` is acceptable for a field read as `type`.
bool constant_fits(const Json& value, ValueType type, EpochUnit unit) {
  switch (type) {
    case ValueType::kId:
      return read_id(value).has_value();
    case ValueType::kText:
      return value.is_string();
    case ValueType::kInt:
      return read_int(value).has_value();
    case ValueType::kBool:
      return value.is_boolean();
    case ValueType::kTimestamp:
      return read_timestamp_ms(value, unit).has_value();
    case ValueType::kMessage:
    case ValueType::kMessageList:
    case ValueType::kMemberList:
      return false;
  }
  return false;
}

// The reading plans of a loaded document (plan.h): once per load, so that
// reading a frame never walks the document's field specs again.
void compile_plans(Dialect::Spec& spec) {
  const Shape* message_shape = spec.message_shape ? &*spec.message_shape : nullptr;
  const Shape* member_shape = spec.member_shape ? &*spec.member_shape : nullptr;
  for (auto& [name, event] : spec.events) event.plan = plan::compile_event(event, message_shape, member_shape);
  if (spec.responses) spec.response_plan = plan::compile_response(*spec.responses, message_shape, member_shape);
}

// Builds a Spec from a document; the first problem found wins.
class Loader {
 public:
  Result<Dialect, DialectError> run(const Json& doc) {
    if (!doc.is_object()) return Failure{DialectError{"", "a dialect document must be a JSON object"}};
    auto spec = std::make_shared<Dialect::Spec>();
    spec_ = spec.get();
    load_document(doc);
    if (error_) return Failure{std::move(*error_)};
    compile_plans(*spec);
    return Dialect(std::move(spec));
  }

 private:
  Dialect::Spec* spec_ = nullptr;
  std::optional<DialectError> error_;
  bool user_key_is_name_ = false;

  bool fail(std::string field, std::string message) {
    if (!error_) error_ = DialectError{std::move(field), std::move(message)};
    return false;
  }

  // ---- generic checks

  bool only_keys(const Json& object, const std::string& path,
                 std::initializer_list<std::string_view> allowed) {
    for (const auto& [key, value] : object.items()) {
      bool known = false;
      for (const std::string_view name : allowed) known = known || name == key;
      if (!known)
        return fail(join_path(path, key), "unknown key (expected one of: " + quoted_list(allowed) + ")");
    }
    return true;
  }

  bool object_at(const Json* value, const std::string& path) {
    if (value != nullptr && value->is_object()) return true;
    return fail(path, value == nullptr ? "is required (an object)" : "must be an object");
  }

  std::optional<bool> optional_bool(const Json& object, const std::string& path, std::string_view key) {
    const Json* value = json_util::find(object, key);
    if (value == nullptr) return false;
    if (!value->is_boolean()) {
      fail(join_path(path, key), "must be true or false");
      return std::nullopt;
    }
    return value->get<bool>();
  }

  // A string from a fixed set; nullopt (after fail()) when it is something else.
  std::optional<std::size_t> choice(const Json& object, const std::string& path, std::string_view key,
                                    std::initializer_list<std::string_view> names, std::size_t fallback) {
    const Json* value = json_util::find(object, key);
    if (value == nullptr) return fallback;
    std::size_t index = 0;
    for (const std::string_view name : names) {
      if (value->is_string() && value->get_ref<const std::string&>() == name) return index;
      ++index;
    }
    fail(join_path(path, key), "must be one of " + quoted_list(names));
    return std::nullopt;
  }

  bool comment(const Json& object, const std::string& path) {
    const Json* value = json_util::find(object, "comment");
    if (value == nullptr || value->is_string()) return true;
    if (value->is_array()) {
      for (const Json& line : *value) {
        if (!line.is_string())
          return fail(join_path(path, "comment"), "must be a string or an array of strings");
      }
      return true;
    }
    return fail(join_path(path, "comment"), "must be a string or an array of strings");
  }

  std::optional<FieldPath> path_at(const Json& value, const std::string& path) {
    if (!value.is_string()) {
      fail(path, "must be a field path (a string such as \"author.id\")");
      return std::nullopt;
    }
    std::optional<FieldPath> parsed = parse_field_path(value.get_ref<const std::string&>());
    if (!parsed) {
      fail(path, "is not a field path: segments separated by single dots, at most " +
                     std::to_string(kMaxPathSegments) + " of them and " + std::to_string(kMaxPathLength) +
                     " characters");
    }
    return parsed;
  }

  // ---- the document

  void load_document(const Json& doc) {
    if (!only_keys(doc, "",
                   {"name", "version", "comment", "room_ids", "user_key", "epoch_unit", "typing", "requests",
                    "shapes", "events", "responses"}) ||
        !load_header(doc)) {
      return;
    }
    if (const Json* shapes = json_util::find(doc, "shapes")) {
      if (!load_shapes(*shapes)) return;
    }
    const Json* requests = json_util::find(doc, "requests");
    if (!object_at(requests, "requests") || !load_requests(*requests)) return;
    const Json* events = json_util::find(doc, "events");
    if (!object_at(events, "events") || !load_events(*events)) return;
    if (const Json* responses = json_util::find(doc, "responses")) {
      if (!load_responses(*responses)) return;
    }
    check_confirmations();
    derive_capabilities();
  }

  bool load_header(const Json& doc) {
    const Json* name = json_util::find(doc, "name");
    if (name == nullptr || !name->is_string() || name->get_ref<const std::string&>().empty() ||
        name->get_ref<const std::string&>().size() > kMaxNameLength) {
      return fail("name", "is required: a string of 1 to " + std::to_string(kMaxNameLength) + " characters");
    }
    spec_->name = name->get<std::string>();
    if (const Json* version = json_util::find(doc, "version")) {
      if (read_int(*version) != 1) return fail("version", "must be 1 (the only version of the format)");
    }
    if (!comment(doc, "")) return false;
    const std::optional<std::size_t> rooms = choice(doc, "", "room_ids", {"string", "number"}, 0);
    const std::optional<std::size_t> user_key = choice(doc, "", "user_key", {"id", "name"}, 0);
    const std::optional<std::size_t> unit = choice(doc, "", "epoch_unit", {"ms", "s"}, 0);
    if (!rooms || !user_key || !unit) return false;
    spec_->numeric_rooms = *rooms == 1;
    user_key_is_name_ = *user_key == 1;
    spec_->epoch_unit = *unit == 1 ? EpochUnit::kSeconds : EpochUnit::kMilliseconds;
    if (const Json* typing = json_util::find(doc, "typing")) {
      if (!object_at(typing, "typing") || !only_keys(*typing, "typing", {"expires_ms", "comment"}) ||
          !comment(*typing, "typing")) {
        return false;
      }
      if (const Json* expires = json_util::find(*typing, "expires_ms")) {
        const std::optional<std::int64_t> ms = read_int(*expires);
        if (!ms || *ms < 0 || *ms > kMaxTypingExpiresMs) {
          return fail("typing.expires_ms",
                      "must be an integer from 0 to " + std::to_string(kMaxTypingExpiresMs));
        }
        spec_->capabilities.typing_expires_ms = *ms;
      }
    }
    return true;
  }

  // ---- shapes and fields

  bool load_shapes(const Json& shapes) {
    if (!object_at(&shapes, "shapes") || !only_keys(shapes, "shapes", {"message", "member", "comment"}) ||
        !comment(shapes, "shapes")) {
      return false;
    }
    // The member shape first: a message shape cannot refer to it, but keep
    // the order fixed so errors are reported deterministically.
    if (const Json* member = json_util::find(shapes, "member")) {
      spec_->member_shape = load_shape(*member, "shapes.member", member_shape_rules());
      if (!spec_->member_shape) return false;
    }
    if (const Json* message = json_util::find(shapes, "message")) {
      spec_->message_shape = load_shape(*message, "shapes.message", message_shape_rules());
      if (!spec_->message_shape) return false;
    }
    return true;
  }

  std::optional<Shape> load_shape(const Json& value, const std::string& path, const FieldRules& rules) {
    if (!object_at(&value, path) || !only_keys(value, path, {"fields", "filter", "comment"}) ||
        !comment(value, path)) {
      return std::nullopt;
    }
    Shape shape;
    if (!load_fields(json_util::find(value, "fields"), join_path(path, "fields"), rules, shape.fields) ||
        !load_filters(json_util::find(value, "filter"), join_path(path, "filter"), shape.filters)) {
      return std::nullopt;
    }
    return shape;
  }

  bool load_filters(const Json* value, const std::string& path, std::vector<Filter>& filters) {
    if (value == nullptr) return true;
    if (!value->is_object())
      return fail(path, "must be an object of field paths and the values they must have");
    for (const auto& [key, equals] : value->items()) {
      std::optional<FieldPath> field = path_at(Json(key), join_path(path, key));
      if (!field) return false;
      filters.push_back({std::move(*field), equals});
    }
    return true;
  }

  // `fields` may be absent when the mapping needs none.
  bool load_fields(const Json* fields, const std::string& path, const FieldRules& rules, FieldMap& out) {
    if (fields != nullptr) {
      if (!fields->is_object()) return fail(path, "must be an object of semantic fields");
      for (const auto& [key, value] : fields->items()) {
        const FieldRule* rule = nullptr;
        for (const FieldRule& candidate : rules.rules) {
          if (candidate.key == key) rule = &candidate;
        }
        if (rule == nullptr) {
          return fail(join_path(path, key), "is not a field of " + std::string(rules.what) +
                                                " (expected: " + key_list(rules) + ")");
        }
        std::optional<FieldSpec> spec = load_field(value, join_path(path, key), *rule);
        if (!spec) return false;
        out[static_cast<std::size_t>(rule->field)] = std::move(spec);
      }
    }
    for (const FieldRule& rule : rules.rules) {
      if (rule.must_map && !out[static_cast<std::size_t>(rule.field)]) {
        return fail(join_path(path, rule.key), std::string(rules.what) + " needs this field");
      }
    }
    return true;
  }

  bool load_paths(const Json& value, const std::string& path, FieldSpec& spec) {
    if (value.is_array()) {
      if (value.empty()) return fail(path, "must list at least one field path");
      for (std::size_t i = 0; i < value.size(); ++i) {
        std::optional<FieldPath> one = path_at(value[i], path + "[" + std::to_string(i) + "]");
        if (!one) return false;
        spec.paths.push_back(std::move(*one));
      }
      return true;
    }
    std::optional<FieldPath> one = path_at(value, path);
    if (!one) return false;
    spec.paths.push_back(std::move(*one));
    return true;
  }

  std::optional<FieldSpec> load_field(const Json& value, const std::string& path, const FieldRule& rule) {
    const bool has_shape = rule.type == ValueType::kMessage || rule.type == ValueType::kMessageList ||
                           rule.type == ValueType::kMemberList;
    FieldSpec spec;
    if (value.is_string() || value.is_array()) {
      if (!load_paths(value, path, spec)) return std::nullopt;
    } else if (!value.is_object()) {
      fail(path, "must be a field path, a list of field paths, or an object with \"path\" or \"value\"");
      return std::nullopt;
    } else if (!load_field_object(value, path, rule, spec)) {
      return std::nullopt;
    }
    if (has_shape && !spec.item && !default_shape_for(rule.type)) {
      fail(path, rule.type == ValueType::kMemberList ? "needs shapes.member, or an \"item\" shape here"
                                                     : "needs shapes.message, or an \"item\" shape here");
      return std::nullopt;
    }
    return spec;
  }

  // The object form: {"path" | "value", "optional", "values", "item"}.
  bool load_field_object(const Json& value, const std::string& path, const FieldRule& rule, FieldSpec& spec) {
    const bool is_bool = rule.type == ValueType::kBool;
    const bool has_shape = rule.type == ValueType::kMessage || rule.type == ValueType::kMessageList ||
                           rule.type == ValueType::kMemberList;
    if (is_bool) {
      if (!only_keys(value, path, {"path", "value", "optional", "values", "comment"})) return false;
    } else if (has_shape) {
      if (!only_keys(value, path, {"path", "optional", "item", "comment"})) return false;
    } else if (!only_keys(value, path, {"path", "value", "optional", "comment"})) {
      return false;
    }
    if (!comment(value, path)) return false;
    const Json* paths = json_util::find(value, "path");
    const Json* constant = json_util::find(value, "value");
    if ((paths == nullptr) == (constant == nullptr)) {
      fail(path, has_shape ? "needs \"path\"" : "needs exactly one of \"path\" and \"value\"");
      return false;
    }
    if (paths != nullptr && !load_paths(*paths, join_path(path, "path"), spec)) return false;
    if (constant != nullptr) {
      if (!constant_fits(*constant, rule.type, spec_->epoch_unit)) {
        fail(join_path(path, "value"), "is not a valid constant for this field");
        return false;
      }
      spec.constant = *constant;
    }
    const std::optional<bool> optional = optional_bool(value, path, "optional");
    if (!optional) return false;
    spec.optional = *optional;
    if (const Json* values = json_util::find(value, "values")) {
      const std::string values_path = join_path(path, "values");
      if (!values->is_object() || values->empty()) {
        fail(values_path, "must map wire strings to true or false, e.g. {\"start\": true, \"stop\": false}");
        return false;
      }
      for (const auto& [wire, meaning] : values->items()) {
        if (!meaning.is_boolean()) {
          fail(join_path(values_path, wire), "must be true or false");
          return false;
        }
        spec.values.emplace_back(wire, meaning.get<bool>());
      }
      if (constant != nullptr) {
        fail(values_path, "has no use with a constant \"value\"");
        return false;
      }
    }
    if (const Json* item = json_util::find(value, "item")) {
      const bool members = rule.type == ValueType::kMemberList;
      std::optional<Shape> shape =
          load_shape(*item, join_path(path, "item"), members ? member_shape_rules() : message_shape_rules());
      if (!shape) return false;
      spec.item = std::make_shared<const Shape>(std::move(*shape));
    }
    return true;
  }

  [[nodiscard]] bool default_shape_for(ValueType type) const {
    return type == ValueType::kMemberList ? spec_->member_shape.has_value()
                                          : spec_->message_shape.has_value();
  }

  // ---- requests

  bool load_requests(const Json& requests) {
    for (const auto& [key, value] : requests.items()) {
      const std::string path = join_path("requests", key);
      const std::optional<chat::Operation> op = operation_from_name(key);
      if (!op) {
        return fail(path, "is not an operation (expected one of: " +
                              quoted_list({"join", "leave", "send", "typing_start", "typing_stop",
                                           "mark_read", "history", "members"}) +
                              ")");
      }
      if (!load_request(value, path, *op)) return false;
    }
    return true;
  }

  bool load_request(const Json& value, const std::string& path, chat::Operation op) {
    using chat::Operation;
    if (!object_at(&value, path)) return false;
    std::initializer_list<std::string_view> keys = {"event", "payload", "confirm", "comment"};
    std::initializer_list<std::string_view> send_keys = {"event", "payload", "confirm", "comment",
                                                         "idempotent"};
    std::initializer_list<std::string_view> history_keys = {"event", "payload", "confirm", "comment",
                                                            "after_join"};
    std::initializer_list<std::string_view> read_keys = {"event", "payload", "confirm", "comment",
                                                         "per_message"};
    if (!only_keys(value, path,
                   op == Operation::kSend       ? send_keys
                   : op == Operation::kHistory  ? history_keys
                   : op == Operation::kMarkRead ? read_keys
                                                : keys) ||
        !comment(value, path)) {
      return false;
    }
    RequestSpec request;
    const Json* event = json_util::find(value, "event");
    if (event == nullptr || !event->is_string() || event->get_ref<const std::string&>().empty()) {
      return fail(join_path(path, "event"), "is required: the event name to emit");
    }
    request.event = event->get<std::string>();
    if (is_reserved(request.event)) return fail(join_path(path, "event"), "is a name socket.io reserves");

    std::vector<PlaceholderUse> found;
    if (const Json* payload = json_util::find(value, "payload")) {
      const std::string payload_path = join_path(path, "payload");
      auto scanned = scan_template(*payload);
      if (!scanned) {
        return fail(template_path(payload_path, scanned.error().field), scanned.error().message);
      }
      found = std::move(*scanned);
      for (const PlaceholderUse& use : found) {
        if (!meaningful_for(use.placeholder, op)) {
          return fail(
              template_path(payload_path, use.field),
              placeholder_text(use.placeholder) + " has no value in a " + chat::to_string(op) + " request");
        }
      }
      request.payload = *payload;
    }
    request.uses_room = uses(found, Placeholder::kRoom);

    const Json* confirm = json_util::find(value, "confirm");
    if (confirm == nullptr)
      return fail(join_path(path, "confirm"), "is required: \"ack\", \"event\" or \"none\"");
    const std::optional<std::size_t> how = choice(value, path, "confirm", {"ack", "event", "none"}, 0);
    if (!how) return false;
    request.confirm = *how == 0 ? Confirmation::kAck : *how == 1 ? Confirmation::kEvent : Confirmation::kNone;
    const bool event_can_confirm = op == Operation::kJoin || op == Operation::kSend ||
                                   op == Operation::kHistory || op == Operation::kMembers;
    if (request.confirm == Confirmation::kEvent && !event_can_confirm) {
      return fail(join_path(path, "confirm"), std::string("no server event can confirm a ") +
                                                  chat::to_string(op) + ": use \"ack\" or \"none\"");
    }

    Capabilities& caps = spec_->capabilities;
    const std::optional<bool> idempotent = optional_bool(value, path, "idempotent");
    const std::optional<bool> after_join = optional_bool(value, path, "after_join");
    const std::optional<bool> per_message = optional_bool(value, path, "per_message");
    if (!idempotent || !after_join || !per_message) return false;
    if (*idempotent && !uses(found, Placeholder::kClientId)) {
      return fail(join_path(path, "idempotent"), "an idempotent send needs {client_id} in its payload");
    }
    if (op == Operation::kSend) caps.idempotent_send = *idempotent;
    if (op == Operation::kHistory) {
      caps.history_after_join = *after_join;
      caps.history_before = uses(found, Placeholder::kBefore);
    }
    if (op == Operation::kMarkRead) caps.read_receipt_per_message = *per_message;
    if (op == Operation::kJoin) join_has_since_ = uses(found, Placeholder::kSince);
    if (op == Operation::kHistory) history_has_after_ = uses(found, Placeholder::kAfter);
    if ((op == Operation::kSend || op == Operation::kTypingStart) && !uses(found, Placeholder::kRoom)) {
      room_implied_ = true;
    }
    spec_->requests[static_cast<std::size_t>(op)] = std::move(request);
    return true;
  }

  bool join_has_since_ = false;

  bool room_implied_ = false;  // send or typing names no room (flask-rooms)
  bool history_has_after_ = false;

  // ---- events and responses

  bool load_events(const Json& events) {
    for (const auto& [name, value] : events.items()) {
      const std::string path = join_path("events", name);
      if (name.empty()) return fail(path, "an event name cannot be empty");
      if (is_reserved(name)) return fail(path, "is a name socket.io reserves: no server can send it");
      std::optional<EventSpec> event = load_event(value, path);
      if (!event) return false;
      spec_->events.emplace(name, std::move(*event));
    }
    return true;
  }

  std::optional<EventSpec> load_event(const Json& value, const std::string& path) {
    if (!object_at(&value, path)) return std::nullopt;
    const Json* signal = json_util::find(value, "signal");
    const std::optional<SignalKind> kind = signal != nullptr && signal->is_string()
                                               ? signal_from_name(signal->get_ref<const std::string&>())
                                               : std::nullopt;
    if (!kind) {
      fail(join_path(path, "signal"),
           "is required: one of " +
               quoted_list({"message", "history", "typing", "member_joined", "member_left", "members",
                            "presence", "receipt", "error", "ignore"}));
      return std::nullopt;
    }
    std::initializer_list<std::string_view> keys = {"signal", "fields", "filter", "comment"};
    std::initializer_list<std::string_view> history_keys = {"signal", "fields", "filter", "comment",
                                                            "confirms_join"};
    if (!only_keys(value, path, *kind == SignalKind::kHistory ? history_keys : keys) ||
        !comment(value, path)) {
      return std::nullopt;
    }
    EventSpec event;
    event.kind = *kind;
    const std::string fields_path = join_path(path, "fields");
    if (!load_fields(json_util::find(value, "fields"), fields_path, signal_rules(*kind),
                     event.shape.fields) ||
        !load_filters(json_util::find(value, "filter"), join_path(path, "filter"), event.shape.filters)) {
      return std::nullopt;
    }
    const std::optional<bool> confirms_join = optional_bool(value, path, "confirms_join");
    if (!confirms_join) return std::nullopt;
    event.confirms_join = *confirms_join;
    if (*kind == SignalKind::kReceipt && !event.shape[Field::kMessageId] && !event.shape[Field::kSeq]) {
      fail(fields_path, "a receipt signal needs \"message_id\" or \"seq\"");
      return std::nullopt;
    }
    if (*kind == SignalKind::kMessage && !event.shape[Field::kMessage] && !spec_->message_shape) {
      fail(fields_path,
           "a message signal needs shapes.message, or a \"message\" field with an \"item\" shape");
      return std::nullopt;
    }
    return event;
  }

  bool load_responses(const Json& value) {
    if (!object_at(&value, "responses") || !only_keys(value, "responses", {"fields", "comment"}) ||
        !comment(value, "responses")) {
      return false;
    }
    Shape shape;
    if (!load_fields(json_util::find(value, "fields"), "responses.fields", response_rules(), shape.fields)) {
      return false;
    }
    spec_->responses = std::move(shape);
    return true;
  }

  // ---- consistency between requests and events

  [[nodiscard]] bool has_event(SignalKind kind, bool confirming_join) const {
    for (const auto& [name, event] : spec_->events) {
      if (event.kind == kind && (!confirming_join || event.confirms_join)) return true;
    }
    return false;
  }

  [[nodiscard]] Confirmation confirm_of(chat::Operation op) const {
    const auto& request = spec_->requests[static_cast<std::size_t>(op)];
    return request ? request->confirm : Confirmation::kNone;
  }

  bool check_confirmations() {
    using chat::Operation;
    const bool join_by_event = confirm_of(Operation::kJoin) == Confirmation::kEvent;
    for (const auto& [name, event] : spec_->events) {
      if (event.confirms_join && !join_by_event) {
        return fail(join_path(join_path("events", name), "confirms_join"),
                    "requests.join.confirm must be \"event\" for an event to confirm joins");
      }
    }
    if (join_by_event && !has_event(SignalKind::kHistory, true)) {
      return fail("requests.join.confirm",
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
      if (confirm_of(need.op) == Confirmation::kEvent && !has_event(need.kind, false)) {
        return fail(need.path, "no event has the signal \"" + std::string(signal_name(need.kind)) +
                                   "\" that would confirm it");
      }
    }
    return true;
  }

  void derive_capabilities() {
    using chat::Operation;
    if (error_) return;
    Capabilities& caps = spec_->capabilities;
    for (std::size_t i = 0; i < chat::kOperationCount; ++i) caps.supports[i] = spec_->requests[i].has_value();
    caps.join_confirmation = confirm_of(Operation::kJoin);
    if (spec_->requests[static_cast<std::size_t>(Operation::kSend)]) {
      caps.send_confirmation = confirm_of(Operation::kSend);
    }
    caps.history_since = join_has_since_ && history_has_after_;
    caps.has_seq = spec_->message_shape && (*spec_->message_shape)[Field::kSeq].has_value();
    caps.identifies_users_by_name = user_key_is_name_;
    caps.reports_members = caps.has(Operation::kMembers) || has_event(SignalKind::kMemberJoined, false) ||
                           has_event(SignalKind::kMemberLeft, false) || has_event(SignalKind::kMembers, false);
    caps.room_implied_by_last_join = room_implied_;
  }
};

}  // namespace

Result<Dialect, DialectError> Dialect::load(const Json& document) { return Loader().run(document); }

Result<Dialect, DialectError> Dialect::load(std::string_view json_text) {
  json_util::ParseOutcome parsed = json_util::parse(json_text);
  if (!parsed.value) {
    if (parsed.failure == json_util::ParseFailure::kTooDeep) {
      return Failure{DialectError{
          "", "the document nests deeper than " + std::to_string(json_util::kDefaultMaxDepth) + " levels"}};
    }
    return Failure{
        DialectError{"", "not valid JSON (error at byte " + std::to_string(parsed.error_offset) + ")"}};
  }
  return load(*parsed.value);
}

}  // namespace chatwire::dialect
