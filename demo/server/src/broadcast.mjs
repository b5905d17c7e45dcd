// Who receives a push (docs/protocol.md, "Server → client"). Every connection
// sits in one socket.io room per chat room it joined, and in one per user, so
// that "the room, the user's own connections excluded" is a single broadcast.
// Prefixes keep chat room ids, user ids and socket ids apart: socket.io has a
// single namespace of room names.

/** @typedef {import('./store.mjs').User} User */

/** The socket.io room of a chat room. @param {string} roomId */
export const roomChannel = (roomId) => `room:${roomId}`;

/** The socket.io room of all of a user's connections. @param {string} userId */
export const userChannel = (userId) => `user:${userId}`;

/** The chat room a socket.io room stands for, or null (a user's or a socket's own). @param {string} channel */
export const roomOfChannel = (channel) => (channel.startsWith('room:') ? channel.slice('room:'.length) : null);

/**
 * @param {import('socket.io').Server} io
 */
export function createBroadcaster(io) {
  return {
    /**
     * To every connection in the room, the acting one included (`message`).
     * @param {string} roomId @param {string} event @param {object} payload
     */
    toRoom(roomId, event, payload) {
      io.to(roomChannel(roomId)).emit(event, payload);
    },

    /**
     * To the room except one connection (`typing`, `read`).
     * @param {import('socket.io').Socket} socket @param {string} roomId @param {string} event @param {object} payload
     */
    toRoomExceptConnection(socket, roomId, event, payload) {
      socket.to(roomChannel(roomId)).emit(event, payload);
    },

    /**
     * To the room except every connection of a user (`member_joined`, `member_left`).
     * @param {string} roomId @param {string} userId @param {string} event @param {object} payload
     */
    toRoomExceptUser(roomId, userId, event, payload) {
      io.to(roomChannel(roomId)).except(userChannel(userId)).emit(event, payload);
    },

    /**
     * Once to each connection in any of the rooms (`presence`). socket.io
     * sends a multi-room broadcast once per socket.
     * @param {string[]} roomIds @param {string} event @param {object} payload
     */
    toAnyOfRooms(roomIds, event, payload) {
      // io.to([]) would mean "everyone": no rooms, no recipients.
      if (roomIds.length === 0) return;
      io.to(roomIds.map(roomChannel)).emit(event, payload);
    },
  };
}
