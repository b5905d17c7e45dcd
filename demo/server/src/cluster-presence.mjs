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
// - a node dies: it announces nobody offline, so every node tells the others
//   each second which users it holds (a beat, through the adapter), and the
//   node that notices a silent peer (node-ledger.mjs) checks each user the
//   peer held once they had time to reconnect elsewhere (ORPHAN_GRACE_MS):
//   one whose connection is nowhere any more is announced offline. Only one
//   node does it, the live one with the smallest instance id, and only on a
//   complete answer from every node: a wrong "offline" is worse than a late
//   one.
// When the other nodes cannot be asked (Redis down, a node dead but not yet
// dropped), each question falls back to this node's own sockets, and says
// so through onError: presence may be wrong for a while, chat goes on.

import { randomUUID } from 'node:crypto';
import { userChannel, roomChannel } from './broadcast.mjs';
import { createNodeLedger } from './node-ledger.mjs';

/** @typedef {import('./store.mjs').User} User */
/** @typedef {import('./presence.mjs').Presence} Presence */

/**
 * How long a question to the other nodes may take before this node answers
 * alone. Short: a join waits for it, and on 127.0.0.1 or in one data centre
 * the answer takes milliseconds; it runs out only when a node or Redis is
 * gone.
 */
export const CLUSTER_QUESTION_TIMEOUT_MS = 1000;

/** The event of a node's beat: `{ node, users }`, sent to the other nodes only (serverSideEmit). */
const BEAT_EVENT = 'chatwire:users-held';

/**
 * How often a node tells the others whom it holds, and how long its silence
 * may last before it counts as dead: longer than the adapter's heartbeat
 * timeout (cluster.mjs, HEARTBEAT), so that by then the adapter has dropped
 * the node too and a question to every node no longer waits for it.
 */
export const LEDGER_TIMING = Object.freeze({ beatMs: 1000, silentAfterMs: 3500 });

/** How long the users of a dead node have to reconnect to another before they are announced offline. */
export const ORPHAN_GRACE_MS = 5000;

/**
 * @param {import('socket.io').Server} io  with a cluster adapter
 * @param {object} options
 * @param {number} options.graceMs
 * @param {(user: User) => void} options.onOnline
 * @param {(user: User) => void} options.onOffline
 * @param {(error: unknown, context: string) => void} options.onError
 * @param {() => boolean} [options.isBusUp]  whether the bus between the nodes (Redis) is connected
 * @param {number} [options.timeoutMs]
 * @param {typeof LEDGER_TIMING} [options.ledgerTiming]
 * @param {number} [options.orphanGraceMs]
 * @returns {Presence}
 */
export function createClusterPresence(
  io,
  { graceMs, onOnline, onOffline, onError, isBusUp = () => true, timeoutMs = CLUSTER_QUESTION_TIMEOUT_MS, ledgerTiming = LEDGER_TIMING, orphanGraceMs = ORPHAN_GRACE_MS },
) {
  let disposed = false;
  /** Users with a connection on this node, and how many. @type {Map<string, { user: User, count: number }>} */
  const local = new Map();
  /** @type {Set<ReturnType<typeof setTimeout>>} */
  const timers = new Set();
  /** This process among the nodes: a restarted node is a new one, whatever its name. */
  const instance = randomUUID();
  const ledger = createNodeLedger({ now: Date.now, silentAfterMs: ledgerTiming.silentAfterMs });
  /** Users of dead nodes, to check once their grace is over. @type {Map<string, { user: User, dueAt: number }>} */
  const orphans = new Map();

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
   * The sockets in any of the channels, on every node. Rejects when the
   * other nodes do not all answer in time.
   * @param {string[]} channels
   */
  const socketsEverywhere = async (channels) => {
    let timer;
    try {
      // The adapter's own timeout starts only once it has counted the nodes,
      // which asks Redis: while Redis is down that never answers. Hence a
      // deadline of our own around the whole question.
      const deadline = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer from the other nodes within ${timeoutMs} ms`)), timeoutMs);
      });
      return await Promise.race([io.in(channels).timeout(timeoutMs).fetchSockets(), deadline]);
    } finally {
      clearTimeout(timer);
    }
  };

  /**
   * The sockets in any of the channels, on every node; only this node's when
   * the others do not answer in time.
   * @param {string[]} channels
   */
  const socketsIn = async (channels) => {
    try {
      return await socketsEverywhere(channels);
    } catch (error) {
      onError(error, `asking the other nodes about ${channels.length} channel(s); answering with this node's sockets`);
      return localSocketsIn(channels);
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

  /**
   * The users of a dead node whose grace is over: offline if their
   * connection is nowhere now. Asked of every node at once; without a
   * complete answer they wait for the next beat.
   */
  const settleOrphans = async () => {
    const due = [...orphans.values()].filter(({ user, dueAt }) => {
      if (ledger.holds(user.id)) orphans.delete(user.id); // a live node has them: not orphans
      return dueAt <= Date.now() && orphans.has(user.id);
    });
    if (due.length === 0) return;
    let sockets;
    try {
      sockets = await socketsEverywhere(due.map(({ user }) => userChannel(user.id)));
    } catch (error) {
      onError(error, `users of a dead node: ${due.length} left to check at the next beat`);
      return;
    }
    if (disposed) return;
    const connected = new Set(sockets.map((socket) => socket.data?.user?.id));
    for (const { user } of due) {
      if (!orphans.delete(user.id) || connected.has(user.id)) continue;
      onOffline(user);
    }
  };

  /** Each beat: say whom this node holds, and take over the users of nodes gone silent. */
  const beat = () => {
    io.serverSideEmit(BEAT_EVENT, { node: instance, users: [...local.values()].map(({ user }) => user) });
    ledger.busIs(isBusUp());
    const silent = ledger.takeSilent();
    // One node settles for all: the live one whose instance id sorts first.
    const settler = [instance, ...ledger.liveNodes()].sort()[0] === instance;
    for (const { users } of silent) {
      if (!settler) continue;
      for (const user of users) orphans.set(user.id, { user, dueAt: Date.now() + orphanGraceMs });
    }
    check(settleOrphans(), 'users of a dead node');
  };

  /** @param {unknown} said */
  const onBeat = (said) => {
    const { node, users } = /** @type {any} */ (said ?? {});
    if (typeof node !== 'string' || !Array.isArray(users)) return;
    ledger.heard(node, users.filter((user) => typeof user?.id === 'string' && typeof user?.name === 'string'));
  };
  io.on(BEAT_EVENT, onBeat);
  const beats = setInterval(beat, ledgerTiming.beatMs);
  beats.unref?.();

  return {
    open(connection) {
      const { user } = connection;
      const held = local.get(user.id);
      if (held) held.count++;
      else local.set(user.id, { user, count: 1 });
      check(announceOnlineUnlessOlder(connection), `presence of ${user.id}`);
    },

    close(connection) {
      const { user } = connection;
      const held = local.get(user.id);
      if (held && held.count > 1) held.count--;
      else local.delete(user.id);
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

    isOnlineHere: (userId) => local.has(userId),

    dispose() {
      disposed = true;
      clearInterval(beats);
      io.off(BEAT_EVENT, onBeat);
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
