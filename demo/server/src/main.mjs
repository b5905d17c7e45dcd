#!/usr/bin/env node
// The Chatwire reference server, as a program:
//
//   node demo/server/src/main.mjs [--port 8080] [--host 127.0.0.1] [--db FILE]
//                                 [--web DIR] [--secret S] [--no-seed-archive]
//                                 [--postgres URL]
//
// Each flag also reads from the environment: CHATWIRE_PORT, CHATWIRE_HOST,
// CHATWIRE_DB, CHATWIRE_WEB, CHATWIRE_SECRET, CHATWIRE_SEED_ARCHIVE=0,
// CHATWIRE_POSTGRES_URL.
//
// --postgres stores everything in PostgreSQL (postgres://user:password@host:port/database)
// instead of the SQLite file; several nodes may share it. It needs --secret:
// there is no file to keep a generated key in, and every node must accept
// the others' tokens.
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
      postgres: { type: 'string', default: env.CHATWIRE_POSTGRES_URL },
      help: { type: 'boolean', default: false },
    },
  }).values;
} catch (error) {
  console.error(`${error.message}\nusage: node demo/server/src/main.mjs [--port N] [--host H] [--db FILE] [--web DIR] [--secret S] [--no-seed-archive] [--postgres URL]`);
  process.exit(2);
}
if (parsed.help) {
  console.log('usage: node demo/server/src/main.mjs [--port N] [--host H] [--db FILE] [--web DIR] [--secret S] [--no-seed-archive] [--postgres URL]');
  process.exit(0);
}

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
});
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
