// The Chatwire native protocol, version 1 (docs/protocol.md), on a socket.io
// server the caller created. This module never imports socket.io: the caller
// passes its `io`, so whichever socket.io install the caller has (the
// reference server's, or the npm package's tests') is the one in use.
//
// Reading of the document where it leaves room (each also noted where it is
// implemented):
// - `read`, `history`, `members` and `changes` for a room that does not
//   exist answer `not_found`, following the general check order (existence
//   before membership), although their own error lists name only
//   `not_member`. Their permission is not checked again: a joined room was
//   authorized by its `join`. `edit`, `delete` and `react` write to the room
//   and ask `authorizeRoom` again, as `send` does, with their own name.
// - `edit`, `delete` and `react` share the `send` rate limit (one bucket per
//   user for everything that writes).
// - `leave` succeeds for any room id, existing or not, as its error list
//   (`bad_request` only) says.
// - A `typing` flood is dropped with one `error {rate_limited}` push per
//   flood, not one per dropped event.

import { AUTHENTICATION_FAILED, INVALID_TOKEN, createAuthMiddleware } from './auth.mjs';
import { userChannel } from './broadcast.mjs';
import { Connection } from './connections.mjs';
import { createEngine } from './engine.mjs';
import { PROTOCOL_SERVER_OPTIONS } from './limits.mjs';
import { resolvePolicy } from './policy.mjs';
import { failure } from './replies.mjs';
import { handleChanges } from './requests/changes.mjs';
import { handleDelete } from './requests/delete.mjs';
import { handleEdit } from './requests/edit.mjs';
import { handleHistory } from './requests/history.mjs';
import { handleJoin } from './requests/join.mjs';
import { handleLeave } from './requests/leave.mjs';
import { handleMembers } from './requests/members.mjs';
import { handleReact } from './requests/react.mjs';
import { handleRead } from './requests/read.mjs';
import { handleSend } from './requests/send.mjs';
import { handleTyping } from './requests/typing.mjs';
import { textFailure } from './validation.mjs';

export { PROTOCOL_SERVER_OPTIONS, INVALID_TOKEN, AUTHENTICATION_FAILED };

/** @typedef {import('./store.mjs').ChatStore} ChatStore */
/** @typedef {import('./store.mjs').Message} Message */
/** @typedef {import('./store.mjs').User} User */
/** @typedef {import('./auth.mjs').Authenticate} Authenticate */
/** @typedef {import('./engine.mjs').AuthorizeRoom} AuthorizeRoom */

/** The requests that carry an ack id, by event name. `typing` has none. */
const REQUESTS = Object.freeze({
  join: handleJoin,
  leave: handleLeave,
  send: handleSend,
  read: handleRead,
  history: handleHistory,
  members: handleMembers,
  edit: handleEdit,
  delete: handleDelete,
  react: handleReact,
  changes: handleChanges,
});

/** @param {unknown} error @param {string} context */
function logError(error, context) {
  console.error(`chatwire protocol: ${context} failed:`, error);
}

/**
 * @typedef {object} ChatProtocolOptions
 * @property {ChatStore} store                 rooms, messages, memberships, read cursors
 * @property {Authenticate} authenticate       CONNECT auth object → user, or null to refuse
 * @property {() => number} [now]              clock, epoch ms (default Date.now)
 * @property {Partial<import('./limits.mjs').PolicyLimits>} [limits]  rate limits and presence grace
 * @property {AuthorizeRoom} [authorizeRoom]   who may join, send to and change messages of which room
 *                                             (default: everyone); who may change which message is
 *                                             the engine's (the author edits, the author or a room
 *                                             admin deletes)
 * @property {boolean} [createRoomsOnJoin]     a `join` of an unknown room creates it instead of
 *                                             answering `not_found` (default false)
 * @property {boolean} [historyReadOnJoin]     a user who becomes a member starts with the room's
 *                                             history read (read cursor at lastSeq), so only what
 *                                             arrives after joining is unread (default false:
 *                                             cursor 0, the whole history unread)
 * @property {(error: unknown, context: string) => void} [onError]  where server failures are reported
 *                                             (default console.error); never given a token
 */

/**
 * @typedef {object} ChatProtocol
 * @property {(post: { room: string, author: User, text: string }) => Message} postMessage
 *   Stores a message that no client sent (clientId null: a system message, a bot) and broadcasts it
 *   to the room. Throws if the room does not exist or the text breaks the protocol's text rules.
 * @property {(userId: string) => boolean} isOnline  whether the user has an open connection
 * @property {() => void} dispose  the server is shutting down: cancels pending timers (delayed offline
 *   announcements) and announces no presence from then on. Call it before closing `io`.
 */

/**
 * Installs the native protocol on a socket.io server: the auth middleware,
 * every request of docs/protocol.md, and the pushes. Create the server with
 * PROTOCOL_SERVER_OPTIONS (WebSocket and long-polling, the documented
 * heartbeat and `maxPayload`).
 *
 * @param {import('socket.io').Server} io
 * @param {ChatProtocolOptions} options
 * @returns {ChatProtocol}
 */
export function attachChatProtocol(io, options) {
  const {
    store,
    authenticate,
    now = Date.now,
    limits,
    authorizeRoom = () => true,
    createRoomsOnJoin = false,
    historyReadOnJoin = false,
    onError = logError,
  } = options ?? {};
  if (typeof io?.use !== 'function' || typeof io?.on !== 'function') {
    throw new TypeError('attachChatProtocol: io must be a socket.io Server');
  }
  if (store === null || typeof store !== 'object') throw new TypeError('attachChatProtocol: store is required');
  if (typeof authenticate !== 'function') throw new TypeError('attachChatProtocol: authenticate must be a function');

  const engine = createEngine(io, {
    store,
    now,
    policy: resolvePolicy(limits),
    authorizeRoom,
    createRoomsOnJoin,
    historyReadOnJoin,
    onError,
  });

  /** @type {WeakMap<import('socket.io').Socket, User>} */
  const users = new WeakMap();
  io.use(createAuthMiddleware(authenticate, (socket, user) => users.set(socket, user), onError));
  io.on('connection', (socket) => {
    const user = users.get(socket);
    // Only sockets that passed the middleware reach here; be safe anyway.
    if (!user) {
      socket.disconnect(true);
      return;
    }
    serveConnection(engine, socket, user);
  });

  return {
    postMessage({ room, author, text }) {
      if (store.getRoom(room) === null) throw new RangeError(`postMessage: no room ${JSON.stringify(room)}`);
      const badText = textFailure(text);
      if (badText) throw new RangeError(`postMessage: ${badText.error.message}`);
      const { message } = store.insertMessage({
        room,
        clientId: null,
        author: { id: author.id, name: author.name },
        text,
        createdAt: now(),
      });
      engine.broadcast.toRoom(room, 'message', message);
      return message;
    },
    isOnline: (userId) => engine.registry.isOnline(userId),
    dispose: () => engine.registry.dispose(),
  };
}

/**
 * Serves one authenticated connection until it closes.
 * @param {import('./engine.mjs').Engine} engine
 * @param {import('socket.io').Socket} socket
 * @param {User} user
 */
function serveConnection(engine, socket, user) {
  const connection = new Connection(socket, user, engine.policy.typing, engine.now);
  socket.join(userChannel(user.id));
  engine.registry.open(connection);

  for (const [event, handle] of Object.entries(REQUESTS)) {
    socket.on(event, (...args) => {
      // socket.io passes the ack callback last when the request has an ack id.
      const ack = typeof args.at(-1) === 'function' ? args.pop() : null;
      let reply;
      try {
        reply = handle(engine, connection, args[0]);
      } catch (error) {
        // The store failed (or a bug): the request stored nothing the client
        // can rely on, and `internal` tells it to retry with backoff.
        engine.onError(error, `${event} by ${user.id}`);
        reply = failure('internal', 'the server failed; retry later');
      }
      ack?.(reply);
    });
  }

  // Without ack id, never answered (an ack callback, if the client asked for
  // one anyway, is ignored).
  socket.on('typing', (payload) => {
    try {
      handleTyping(engine, connection, payload);
    } catch (error) {
      engine.onError(error, `typing by ${user.id}`);
    }
  });

  // Still in its rooms here: tell them the connection stopped typing.
  socket.on('disconnecting', () => {
    try {
      for (const room of connection.rooms) engine.stopTyping(connection, room);
    } catch (error) {
      engine.onError(error, `typing stop of ${user.id}`);
    }
  });
  socket.on('disconnect', () => {
    connection.rooms.clear();
    engine.registry.close(connection);
  });
}
