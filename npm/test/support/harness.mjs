// Shared helpers of the package's Node tests: a real socket.io server
// speaking the native protocol (demo/server) on 127.0.0.1, and clients of the
// built package talking to it over real WebSockets (ws). Waiting is in
// testkit/waits.mjs.
import { after, before } from 'node:test';
import { Server } from 'socket.io';
import WebSocket from 'ws';
import { createChatClient } from '../../dist/index.js';
import { startProtocolServer, testAuthenticate } from '../../../demo/server/src/test-server.mjs';
import { createMemoryStore } from '../../../demo/server/src/memory-store.mjs';
import { waitFor } from '../../../testkit/waits.mjs';

/** A native-protocol server with an in-memory store that survives restart(). */
export async function startServer(options = {}) {
  return startProtocolServer({
    Server,
    store: createMemoryStore(),
    authenticate: testAuthenticate,
    createRoomsOnJoin: true,
    // Tests send bursts far beyond a person's pace.
    limits: { send: { burst: 10_000, perSecond: 10_000 } },
    ...options,
  });
}

/**
 * One server for a test file: started before its tests, closed after them
 * together with every client passed to track().
 */
export function serverForFile(options) {
  const context = {
    server: null,
    clients: [],
    track(client) {
      context.clients.push(client);
      return client;
    },
  };
  before(async () => {
    context.server = await startServer(options);
  });
  after(async () => {
    for (const client of context.clients) client.destroy();
    await context.server.close();
  });
  return context;
}

export const ada = Object.freeze({ id: 'u-ada', name: 'Ada' });
export const bob = Object.freeze({ id: 'u-bob', name: 'Bob' });
export const cyd = Object.freeze({ id: 'u-cyd', name: 'Cyd' });

/** The auth object testAuthenticate accepts for `user`. */
export function tokenFor(user) {
  return { token: `test:${user.id}:${user.name}` };
}

/** The server-side socket of `user`'s (first) connection. */
export function serverSocketOf(server, user) {
  const token = tokenFor(user).token;
  return [...server.io.sockets.sockets.values()].find((socket) => socket.handshake.auth?.token === token);
}

/** Fast reconnection so restart tests take well under a second per retry. */
export const quickReconnection = Object.freeze({ initialDelayMs: 50, maxDelayMs: 200, randomization: 0 });

/** A client of `server` for `user`, not connected yet. */
export function makeClient(server, user, overrides = {}) {
  return createChatClient({
    url: server.url,
    dialect: 'chatwire',
    user,
    auth: tokenFor(user),
    WebSocket,
    reconnection: quickReconnection,
    ...overrides,
  });
}

/** A connected client that has joined `rooms` (and seen them joined). */
export async function connectedClient(server, user, rooms = [], overrides = {}) {
  const client = await makeClient(server, user, overrides);
  client.connect();
  await waitFor(() => client.state === 'connected', { message: `${user.name} connected` });
  for (const roomId of rooms) client.room(roomId).join();
  for (const roomId of rooms) await waitFor(() => client.room(roomId).getSnapshot().joined, { message: `${user.name} joined ${roomId}` });
  return client;
}

/** Resolves with the next `name` event of `client` that satisfies `accept`. */
export function nextEvent(client, name, accept = () => true, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for a "${name}" event`));
    }, timeoutMs);
    const off = client.on(name, (event) => {
      if (!accept(event)) return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

/** Texts of a room's messages, in order. */
export function texts(client, roomId) {
  return client.room(roomId).getSnapshot().messages.map((message) => message.text);
}
