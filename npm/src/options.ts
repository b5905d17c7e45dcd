// Turns ChatClientOptions into the core's configuration and the WebSocket
// address. The core validates every number and the dialect itself (its
// errors name the field); this file checks what only JavaScript sees: the
// URL, functions, and the WebSocket constructor.
import type { CoreConfig } from './chatwire_core.js';
import { ChatwireError } from './errors.js';
import { transportOrder } from './transport-memory.js';
import type { ChatClientOptions, FetchLike, TransportName, WebSocketConstructor } from './types.js';

/** ChatClientOptions.cachedMessages when not given, and the core's maxMessagesPerRoom default. */
const DEFAULT_CACHED_MESSAGES = 50;
const DEFAULT_MAX_MESSAGES = 500;
/** socket.io-client's order: a WebSocket, and HTTP long-polling when it fails. */
const DEFAULT_TRANSPORTS: readonly TransportName[] = ['websocket', 'polling'];

export interface ResolvedOptions {
  core: CoreConfig;
  /** Keep unconfirmed sends and recent messages across page loads (ChatClientOptions.persist). */
  persist: boolean;
  /** The newest messages kept per room when storage works (CoreConfig.cachedMessages). */
  cachedMessages: number;
  /** Share one client between the tabs (ChatClientOptions.share); false outside pages. */
  share: boolean;
  /** Names what is kept for this server and user: "<server URL>|<user id>". */
  storageScope: string;
  /** ws:// or wss:// origin plus the Engine.IO path, ending in "/"; the core supplies the query. */
  socketBase: string;
  /** The same over http:// or https://, for HTTP long-polling. */
  pollingBase: string;
  WebSocket: WebSocketConstructor;
  /** The app's fetch() for polling requests; undefined: the global one, looked up per request. */
  fetch: FetchLike | undefined;
}

export function resolveOptions(options: ChatClientOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw configError('options', 'must be an object');
  const { url, nsp } = parseServerUrl(options.url);
  const path = normalizePath(options.path ?? '/socket.io/');
  const core: CoreConfig = {
    dialect: options.dialect as CoreConfig['dialect'],
    user: options.user,
    nsp,
    seed: randomSeed(),
  };
  if (options.auth !== undefined && typeof options.auth !== 'function') core.auth = options.auth;
  // With an auth callback, a refused token gets one refresh before the client gives up.
  if (typeof options.auth === 'function') core.refreshCredentialsOnReject = true;
  const query = { ...Object.fromEntries(url.searchParams), ...(options.query ?? {}) };
  if (Object.keys(query).length > 0) core.query = query;
  if (options.reconnection) core.reconnection = options.reconnection;
  if (options.typing) core.typing = options.typing;
  copyNumber(options, core, 'connectTimeoutMs');
  copyNumber(options, core, 'handshakeTimeoutMs');
  copyNumber(options, core, 'requestTimeoutMs');
  copyNumber(options, core, 'maxMessagesPerRoom');
  copyNumber(options, core, 'maxTextLength');
  copyNumber(options, core, 'historyPageSize');

  if (options.persist !== undefined && typeof options.persist !== 'boolean') throw configError('persist', 'must be true or false');
  // A page keeps them by default; Node and workers have no page to reload.
  const persist = options.persist ?? (typeof window !== 'undefined' && typeof document !== 'undefined');
  // The core refuses a value it cannot use (more than a room keeps), naming the option.
  const roomLimit = typeof options.maxMessagesPerRoom === 'number' ? options.maxMessagesPerRoom : DEFAULT_MAX_MESSAGES;
  const cachedMessages = options.cachedMessages ?? Math.min(DEFAULT_CACHED_MESSAGES, roomLimit);

  if (options.share !== undefined && options.share !== 'auto' && options.share !== 'off') throw configError('share', 'must be "auto" or "off"');
  const inPage = typeof window !== 'undefined' && typeof document !== 'undefined';
  // An app's own WebSocket or fetch cannot cross into a SharedWorker: such a client keeps its own connection.
  const share = (options.share ?? 'auto') === 'auto' && inPage && options.WebSocket === undefined && options.fetch === undefined;

  const secure = url.protocol === 'https:' || url.protocol === 'wss:';
  const socketBase = `${secure ? 'wss:' : 'ws:'}//${url.host}${path}`;
  // The core checks the list itself (names, each once); it gets it in the
  // order to try, what worked last time first.
  core.transports = transportOrder(socketBase, options.transports ?? DEFAULT_TRANSPORTS) as TransportName[];
  return {
    core,
    persist,
    cachedMessages,
    share,
    storageScope: `${socketBase}${nsp}|${options.user?.id ?? ''}`,
    socketBase,
    pollingBase: `${secure ? 'https:' : 'http:'}//${url.host}${path}`,
    WebSocket: pickWebSocket(options.WebSocket, core.transports),
    fetch: pickFetch(options.fetch),
  };
}

/** "https://host/chat?x=1" → the URL and namespace "/chat", as socket.io-client reads it. */
function parseServerUrl(raw: unknown): { url: URL; nsp: string } {
  if (typeof raw !== 'string' || raw === '') throw configError('url', 'must be the server address, e.g. "https://chat.example.com"');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw configError('url', `"${raw}" is not an absolute URL`);
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) {
    throw configError('url', `unsupported scheme "${url.protocol}": use http(s) or ws(s)`);
  }
  const nsp = url.pathname === '' || url.pathname === '/' ? '/' : url.pathname.replace(/\/+$/, '');
  return { url, nsp };
}

function normalizePath(path: unknown): string {
  if (typeof path !== 'string' || path === '') throw configError('path', 'must be a path such as "/socket.io/"');
  const withLeading = path.startsWith('/') ? path : `/${path}`;
  return withLeading.endsWith('/') ? withLeading : `${withLeading}/`;
}

function pickWebSocket(injected: WebSocketConstructor | undefined, transports: unknown): WebSocketConstructor {
  if (injected !== undefined) {
    if (typeof injected !== 'function') throw configError('WebSocket', 'must be a WebSocket constructor');
    return injected;
  }
  const native = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (typeof native === 'function') return native;
  // Polling alone needs no WebSocket; one the core never asks for is never built.
  if (Array.isArray(transports) && !transports.includes('websocket')) return NO_WEBSOCKET;
  throw configError('WebSocket', 'this runtime has no WebSocket: pass one, e.g. `import WebSocket from "ws"`');
}

function pickFetch(injected: FetchLike | undefined): FetchLike | undefined {
  if (injected !== undefined && typeof injected !== 'function') throw configError('fetch', 'must be a fetch() function');
  return injected;
}

const NO_WEBSOCKET = class {
  constructor() {
    throw new Error('no WebSocket in this runtime');
  }
} as unknown as WebSocketConstructor;

function copyNumber<K extends keyof ChatClientOptions & keyof CoreConfig>(
  options: ChatClientOptions,
  core: CoreConfig,
  key: K,
): void {
  if (options[key] !== undefined) (core as unknown as Record<string, unknown>)[key] = options[key];
}

/** Seeds reconnection jitter and client ids: two tabs must never share a seed. */
function randomSeed(): number {
  const words = new Uint32Array(2);
  const crypto = (globalThis as { crypto?: { getRandomValues?(array: Uint32Array): Uint32Array } }).crypto;
  if (crypto?.getRandomValues) crypto.getRandomValues(words);
  else {
    words[0] = Math.floor(Math.random() * 2 ** 32);
    words[1] = Math.floor(Math.random() * 2 ** 32);
  }
  // 53 bits: exact as a JSON number.
  return (words[0]! & 0x1fffff) * 2 ** 32 + words[1]!;
}

export function configError(field: string, message: string): ChatwireError {
  return new ChatwireError({ source: 'config', code: 'invalid_option', message: `${field}: ${message}` });
}
