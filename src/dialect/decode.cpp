// Dialect::decode_event and Dialect::decode_response: server JSON to
// Signals and Responses, field by field as the document maps them. Any JSON
// is accepted; what does not fit becomes a MalformedEvent or a failed
// Response naming the field, never an abort.
#include <algorithm>
#include <set>
#include <utility>

#include "dialect/spec.h"

namespace chatwire::dialect {

using chat::Member;
using chat::Message;
using json_util::Json;

namespace {

/// Lists longer than this are cut: message lists keep their newest (last)
/// items, member lists their first. It bounds the work one event can cause.
constexpr std::size_t kMaxListItems = 10'000;

bool passes(const Json& value, const std::vector<Filter>& filters) {
  for (const Filter& filter : filters) {
    const Json* found = lookup(value, filter.path);
    if (found == nullptr || *found != filter.equals) return false;
  }
  return true;
}

// Reads mapped fields out of one JSON value and keeps the first failure.
// `prefix` is where that value sits in the payload ("messages.3."), so that
// failures name the field as the server wrote it.
class Reader {
 public:
  Reader(const Dialect::Spec& spec, std::string prefix) : spec_(spec), prefix_(std::move(prefix)) {}

  [[nodiscard]] bool failed() const { return failure_.has_value(); }
  [[nodiscard]] const std::string& failure() const { return *failure_; }
  void fail(std::string message) {
    if (!failure_) failure_ = std::move(message);
  }

  [[nodiscard]] std::string where(const FieldPath& path) const { return prefix_ + path.text; }

  std::optional<std::string> id(const Json& root, const std::optional<FieldSpec>& field) {
    return read(root, field, "is not a string or an integer", [](const Json& v) { return read_id(v); });
  }
  std::optional<std::string> text(const Json& root, const std::optional<FieldSpec>& field) {
    return read(root, field, "is not a string", [](const Json& v) { return read_text(v); });
  }
  std::optional<std::int64_t> integer(const Json& root, const std::optional<FieldSpec>& field) {
    return read(root, field, "is not an integer", [](const Json& v) { return read_int(v); });
  }
  std::optional<std::int64_t> timestamp(const Json& root, const std::optional<FieldSpec>& field) {
    const EpochUnit unit = spec_.epoch_unit;
    return read(root, field, "is not a timestamp (an ISO 8601 string or an epoch number)",
                [unit](const Json& v) { return read_timestamp_ms(v, unit); });
  }
  std::optional<bool> boolean(const Json& root, const std::optional<FieldSpec>& field) {
    if (!field || field->values.empty()) {
      return read(root, field, "is not a boolean", [](const Json& v) { return read_bool(v); });
    }
    if (field->constant) return read_bool(*field->constant);
    std::string expected = "is not one of ";
    for (const auto& [wire, meaning] : field->values) {
      if (expected.back() == '"') expected += ", ";
      expected += "\"" + wire + "\"";
    }
    return read(root, field, expected, [&field](const Json& v) -> std::optional<bool> {
      if (!v.is_string()) return std::nullopt;
      for (const auto& [wire, meaning] : field->values) {
        if (v.get_ref<const std::string&>() == wire) return meaning;
      }
      return std::nullopt;
    });
  }

  // The value of a field read as a whole (a message, a list): its first
  // present path, and that path for error messages. Records a failure when
  // a required one is absent.
  struct Found {
    const Json* value = nullptr;
    std::string where;
  };
  Found locate(const Json& root, const FieldSpec& field) {
    for (const FieldPath& path : field.paths) {
      if (const Json* value = lookup(root, path)) return {value, where(path)};
    }
    if (!field.optional && !field.paths.empty()) fail("'" + where(field.paths.front()) + "' is missing");
    return {};
  }

  std::optional<Message> message(const Json& value, const Shape& shape, const std::string& where);
  std::optional<std::vector<Message>> messages(const Json& root, const std::optional<FieldSpec>& field);
  std::optional<std::vector<Member>> members(const Json& root, const std::optional<FieldSpec>& field);

 private:
  const Dialect::Spec& spec_;
  std::string prefix_;
  std::optional<std::string> failure_;

  // The first path whose value converts wins. A required field with none
  // fails naming the first mistyped path, or the first path if all are
  // absent; an optional field with none is simply absent.
  template <class Convert>
  auto read(const Json& root, const std::optional<FieldSpec>& field, const std::string& expected,
            const Convert& convert) -> decltype(convert(root)) {
    if (!field) return std::nullopt;
    if (field->constant) return convert(*field->constant);
    const FieldPath* mistyped = nullptr;
    for (const FieldPath& path : field->paths) {
      const Json* value = lookup(root, path);
      if (value == nullptr) continue;
      if (auto converted = convert(*value)) return converted;
      if (mistyped == nullptr) mistyped = &path;
    }
    if (field->optional || field->paths.empty()) return std::nullopt;
    if (mistyped != nullptr) {
      fail("'" + where(*mistyped) + "' " + expected);
    } else {
      fail("'" + where(field->paths.front()) + "' is missing");
    }
    return std::nullopt;
  }

  const Shape& shape_of(const FieldSpec& field, bool members) const {
    if (field.item) return *field.item;
    return members ? *spec_.member_shape : *spec_.message_shape;
  }
};

std::optional<Message> Reader::message(const Json& value, const Shape& shape,
                                       const std::string& where_value) {
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

std::optional<std::vector<Message>> Reader::messages(const Json& root,
                                                     const std::optional<FieldSpec>& field) {
  if (!field) return std::nullopt;
  const Found list = locate(root, *field);
  if (list.value == nullptr) return std::nullopt;
  if (!list.value->is_array()) {
    fail("'" + list.where + "' is not an array");
    return std::nullopt;
  }
  const Shape& shape = shape_of(*field, false);
  const std::size_t size = list.value->size();
  std::vector<Message> out;
  out.reserve(std::min(size, kMaxListItems));
  for (std::size_t i = size > kMaxListItems ? size - kMaxListItems : 0; i < size; ++i) {
    const Json& item = (*list.value)[i];
    if (item.is_object() && !passes(item, shape.filters)) continue;
    std::optional<Message> message = this->message(item, shape, list.where + "." + std::to_string(i));
    if (!message) return std::nullopt;
    out.push_back(std::move(*message));
  }
  return out;
}

std::optional<std::vector<Member>> Reader::members(const Json& root, const std::optional<FieldSpec>& field) {
  if (!field) return std::nullopt;
  const Found list = locate(root, *field);
  if (list.value == nullptr) return std::nullopt;
  if (!list.value->is_array()) {
    fail("'" + list.where + "' is not an array");
    return std::nullopt;
  }
  const Shape& shape = shape_of(*field, true);
  std::vector<Member> out;
  // A user with two tabs open is listed twice by some backends (one entry
  // per connection); a member list is a set of users.
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list.value->size() && out.size() < kMaxListItems; ++i) {
    const Json& item = (*list.value)[i];
    const std::string where_item = list.where + "." + std::to_string(i);
    if (!item.is_object()) {
      fail("'" + where_item + "' is not an object");
      return std::nullopt;
    }
    if (!passes(item, shape.filters)) continue;
    Reader fields(spec_, where_item + ".");
    Member member;
    member.user.id = fields.id(item, shape[Field::kUserId]).value_or("");
    member.user.name = fields.id(item, shape[Field::kUserName]).value_or("");
    member.online = fields.boolean(item, shape[Field::kOnline]).value_or(true);
    if (fields.failed()) {
      fail(fields.failure());
      return std::nullopt;
    }
    if (seen.insert(member.user.id).second) out.push_back(std::move(member));
  }
  return out;
}

std::optional<chat::RoomId> room_of(Reader& reader, const Json& root, const Shape& shape) {
  std::optional<std::string> room = reader.id(root, shape[Field::kRoom]);
  if (room && room->empty()) return std::nullopt;
  return room;
}

chat::User user_of(Reader& reader, const Json& root, const Shape& shape) {
  chat::User user;
  user.id = reader.id(root, shape[Field::kUserId]).value_or("");
  user.name = reader.id(root, shape[Field::kUserName]).value_or("");
  return user;
}

// What one event's payload becomes: a signal, "filtered out" (nullopt), or a
// failure recorded in the reader.
std::optional<chat::Signal> build_signal(const Dialect::Spec& dialect, const EventSpec& event,
                                         const Json& root, Reader& reader) {
  const Shape& shape = event.shape;
  switch (event.kind) {
    case SignalKind::kMessage: {
      const std::optional<FieldSpec>& field = shape[Field::kMessage];
      const Json* value = &root;
      std::string where;
      if (field) {
        const Reader::Found found = reader.locate(root, *field);
        if (found.value == nullptr) return chat::IgnoredSignal{};  // an optional message that is absent
        value = found.value;
        where = found.where;
      }
      const Shape& message_shape = field && field->item ? *field->item : *dialect.message_shape;
      if (value->is_object() && !passes(*value, message_shape.filters)) return std::nullopt;
      std::optional<Message> message = reader.message(*value, message_shape, where);
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

const Json* first_arg(const Json& args) { return args.is_array() && !args.empty() ? &args.front() : nullptr; }

}  // namespace

Decoded Dialect::decode_event(std::string_view event, const Json& args) const {
  const auto it = spec_->events.find(event);
  if (it == spec_->events.end()) return UnknownEvent{};
  const EventSpec& spec = it->second;
  if (spec.kind == SignalKind::kIgnore) return chat::Signal{chat::IgnoredSignal{}};
  const Json* root = first_arg(args);
  if (root == nullptr) return MalformedEvent{it->first + ": the event has no payload"};
  if (!root->is_object()) return MalformedEvent{it->first + ": the payload is not an object"};
  if (!passes(*root, spec.shape.filters)) return chat::Signal{chat::IgnoredSignal{}};
  Reader reader(*spec_, "");
  std::optional<chat::Signal> signal = build_signal(*spec_, spec, *root, reader);
  if (reader.failed()) return MalformedEvent{it->first + ": " + reader.failure()};
  if (!signal) return chat::Signal{chat::IgnoredSignal{}};
  return std::move(*signal);
}

chat::Response Dialect::decode_response(chat::Operation op, const Json& args) const {
  using chat::Operation;
  chat::Response response;
  if (!spec_->responses) return response;
  const Shape& shape = *spec_->responses;
  const auto malformed = [op](const std::string& why) {
    chat::Response failed;
    failed.ok = false;
    failed.error_message = std::string("malformed ack to ") + chat::to_string(op) + ": " + why;
    return failed;
  };
  const Json* root = first_arg(args);
  if (root == nullptr) return malformed("it has no argument");
  if (!root->is_object()) return malformed("its argument is not an object");

  Reader reader(*spec_, "");
  response.ok = reader.boolean(*root, shape[Field::kOk]).value_or(true);
  if (reader.failed()) return malformed(reader.failure());
  if (!response.ok) {
    // A refusal is reported with whatever explanation it carries; a
    // missing one is not a reason to call it malformed.
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
        if (found.value != nullptr &&
            (!found.value->is_object() || passes(*found.value, message_shape.filters))) {
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
