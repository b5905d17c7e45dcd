// The built-in dialect documents, as written: ordinary dialect documents
// (docs/dialects.md), loaded and validated exactly like an app's own. Each
// one's "comment" records how the preset reads whatever its backend's source
// leaves unnamed, and the test servers in backends/ follow those comments.
//
// The module does not ship this text: presets.cpp compacts each document at
// compile time (no whitespace, no "comment" members, which a dialect
// document may hold at any level and the loader ignores), which is about half
// the bytes. So no member that is not a comment may be named "comment"
// here; tests/dialect/presets_test.cpp checks that both forms load alike.
#pragma once

#include <array>
#include <string_view>

namespace chatwire::dialect::presets {

// docs/protocol.md, exactly.
inline constexpr std::string_view kChatwire = R"json({
  "name": "chatwire",
  "version": 1,
  "comment": [
    "The Chatwire native protocol, version 1 (docs/protocol.md).",
    "Every request but typing is acked; sends are idempotent by clientId; messages carry a per-room seq.",
    "The server forgets a typing start after ttlMs (6000) without another start.",
    "Edits, deletes and reactions are acked with the message's state after them and idempotent by opId;",
    "message_updated pushes a message's new state; a rejoin asks what changed after sinceRev."
  ],
  "room_ids": "string",
  "user_key": "id",
  "epoch_unit": "ms",
  "typing": {"expires_ms": 6000},
  "requests": {
    "join": {
      "event": "join",
      "payload": {"room": "{room}", "since": "{since}", "sinceRev": "{since_rev}"},
      "confirm": "ack"
    },
    "leave": {"event": "leave", "payload": {"room": "{room}"}, "confirm": "ack"},
    "send": {
      "event": "send",
      "payload": {"room": "{room}", "clientId": "{client_id}", "text": "{text}", "replyTo": "{reply_to}"},
      "confirm": "ack",
      "idempotent": true
    },
    "typing_start": {"event": "typing", "payload": {"room": "{room}", "state": "start"}, "confirm": "none"},
    "typing_stop": {"event": "typing", "payload": {"room": "{room}", "state": "stop"}, "confirm": "none"},
    "mark_read": {"event": "read", "payload": {"room": "{room}", "seq": "{seq}"}, "confirm": "ack"},
    "history": {
      "event": "history",
      "payload": {"room": "{room}", "before": "{before}", "after": "{after}", "around": "{around}", "limit": "{limit}"},
      "confirm": "ack"
    },
    "members": {"event": "members", "payload": {"room": "{room}"}, "confirm": "ack"},
    "edit": {
      "event": "edit",
      "payload": {"room": "{room}", "id": "{message_id}", "text": "{text}", "opId": "{op_id}"},
      "confirm": "ack"
    },
    "delete": {"event": "delete", "payload": {"room": "{room}", "id": "{message_id}", "opId": "{op_id}"}, "confirm": "ack"},
    "react": {
      "event": "react",
      "payload": {"room": "{room}", "id": "{message_id}", "emoji": "{emoji}", "on": "{on}", "opId": "{op_id}"},
      "confirm": "ack"
    },
    "changes": {
      "event": "changes",
      "payload": {"room": "{room}", "afterRev": "{after_rev}", "limit": "{limit}"},
      "confirm": "ack"
    }
  },
  "shapes": {
    "message": {
      "fields": {
        "id": "id",
        "room": "room",
        "seq": "seq",
        "client_id": {"path": "clientId", "optional": true},
        "author_id": "author.id",
        "author_name": "author.name",
        "text": "text",
        "created_at": "createdAt",
        "version": {"path": "version", "optional": true},
        "rev": {"path": "rev", "optional": true},
        "edited_at": {"path": "editedAt", "optional": true},
        "deleted": {"path": "deleted", "optional": true},
        "reactions": {"path": "reactions", "optional": true},
        "reply_to_id": {"path": "replyTo.id", "optional": true},
        "reply_to_author_id": {"path": "replyTo.author.id", "optional": true},
        "reply_to_author_name": {"path": "replyTo.author.name", "optional": true},
        "reply_to_excerpt": {"path": "replyTo.excerpt", "optional": true},
        "reply_to_deleted": {"path": "replyTo.deleted", "optional": true}
      }
    },
    "member": {"fields": {"user_id": "user.id", "user_name": "user.name", "online": "online"}}
  },
  "events": {
    "message": {"signal": "message"},
    "message_updated": {"signal": "message_updated"},
    "typing": {
      "signal": "typing",
      "fields": {
        "room": "room",
        "user_id": "user.id",
        "user_name": "user.name",
        "typing": {"path": "state", "values": {"start": true, "stop": false}},
        "ttl_ms": {"path": "ttlMs", "optional": true}
      }
    },
    "member_joined": {
      "signal": "member_joined",
      "fields": {"room": "room", "user_id": "user.id", "user_name": "user.name"}
    },
    "member_left": {
      "signal": "member_left",
      "fields": {"room": "room", "user_id": "user.id", "user_name": "user.name"}
    },
    "presence": {
      "signal": "presence",
      "fields": {"user_id": "user.id", "user_name": "user.name", "online": "online"}
    },
    "read": {
      "signal": "receipt",
      "fields": {"room": "room", "user_id": "user.id", "user_name": "user.name", "seq": "seq"}
    },
    "error": {
      "signal": "error",
      "comment": "The error code goes to details.",
      "fields": {"message": "message", "details": {"path": "code", "optional": true}}
    }
  },
  "responses": {
    "comment": "Each field is read only for the requests whose ack carries it (docs/dialects.md).",
    "fields": {
      "ok": "ok",
      "error_code": {"path": "error.code", "optional": true},
      "error_message": {"path": "error.message", "optional": true},
      "message": "message",
      "messages": "messages",
      "has_more": "hasMore",
      "members": "members",
      "read_seq": "readSeq",
      "rev": {"path": "rev", "optional": true},
      "changes": {"path": "changes", "optional": true},
      "changes_more": {"path": "changesMore", "optional": true},
      "has_older": {"path": "hasOlder", "optional": true},
      "has_newer": {"path": "hasNewer", "optional": true}
    }
  }
})json";

// Seed 000: Flask + Flask-SocketIO, in memory.
inline constexpr std::string_view kFlaskRooms = R"json({
  "name": "flask-rooms",
  "version": 1,
  "comment": [
    "Seed 000 (Flask + Flask-SocketIO, in memory). Users are known by name only; a user's id is their name.",
    "The client events are as the seed shows them. The seed names no server payload fields; this preset reads them so:",
    "- the server remembers the room of the connection's last 'join' and sends 'message' and 'typing' there,",
    "  so those requests carry no room. 'join' gets no answer of its own.",
    "- 'message' (to everyone in the room, sender included, which confirms a send):",
    "  {id, username, message, room, timestamp}; id a string (an integer is accepted too); timestamp is",
    "  Python's datetime.isoformat(), without zone, read as UTC.",
    "- 'user_joined' {username, room}, to everyone in the room, the joiner included. It is the seed's",
    "  'system notification'; no system text arrives as a 'message'.",
    "- 'user_typing' {username, is_typing}, to the others in the sender's room; it names no room.",
    "- 'message_history' {room, messages: [message, ...]} oldest first, only to the client that sent",
    "  'get_messages'; the client asks for it after each join. It says nothing about older messages.",
    "- 'connection_response' {data} on connect carries nothing kept.",
    "- No leave, no member list, no read receipts, no acks."
  ],
  "room_ids": "string",
  "user_key": "name",
  "requests": {
    "join": {"event": "join", "payload": {"username": "{user.name}", "room": "{room}"}, "confirm": "none"},
    "send": {"event": "message", "payload": {"message": "{text}"}, "confirm": "event"},
    "typing_start": {"event": "typing", "payload": {"is_typing": true}, "confirm": "none"},
    "typing_stop": {"event": "typing", "payload": {"is_typing": false}, "confirm": "none"},
    "history": {"event": "get_messages", "payload": {"room": "{room}"}, "confirm": "event", "after_join": true}
  },
  "shapes": {
    "message": {
      "fields": {
        "id": "id",
        "room": "room",
        "author_id": "username",
        "author_name": "username",
        "text": "message",
        "created_at": "timestamp"
      }
    }
  },
  "events": {
    "connection_response": {"signal": "ignore"},
    "message": {"signal": "message"},
    "user_joined": {
      "signal": "member_joined",
      "fields": {"room": "room", "user_id": "username", "user_name": "username"}
    },
    "user_typing": {
      "signal": "typing",
      "fields": {"user_id": "username", "user_name": "username", "typing": "is_typing"}
    },
    "message_history": {"signal": "history", "fields": {"room": "room", "messages": "messages"}}
  }
})json";

// Seed 001: Flask-SocketIO + eventlet, shows as rooms.
inline constexpr std::string_view kFlaskShows = R"json({
  "name": "flask-shows",
  "version": 1,
  "comment": [
    "Seed 001 (Flask-SocketIO + eventlet, a show per room). Show ids and user ids are integers.",
    "Payloads are as the seed shows them; where it is silent this preset reads them so:",
    "- 'join_show' is answered to the joiner by 'message_history' {messages} (the last 50, oldest first),",
    "  which confirms the join, then by 'active_users' {active_users, count} (no show_id).",
    "- history and new_message items are {id, show_id, user_id, username, message, created_at};",
    "  created_at is ISO 8601 ('Z', or no zone read as UTC).",
    "- 'user_joined' / 'user_left' {user_id, username, message, active_users} go to the others in the show;",
    "  active_users holds the same items as the 'active_users' event: {user_id, username, sid}, one per",
    "  connection (a user with two tabs is listed twice; the member list keeps one).",
    "- 'get_active_users' is answered by 'active_users' {show_id, active_users, count}.",
    "- 'new_message' goes to everyone in the show, the sender included, which confirms a send.",
    "- 'user_typing' {user_id, username, is_typing} goes to the others and names no show.",
    "- 'leave_show' gets no answer. 'connected' {message, username} carries nothing kept.",
    "- 'error' {message, details}; details may be absent.",
    "- No acks, no history paging, no read receipts."
  ],
  "room_ids": "number",
  "user_key": "id",
  "requests": {
    "join": {"event": "join_show", "payload": {"show_id": "{room}"}, "confirm": "event"},
    "leave": {"event": "leave_show", "payload": {"show_id": "{room}"}, "confirm": "none"},
    "send": {"event": "send_message", "payload": {"show_id": "{room}", "message": "{text}"}, "confirm": "event"},
    "typing_start": {"event": "typing", "payload": {"show_id": "{room}", "is_typing": true}, "confirm": "none"},
    "typing_stop": {"event": "typing", "payload": {"show_id": "{room}", "is_typing": false}, "confirm": "none"},
    "members": {"event": "get_active_users", "payload": {"show_id": "{room}"}, "confirm": "event"}
  },
  "shapes": {
    "message": {
      "fields": {
        "id": "id",
        "room": "show_id",
        "author_id": "user_id",
        "author_name": "username",
        "text": "message",
        "created_at": "created_at"
      }
    },
    "member": {"fields": {"user_id": "user_id", "user_name": "username"}}
  },
  "events": {
    "connected": {"signal": "ignore"},
    "message_history": {"signal": "history", "confirms_join": true, "fields": {"messages": "messages"}},
    "active_users": {
      "signal": "members",
      "fields": {"room": {"path": "show_id", "optional": true}, "members": "active_users"}
    },
    "user_joined": {
      "signal": "member_joined",
      "fields": {
        "user_id": "user_id",
        "user_name": "username",
        "members": {"path": "active_users", "optional": true}
      }
    },
    "user_left": {
      "signal": "member_left",
      "fields": {
        "user_id": "user_id",
        "user_name": "username",
        "members": {"path": "active_users", "optional": true}
      }
    },
    "new_message": {"signal": "message"},
    "user_typing": {
      "signal": "typing",
      "fields": {"user_id": "user_id", "user_name": "username", "typing": "is_typing"}
    },
    "error": {"signal": "error", "fields": {"message": "message", "details": {"path": "details", "optional": true}}}
  }
})json";

// Seed 002: NestJS gateway over PostgreSQL, one-to-one conversations.
inline constexpr std::string_view kNestConversations = R"json({
  "name": "nest-conversations",
  "version": 1,
  "comment": [
    "Seed 002 (NestJS gateway + REST + PostgreSQL, one-to-one conversations; JWT required).",
    "Client events are as the seed shows them; where it is silent this preset reads them so:",
    "- 'message' is the Message entity as TypeORM serializes it: {id, conversationId, senderId, content,",
    "  isRead, createdAt (ISO 8601 with 'Z'), updatedAt}, with 'sender' {id, username} when the relation is",
    "  loaded. Without it the author's name is the senderId. Ids are UUID strings.",
    "- 'message' goes to both participants (each user's room 'user:{userId}'), the sender included, which",
    "  confirms a send.",
    "- 'joinConversation' gets no answer. There is no leave event.",
    "- 'typing' {userId, isTyping} goes to the other participant and names no conversation.",
    "- 'markAsRead' {messageId} marks one message read (so the client sends one per message read) and gets",
    "  no answer; the message's sender receives 'messageRead' {messageId}, which names no reader.",
    "- 'userOnline' / 'userOffline' {userId} go to everyone when a user's first connection opens / last closes.",
    "- History and unread counts are REST (GET /chat/conversations/:id/messages), outside the socket: no",
    "  history request here.",
    "- A refused request (a WsException, or a payload the validation pipe rejects) is NestJS's own",
    "  'exception' {status: 'error', message}: a server error here. It names no request, so a refused send",
    "  fails when its confirmation times out."
  ],
  "room_ids": "string",
  "user_key": "id",
  "requests": {
    "join": {"event": "joinConversation", "payload": {"conversationId": "{room}"}, "confirm": "none"},
    "send": {
      "event": "sendMessage",
      "payload": {"conversationId": "{room}", "content": "{text}"},
      "confirm": "event"
    },
    "typing_start": {
      "event": "typing",
      "payload": {"conversationId": "{room}", "isTyping": true},
      "confirm": "none"
    },
    "typing_stop": {
      "event": "typing",
      "payload": {"conversationId": "{room}", "isTyping": false},
      "confirm": "none"
    },
    "mark_read": {
      "event": "markAsRead",
      "payload": {"messageId": "{message_id}"},
      "confirm": "none",
      "per_message": true
    }
  },
  "shapes": {
    "message": {
      "fields": {
        "id": "id",
        "room": "conversationId",
        "author_id": "senderId",
        "author_name": ["sender.username", "senderId"],
        "text": "content",
        "created_at": "createdAt"
      }
    }
  },
  "events": {
    "message": {"signal": "message"},
    "userOnline": {"signal": "presence", "fields": {"user_id": "userId", "online": {"value": true}}},
    "userOffline": {"signal": "presence", "fields": {"user_id": "userId", "online": {"value": false}}},
    "typing": {"signal": "typing", "fields": {"user_id": "userId", "typing": "isTyping"}},
    "messageRead": {"signal": "receipt", "fields": {"message_id": "messageId"}},
    "exception": {"signal": "error", "fields": {"message": "message"}}
  }
})json";

// Seed 003: Express + socket.io.
inline constexpr std::string_view kExpressConversations = R"json({
  "name": "express-conversations",
  "version": 1,
  "comment": [
    "Seed 003 (Express + socket.io, conversations as rooms). Payloads are as the seed shows them.",
    "- 'typing' {conversationId, userId} means 'is typing'; there is no stop event: the server relays",
    "  {userId, isTyping: true} to the others and {userId, isTyping: false} 3000 ms after each 'typing'",
    "  (each starts its own timer, none is cancelled: a steady typist's indicator flickers off 3000 ms after",
    "  the first, and on again with the next), so the client repeats 'typing' while the user types",
    "  (typing.expires_ms 3000). The relay names no conversation.",
    "- 'sendMessage' carries the app user's id as senderId. 'newMessage' {id, conversationId, senderId,",
    "  message, timestamp} goes to the whole conversation, the sender included, which confirms a send;",
    "  id is Date.now() as a string, timestamp new Date().toISOString(). Messages carry no sender name: the",
    "  author's name is the senderId.",
    "- 'joinConversation' / 'leaveConversation' get no answer. No acks, no read receipts, and no history on",
    "  the socket: the seed keeps history behind its REST API (load on page refresh, and a REST fallback",
    "  while the socket is down), outside this dialect."
  ],
  "room_ids": "string",
  "user_key": "id",
  "typing": {"expires_ms": 3000},
  "requests": {
    "join": {"event": "joinConversation", "payload": {"conversationId": "{room}"}, "confirm": "none"},
    "leave": {"event": "leaveConversation", "payload": {"conversationId": "{room}"}, "confirm": "none"},
    "send": {
      "event": "sendMessage",
      "payload": {"conversationId": "{room}", "senderId": "{user.id}", "message": "{text}"},
      "confirm": "event"
    },
    "typing_start": {
      "event": "typing",
      "payload": {"conversationId": "{room}", "userId": "{user.id}"},
      "confirm": "none"
    }
  },
  "shapes": {
    "message": {
      "fields": {
        "id": "id",
        "room": "conversationId",
        "author_id": "senderId",
        "author_name": "senderId",
        "text": "message",
        "created_at": "timestamp"
      }
    }
  },
  "events": {
    "newMessage": {"signal": "message"},
    "typing": {"signal": "typing", "fields": {"user_id": "userId", "typing": "isTyping"}}
  }
})json";

// Seed 004: Flask-SocketIO + eventlet, several named rooms, SQL storage.
inline constexpr std::string_view kFlaskMultiroom = R"json({
  "name": "flask-multiroom",
  "version": 1,
  "comment": [
    "Seed 004 (Flask-SocketIO + eventlet, named rooms such as 'general', SQL storage, session auth).",
    "The seed names events but no payload fields; this preset reads them so:",
    "- 'join_room' {room} (the room's name) is answered to the joiner by 'room_joined' {room, messages}",
    "  (recent messages, oldest first), which confirms the join.",
    "- 'new_message' {id, room, user_id, username, message, message_type, created_at, is_edited} goes to",
    "  the whole room, the sender included, which confirms a send. id and user_id are integers; created_at",
    "  is Python's datetime.isoformat() of a UTC time without zone (microseconds possible).",
    "- Only message_type 'text' is a chat message. 'system', 'join' and 'leave' rows are notifications",
    "  the chat model derives from user_joined / user_left; they are skipped, in room_joined too.",
    "- 'user_joined' / 'user_left' {room, user_id, username} go to the others in the room.",
    "- 'send_message' {room, message}; 'typing_start' / 'typing_stop' {room} become 'user_typing'",
    "  {room, user_id, username, is_typing} to the others.",
    "- 'leave_room' gets no answer. 'status' {msg} and 'rooms_list' {rooms} carry nothing kept ('get_rooms'",
    "  is not used). 'error' {message}.",
    "- No acks, no history paging, no read receipts."
  ],
  "room_ids": "string",
  "user_key": "id",
  "requests": {
    "join": {"event": "join_room", "payload": {"room": "{room}"}, "confirm": "event"},
    "leave": {"event": "leave_room", "payload": {"room": "{room}"}, "confirm": "none"},
    "send": {"event": "send_message", "payload": {"room": "{room}", "message": "{text}"}, "confirm": "event"},
    "typing_start": {"event": "typing_start", "payload": {"room": "{room}"}, "confirm": "none"},
    "typing_stop": {"event": "typing_stop", "payload": {"room": "{room}"}, "confirm": "none"}
  },
  "shapes": {
    "message": {
      "fields": {
        "id": "id",
        "room": "room",
        "author_id": "user_id",
        "author_name": "username",
        "text": "message",
        "created_at": "created_at"
      },
      "filter": {"message_type": "text"}
    }
  },
  "events": {
    "status": {"signal": "ignore"},
    "rooms_list": {"signal": "ignore"},
    "room_joined": {
      "signal": "history",
      "confirms_join": true,
      "fields": {"room": "room", "messages": "messages"}
    },
    "new_message": {"signal": "message"},
    "user_joined": {
      "signal": "member_joined",
      "fields": {"room": "room", "user_id": "user_id", "user_name": "username"}
    },
    "user_left": {
      "signal": "member_left",
      "fields": {"room": "room", "user_id": "user_id", "user_name": "username"}
    },
    "user_typing": {
      "signal": "typing",
      "fields": {"room": "room", "user_id": "user_id", "user_name": "username", "typing": "is_typing"}
    },
    "error": {"signal": "error", "fields": {"message": "message"}}
  }
})json";

/// A built-in dialect: its name and its document as written.
struct PresetDocument {
  std::string_view name;
  std::string_view text;
};

/// Every preset, in the order Dialect::preset_names() lists them.
inline constexpr std::array<PresetDocument, 6> kDocuments = {{
    {"chatwire", kChatwire},
    {"flask-rooms", kFlaskRooms},
    {"flask-shows", kFlaskShows},
    {"nest-conversations", kNestConversations},
    {"express-conversations", kExpressConversations},
    {"flask-multiroom", kFlaskMultiroom},
}};

}  // namespace chatwire::dialect::presets
