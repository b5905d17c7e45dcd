// A whole local cluster for one test file (Redis, PostgreSQL, two nodes,
// HAProxy: cluster/local-cluster.mjs), and clients that sign in over HTTP
// (real JWTs) and connect with plain socket.io-client, to a node directly or
// through HAProxy.

import { io as connectClient } from 'socket.io-client';
import { startLocalCluster } from '../../cluster/local-cluster.mjs';
import { TestClient } from '../helpers.mjs';

/**
 * Starts the cluster of scripts/cluster.sh (without the page and the archive)
 * for one test file. CHATWIRE_CLUSTER_ECHO=1 copies every process's output
 * to stderr; CHATWIRE_CLUSTER_STORE=sqlite shares one SQLite file instead of
 * PostgreSQL.
 * @param {{ nodeIds?: string[], store?: 'postgres' | 'sqlite' }} [options]
 */
export function startCluster({ nodeIds, store = /** @type {any} */ (process.env.CHATWIRE_CLUSTER_STORE ?? 'postgres') } = {}) {
  return startLocalCluster({ nodeIds, store, echo: process.env.CHATWIRE_CLUSTER_ECHO === '1' });
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
