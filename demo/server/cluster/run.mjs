#!/usr/bin/env node
// A local cluster as a program (scripts/cluster.sh runs it):
//
//   node demo/server/cluster/run.mjs [--port 8080] [--dir <repo>/build/cluster] [--web DIR]
//                                    [--nodes 2] [--store postgres|sqlite] [--echo]
//
// Starts Redis, a private PostgreSQL server (its data under --dir), the
// nodes and HAProxy on 127.0.0.1, prints `listening on <HAProxy's URL>`, and
// stops them all on SIGINT or SIGTERM, or when any of them exits.

import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startLocalCluster } from './local-cluster.mjs';

/** The repository's build folder (ignored by git), wherever this is run from. */
const DEFAULT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../build/cluster');

const USAGE = 'usage: node demo/server/cluster/run.mjs [--port N] [--dir DIR] [--web DIR] [--nodes N] [--store postgres|sqlite] [--echo]';

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: '8080' },
      dir: { type: 'string', default: DEFAULT_DIR },
      web: { type: 'string' },
      nodes: { type: 'string', default: '2' },
      store: { type: 'string', default: 'postgres' },
      echo: { type: 'boolean', default: false },
    },
  }));
} catch (error) {
  console.error(`${error.message}\n${USAGE}`);
  process.exit(2);
}
const port = Number(values.port);
const nodeCount = Number(values.nodes);
if (!Number.isInteger(port) || port < 0 || port > 65535 || !Number.isInteger(nodeCount) || nodeCount < 1 || !['postgres', 'sqlite'].includes(values.store)) {
  console.error(USAGE);
  process.exit(2);
}

let cluster = null;
let stopping = false;
/** @param {string} why @param {number} code */
const stopAll = async (why, code) => {
  if (stopping) return;
  stopping = true;
  console.error(`cluster: ${why}: stopping`);
  await cluster?.stop();
  process.exit(code);
};
process.on('SIGINT', () => stopAll('SIGINT', 0));
process.on('SIGTERM', () => stopAll('SIGTERM', 0));

try {
  cluster = await startLocalCluster({
    nodeIds: Array.from({ length: nodeCount }, (_, i) => `n${i + 1}`),
    store: /** @type {'postgres' | 'sqlite'} */ (values.store),
    parentDir: values.dir,
    port,
    web: values.web,
    seedArchive: true,
    echo: values.echo,
  });
} catch (error) {
  console.error(`cluster: could not start: ${error.message}`);
  process.exit(1);
}

for (const node of cluster.nodes) console.log(`node ${node.id}: ${node.url}`);
console.log(`redis: ${cluster.redis.url}`);
if (cluster.postgres) console.log(`postgresql: ${cluster.storage.postgres}`);
console.log(`listening on ${cluster.url}`);

// Any piece that exits on its own leaves a cluster that is not the one
// promised: stop the rest rather than limp on.
const pieces = [['redis', cluster.redis], ['haproxy', cluster.haproxy], ...cluster.nodes.map((node) => [`node ${node.id}`, node])];
const [name, { code, signal }] = await Promise.race(pieces.map(([pieceName, piece]) => piece.exited().then((how) => [pieceName, how])));
await stopAll(`${name} exited (${signal ?? code})`, 1);
