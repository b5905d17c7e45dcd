// Dialect::read_event and Dialect::read_response: what decode.cpp does on a
// DOM, done on the values a SAX pass kept (plan_capture.h). The logic mirrors
// decode.cpp step for step, so that both give the same signal, the same
// failure and the same message text for every input; fuzz/dialect_reader_fuzz
// checks that they do. A change to one must be made to the other.
#include <utility>

#include "dialect/plan_capture.h"
#include "dialect/spec.h"

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
std::optional<Ref> lookup(Ref base, const FieldPath& path) {
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
    const std::optional<Ref> found = lookup(value, filter.path);
    if (!found || !equals(found->value(), filter.equals)) return false;
  }
  return true;
}

// decode.cpp's Reader, on captures.
class Reader {
 public:
  Reader(const Dialect::Spec& spec, std::string prefix) : spec_(spec), prefix_(std::move(prefix)) {}

  [[nodiscard]] bool failed() const { return failure_.has_value(); }
  [[nodiscard]] const std::string& failure() const { return *failure_; }
  void fail(std::string message) {
    if (!failure_) failure_ = std::move(message);
  }

  [[nodiscard]] std::string where(const FieldPath& path) const { return prefix_ + path.text; }

  std::optional<std::string> id(Ref root, const std::optional<FieldSpec>& field) {
    return read(
        root, field, "is not a string or an integer", [](const Captured& v) { return read_id(v); },
        [](const Json& v) { return dialect::read_id(v); });
  }
  std::optional<std::string> text(Ref root, const std::optional<FieldSpec>& field) {
    return read(
        root, field, "is not a string", [](const Captured& v) { return read_text(v); },
        [](const Json& v) { return dialect::read_text(v); });
  }
  std::optional<std::int64_t> integer(Ref root, const std::optional<FieldSpec>& field) {
    return read(
        root, field, "is not an integer", [](const Captured& v) { return read_int(v); },
        [](const Json& v) { return dialect::read_int(v); });
  }
  std::optional<std::int64_t> timestamp(Ref root, const std::optional<FieldSpec>& field) {
    const EpochUnit unit = spec_.epoch_unit;
    return read(
        root, field, "is not a timestamp (an ISO 8601 string or an epoch number)",
        [unit](const Captured& v) { return read_timestamp_ms(v, unit); },
        [unit](const Json& v) { return dialect::read_timestamp_ms(v, unit); });
  }
  std::optional<bool> boolean(Ref root, const std::optional<FieldSpec>& field) {
    const auto constant = [](const Json& v) { return dialect::read_bool(v); };
    if (!field || field->values.empty()) {
      return read(
          root, field, "is not a boolean", [](const Captured& v) { return read_bool(v); }, constant);
    }
    if (field->constant) return dialect::read_bool(*field->constant);
    std::string expected = "is not one of ";
    for (const auto& [wire, meaning] : field->values) {
      if (expected.back() == '"') expected += ", ";
      expected += "\"" + wire + "\"";
    }
    return read(
        root, field, expected,
        [&field](const Captured& v) -> std::optional<bool> {
          if (v.kind != Kind::kString) return std::nullopt;
          for (const auto& [wire, meaning] : field->values) {
            if (v.text == wire) return meaning;
          }
          return std::nullopt;
        },
        constant);
  }

  struct Found {
    std::optional<Ref> value;
    std::string where;
  };
  Found locate(Ref root, const FieldSpec& field) {
    for (const FieldPath& path : field.paths) {
      if (std::optional<Ref> value = lookup(root, path)) return {value, where(path)};
    }
    if (!field.optional && !field.paths.empty()) fail("'" + where(field.paths.front()) + "' is missing");
    return {};
  }

  std::optional<Message> message(Ref value, const Shape& shape, const std::string& where);
  std::optional<std::vector<Message>> messages(Ref root, const std::optional<FieldSpec>& field);
  std::optional<std::vector<Member>> members(Ref root, const std::optional<FieldSpec>& field);

  const Shape& shape_of(const FieldSpec& field, bool members) const {
    if (field.item) return *field.item;
    return members ? *spec_.member_shape : *spec_.message_shape;
  }

 private:
  const Dialect::Spec& spec_;
  std::string prefix_;
  std::optional<std::string> failure_;

  // `expected` is a view: read for every field of every message, and only a
  // failure needs it as a string.
  template <class Convert, class ConvertConstant>
  auto read(Ref root, const std::optional<FieldSpec>& field, std::string_view expected,
            const Convert& convert, const ConvertConstant& convert_constant)
      -> decltype(convert(root.value())) {
    if (!field) return std::nullopt;
    if (field->constant) return convert_constant(*field->constant);
    const FieldPath* mistyped = nullptr;
    for (const FieldPath& path : field->paths) {
      const std::optional<Ref> value = lookup(root, path);
      if (!value) continue;
      if (auto converted = convert(value->value())) return converted;
      if (mistyped == nullptr) mistyped = &path;
    }
    if (field->optional || field->paths.empty()) return std::nullopt;
    if (mistyped != nullptr) {
      fail("'" + where(*mistyped) + "' " + std::string(expected));
    } else {
      fail("'" + where(field->paths.front()) + "' is missing");
    }
    return std::nullopt;
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

std::optional<Message> Reader::message(Ref value, const Shape& shape, const std::string& where_value) {
  if (!value.is_object()) {
    fail("'" + where_value + "' is not an object");
    return std::nullopt;
  }
  Reader fields(spec_, where_value.empty() ? std::string() : where_value + ".");
  Message message;
  message.id = fields.id(value, shape[Field::kId]).value_or("");
  message.client_id = fields.id(value, shape[Field::kClientId]).value_or("");
  message.room = fields.id(value, shape[Field::kRoom]).value_or("");
  message.author.id = fields.id(value, shape[Field::kAuthorId]).value_or("");
  message.author.name = fields.id(value, shape[Field::kAuthorName]).value_or("");
  message.text = fields.text(value, shape[Field::kText]).value_or("");
  message.created_at_ms = fields.timestamp(value, shape[Field::kCreatedAt]).value_or(0);
  message.seq = fields.integer(value, shape[Field::kSeq]);
  message.status = chat::MessageStatus::kSent;
  if (fields.failed()) {
    fail(fields.failure());
    return std::nullopt;
  }
  return message;
}

std::optional<std::vector<Message>> Reader::messages(Ref root, const std::optional<FieldSpec>& field) {
  if (!field) return std::nullopt;
  const Found list = locate(root, *field);
  if (!list.value) return std::nullopt;
  if (!list.value->is_array()) {
    fail("'" + list.where + "' is not an array");
    return std::nullopt;
  }
  plan::ListState* state = list_state(*list.value, false, shape_of(*field, false));
  if (state == nullptr) return std::vector<Message>{};
  std::vector<Message> out;
  out.reserve(state->messages.size());
  // A list is read once per capture, so its messages can be moved out.
  for (plan::MessageItem& item : state->messages) {
    if (const auto* failure = std::get_if<std::string>(&item)) {
      fail(*failure);
      return std::nullopt;
    }
    if (auto* message = std::get_if<Message>(&item)) out.push_back(std::move(*message));
  }
  return out;
}

std::optional<std::vector<Member>> Reader::members(Ref root, const std::optional<FieldSpec>& field) {
  if (!field) return std::nullopt;
  const Found list = locate(root, *field);
  if (!list.value) return std::nullopt;
  if (!list.value->is_array()) {
    fail("'" + list.where + "' is not an array");
    return std::nullopt;
  }
  plan::ListState* state = list_state(*list.value, true, shape_of(*field, true));
  if (state == nullptr) return std::vector<Member>{};
  if (state->failure) {
    fail(*state->failure);
    return std::nullopt;
  }
  return std::move(state->members);  // read once per capture
}

// List elements as they end: decode.cpp's loop bodies of messages() and members().
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
    const Ref value{&item, 0};
    const std::string where_item = reader.where + "." + std::to_string(index);
    if (!value.is_object()) {
      state.failure = "'" + where_item + "' is not an object";
      return;
    }
    const Shape& shape = *reader.shape;
    if (!passes(value, shape.filters)) return;
    Reader fields(spec_, where_item + ".");
    Member member;
    member.user.id = fields.id(value, shape[Field::kUserId]).value_or("");
    member.user.name = fields.id(value, shape[Field::kUserName]).value_or("");
    member.online = fields.boolean(value, shape[Field::kOnline]).value_or(true);
    if (fields.failed()) {
      state.failure = fields.failure();
      return;
    }
    if (state.seen.insert(member.user.id).second) state.members.push_back(std::move(member));
  }

 private:
  const Dialect::Spec& spec_;
};

std::optional<chat::RoomId> room_of(Reader& reader, Ref root, const Shape& shape) {
  std::optional<std::string> room = reader.id(root, shape[Field::kRoom]);
  if (room && room->empty()) return std::nullopt;
  return room;
}

chat::User user_of(Reader& reader, Ref root, const Shape& shape) {
  chat::User user;
  user.id = reader.id(root, shape[Field::kUserId]).value_or("");
  user.name = reader.id(root, shape[Field::kUserName]).value_or("");
  return user;
}

// decode.cpp's build_signal().
std::optional<chat::Signal> build_signal(const Dialect::Spec& dialect, const EventSpec& event, Ref root,
                                         Reader& reader) {
  const Shape& shape = event.shape;
  switch (event.kind) {
    case SignalKind::kMessage: {
      const std::optional<FieldSpec>& field = shape[Field::kMessage];
      Ref value = root;
      std::string where;
      if (field) {
        const Reader::Found found = reader.locate(root, *field);
        if (!found.value) return chat::IgnoredSignal{};
        value = *found.value;
        where = found.where;
      }
      const Shape& message_shape = field && field->item ? *field->item : *dialect.message_shape;
      if (value.is_object() && !passes(value, message_shape.filters)) return std::nullopt;
      std::optional<Message> message = reader.message(value, message_shape, where);
      const std::optional<chat::RoomId> room = room_of(reader, root, shape);
      if (!message) return chat::IgnoredSignal{};
      if (room) message->room = *room;
      chat::MessageSignal signal;
      if (!message->room.empty()) signal.room = message->room;
      signal.message = std::move(*message);
      return signal;
    }
    case SignalKind::kHistory: {
      chat::HistorySignal signal;
      signal.room = room_of(reader, root, shape);
      signal.page.messages = reader.messages(root, shape[Field::kMessages]).value_or(std::vector<Message>{});
      signal.page.has_more = reader.boolean(root, shape[Field::kHasMore]);
      signal.confirms_join = event.confirms_join;
      return signal;
    }
    case SignalKind::kTyping: {
      chat::TypingSignal signal;
      signal.room = room_of(reader, root, shape);
      signal.user = user_of(reader, root, shape);
      signal.typing = reader.boolean(root, shape[Field::kTyping]).value_or(false);
      signal.ttl_ms = reader.integer(root, shape[Field::kTtlMs]);
      return signal;
    }
    case SignalKind::kMemberJoined: {
      chat::MemberJoinedSignal signal;
      signal.room = room_of(reader, root, shape);
      signal.user = user_of(reader, root, shape);
      signal.members = reader.members(root, shape[Field::kMembers]);
      return signal;
    }
    case SignalKind::kMemberLeft: {
      chat::MemberLeftSignal signal;
      signal.room = room_of(reader, root, shape);
      signal.user = user_of(reader, root, shape);
      signal.members = reader.members(root, shape[Field::kMembers]);
      return signal;
    }
    case SignalKind::kMembers: {
      chat::MembersSignal signal;
      signal.room = room_of(reader, root, shape);
      signal.members = reader.members(root, shape[Field::kMembers]).value_or(std::vector<Member>{});
      return signal;
    }
    case SignalKind::kPresence: {
      chat::PresenceSignal signal;
      signal.user = user_of(reader, root, shape);
      signal.online = reader.boolean(root, shape[Field::kOnline]).value_or(false);
      return signal;
    }
    case SignalKind::kReceipt: {
      chat::ReceiptSignal signal;
      signal.room = room_of(reader, root, shape);
      const std::optional<std::string> user_id = reader.id(root, shape[Field::kUserId]);
      if (user_id) signal.user = chat::User{*user_id, reader.id(root, shape[Field::kUserName]).value_or("")};
      signal.message_id = reader.id(root, shape[Field::kMessageId]).value_or("");
      signal.seq = reader.integer(root, shape[Field::kSeq]);
      if (!reader.failed() && signal.message_id.empty() && !signal.seq) {
        reader.fail("names neither the message read nor its seq");
      }
      return signal;
    }
    case SignalKind::kError: {
      chat::ServerErrorSignal signal;
      signal.room = room_of(reader, root, shape);
      signal.message = reader.text(root, shape[Field::kErrorText]).value_or("");
      signal.details = reader.text(root, shape[Field::kDetails]).value_or("");
      return signal;
    }
    case SignalKind::kIgnore:
      return chat::IgnoredSignal{};
  }
  return chat::IgnoredSignal{};
}

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
  const std::optional<Ref> root = first_arg(captured);
  if (!root) return Decoded{MalformedEvent{it->first + ": the event has no payload"}};
  if (!root->is_object()) return Decoded{MalformedEvent{it->first + ": the payload is not an object"}};
  if (!passes(*root, spec.shape.filters)) return Decoded{chat::Signal{chat::IgnoredSignal{}}};
  Reader reader(*spec_, "");
  std::optional<chat::Signal> signal = build_signal(*spec_, spec, *root, reader);
  if (reader.failed()) return Decoded{MalformedEvent{it->first + ": " + reader.failure()}};
  if (!signal) return Decoded{chat::Signal{chat::IgnoredSignal{}}};
  return Decoded{std::move(*signal)};
}

Result<chat::Response, ArgsError> Dialect::read_response(chat::Operation op,
                                                         std::string_view args_json) const {
  using chat::Operation;
  chat::Response response;
  if (!spec_->responses) {
    const json_util::SaxOutcome outcome = json_util::validate(args_json);
    if (!outcome.ok) return Failure{args_error(outcome)};
    return response;
  }
  const Shape& shape = *spec_->responses;
  const auto malformed = [op](const std::string& why) {
    chat::Response failed;
    failed.ok = false;
    failed.error_message = std::string("malformed ack to ") + chat::to_string(op) + ": " + why;
    return failed;
  };
  const Items items(*spec_);
  plan::Capture captured = plan::capture(*spec_->response_plan, args_json, items);
  if (!captured.outcome.ok) return Failure{args_error(captured.outcome)};
  const std::optional<Ref> root = first_arg(captured);
  if (!root) return malformed("it has no argument");
  if (!root->is_object()) return malformed("its argument is not an object");

  Reader reader(*spec_, "");
  response.ok = reader.boolean(*root, shape[Field::kOk]).value_or(true);
  if (reader.failed()) return malformed(reader.failure());
  if (!response.ok) {
    Reader lenient(*spec_, "");
    response.error_code = lenient.id(*root, shape[Field::kErrorCode]).value_or("");
    response.error_message = lenient.text(*root, shape[Field::kErrorMessage]).value_or("");
    if (response.error_message.empty()) {
      response.error_message = response.error_code.empty()
                                   ? "refused by the server"
                                   : "refused by the server (" + response.error_code + ")";
    }
    return response;
  }

  const auto history = [&] {
    if (!shape[Field::kMessages]) return;
    std::optional<std::vector<Message>> messages = reader.messages(*root, shape[Field::kMessages]);
    const std::optional<bool> has_more = reader.boolean(*root, shape[Field::kHasMore]);
    if (messages) response.history = chat::HistoryPage{std::move(*messages), has_more};
  };
  switch (op) {
    case Operation::kSend:
      if (const std::optional<FieldSpec>& field = shape[Field::kMessage]) {
        const Reader::Found found = reader.locate(*root, *field);
        const Shape& message_shape = field->item ? *field->item : *spec_->message_shape;
        if (found.value && (!found.value->is_object() || passes(*found.value, message_shape.filters))) {
          response.message = reader.message(*found.value, message_shape, found.where);
        }
      }
      break;
    case Operation::kJoin:
      history();
      response.members = reader.members(*root, shape[Field::kMembers]);
      response.read_seq = reader.integer(*root, shape[Field::kReadSeq]);
      break;
    case Operation::kHistory:
      history();
      break;
    case Operation::kMembers:
      response.members = reader.members(*root, shape[Field::kMembers]);
      break;
    case Operation::kMarkRead:
      response.read_seq = reader.integer(*root, shape[Field::kReadSeq]);
      break;
    case Operation::kLeave:
    case Operation::kTypingStart:
    case Operation::kTypingStop:
      break;
  }
  if (reader.failed()) return malformed(reader.failure());
  return response;
}

}  // namespace chatwire::dialect
