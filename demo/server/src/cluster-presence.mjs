// Presence across the nodes of a cluster, asked of socket.io itself rather
// than kept in a map: every connection sits in its user's channel
// (`user:<id>`) and its rooms' channels (`room:<id>`), and the cluster
// adapter's fetchSockets() asks every node which of its sockets are in given
// channels. A node keeps nothing about other nodes' connections, so nothing
// goes stale when a node dies: its sockets simply stop being answered for
// (once the adapter's heartbeat gives up on it).
//
// Transitions, without a lock:
// - online: a connection announces its user online unless an older
//   connection of the user is open somewhere (compared by `connectedAt`, then
//   socket id). Two connections opening at once on two nodes both see each
//   other and only the older announces; a user whose previous node died is
//   announced again, which clients take as the no-op it is.
// - offline: after its close (and the grace), a node announces its user
//   offline when no socket of the user is left anywhere. Of two last
//   connections closing at once, the one whose question is answered later
//   finds the other gone, so at least one announces.
// When the other nodes cannot be asked (Redis down, a node dead but not yet
// dropped), each question falls back to this node's own sockets, and says
// so through onError: presence may be wrong for a while, chat goes on.

import { userChannel, roomChannel } from './broadcast.mjs';

/** @typedef {import('./store.mjs').User} User */
/** @typedef {import('./presence.mjs').Presence} Presence */

/**
 * How long a question to the other nodes may take before this node answers
 * alone. Short: a join waits for it, and on 127.0.0.1 or in one data centre
 * the answer takes milliseconds; it runs out only when a node or Redis is
 * gone.
 */
export const CLUSTER_QUESTION_TIMEOUT_MS = 1000;

/**
 * @param {import('socket.io').Server} io  with a cluster adapter
 * @param {object} options
 * @param {number} options.graceMs
 * @param {(user: User) => void} options.onOnline
 * @param {(user: User) => void} options.onOffline
 * @param {(error: unknown, context: string) => void} options.onError
 * @param {number} [options.timeoutMs]
 * @returns {Presence}
 */
export function createClusterPresence(io, { graceMs, onOnline, onOffline, onError, timeoutMs = CLUSTER_QUESTION_TIMEOUT_MS }) {
  let disposed = false;
  /** Users with a connection on this node, and how many. @type {Map<string, number>} */
  const localCounts = new Map();
  /** @type {Set<ReturnType<typeof setTimeout>>} */
  const timers = new Set();

  /**
   * This node's sockets in any of the channels, read from the namespace
   * itself: the adapter's fetchSockets() asks Redis how many nodes there are
   * even for a local question.
   * @param {string[]} channels
   */
  const localSocketsIn = (channels) => {
    const namespace = io.of('/');
    const ids = new Set();
    for (const channel of channels) for (const id of namespace.adapter.rooms.get(channel) ?? []) ids.add(id);
    return [...ids].map((id) => namespace.sockets.get(id)).filter((socket) => socket !== undefined);
  };

  /**
   * The sockets in any of the channels, on every node; only this node's when
   * the others do not answer in time.
   * @param {string[]} channels
   */
  const socketsIn = async (channels) => {
    let timer;
    try {
      // The adapter's own timeout starts only once it has counted the nodes,
      // which asks Redis: while Redis is down that never answers. Hence a
      // deadline of our own around the whole question.
      const deadline = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer from the other nodes within ${timeoutMs} ms`)), timeoutMs);
      });
      return await Promise.race([io.in(channels).timeout(timeoutMs).fetchSockets(), deadline]);
    } catch (error) {
      onError(error, `asking the other nodes about ${channels.length} channel(s); answering with this node's sockets`);
      return localSocketsIn(channels);
    } finally {
      clearTimeout(timer);
    }
  };

  /** @param {{ data: any, id: string }} socket */
  const order = (socket) => [socket.data?.connectedAt ?? 0, socket.id];
  const olderThan = (a, b) => {
    const [timeA, idA] = order(a);
    const [timeB, idB] = order(b);
    return timeA < timeB || (timeA === timeB && idA < idB);
  };

  /** @param {import('./connections.mjs').Connection} connection */
  const announceOnlineUnlessOlder = async (connection) => {
    const others = await socketsIn([userChannel(connection.user.id)]);
    if (disposed || !connection.socket.connected) return;
    if (others.some((other) => other.id !== connection.socket.id && olderThan(other, connection.socket))) return;
    onOnline(connection.user);
  };

  /** @param {User} user */
  const announceOfflineIfGone = async (user) => {
    const left = await socketsIn([userChannel(user.id)]);
    if (disposed || left.length > 0) return;
    onOffline(user);
  };

  /** Runs an announcement check; a failure loses one presence event, never the process. */
  const check = (promise, context) => promise.catch((error) => onError(error, context));

  return {
    open(connection) {
      const { id } = connection.user;
      localCounts.set(id, (localCounts.get(id) ?? 0) + 1);
      check(announceOnlineUnlessOlder(connection), `presence of ${id}`);
    },

    close(connection) {
      const { user } = connection;
      const count = (localCounts.get(user.id) ?? 1) - 1;
      if (count > 0) localCounts.set(user.id, count);
      else localCounts.delete(user.id);
      if (disposed) return;
      if (graceMs <= 0) {
        check(announceOfflineIfGone(user), `presence of ${user.id}`);
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        check(announceOfflineIfGone(user), `presence of ${user.id}`);
      }, graceMs);
      timer.unref?.();
      timers.add(timer);
    },

    async onlineAmong(userIds) {
      if (userIds.length === 0) return new Set();
      const sockets = await socketsIn(userIds.map(userChannel));
      return new Set(sockets.map((socket) => socket.data?.user?.id).filter((id) => typeof id === 'string'));
    },

    async inRoomElsewhere(connection, roomId) {
      const sockets = await socketsIn([userChannel(connection.user.id)]);
      const channel = roomChannel(roomId);
      return sockets.some((socket) => socket.id !== connection.socket.id && socket.rooms.has(channel));
    },

    isOnlineHere: (userId) => localCounts.has(userId),

    dispose() {
      disposed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
