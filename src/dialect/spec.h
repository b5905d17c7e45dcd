// The validated, in-memory form of a dialect document (docs/dialects.md).
// Built by the loader, read by encode and decode; never changed once built.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dialect/dialect.h"
#include "dialect/field_path.h"
#include "dialect/plan.h"
#include "dialect/timestamp.h"

namespace chatwire::dialect {

/// The semantic signal a server event becomes.
enum class SignalKind : std::uint8_t {
  kMessage,
  kHistory,
  kTyping,
  kMemberJoined,
  kMemberLeft,
  kMembers,
  kPresence,
  kReceipt,
  kError,
  kIgnore,
  kMessageUpdated,  // read as kMessage is; the message is a new state of one held
};

/// Every semantic field a mapping can fill. Which ones a mapping may name
/// depends on what it maps (see field_rules()).
enum class Field : std::uint8_t {
  // a message
  kId,
  kClientId,
  kRoom,
  kAuthorId,
  kAuthorName,
  kText,
  kCreatedAt,
  kSeq,
  kVersion,
  kRev,
  kEditedAt,
  kDeleted,
  kReactions,
  kReplyToId,
  kReplyToAuthorId,
  kReplyToAuthorName,
  kReplyToExcerpt,
  kReplyToDeleted,
  // a user or member
  kUserId,
  kUserName,
  kOnline,
  // signals
  kTyping,
  kTtlMs,
  kMessage,
  kMessages,
  kHasMore,
  kMembers,
  kMessageId,
  kErrorText,
  kDetails,
  // acks
  kOk,
  kErrorCode,
  kErrorMessage,
  kReadSeq,
  kChanges,
  kChangesMore,
  kHasOlder,
  kHasNewer,
};
inline constexpr std::size_t kFieldCount = 38;

/// How a field's wire value is read.
enum class ValueType : std::uint8_t {
  kId,           // string, or integer as decimal text
  kText,         // string
  kInt,          // integer
  kBool,         // boolean, or strings mapped by "values"
  kTimestamp,    // ISO 8601 string or epoch number
  kMessage,      // an object read with a message shape
  kMessageList,  // an array of those
  kMemberList,   // an array of objects read with the member shape
  kReactions,    // an array of {"emoji": string, "users": [id, ...]}, read whole (read_reactions)
};

/// One key of a "fields" object: its name in the document, the field it
/// fills, how its value is read, and whether the mapping must name it.
struct FieldRule {
  std::string_view key;
  Field field;
  ValueType type;
  bool must_map;
};

/// What may be mapped where. `what` names the mapping for error messages.
struct FieldRules {
  std::string_view what;
  std::span<const FieldRule> rules;
};
FieldRules message_shape_rules();
FieldRules member_shape_rules();
FieldRules signal_rules(SignalKind kind);
FieldRules response_rules();

/// The document's name for a signal kind ("member_joined"), and back.
std::string_view signal_name(SignalKind kind);
std::optional<SignalKind> signal_from_name(std::string_view name);

struct Shape;

/// Where one semantic field's value comes from.
struct FieldSpec {
  std::vector<FieldPath> paths;                      // tried in order; the first present wins
  std::optional<json_util::Json> constant;           // instead of paths: always this value
  bool optional = false;                             // absent is not an error
  std::vector<std::pair<std::string, bool>> values;  // kBool: wire strings that mean true / false
  std::shared_ptr<const Shape> item;                 // kMessage, lists: their own shape (else the dialect's)
};

using FieldMap = std::array<std::optional<FieldSpec>, kFieldCount>;

/// A condition on a payload: the value at `path` must equal `equals`.
struct Filter {
  FieldPath path;
  json_util::Json equals;
};

/// A set of field mappings and the filters a payload must pass.
struct Shape {
  FieldMap fields;
  std::vector<Filter> filters;

  [[nodiscard]] const std::optional<FieldSpec>& operator[](Field field) const {
    return fields[static_cast<std::size_t>(field)];
  }
};

struct EventSpec {
  SignalKind kind = SignalKind::kIgnore;
  Shape shape;                                  // the signal's fields and the event's filters
  bool confirms_join = false;                   // kHistory only
  std::shared_ptr<const plan::ScopePlan> plan;  // compiled once loaded: what read_event() keeps
};

struct RequestSpec {
  std::string event;
  std::optional<json_util::Json> payload;  // nullopt: emitted with no argument
  Confirmation confirm = Confirmation::kNone;
  bool uses_room = false;  // the payload has {room} (numeric rooms are checked only then)
};

struct Dialect::Spec {
  std::string name;
  Capabilities capabilities;
  bool numeric_rooms = false;
  EpochUnit epoch_unit = EpochUnit::kMilliseconds;
  std::array<std::optional<RequestSpec>, chat::kOperationCount> requests;
  std::optional<Shape> message_shape;
  std::optional<Shape> member_shape;
  std::map<std::string, EventSpec, std::less<>> events;
  std::optional<Shape> responses;                        // nullopt: every ack is a plain success
  std::shared_ptr<const plan::ScopePlan> response_plan;  // compiled from `responses` once loaded
};

}  // namespace chatwire::dialect
