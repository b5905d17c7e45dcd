// The storage interface (store.mjs) in memory: for tests, and for a server
// whose data may end with the process. It survives the restart of a socket.io
// server that is handed the same store, which is how tests model a server
// restart with its database intact.

/** @typedef {import('./store.mjs').ChatStore} ChatStore */
/** @typedef {import('./store.mjs').Message} Message */
/** @typedef {import('./store.mjs').NewMessage} NewMessage */
/** @typedef {import('./store.mjs').Room} Room */
/** @typedef {import('./store.mjs').User} User */

/**
 * @typedef {object} RoomRecord
 * @property {Room} room
 * @property {Message[]} messages            index = seq − 1
 * @property {Map<string, User>} members     by user id, in the order they joined
 * @property {Map<string, number>} readSeqs  by user id
 */

/**
 * Creates an empty in-memory store, optionally with rooms.
 *
 * @param {object} [options]
 * @param {Iterable<string>} [options.rooms]  ids of rooms to create
 * @param {() => number} [options.now]        clock for the rooms' createdAt
 * @returns {ChatStore}
 */
export function createMemoryStore({ rooms = [], now = Date.now } = {}) {
  /** @type {Map<string, RoomRecord>} */
  const records = new Map();
  /** author id → clientId → message. Nested maps: no separator can make two keys collide. */
  /** @type {Map<string, Map<string, Message>>} */
  const byClientId = new Map();
  let messagesStored = 0;

  /** @param {string} roomId */
  const record = (roomId) => records.get(roomId);

  /** @param {string} roomId */
  const requireRecord = (roomId) => {
    const found = record(roomId);
    if (!found) throw new Error(`memory store: no room ${JSON.stringify(roomId)}`);
    return found;
  };

  /** @type {ChatStore} */
  const store = {
    getRoom(roomId) {
      return record(roomId)?.room ?? null;
    },

    createRoom(roomId, createdAt) {
      const existing = record(roomId);
      if (existing) return existing.room;
      const room = Object.freeze({ id: roomId, createdAt });
      records.set(roomId, { room, messages: [], members: new Map(), readSeqs: new Map() });
      return room;
    },

    insertMessage({ room, clientId, author, text, createdAt }) {
      const target = requireRecord(room);
      if (clientId !== null) {
        const earlier = store.findMessageByClientId(author.id, clientId);
        if (earlier) return { message: earlier, inserted: false };
      }
      messagesStored += 1;
      const message = Object.freeze({
        id: `m-${messagesStored}`,
        room,
        seq: target.messages.length + 1,
        clientId,
        author: Object.freeze({ id: author.id, name: author.name }),
        text,
        createdAt,
      });
      target.messages.push(message);
      if (clientId !== null) {
        let ofAuthor = byClientId.get(author.id);
        if (!ofAuthor) byClientId.set(author.id, (ofAuthor = new Map()));
        ofAuthor.set(clientId, message);
      }
      return { message, inserted: true };
    },

    findMessageByClientId(authorId, clientId) {
      return byClientId.get(authorId)?.get(clientId) ?? null;
    },

    lastSeq(roomId) {
      return record(roomId)?.messages.length ?? 0;
    },

    messagesBefore(roomId, beforeSeq, limit) {
      const messages = record(roomId)?.messages ?? [];
      // seq < beforeSeq is index < beforeSeq − 1.
      const end = beforeSeq === null ? messages.length : Math.max(0, Math.min(beforeSeq - 1, messages.length));
      return messages.slice(Math.max(0, end - limit), end);
    },

    messagesAfter(roomId, afterSeq, limit) {
      const messages = record(roomId)?.messages ?? [];
      // seq > afterSeq is index ≥ afterSeq.
      const begin = Math.max(0, Math.min(afterSeq, messages.length));
      return messages.slice(begin, begin + limit);
    },

    addMember(roomId, user) {
      const { members } = requireRecord(roomId);
      const isNew = !members.has(user.id);
      // Map.set keeps a key's original position, so a rename does not reorder.
      members.set(user.id, Object.freeze({ id: user.id, name: user.name }));
      return isNew;
    },

    removeMember(roomId, userId) {
      return record(roomId)?.members.delete(userId) ?? false;
    },

    listMembers(roomId) {
      return [...(record(roomId)?.members.values() ?? [])];
    },

    roomsOfMember(userId) {
      const ids = [];
      for (const [id, { members }] of records) if (members.has(userId)) ids.push(id);
      return ids;
    },

    readSeq(roomId, userId) {
      return record(roomId)?.readSeqs.get(userId) ?? 0;
    },

    advanceReadCursor(roomId, userId, seq) {
      const target = requireRecord(roomId);
      const current = target.readSeqs.get(userId) ?? 0;
      const readSeq = Math.max(current, Math.min(seq, target.messages.length));
      target.readSeqs.set(userId, readSeq);
      return { readSeq, moved: readSeq !== current };
    },
  };

  const createdAt = now();
  for (const roomId of rooms) store.createRoom(roomId, createdAt);
  return store;
}
