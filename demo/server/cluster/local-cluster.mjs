// A whole cluster on this machine, in the order its pieces depend on each
// other: Redis, the database (a private PostgreSQL server, or one SQLite
// file), the nodes one after the other (the first seeds a fresh database),
// then HAProxy, ready once its health checks see every node. Used by
// scripts/cluster.sh (through run.mjs) and by the cluster tests.
//
// stop() stops what was started, in reverse order; a failure while starting
// stops what had started before rethrowing.

import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startPrivatePostgres } from '../test/support/private-postgres.mjs';
import { startHaproxy, startNode, startRedis, waitForNodes } from './services.mjs';

/**
 * @typedef {object} LocalClusterOptions
 * @property {string[]} [nodeIds]      default n1, n2
 * @property {'postgres' | 'sqlite'} [store]  default postgres
 * @property {string} [parentDir]      where the scratch folder goes (default: the OS temp folder)
 * @property {number} [port]           HAProxy's (default: a free one)
 * @property {string} [secret]         the shared token key (default: 32 random bytes)
 * @property {string} [web]            the page the nodes serve
 * @property {boolean} [seedArchive]   the 10,000-message archive in a fresh database
 * @property {boolean} [echo]          copy every process's output to stderr
 */

/** @param {LocalClusterOptions} [options] */
export async function startLocalCluster({
  nodeIds = ['n1', 'n2'],
  store = 'postgres',
  parentDir = tmpdir(),
  port,
  secret = randomBytes(32).toString('base64url'),
  web,
  seedArchive = false,
  echo = false,
} = {}) {
  mkdirSync(parentDir, { recursive: true });
  // Absolute: PostgreSQL resolves its socket folder from its data directory.
  const scratch = mkdtempSync(join(resolve(parentDir), 'chatwire-cluster-'));
  // PostgreSQL runs as the user postgres, who must be able to reach its folder inside.
  chmodSync(scratch, 0o755);
  /** @type {(() => Promise<unknown>)[]} */
  const stops = [];
  let stopping = null;
  const stop = () =>
    (stopping ??= (async () => {
      for (const stopOne of stops.reverse()) await stopOne().catch((error) => console.error('cluster: stopping:', error.message));
      rmSync(scratch, { recursive: true, force: true });
    })());

  try {
    const redis = await startRedis({ echo });
    stops.push(() => redis.stop());

    /** @type {{ db?: string, postgres?: string }} */
    let storage;
    let postgres = null;
    if (store === 'postgres') {
      postgres = await startPrivatePostgres({ parentDir: scratch });
      stops.push(() => postgres.destroy());
      storage = { postgres: await postgres.createDatabase('chatwire') };
    } else {
      storage = { db: join(scratch, 'chatwire.sqlite') };
    }

    const nodes = [];
    for (const id of nodeIds) {
      const node = await startNode({ id, redisUrl: redis.url, secret, web, seedArchive, echo, ...storage });
      stops.push(() => node.stop());
      nodes.push(node);
    }

    const haproxy = await startHaproxy({ dir: scratch, port, nodes, echo });
    stops.push(() => haproxy.stop());
    await waitForNodes(haproxy.url, nodeIds);
    return { url: haproxy.url, scratch, redis, postgres, storage, nodes, haproxy, secret, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
