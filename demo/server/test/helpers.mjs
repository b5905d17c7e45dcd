// Test helpers: a real socket.io server with the protocol on 127.0.0.1, and
// socket.io-client connections that emit raw requests with acks and record
// every push.

import { Server } from 'socket.io';
import { io as connectClient } from 'socket.io-client';
import { createMemoryStore } from '../src/memory-store.mjs';
import { startProtocolServer, testToken } from '../src/test-server.mjs';

export const ADA = Object.freeze({ id: 'u1', name: 'Ada' });
export const GRACE = Object.freeze({ id: 'u2', name: 'Grace' });
export const LINUS = Object.freeze({ id: 'u3', name: 'Linus' });

/** How long a test waits for something that should happen. */
const WAIT_MS = 2000;

/**
 * A protocol server with the rooms `general`, `random` and `private` (which
 * only Ada may use), unless `store` or `authorizeRoom` say otherwise. Server
 * failures are collected in `errors`; `shutDown` fails the test if there are
 * any, so a test that provokes them passes its own `onError`. The send rate
 * limit is lifted so that tests can fill rooms; the rate-limit tests set
 * their own.
 * @param {Partial<Parameters<typeof startProtocolServer>[0]>} [options]
 */
export async function startServer(options = {}) {
  /** @type {string[]} */
  const errors = [];
  const server = await startProtocolServer({
    Server,
    store: createMemoryStore({ rooms: ['general', 'random', 'private'] }),
    authorizeRoom: ({ user, room }) => room !== 'private' || user.id === ADA.id,
    onError: (error, context) => errors.push(`${context}: ${error?.stack ?? error}`),
    limits: { send: { burst: 10_000, perSecond: 10_000 } },
    ...options,
  });
  return Object.assign(server, { errors });
}

/** A manually advanced clock, for TTLs and rate limits. */
export function fakeClock(start = 1_717_430_400_000) {
  let time = start;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
  };
}

/** One client connection; records pushes in arrival order. */
export class TestClient {
  /** @param {import('socket.io-client').Socket} socket */
  constructor(socket) {
    this.socket = socket;
    /** @type {{ event: string, payload: any }[]} */
    this.pushes = [];
    /** @type {{ event: string, resolve: (payload: any) => void, predicate: (payload: any) => boolean }[]} */
    this.waiters = [];
    /** How many pushes `next` has consumed, per event. */
    this.consumed = new Map();
    socket.onAny((event, payload) => {
      this.pushes.push({ event, payload });
      this.waiters = this.waiters.filter((waiter) => {
        if (waiter.event !== event || !waiter.predicate(payload)) return true;
        waiter.resolve(payload);
        return false;
      });
    });
  }

  /**
   * Sends a request with an ack id and resolves with the ack's argument.
   * @param {string} event
   * @param {...unknown} args
   */
  request(event, ...args) {
    return this.socket.timeout(WAIT_MS).emitWithAck(event, ...args);
  }

  /** Sends an event without ack id (`typing`). */
  emit(event, ...args) {
    this.socket.emit(event, ...args);
  }

  /** The payloads of the pushes received so far under `event`. */
  received(event) {
    return this.pushes.filter((push) => push.event === event).map((push) => push.payload);
  }

  /**
   * Resolves with the first push of `event` matching `predicate`, already
   * received or still to come.
   * @param {string} event
   * @param {(payload: any) => boolean} [predicate]
   */
  waitFor(event, predicate = () => true) {
    const earlier = this.pushes.find((push) => push.event === event && predicate(push.payload));
    if (earlier) return Promise.resolve(earlier.payload);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event} push within ${WAIT_MS} ms`)), WAIT_MS);
      this.waiters.push({
        event,
        predicate,
        resolve: (payload) => {
          clearTimeout(timer);
          resolve(payload);
        },
      });
    });
  }

  /**
   * Resolves with the payloads of `event` once `count` of them have arrived.
   * @param {string} event
   * @param {number} count
   */
  async waitForCount(event, count) {
    await this.waitFor(event, () => this.received(event).length >= count);
    return this.received(event);
  }

  /**
   * Resolves once every push the server sent this connection before now has
   * arrived: socket.io keeps one connection's packets in order, so the answer
   * to a request sent now comes after them. (`leave` of a room that does not
   * exist is a request that changes nothing.)
   */
  async flush() {
    await this.request('leave', { room: '(flush)' });
  }

  close() {
    this.socket.close();
  }
}

/**
 * Connects as `user` (with the test token) and resolves once the namespace is
 * connected. Reconnection is off unless asked for.
 * @param {{ url: string }} server
 * @param {{ id: string, name: string }} user
 * @param {Partial<import('socket.io-client').ManagerOptions & import('socket.io-client').SocketOptions>} [options]
 */
export async function connectAs(server, user, options = {}) {
  const socket = connectClient(server.url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: { token: testToken(user) },
    ...options,
  });
  const client = new TestClient(socket);
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return client;
}

/**
 * Connects with an arbitrary auth object and resolves with the refusal.
 * @param {{ url: string }} server
 * @param {unknown} auth
 * @returns {Promise<Error & { data?: unknown }>}
 */
export function refusalOf(server, auth) {
  const socket = connectClient(server.url, { transports: ['websocket'], reconnection: false, forceNew: true, auth });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.close();
      reject(new Error('the server accepted the connection'));
    });
    socket.once('connect_error', (error) => {
      socket.close();
      resolve(error);
    });
  });
}

/**
 * Joins `room` and asserts the join succeeded; resolves with its ack.
 * @param {TestClient} client
 * @param {string} room
 * @param {Record<string, unknown>} [extra]
 */
export async function join(client, room, extra = {}) {
  const ack = await client.request('join', { room, ...extra });
  if (!ack.ok) throw new Error(`join ${room} failed: ${JSON.stringify(ack)}`);
  return ack;
}

/**
 * Sends `count` messages as `client` and resolves with the stored messages.
 * @param {TestClient} client
 * @param {string} room
 * @param {number} count
 * @param {string} [prefix]  makes clientIds unique across calls
 */
export async function sendMany(client, room, count, prefix = 'c') {
  const messages = [];
  for (let i = 1; i <= count; i++) {
    const ack = await client.request('send', { room, clientId: `${prefix}-${i}`, text: `${prefix} ${i}` });
    if (!ack.ok) throw new Error(`send failed: ${JSON.stringify(ack)}`);
    messages.push(ack.message);
  }
  return messages;
}

/** The error code of a failed ack; for a success, a description that matches no code. */
export function errorCode(ack) {
  if (ack?.ok !== false) return `(not a failure: ${JSON.stringify(ack)})`;
  return ack.error.code;
}

/**
 * Closes clients and the server, whatever state they are in, and fails if
 * the server reported failures.
 */
export async function shutDown(server, ...clients) {
  for (const client of clients) client?.close();
  await server?.close();
  if (server?.errors?.length) throw new Error(`the server failed:\n${server.errors.join('\n')}`);
}
