// Reading a payload by the dialect's field mapping, written once for both
// ways the library holds a payload: as a DOM (decode.cpp, the reference
// reader) and as the values one SAX pass captured (plan_read.cpp, what the
// client runs). Each supplies a Source; everything from "which path wins"
// to "which signal this event is" lives here, so the two readers cannot
// drift apart. fuzz/dialect_reader_fuzz checks that they still agree, which
// now tests what differs: the lookups and the capture.
//
// A Source is a type with:
//   using Value = ...;  a cheap handle to one value of the payload
//   static std::optional<Value> lookup(Value base, const FieldPath&);
//       the value at the path; nullopt when absent or null
//   static bool is_object(Value), is_array(Value);
//   static std::optional<std::string> id(Value), text(Value);
//   static std::optional<std::int64_t> integer(Value), timestamp(Value, EpochUnit);
//   static std::optional<bool> boolean(Value);
//   static std::optional<std::vector<chat::Reaction>> reactions(Value);  read_reactions() of the value
//   static bool is_string(Value, const std::string&);  a string equal to that one
//   static bool passes(Value, const std::vector<Filter>&);
//   static std::optional<std::vector<chat::Message>> messages(PayloadReader&, Value list,
//                                                             const Shape&, const std::string& where);
//   static std::optional<std::vector<chat::Member>> members(PayloadReader&, Value list,
//                                                           const Shape&, const std::string& where);
// (the last two read a list already known to be an array, each in its own way).
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dialect/spec.h"

namespace chatwire::dialect {

/// Reads mapped fields out of one value of a payload and keeps the first
/// failure. `prefix` is where that value sits in the payload ("messages.3."),
/// so that failures name the field as the server wrote it.
template <class Source>
class PayloadReader {
 public:
  using Value = typename Source::Value;

  PayloadReader(const Dialect::Spec& spec, std::string prefix) : spec_(spec), prefix_(std::move(prefix)) {}

  [[nodiscard]] const Dialect::Spec& spec() const { return spec_; }
  [[nodiscard]] bool failed() const { return failure_.has_value(); }
  [[nodiscard]] const std::string& failure() const { return *failure_; }
  void fail(std::string message) {
    if (!failure_) failure_ = std::move(message);
  }

  [[nodiscard]] std::string where(const FieldPath& path) const { return prefix_ + path.text; }

  std::optional<std::string> id(Value root, const std::optional<FieldSpec>& field) {
    return read(root, field, "is not a string or an integer", [](Value v) { return Source::id(v); },
                [](const json_util::Json& v) { return read_id(v); });
  }
  std::optional<std::string> text(Value root, const std::optional<FieldSpec>& field) {
    return read(root, field, "is not a string", [](Value v) { return Source::text(v); },
                [](const json_util::Json& v) { return read_text(v); });
  }
  std::optional<std::int64_t> integer(Value root, const std::optional<FieldSpec>& field) {
    return read(root, field, "is not an integer", [](Value v) { return Source::integer(v); },
                [](const json_util::Json& v) { return read_int(v); });
  }
  std::optional<std::int64_t> timestamp(Value root, const std::optional<FieldSpec>& field) {
    const EpochUnit unit = spec_.epoch_unit;
    return read(
        root, field, "is not a timestamp (an ISO 8601 string or an epoch number)",
        [unit](Value v) { return Source::timestamp(v, unit); },
        [unit](const json_util::Json& v) { return read_timestamp_ms(v, unit); });
  }
  /// A boolean, or, where the document maps wire strings to true and false
  /// (`values`), one of those strings.
  std::optional<bool> boolean(Value root, const std::optional<FieldSpec>& field) {
    const auto constant = [](const json_util::Json& v) { return read_bool(v); };
    if (!field || field->values.empty()) {
      return read(root, field, "is not a boolean", [](Value v) { return Source::boolean(v); }, constant);
    }
    if (field->constant) return read_bool(*field->constant);
    std::string expected = "is not one of ";
    for (const auto& [wire, meaning] : field->values) {
      if (expected.back() == '"') expected += ", ";
      expected += "\"" + wire + "\"";
    }
    return read(
        root, field, expected,
        [&field](Value v) -> std::optional<bool> {
          for (const auto& [wire, meaning] : field->values) {
            if (Source::is_string(v, wire)) return meaning;
          }
          return std::nullopt;
        },
        constant);
  }

  /// A message's reactions (read_reactions()).
  std::optional<std::vector<chat::Reaction>> reactions(Value root, const std::optional<FieldSpec>& field) {
    return read(root, field, "is not a list of reactions ({emoji, users})", [](Value v) { return Source::reactions(v); },
                [](const json_util::Json& v) { return read_reactions(v); });
  }

  /// The value of a field read as a whole (a message, a list): its first
  /// present path, and that path for error messages. Records a failure when
  /// a required one is absent.
  struct Found {
    std::optional<Value> value;
    std::string where;
  };
  Found locate(Value root, const FieldSpec& field) {
    for (const FieldPath& path : field.paths) {
      if (std::optional<Value> value = Source::lookup(root, path)) return {value, where(path)};
    }
    if (!field.optional && !field.paths.empty()) fail("'" + where(field.paths.front()) + "' is missing");
    return {};
  }

  /// The message `value` holds (at `where_value` in the payload).
  std::optional<chat::Message> message(Value value, const Shape& shape, const std::string& where_value) {
    if (!Source::is_object(value)) {
      fail("'" + where_value + "' is not an object");
      return std::nullopt;
    }
    PayloadReader fields(spec_, where_value.empty() ? std::string() : where_value + ".");
    chat::Message message;
    message.id = fields.id(value, shape[Field::kId]).value_or("");
    message.client_id = fields.id(value, shape[Field::kClientId]).value_or("");
    message.room = fields.id(value, shape[Field::kRoom]).value_or("");
    message.author.id = fields.id(value, shape[Field::kAuthorId]).value_or("");
    message.author.name = fields.id(value, shape[Field::kAuthorName]).value_or("");
    message.text = fields.text(value, shape[Field::kText]).value_or("");
    message.created_at_ms = fields.timestamp(value, shape[Field::kCreatedAt]).value_or(0);
    message.seq = fields.integer(value, shape[Field::kSeq]);
    message.status = chat::MessageStatus::kSent;
    read_changes(fields, value, shape, message);
    if (fields.failed()) {
      fail(fields.failure());
      return std::nullopt;
    }
    return message;
  }

  /// What a message's changes made of it (docs/protocol.md, "Edits, deletes,
  /// reactions, replies"): its version and rev, edit time, tombstone,
  /// reactions and the message it answers. Absent fields leave a message
  /// never changed (version 1).
  static void read_changes(PayloadReader& fields, Value value, const Shape& shape, chat::Message& message) {
    constexpr std::int64_t kMaxVersion = UINT32_MAX;
    const std::int64_t version = fields.integer(value, shape[Field::kVersion]).value_or(1);
    message.version = static_cast<std::uint32_t>(std::clamp<std::int64_t>(version, 1, kMaxVersion));
    message.rev = std::max<std::int64_t>(fields.integer(value, shape[Field::kRev]).value_or(0), 0);
    message.edited_at_ms = fields.timestamp(value, shape[Field::kEditedAt]).value_or(0);
    message.deleted = fields.boolean(value, shape[Field::kDeleted]).value_or(false);
    message.reactions = fields.reactions(value, shape[Field::kReactions]).value_or(std::vector<chat::Reaction>{});
    std::optional<std::string> parent = fields.id(value, shape[Field::kReplyToId]);
    if (parent && !parent->empty()) {
      chat::ReplyTo reply;
      reply.id = std::move(*parent);
      reply.author.id = fields.id(value, shape[Field::kReplyToAuthorId]).value_or("");
      reply.author.name = fields.id(value, shape[Field::kReplyToAuthorName]).value_or("");
      reply.excerpt = fields.text(value, shape[Field::kReplyToExcerpt]).value_or("");
      reply.deleted = fields.boolean(value, shape[Field::kReplyToDeleted]).value_or(false);
      message.reply_to = chat::ReplyRef(std::move(reply));
    }
  }

  /// The member element `item` of a list holds (at `where_item`). nullopt
  /// with a failure recorded when it is malformed, without one when the
  /// shape's filters leave it out.
  std::optional<chat::Member> member(Value item, const Shape& shape, const std::string& where_item) {
    if (!Source::is_object(item)) {
      fail("'" + where_item + "' is not an object");
      return std::nullopt;
    }
    if (!Source::passes(item, shape.filters)) return std::nullopt;
    PayloadReader fields(spec_, where_item + ".");
    chat::Member member;
    member.user.id = fields.id(item, shape[Field::kUserId]).value_or("");
    member.user.name = fields.id(item, shape[Field::kUserName]).value_or("");
    member.online = fields.boolean(item, shape[Field::kOnline]).value_or(true);
    if (fields.failed()) {
      fail(fields.failure());
      return std::nullopt;
    }
    return member;
  }

  std::optional<std::vector<chat::Message>> messages(Value root, const std::optional<FieldSpec>& field) {
    const Found list = array(root, field);
    if (!list.value) return std::nullopt;
    return Source::messages(*this, *list.value, shape_of(*field, false), list.where);
  }

  std::optional<std::vector<chat::Member>> members(Value root, const std::optional<FieldSpec>& field) {
    const Found list = array(root, field);
    if (!list.value) return std::nullopt;
    return Source::members(*this, *list.value, shape_of(*field, true), list.where);
  }

 private:
  const Dialect::Spec& spec_;
  std::string prefix_;
  std::optional<std::string> failure_;

  // The first path whose value converts wins. A required field with none
  // fails naming the first mistyped path, or the first path if all are
  // absent; an optional field with none is simply absent. `expected` is a
  // view: read for every field of every message, and only a failure needs
  // it as a string.
  template <class Convert, class ConvertConstant>
  auto read(Value root, const std::optional<FieldSpec>& field, std::string_view expected,
            const Convert& convert, const ConvertConstant& convert_constant) -> decltype(convert(root)) {
    if (!field) return std::nullopt;
    if (field->constant) return convert_constant(*field->constant);
    const FieldPath* mistyped = nullptr;
    for (const FieldPath& path : field->paths) {
      const std::optional<Value> value = Source::lookup(root, path);
      if (!value) continue;
      if (auto converted = convert(*value)) return converted;
      if (mistyped == nullptr) mistyped = &path;
    }
    fail_field(*field, mistyped, expected);
    return std::nullopt;
  }

  // read()'s failure, once for all its instantiations: a required field
  // absent, or mistyped at `mistyped`.
  void fail_field(const FieldSpec& field, const FieldPath* mistyped, std::string_view expected) {
    if (field.optional || field.paths.empty()) return;
    if (mistyped != nullptr) {
      fail("'" + where(*mistyped) + "' " + std::string(expected));
    } else {
      fail("'" + where(field.paths.front()) + "' is missing");
    }
  }

  // The list `field` names, when present and an array; nothing when it is
  // absent, and a failure when it is anything else.
  Found array(Value root, const std::optional<FieldSpec>& field) {
    if (!field) return {};
    Found list = locate(root, *field);
    if (list.value && !Source::is_array(*list.value)) {
      fail("'" + list.where + "' is not an array");
      return {};
    }
    return list;
  }

  const Shape& shape_of(const FieldSpec& field, bool members) const {
    if (field.item) return *field.item;
    return members ? *spec_.member_shape : *spec_.message_shape;
  }
};

namespace payload {

template <class Source>
std::optional<chat::RoomId> room_of(PayloadReader<Source>& reader, typename Source::Value root, const Shape& shape) {
  std::optional<std::string> room = reader.id(root, shape[Field::kRoom]);
  if (room && room->empty()) return std::nullopt;
  return room;
}

template <class Source>
chat::User user_of(PayloadReader<Source>& reader, typename Source::Value root, const Shape& shape) {
  chat::User user;
  user.id = reader.id(root, shape[Field::kUserId]).value_or("");
  user.name = reader.id(root, shape[Field::kUserName]).value_or("");
  return user;
}

// Someone joined or left: the same fields, another signal.
template <class MembershipSignal, class Source>
MembershipSignal membership(PayloadReader<Source>& reader, typename Source::Value root, const Shape& shape) {
  MembershipSignal signal;
  signal.room = room_of(reader, root, shape);
  signal.user = user_of(reader, root, shape);
  signal.members = reader.members(root, shape[Field::kMembers]);
  return signal;
}

/// What one event's payload becomes: a signal, "filtered out" (nullopt), or
/// a failure recorded in the reader.
template <class Source>
std::optional<chat::Signal> build_signal(const EventSpec& event, typename Source::Value root,
                                         PayloadReader<Source>& reader) {
  using Value = typename Source::Value;
  const Shape& shape = event.shape;
  switch (event.kind) {
    case SignalKind::kMessage:
    case SignalKind::kMessageUpdated: {
      const std::optional<FieldSpec>& field = shape[Field::kMessage];
      Value value = root;
      std::string where;
      if (field) {
        typename PayloadReader<Source>::Found found = reader.locate(root, *field);
        if (!found.value) return chat::IgnoredSignal{};  // an optional message that is absent
        value = *found.value;
        where = std::move(found.where);
      }
      const Shape& message_shape = field && field->item ? *field->item : *reader.spec().message_shape;
      if (Source::is_object(value) && !Source::passes(value, message_shape.filters)) return std::nullopt;
      std::optional<chat::Message> message = reader.message(value, message_shape, where);
      const std::optional<chat::RoomId> room = room_of(reader, root, shape);
      if (!message) return chat::IgnoredSignal{};
      if (room) message->room = *room;
      std::optional<chat::RoomId> named;
      if (!message->room.empty()) named = message->room;
      if (event.kind == SignalKind::kMessageUpdated) return chat::MessageUpdatedSignal{named, std::move(*message)};
      return chat::MessageSignal{named, std::move(*message)};
    }
    case SignalKind::kHistory: {
      chat::HistorySignal signal;
      signal.room = room_of(reader, root, shape);
      signal.page.messages = reader.messages(root, shape[Field::kMessages]).value_or(std::vector<chat::Message>{});
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
    case SignalKind::kMemberJoined:
      return membership<chat::MemberJoinedSignal>(reader, root, shape);
    case SignalKind::kMemberLeft:
      return membership<chat::MemberLeftSignal>(reader, root, shape);
    case SignalKind::kMembers: {
      chat::MembersSignal signal;
      signal.room = room_of(reader, root, shape);
      signal.members = reader.members(root, shape[Field::kMembers]).value_or(std::vector<chat::Member>{});
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

/// An event's first argument (`root`, nullopt when there is none) as the
/// event `name` maps it.
template <class Source>
Decoded event(const Dialect::Spec& spec, const std::string& name, const EventSpec& event,
              std::optional<typename Source::Value> root) {
  if (!root) return MalformedEvent{name + ": the event has no payload"};
  if (!Source::is_object(*root)) return MalformedEvent{name + ": the payload is not an object"};
  if (!Source::passes(*root, event.shape.filters)) return chat::Signal{chat::IgnoredSignal{}};
  PayloadReader<Source> reader(spec, "");
  std::optional<chat::Signal> signal = build_signal(event, *root, reader);
  if (reader.failed()) return MalformedEvent{name + ": " + reader.failure()};
  if (!signal) return chat::Signal{chat::IgnoredSignal{}};
  return std::move(*signal);
}

/// An ack's first argument (`root`, nullopt when there is none) as the
/// dialect's `responses` shape maps it for `op`.
template <class Source>
chat::Response response(const Dialect::Spec& spec, chat::Operation op, std::optional<typename Source::Value> root) {
  using chat::Operation;
  chat::Response response;
  if (!spec.responses) return response;
  const Shape& shape = *spec.responses;
  const auto malformed = [op](const std::string& why) {
    chat::Response failed;
    failed.ok = false;
    failed.error_message = std::string("malformed ack to ") + chat::to_string(op) + ": " + why;
    return failed;
  };
  if (!root) return malformed("it has no argument");
  if (!Source::is_object(*root)) return malformed("its argument is not an object");

  PayloadReader<Source> reader(spec, "");
  response.ok = reader.boolean(*root, shape[Field::kOk]).value_or(true);
  if (reader.failed()) return malformed(reader.failure());
  if (!response.ok) {
    // A refusal is reported with whatever explanation it carries; a
    // missing one is not a reason to call it malformed.
    PayloadReader<Source> lenient(spec, "");
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
    std::optional<std::vector<chat::Message>> messages = reader.messages(*root, shape[Field::kMessages]);
    const std::optional<bool> has_more = reader.boolean(*root, shape[Field::kHasMore]);
    if (messages) response.history = chat::HistoryPage{std::move(*messages), has_more};
  };
  switch (op) {
    case Operation::kSend:
    case Operation::kEdit:
    case Operation::kDelete:
    case Operation::kReact:
      if (const std::optional<FieldSpec>& field = shape[Field::kMessage]) {
        const typename PayloadReader<Source>::Found found = reader.locate(*root, *field);
        const Shape& message_shape = field->item ? *field->item : *spec.message_shape;
        if (found.value &&
            (!Source::is_object(*found.value) || Source::passes(*found.value, message_shape.filters))) {
          response.message = reader.message(*found.value, message_shape, found.where);
        }
      }
      break;
    case Operation::kJoin:
      history();
      response.members = reader.members(*root, shape[Field::kMembers]);
      response.read_seq = reader.integer(*root, shape[Field::kReadSeq]);
      response.rev = reader.integer(*root, shape[Field::kRev]);
      if (std::optional<std::vector<chat::Message>> changes = reader.messages(*root, shape[Field::kChanges])) {
        response.changes = chat::HistoryPage{std::move(*changes), reader.boolean(*root, shape[Field::kChangesMore])};
      }
      break;
    case Operation::kHistory:
      history();
      if (response.history) {
        response.history->has_older = reader.boolean(*root, shape[Field::kHasOlder]);
        response.history->has_newer = reader.boolean(*root, shape[Field::kHasNewer]);
      }
      break;
    case Operation::kChanges:
      history();
      response.rev = reader.integer(*root, shape[Field::kRev]);
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

}  // namespace payload
}  // namespace chatwire::dialect
