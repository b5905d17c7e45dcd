// The SQLite schema of the reference server (sqlite-store.mjs), as the steps
// that built it, and the migration of a file to the current version.

/**
 * The schema as the steps that built it: step i takes a file from
 * `user_version` i to i + 1. A new file runs them all, so every start of a
 * fresh database also runs every migration. Never edit a step that has
 * shipped: add one.
 */
const MIGRATIONS = [
  // 1: rooms, messages, members, read cursors, users.
  `
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
  `,
  // 2: edits, deletes, reactions, replies (issue 15), the room's change
  // counter, and room admins.
  `
  ALTER TABLE rooms ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE messages ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE messages ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE messages ADD COLUMN edited_at INTEGER;
  ALTER TABLE messages ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE messages ADD COLUMN reply_to INTEGER REFERENCES messages(rowid);
  -- Until now nothing changed a message, so every insert was one step of the
  -- counter: a message's rev is its seq, and the room's is its last seq.
  UPDATE messages SET rev = seq;
  UPDATE rooms SET rev = last_seq;
  CREATE UNIQUE INDEX messages_by_rev ON messages (room, rev);
  CREATE TABLE room_admins (
    room    TEXT NOT NULL REFERENCES rooms(id),
    user_id TEXT NOT NULL,
    PRIMARY KEY (room, user_id)
  );
  -- The explicit ids are the order: an emoji keeps the place of the first time
  -- it was set, a user's reaction the time it was set (rowids may change on VACUUM).
  CREATE TABLE reaction_emoji (
    id      INTEGER PRIMARY KEY,
    message INTEGER NOT NULL REFERENCES messages(rowid),
    emoji   TEXT NOT NULL,
    UNIQUE (message, emoji)
  );
  CREATE TABLE reactions (
    id      INTEGER PRIMARY KEY,
    message INTEGER NOT NULL REFERENCES messages(rowid),
    emoji   TEXT NOT NULL,
    user_id TEXT NOT NULL,
    UNIQUE (message, emoji, user_id)
  );
  -- Idempotent changes: a (user, opId) names the message it changed.
  CREATE TABLE change_ops (
    user_id TEXT NOT NULL,
    op_id   TEXT NOT NULL,
    message INTEGER NOT NULL REFERENCES messages(rowid),
    PRIMARY KEY (user_id, op_id)
  );
  `,
];

/** The schema version this server writes; older files are migrated in migrate(). */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings a file to SCHEMA_VERSION: a new file (version 0) through every step,
 * an older one through the steps it lacks, in one transaction (a crash leaves
 * the old version). Refuses a file from a newer server rather than guessing;
 * the database is closed then.
 * @param {import('better-sqlite3').Database} db
 */
export function migrate(db) {
  const version = db.pragma('user_version', { simple: true });
  if (version === SCHEMA_VERSION) return;
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new Error(`the database has schema version ${version}; this server knows ${SCHEMA_VERSION}`);
  }
  db.transaction(() => {
    for (const step of MIGRATIONS.slice(version)) db.exec(step);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}
