// The storage interface (store.mjs) on SQLite through better-sqlite3: the
// reference server's database. Synchronous like the interface; every write
// that must be atomic (a message and its seq, a read cursor) is one statement
// or one transaction, so a crash leaves either all of it or none.
//
// Also the users the HTTP login knows (name → stable id), which the protocol
// engine does not need but the server does.

import Database from 'better-sqlite3';

/** @typedef {import('./store.mjs').ChatStore} ChatStore */
/** @typedef {import('./store.mjs').Message} Message */
/** @typedef {import('./store.mjs').User} User */

/** Bumped with every change of the schema below; older files are migrated in migrate(). */
const SCHEMA_VERSION = 1;

const SCHEMA = `
  CREATE TABLE rooms (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seq   INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE messages (
    rowid       INTEGER PRIMARY KEY AUTOINCREMENT,
    room        TEXT NOT NULL REFERENCES rooms(id),
    seq         INTEGER NOT NULL,
    client_id   TEXT,
    author_id   TEXT NOT NULL,
    author_name TEXT NOT NULL,
    text        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (room, seq)
  );
  -- Idempotent sends: one message per (author, clientId), in any room.
  CREATE UNIQUE INDEX messages_by_client_id ON messages (author_id, client_id) WHERE client_id IS NOT NULL;
  CREATE TABLE members (
    room      TEXT NOT NULL REFERENCES rooms(id),
    user_id   TEXT NOT NULL,
    user_name TEXT NOT NULL,
    since     INTEGER NOT NULL,  -- ordering: the order members joined in
    PRIMARY KEY (room, user_id)
  );
  CREATE INDEX members_by_user ON members (user_id);
  CREATE TABLE read_cursors (
    room     TEXT NOT NULL REFERENCES rooms(id),
    user_id  TEXT NOT NULL,
    read_seq INTEGER NOT NULL,
    PRIMARY KEY (room, user_id)
  );
  CREATE TABLE users (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
  );
`;

/**
 * @typedef {ChatStore & {
 *   close(): void,
 *   listRooms(): {id: string, title: string, lastSeq: number}[],
 *   createRoomWithTitle(roomId: string, title: string, createdAt: number): import('./store.mjs').Room,
 *   userNamed(name: string): User,
 *   insertMany(roomId: string, messages: {author: User, text: string, createdAt: number}[]): void,
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
    insertRoom: db.prepare('INSERT OR IGNORE INTO rooms (id, title, created_at) VALUES (?, ?, ?)'),
    listRooms: db.prepare('SELECT id, title, last_seq AS lastSeq FROM rooms ORDER BY rowid'),
    lastSeq: db.prepare('SELECT last_seq FROM rooms WHERE id = ?').pluck(),
    bumpSeq: db.prepare('UPDATE rooms SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq').pluck(),
    insertMessage: db.prepare(
      `INSERT INTO messages (room, seq, client_id, author_id, author_name, text, created_at)
       VALUES (@room, @seq, @clientId, @authorId, @authorName, @text, @createdAt)`,
    ),
    byClientId: db.prepare('SELECT * FROM messages WHERE author_id = ? AND client_id = ?'),
    before: db.prepare('SELECT * FROM (SELECT * FROM messages WHERE room = ? AND seq < ? ORDER BY seq DESC LIMIT ?) ORDER BY seq'),
    after: db.prepare('SELECT * FROM messages WHERE room = ? AND seq > ? ORDER BY seq LIMIT ?'),
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

  /** @returns {Message} */
  const toMessage = (row) =>
    Object.freeze({
      id: `m-${row.rowid}`,
      room: row.room,
      seq: row.seq,
      clientId: row.client_id,
      author: Object.freeze({ id: row.author_id, name: row.author_name }),
      text: row.text,
      createdAt: row.created_at,
    });

  const requireRoom = (roomId) => {
    if (!sql.room.get(roomId)) throw new Error(`sqlite store: no room ${JSON.stringify(roomId)}`);
  };

  // The seq and the row in one transaction: no gap, no duplicate, whatever crashes.
  const insertMessage = db.transaction(({ room, clientId, author, text, createdAt }) => {
    requireRoom(room);
    if (clientId !== null) {
      const earlier = sql.byClientId.get(author.id, clientId);
      if (earlier) return { message: toMessage(earlier), inserted: false };
    }
    const seq = sql.bumpSeq.get(room);
    const { lastInsertRowid } = sql.insertMessage.run({ room, seq, clientId, authorId: author.id, authorName: author.name, text, createdAt });
    const message = toMessage({ rowid: lastInsertRowid, room, seq, client_id: clientId, author_id: author.id, author_name: author.name, text, created_at: createdAt });
    return { message, inserted: true };
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
      return row ? Object.freeze({ id: row.id, createdAt: row.createdAt }) : null;
    },
    createRoom(roomId, createdAt) {
      return store.createRoomWithTitle(roomId, roomId, createdAt);
    },
    createRoomWithTitle(roomId, title, createdAt) {
      sql.insertRoom.run(roomId, title, createdAt);
      return /** @type {import('./store.mjs').Room} */ (store.getRoom(roomId));
    },
    listRooms() {
      return sql.listRooms.all();
    },

    insertMessage,
    insertMany,
    findMessageByClientId(authorId, clientId) {
      const row = sql.byClientId.get(authorId, clientId);
      return row ? toMessage(row) : null;
    },
    lastSeq(roomId) {
      return sql.lastSeq.get(roomId) ?? 0;
    },
    messagesBefore(roomId, beforeSeq, limit) {
      return sql.before.all(roomId, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit).map(toMessage);
    },
    messagesAfter(roomId, afterSeq, limit) {
      return sql.after.all(roomId, afterSeq, limit).map(toMessage);
    },

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
    close() {
      if (db.open) db.close();
    },
  };
  return store;
}

/** Creates the schema in a new file; refuses a file from a newer server rather than guessing. */
function migrate(db) {
  const version = db.pragma('user_version', { simple: true });
  if (version === SCHEMA_VERSION) return;
  if (version !== 0) {
    db.close();
    throw new Error(`the database has schema version ${version}; this server knows ${SCHEMA_VERSION}`);
  }
  db.transaction(() => {
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}
