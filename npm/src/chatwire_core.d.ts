// Types of the Emscripten module built from bindings/ (Emscripten 3.1.6 emits
// no TypeScript for embind, so this file is written by hand). Internal: the
// public API is ChatClient; nothing here is exported from the package.
//
// The boundary is coarse on purpose (DESIGN.md): one call per input, one
// JSON batch of effects out (drain), one JSON read per room snapshot.
// Every JSON shape that crosses it is declared below as a Core* type.

/** Instantiates the module. */
export default function createChatwireCore(options?: CoreModuleOptions): Promise<CoreModule>;

/** The only options the module reads (bindings/CMakeLists.txt: -sINCOMING_MODULE_JS_API). */
export interface CoreModuleOptions {
  /** The .wasm bytes (Node reads the file and passes them here). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where the .wasm is, for browsers: called with "chatwire.wasm". */
  locateFile?: (file: string, prefix: string) => string;
  print?: (text: string) => void;
  printErr?: (text: string) => void;
}

export interface CoreModule {
  CoreClient: CoreClientConstructor;
  /** Names of the built-in dialect presets, as a JSON array of strings. */
  presetNames(): string;
  /** Bytes of Wasm linear memory (for the leak test). */
  heapSize(): number;
  /** Bytes currently allocated by malloc (for the leak test). */
  allocatedBytes(): number;
}

export interface CoreClientConstructor {
  /**
   * Never throws: a bad configuration yields a client whose error() is a
   * CoreConfigError JSON string and whose other methods are no-ops.
   * @param configJson a CoreConfig as JSON
   */
  new (configJson: string): CoreClient;
}

/**
 * One chatwire::Client. Every method taking `now` wants Date.now(): the core
 * stamps pending messages with it. Every call is safe to repeat; after each
 * input call drain() and perform what it returns.
 *
 * Numbers that are not whole (NaN, Infinity, 2.5) or out of range (a negative
 * transport id) never reach the core: an input call is ignored and reported
 * by a 'warning' event of kind 'invalid_argument' in the next drain(); a
 * command answers { ok: false, error: 'invalid_argument' }.
 */
export interface CoreClient {
  /** "" when created; otherwise a CoreConfigError as JSON. */
  error(): string;
  /** Frees the C++ object (embind). Calling anything afterwards throws in JS. */
  delete(): void;
  isDeleted(): boolean;

  // ---- connection ----
  connect(now: number): void;
  disconnect(now: number): void;
  /** Replaces the auth object (JSON; "null" for none) for the next CONNECT. */
  setAuth(authJson: string): void;
  /** Answers a "credentials" event: one more CONNECT with this auth. */
  provideCredentials(now: number, authJson: string): void;
  declineCredentials(now: number): void;
  networkOnline(now: number): void;
  networkOffline(now: number): void;

  // ---- transport ----
  transportOpened(now: number, transport: number): void;
  frameReceived(now: number, transport: number, text: string): void;
  transportClosed(now: number, transport: number, detail: string): void;
  handleTimeout(now: number): void;

  // ---- chat commands: each returns a CoreCommandResult as JSON ----
  join(now: number, room: string): string;
  leave(now: number, room: string): string;
  /** On success `value` is the new message's client id. */
  send(now: number, room: string, text: string): string;
  retry(now: number, clientId: string): string;
  cancel(now: number, clientId: string): string;
  typing(now: number, room: string): void;
  stopTyping(now: number, room: string): void;
  markRead(now: number, room: string): string;
  setActive(now: number, room: string, active: boolean): string;
  /** count 0: the configured page size; a whole number up to 2^32 - 1. */
  loadOlder(now: number, room: string, count: number): string;
  refreshMembers(now: number, room: string): string;

  // ---- outputs ----
  /** Everything produced since the last drain, as a CoreBatch JSON string. */
  drain(): string;

  // ---- reading ----
  /** A CoreState name. */
  state(): string;
  unreadTotal(): number;
  /** The room's parts selected by `parts` (CorePart bits; anything but a whole number reads as 0) as a CoreRoomSnapshot JSON string. */
  roomSnapshot(room: string, parts: number): string;
  /** Every room ever joined, in join order, as a CoreRoomSummary[] JSON string. */
  rooms(): string;
  /** The dialect's capabilities as a CoreCapabilities JSON string. */
  capabilities(): string;
  /** Counters as a CoreStats JSON string. */
  stats(): string;
  /** Whether drain() reports 'message' events (on by default); each costs a JSON copy of the message. */
  setMessageEvents(enabled: boolean): void;
}

// ---------------------------------------------------------------------------
// JSON shapes

/**
 * The configuration createChatClient hands to the core (all optional but
 * dialect and user). Unknown keys are refused (a misspelt setting fails
 * loudly), except inside `user`, which may carry the app's own fields.
 */
export interface CoreConfig {
  /** A preset name or a dialect document (docs/dialects.md). */
  dialect: string | Record<string, unknown>;
  user: { id: string; name: string };
  /** Socket.IO namespace, "/" by default. */
  nsp?: string;
  /** Sent in the namespace CONNECT; null or absent sends none. */
  auth?: Record<string, unknown> | null;
  /** Ask for fresh credentials once when the server refuses them ("credentials" event). */
  refreshCredentialsOnReject?: boolean;
  /** Extra query parameters for the transport URL. */
  query?: Record<string, string>;
  connectTimeoutMs?: number;
  reconnection?: {
    enabled?: boolean;
    initialDelayMs?: number;
    maxDelayMs?: number;
    factor?: number;
    randomization?: number;
    /** 0: unlimited. */
    maxAttempts?: number;
  };
  typing?: { refreshMs?: number; idleMs?: number; remoteTtlMs?: number };
  maxMessagesPerRoom?: number;
  maxTextLength?: number;
  maxPendingPerRoom?: number;
  maxRooms?: number;
  requestTimeoutMs?: number;
  historyPageSize?: number;
  readReceiptIntervalMs?: number;
  outboxCapacity?: number;
  /** Seeds reconnection jitter and client ids: random per client. Integer below 2^53. Absent: 0 (tests only). */
  seed?: number;
}

/**
 * A refused configuration: `field` is a dotted path ("typing.idleMs",
 * "dialect.requests.send"), or "" when the document as a whole is unusable
 * (not JSON, not an object).
 */
export interface CoreConfigError {
  field: string;
  message: string;
}

export type CoreCommandResult =
  | { ok: true; value?: string | boolean }
  | { ok: false; error: CoreCommandErrorCode; message: string };

export type CoreCommandErrorCode =
  | 'invalid_room_id' | 'too_many_rooms' | 'not_joined' | 'empty_text' | 'text_too_long'
  | 'invalid_text' | 'too_many_pending' | 'unknown_message' | 'not_failed' | 'in_flight'
  | 'unsupported' | 'busy' | 'no_more_history' | 'destroyed'
  /** From the core's API layer: the configuration was refused, so there is no client (see error()). */
  | 'not_created'
  /** From the core's API layer: `now` or `count` was not a usable number; nothing happened. */
  | 'invalid_argument';

export type CoreState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'failed';

/** What one drain() returns: perform `actions` in order, report `events`, arm one timer. */
export interface CoreBatch {
  actions: CoreAction[];
  events: CoreEvent[];
  /** Absolute Date.now() time for handleTimeout(), or null for no timer. */
  deadline: number | null;
}

export type CoreAction =
  | { type: 'open'; transport: number; query: string }
  | { type: 'send'; transport: number; text: string }
  | { type: 'close'; transport: number };

export type CoreEvent =
  | { type: 'state'; from: CoreState; to: CoreState; reason: string; detail: string }
  | { type: 'reconnect_scheduled'; attempt: number; delayMs: number; atMs: number; reason: string; detail: string }
  | { type: 'reconnect_deferred'; attempt: number }
  | { type: 'credentials'; message: string }
  /** Session errors (malformed frame, refused connect...): codes like "malformed_frame". */
  | { type: 'connection_error'; code: string; message: string }
  /** `what`: CorePart bits of what changed. */
  | { type: 'room'; room: string; what: number }
  /** A live message from someone else (for notifications). */
  | { type: 'message'; room: string; message: CoreMessage }
  | { type: 'discontinuity'; room: string }
  /** Chat errors: "join_failed", "send_failed", "request_failed", "server_error", "unroutable". */
  | { type: 'chat_error'; code: string; room: string; message: string }
  /**
   * "unknown_event", "malformed_event", "not_encodable", "not_sent"; and
   * "invalid_argument" when a call was ignored (`event` names the method).
   */
  | { type: 'warning'; kind: string; event: string; message: string };

/**
 * Bits of CoreEvent 'room'.what and of roomSnapshot(parts), as chat::Change:
 * 1 messages, 2 typing users, 4 unread count, 8 members, 16 state / hasMore / active.
 * roomSnapshot also takes 32 with 1: the messages as changes against the
 * last snapshot of the room that carried messages (messageKeys, changedAt
 * and changedMessages instead of messages; src/api/message_changes.h), and
 * 64 with 32: changes against nothing, for a reader that lost track.
 */
export type CorePartBits = number;

export interface CoreUser {
  id: string;
  name: string;
}

/** Exactly the public Message shape. */
export interface CoreMessage {
  id: string | null;
  clientId: string | null;
  roomId: string;
  author: CoreUser;
  text: string;
  createdAt: number;
  status: 'pending' | 'sent' | 'failed';
  /** Present where the dialect has sequence numbers. */
  seq?: number;
  /** Why it failed, when status is 'failed'. */
  failure?: string;
  /** Ids of the users other than the author who read it; present only when non-empty. */
  readBy?: string[];
}

/** Only the parts asked for are present; `exists` and `version` always are. */
export interface CoreRoomSnapshot {
  /** False for a room never joined (then nothing else but version 0). */
  exists: boolean;
  version: number;
  messages?: CoreMessage[];
  /** With part 32: every message's key, oldest first (unique in the room, stable for the message). */
  messageKeys?: string[];
  /** With part 32: indexes into messageKeys of the messages not carried before as they are now. */
  changedAt?: number[];
  /** With part 32: those messages, in the order of changedAt. */
  changedMessages?: CoreMessage[];
  typingUsers?: CoreUser[];
  unreadCount?: number;
  members?: { user: CoreUser; online: boolean }[];
  /** 'joining' | 'joined' | 'left' */
  state?: string;
  hasMore?: boolean;
  active?: boolean;
  /** A history page is on its way (Room::loading_history()). */
  loadingOlder?: boolean;
}

export interface CoreRoomSummary {
  id: string;
  state: string;
  unreadCount: number;
  version: number;
}

export interface CoreCapabilities {
  /** Operations the backend has: "join", "leave", "send", "typing_start", "typing_stop", "mark_read", "history", "members". */
  operations: string[];
  joinConfirmation: 'ack' | 'event' | 'none';
  sendConfirmation: 'ack' | 'event' | 'none';
  idempotentSend: boolean;
  typingExpiresMs: number;
  historySince: boolean;
  historyBefore: boolean;
  historyAfterJoin: boolean;
  readReceiptPerMessage: boolean;
  hasSeq: boolean;
  identifiesUsersByName: boolean;
  reportsMembers: boolean;
  roomImpliedByLastJoin: boolean;
}

export interface CoreStats {
  unknownEvents: number;
  malformedEvents: number;
}
