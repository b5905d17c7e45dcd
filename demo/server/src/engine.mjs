// The state and the shared steps of the protocol engine, handed to every
// request handler: the store, the clock, the connections, broadcasting, the
// per-room queue, and the checks several requests share.
//
// The store is asynchronous (store.mjs), so a handler can wait in the middle
// of its steps. What the engine relied on when it could not (nothing happens
// between subscribing a connection and reading the page it gets, nor between
// a send's repeat lookup and its insert) now comes from `inRoom`: the events
// of one room are handled one at a time, in arrival order. Between server
// nodes the store itself keeps seqs and clientIds right.

import { createBroadcaster } from './broadcast.mjs';
import { createClusterPresence } from './cluster-presence.mjs';
import { createKeyedQueue } from './keyed-queue.mjs';
import { TYPING_TTL_MS } from './limits.mjs';
import { createLocalPresence } from './presence.mjs';
import { createKeyedRateLimiter } from './rate-limiter.mjs';
import { failure, notMember } from './replies.mjs';

/** @typedef {import('./store.mjs').ChatStore} ChatStore */
/** @typedef {import('./store.mjs').User} User */
/** @typedef {import('./connections.mjs').Connection} Connection */
/** @typedef {import('./limits.mjs').PolicyLimits} PolicyLimits */
/** @typedef {import('./replies.mjs').Failure} Failure */

/**
 * The requests that ask AuthorizeRoom: entering a room, and writing to it.
 * @typedef {'join' | 'send' | 'edit' | 'delete' | 'react'} RoomRequest
 */

/**
 * Decides whether a user may use a room: `join` it, `send` to it, or change
 * its messages (`edit`, `delete`, `react`; who may change which message is
 * the engine's rule, asked after this). False answers `unauthorized`.
 * @callback AuthorizeRoom
 * @param {{ user: User, room: string, request: RoomRequest }} access
 * @returns {boolean}
 */

/**
 * @typedef {object} EngineOptions
 * @property {ChatStore} store
 * @property {() => number} now
 * @property {PolicyLimits} policy
 * @property {AuthorizeRoom} authorizeRoom
 * @property {boolean} createRoomsOnJoin
 * @property {boolean} historyReadOnJoin
 * @property {boolean} [clustered]  `io` has a cluster adapter: presence is asked of every node
 * @property {() => boolean} [isClusterBusUp]  whether the bus between the nodes is connected (see cluster-presence.mjs)
 * @property {(error: unknown, context: string) => void} onError
 */

/**
 * @param {import('socket.io').Server} io
 * @param {EngineOptions} options
 */
export function createEngine(io, { store, now, policy, authorizeRoom, createRoomsOnJoin, historyReadOnJoin = false, clustered = false, isClusterBusUp, onError }) {
  const broadcast = createBroadcaster(io);
  const rooms = createKeyedQueue();
  // One user's announcements in order: an `online` whose rooms took long to
  // read must not arrive after the `offline` that followed it.
  const announcements = createKeyedQueue();

  /**
   * `presence` to each connection in a room the user is a member of.
   * @param {User} user @param {boolean} online
   */
  const announcePresence = (user, online) => {
    announcements
      .run(user.id, async () => broadcast.toAnyOfRooms(await store.roomsOfMember(user.id), 'presence', { user, online }))
      .catch((error) => {
        // A presence event is lost; the members snapshot of the next join or
        // members request is still right.
        onError(error, `presence of ${user.id}`);
      });
  };

  const transitions = {
    graceMs: policy.presenceGraceMs,
    onOnline: (user) => announcePresence(user, true),
    onOffline: (user) => announcePresence(user, false),
  };
  /** @type {import('./presence.mjs').Presence} */
  const presence = clustered ? createClusterPresence(io, { ...transitions, onError, isBusUp: isClusterBusUp }) : createLocalPresence(transitions);

  return {
    io,
    store,
    now,
    policy,
    broadcast,
    presence,
    onError,
    historyReadOnJoin,
    /** Sends and changes of messages, per user: one bucket, the policy's `send`. */
    writeLimiter: createKeyedRateLimiter(policy.send, now),

    /**
     * Runs `work` once every event of the room received before it was
     * handled: one room's events one at a time, in arrival order; other rooms
     * go on meanwhile.
     * @template T
     * @param {string} roomId
     * @param {() => T | Promise<T>} work
     * @returns {Promise<T>}
     */
    inRoom(roomId, work) {
      return rooms.run(roomId, work);
    },

    /**
     * The "room existence and permission" step of the check order: null when
     * the user may go on, else the `not_found` or `unauthorized` ack. With
     * createRoomsOnJoin, a `join` the user may make creates a missing room
     * (and so never answers `not_found`).
     * @param {User} user
     * @param {string} roomId
     * @param {RoomRequest} request
     * @returns {Promise<Failure | null>}
     */
    async admitToRoom(user, roomId, request) {
      const exists = (await store.getRoom(roomId)) !== null;
      if (!exists && !(createRoomsOnJoin && request === 'join')) return failure('not_found', 'no such room');
      if (!authorizeRoom({ user, room: roomId, request })) {
        return failure('unauthorized', `not allowed to ${request} this room`);
      }
      if (!exists) await store.createRoom(roomId, now());
      return null;
    },

    /**
     * Existence, then membership on this connection, for requests that only
     * read a joined room (`read`, `history`, `members`, `changes`): their
     * permission was checked by the `join`.
     * @param {Connection} connection
     * @param {string} roomId
     * @returns {Promise<Failure | null>}
     */
    async checkJoinedRoom(connection, roomId) {
      if ((await store.getRoom(roomId)) === null) return failure('not_found', 'no such room');
      return connection.rooms.has(roomId) ? null : notMember();
    },

    /**
     * The room's members with their online flags (the protocol's Member[]).
     * In a cluster, who is online is asked of every node.
     * @param {string} roomId
     * @returns {Promise<{ user: User, online: boolean }[]>}
     */
    async membersOf(roomId) {
      const members = await store.listMembers(roomId);
      const online = await presence.onlineAmong(members.map((user) => user.id));
      return members.map((user) => ({ user, online: online.has(user.id) }));
    },

    /**
     * Relays a `stop` for a connection that leaves a room or closes while its
     * `start` still holds; a `start` older than the TTL has expired for
     * everyone already (docs/protocol.md, Typing).
     * @param {Connection} connection
     * @param {string} roomId
     */
    stopTyping(connection, roomId) {
      const since = connection.typingSince.get(roomId);
      if (since === undefined) return;
      connection.typingSince.delete(roomId);
      if (now() - since >= TYPING_TTL_MS) return;
      broadcast.toRoomExceptConnection(connection.socket, roomId, 'typing', {
        room: roomId,
        user: connection.user,
        state: 'stop',
        ttlMs: TYPING_TTL_MS,
      });
    },
  };
}

/** @typedef {ReturnType<typeof createEngine>} Engine */
