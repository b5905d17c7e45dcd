// A TCP proxy on 127.0.0.1 that stands between chat clients and a server and
// misbehaves on purpose, the way real networks and middleboxes do:
//
//   cut             every connection is cut (a TCP reset both ways) a random
//                   1–4 s after it opened: a flapping mobile link, a NAT that
//                   forgets flows, a load balancer reloading;
//   refuse upgrade  an HTTP request asking for a WebSocket upgrade is answered
//                   with 403 while plain HTTP (Engine.IO long-polling) passes:
//                   the corporate proxy of socket.io issues 1277 and 2751;
//   hang upgrade    the upgrade is answered 101 by the proxy itself, and then
//                   nothing ever passes: the WebSocket seems open and stays
//                   silent, the worse variant of the same proxies;
//   slow            200 ms of latency and 64 kB/s each way, per connection.
//
// The faults combine and can be changed while clients are connected
// (`proxy.set({...})`); `FAULTS` has the named settings the scenarios use.
// Everything it does is counted in `proxy.stats`, for the scenarios' figures.
//
//   const proxy = await startFaultProxy({ target: { port: server.port }, faults: FAULTS.flapping });
//   createChatClient({ url: proxy.url, ... });
//   proxy.set(FAULTS.none);   // the network heals
//   await proxy.close();
import { createHash } from 'node:crypto';
import { createServer, connect } from 'node:net';
import { RequestSplitter, isWebSocketUpgrade } from './http-requests.mjs';
import { SlowLine } from './slow-line.mjs';

/** RFC 6455's constant for Sec-WebSocket-Accept. */
const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** How long a refused client may keep its side open after the 403. */
const REFUSED_CLOSE_GRACE_MS = 1000;

/**
 * @typedef {object} Faults
 * @property {[number, number] | null} [cutAfterMs]  cut each connection a random time in [min, max] ms
 *   after it opened (or after this setting was made, for connections already open); null: never
 * @property {boolean} [refuseWebSocket]  answer WebSocket upgrade requests with 403
 * @property {boolean} [hangWebSocket]    accept WebSocket upgrades (101) and then pass nothing, either way
 * @property {number} [latencyMs]         added to each direction
 * @property {number} [bytesPerSecond]    each direction's rate; 0: unlimited
 */

/** The settings the scenarios use, by name. */
export const FAULTS = Object.freeze({
  none: Object.freeze({ cutAfterMs: null, refuseWebSocket: false, hangWebSocket: false, latencyMs: 0, bytesPerSecond: 0 }),
  flapping: Object.freeze({ cutAfterMs: [1000, 4000], refuseWebSocket: false, hangWebSocket: false, latencyMs: 0, bytesPerSecond: 0 }),
  noWebSocket: Object.freeze({ cutAfterMs: null, refuseWebSocket: true, hangWebSocket: false, latencyMs: 0, bytesPerSecond: 0 }),
  hangingWebSocket: Object.freeze({ cutAfterMs: null, refuseWebSocket: false, hangWebSocket: true, latencyMs: 0, bytesPerSecond: 0 }),
  slow: Object.freeze({ cutAfterMs: null, refuseWebSocket: false, hangWebSocket: false, latencyMs: 200, bytesPerSecond: 64 * 1024 }),
});

/**
 * What the proxy did since it started. `upgradesPassed` and `pollingRequests` say which transport
 * the clients used; `upstreamFailures` counts connections it could not forward (the server down).
 */
export class ProxyStats {
  connections = 0;
  open = 0;
  cuts = 0;
  upstreamFailures = 0;
  refusedUpgrades = 0;
  /** Upgrades answered 101 by the proxy, then left silent (`hangWebSocket`). */
  hungUpgrades = 0;
  upgradesPassed = 0;
  /** HTTP requests whose target says `transport=polling` (Engine.IO long-polling). */
  pollingRequests = 0;
  bytesUp = 0;
  bytesDown = 0;
}

/**
 * Starts a proxy on 127.0.0.1 (a free port unless `port` is given) to `target`.
 * @param {{ target: { host?: string, port: number }, port?: number, faults?: Faults, random?: () => number }} options
 *   random: for the cut times; Math.random unless given
 * @returns {Promise<FaultProxy>}
 */
export async function startFaultProxy({ target, port = 0, faults = FAULTS.none, random = Math.random }) {
  const proxy = new FaultProxy({ host: target.host ?? '127.0.0.1', port: target.port }, faults, random);
  await proxy.listen(port);
  return proxy;
}

export class FaultProxy {
  stats = new ProxyStats();
  /** @type {Required<Faults>} */
  #faults;
  #target;
  #random;
  /** @type {Set<Link>} */
  #links = new Set();
  #server;

  /** @internal Use startFaultProxy(). */
  constructor(target, faults, random) {
    this.#target = target;
    this.#faults = { ...FAULTS.none, ...faults };
    this.#random = random;
    this.#server = createServer({ allowHalfOpen: true }, (socket) => this.#accept(socket));
  }

  /** @internal */
  listen(port) {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, '127.0.0.1', () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
  }

  /** The port it listens on. */
  get port() {
    return /** @type {import('node:net').AddressInfo} */ (this.#server.address()).port;
  }

  /** `http://127.0.0.1:<port>`: what clients are given instead of the server's URL. */
  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The faults in force now. */
  get faults() {
    return { ...this.#faults };
  }

  /**
   * Replaces the faults (what `faults` leaves out is turned off). New requests and bytes follow
   * them at once; cut timers are armed or cleared on the connections already open.
   * @param {Faults} faults
   */
  set(faults) {
    this.#faults = { ...FAULTS.none, ...faults };
    for (const link of this.#links) this.#armCut(link);
  }

  /** How many open connections carry a WebSocket (an upgrade request was let through on each). */
  get openWebSockets() {
    return [...this.#links].filter((link) => link.webSocket).length;
  }

  /** Cuts every open connection now (a TCP reset both ways). */
  cutAll() {
    for (const link of [...this.#links]) this.#cut(link);
  }

  /** Stops listening and cuts whatever is still open. */
  close() {
    this.cutAll();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  /** @param {import('node:net').Socket} client */
  #accept(client) {
    this.stats.connections += 1;
    this.stats.open += 1;
    const upstream = connect({ host: this.#target.host, port: this.#target.port, allowHalfOpen: true });
    /** @type {Link} */
    const link = { client, upstream, splitter: new RequestSplitter(), cutTimer: null, up: null, down: null, done: false, webSocket: false, hung: false };
    link.up = new SlowLine(client, upstream, () => this.#faults);
    link.down = new SlowLine(upstream, client, () => this.#faults);
    this.#links.add(link);
    this.#armCut(link);

    // Nothing is read from the client until the server has answered the connect.
    client.pause();
    upstream.once('connect', () => client.resume());
    client.on('data', (chunk) => this.#fromClient(link, chunk));
    upstream.on('data', (chunk) => {
      this.stats.bytesDown += chunk.length;
      link.down?.write(chunk);
    });
    client.on('end', () => link.up?.end());
    upstream.on('end', () => link.down?.end());
    // A peer that goes away takes the other side with it; a refused connect (the server is down)
    // reaches the client as a reset, as a proxy without an upstream does.
    upstream.on('error', (error) => {
      if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ECONNREFUSED') this.stats.upstreamFailures += 1;
      if (!link.hung) this.#drop(link, true);
    });
    client.on('error', () => this.#drop(link, true));
    client.on('close', () => this.#drop(link, false));
    // A hung link let its server side go on purpose; the client's stays until it gives up.
    upstream.on('close', () => {
      if (!link.hung) this.#drop(link, false);
    });
  }

  /** Client-to-server bytes: through the request splitter, so that upgrades can be refused. */
  #fromClient(link, chunk) {
    this.stats.bytesUp += chunk.length;
    if (link.splitter.opaque) {
      link.up?.write(chunk);
      return;
    }
    for (const segment of link.splitter.push(chunk)) {
      if (segment.kind === 'bytes') {
        link.up?.write(segment.bytes);
        continue;
      }
      const { head } = segment;
      if (/[?&]transport=polling\b/.test(head.target)) this.stats.pollingRequests += 1;
      if (isWebSocketUpgrade(head)) {
        if (this.#faults.refuseWebSocket) {
          this.#refuse(link);
          return;
        }
        if (this.#faults.hangWebSocket) {
          this.#hang(link, head);
          return;
        }
        this.stats.upgradesPassed += 1;
        link.webSocket = true;
      }
      link.up?.write(head.raw);
    }
  }

  /**
   * Answers an upgrade request as a proxy that forbids WebSockets does, and closes. The client's
   * side is ended rather than destroyed, so that the answer reaches it before the close.
   */
  #refuse(link) {
    this.stats.refusedUpgrades += 1;
    this.#retire(link);
    link.upstream.destroy();
    const body = 'WebSocket upgrades are not allowed through this proxy\n';
    link.client.end(
      'HTTP/1.1 403 Forbidden\r\n' +
        'Content-Type: text/plain\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
    // A client that keeps its side open after the answer is not waited for.
    setTimeout(() => link.client.destroy(), REFUSED_CLOSE_GRACE_MS).unref();
  }

  /**
   * Completes the WebSocket handshake on the server's behalf (RFC 6455 4.2.2) and then lets
   * nothing through, either way, until the client gives up and closes.
   */
  #hang(link, head) {
    this.stats.hungUpgrades += 1;
    // The client's side stays in the proxy's care (cuts, cutAll, close); the server's goes.
    link.hung = true;
    link.up?.close();
    link.down?.close();
    link.upstream.destroy();
    const accept = createHash('sha1')
      .update(`${head.headers.get('sec-websocket-key') ?? ''}${WEBSOCKET_GUID}`)
      .digest('base64');
    link.client.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    // What the client sends from now on reaches the closed line, and goes nowhere.
  }

  #armCut(link) {
    if (link.cutTimer) clearTimeout(link.cutTimer);
    link.cutTimer = null;
    const range = this.#faults.cutAfterMs;
    if (!range || link.done) return;
    const [min, max] = range;
    link.cutTimer = setTimeout(() => this.#cut(link), min + this.#random() * (max - min));
  }

  #cut(link) {
    if (link.done) return;
    this.stats.cuts += 1;
    this.#drop(link, true);
  }

  /**
   * Ends both sides of a connection: with a reset when `reset` (a cut, an error), else by
   * destroying what is left once one side has closed.
   */
  #drop(link, reset) {
    if (link.done) return;
    this.#retire(link);
    for (const socket of [link.client, link.upstream]) {
      if (socket.destroyed) continue;
      if (reset && socket.readyState === 'open') socket.resetAndDestroy();
      else socket.destroy();
    }
  }

  /** Takes a connection out of the proxy's care: no more cuts, nothing more on its lines. */
  #retire(link) {
    link.done = true;
    this.stats.open -= 1;
    this.#links.delete(link);
    if (link.cutTimer) clearTimeout(link.cutTimer);
    link.up?.close();
    link.down?.close();
  }
}

/**
 * @typedef {object} Link  one client connection and its upstream
 * @property {import('node:net').Socket} client
 * @property {import('node:net').Socket} upstream
 * @property {RequestSplitter} splitter
 * @property {NodeJS.Timeout | null} cutTimer
 * @property {SlowLine | null} up
 * @property {SlowLine | null} down
 * @property {boolean} done
 * @property {boolean} webSocket  an upgrade to WebSocket was let through on it
 * @property {boolean} hung       its upgrade was answered by the proxy, which passes nothing more
 */
