#!/usr/bin/env node
// The Chatwire reference server, as a program:
//
//   node demo/server/src/main.mjs [--port 8080] [--host 127.0.0.1] [--db FILE]
//                                 [--web DIR] [--secret S] [--no-seed-archive]
//                                 [--postgres URL] [--cluster --node-id ID --redis URL]
//
// Each flag also reads from the environment: CHATWIRE_PORT, CHATWIRE_HOST,
// CHATWIRE_DB, CHATWIRE_WEB, CHATWIRE_SECRET, CHATWIRE_SEED_ARCHIVE=0,
// CHATWIRE_CLUSTER=1, CHATWIRE_NODE_ID, CHATWIRE_REDIS_URL, CHATWIRE_POSTGRES_URL.
//
// --postgres stores everything in PostgreSQL (postgres://user:password@host:port/database)
// instead of the SQLite file; several nodes may share it. It needs --secret:
// there is no file to keep a generated key in, and every node must accept
// the others' tokens.
//
// --cluster makes it one node of several behind a load balancer: they share
// the database (--postgres; or, on one machine, one SQLite file), the token
// key (--secret, required) and Redis (fan-out and connection state
// recovery); scripts/cluster.sh starts such a cluster.
//
// Prints `listening on <url>` once it accepts connections; SIGINT or SIGTERM
// close it cleanly (clients are disconnected and will reconnect to the next
// start; the database keeps everything).

import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startReferenceServer } from './reference-server.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const env = process.env;
const USAGE =
  'usage: node demo/server/src/main.mjs [--port N] [--host H] [--db FILE] [--web DIR] [--secret S] [--no-seed-archive]\n' +
  '                                     [--postgres URL] [--cluster --node-id ID --redis URL]';

/**
 * The cluster settings of the flags, or null without --cluster; exits with
 * a usage error when one is missing.
 * @param {Record<string, any>} flags
 * @returns {import('./cluster.mjs').ClusterSettings | null}
 */
function clusterSettings(flags) {
  if (!flags.cluster) {
    // A flag (not an inherited variable) naming a cluster setting without
    // --cluster is a mistake that would silently start a lone server.
    const stray = ['--node-id', '--redis'].find((flag) => process.argv.some((arg) => arg === flag || arg.startsWith(`${flag}=`)));
    if (stray) {
      console.error(`${stray} is a cluster setting: add --cluster\n${USAGE}`);
      process.exit(2);
    }
    return null;
  }
  const missing = [
    ['node-id', 'CHATWIRE_NODE_ID'],
    ['redis', 'CHATWIRE_REDIS_URL'],
    ['secret', 'CHATWIRE_SECRET'],
  ].filter(([flag]) => !flags[flag]);
  if (missing.length > 0) {
    const names = missing.map(([flag, variable]) => `--${flag} (${variable})`).join(', ');
    console.error(`--cluster needs ${names}: every node shares the token key and Redis, and has its own id\n${USAGE}`);
    process.exit(2);
  }
  return { nodeId: flags['node-id'], redisUrl: flags.redis };
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      port: { type: 'string', default: env.CHATWIRE_PORT ?? '8080' },
      host: { type: 'string', default: env.CHATWIRE_HOST ?? '127.0.0.1' },
      db: { type: 'string', default: env.CHATWIRE_DB ?? resolve(repo, 'demo/data/chatwire.sqlite') },
      web: { type: 'string', default: env.CHATWIRE_WEB },
      secret: { type: 'string', default: env.CHATWIRE_SECRET },
      'no-seed-archive': { type: 'boolean', default: env.CHATWIRE_SEED_ARCHIVE === '0' },
      cluster: { type: 'boolean', default: env.CHATWIRE_CLUSTER === '1' },
      'node-id': { type: 'string', default: env.CHATWIRE_NODE_ID },
      redis: { type: 'string', default: env.CHATWIRE_REDIS_URL },
      postgres: { type: 'string', default: env.CHATWIRE_POSTGRES_URL },
      help: { type: 'boolean', default: false },
    },
  }).values;
} catch (error) {
  console.error(`${error.message}\n${USAGE}`);
  process.exit(2);
}
if (parsed.help) {
  console.log(USAGE);
  process.exit(0);
}
const cluster = clusterSettings(parsed);

const port = Number(parsed.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be 0 to 65535, not ${parsed.port}`);
  process.exit(2);
}
const defaultWeb = resolve(repo, 'demo/web/dist');
const webRoot = parsed.web ?? (existsSync(defaultWeb) ? defaultWeb : null);
if (parsed.postgres && !parsed.secret) {
  console.error('--postgres needs --secret (or CHATWIRE_SECRET), at least 32 bytes: the token key every node shares');
  process.exit(2);
}
if (!parsed.postgres && parsed.db !== ':memory:') mkdirSync(dirname(resolve(parsed.db)), { recursive: true });

const server = await startReferenceServer({
  port,
  host: parsed.host,
  dbPath: parsed.db,
  postgresUrl: parsed.postgres,
  webRoot,
  secret: parsed.secret,
  archiveSize: parsed['no-seed-archive'] ? 0 : 10_000,
  cluster,
});
if (cluster) console.log(`cluster node ${cluster.nodeId}, redis ${cluster.redisUrl}`);
console.log(`listening on ${server.url}`);
if (!webRoot) console.log('(no page: build demo/web or pass --web DIR; the API and socket.io are up)');

let stopping = false;
const stop = (signal) => {
  if (stopping) {
    console.error(`${signal} again: exiting without waiting`);
    process.exit(1);
  }
  stopping = true;
  server.close().then(
    () => process.exit(0),
    (error) => {
      console.error('shutdown failed', error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
