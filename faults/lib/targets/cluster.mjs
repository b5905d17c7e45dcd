// The cluster as a target of the fault suite (issue 16, item 1): a private
// PostgreSQL server, Redis, two reference-server nodes (--cluster) and
// HAProxy in front, all on 127.0.0.1, started with the cluster's own helpers
// (demo/server/cluster/services.mjs, the same ones scripts/cluster.sh and the
// cluster tests use). Clients reach it through HAProxy; crash() kills one
// node with SIGKILL, the first the first time and the other the next, and
// starts it again on its port. The store is read from PostgreSQL.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { sleep } from '../../../testkit/waits.mjs';
import { signIn, speaksPolling } from './http.mjs';

const SERVER_DIR = fileURLToPath(new URL('../../../demo/server/', import.meta.url));
const SERVICES = `${SERVER_DIR}cluster/services.mjs`;
const POSTGRES = `${SERVER_DIR}test/support/private-postgres.mjs`;
const PROGRAMS = ['/usr/bin/redis-server', '/usr/sbin/haproxy', '/usr/lib/postgresql/15/bin/pg_ctl'];
const NODE_IDS = ['n1', 'n2'];
/** The token key the nodes share; a test cluster's own. */
const SECRET = 'faults-cluster-key-'.padEnd(48, 'x');

/** Why the cluster cannot be started here, or null. */
export async function clusterUnavailable() {
  const missing = [SERVICES, POSTGRES].filter((file) => !existsSync(file));
  if (missing.length > 0) return 'no cluster to run against: its helpers (demo/server/cluster/, branch issue16-cluster) are not merged';
  const programs = PROGRAMS.filter((program) => !existsSync(program));
  if (programs.length > 0) return `the cluster needs ${programs.join(', ')} (scripts/setup.sh installs them)`;
  return null;
}

/**
 * Starts a fresh cluster with its data in `dataDir`.
 * @param {{ dataDir: string }} options
 * @returns {Promise<import('./target.mjs').Target>}
 */
export async function startCluster({ dataDir }) {
  const { startHaproxy, startNode, startRedis, waitForNodes } = await import(SERVICES);
  const { startPrivatePostgres } = await import(POSTGRES);
  // node-postgres as the server has it: the target reads the database the nodes write.
  const { Client } = createRequire(`${SERVER_DIR}package.json`)('pg');

  /** @type {(() => Promise<unknown>)[]} */
  const stops = [];
  const stop = async () => {
    for (const stopOne of stops.reverse()) await stopOne().catch(() => {});
    stops.length = 0;
  };
  try {
    // In its own folder under the system temp dir: PostgreSQL runs as `postgres`, which cannot enter
    // the scenario's private (0700, root) dataDir.
    const postgres = await startPrivatePostgres();
    stops.push(() => postgres.destroy());
    const databaseUrl = await postgres.createDatabase();
    const redis = await startRedis();
    stops.push(() => redis.stop());
    const nodes = [];
    // One after the other: the first creates the schema and the rooms.
    for (const id of NODE_IDS) {
      const node = await startNode({ id, redisUrl: redis.url, secret: SECRET, postgres: databaseUrl });
      stops.push(() => node.stop());
      nodes.push(node);
    }
    const haproxy = await startHaproxy({ dir: dataDir, nodes });
    stops.push(() => haproxy.stop());
    await waitForNodes(haproxy.url, NODE_IDS);
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    stops.push(() => db.end());

    let crashes = 0;
    return {
      name: 'cluster',
      entry: { host: '127.0.0.1', port: haproxy.port },
      url: haproxy.url,
      rooms: ['general', 'random', 'design'],
      crashWhat: 'one node',
      signIn: (name) => signIn(haproxy.url, name),
      speaksPolling: () => speaksPolling(haproxy.url),
      async crash({ downMs }) {
        const node = nodes[crashes % nodes.length];
        crashes += 1;
        await node.kill();
        await sleep(downMs);
        await node.start();
      },
      async storedMessages(room) {
        const { rows } = await db.query(
          `SELECT seq::int AS seq, convert_from(text, 'UTF8') AS text, author_id AS "authorId", client_id AS "clientId"
             FROM messages WHERE room = $1 ORDER BY seq`,
          [room],
        );
        return rows;
      },
      stop,
      output: () =>
        [...nodes.map((node) => `--- node ${node.id} ---\n${node.output()}`), `--- haproxy ---\n${haproxy.output()}`, `--- postgres ---\n${postgres.log()}`].join('\n'),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
