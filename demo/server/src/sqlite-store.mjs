// The storage interface (store.mjs) on SQLite through better-sqlite3: the
// reference server's database on one machine. Synchronous (the engine awaits
// its plain values like the promises of the PostgreSQL store); every write
// that must be atomic (a message and its seq, a read cursor) is one statement
// or one transaction, so a crash leaves either all of it or none.
//
// Also the users the HTTP login knows (name → stable id), which the protocol
// engine does not need but the server does.

import Database from 'better-sqlite3';
import { groupReactions, toMessage } from './messages.mjs';
import { migrate } from './sqlite-schema.mjs';

/** @typedef {import('./store.mjs').ChatStore} ChatStore */
/** @typedef {import('./store.mjs').ChangeKey} ChangeKey */
/** @typedef {import('./store.mjs').Message} Message */
/** @typedef {import('./store.mjs').Room} Room */
/** @typedef {import('./store.mjs').User} User */

/**
 * A message row with its parent's columns (`p_*`, null when not a reply):
 * every read of messages goes through it, so every one carries the reply
 * preview as the parent is now.
 */
const SELECT_MESSAGES = `
  SELECT m.*, p.author_id AS p_author_id, p.author_name AS p_author_name, p.text AS p_text, p.deleted AS p_deleted
  FROM messages m LEFT JOIN messages p ON p.rowid = m.reply_to`;

/** A message id's rowid, or null for an id this store never made. @param {string} messageId */
const rowidOf = (messageId) => {
  const match = /^m-([1-9]\d{0,14})$/.exec(messageId);
  return match ? Number(match[1]) : null;
};

/**
 * @typedef {ChatStore & {
 *   close(): void,
 *   listRooms(): {id: string, title: string, lastSeq: number}[],
 *   createRoomWithTitle(roomId: string, title: string, createdAt: number, admins?: string[]): Room,
 *   userNamed(name: string): User,
 *   insertMany(roomId: string, messages: {author: User, text: string, createdAt: number}[]): void,
 *   exclusively<T>(work: () => T): T,
 *   database: import('better-sqlite3').Database,
 * }} SqliteStore
 */

/**
 * Opens (creating if needed) the database at `path` (":memory:" for one that
 * ends with the process).
 *
 * @param {string} path
 * @returns {SqliteStore}
 */
export function openSqliteStore(path) {
  const db = new Database(path);
  // WAL: readers never wait for the writer, and a commit is one fsync of the log.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db);

  const sql = {
    room: db.prepare('SELECT id, created_at AS createdAt FROM rooms WHERE id = ?'),
    admins: db.prepare('SELECT user_id FROM room_admins WHERE room = ? ORDER BY rowid').pluck(),
    insertRoom: db.prepare('INSERT OR IGNORE INTO rooms (id, title, created_at) VALUES (?, ?, ?)'),
    insertAdmin: db.prepare('INSERT OR IGNORE INTO room_admins (room, user_id) VALUES (?, ?)'),
    listRooms: db.prepare('SELECT id, title, last_seq AS lastSeq FROM rooms ORDER BY rowid'),
    lastSeq: db.prepare('SELECT last_seq FROM rooms WHERE id = ?').pluck(),
    roomRev: db.prepare('SELECT rev FROM rooms WHERE id = ?').pluck(),
    bumpSeq: db.prepare('UPDATE rooms SET last_seq = last_seq + 1, rev = rev + 1 WHERE id = ? RETURNING last_seq, rev'),
    bumpRev: db.prepare('UPDATE rooms SET rev = rev + 1 WHERE id = ? RETURNING rev').pluck(),
    insertMessage: db.prepare(
      `INSERT INTO messages (room, seq, rev, client_id, author_id, author_name, text, created_at, reply_to)
       VALUES (@room, @seq, @rev, @clientId, @authorId, @authorName, @text, @createdAt, @replyTo)`,
    ),
    byRowid: db.prepare(`${SELECT_MESSAGES} WHERE m.rowid = ?`),
    byClientId: db.prepare(`${SELECT_MESSAGES} WHERE m.author_id = ? AND m.client_id = ?`),
    byOpId: db.prepare(`${SELECT_MESSAGES} JOIN change_ops o ON o.message = m.rowid WHERE o.user_id = ? AND o.op_id = ?`),
    before: db.prepare(`SELECT * FROM (${SELECT_MESSAGES} WHERE m.room = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?) ORDER BY seq`),
    after: db.prepare(`${SELECT_MESSAGES} WHERE m.room = ? AND m.seq > ? ORDER BY m.seq LIMIT ?`),
    changedAfter: db.prepare(`${SELECT_MESSAGES} WHERE m.room = ? AND m.rev > ? AND m.seq <= ? ORDER BY m.rev LIMIT ?`),
    reactions: db.prepare(
      `SELECT r.emoji, r.user_id FROM reactions r JOIN reaction_emoji e ON e.message = r.message AND e.emoji = r.emoji
       WHERE r.message = ? ORDER BY e.id, r.id`,
    ),
    touch: db.prepare('UPDATE messages SET version = version + 1, rev = ? WHERE rowid = ?'),
    edit: db.prepare('UPDATE messages SET text = ?, edited_at = ? WHERE rowid = ?'),
    // A delete erases what was said, not just hides it.
    erase: db.prepare("UPDATE messages SET deleted = 1, text = '', edited_at = NULL, reply_to = NULL WHERE rowid = ?"),
    eraseReactions: db.prepare('DELETE FROM reactions WHERE message = ?'),
    eraseEmoji: db.prepare('DELETE FROM reaction_emoji WHERE message = ?'),
    insertEmoji: db.prepare('INSERT OR IGNORE INTO reaction_emoji (message, emoji) VALUES (?, ?)'),
    insertReaction: db.prepare('INSERT OR IGNORE INTO reactions (message, emoji, user_id) VALUES (?, ?, ?)'),
    deleteReaction: db.prepare('DELETE FROM reactions WHERE message = ? AND emoji = ? AND user_id = ?'),
    recordOp: db.prepare('INSERT INTO change_ops (user_id, op_id, message) VALUES (?, ?, ?)'),
    member: db.prepare('SELECT 1 FROM members WHERE room = ? AND user_id = ?').pluck(),
    upsertMember: db.prepare(
      `INSERT INTO members (room, user_id, user_name, since) VALUES (@room, @id, @name,
         (SELECT COALESCE(MAX(since), 0) + 1 FROM members WHERE room = @room))
       ON CONFLICT (room, user_id) DO UPDATE SET user_name = excluded.user_name`,
    ),
    removeMember: db.prepare('DELETE FROM members WHERE room = ? AND user_id = ?'),
    listMembers: db.prepare('SELECT user_id AS id, user_name AS name FROM members WHERE room = ? ORDER BY since'),
    roomsOf: db.prepare('SELECT room FROM members WHERE user_id = ? ORDER BY room').pluck(),
    readSeq: db.prepare('SELECT read_seq FROM read_cursors WHERE room = ? AND user_id = ?').pluck(),
    setReadSeq: db.prepare(
      `INSERT INTO read_cursors (room, user_id, read_seq) VALUES (?, ?, ?)
       ON CONFLICT (room, user_id) DO UPDATE SET read_seq = excluded.read_seq`,
    ),
    userByName: db.prepare('SELECT id, name FROM users WHERE name = ?'),
    insertUser: db.prepare('INSERT INTO users (id, name) VALUES (?, ?)'),
    userCount: db.prepare('SELECT COUNT(*) FROM users').pluck(),
  };

  /** The reactions of a message, grouped by emoji in first-set order. @param {number} rowid */
  const reactionsOf = (rowid) => groupReactions(sql.reactions.all(rowid).map(({ emoji, user_id: userId }) => [emoji, userId]));

  /** A row of SELECT_MESSAGES as the protocol's Message. @returns {Message} */
  const readMessage = (row) => {
    const parent =
      row.reply_to === null
        ? null
        : { id: `m-${row.reply_to}`, author: { id: row.p_author_id, name: row.p_author_name }, text: row.p_text, deleted: row.p_deleted === 1 };
    const stored = {
      id: `m-${row.rowid}`,
      room: row.room,
      seq: row.seq,
      clientId: row.client_id,
      author: { id: row.author_id, name: row.author_name },
      text: row.text,
      createdAt: row.created_at,
      version: row.version,
      rev: row.rev,
      editedAt: row.edited_at,
      deleted: row.deleted === 1,
    };
    return toMessage(stored, reactionsOf(row.rowid), parent);
  };

  /** @param {any} row */
  const readOrNull = (row) => (row ? readMessage(row) : null);

  /** @param {string} roomId @param {string} messageId  the row, if the message is in the room */
  const rowIn = (roomId, messageId) => {
    const rowid = rowidOf(messageId);
    const row = rowid === null ? undefined : sql.byRowid.get(rowid);
    return row?.room === roomId ? row : undefined;
  };

  /** @param {string} roomId @param {string} messageId */
  const requireRow = (roomId, messageId) => {
    const row = rowIn(roomId, messageId);
    if (!row) throw new Error(`sqlite store: no message ${JSON.stringify(messageId)} in room ${JSON.stringify(roomId)}`);
    return row;
  };

  /** @param {{ deleted: number, rowid: number }} row  edits and reactions need a message that is not deleted */
  const requireLive = (row) => {
    if (row.deleted === 1) throw new Error(`sqlite store: message m-${row.rowid} is deleted`);
  };

  const requireRoom = (roomId) => {
    if (!sql.room.get(roomId)) throw new Error(`sqlite store: no room ${JSON.stringify(roomId)}`);
  };

  // The seq, the rev and the row in one transaction: no gap, no duplicate, whatever crashes.
  const insertMessage = db.transaction(({ room, clientId, author, text, createdAt, replyTo = null }) => {
    requireRoom(room);
    if (clientId !== null) {
      const earlier = sql.byClientId.get(author.id, clientId);
      if (earlier) return { message: readMessage(earlier), inserted: false };
    }
    const parent = replyTo === null ? null : requireRow(room, replyTo);
    const { last_seq: seq, rev } = sql.bumpSeq.get(room);
    const { lastInsertRowid } = sql.insertMessage.run({
      room,
      seq,
      rev,
      clientId,
      authorId: author.id,
      authorName: author.name,
      text,
      createdAt,
      replyTo: parent?.rowid ?? null,
    });
    return { message: readMessage(sql.byRowid.get(lastInsertRowid)), inserted: true };
  });

  /**
   * A change's transaction (store.mjs, editMessage): the opId lookup, `apply`
   * (which says whether it changed anything), the version and rev bump, the
   * opId record.
   * @template {ChangeKey} K
   * @param {(row: any, change: K) => boolean} apply
   * @returns {(change: K) => import('./store.mjs').ChangeResult}
   */
  const changeWith = (apply) =>
    db.transaction((change) => {
      const earlier = sql.byOpId.get(change.userId, change.opId);
      if (earlier) return { message: readMessage(earlier), changed: false };
      const row = requireRow(change.room, change.id);
      const changed = apply(row, change);
      if (changed) sql.touch.run(sql.bumpRev.get(change.room), row.rowid);
      sql.recordOp.run(change.userId, change.opId, row.rowid);
      return { message: readMessage(sql.byRowid.get(row.rowid)), changed };
    });

  const editMessage = changeWith((row, { text, editedAt }) => {
    requireLive(row);
    sql.edit.run(text, editedAt, row.rowid);
    return true;
  });

  const deleteMessage = changeWith((row) => {
    if (row.deleted === 1) return false;
    sql.erase.run(row.rowid);
    sql.eraseReactions.run(row.rowid);
    sql.eraseEmoji.run(row.rowid);
    return true;
  });

  const setReaction = changeWith((row, { emoji, userId, on }) => {
    requireLive(row);
    if (!on) return sql.deleteReaction.run(row.rowid, emoji, userId).changes > 0;
    // The emoji's place is taken the first time it is set, and kept.
    sql.insertEmoji.run(row.rowid, emoji);
    return sql.insertReaction.run(row.rowid, emoji, userId).changes > 0;
  });

  const advanceReadCursor = db.transaction((roomId, userId, seq) => {
    requireRoom(roomId);
    const current = sql.readSeq.get(roomId, userId) ?? 0;
    const readSeq = Math.max(current, Math.min(seq, sql.lastSeq.get(roomId) ?? 0));
    if (readSeq !== current) sql.setReadSeq.run(roomId, userId, readSeq);
    return { readSeq, moved: readSeq !== current };
  });

  const insertMany = db.transaction((roomId, messages) => {
    for (const { author, text, createdAt } of messages) insertMessage({ room: roomId, clientId: null, author, text, createdAt });
  });

  // The admins are part of the room's definition: given once, with the room.
  const createRoomWithTitle = db.transaction((roomId, title, createdAt, admins = []) => {
    if (sql.insertRoom.run(roomId, title, createdAt).changes > 0) {
      for (const userId of admins) sql.insertAdmin.run(roomId, userId);
    }
    return /** @type {Room} */ (store.getRoom(roomId));
  });

  const userNamed = db.transaction((name) => {
    const existing = sql.userByName.get(name);
    if (existing) return Object.freeze({ id: existing.id, name: existing.name });
    const id = `u-${sql.userCount.get() + 1}`;
    sql.insertUser.run(id, name);
    return Object.freeze({ id, name });
  });

  /** @type {SqliteStore} */
  const store = {
    database: db,

    getRoom(roomId) {
      const row = sql.room.get(roomId);
      return row ? Object.freeze({ id: row.id, createdAt: row.createdAt, admins: Object.freeze(sql.admins.all(roomId)) }) : null;
    },
    createRoom(roomId, createdAt, admins = []) {
      return createRoomWithTitle(roomId, roomId, createdAt, admins);
    },
    createRoomWithTitle,
    listRooms() {
      return sql.listRooms.all();
    },

    insertMessage,
    insertMany,
    findMessageByClientId(authorId, clientId) {
      return readOrNull(sql.byClientId.get(authorId, clientId));
    },
    getMessage(roomId, messageId) {
      return readOrNull(rowIn(roomId, messageId));
    },
    lastSeq(roomId) {
      return sql.lastSeq.get(roomId) ?? 0;
    },
    roomRev(roomId) {
      return sql.roomRev.get(roomId) ?? 0;
    },
    messagesBefore(roomId, beforeSeq, limit) {
      return sql.before.all(roomId, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit).map(readMessage);
    },
    messagesAfter(roomId, afterSeq, limit) {
      return sql.after.all(roomId, afterSeq, limit).map(readMessage);
    },
    messagesChangedAfter(roomId, afterRev, limit, maxSeq) {
      return sql.changedAfter.all(roomId, afterRev, maxSeq ?? Number.MAX_SAFE_INTEGER, limit).map(readMessage);
    },

    findMessageByOpId(userId, opId) {
      return readOrNull(sql.byOpId.get(userId, opId));
    },
    editMessage,
    deleteMessage,
    setReaction,

    addMember(roomId, user) {
      requireRoom(roomId);
      const isNew = !sql.member.get(roomId, user.id);
      sql.upsertMember.run({ room: roomId, id: user.id, name: user.name });
      return isNew;
    },
    removeMember(roomId, userId) {
      return sql.removeMember.run(roomId, userId).changes > 0;
    },
    listMembers(roomId) {
      return sql.listMembers.all(roomId).map((row) => Object.freeze({ id: row.id, name: row.name }));
    },
    roomsOfMember(userId) {
      return sql.roomsOf.all(userId);
    },

    readSeq(roomId, userId) {
      return sql.readSeq.get(roomId, userId) ?? 0;
    },
    advanceReadCursor,

    userNamed,
    // One process owns the file: nothing else can run the work meanwhile.
    exclusively: (work) => work(),
    close() {
      if (db.open) db.close();
    },
  };
  return store;
}
