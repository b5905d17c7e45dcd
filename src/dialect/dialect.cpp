// Dialect: the accessors and encode(). Loading is in loader.cpp (one
// loader_*.cpp per section of the document), reading payloads in
// payload_reader.h (on a DOM in decode.cpp, on a SAX capture in
// plan_read.cpp), the built-in documents in presets.cpp.
#include "dialect/dialect.h"

#include <charconv>
#include <utility>

#include "dialect/spec.h"
#include "dialect/template.h"

namespace chatwire::dialect {

using json_util::Json;

namespace {

// The integer a room id stands for when the backend wants numbers. Only the
// canonical decimal form qualifies ("007" or "+7" would come back from the
// server as "7", a different room for the chat model).
std::optional<std::int64_t> numeric_room(const std::string& room) {
  std::int64_t value = 0;
  const char* end = room.data() + room.size();
  const auto [ptr, ec] = std::from_chars(room.data(), end, value);
  if (room.empty() || ec != std::errc() || ptr != end || std::to_string(value) != room) return std::nullopt;
  return value;
}

void set(PlaceholderValues& values, Placeholder placeholder, Json value) {
  values[static_cast<std::size_t>(placeholder)] = std::move(value);
}

}  // namespace

Dialect::Dialect(std::shared_ptr<const Spec> spec) : spec_(std::move(spec)) {}

const std::string& Dialect::name() const { return spec_->name; }

const Capabilities& Dialect::capabilities() const { return spec_->capabilities; }

Result<Outgoing, EncodeError> Dialect::encode(const chat::Request& request, const chat::User& self) const {
  using chat::Operation;
  const std::optional<RequestSpec>& spec = spec_->requests[static_cast<std::size_t>(request.op)];
  if (!spec) {
    return Failure{EncodeError{EncodeError::Code::kUnsupported,
                               spec_->name + " has no " + chat::to_string(request.op) + " request"}};
  }
  PlaceholderValues values;
  if (spec_->numeric_rooms) {
    const std::optional<std::int64_t> number = numeric_room(request.room);
    if (number) {
      set(values, Placeholder::kRoom, *number);
    } else if (spec->uses_room) {
      return Failure{
          EncodeError{EncodeError::Code::kInvalidRoomId,
                      spec_->name + " needs integer room ids; \"" + request.room + "\" is not one"}};
    }
  } else {
    set(values, Placeholder::kRoom, request.room);
  }
  set(values, Placeholder::kUserId, self.id);
  set(values, Placeholder::kUserName, self.name);
  switch (request.op) {
    case Operation::kJoin:
      if (request.seq) set(values, Placeholder::kSince, *request.seq);
      if (request.seq && request.since_rev) set(values, Placeholder::kSinceRev, *request.since_rev);
      break;
    case Operation::kSend:
      set(values, Placeholder::kText, request.text);
      if (!request.client_id.empty()) set(values, Placeholder::kClientId, request.client_id);
      if (!request.reply_to.empty()) set(values, Placeholder::kReplyTo, request.reply_to);
      break;
    case Operation::kEdit:
    case Operation::kDelete:
    case Operation::kReact:
      set(values, Placeholder::kMessageId, request.message_id);
      set(values, Placeholder::kOpId, request.op_id);
      if (request.op == Operation::kEdit) set(values, Placeholder::kText, request.text);
      if (request.op == Operation::kReact) {
        set(values, Placeholder::kEmoji, request.emoji);
        set(values, Placeholder::kOn, request.on);
      }
      break;
    case Operation::kChanges:
      if (request.after_rev) set(values, Placeholder::kAfterRev, *request.after_rev);
      if (request.limit > 0) set(values, Placeholder::kLimit, request.limit);
      break;
    case Operation::kMarkRead:
      if (!request.message_id.empty()) set(values, Placeholder::kMessageId, request.message_id);
      if (request.seq) set(values, Placeholder::kSeq, *request.seq);
      break;
    case Operation::kHistory:
      if (request.before_seq) set(values, Placeholder::kBefore, *request.before_seq);
      if (request.after_seq) set(values, Placeholder::kAfter, *request.after_seq);
      if (!request.message_id.empty()) set(values, Placeholder::kAround, request.message_id);
      if (request.limit > 0) set(values, Placeholder::kLimit, request.limit);
      break;
    case Operation::kLeave:
    case Operation::kTypingStart:
    case Operation::kTypingStop:
    case Operation::kMembers:
      break;
  }
  Outgoing out{spec->event, Json::array(), spec->confirm == Confirmation::kAck};
  if (spec->payload) {
    if (std::optional<Json> payload = fill_template(*spec->payload, values))
      out.args.push_back(std::move(*payload));
  }
  return out;
}

}  // namespace chatwire::dialect
