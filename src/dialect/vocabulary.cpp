// The document's vocabulary: which semantic fields each mapping may name.
#include <array>

#include "dialect/spec.h"

namespace chatwire::dialect {
namespace {

using F = Field;
using T = ValueType;

constexpr FieldRule kMessageShape[] = {
    {"id", F::kId, T::kId, true},
    {"client_id", F::kClientId, T::kId, false},
    {"room", F::kRoom, T::kId, false},
    {"author_id", F::kAuthorId, T::kId, true},
    {"author_name", F::kAuthorName, T::kId, false},
    {"text", F::kText, T::kText, true},
    {"created_at", F::kCreatedAt, T::kTimestamp, false},
    {"seq", F::kSeq, T::kInt, false},
    {"version", F::kVersion, T::kInt, false},
    {"rev", F::kRev, T::kInt, false},
    {"edited_at", F::kEditedAt, T::kTimestamp, false},
    {"deleted", F::kDeleted, T::kBool, false},
    {"reactions", F::kReactions, T::kReactions, false},
    {"reply_to_id", F::kReplyToId, T::kId, false},
    {"reply_to_author_id", F::kReplyToAuthorId, T::kId, false},
    {"reply_to_author_name", F::kReplyToAuthorName, T::kId, false},
    {"reply_to_excerpt", F::kReplyToExcerpt, T::kText, false},
    {"reply_to_deleted", F::kReplyToDeleted, T::kBool, false},
};

constexpr FieldRule kMemberShape[] = {
    {"user_id", F::kUserId, T::kId, true},
    {"user_name", F::kUserName, T::kId, false},
    {"online", F::kOnline, T::kBool, false},
};

constexpr FieldRule kMessageSignal[] = {
    {"message", F::kMessage, T::kMessage, false},
    {"room", F::kRoom, T::kId, false},
};

constexpr FieldRule kHistorySignal[] = {
    {"room", F::kRoom, T::kId, false},
    {"messages", F::kMessages, T::kMessageList, true},
    {"has_more", F::kHasMore, T::kBool, false},
};

constexpr FieldRule kTypingSignal[] = {
    {"room", F::kRoom, T::kId, false},          {"user_id", F::kUserId, T::kId, true},
    {"user_name", F::kUserName, T::kId, false}, {"typing", F::kTyping, T::kBool, true},
    {"ttl_ms", F::kTtlMs, T::kInt, false},
};

constexpr FieldRule kMemberChangeSignal[] = {
    {"room", F::kRoom, T::kId, false},
    {"user_id", F::kUserId, T::kId, true},
    {"user_name", F::kUserName, T::kId, false},
    {"members", F::kMembers, T::kMemberList, false},
};

constexpr FieldRule kMembersSignal[] = {
    {"room", F::kRoom, T::kId, false},
    {"members", F::kMembers, T::kMemberList, true},
};

constexpr FieldRule kPresenceSignal[] = {
    {"user_id", F::kUserId, T::kId, true},
    {"user_name", F::kUserName, T::kId, false},
    {"online", F::kOnline, T::kBool, true},
};

constexpr FieldRule kReceiptSignal[] = {
    {"room", F::kRoom, T::kId, false},          {"user_id", F::kUserId, T::kId, false},
    {"user_name", F::kUserName, T::kId, false}, {"message_id", F::kMessageId, T::kId, false},
    {"seq", F::kSeq, T::kInt, false},
};

constexpr FieldRule kErrorSignal[] = {
    {"room", F::kRoom, T::kId, false},
    {"message", F::kErrorText, T::kText, true},
    {"details", F::kDetails, T::kText, false},
};

constexpr FieldRule kResponse[] = {
    {"ok", F::kOk, T::kBool, false},
    {"error_code", F::kErrorCode, T::kId, false},
    {"error_message", F::kErrorMessage, T::kText, false},
    {"message", F::kMessage, T::kMessage, false},
    {"messages", F::kMessages, T::kMessageList, false},
    {"has_more", F::kHasMore, T::kBool, false},
    {"members", F::kMembers, T::kMemberList, false},
    {"read_seq", F::kReadSeq, T::kInt, false},
    {"rev", F::kRev, T::kInt, false},
    {"changes", F::kChanges, T::kMessageList, false},
    {"changes_more", F::kChangesMore, T::kBool, false},
    {"has_older", F::kHasOlder, T::kBool, false},
    {"has_newer", F::kHasNewer, T::kBool, false},
};

constexpr std::array<std::string_view, 11> kSignalNames = {
    "message", "history",  "typing",  "member_joined", "member_left",     "members",
    "presence", "receipt", "error",   "ignore",        "message_updated",
};

}  // namespace

FieldRules message_shape_rules() { return {"a message", kMessageShape}; }
FieldRules member_shape_rules() { return {"a member", kMemberShape}; }
FieldRules response_rules() { return {"an ack", kResponse}; }

FieldRules signal_rules(SignalKind kind) {
  switch (kind) {
    case SignalKind::kMessage:
      return {"a message signal", kMessageSignal};
    case SignalKind::kHistory:
      return {"a history signal", kHistorySignal};
    case SignalKind::kTyping:
      return {"a typing signal", kTypingSignal};
    case SignalKind::kMemberJoined:
      return {"a member_joined signal", kMemberChangeSignal};
    case SignalKind::kMemberLeft:
      return {"a member_left signal", kMemberChangeSignal};
    case SignalKind::kMembers:
      return {"a members signal", kMembersSignal};
    case SignalKind::kPresence:
      return {"a presence signal", kPresenceSignal};
    case SignalKind::kReceipt:
      return {"a receipt signal", kReceiptSignal};
    case SignalKind::kError:
      return {"an error signal", kErrorSignal};
    case SignalKind::kIgnore:
      return {"an ignore signal", {}};
    case SignalKind::kMessageUpdated:
      return {"a message_updated signal", kMessageSignal};
  }
  return {"an ignore signal", {}};
}

std::string_view signal_name(SignalKind kind) { return kSignalNames[static_cast<std::size_t>(kind)]; }

std::optional<SignalKind> signal_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kSignalNames.size(); ++i) {
    if (kSignalNames[i] == name) return static_cast<SignalKind>(i);
  }
  return std::nullopt;
}

}  // namespace chatwire::dialect
