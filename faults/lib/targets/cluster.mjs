// The cluster as a target of the fault suite (issue 16, item 1): Redis, a
// private PostgreSQL server, two reference-server nodes (--cluster) and
// HAProxy in front, all on 127.0.0.1, started with the cluster's own helper
// (demo/server/cluster/local-cluster.mjs: what scripts/cluster.sh and the
// cluster tests run). Clients reach it through HAProxy; crash() kills one
// node with SIGKILL, the first the first time and the other the next, and
// starts it again on its port. The store is read from PostgreSQL.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { sleep } from '../../../testkit/waits.mjs';
import { openConnections, signIn, speaksPolling } from './http.mjs';

const SERVER_DIR = fileURLToPath(new URL('../../../demo/server/', import.meta.url));
const LOCAL_CLUSTER = `${SERVER_DIR}cluster/local-cluster.mjs`;
const PROGRAMS = ['/usr/bin/redis-server', '/usr/sbin/haproxy', '/usr/lib/postgresql/15/bin/pg_ctl'];

/** Why the cluster cannot be started here, or null. */
export async function clusterUnavailable() {
  if (!existsSync(LOCAL_CLUSTER)) return 'no cluster to run against: demo/server/cluster/ (branch issue16-cluster) is not merged';
  const programs = PROGRAMS.filter((program) => !existsSync(program));
  if (programs.length > 0) return `the cluster needs ${programs.join(', ')} (scripts/setup.sh installs them)`;
  return null;
}

/**
 * Starts a fresh cluster. Its data goes into its own folder under the system temp folder, not
 * into the scenario's `dataDir`: PostgreSQL runs as the user postgres, who cannot enter a private
 * (0700) folder of root's.
 * @returns {Promise<import('./target.mjs').Target>}
 */
export async function startCluster() {
  const { startLocalCluster } = await import(LOCAL_CLUSTER);
  // node-postgres as the server has it: the target reads the database the nodes write.
  const { Client } = createRequire(`${SERVER_DIR}package.json`)('pg');
  const cluster = await startLocalCluster({ store: 'postgres' });
  const db = new Client({ connectionString: cluster.storage.postgres });
  try {
    await db.connect();
  } catch (error) {
    await cluster.stop();
    throw error;
  }

  let crashes = 0;
  let stopped = false;
  return {
    name: 'cluster',
    entry: { host: '127.0.0.1', port: cluster.haproxy.port },
    url: cluster.url,
    rooms: ['general', 'random', 'design'],
    crashWhat: 'one node',
    signIn: (name) => signIn(cluster.url, name),
    speaksPolling: () => speaksPolling(cluster.url),
    async crash({ downMs }) {
      const node = cluster.nodes[crashes % cluster.nodes.length];
      crashes += 1;
      const connections = await openConnections(node.url);
      await node.kill();
      await sleep(downMs);
      // A scenario past its deadline may have stopped the cluster meanwhile: start nothing then.
      if (stopped) throw new Error(`the cluster was stopped while node ${node.id} was down`);
      await node.start();
      return { victim: `node ${node.id}`, connections };
    },
    async storedMessages(room) {
      const { rows } = await db.query(
        `SELECT seq::int AS seq, convert_from(text, 'UTF8') AS text, author_id AS "authorId", client_id AS "clientId"
           FROM messages WHERE room = $1 ORDER BY seq`,
        [room],
      );
      return rows;
    },
    async stop() {
      stopped = true;
      await db.end().catch(() => {});
      await cluster.stop();
    },
    output: () =>
      [
        ...cluster.nodes.map((node) => `--- node ${node.id} ---\n${node.output()}`),
        `--- haproxy ---\n${cluster.haproxy.output()}`,
        `--- postgres ---\n${cluster.postgres?.log() ?? ''}`,
      ].join('\n'),
  };
}
