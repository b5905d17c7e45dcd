// The reference server as a function: SQLite (or PostgreSQL) store, JWTs, the HTTP
// API and page, and the native protocol on socket.io, all on one port.
// main.mjs runs it as a program; tests run it in-process. With `cluster`
// settings it is one node of several: fan-out and connection state recovery
// through Redis (cluster.mjs), presence asked of every node.

import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { connectCluster } from './cluster.mjs';
import { seedFreshDatabase } from './demo-data.mjs';
import { createHttpHandler } from './http-api.mjs';
import { PROTOCOL_SERVER_OPTIONS, attachChatProtocol } from './protocol.mjs';
import { openPostgresStore } from './postgres-store.mjs';
import { openSqliteStore } from './sqlite-store.mjs';
import { createTokenSigner, loadSecret } from './tokens.mjs';

/** How long /api/health waits for the database: under HAProxy's check timeout (cluster/haproxy-config.mjs). */
const HEALTH_QUESTION_TIMEOUT_MS = 500;

/**
 * @typedef {object} ReferenceServerOptions
 * @property {number} [port]          0: any free port (default 8080)
 * @property {string} [host]          default 127.0.0.1
 * @property {string} [dbPath]        SQLite file, or ":memory:"
 * @property {string} [postgresUrl]   PostgreSQL instead of SQLite (what a cluster's nodes share):
 *                                    postgres://user:password@host:port/database. Give `secret` too,
 *                                    or tokens end with the process (there is no file to keep it in)
 * @property {string | null} [webRoot] the built page to serve at /, or null
 * @property {string} [secret]        token signing secret; default: stored in `<dbPath>.secret`
 * @property {number} [archiveSize]   messages to put in `archive` of a fresh database (default 10000)
 * @property {import('./cluster.mjs').ClusterSettings | null} [cluster]  run as a node of a cluster; every
 *                                    node must be given the same `secret` and database
 * @property {() => number} [now]
 */

/**
 * @typedef {object} ReferenceServer
 * @property {string} url   http://host:port
 * @property {number} port
 * @property {import('./sqlite-store.mjs').SqliteStore | import('./postgres-store.mjs').PostgresStore} store  (every call awaited)
 * @property {Promise<void>} pageReady  every file of the page compressed (brotli 11 included); it is served before, less compressed
 * @property {() => Promise<void>} close  disconnects every client, stops listening, closes the database
 */

/**
 * @param {ReferenceServerOptions} options
 * @returns {Promise<ReferenceServer>}
 */
export async function startReferenceServer({ port = 8080, host = '127.0.0.1', dbPath, postgresUrl, webRoot = null, secret, archiveSize = 10_000, cluster = null, now = Date.now }) {
  if (cluster && !secret) throw new Error('a cluster node needs the shared token key (secret): every node must verify every token');
  const store = postgresUrl ? await openPostgresStore(postgresUrl) : openSqliteStore(dbPath);
  /** @type {Awaited<ReturnType<typeof connectCluster>> | null} */
  let node = null;
  try {
    await seedFreshDatabase(store, { archiveSize, now: now() });
    const inMemory = postgresUrl || dbPath === ':memory:' || dbPath === '';
    const tokens = createTokenSigner(loadSecret({ given: secret, secretFile: inMemory ? null : `${dbPath}.secret` }), now);

    // `io` is made below, on the server this handler serves; the counts are asked later.
    let io;
    let opened = 0;
    const connections = () => ({ open: io?.engine.clientsCount ?? 0, opened });
    const dependencies = async () => ({
      ...(postgresUrl ? { database: (await store.reachable(HEALTH_QUESTION_TIMEOUT_MS)) ? 'up' : 'down' } : {}),
      ...(node ? { redis: node.isBusUp() ? 'up' : 'down' } : {}),
    });
    const httpHandler = createHttpHandler({ store, tokens, webRoot, connections, nodeId: cluster?.nodeId ?? null, dependencies });
    const httpServer = createServer(httpHandler);
    node = cluster ? await connectCluster(cluster, logError) : null;
    io = new Server(httpServer, { ...PROTOCOL_SERVER_OPTIONS, ...node?.serverOptions, cors: { origin: '*' } });
    io.engine.on('connection', () => opened++);
    const protocol = attachChatProtocol(io, {
      store,
      authenticate: (auth) => tokens.verify(auth !== null && typeof auth === 'object' ? auth.token : undefined),
      historyReadOnJoin: true,
      clustered: node !== null,
      isClusterBusUp: node?.isBusUp,
      now,
    });

    await new Promise((resolvePromise, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(port, host, () => {
        httpServer.off('error', reject);
        resolvePromise();
      });
    });
    const address = /** @type {import('node:net').AddressInfo} */ (httpServer.address());

    let closing = null;
    return {
      url: `http://${host}:${address.port}`,
      port: address.port,
      store,
      pageReady: httpHandler.pageReady,
      close() {
        closing ??= (async () => {
          protocol.dispose();
          // io.close() disconnects every socket and closes the HTTP server,
          // which waits for open keep-alive connections (a browser holds
          // some): end those at once rather than after their timeout.
          const closed = new Promise((resolvePromise) => io.close(() => resolvePromise()));
          httpServer.closeAllConnections();
          await closed;
          await node?.close();
          await store.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await node?.close();
    await store.close();
    throw error;
  }
}

/** @param {unknown} error @param {string} context */
function logError(error, context) {
  console.error(`chatwire: ${context}:`, error instanceof Error ? error.message : error);
}
