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
// - The events that name a room (every request but a malformed one, and
//   `typing`) are handled one at a time per room, in arrival order
//   (engine.inRoom): the store is asynchronous, and the ordering guarantees
//   were written for a server that did one thing at a time.
// - A store that cannot reach its database answers `unavailable` (retry
//   later), an addition to the document's error codes; any other failure
//   answers `internal`.

import { AUTHENTICATION_FAILED, INVALID_TOKEN, createAuthMiddleware, isUser } from './auth.mjs';
import { roomOfChannel, userChannel } from './broadcast.mjs';
import { Connection } from './connections.mjs';
import { createEngine } from './engine.mjs';
import { PROTOCOL_SERVER_OPTIONS } from './limits.mjs';
import { resolvePolicy } from './policy.mjs';
import { failure } from './replies.mjs';
import { StoreUnavailableError } from './store-errors.mjs';
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
import { isJsonObject, textFailure } from './validation.mjs';

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
 * @property {boolean} [clustered]             `io` runs with a cluster adapter (several nodes): who is
 *                                             online and in which room is asked of every node
 *                                             (default false: this process knows every connection)
 * @property {() => boolean} [isClusterBusUp]  in a cluster, whether the bus between the nodes (Redis)
 *                                             is connected; while it is not, a node that went quiet is
 *                                             not taken for dead (default: always up)
 */

/**
 * @typedef {object} ChatProtocol
 * @property {(post: { room: string, author: User, text: string }) => Promise<Message>} postMessage
 *   Stores a message that no client sent (clientId null: a system message, a bot) and broadcasts it
 *   to the room. Rejects if the room does not exist, the text breaks the protocol's text rules, or
 *   the store fails.
 * @property {(userId: string) => boolean} isOnline  whether the user has an open connection (in a cluster:
 *   on this node)
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
    clustered = false,
    isClusterBusUp,
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
    clustered,
    isClusterBusUp,
    onError,
  });

  // The user lives in socket.data: fetchSockets() shows it to other nodes,
  // and connection state recovery restores it with the socket (a recovered
  // socket skips the middleware).
  io.use(
    createAuthMiddleware(
      authenticate,
      (socket, user) => {
        socket.data.user = user;
        socket.data.connectedAt = Date.now();
      },
      onError,
    ),
  );
  io.on('connection', (socket) => {
    const user = socket.data?.user;
    // Only sockets that passed the middleware (or were recovered) reach here; be safe anyway.
    if (!isUser(user)) {
      socket.disconnect(true);
      return;
    }
    serveConnection(engine, socket, user);
  });

  return {
    async postMessage({ room, author, text }) {
      const badText = textFailure(text);
      if (badText) throw new RangeError(`postMessage: ${badText.error.message}`);
      // Like a send: in the room's turn, so that it cannot fall between a
      // join's subscription and its page.
      return engine.inRoom(room, async () => {
        if ((await store.getRoom(room)) === null) throw new RangeError(`postMessage: no room ${JSON.stringify(room)}`);
        const { message } = await store.insertMessage({
          room,
          clientId: null,
          author: { id: author.id, name: author.name },
          text,
          createdAt: now(),
        });
        engine.broadcast.toRoom(room, 'message', message);
        return message;
      });
    },
    isOnline: (userId) => engine.presence.isOnlineHere(userId),
    dispose: () => engine.presence.dispose(),
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
  // A socket restored by connection state recovery is still in its rooms.
  if (socket.recovered) {
    for (const channel of socket.rooms) {
      const room = roomOfChannel(channel);
      if (room !== null) connection.rooms.add(room);
    }
  }
  engine.presence.open(connection);

  for (const [event, handle] of Object.entries(REQUESTS)) {
    socket.on(event, (...args) => {
      // socket.io passes the ack callback last when the request has an ack id.
      const ack = typeof args.at(-1) === 'function' ? args.pop() : null;
      const payload = args[0];
      inRoomOf(engine, payload, () => handle(engine, connection, payload)).then(
        (reply) => ack?.(reply),
        (error) => {
          // The store failed (or a bug): the request stored nothing the
          // client can rely on, or the same clientId or opId repeated will
          // find what it stored; either way the client retries.
          engine.onError(error, `${event} by ${user.id}`);
          ack?.(
            error instanceof StoreUnavailableError
              ? failure('unavailable', 'the database is unavailable; retry later')
              : failure('internal', 'the server failed; retry later'),
          );
        },
      );
    });
  }

  // Without ack id, never answered (an ack callback, if the client asked for
  // one anyway, is ignored). In the room's turn like a request, so that a
  // `stop` sent after a `send` is relayed after its message.
  socket.on('typing', (payload) => {
    inRoomOf(engine, payload, () => handleTyping(engine, connection, payload)).catch((error) => {
      engine.onError(error, `typing by ${user.id}`);
    });
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
    engine.presence.close(connection);
  });
}

/**
 * Runs the handling of an event in its room's turn (engine.inRoom). A payload
 * that names no room is malformed: it is answered at once (`bad_request`),
 * as it touches no room.
 * @template T
 * @param {import('./engine.mjs').Engine} engine
 * @param {unknown} payload
 * @param {() => T | Promise<T>} work
 * @returns {Promise<T>}
 */
function inRoomOf(engine, payload, work) {
  const room = isJsonObject(payload) && typeof payload.room === 'string' ? payload.room : null;
  return room === null ? Promise.resolve().then(work) : engine.inRoom(room, work);
}
