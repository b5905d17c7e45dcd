// A whole local cluster for one test file: Redis, a shared database, two
// reference-server nodes and HAProxy in front, all on 127.0.0.1 on free
// ports, in a scratch folder removed by stop(). Clients sign in over HTTP
// (real JWTs) and connect with plain socket.io-client, to a node directly or
// through HAProxy.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { io as connectClient } from 'socket.io-client';
import { startHaproxy, startNode, startRedis, waitForNodes } from '../../cluster/services.mjs';
import { TestClient } from '../helpers.mjs';

/** The shared token key of the test cluster (tests only). */
const SECRET = 'cluster-test-key-'.padEnd(48, 'x');

/**
 * @param {{ nodeIds?: string[], echo?: boolean }} [options]  echo: copy every process's output to stderr
 */
export async function startCluster({ nodeIds = ['n1', 'n2'], echo = !!process.env.CHATWIRE_CLUSTER_ECHO } = {}) {
  const scratch = mkdtempSync(joinPath(tmpdir(), 'chatwire-cluster-'));
  /** @type {(() => Promise<void>)[]} */
  const stops = [];
  const stop = async () => {
    for (const stopOne of stops.reverse()) await stopOne().catch(() => {});
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    const redis = await startRedis({ echo });
    stops.push(() => redis.stop());
    const storage = { db: joinPath(scratch, 'chatwire.sqlite') };
    const nodes = [];
    // One after the other: the first seeds the fresh database.
    for (const id of nodeIds) {
      const node = await startNode({ id, redisUrl: redis.url, secret: SECRET, echo, ...storage });
      stops.push(() => node.stop());
      nodes.push(node);
    }
    const haproxy = await startHaproxy({ dir: scratch, nodes, echo });
    stops.push(() => haproxy.stop());
    await waitForNodes(haproxy.url, nodeIds);
    return { scratch, redis, nodes, haproxy, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Signs in by name on `url` and resolves with `{token, user}`.
 * @param {string} url
 * @param {string} name
 */
export async function login(url, name) {
  const response = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  if (!response.ok) throw new Error(`login ${name}: ${response.status} ${await response.text()}`);
  return response.json();
}

/**
 * Connects with a token and resolves once connected.
 * @param {string} url
 * @param {string} token
 * @param {Partial<import('socket.io-client').ManagerOptions & import('socket.io-client').SocketOptions>} [options]
 */
export async function connect(url, token, options = {}) {
  const socket = connectClient(url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token }, ...options });
  const client = new TestClient(socket);
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return client;
}

/** Which node a request to `url` lands on: /api/health names it. @param {string} url */
export async function nodeOf(url) {
  return (await (await fetch(`${url}/api/health`)).json()).node;
}
