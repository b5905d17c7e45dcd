// The PostgreSQL schema of the reference server (postgres-store.mjs), as the
// steps that built it, and the migration of a database to the current
// version. The tables mirror sqlite-schema.mjs; what differs is said where.

import { inTransaction } from './postgres-pool.mjs';

/**
 * Step i takes a database from version i to i + 1. Never edit a step that
 * has shipped: add one.
 */
const MIGRATIONS = [
  // 1: rooms, messages (with edits, tombstones, replies), reactions, change
  // records, members, read cursors, users: SQLite's schema version 2.
  `
  CREATE TABLE rooms (
    id         text PRIMARY KEY,
    title      text NOT NULL,
    created_at bigint NOT NULL,
    last_seq   bigint NOT NULL DEFAULT 0,
    -- The room's change counter. A message's insert or change takes this row's
    -- lock first (UPDATE ... RETURNING), so seqs and revs are handed out one
    -- writer at a time across every server node, without gaps.
    rev        bigint NOT NULL DEFAULT 0,
    position   bigint GENERATED ALWAYS AS IDENTITY UNIQUE  -- listing order: creation
  );
  CREATE TABLE room_admins (
    room     text NOT NULL REFERENCES rooms (id),
    user_id  text NOT NULL,
    position bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (room, user_id)
  );
  CREATE TABLE messages (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    room        text NOT NULL REFERENCES rooms (id),
    seq         bigint NOT NULL,
    rev         bigint NOT NULL,
    client_id   text,
    author_id   text NOT NULL,
    author_name text NOT NULL,
    -- UTF-8 bytes, not text: a message is stored verbatim, and PostgreSQL's
    -- text type cannot hold U+0000.
    text        bytea NOT NULL,
    created_at  bigint NOT NULL,
    version     integer NOT NULL DEFAULT 1,
    edited_at   bigint,
    deleted     boolean NOT NULL DEFAULT false,
    reply_to    bigint REFERENCES messages (id),
    UNIQUE (room, seq),
    UNIQUE (room, rev)
  );
  -- Idempotent sends: one message per (author, clientId), in any room, whichever node stores it.
  CREATE UNIQUE INDEX messages_by_client_id ON messages (author_id, client_id) WHERE client_id IS NOT NULL;
  CREATE INDEX messages_by_reply ON messages (reply_to) WHERE reply_to IS NOT NULL;
  -- The explicit ids are the order: an emoji keeps the place of the first time
  -- it was set, a user's reaction the time it was set.
  CREATE TABLE reaction_emoji (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message bigint NOT NULL REFERENCES messages (id),
    emoji   text NOT NULL,
    UNIQUE (message, emoji)
  );
  CREATE TABLE reactions (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message bigint NOT NULL REFERENCES messages (id),
    emoji   text NOT NULL,
    user_id text NOT NULL,
    UNIQUE (message, emoji, user_id)
  );
  -- Idempotent changes: a (user, opId) names the message it changed.
  CREATE TABLE change_ops (
    user_id text NOT NULL,
    op_id   text NOT NULL,
    message bigint NOT NULL REFERENCES messages (id),
    PRIMARY KEY (user_id, op_id)
  );
  CREATE TABLE members (
    room      text NOT NULL REFERENCES rooms (id),
    user_id   text NOT NULL,
    user_name text NOT NULL,
    since     bigint GENERATED ALWAYS AS IDENTITY,  -- ordering: the order members joined in
    PRIMARY KEY (room, user_id)
  );
  CREATE INDEX members_by_user ON members (user_id);
  CREATE TABLE read_cursors (
    room     text NOT NULL REFERENCES rooms (id),
    user_id  text NOT NULL,
    read_seq bigint NOT NULL,
    PRIMARY KEY (room, user_id)
  );
  -- The HTTP login's users. Ids come from a sequence (u-1, u-2, ...) so that
  -- two nodes signing in two new names at once cannot pick the same id.
  CREATE SEQUENCE user_numbers;
  CREATE TABLE users (
    id   text PRIMARY KEY,
    name text NOT NULL
  );
  CREATE UNIQUE INDEX users_by_name ON users (lower(name));
  `,
];

/** The schema version this server writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Any fixed number: the advisory lock that makes nodes starting together
 * migrate one after the other (the second finds the work done).
 */
const MIGRATION_LOCK = 0x63687477; // "chtw"

/**
 * Brings the database to SCHEMA_VERSION in one transaction (PostgreSQL's DDL
 * is transactional: a crash leaves the old version). Refuses a database from
 * a newer server rather than guessing.
 * @param {import('pg').Pool} pool
 */
export async function migrate(pool) {
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS chatwire_schema (version integer NOT NULL)');
    const { rows } = await client.query('SELECT version FROM chatwire_schema');
    const version = rows.length === 0 ? 0 : rows[0].version;
    if (version === SCHEMA_VERSION) return;
    if (version > SCHEMA_VERSION) {
      throw new Error(`the database has schema version ${version}; this server knows ${SCHEMA_VERSION}`);
    }
    for (const step of MIGRATIONS.slice(version)) await client.query(step);
    if (rows.length === 0) await client.query('INSERT INTO chatwire_schema (version) VALUES ($1)', [SCHEMA_VERSION]);
    else await client.query('UPDATE chatwire_schema SET version = $1', [SCHEMA_VERSION]);
  });
}
