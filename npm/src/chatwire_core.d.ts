// Types of the Emscripten module built from bindings/ (its C ABI, written
// by hand) and of the JSON that crosses it. Internal: the public API is
// ChatClient; nothing here is exported from the package. The names the
// core defines (states, codes, event types, inputs) are generated from the
// core itself into generated/contract.ts.
//
// The boundary is coarse on purpose: one call per input, and one answer
// (CoreAnswer) with everything the input caused. Every JSON shape that
// crosses it is declared below as a Core* type.

/** Instantiates the module. */
export default function createChatwireCore(options?: CoreModuleOptions): Promise<RawCoreModule>;

/** The only options the module reads (bindings/CMakeLists.txt: -sINCOMING_MODULE_JS_API). */
export interface CoreModuleOptions {
  /** The .wasm bytes (Node reads the file and passes them here). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where the .wasm is, for browsers: called with "chatwire.wasm". */
  locateFile?: (file: string, prefix: string) => string;
  print?: (text: string) => void;
  printErr?: (text: string) => void;
}

import type { CoreActionType, CoreCommandErrorCode, CoreEventType, CoreOperation, CoreState } from './generated/contract.js';
// The public option types the core reads unchanged (types.ts imports nothing back from here).
import type { ReconnectionOptions, TransportName, TypingOptions } from './types.js';

export type { CoreCommandErrorCode, CoreState };

/** Pointers into the module's memory. */
type Pointer = number;

/**
 * The module's C ABI (bindings/core_exports.cpp); npm/src/core-client.ts
 * wraps it. Text goes in as UTF-8 in the buffer cw_buffer lends, and comes
 * out as a pointer to UTF-8 whose length cw_result_length tells, valid
 * until the next call.
 */
export interface RawCoreModule {
  /** The module's memory; a new view after the memory grows. */
  HEAPU8: Uint8Array;
  _cw_buffer(size: number): Pointer;
  _cw_result_length(): number;
  _cw_create(config: Pointer, length: number): Pointer;
  _cw_destroy(client: Pointer): void;
  _cw_error(client: Pointer): Pointer;
  /** Input `op` (CoreOp, generated/contract.ts); returns the CoreAnswer. */
  /** The text arguments a, b, c lie one after another from `a` (cw_buffer). */
  _cw_call(client: Pointer, op: number, now: number, number: number, a: Pointer, aLength: number, bLength: number, cLength: number, dLength: number): Pointer;
  _cw_capabilities(client: Pointer): Pointer;
  _cw_stats(client: Pointer): Pointer;
  _cw_set_message_events(client: Pointer, enabled: number): void;
  _cw_contract(): Pointer;
  _cw_preset_names(): Pointer;
  _cw_heap_size(): number;
  _cw_allocated_bytes(): number;
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
  /** In the order to try them; absent: WebSocket first, polling as the fallback. */
  transports?: TransportName[];
  /** How long a transport with a fallback behind it may take to say the Engine.IO open packet. */
  handshakeTimeoutMs?: number;
  reconnection?: ReconnectionOptions;
  typing?: TypingOptions;
  maxMessagesPerRoom?: number;
  maxTextLength?: number;
  maxPendingPerRoom?: number;
  maxRooms?: number;
  requestTimeoutMs?: number;
  historyPageSize?: number;
  readReceiptIntervalMs?: number;
  outboxCapacity?: number;
  /** Report send_stored / send_forgotten events: set where the platform keeps them. */
  storeSends?: boolean;
  /**
   * Report the newest this-many messages of each joined room as
   * history_cached events, and take them back with restoreHistory(): set
   * where the platform keeps them. At most maxMessagesPerRoom. Default 0 (off).
   */
  cachedMessages?: number;
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
  /** `value`: true, a new message's client id (send), or a history request id (loadOlder). */
  | { ok: true; value?: string | boolean | number }
  | { ok: false; error: CoreCommandErrorCode; message: string };


/**
 * What one input caused. Every member is optional: present only when the
 * input changed it. Apply in this order: perform `actions`, apply `rooms`,
 * take `connection` and `unreadTotal`, report `events`, arm the timer for
 * `deadline` (null: none).
 */
export interface CoreAnswer {
  result?: CoreCommandResult;
  actions?: CoreAction[];
  events?: CoreEvent[];
  connection?: CoreConnection;
  rooms?: CoreRoomChange[];
  unreadTotal?: number;
  deadline?: number | null;
}

/** What a connection status bar shows (the public ConnectionSnapshot). */
export interface CoreConnection {
  state: CoreState;
  error: { source: 'connection' | 'auth'; code: string; message: string } | null;
  reconnectAt: number | null;
  reconnectAttempt: number;
  /** What the connection runs on; null until first connected. */
  transport: TransportName | null;
}

/** A room's changed parts; absent parts did not change. */
export interface CoreRoomChange {
  id: string;
  /** The core forgot the room (a left room dropped to make space for another). */
  gone?: true;
  version?: number;
  messages?: CoreMessageEdits;
  typingUsers?: CoreUser[];
  unreadCount?: number;
  /** Comes with unreadCount: the server id of the first message unread when the room was opened; null for none. */
  firstUnreadId?: string | null;
  members?: { user: CoreUser; online: boolean }[];
  /** 'joining' | 'joined' | 'left'; hasMore, active and loadingOlder come with it. */
  state?: string;
  hasMore?: boolean;
  active?: boolean;
  loadingOlder?: boolean;
  /** The room shows a window around a message jumped to, apart from its latest messages. */
  detached?: boolean;
  hasNewer?: boolean;
  loadingNewer?: boolean;
}

/**
 * Edits of a room's message list since the last answer that had any. Apply:
 * with `reset` drop everything; drop the messages named in `removed` (keys
 * not held are ignored); then for each upsert in order put the message at
 * `index`: over the one held under the same key, or inserted there.
 */
export interface CoreMessageEdits {
  reset?: true;
  removed?: string[];
  upserts?: [index: number, key: string, message: CoreMessage][];
}

export type CoreAction =
  | { type: 'open'; transport: number; query: string }
  | { type: 'send'; transport: number; text: string }
  | { type: 'close'; transport: number }
  /** An HTTP long-polling request: answer with CoreClient.httpResponse(now, request, status, body). */
  | { type: 'request'; transport: number; request: number; method: 'GET' | 'POST'; query: string; body?: string };

export type CoreEvent =
  | { type: 'transport'; transport: TransportName }
  | { type: 'state'; from: CoreState; to: CoreState; reason: string; detail: string }
  | { type: 'reconnect_scheduled'; attempt: number; delayMs: number; atMs: number; reason: string; detail: string }
  | { type: 'reconnect_deferred'; attempt: number }
  | { type: 'credentials'; message: string }
  /** Session errors (malformed frame, refused connect...): codes like "malformed_frame". */
  | { type: 'connection_error'; code: string; message: string }
  /**
   * A live message from someone else (for notifications): `key` names it in
   * the room's messages of the same answer; a message with neither id nor
   * client id comes whole instead.
   */
  | { type: 'message'; room: string; key?: string; message?: CoreMessage }
  | { type: 'discontinuity'; room: string }
  /**
   * Chat errors: "join_failed", "send_failed", "request_failed", "server_error", "unroutable";
   * `operation` and `request` say which request failed, when one did.
   */
  | {
      type: 'chat_error';
      code: string;
      room: string;
      message: string;
      operation?: string;
      request?: number;
      /** "change_failed": the operation that was rolled back, the message it was on (its mirror key), and the server's code. */
      opId?: string;
      key?: string;
      reason?: string;
    }
  /** History request `request` ended with `added` messages stored. */
  | { type: 'history_loaded'; room: string; request: number; added: number; key?: string }
  /**
   * "unknown_event", "malformed_event", "not_encodable", "not_sent"; and
   * "invalid_argument" when a call was ignored (`event` names the method).
   */
  | { type: 'warning'; kind: string; event: string; message: string }
  /** Keep this record of an unconfirmed send across page loads (CoreConfig.storeSends). */
  | { type: 'send_stored'; record: CoreStoredSend }
  /** Drop the record of this send: confirmed, cancelled or forgotten. */
  | { type: 'send_forgotten'; clientId: string }
  /** Keep this record of a room's newest messages across page loads, in place of the room's last (CoreConfig.cachedMessages); no messages: drop it. */
  | { type: 'history_cached'; record: CoreCachedRoom }
  /** Keep this record of a pending edit, delete or reaction across page loads, by opId. */
  | { type: 'op_stored'; record: CoreStoredOp }
  /** Drop the record of this operation: answered, failed or forgotten. */
  | { type: 'op_forgotten'; opId: string };

/** A pending edit, delete or reaction as kept across page loads (src/api/stored_op_json.h). */
export interface CoreStoredOp {
  schema: 1;
  opId: string;
  room: string;
  op: 'edit' | 'delete' | 'react';
  /** The message's server id; or, for a message still being sent, its client id. */
  messageId?: string;
  clientId?: string;
  text?: string;
  emoji?: string;
  on?: boolean;
  createdAtMs: number;
}

/** A room's newest messages as kept across page loads, oldest first (src/api/cached_room_json.h). */
export interface CoreCachedRoom {
  schema: 1;
  room: string;
  messages: CoreMessage[];
}

/** An unconfirmed send as kept across page loads (src/api/stored_send_json.h). */
export interface CoreStoredSend {
  schema: 1;
  clientId: string;
  room: string;
  text: string;
  createdAtMs: number;
  /** Given to a backend that may have it already. */
  handedOver: boolean;
  /** Why it failed, when it did. */
  failure?: string;
  /** The id of the message it answers. */
  replyTo?: string;
}

export interface CoreUser {
  id: string;
  name: string;
}

/** The public Message shape without roomId (the room change it comes in says it). */
export interface CoreMessage {
  id: string | null;
  clientId: string | null;
  author: CoreUser;
  text: string;
  createdAt: number;
  status: 'pending' | 'sent' | 'failed' | 'unconfirmed';
  /** Present where the dialect has sequence numbers. */
  seq?: number;
  /** Why it failed, when status is 'failed'. */
  failure?: string;
  /** Ids of the users other than the author who read it; present only when non-empty. */
  readBy?: string[];
  /** Shown from the device's cache, not yet confirmed by the server's history. */
  cached?: true;
  edited?: true;
  editedAt?: number;
  /** A tombstone: its text is gone. */
  deleted?: true;
  reactions?: CoreReaction[];
  replyTo?: CoreReplyPreview;
  /** The user's changes of it that the server has not confirmed yet. */
  pendingOps?: number;
}

/** One emoji on a message: how many set it, and whether the user did. */
export interface CoreReaction {
  emoji: string;
  count: number;
  mine: boolean;
}

/** The message a reply answers, as it is now. */
export interface CoreReplyPreview {
  id: string;
  author: CoreUser;
  /** The start of its text ("" once deleted). */
  excerpt: string;
  deleted: boolean;
}

export interface CoreCapabilities {
  /** Operations the backend has. */
  operations: CoreOperation[];
  joinConfirmation: 'ack' | 'event' | 'none';
  sendConfirmation: 'ack' | 'event' | 'none';
  idempotentSend: boolean;
  typingExpiresMs: number;
  historySince: boolean;
  historyBefore: boolean;
  /** A message not held can be jumped to (history {around}). */
  historyAround?: boolean;
  historyAfterJoin: boolean;
  readReceiptPerMessage: boolean;
  hasSeq: boolean;
  identifiesUsersByName: boolean;
  reportsMembers: boolean;
  roomImpliedByLastJoin: boolean;
  /** send() takes replyTo. */
  replies: boolean;
  /** A reconnect catches up the changes of messages it missed. */
  changesSince: boolean;
}

export interface CoreStats {
  unknownEvents: number;
  malformedEvents: number;
}

// ---------------------------------------------------------------------------
// The hand-written shapes above may use only the names the core has: each
// line fails to compile when a type or code here is not one of the core's
// (generated/contract.ts, written from the core at build time).
type Holds<T extends true> = T;
export type EventTypesAreTheCores = Holds<CoreEvent['type'] extends CoreEventType ? true : false>;
export type ActionTypesAreTheCores = Holds<CoreAction['type'] extends CoreActionType ? true : false>;
export type OperationsAreTheCores = Holds<CoreCapabilities['operations'][number] extends CoreOperation ? true : false>;
