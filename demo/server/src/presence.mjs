// Who is online, and who is in which room on which connection: the questions
// the engine asks about connections other than the one it serves. Two
// answers, one interface:
// - on one process, the ConnectionRegistry knows every connection
//   (createLocalPresence: exact and immediate);
// - in a cluster, a node knows only its own, so the questions go to every
//   node through the socket.io adapter (cluster-presence.mjs).
// Handlers await the answers either way, so they do not care which it is.

import { ConnectionRegistry } from './connections.mjs';

/** @typedef {import('./store.mjs').User} User */
/** @typedef {import('./connections.mjs').Connection} Connection */

/**
 * @typedef {object} Presence
 * @property {(connection: Connection) => void} open    an authenticated connection opened (it is in its user's channel)
 * @property {(connection: Connection) => void} close   it closed (socket.io has taken it out of its rooms)
 * @property {(userIds: string[]) => Promise<Set<string>>} onlineAmong  which of these users are online
 * @property {(connection: Connection, roomId: string) => Promise<boolean>} inRoomElsewhere
 *   whether another connection of the same user is still in the room
 * @property {(userId: string) => boolean} isOnlineHere  whether the user counts as online on this process
 * @property {() => void} dispose  shutting down: announce nothing from now on
 */

/**
 * Presence on one process: the registry of its connections.
 * @param {object} options
 * @param {number} options.graceMs
 * @param {(user: User) => void} options.onOnline
 * @param {(user: User) => void} options.onOffline
 * @returns {Presence}
 */
export function createLocalPresence(options) {
  const registry = new ConnectionRegistry(options);
  return {
    open: (connection) => registry.open(connection),
    close: (connection) => registry.close(connection),
    onlineAmong: async (userIds) => new Set(userIds.filter((id) => registry.isOnline(id))),
    inRoomElsewhere: async (connection, roomId) =>
      [...registry.connectionsOf(connection.user.id)].some((other) => other !== connection && other.rooms.has(roomId)),
    isOnlineHere: (userId) => registry.isOnline(userId),
    dispose: () => registry.dispose(),
  };
}
