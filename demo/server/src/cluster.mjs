// What a node of a cluster adds to the socket.io server: the Redis streams
// adapter, so that a broadcast on one node reaches the sockets of every node,
// and Socket.IO's connection state recovery, so that a client that lost its
// connection for a moment gets the broadcasts it missed (the adapter keeps
// them in the Redis stream and the session in a Redis key). Recovery fails
// after a node crash (the session was never saved); the client then rejoins
// and fills the gap by seq, as after any reconnect.

import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';

/**
 * @typedef {object} ClusterSettings
 * @property {string} nodeId    this node's name, for logs and /api/health
 * @property {string} redisUrl  e.g. redis://127.0.0.1:6379
 */

/** How long a recovered connection may have been gone: as long as the stream keeps what it missed. */
export const MAX_DISCONNECTION_MS = 2 * 60 * 1000;

/**
 * Nodes tell each other they are alive every second, and a node silent for
 * three is dropped: a killed node stops holding up the questions asked of
 * every node (fetchSockets) within seconds, not the adapter's default ten.
 */
export const HEARTBEAT = Object.freeze({ heartbeatInterval: 1000, heartbeatTimeout: 3000 });

/**
 * Connects to Redis and returns the socket.io server options of a cluster
 * node, and how to let go of Redis. While Redis is unreachable the client
 * keeps reconnecting and queues what the adapter sends (its offline queue),
 * so broadcasts go out, late, once it is back; errors are reported to
 * `onError` once per outage, not once per retry.
 *
 * @param {ClusterSettings} settings
 * @param {(error: unknown, context: string) => void} onError
 * @returns {Promise<{ serverOptions: object, isBusUp: () => boolean, close: () => Promise<void> }>}
 */
export async function connectCluster({ nodeId, redisUrl }, onError) {
  const redis = createClient({
    url: redisUrl,
    // Retry forever, at most every 2 s: the node outlives a Redis restart.
    socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000) },
  });
  let down = false;
  redis.on('error', (error) => {
    if (down) return;
    down = true;
    onError(error, `redis (node ${nodeId}): connection lost, retrying`);
  });
  redis.on('ready', () => {
    if (down) console.error(`chatwire cluster: node ${nodeId}: redis is back`);
    down = false;
  });
  try {
    await redis.connect();
  } catch (error) {
    throw new Error(`node ${nodeId}: cannot reach Redis at ${redisUrl}: ${error.message}`);
  }

  return {
    serverOptions: {
      adapter: createAdapter(redis, { ...HEARTBEAT }),
      connectionStateRecovery: { maxDisconnectionDuration: MAX_DISCONNECTION_MS, skipMiddlewares: true },
      // Set at the handshake: HAProxy learns from it which node a polling
      // session (`?sid=`) belongs to, and browsers send it back.
      cookie: { name: 'io', path: '/', httpOnly: true, sameSite: 'lax' },
    },
    /** Whether Redis is connected now: while it is not, the other nodes' silence proves nothing. */
    isBusUp: () => redis.isReady,
    async close() {
      // destroy(), not quit(): quit waits for replies a dead Redis never sends.
      if (redis.isOpen) redis.destroy();
    },
  };
}
