// The reference server's database, as its settings choose: an SQLite file
// for one machine (the default), or a PostgreSQL database that several
// server nodes share.

import { openPostgresStore } from './postgres-store.mjs';
import { openSqliteStore } from './sqlite-store.mjs';

/**
 * What the server needs of its database: the storage interface (store.mjs)
 * and the login's users, the room list, seeding, and closing. Either store;
 * every method is awaited.
 * @typedef {import('./sqlite-store.mjs').SqliteStore | import('./postgres-store.mjs').PostgresStore} ServerStore
 */

/**
 * @typedef {{ kind: 'sqlite', path: string } | { kind: 'postgres', url: string }} StoreSettings
 *   `path`: an SQLite file, or ":memory:"; `url`: postgres://user:password@host:port/database
 */

/**
 * Opens the store the settings name. Rejects when it cannot be opened (a
 * PostgreSQL that cannot be reached, a database of a newer schema): a server
 * must not start without its data.
 * @param {StoreSettings} settings
 * @returns {Promise<ServerStore>}
 */
export async function openServerStore(settings) {
  switch (settings.kind) {
    case 'sqlite':
      return openSqliteStore(settings.path);
    case 'postgres':
      return openPostgresStore(settings.url);
    default:
      throw new RangeError(`unknown store ${JSON.stringify(/** @type {any} */ (settings).kind)}: sqlite or postgres`);
  }
}
