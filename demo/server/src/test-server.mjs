// A protocol server for tests: socket.io on 127.0.0.1 with the native
// protocol, an in-memory store by default, and a restart that keeps the store
// and the port (a server restart with its database intact, which is what
// reconnect tests need). Test-only: `testAuthenticate` trusts any token.
//
// Like protocol.mjs it does not import socket.io: the caller passes its
// `Server` class.

import { createServer } from 'node:http';
import { createMemoryStore } from './memory-store.mjs';
import { PROTOCOL_SERVER_OPTIONS, attachChatProtocol } from './protocol.mjs';

/** @typedef {import('./store.mjs').User} User */
/** @typedef {import('./store.mjs').ChatStore} ChatStore */

const TEST_TOKEN = /^test:([^:]+):(.+)$/s;

/**
 * TEST ONLY: accepts `{token: "test:<id>:<name>"}` as the user it spells, with
 * no signature at all. Anything else is refused. The name may contain colons.
 *
 * @param {unknown} auth  the CONNECT packet's auth object
 * @returns {User | null}
 */
export function testAuthenticate(auth) {
  const token = auth !== null && typeof auth === 'object' ? /** @type {any} */ (auth).token : undefined;
  if (typeof token !== 'string') return null;
  const match = TEST_TOKEN.exec(token);
  return match ? { id: match[1], name: match[2] } : null;
}

/** The token `testAuthenticate` accepts for a user. @param {User} user */
export const testToken = ({ id, name }) => `test:${id}:${name}`;

/**
 * @typedef {object} ProtocolServerOptions
 * @property {new (httpServer: import('node:http').Server, options: object) => import('socket.io').Server} Server
 *   socket.io's Server class, from the caller's install
 * @property {number} [port]             0 (default): any free port, kept across restarts
 * @property {string} [host]             default 127.0.0.1
 * @property {ChatStore} [store]         default: a new in-memory store
 * @property {import('./auth.mjs').Authenticate} [authenticate]  default: testAuthenticate
 * @property {object} [serverOptions]    more socket.io Server options (e.g. a shorter pingInterval);
 *                                       they override PROTOCOL_SERVER_OPTIONS
 * Any other option (now, limits, authorizeRoom, createRoomsOnJoin, onError) goes to attachChatProtocol.
 */

/**
 * @typedef {object} ProtocolServer
 * @property {string} url      e.g. http://127.0.0.1:41234 (socket.io-client and Chatwire take it as is)
 * @property {number} port
 * @property {ChatStore} store
 * @property {import('socket.io').Server} io                    the current socket.io server (a new one after restart)
 * @property {import('./protocol.mjs').ChatProtocol} protocol   the current protocol attachment
 * @property {() => Promise<void>} close    closes every connection and the port
 * @property {() => Promise<void>} restart  closes, then listens again on the same port with the same store
 */

/**
 * Starts a socket.io server speaking the native protocol.
 * @param {ProtocolServerOptions & Partial<import('./protocol.mjs').ChatProtocolOptions>} options
 * @returns {Promise<ProtocolServer>}
 */
export async function startProtocolServer({
  Server,
  port = 0,
  host = '127.0.0.1',
  store = createMemoryStore(),
  authenticate = testAuthenticate,
  serverOptions = {},
  ...protocolOptions
}) {
  if (typeof Server !== 'function') throw new TypeError('startProtocolServer: pass socket.io\'s Server class');

  /** @type {{ http: import('node:http').Server, io: import('socket.io').Server, protocol: import('./protocol.mjs').ChatProtocol } | null} */
  let running = null;
  let boundPort = port;

  const listen = async () => {
    const http = createServer();
    const io = new Server(http, { ...PROTOCOL_SERVER_OPTIONS, ...serverOptions });
    const protocol = attachChatProtocol(io, { ...protocolOptions, store, authenticate });
    await new Promise((resolve, reject) => {
      http.once('error', reject);
      http.listen(boundPort, host, () => {
        http.off('error', reject);
        resolve(undefined);
      });
    });
    boundPort = /** @type {import('node:net').AddressInfo} */ (http.address()).port;
    running = { http, io, protocol };
  };

  const close = async () => {
    if (!running) return;
    const { http, io, protocol } = running;
    running = null;
    protocol.dispose();
    // io.close() disconnects every socket and closes the HTTP server; the
    // HTTP server's close completes once its connections are gone.
    await new Promise((resolve) => {
      io.close(() => resolve(undefined));
      http.closeAllConnections?.();
    });
  };

  await listen();
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  return {
    get url() {
      return `http://${hostForUrl}:${boundPort}`;
    },
    get port() {
      return boundPort;
    },
    store,
    get io() {
      if (!running) throw new Error('the protocol server is closed');
      return running.io;
    },
    get protocol() {
      if (!running) throw new Error('the protocol server is closed');
      return running.protocol;
    },
    close,
    async restart() {
      await close();
      await listen();
    },
  };
}
