// The public vocabulary of the package: options, messages, snapshots and
// events. Everything here is plain data; behaviour lives in client.ts and
// room.ts.

/** The built-in dialects: one per known backend, plus Chatwire's own protocol. */
import type { PresetName } from './generated/contract.js';

export type { PresetName };

/**
 * A custom dialect: a JSON document mapping chat operations to a backend's
 * event names and payloads (see docs/dialects.md). It is validated when the
 * client is created; a mistake is reported with its JSON path.
 */
export type DialectSpec = Record<string, unknown>;

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'failed';

export interface User {
  id: string;
  name: string;
}

export interface Member {
  user: User;
  online: boolean;
}

/**
 * 'unconfirmed': written before a reload and possibly delivered then, to a
 * backend that cannot tell a resend from a new message: it is not sent again
 * by itself; retry() sends it, cancel() drops it.
 */
export type MessageStatus = 'pending' | 'sent' | 'failed' | 'unconfirmed';

/** One chat message. Snapshots hand out frozen messages; never mutate them. */
export interface Message {
  /** The server's id; null while the message is pending. */
  id: string | null;
  /** Set on the user's own messages: names them before and after the server confirms. */
  clientId: string | null;
  roomId: string;
  author: User;
  /** Plain text. Render it as text, never as HTML. */
  text: string;
  /** Epoch ms: the server's time once sent, the local time while pending. */
  createdAt: number;
  status: MessageStatus;
  /** Position in the room where the backend numbers messages. */
  seq?: number;
  /** Why the message failed, when status is 'failed'. */
  failure?: string;
  /** Ids of the other users who have read it, where the backend reports reads. */
  readBy?: string[];
  /**
   * Shown from this device's copy of the room (see the `persist` option)
   * while the server's history has not confirmed it yet: after a reload,
   * before the socket connects. Never unread.
   */
  cached?: true;
  /** The text was changed after it was sent (`editedAt`: when, by the server's clock). */
  edited?: true;
  editedAt?: number;
  /** Deleted: a tombstone that keeps its place; its text is "". */
  deleted?: true;
  /** The emoji set on it, in the order they were first set; absent when none. */
  reactions?: Reaction[];
  /** The message it answers, as that message is now. */
  replyTo?: ReplyPreview;
  /** How many of the user's edits, deletes and reactions of it the server has not confirmed yet (shown already). */
  pendingOps?: number;
}

/** One emoji on a message. */
export interface Reaction {
  emoji: string;
  count: number;
  /** The user set it. */
  mine: boolean;
}

/** The message a reply answers. */
export interface ReplyPreview {
  id: string;
  author: User;
  /** The start of its text; "" when it was deleted. */
  excerpt: string;
  deleted: boolean;
}

/** Options of room.send(). */
export interface SendOptions {
  /** The message this one answers: a Message of the room, or its id. */
  replyTo?: Message | string;
}

export type RoomState = 'none' | 'joining' | 'joined' | 'left';

/**
 * What a room looks like now. Immutable: a new object whenever the room
 * changes, and the parts that did not change keep their identity (the
 * `messages` array stays the same object when only typing changed, and
 * unchanged messages stay the same objects), so React can skip work.
 */
export interface RoomSnapshot {
  roomId: string;
  /** Oldest first; the user's unconfirmed messages last. */
  messages: readonly Message[];
  typingUsers: readonly User[];
  unreadCount: number;
  /**
   * Where a "new messages" divider goes: the id of the first message that
   * was unread when the room was last opened (setActive(true) on a visible
   * page, or the page seen again), or when its history arrived while open.
   * It stays while the user reads, so the divider does not move; null when
   * nothing was unread.
   */
  firstUnreadId: string | null;
  members: readonly Member[];
  /** Older messages can be loaded with loadOlder(). */
  hasMore: boolean;
  joined: boolean;
  state: RoomState;
  /** A page of older messages is on its way. */
  loadingOlder: boolean;
  /**
   * The room shows a window around a message jumped to (room.jumpTo()),
   * apart from its latest messages, which keep arriving and counting as
   * unread; it is live again after jumpToLatest(), a send, or when
   * loadNewer() reaches the latest messages.
   */
  detached: boolean;
  /** Newer messages than the window's can be loaded with loadNewer() (only while detached). */
  hasNewer: boolean;
  loadingNewer: boolean;
  /** Increases with every change of the room. */
  version: number;
}

/** Where the connection stands, for a status bar. Immutable like RoomSnapshot. */
export interface ConnectionSnapshot {
  state: ConnectionState;
  /** The last connection error since the last successful connect, if any. */
  error: ChatwireErrorInfo | null;
  /** When the next reconnection attempt starts (epoch ms), while one is scheduled. */
  reconnectAt: number | null;
  /** Which attempt that will be (1 for the first after a drop). */
  reconnectAttempt: number;
  /** What the connection runs on ('websocket' or HTTP long-'polling'); null until first connected. */
  transport: TransportName | null;
}

/** The part of fetch() that long-polling uses. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** An Engine.IO transport, as socket.io-client names them. */
export type TransportName = 'websocket' | 'polling';

/** The plain-data part of a ChatwireError, as kept in snapshots. */
export interface ChatwireErrorInfo {
  source: ErrorSource;
  code: string;
  message: string;
  roomId?: string;
  /** 'change_failed': the edit, delete or reaction that was rolled back (what edit(), delete() or react() returned). */
  opId?: string;
  /** 'change_failed': the server's code ("not_author", "gone", "invalid_emoji", ...), absent when it never answered. */
  reason?: string;
}

/**
 * Where an error comes from:
 * - 'config': createChatClient refused the options;
 * - 'command': a method was called wrongly (e.g. send before join, empty text);
 * - 'connection': the connection failed or a frame was malformed;
 * - 'chat': the server refused something (a join, a send) or a request timed out;
 * - 'auth': the auth callback failed.
 */
export type ErrorSource = 'config' | 'command' | 'connection' | 'chat' | 'auth' | 'storage';

export interface ReconnectionOptions {
  /** Default true. */
  enabled?: boolean;
  /** Default 1000. */
  initialDelayMs?: number;
  /** Default 5000. */
  maxDelayMs?: number;
  /** Default 2. */
  factor?: number;
  /** Spread of each delay, 0..1. Default 0.5. */
  randomization?: number;
  /** Give up after this many attempts in a row; 0 or absent: never. */
  maxAttempts?: number;
}

export interface TypingOptions {
  /** While the user keeps typing, re-announce at most this often (where the backend expires typing). Default 3000. */
  refreshMs?: number;
  /** Announce a stop after this long without a keystroke. Default 2000. */
  idleMs?: number;
  /** Hide someone else's indicator after this long without news. Default 6000. */
  remoteTtlMs?: number;
}

/** Anything console-like. Tokens and message texts are never logged. */
export interface Logger {
  debug?(message: string, ...details: unknown[]): void;
  info?(message: string, ...details: unknown[]): void;
  warn?(message: string, ...details: unknown[]): void;
  error?(message: string, ...details: unknown[]): void;
}

/**
 * The parts of the WebSocket API the client uses, so `ws` fits as well as the
 * browser's. The handlers' events are `any` because each implementation
 * types them its own way (the DOM's Event and MessageEvent, ws's own
 * classes), and a handler property typed any narrower would refuse one of
 * them; the client reads only `data`, `code` and `reason`.
 */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  onopen: ((event: any) => void) | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  onmessage: ((event: any) => void) | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  onclose: ((event: any) => void) | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  onerror: ((event: any) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export type AuthOption = Record<string, unknown> | (() => Promise<Record<string, unknown>> | Record<string, unknown>);

export interface ChatClientOptions {
  /**
   * The Socket.IO server: "https://chat.example.com", or with a namespace
   * ("https://chat.example.com/chat"), as socket.io-client takes it.
   */
  url: string;
  /** The Engine.IO path. Default "/socket.io/". */
  path?: string;
  /** A preset name or a custom dialect document. */
  dialect: PresetName | DialectSpec;
  /** The signed-in user: their messages are never unread and their typing never shows. */
  user: User;
  /**
   * Sent with the namespace CONNECT (e.g. `{ token }`). A function is called
   * before each connect() and again, once, when the server refuses the
   * credentials, so an expired token can be refreshed.
   */
  auth?: AuthOption;
  /** Extra query parameters for the connection URL (only if your backend wants auth there). */
  query?: Record<string, string>;
  reconnection?: ReconnectionOptions;
  typing?: TypingOptions;
  /** Default 20000: from opening the socket to the server accepting the namespace. */
  connectTimeoutMs?: number;
  /**
   * The transports to use, in the order to try them, as socket.io-client's
   * option. Default ['websocket', 'polling']: a WebSocket first, and HTTP
   * long-polling when it fails or opens but says nothing (a proxy that breaks
   * WebSockets); from polling the client upgrades to a WebSocket when the
   * server offers it. What worked is remembered (localStorage, when the page
   * has it) and tried first on the next page load.
   */
  transports?: readonly TransportName[];
  /** Default 5000: how long a transport may take to answer before the next one is tried. */
  handshakeTimeoutMs?: number;
  /** Default 10000: how long a join, send or history request may wait for its answer. */
  requestTimeoutMs?: number;
  /** Messages kept per room from live traffic (older ones can be loaded again). Default 500. */
  maxMessagesPerRoom?: number;
  /** Longest message in Unicode code points. Default 4000. */
  maxTextLength?: number;
  /** Default 50. */
  historyPageSize?: number;
  /** The WebSocket constructor: required in Node before 22 (e.g. `import WebSocket from 'ws'`). */
  WebSocket?: WebSocketConstructor;
  /**
   * The fetch() that runs HTTP long-polling requests; default: the global
   * one. Pass your own to add headers (a cookie, in Node) or to observe them.
   */
  fetch?: FetchLike;
  /** Where to find chatwire.wasm when your bundler does not (called with "chatwire.wasm"). */
  locateFile?: (file: string) => string;
  /**
   * Keep what a reload should not lose in IndexedDB: the user's unconfirmed
   * messages (one written offline survives a reload, a crash or a browser
   * restart and goes out once) and the newest messages of each joined room
   * (see `cachedMessages`). Default: true in a browser page, false
   * elsewhere (Node, workers). Where IndexedDB fails, one `error` (source
   * 'storage') says so and the client goes on in memory.
   */
  persist?: boolean;
  /**
   * With `persist`, how many of each joined room's newest messages are kept
   * on this device, so that a reload shows the room before the socket
   * connects (marked `cached` until the server's history confirms them).
   * 0 keeps none. Default 50 (at most maxMessagesPerRoom).
   */
  cachedMessages?: number;
  /**
   * 'auto' (the default in a browser page): every tab of the same server and
   * user shares one client, which runs in a SharedWorker: one WebSocket, one
   * outbox, one unread count; each tab is a view of it. Where SharedWorker is
   * missing, or with a `WebSocket` option (a constructor cannot be shared),
   * each tab has its own client, as with 'off'. See "One connection for all
   * tabs" in the README.
   */
  share?: 'auto' | 'off';
  /**
   * Where the SharedWorker script is (`chatwire/dist/shared/worker.js`),
   * when your bundler does not find it through `new URL(..., import.meta.url)`.
   */
  workerUrl?: string | URL;
  logger?: Logger;
}

/** A message from someone else arrived live (not from history). */
export interface MessageEvent {
  roomId: string;
  message: Message;
}

export interface StateEvent {
  state: ConnectionState;
  previous: ConnectionState;
  /** Why, e.g. "namespace_connected", "transport_closed", "connect_rejected". */
  reason: string;
  detail: string;
}

/** Messages may be missing in a room between what was shown and what came after a reconnect. */
export interface DiscontinuityEvent {
  roomId: string;
}

/** The server sent something the dialect could not use; it was dropped. */
export interface WarningEvent {
  kind: string;
  event: string;
  message: string;
}

export interface ReconnectEvent {
  attempt: number;
  delayMs: number;
  at: number;
  reason: string;
}
