// The storage interface (store.mjs) on PostgreSQL through node-postgres: the
// store that several reference server nodes share. Every method returns a
// promise.
//
// Several nodes write at once, so the guarantees the SQLite store gets from
// being the only writer come from the database here:
// - every write to a room's messages (an insert, a change) first locks the
//   room's row (SELECT ... FOR UPDATE) and reads its counters under that
//   lock, so seqs and revs are handed out one writer at a time, without gaps
//   or duplicates, and a rollback gives its numbers back;
// - (author, clientId) and (user, opId) are unique in the database; a race
//   between two nodes on either ends with one row, and the loser answers
//   with the winner's message (INSERT ... ON CONFLICT DO NOTHING waits for
//   the other transaction and then sees it);
// - each read of messages is one statement, so a message, its reactions and
//   its parent's preview come from one snapshot.
// The room lock is always the first lock a transaction takes, so writers
// cannot deadlock.
//
// When the database cannot be reached, methods reject with
// StoreUnavailableError (store-errors.mjs) and the store recovers by itself
// once it is back: the pool makes new connections.
//
// Also the users the HTTP login knows and the rest of the server's extras,
// like sqlite-store.mjs.

import { groupReactions, toMessage } from './messages.mjs';
import { createPool, inTransaction, query, storeError } from './postgres-pool.mjs';
import { migrate } from './postgres-schema.mjs';

/** @typedef {import('./store.mjs').ChatStore} ChatStore */
/** @typedef {import('./store.mjs').ChangeKey} ChangeKey */
/** @typedef {import('./store.mjs').ChangeResult} ChangeResult */
/** @typedef {import('./store.mjs').Message} Message */
/** @typedef {import('./store.mjs').Room} Room */
/** @typedef {import('./store.mjs').User} User */
/** @typedef {import('pg').PoolClient} Client */

/**
 * A message row with its parent's columns (`p_*`, null when not a reply) and
 * its reactions as [emoji, user] pairs in order: every read of messages goes
 * through it, so every one carries the reply preview as the parent is now.
 */
const SELECT_MESSAGES = `
  SELECT m.id, m.room, m.seq, m.rev, m.client_id, m.author_id, m.author_name, m.text, m.created_at,
         m.version, m.edited_at, m.deleted, m.reply_to,
         p.author_id AS p_author_id, p.author_name AS p_author_name, p.text AS p_text, p.deleted AS p_deleted,
         (SELECT json_agg(json_build_array(r.emoji, r.user_id) ORDER BY e.id, r.id)
            FROM reactions r JOIN reaction_emoji e ON e.message = r.message AND e.emoji = r.emoji
           WHERE r.message = m.id) AS reactions
  FROM messages m LEFT JOIN messages p ON p.id = m.reply_to`;

/** A message id's row id, or null for an id this store never made. @param {string} messageId */
const rowIdOf = (messageId) => {
  const match = /^m-([1-9]\d{0,14})$/.exec(messageId);
  return match ? Number(match[1]) : null;
};

/** A message's text as stored (bytea: see postgres-schema.mjs). @param {string} text */
const textBytes = (text) => Buffer.from(text, 'utf8');

/** A row of SELECT_MESSAGES as the protocol's Message. @param {any} row @returns {Message} */
const readMessage = (row) => {
  const parent =
    row.reply_to === null
      ? null
      : { id: `m-${row.reply_to}`, author: { id: row.p_author_id, name: row.p_author_name }, text: row.p_text.toString('utf8'), deleted: row.p_deleted };
  const stored = {
    id: `m-${row.id}`,
    room: row.room,
    seq: row.seq,
    clientId: row.client_id,
    author: { id: row.author_id, name: row.author_name },
    text: row.text.toString('utf8'),
    createdAt: row.created_at,
    version: row.version,
    rev: row.rev,
    editedAt: row.edited_at,
    deleted: row.deleted,
  };
  return toMessage(stored, groupReactions(row.reactions ?? []), parent);
};

/** @param {any[]} rows */
const firstOrNull = (rows) => (rows.length > 0 ? readMessage(rows[0]) : null);

/**
 * @typedef {ChatStore & {
 *   close(): Promise<void>,
 *   listRooms(): Promise<{id: string, title: string, lastSeq: number}[]>,
 *   createRoomWithTitle(roomId: string, title: string, createdAt: number, admins?: string[]): Promise<Room>,
 *   userNamed(name: string): Promise<User>,
 *   insertMany(roomId: string, messages: {author: User, text: string, createdAt: number}[]): Promise<void>,
 *   exclusively<T>(work: () => Promise<T>): Promise<T>,
 *   reachable(timeoutMs: number): Promise<boolean>,
 *   pool: import('pg').Pool,
 * }} PostgresStore
 */

/**
 * Connects to the database at `url` (postgres://user:password@host:port/database)
 * and brings its schema to the current version. Rejects when the database
 * cannot be reached then: a server should not start without its store.
 *
 * @param {string} url
 * @param {import('./postgres-pool.mjs').PoolOptions} [options]
 * @returns {Promise<PostgresStore>}
 */
export async function openPostgresStore(url, options = {}) {
  const pool = createPool(url, options);
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end().catch(() => {});
    throw storeError(error);
  }

  /** Reads messages with one statement. @param {string} where  after SELECT_MESSAGES @param {unknown[]} values */
  const selectMessages = async (where, values) => (await query(pool, `${SELECT_MESSAGES} ${where}`, values)).rows;

  /**
   * Locks the room's row for the rest of the transaction and returns its
   * counters; throws if there is no such room.
   * @param {Client} client @param {string} roomId
   * @returns {Promise<{ lastSeq: number, rev: number }>}
   */
  const lockRoom = async (client, roomId) => {
    const room = await lockRoomIfAny(client, roomId);
    if (!room) throw new Error(`postgres store: no room ${JSON.stringify(roomId)}`);
    return room;
  };

  /**
   * Like lockRoom, but null when there is no such room.
   * @param {Client} client @param {string} roomId
   * @returns {Promise<{ lastSeq: number, rev: number } | null>}
   */
  const lockRoomIfAny = async (client, roomId) => {
    const { rows } = await client.query('SELECT last_seq AS "lastSeq", rev FROM rooms WHERE id = $1 FOR UPDATE', [roomId]);
    return rows[0] ?? null;
  };

  /**
   * The row of a message if it is in the room.
   * @param {Client} client @param {string} roomId @param {string} messageId
   */
  const rowIn = async (client, roomId, messageId) => {
    const rowId = rowIdOf(messageId);
    if (rowId === null) return undefined;
    const { rows } = await client.query('SELECT id, deleted FROM messages WHERE id = $1 AND room = $2', [rowId, roomId]);
    return rows[0];
  };

  /** @param {Client} client @param {string} roomId @param {string} messageId */
  const requireRow = async (client, roomId, messageId) => {
    const row = await rowIn(client, roomId, messageId);
    if (!row) throw new Error(`postgres store: no message ${JSON.stringify(messageId)} in room ${JSON.stringify(roomId)}`);
    return row;
  };

  /** @param {{ deleted: boolean, id: number }} row  edits and reactions need a message that is not deleted */
  const requireLive = (row) => {
    if (row.deleted) throw new Error(`postgres store: message m-${row.id} is deleted`);
  };

  /** @param {Client} client @param {number} rowId */
  const readRow = async (client, rowId) => readMessage((await client.query(`${SELECT_MESSAGES} WHERE m.id = $1`, [rowId])).rows[0]);

  /** @param {Client} client @param {string} authorId @param {string} clientId */
  const byClientId = async (client, authorId, clientId) =>
    firstOrNull((await client.query(`${SELECT_MESSAGES} WHERE m.author_id = $1 AND m.client_id = $2`, [authorId, clientId])).rows);

  /** @param {Client} client @param {string} userId @param {string} opId */
  const byOpId = async (client, userId, opId) =>
    firstOrNull(
      (await client.query(`${SELECT_MESSAGES} JOIN change_ops o ON o.message = m.id WHERE o.user_id = $1 AND o.op_id = $2`, [userId, opId])).rows,
    );

  /**
   * A change's transaction (store.mjs, editMessage): the room lock, the opId
   * lookup (a repeat changes nothing), the opId record, `apply` (which says
   * whether it changed anything), the version and rev bump.
   * @template {ChangeKey} K
   * @param {(client: Client, row: { id: number, deleted: boolean }, change: K) => Promise<boolean>} apply
   * @returns {(change: K) => Promise<ChangeResult>}
   */
  const changeWith = (apply) => (change) =>
    inTransaction(pool, async (client) => {
      // No room: then no message in it either (requireRow says so), unless the opId is a repeat.
      await lockRoomIfAny(client, change.room);
      const earlier = await byOpId(client, change.userId, change.opId);
      if (earlier) return { message: earlier, changed: false };
      const row = await requireRow(client, change.room, change.id);
      // The same (user, opId) may be recorded by a change in another room on
      // another node right now: the unique key decides, and the loser is a repeat.
      const recorded = await client.query(
        'INSERT INTO change_ops (user_id, op_id, message) VALUES ($1, $2, $3) ON CONFLICT (user_id, op_id) DO NOTHING',
        [change.userId, change.opId, row.id],
      );
      if (recorded.rowCount === 0) return { message: /** @type {Message} */ (await byOpId(client, change.userId, change.opId)), changed: false };
      const changed = await apply(client, row, change);
      if (changed) {
        const { rows } = await client.query('UPDATE rooms SET rev = rev + 1 WHERE id = $1 RETURNING rev', [change.room]);
        await client.query('UPDATE messages SET version = version + 1, rev = $1 WHERE id = $2', [rows[0].rev, row.id]);
      }
      return { message: await readRow(client, row.id), changed };
    });

  const editMessage = changeWith(async (client, row, { text, editedAt }) => {
    requireLive(row);
    await client.query('UPDATE messages SET text = $1, edited_at = $2 WHERE id = $3', [textBytes(text), editedAt, row.id]);
    return true;
  });

  const deleteMessage = changeWith(async (client, row) => {
    if (row.deleted) return false;
    // A delete erases what was said, not just hides it.
    await client.query("UPDATE messages SET deleted = true, text = ''::bytea, edited_at = NULL, reply_to = NULL WHERE id = $1", [row.id]);
    await client.query('DELETE FROM reactions WHERE message = $1', [row.id]);
    await client.query('DELETE FROM reaction_emoji WHERE message = $1', [row.id]);
    return true;
  });

  const setReaction = changeWith(async (client, row, { emoji, userId, on }) => {
    requireLive(row);
    if (!on) {
      return (await client.query('DELETE FROM reactions WHERE message = $1 AND emoji = $2 AND user_id = $3', [row.id, emoji, userId])).rowCount > 0;
    }
    // The emoji's place is taken the first time it is set, and kept.
    await client.query('INSERT INTO reaction_emoji (message, emoji) VALUES ($1, $2) ON CONFLICT DO NOTHING', [row.id, emoji]);
    const inserted = await client.query('INSERT INTO reactions (message, emoji, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
      row.id,
      emoji,
      userId,
    ]);
    return inserted.rowCount > 0;
  });

  /** @type {PostgresStore} */
  const store = {
    pool,

    async getRoom(roomId) {
      const { rows } = await query(
        pool,
        `SELECT r.id, r.created_at AS "createdAt",
                COALESCE(array_agg(a.user_id ORDER BY a.position) FILTER (WHERE a.user_id IS NOT NULL), '{}') AS admins
           FROM rooms r LEFT JOIN room_admins a ON a.room = r.id WHERE r.id = $1 GROUP BY r.id`,
        [roomId],
      );
      if (rows.length === 0) return null;
      const { id, createdAt, admins } = rows[0];
      return Object.freeze({ id, createdAt, admins: Object.freeze(admins) });
    },
    createRoom(roomId, createdAt, admins = []) {
      return store.createRoomWithTitle(roomId, roomId, createdAt, admins);
    },
    async createRoomWithTitle(roomId, title, createdAt, admins = []) {
      await inTransaction(pool, async (client) => {
        const created = await client.query('INSERT INTO rooms (id, title, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
          roomId,
          title,
          createdAt,
        ]);
        // The admins are part of the room's definition: given once, with the room.
        if (created.rowCount === 0) return;
        for (const userId of admins) await client.query('INSERT INTO room_admins (room, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [roomId, userId]);
      });
      return /** @type {Room} */ (await store.getRoom(roomId));
    },
    async listRooms() {
      return (await query(pool, 'SELECT id, title, last_seq AS "lastSeq" FROM rooms ORDER BY position')).rows;
    },

    insertMessage({ room, clientId, author, text, createdAt, replyTo = null }) {
      return inTransaction(pool, async (client) => {
        // Under the room's lock: the counters are current, and a repeat stored
        // by another node in this room is visible once its commit released the lock.
        const { lastSeq, rev } = await lockRoom(client, room);
        if (clientId !== null) {
          const earlier = await byClientId(client, author.id, clientId);
          if (earlier) return { message: earlier, inserted: false };
        }
        const parent = replyTo === null ? null : await requireRow(client, room, replyTo);
        // ON CONFLICT: the same (author, clientId) may be being stored in
        // another room right now; the unique index decides, and this one is the repeat.
        const { rows } = await client.query(
          `INSERT INTO messages (room, seq, rev, client_id, author_id, author_name, text, created_at, reply_to)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (author_id, client_id) WHERE client_id IS NOT NULL DO NOTHING RETURNING id`,
          [room, lastSeq + 1, rev + 1, clientId, author.id, author.name, textBytes(text), createdAt, parent?.id ?? null],
        );
        if (rows.length === 0) {
          return { message: /** @type {Message} */ (await byClientId(client, author.id, /** @type {string} */ (clientId))), inserted: false };
        }
        await client.query('UPDATE rooms SET last_seq = $1, rev = $2 WHERE id = $3', [lastSeq + 1, rev + 1, room]);
        return { message: await readRow(client, rows[0].id), inserted: true };
      });
    },
    async insertMany(roomId, messages) {
      await inTransaction(pool, async (client) => {
        const { lastSeq, rev } = await lockRoom(client, roomId);
        // One statement for the lot: the seed archive is 10,000 messages.
        await client.query(
          `INSERT INTO messages (room, seq, rev, author_id, author_name, text, created_at)
           SELECT $1, $2 + n, $3 + n, author_id, author_name, convert_to(text, 'UTF8'), created_at
             FROM unnest($4::text[], $5::text[], $6::text[], $7::bigint[]) WITH ORDINALITY AS t(author_id, author_name, text, created_at, n)`,
          [
            roomId,
            lastSeq,
            rev,
            messages.map((m) => m.author.id),
            messages.map((m) => m.author.name),
            messages.map((m) => m.text),
            messages.map((m) => m.createdAt),
          ],
        );
        await client.query('UPDATE rooms SET last_seq = $1, rev = $2 WHERE id = $3', [lastSeq + messages.length, rev + messages.length, roomId]);
      });
    },
    async findMessageByClientId(authorId, clientId) {
      return firstOrNull(await selectMessages('WHERE m.author_id = $1 AND m.client_id = $2', [authorId, clientId]));
    },
    async getMessage(roomId, messageId) {
      const rowId = rowIdOf(messageId);
      return rowId === null ? null : firstOrNull(await selectMessages('WHERE m.id = $1 AND m.room = $2', [rowId, roomId]));
    },
    async lastSeq(roomId) {
      return (await query(pool, 'SELECT last_seq FROM rooms WHERE id = $1', [roomId])).rows[0]?.last_seq ?? 0;
    },
    async roomRev(roomId) {
      return (await query(pool, 'SELECT rev FROM rooms WHERE id = $1', [roomId])).rows[0]?.rev ?? 0;
    },
    async messagesBefore(roomId, beforeSeq, limit) {
      const newestFirst = await selectMessages('WHERE m.room = $1 AND m.seq < $2 ORDER BY m.seq DESC LIMIT $3', [
        roomId,
        beforeSeq ?? Number.MAX_SAFE_INTEGER,
        limit,
      ]);
      return newestFirst.reverse().map(readMessage);
    },
    async messagesAfter(roomId, afterSeq, limit) {
      return (await selectMessages('WHERE m.room = $1 AND m.seq > $2 ORDER BY m.seq LIMIT $3', [roomId, afterSeq, limit])).map(readMessage);
    },
    async messagesChangedAfter(roomId, afterRev, limit, maxSeq) {
      const rows = await selectMessages('WHERE m.room = $1 AND m.rev > $2 AND m.seq <= $3 ORDER BY m.rev LIMIT $4', [
        roomId,
        afterRev,
        maxSeq ?? Number.MAX_SAFE_INTEGER,
        limit,
      ]);
      return rows.map(readMessage);
    },

    async findMessageByOpId(userId, opId) {
      return firstOrNull(await selectMessages('JOIN change_ops o ON o.message = m.id WHERE o.user_id = $1 AND o.op_id = $2', [userId, opId]));
    },
    editMessage,
    deleteMessage,
    setReaction,

    async addMember(roomId, user) {
      if ((await store.getRoom(roomId)) === null) throw new Error(`postgres store: no room ${JSON.stringify(roomId)}`);
      // xmax = 0 on the returned row: it was inserted, not updated (PostgreSQL
      // sets xmax when ON CONFLICT DO UPDATE locks an existing row). One
      // statement, so two nodes adding the same member cannot both call it new.
      const { rows } = await query(
        pool,
        `INSERT INTO members (room, user_id, user_name) VALUES ($1, $2, $3)
         ON CONFLICT (room, user_id) DO UPDATE SET user_name = excluded.user_name
         RETURNING (xmax = 0) AS inserted`,
        [roomId, user.id, user.name],
      );
      return rows[0].inserted;
    },
    async removeMember(roomId, userId) {
      return (await query(pool, 'DELETE FROM members WHERE room = $1 AND user_id = $2', [roomId, userId])).rowCount > 0;
    },
    async listMembers(roomId) {
      const { rows } = await query(pool, 'SELECT user_id AS id, user_name AS name FROM members WHERE room = $1 ORDER BY since', [roomId]);
      return rows.map((row) => Object.freeze({ id: row.id, name: row.name }));
    },
    async roomsOfMember(userId) {
      // Byte order, as SQLite sorts, whatever the database's collation.
      return (await query(pool, 'SELECT room FROM members WHERE user_id = $1 ORDER BY room COLLATE "C"', [userId])).rows.map((row) => row.room);
    },

    async readSeq(roomId, userId) {
      return (await query(pool, 'SELECT read_seq FROM read_cursors WHERE room = $1 AND user_id = $2', [roomId, userId])).rows[0]?.read_seq ?? 0;
    },
    async advanceReadCursor(roomId, userId, seq) {
      // One statement: the cursor only moves forward, whoever else moves it.
      // A row comes back only when it was inserted or moved.
      const { rows } = await query(
        pool,
        `INSERT INTO read_cursors AS c (room, user_id, read_seq)
           SELECT id, $2, LEAST($3::bigint, last_seq) FROM rooms WHERE id = $1
         ON CONFLICT (room, user_id) DO UPDATE SET read_seq = excluded.read_seq WHERE c.read_seq < excluded.read_seq
         RETURNING read_seq`,
        [roomId, userId, seq],
      );
      // A new cursor at 0 did not move.
      if (rows.length > 0) return { readSeq: rows[0].read_seq, moved: rows[0].read_seq > 0 };
      const current = await query(
        pool,
        'SELECT c.read_seq FROM rooms r LEFT JOIN read_cursors c ON c.room = r.id AND c.user_id = $2 WHERE r.id = $1',
        [roomId, userId],
      );
      if (current.rows.length === 0) throw new Error(`postgres store: no room ${JSON.stringify(roomId)}`);
      return { readSeq: current.rows[0].read_seq ?? 0, moved: false };
    },

    async userNamed(name) {
      // Two nodes may sign in the same new name at once: the unique index decides.
      const inserted = await query(
        pool,
        `INSERT INTO users (id, name) VALUES ('u-' || nextval('user_numbers'), $1)
         ON CONFLICT ((lower(name))) DO NOTHING RETURNING id, name`,
        [name],
      );
      const row = inserted.rows[0] ?? (await query(pool, 'SELECT id, name FROM users WHERE lower(name) = lower($1)', [name])).rows[0];
      return Object.freeze({ id: row.id, name: row.name });
    },

    async exclusively(work) {
      // A session-level advisory lock on a connection of its own, held while
      // `work` uses any other: one node at a time, whatever it does.
      let client;
      try {
        client = await pool.connect();
        // Another node may hold it while it seeds a fresh database: wait
        // longer than a statement may usually take.
        await client.query({ text: 'SELECT pg_advisory_lock($1)', values: [EXCLUSIVE_LOCK], query_timeout: 10 * 60_000 });
      } catch (error) {
        client?.release(error);
        throw storeError(error);
      }
      try {
        return await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [EXCLUSIVE_LOCK]).then(
          () => client.release(),
          (error) => client.release(error),
        );
      }
    },

    /**
     * Whether the database answers a trivial query within `timeoutMs` (for
     * /api/health: a health check must not wait out the pool's own timeouts).
     */
    async reachable(timeoutMs) {
      let timer;
      const late = new Promise((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
      try {
        return await Promise.race([pool.query('SELECT 1').then(() => true, () => false), late]);
      } finally {
        clearTimeout(timer);
      }
    },

    async close() {
      await pool.end();
    },
  };
  return store;
}

/** The advisory lock of `exclusively` (any number apart from the migration's). */
const EXCLUSIVE_LOCK = 0x63687478;
