// node-postgres as the PostgreSQL store uses it: a pool whose integers come
// back as numbers, that survives the database going away, whose errors say
// whether the database is unreachable (StoreUnavailableError) or the request
// failed, and transactions that always give their connection back.

import pg from 'pg';
import { StoreUnavailableError } from './store-errors.mjs';

/** int8 (bigint), the type of seqs, revs, ids and epoch ms: every value fits in 2^53. */
const INT8_OID = 20;

/** Type parsers: int8 as a JS number (node-postgres returns strings by default). */
const types = {
  /** @param {number} oid @param {any} [format] */
  getTypeParser(oid, format) {
    return oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format);
  },
};

/**
 * Socket errors of Node, and SQLSTATEs: class 08 (connection exception),
 * 57P01-57P03 (the server is shutting down or starting), 53300 (too many
 * connections). All mean "the database cannot serve us now", not "this
 * request is wrong".
 */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '53300']);

/**
 * node-postgres reports a dropped or never-made connection with these
 * messages, without a code.
 */
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection terminated unexpectedly|Client was closed and is not queryable|Query read timeout/i;

/**
 * Whether an error means the database is unreachable now (rather than that
 * the request was wrong).
 * @param {unknown} error
 */
export function isUnavailable(error) {
  if (error instanceof StoreUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  const code = /** @type {any} */ (error).code;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  if (error instanceof AggregateError && error.errors.some(isUnavailable)) return true;
  return UNAVAILABLE_MESSAGES.test(error.message);
}

/**
 * The error to throw for one that came from node-postgres: unreachable → a
 * StoreUnavailableError (with the original as its cause), else as is.
 * @param {unknown} error
 */
export function storeError(error) {
  if (error instanceof StoreUnavailableError || !isUnavailable(error)) return error;
  return new StoreUnavailableError(`the database is unavailable: ${/** @type {Error} */ (error).message}`, { cause: error });
}

/**
 * @typedef {object} PoolOptions
 * @property {number} [max]                 connections at most (default 10)
 * @property {number} [connectTimeoutMs]    how long a request waits for a connection (a new one, or a
 *                                          turn at the pool's when all are busy) before failing as
 *                                          unavailable (default 5000): during an outage requests fail
 *                                          instead of piling up, and a client's retry comes sooner
 * @property {number} [queryTimeoutMs]      how long one statement may take before it fails as
 *                                          unavailable and its connection is dropped (default
 *                                          10000): a database that hangs, rather than refuses, must
 *                                          not hold a room's queue (engine.inRoom) forever
 * @property {(error: Error) => void} [onIdleError]  an idle connection broke (the database went
 *                                          away); the pool drops it and makes new ones later
 */

/**
 * A pool for `url` (postgres://user:password@host:port/database).
 * @param {string} url
 * @param {PoolOptions} [options]
 * @returns {import('pg').Pool}
 */
export function createPool(url, { max = 10, connectTimeoutMs = 5000, queryTimeoutMs = 10_000, onIdleError = () => {} } = {}) {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: connectTimeoutMs,
    query_timeout: queryTimeoutMs,
    keepAlive: true,
    types,
  });
  // Without a listener, an idle connection's error (the server restarted)
  // would be an uncaught 'error' event and end the process.
  pool.on('error', onIdleError);
  return pool;
}

/**
 * Runs `work` in a transaction on one connection of the pool: COMMIT when it
 * resolves, ROLLBACK when it throws. A connection that broke is destroyed,
 * not given back to the pool.
 * @template T
 * @param {import('pg').Pool} pool
 * @param {(client: import('pg').PoolClient) => Promise<T>} work
 * @returns {Promise<T>}
 */
export async function inTransaction(pool, work) {
  let client;
  try {
    client = await pool.connect();
  } catch (error) {
    throw storeError(error);
  }
  /** @type {Error | undefined} */
  let broken;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    if (isUnavailable(error)) broken = /** @type {Error} */ (error);
    else await client.query('ROLLBACK').catch((rollbackError) => (broken = rollbackError));
    throw storeError(error);
  } finally {
    client.release(broken);
  }
}

/**
 * One statement outside a transaction.
 * @param {import('pg').Pool} pool
 * @param {string} text
 * @param {unknown[]} [values]
 */
export async function query(pool, text, values) {
  try {
    return await pool.query(text, values);
  } catch (error) {
    throw storeError(error);
  }
}
