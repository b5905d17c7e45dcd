// Pages of messages for `join`, `history` and `changes`: which messages,
// whether more exist in the direction asked, and the frame limit. "A page of 100 messages
// of 4000 characters can exceed [1000000 bytes], so the server shortens such a
// page (oldest messages kept for `after` and `since`, newest for `before` and
// the latest page) and sets `hasMore: true`" (docs/protocol.md, Limits).

import { MAX_FRAME_BYTES } from './limits.mjs';

/** @typedef {import('./store.mjs').ChatStore} ChatStore */
/** @typedef {import('./store.mjs').Message} Message */

/**
 * @typedef {object} Page
 * @property {Message[]} messages  oldest first
 * @property {boolean} hasMore     more exist in the direction of the page
 * @property {'newest' | 'oldest'} keep  which end survives if the page must be shortened
 */

/**
 * The newest `limit` messages with seq < beforeSeq (the latest when null).
 * One more is read to learn whether older ones exist.
 * @param {ChatStore} store
 * @param {string} roomId
 * @param {number | null} beforeSeq
 * @param {number} limit
 * @returns {Promise<Page>}
 */
export async function pageBefore(store, roomId, beforeSeq, limit) {
  const messages = await store.messagesBefore(roomId, beforeSeq, limit + 1);
  const hasMore = messages.length > limit;
  return { messages: hasMore ? messages.slice(1) : messages, hasMore, keep: 'newest' };
}

/**
 * The oldest `limit` messages with seq > afterSeq. One more is read to learn
 * whether newer ones exist.
 * @param {ChatStore} store
 * @param {string} roomId
 * @param {number} afterSeq
 * @param {number} limit
 * @returns {Promise<Page>}
 */
export async function pageAfter(store, roomId, afterSeq, limit) {
  return leadingPage(await store.messagesAfter(roomId, afterSeq, limit + 1), limit);
}

/**
 * A page around one message (`history {around}`): the message, then as many
 * older and newer ones as `limit` leaves, half on each side, and the rest from
 * the other side when one side has fewer. Up to `limit` are read on each side
 * to learn whether more exist beyond the page there.
 * @param {ChatStore} store
 * @param {string} roomId
 * @param {Message} target  the message the page is around, a message of the room
 * @param {number} limit
 * @returns {Promise<AroundPage>}
 */
export async function pageAround(store, roomId, target, limit) {
  const older = await store.messagesBefore(roomId, target.seq, limit);
  const newer = await store.messagesAfter(roomId, target.seq, limit);
  const others = limit - 1;
  const olderTaken = Math.min(older.length, Math.max(Math.floor(others / 2), others - newer.length));
  const newerTaken = Math.min(newer.length, others - olderTaken);
  return {
    messages: [...older.slice(older.length - olderTaken), target, ...newer.slice(0, newerTaken)],
    target: olderTaken,
    hasOlder: older.length > olderTaken,
    hasNewer: newer.length > newerTaken,
  };
}

/**
 * @typedef {object} AroundPage
 * @property {Message[]} messages  oldest first
 * @property {number} target       the index of the message the page is around
 * @property {boolean} hasOlder    older messages exist before the page
 * @property {boolean} hasNewer    newer messages exist after the page
 */

/**
 * The `limit` messages with the lowest rev > afterRev (and seq <= maxSeq
 * unless null), in rev order. One more is read to learn whether more exist.
 * @param {ChatStore} store
 * @param {string} roomId
 * @param {number} afterRev
 * @param {number} limit
 * @param {number | null} maxSeq
 * @returns {Promise<Page>}
 */
export async function pageOfChanges(store, roomId, afterRev, limit, maxSeq) {
  return leadingPage(await store.messagesChangedAfter(roomId, afterRev, limit + 1, maxSeq), limit);
}

/**
 * The first `limit` of up to `limit + 1` messages read in the page's order.
 * @param {Message[]} messages
 * @param {number} limit
 * @returns {Page}
 */
function leadingPage(messages, limit) {
  const hasMore = messages.length > limit;
  return { messages: hasMore ? messages.slice(0, limit) : messages, hasMore, keep: 'oldest' };
}

/**
 * What a frame holds besides the ack's JSON: the Engine.IO and Socket.IO
 * packet types and the ack id (at most 16 digits for an id within 2^53).
 */
const ENVELOPE_BYTES = 32;

/**
 * Where a page goes in an ack: its messages and its "more exist" flag.
 * @typedef {{ items: string, more: string }} PageFields
 */

/** @type {PageFields} `join`, `history` and `changes`. */
export const MESSAGES_FIELDS = Object.freeze({ items: 'messages', more: 'hasMore' });

/** @type {PageFields} The catch-up of a `join` with `since` and `sinceRev`. */
export const CHANGES_FIELDS = Object.freeze({ items: 'changes', more: 'changesMore' });

/** @param {unknown} value */
const jsonBytes = (value) => Buffer.byteLength(JSON.stringify(value), 'utf8');

/**
 * The ack with the page in it, shortened so that its frame stays within
 * `maxFrameBytes`; a shortened page says `hasMore: true` (or whatever
 * `fields.more` names). At least one message is kept so that a client paging
 * through always makes progress (messages are at most 4000 code points, far
 * below the limit).
 *
 * @template {import('./replies.mjs').Success} A
 * @param {A} ack  the ack's other fields (the page's fields as placeholders keep the field order)
 * @param {Page} page
 * @param {number} [maxFrameBytes]
 * @param {PageFields} [fields]
 * @returns {A}
 */
export function ackWithPage(ack, { messages, hasMore, keep }, maxFrameBytes = MAX_FRAME_BYTES, fields = MESSAGES_FIELDS) {
  const { items, more } = fields;
  const budget = maxFrameBytes - ENVELOPE_BYTES - jsonBytes([{ ...ack, [items]: [], [more]: true }]);
  const inKeepOrder = keep === 'oldest' ? messages : [...messages].reverse();
  const kept = fittingCount(inKeepOrder, budget);
  if (kept === messages.length) return { ...ack, [items]: messages, [more]: hasMore };
  const shortened = keep === 'oldest' ? messages.slice(0, kept) : messages.slice(messages.length - kept);
  return { ...ack, [items]: shortened, [more]: true };
}

/**
 * The ack of `history {around}`: `messages`, `hasOlder`, `hasNewer`, and
 * `hasMore` (either), shortened like any page to stay within `maxFrameBytes`
 * but from both ends, nearest messages first, so that the target stays; an
 * end that lost messages says so in its flag.
 *
 * @template {import('./replies.mjs').Success} A
 * @param {A} ack  the ack's other fields
 * @param {AroundPage} page
 * @param {number} [maxFrameBytes]
 */
export function ackWithAroundPage(ack, { messages, target, hasOlder, hasNewer }, maxFrameBytes = MAX_FRAME_BYTES) {
  const budget =
    maxFrameBytes - ENVELOPE_BYTES - jsonBytes([{ ...ack, messages: [], hasMore: true, hasOlder: true, hasNewer: true }]);
  // The target, then alternately the next newer and the next older one.
  const byNearness = [target];
  for (let step = 1; byNearness.length < messages.length; step++) {
    if (target + step < messages.length) byNearness.push(target + step);
    if (target - step >= 0) byNearness.push(target - step);
  }
  const kept = byNearness.slice(0, fittingCount(byNearness.map((i) => messages[i]), budget));
  const first = Math.min(...kept);
  const last = Math.max(...kept);
  const older = hasOlder || first > 0;
  const newer = hasNewer || last < messages.length - 1;
  return { ...ack, messages: messages.slice(first, last + 1), hasMore: older || newer, hasOlder: older, hasNewer: newer };
}

/**
 * How many of `messages`, taken in order, fit in `budget` bytes of JSON (with
 * their separating commas); at least one, so that a client paging through
 * always makes progress (messages are at most 4000 code points, far below
 * the limit).
 * @param {Message[]} messages
 * @param {number} budget
 */
function fittingCount(messages, budget) {
  let left = budget;
  let kept = 0;
  for (; kept < messages.length; kept++) {
    left -= jsonBytes(messages[kept]) + 1;
    if (left < 0 && kept > 0) break;
  }
  return kept;
}
