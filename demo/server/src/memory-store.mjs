// The storage interface (store.mjs) in memory: for tests, and for a server
// whose data may end with the process. It survives the restart of a socket.io
// server that is handed the same store, which is how tests model a server
// restart with its database intact. Synchronous: its methods return values,
// which callers of the asynchronous interface await like any other.

import { toMessage } from './messages.mjs';

/** @typedef {import('./store.mjs').ChatStore} ChatStore */
/** @typedef {import('./store.mjs').ChangeKey} ChangeKey */
/** @typedef {import('./store.mjs').Message} Message */
/** @typedef {import('./store.mjs').Room} Room */
/** @typedef {import('./store.mjs').User} User */

/**
 * A message as kept here: mutable, turned into a frozen Message on every read.
 * @typedef {import('./messages.mjs').StoredMessage & {
 *   replyTo: Entry | null,
 *   reactions: Map<string, Set<string>>,
 * }} Entry
 * `reactions`: emoji → user ids. Map and Set keep insertion order, which is the
 * protocol's order; an emoji whose last user left keeps its (empty) place, so
 * that setting it again does not move it.
 */

/**
 * @typedef {object} RoomRecord
 * @property {Room} room
 * @property {Entry[]} messages              index = seq − 1
 * @property {number} rev                    the room's change counter
 * @property {Map<number, Entry>} byRev      each message under its current rev; insertion order is rev order
 * @property {Map<string, User>} members     by user id, in the order they joined
 * @property {Map<string, number>} readSeqs  by user id
 */

/**
 * A map keyed by two strings. Nested maps: no separator can make two keys collide.
 * @template V
 */
class PairMap {
  /** @type {Map<string, Map<string, V>>} */
  outer = new Map();

  /** @param {string} a @param {string} b */
  get(a, b) {
    return this.outer.get(a)?.get(b);
  }

  /** @param {string} a @param {string} b @param {V} value */
  set(a, b, value) {
    let inner = this.outer.get(a);
    if (!inner) this.outer.set(a, (inner = new Map()));
    inner.set(b, value);
  }
}

/** @param {Entry} entry @returns {Message} */
const snapshot = (entry) =>
  toMessage(
    entry,
    [...entry.reactions].filter(([, users]) => users.size > 0).map(([emoji, users]) => ({ emoji, users: [...users] })),
    entry.replyTo,
  );

/** @param {Entry | undefined} entry */
const snapshotOrNull = (entry) => (entry ? snapshot(entry) : null);

/**
 * Creates an empty in-memory store, optionally with rooms.
 *
 * @param {object} [options]
 * @param {Iterable<string>} [options.rooms]  ids of rooms to create
 * @param {Record<string, string[]>} [options.admins]  room id → the ids of its admins
 * @param {() => number} [options.now]        clock for the rooms' createdAt
 * @returns {ChatStore}
 */
export function createMemoryStore({ rooms = [], admins = {}, now = Date.now } = {}) {
  /** @type {Map<string, RoomRecord>} */
  const records = new Map();
  /** @type {Map<string, Entry>} */
  const byId = new Map();
  /** author id, clientId → message. @type {PairMap<Entry>} */
  const byClientId = new PairMap();
  /** user id, opId → the message the change was about. @type {PairMap<Entry>} */
  const byOpId = new PairMap();
  let messagesStored = 0;

  /** @param {string} roomId */
  const record = (roomId) => records.get(roomId);

  /** @param {string} roomId */
  const requireRecord = (roomId) => {
    const found = record(roomId);
    if (!found) throw new Error(`memory store: no room ${JSON.stringify(roomId)}`);
    return found;
  };

  /** @param {string} roomId @param {string} messageId */
  const entryIn = (roomId, messageId) => {
    const entry = byId.get(messageId);
    return entry?.room === roomId ? entry : undefined;
  };

  /** @param {RoomRecord} target @param {Entry} entry  gives the message the room's next rev */
  const bumpRev = (target, entry) => {
    target.byRev.delete(entry.rev);
    target.rev += 1;
    entry.rev = target.rev;
    target.byRev.set(entry.rev, entry);
  };

  /**
   * The steps every change shares (store.mjs, editMessage): the opId lookup,
   * `apply` (which says whether it changed anything), the version and rev
   * bump, the opId record.
   * @param {ChangeKey} key
   * @param {(entry: Entry) => boolean} apply
   */
  const change = ({ room, id, userId, opId }, apply) => {
    const earlier = byOpId.get(userId, opId);
    if (earlier) return { message: snapshot(earlier), changed: false };
    const entry = entryIn(room, id);
    if (!entry) throw new Error(`memory store: no message ${JSON.stringify(id)} in room ${JSON.stringify(room)}`);
    const changed = apply(entry);
    if (changed) {
      entry.version += 1;
      bumpRev(requireRecord(room), entry);
    }
    byOpId.set(userId, opId, entry);
    return { message: snapshot(entry), changed };
  };

  /** @param {Entry} entry  edits and reactions need a message that is not deleted */
  const requireLive = (entry) => {
    if (entry.deleted) throw new Error(`memory store: message ${entry.id} is deleted`);
  };

  /** @type {ChatStore} */
  const store = {
    getRoom(roomId) {
      return record(roomId)?.room ?? null;
    },

    createRoom(roomId, createdAt, roomAdmins = []) {
      const existing = record(roomId);
      if (existing) return existing.room;
      const room = Object.freeze({ id: roomId, createdAt, admins: Object.freeze([...roomAdmins]) });
      records.set(roomId, { room, messages: [], rev: 0, byRev: new Map(), members: new Map(), readSeqs: new Map() });
      return room;
    },

    insertMessage({ room, clientId, author, text, createdAt, replyTo = null }) {
      const target = requireRecord(room);
      if (clientId !== null) {
        const earlier = byClientId.get(author.id, clientId);
        if (earlier) return { message: snapshot(earlier), inserted: false };
      }
      const parent = replyTo === null ? null : entryIn(room, replyTo);
      if (parent === undefined) throw new Error(`memory store: no message ${JSON.stringify(replyTo)} in room ${JSON.stringify(room)}`);
      messagesStored += 1;
      /** @type {Entry} */
      const entry = {
        id: `m-${messagesStored}`,
        room,
        seq: target.messages.length + 1,
        clientId,
        author: Object.freeze({ id: author.id, name: author.name }),
        text,
        createdAt,
        version: 1,
        rev: 0,
        editedAt: null,
        deleted: false,
        replyTo: parent,
        reactions: new Map(),
      };
      bumpRev(target, entry);
      target.messages.push(entry);
      byId.set(entry.id, entry);
      if (clientId !== null) byClientId.set(author.id, clientId, entry);
      return { message: snapshot(entry), inserted: true };
    },

    findMessageByClientId(authorId, clientId) {
      return snapshotOrNull(byClientId.get(authorId, clientId));
    },

    getMessage(roomId, messageId) {
      return snapshotOrNull(entryIn(roomId, messageId));
    },

    lastSeq(roomId) {
      return record(roomId)?.messages.length ?? 0;
    },

    roomRev(roomId) {
      return record(roomId)?.rev ?? 0;
    },

    messagesBefore(roomId, beforeSeq, limit) {
      const messages = record(roomId)?.messages ?? [];
      // seq < beforeSeq is index < beforeSeq − 1.
      const end = beforeSeq === null ? messages.length : Math.max(0, Math.min(beforeSeq - 1, messages.length));
      return messages.slice(Math.max(0, end - limit), end).map(snapshot);
    },

    messagesAfter(roomId, afterSeq, limit) {
      const messages = record(roomId)?.messages ?? [];
      // seq > afterSeq is index ≥ afterSeq.
      const begin = Math.max(0, Math.min(afterSeq, messages.length));
      return messages.slice(begin, begin + limit).map(snapshot);
    },

    messagesChangedAfter(roomId, afterRev, limit, maxSeq) {
      const found = [];
      for (const [rev, entry] of record(roomId)?.byRev ?? []) {
        if (found.length === limit) break;
        if (rev > afterRev && (maxSeq === null || entry.seq <= maxSeq)) found.push(snapshot(entry));
      }
      return found;
    },

    findMessageByOpId(userId, opId) {
      return snapshotOrNull(byOpId.get(userId, opId));
    },

    editMessage(edit) {
      return change(edit, (entry) => {
        requireLive(entry);
        entry.text = edit.text;
        entry.editedAt = edit.editedAt;
        return true;
      });
    },

    deleteMessage(key) {
      return change(key, (entry) => {
        if (entry.deleted) return false;
        // A delete erases what was said, not just hides it.
        Object.assign(entry, { deleted: true, text: '', editedAt: null, replyTo: null });
        entry.reactions.clear();
        return true;
      });
    },

    setReaction(reaction) {
      const { emoji, userId, on } = reaction;
      return change(reaction, (entry) => {
        requireLive(entry);
        let users = entry.reactions.get(emoji);
        if (on === Boolean(users?.has(userId))) return false;
        if (!users) entry.reactions.set(emoji, (users = new Set()));
        if (on) users.add(userId);
        else users.delete(userId);
        return true;
      });
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
  for (const roomId of rooms) store.createRoom(roomId, createdAt, admins[roomId]);
  return store;
}
