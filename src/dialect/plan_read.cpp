// Dialect::read_event and Dialect::read_response: what decode.cpp does on a
// DOM, done on the values a SAX pass kept (plan_capture.h). The mapping is
// payload_reader.h's, shared with decode.cpp; this file supplies its Source
// (the lookups and conversions on captured values, with the same results as
// field_path.cpp's on a DOM) and reads list elements as they end.
#include <utility>

#include "dialect/payload_reader.h"
#include "dialect/plan_capture.h"

namespace chatwire::dialect {

using chat::Member;
using chat::Message;
using json_util::Json;
using plan::Captured;
using plan::Instance;
using plan::ScopePlan;

namespace {

using Kind = Captured::Kind;

// A value in a capture: a node of a scope instance.
struct Ref {
  Instance* instance = nullptr;  // not const: a list's messages are moved out of it
  std::uint32_t node = 0;

  [[nodiscard]] const Captured& value() const { return instance->values[node]; }
  [[nodiscard]] bool is_object() const { return value().kind == Kind::kObject; }
  [[nodiscard]] bool is_array() const { return value().kind == Kind::kArray; }
};

// field_path.cpp's lookup(): absent and null are both "no value".
std::optional<Ref> lookup_captured(Ref base, const FieldPath& path) {
  const std::uint32_t node = base.instance->plan->find(base.node, path);
  if (node == ScopePlan::kNone) return std::nullopt;  // not in the plan: never looked at
  const Kind kind = base.instance->values[node].kind;
  if (kind == Kind::kAbsent || kind == Kind::kNull) return std::nullopt;
  return Ref{base.instance, node};
}

// The conversions of field_path.cpp, on a captured value.
std::optional<std::string> read_id(const Captured& value) {
  if (value.kind == Kind::kString) return value.text;
  if (value.kind == Kind::kUnsigned) return std::to_string(value.unsigned_integer);
  if (value.kind == Kind::kInt) return std::to_string(value.integer);
  return std::nullopt;
}
std::optional<std::string> read_text(const Captured& value) {
  if (value.kind != Kind::kString) return std::nullopt;
  return value.text;
}
std::optional<std::int64_t> read_int(const Captured& value) {
  if (value.kind == Kind::kUnsigned) {
    if (value.unsigned_integer > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<std::int64_t>(value.unsigned_integer);
  }
  if (value.kind == Kind::kInt) return value.integer;
  return std::nullopt;
}
std::optional<bool> read_bool(const Captured& value) {
  if (value.kind != Kind::kBool) return std::nullopt;
  return value.boolean;
}
std::optional<std::int64_t> read_timestamp_ms(const Captured& value, EpochUnit unit) {
  if (value.kind == Kind::kString) return parse_iso8601_ms(value.text);
  if (value.kind == Kind::kFloat) return epoch_to_ms(value.floating, unit);
  if (const std::optional<std::int64_t> count = read_int(value)) return epoch_to_ms(*count, unit);
  return std::nullopt;
}

// nlohmann's operator== between the captured value and a filter's value.
bool equals(const Captured& value, const Json& expected) {
  switch (value.kind) {
    case Kind::kAbsent:
    case Kind::kNull:
      return expected.is_null();
    case Kind::kBool:
      return expected == Json(value.boolean);
    case Kind::kInt:
      return expected == Json(value.integer);
    case Kind::kUnsigned:
      return expected == Json(value.unsigned_integer);
    case Kind::kFloat:
      return expected == Json(value.floating);
    case Kind::kString:
      return expected.is_string() && expected.get_ref<const std::string&>() == value.text;
    case Kind::kObject:
    case Kind::kArray:
      return value.tree != nullptr && *value.tree == expected;
  }
  return false;
}

bool passes(Ref value, const std::vector<Filter>& filters) {
  for (const Filter& filter : filters) {
    const std::optional<Ref> found = lookup_captured(value, filter.path);
    if (!found || !equals(found->value(), filter.equals)) return false;
  }
  return true;
}

// The payload as captured: a value is a node of a scope instance.
struct CapturedSource {
  using Value = Ref;
  using Reader = PayloadReader<CapturedSource>;

  static std::optional<Value> lookup(Value base, const FieldPath& path) { return lookup_captured(base, path); }
  static bool is_object(Value value) { return value.is_object(); }
  static bool is_array(Value value) { return value.is_array(); }
  static std::optional<std::string> id(Value value) { return read_id(value.value()); }
  static std::optional<std::string> text(Value value) { return read_text(value.value()); }
  static std::optional<std::int64_t> integer(Value value) { return read_int(value.value()); }
  static std::optional<std::int64_t> timestamp(Value value, EpochUnit unit) {
    return read_timestamp_ms(value.value(), unit);
  }
  static std::optional<bool> boolean(Value value) { return read_bool(value.value()); }
  // Kept whole (plan.cpp marks a reactions path keep_tree): read as the DOM reads it.
  static std::optional<std::vector<chat::Reaction>> reactions(Value value) {
    const std::shared_ptr<json_util::Json>& tree = value.value().tree;
    if (tree == nullptr) return std::nullopt;
    return read_reactions(*tree);
  }
  static bool is_string(Value value, const std::string& text) {
    return value.value().kind == Kind::kString && value.value().text == text;
  }
  static bool passes(Value value, const std::vector<Filter>& filters) { return dialect::passes(value, filters); }

  // The elements were read as they ended (Items below); a list is read once
  // per capture, so they can be moved out.
  static std::optional<std::vector<Message>> messages(Reader& reader, Value list, const Shape& shape,
                                                      const std::string& /*where*/) {
    plan::ListState* state = list_state(list, false, shape);
    if (state == nullptr) return std::vector<Message>{};
    std::vector<Message> out;
    out.reserve(state->messages.size());
    for (plan::MessageItem& item : state->messages) {
      if (const auto* failure = std::get_if<std::string>(&item)) {
        reader.fail(*failure);
        return std::nullopt;
      }
      if (auto* message = std::get_if<Message>(&item)) out.push_back(std::move(*message));
    }
    return out;
  }

  static std::optional<std::vector<Member>> members(Reader& reader, Value list, const Shape& shape,
                                                    const std::string& /*where*/) {
    plan::ListState* state = list_state(list, true, shape);
    if (state == nullptr) return std::vector<Member>{};
    if (state->failure) {
      reader.fail(*state->failure);
      return std::nullopt;
    }
    return std::move(state->members);
  }

  // The list state a ListReader filled for `list` (a node of the plan).
  static plan::ListState* list_state(Ref list, bool members, const Shape& shape) {
    const plan::Node& node = list.instance->plan->nodes[list.node];
    for (std::size_t k = 0; k < node.lists.size(); ++k) {
      if (node.lists[k].members == members && node.lists[k].shape == &shape) {
        return &list.instance->lists[node.first_list + k];
      }
    }
    return nullptr;  // not compiled: cannot happen for a field of the spec
  }
};
using Reader = CapturedSource::Reader;

// List elements as they end: what JsonSource's list loops do per element.
class Items final : public plan::ItemSink {
 public:
  explicit Items(const Dialect::Spec& spec) : spec_(spec) {}

  [[nodiscard]] plan::MessageItem message(const plan::ListReader& reader, Instance& item,
                                          std::size_t index) const override {
    const Ref value{&item, 0};
    if (value.is_object() && !passes(value, reader.shape->filters)) return std::monostate{};
    Reader fields(spec_, "");
    std::optional<Message> message =
        fields.message(value, *reader.shape, reader.where + "." + std::to_string(index));
    if (!message) return fields.failure();
    return std::move(*message);
  }

  void member(const plan::ListReader& reader, Instance& item, std::size_t index,
              plan::ListState& state) const override {
    Reader fields(spec_, "");
    std::optional<Member> member =
        fields.member(Ref{&item, 0}, *reader.shape, reader.where + "." + std::to_string(index));
    if (fields.failed()) {
      state.failure = fields.failure();
      return;
    }
    if (member && state.seen.insert(member->user.id).second) state.members.push_back(std::move(*member));
  }

 private:
  const Dialect::Spec& spec_;
};

ArgsError args_error(const json_util::SaxOutcome& outcome) {
  if (outcome.failure == json_util::ParseFailure::kTooDeep) {
    return {"the arguments nest deeper than " + std::to_string(json_util::kDefaultMaxDepth) + " levels", true};
  }
  return {"the arguments are not valid JSON (error at byte " + std::to_string(outcome.error_offset) + ")"};
}

// The first argument, as decode.cpp's first_arg(): nullopt when the text is
// not an array or the array is empty.
std::optional<Ref> first_arg(plan::Capture& captured) {
  if (!captured.args_is_array || captured.root->values[0].kind == Kind::kAbsent) return std::nullopt;
  return Ref{captured.root, 0};
}

}  // namespace

Result<Decoded, ArgsError> Dialect::read_event(std::string_view event, std::string_view args_json) const {
  const auto it = spec_->events.find(event);
  if (it == spec_->events.end() || it->second.kind == SignalKind::kIgnore) {
    // Nothing to read, but the text must still be JSON, as for any event.
    const json_util::SaxOutcome outcome = json_util::validate(args_json);
    if (!outcome.ok) return Failure{args_error(outcome)};
    if (it == spec_->events.end()) return Decoded{UnknownEvent{}};
    return Decoded{chat::Signal{chat::IgnoredSignal{}}};
  }
  const EventSpec& spec = it->second;
  const Items items(*spec_);
  plan::Capture captured = plan::capture(*spec.plan, args_json, items);
  if (!captured.outcome.ok) return Failure{args_error(captured.outcome)};
  return payload::event<CapturedSource>(*spec_, it->first, spec, first_arg(captured));
}

Result<chat::Response, ArgsError> Dialect::read_response(chat::Operation op,
                                                         std::string_view args_json) const {
  if (!spec_->responses) {
    const json_util::SaxOutcome outcome = json_util::validate(args_json);
    if (!outcome.ok) return Failure{args_error(outcome)};
    return chat::Response{};
  }
  const Items items(*spec_);
  plan::Capture captured = plan::capture(*spec_->response_plan, args_json, items);
  if (!captured.outcome.ok) return Failure{args_error(captured.outcome)};
  return payload::response<CapturedSource>(*spec_, op, first_arg(captured));
}

}  // namespace chatwire::dialect
