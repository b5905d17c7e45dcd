// The processes of a local cluster, each on 127.0.0.1 on a free port:
// Redis, the reference server's nodes, and HAProxy in front (PostgreSQL is
// test/support/private-postgres.mjs). scripts/cluster.sh (through run.mjs)
// and the cluster tests start them with these functions, so both run the
// same cluster.
//
// Every child is killed when this process exits or is told to stop (SIGINT,
// SIGTERM), so a failing or interrupted test leaves nothing running; only a
// SIGKILL of this process would.

import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderHaproxyConfig } from './haproxy-config.mjs';

const MAIN = resolve(dirname(fileURLToPath(import.meta.url)), '../src/main.mjs');
const HOST = '127.0.0.1';

/** @type {Set<import('node:child_process').ChildProcess>} */
const children = new Set();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.once(signal, () => {
    for (const child of children) child.kill('SIGTERM');
    // Without another listener (run.mjs has one) the signal would now be
    // ignored: die of it as intended.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

/** A TCP port nobody listens on right now. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (probe.address());
      probe.close(() => resolvePort(port));
    });
  });
}

/**
 * A child process whose output is kept (for failure messages) and that dies
 * with this process. `started` resolves once `ready` matches its output (at
 * once without `ready`), and rejects if it exits first or takes longer than
 * `timeoutMs`.
 * @param {string} name
 * @param {string} command
 * @param {string[]} args
 * @param {{ ready: RegExp | null, timeoutMs?: number, env?: NodeJS.ProcessEnv, echo?: boolean }} options
 */
function startProcess(name, command, args, { ready, timeoutMs = 20_000, env, echo = false }) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  children.add(child);
  let output = '';
  const exited = new Promise((resolveExit) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolveExit({ code, signal });
    }),
  );
  const started = new Promise((resolveStart, reject) => {
    if (ready === null) resolveStart();
    const timer = ready && setTimeout(() => reject(new Error(`${name} did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk) => {
      const text = chunk.toString();
      output += text;
      if (output.length > 200_000) output = output.slice(-100_000);
      if (echo) process.stderr.write(text.replace(/^(?=.)/gm, `[${name}] `));
      if (ready?.test(output)) {
        clearTimeout(timer);
        resolveStart();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${name}: ${error.message}`));
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${signal ?? code}) before it was ready:\n${output}`));
    });
  });
  return {
    child,
    started,
    exited,
    output: () => output,
    /** SIGTERM, then SIGKILL if it has not gone within 5 s. */
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * Redis without persistence (the adapter's streams and sessions are
 * short-lived). stop() then start() is an outage: same port, empty memory.
 * @param {{ port?: number, echo?: boolean }} [options]
 */
export async function startRedis({ port, echo } = {}) {
  const redisPort = port ?? (await freePort());
  let current = null;
  const redis = {
    port: redisPort,
    url: `redis://${HOST}:${redisPort}`,
    async start() {
      current = startProcess(
        'redis',
        'redis-server',
        ['--port', String(redisPort), '--bind', HOST, '--save', '', '--appendonly', 'no'],
        { ready: /Ready to accept connections/, echo },
      );
      await current.started;
    },
    stop: () => current?.stop(),
    /** Resolves when the running process exits. */
    exited: () => current.exited,
    output: () => current?.output() ?? '',
  };
  await redis.start();
  return redis;
}

/**
 * @typedef {object} NodeSettings
 * @property {string} id
 * @property {string} redisUrl
 * @property {string} secret      the shared token key
 * @property {string} [db]        SQLite file shared by the nodes (one machine only)
 * @property {string} [postgres]  PostgreSQL URL
 * @property {string} [web]       the page to serve
 * @property {boolean} [seedArchive]
 * @property {boolean} [echo]     copy its output to stderr, prefixed with its id
 */

/**
 * One node: the reference server program with --cluster. restart() after
 * kill() brings it back on the same port.
 * @param {NodeSettings & { port?: number }} settings
 */
export async function startNode(settings) {
  const port = settings.port ?? (await freePort());
  const args = [MAIN, '--cluster', '--node-id', settings.id, '--redis', settings.redisUrl, '--port', String(port), '--host', HOST];
  if (settings.postgres) args.push('--postgres', settings.postgres);
  if (settings.db) args.push('--db', settings.db);
  if (settings.web) args.push('--web', settings.web);
  if (!settings.seedArchive) args.push('--no-seed-archive');
  let current = null;
  const node = {
    id: settings.id,
    port,
    address: `${HOST}:${port}`,
    url: `http://${HOST}:${port}`,
    async start() {
      // The key goes through the environment: a command line is visible to every user.
      current = startProcess(`node ${settings.id}`, process.execPath, args, {
        ready: /listening on/,
        env: { CHATWIRE_SECRET: settings.secret },
        echo: settings.echo,
      });
      await current.started;
    },
    /** SIGKILL: a crash, nothing saved, no goodbye to clients. */
    kill: () => current?.kill(),
    stop: () => current?.stop(),
    /** Resolves when the running process exits. */
    exited: () => current.exited,
    output: () => current?.output() ?? '',
  };
  await node.start();
  return node;
}

/**
 * HAProxy in the foreground (-db), with the configuration of
 * haproxy-config.mjs written to `dir`.
 * @param {{ dir: string, port?: number, nodes: { id: string, address: string }[], echo?: boolean }} options
 */
export async function startHaproxy({ dir, port, nodes, echo }) {
  const haproxyPort = port ?? (await freePort());
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'haproxy.cfg');
  writeFileSync(config, renderHaproxyConfig({ host: HOST, port: haproxyPort, nodes }));
  // -db: stay in the foreground. It prints nothing on a clean start: it is
  // ready when it answers.
  const process_ = startProcess('haproxy', 'haproxy', ['-db', '-f', config], { ready: null, echo });
  const url = `http://${HOST}:${haproxyPort}`;
  await waitUntil(async () => {
    if (process_.child.exitCode !== null) throw new Error(`haproxy exited:\n${process_.output()}`);
    const response = await fetch(`${url}/api/health`).catch(() => null);
    return response?.ok === true;
  }, 10_000, 'haproxy answering /api/health');
  return { port: haproxyPort, url, config, stop: process_.stop, exited: () => process_.exited, output: process_.output };
}

/**
 * Waits until every node answers /api/health through HAProxy (its health
 * checks have found them all up). Plain requests are balanced round robin.
 * @param {string} url  HAProxy's
 * @param {string[]} nodeIds
 * @param {number} [timeoutMs]
 */
export async function waitForNodes(url, nodeIds, timeoutMs = 15_000) {
  const seen = new Set();
  await waitUntil(async () => {
    const response = await fetch(`${url}/api/health`).catch(() => null);
    if (response?.ok) seen.add((await response.json()).node);
    return nodeIds.every((id) => seen.has(id));
  }, timeoutMs, `nodes ${nodeIds.join(', ')} behind haproxy`);
}

/**
 * @param {() => Promise<boolean>} condition
 * @param {number} timeoutMs
 * @param {string} what
 */
export async function waitUntil(condition, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
}
