// The numbers of docs/protocol.md. Those the protocol fixes are constants: a
// server that changed them would break clients that follow the document. Only
// the policy knobs the document leaves to the server (rate limits, the delay of
// an offline transition) can be tuned, through DEFAULT_POLICY_LIMITS.

/** The largest integer JSON carries exactly (2^53 − 1); the protocol's integer bound. */
export const MAX_EXACT_INTEGER = Number.MAX_SAFE_INTEGER;

/** `text`: 1–4000 code points, not whitespace only. */
export const MAX_TEXT_CODE_POINTS = 4000;

/** `clientId`: 1–64 code points. */
export const MAX_CLIENT_ID_CODE_POINTS = 64;

/** `opId` of `edit`, `delete` and `react`: 1–64 code points, like `clientId`. */
export const MAX_OP_ID_CODE_POINTS = 64;

/** A reaction's `emoji`: one extended grapheme cluster of at most 32 UTF-8 bytes. */
export const MAX_EMOJI_BYTES = 32;

/** Distinct emoji on one message; the 21st is `too_many_reactions`. */
export const MAX_REACTIONS_PER_MESSAGE = 20;

/** `replyTo.excerpt`: the first 100 code points of the parent's text. */
export const REPLY_EXCERPT_CODE_POINTS = 100;

/** `join` without `since`: the latest page. */
export const JOIN_PAGE_SIZE = 50;

/** `join` with `since`: the page after it. */
export const SINCE_PAGE_SIZE = 100;

/** `history` `limit`: default and bounds. */
export const DEFAULT_HISTORY_LIMIT = 50;
export const MAX_HISTORY_LIMIT = 100;

/** `changes` `limit` (default and bound), and the `changes` of a `join` with `sinceRev`. */
export const MAX_CHANGES_LIMIT = 100;

/** `ttlMs` of every relayed `typing`: how long a `start` holds without a refresh. */
export const TYPING_TTL_MS = 6000;

/**
 * The largest frame either side may send (`maxPayload` in the Engine.IO open
 * packet). The server shortens pages so that no ack exceeds it.
 */
export const MAX_FRAME_BYTES = 1_000_000;

/**
 * What the Engine.IO/Socket.IO server must be created with to speak the
 * protocol: both Engine.IO transports (a WebSocket, and HTTP long-polling
 * with the upgrade to a WebSocket, for clients behind proxies that break
 * WebSockets), the documented heartbeat and `maxPayload`. The caller creates
 * the `Server` (the protocol module never imports socket.io), so it spreads
 * these into the options it passes. Behind several nodes, polling needs
 * sticky sessions: every request of one Engine.IO session must reach the node
 * that holds it.
 */
export const PROTOCOL_SERVER_OPTIONS = Object.freeze({
  path: '/socket.io/',
  transports: ['polling', 'websocket'],
  allowUpgrades: true,
  pingInterval: 25_000,
  pingTimeout: 20_000,
  maxHttpBufferSize: MAX_FRAME_BYTES,
});

/**
 * @typedef {object} TokenBucketLimit
 * @property {number} burst      events allowed at once (the bucket's size)
 * @property {number} perSecond  tokens refilled per second
 */

/**
 * @typedef {object} PolicyLimits
 * @property {TokenBucketLimit} send   `send`s, `edit`s, `delete`s and `react`s per user (all connections
 *                                     together, one bucket); over it: `rate_limited`
 * @property {TokenBucketLimit} typing `typing` events per connection; over it they are dropped and one
 *                                     `error {rate_limited}` push says so
 * @property {number} presenceGraceMs  how long the last connection's close waits before `presence
 *                                     {online: false}`, so that a page reload does not flap (0: at once)
 */

/**
 * Generous for people, tight for scripts. A client after a reconnect retries
 * its unconfirmed sends in a burst, hence the burst of 30. A careful client
 * sends about two `typing` events per message (start, then stop on send).
 * @type {Readonly<PolicyLimits>}
 */
export const DEFAULT_POLICY_LIMITS = Object.freeze({
  send: Object.freeze({ burst: 30, perSecond: 5 }),
  typing: Object.freeze({ burst: 20, perSecond: 2 }),
  presenceGraceMs: 0,
});
