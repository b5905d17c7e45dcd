#include "client_fuzz/vocabulary.h"

namespace chatwire::fuzz::client_fuzz {

const std::array<Keys, 6> kMessageShapes = {{
    {"id", "room", "seq", "clientId", "author", "text", "createdAt", "version", "rev", "editedAt", "deleted",
     "reactions", "replyTo"},
    {"id", "username", "message", "room", "timestamp"},
    {"id", "show_id", "user_id", "username", "message", "created_at"},
    {"id", "conversationId", "senderId", "content", "isRead", "createdAt", "updatedAt", "sender"},
    {"id", "conversationId", "senderId", "message", "timestamp"},
    {"id", "room", "user_id", "username", "message", "message_type", "created_at", "is_edited"},
}};
const Keys kNativeMember = {"user", "online"};
const Keys kShowsMember = {"user_id", "username", "sid"};
const Keys kNativeUser = {"id", "name"};
const Keys kNestUser = {"id", "username"};

const std::array<std::vector<EventShape>, 6> kEventShapes = {{
    {{"message", {}},
     {"typing", {"room", "user", "state", "ttlMs"}},
     {"member_joined", {"room", "user"}},
     {"member_left", {"room", "user"}},
     {"presence", {"user", "online"}},
     {"read", {"room", "user", "seq"}},
     {"error", {"code", "message"}},
     {"message_updated", {}}},
    {{"connection_response", {"data"}},
     {"message", {}},
     {"user_joined", {"username", "room"}},
     {"user_typing", {"username", "is_typing"}},
     {"message_history", {"room", "messages"}}},
    {{"connected", {"message", "username"}},
     {"message_history", {"messages"}},
     {"active_users", {"show_id", "active_users", "count"}},
     {"user_joined", {"user_id", "username", "message", "active_users"}},
     {"user_left", {"user_id", "username", "message", "active_users"}},
     {"new_message", {}},
     {"user_typing", {"user_id", "username", "is_typing"}},
     {"error", {"message", "details"}}},
    {{"message", {}},
     {"userOnline", {"userId"}},
     {"userOffline", {"userId"}},
     {"typing", {"userId", "isTyping"}},
     {"messageRead", {"messageId"}}},
    {{"newMessage", {}}, {"typing", {"userId", "isTyping"}}},
    {{"status", {"msg"}},
     {"rooms_list", {"rooms"}},
     {"room_joined", {"room", "messages"}},
     {"new_message", {}},
     {"user_joined", {"room", "user_id", "username"}},
     {"user_left", {"room", "user_id", "username"}},
     {"user_typing", {"room", "user_id", "username", "is_typing"}},
     {"error", {"message"}}},
}};

const std::array<Keys, 8> kAckShapes = {{
    {"ok", "room", "members", "messages", "hasMore", "readSeq", "lastSeq", "rev", "changes", "changesMore"},
    {"ok", "message"},
    {"ok", "messages", "hasMore"},
    {"ok", "members"},
    {"ok", "readSeq"},
    {"ok"},
    {"ok", "error"},
    {"ok", "messages", "hasMore", "rev"},
}};

}  // namespace chatwire::fuzz::client_fuzz
