// A user of the fault scenarios: a client from the PACKED package
// (`import 'chatwire'` resolves to the tarball install-package.mjs put into
// node_modules), signed in on the target, connected through the fault proxy,
// and counting what the scenarios report: connections made, errors, and the
// typing frames it put on the wire.
import { createChatClient } from 'chatwire';
import WebSocket from 'ws';
import { waitFor } from '../../testkit/waits.mjs';

/** A Socket.IO EVENT packet for `typing`: Engine.IO "4", Socket.IO "2", optional namespace and ack id. */
const TYPING_FRAME = /^42(?:\/[^,]*,)?\d*\["typing"/;

/**
 * @typedef {object} ChatUser
 * @property {string} name
 * @property {{ id: string, name: string }} user
 * @property {import('chatwire').ChatClient} client
 * @property {{ connects: number, typingFramesSent: number, errors: import('chatwire').ChatwireError[] }} counts
 *   connects: times the client reached `connected` (reconnects are connects − 1)
 * @property {(roomId: string) => import('chatwire').Room} room
 */

/**
 * Signs `name` in on `target`, creates its client for `url` (the proxy), connects it and joins
 * `roomId`. The client is destroyed when `scope` closes.
 * @param {import('./scope.mjs').Scope} scope
 * @param {{ target: import('./targets/target.mjs').Target, url: string, name: string, roomId: string,
 *   options?: Partial<import('chatwire').ChatClientOptions>, connectTimeoutMs?: number }} options
 * @returns {Promise<ChatUser>}
 */
export async function openChatUser(scope, { target, url, name, roomId, options = {}, connectTimeoutMs = 20_000 }) {
  const { user, token } = await target.signIn(name);
  const counts = { connects: 0, typingFramesSent: 0, errors: /** @type {any[]} */ ([]) };
  const client = await createChatClient({
    url,
    dialect: 'chatwire',
    user,
    auth: { token },
    WebSocket: countingWebSocket(counts),
    persist: false,
    ...options,
  });
  scope.defer(() => client.destroy());
  client.on('state', (event) => {
    if (event.state === 'connected') counts.connects += 1;
  });
  client.on('error', (error) => counts.errors.push(error));
  client.connect();
  await waitFor(() => client.state === 'connected', { timeout: connectTimeoutMs, message: `${name} connected through ${url}` });
  const room = client.room(roomId);
  room.join();
  await waitFor(() => room.getSnapshot().joined, { timeout: connectTimeoutMs, message: `${name} joined ${roomId}` });
  return { name, user, client, counts, room: (id) => client.room(id) };
}

/** ws, counting the typing events the client sends (what a debounce must keep few). */
function countingWebSocket(counts) {
  return class CountingWebSocket extends WebSocket {
    send(data) {
      if (typeof data === 'string' && TYPING_FRAME.test(data)) counts.typingFramesSent += 1;
      super.send(data);
    }
  };
}
