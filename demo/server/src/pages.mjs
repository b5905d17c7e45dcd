// Pages of messages for `join` and `history`: which messages, whether more
// exist in the direction asked, and the frame limit. "A page of 100 messages
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
 * @returns {Page}
 */
export function pageBefore(store, roomId, beforeSeq, limit) {
  const messages = store.messagesBefore(roomId, beforeSeq, limit + 1);
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
 * @returns {Page}
 */
export function pageAfter(store, roomId, afterSeq, limit) {
  const messages = store.messagesAfter(roomId, afterSeq, limit + 1);
  const hasMore = messages.length > limit;
  return { messages: hasMore ? messages.slice(0, limit) : messages, hasMore, keep: 'oldest' };
}

/**
 * What a frame holds besides the ack's JSON: the Engine.IO and Socket.IO
 * packet types and the ack id (at most 16 digits for an id within 2^53).
 */
const ENVELOPE_BYTES = 32;

/** @param {unknown} value */
const jsonBytes = (value) => Buffer.byteLength(JSON.stringify(value), 'utf8');

/**
 * The ack with the page in it, shortened so that its frame stays within
 * MAX_FRAME_BYTES; a shortened page says `hasMore: true`. At least one message
 * is kept so that a client paging through always makes progress (messages are
 * at most 4000 code points, far below the limit).
 *
 * @template {import('./replies.mjs').Success} A
 * @param {A} ack  the ack's other fields (`messages` and `hasMore` as placeholders keep the field order)
 * @param {Page} page
 * @param {number} [maxFrameBytes]
 * @returns {A & { messages: Message[], hasMore: boolean }}
 */
export function ackWithPage(ack, { messages, hasMore, keep }, maxFrameBytes = MAX_FRAME_BYTES) {
  let budget = maxFrameBytes - ENVELOPE_BYTES - jsonBytes([{ ...ack, messages: [], hasMore: true }]);
  let kept = 0;
  for (; kept < messages.length; kept++) {
    const message = keep === 'oldest' ? messages[kept] : messages[messages.length - 1 - kept];
    // Each message adds its JSON and a separating comma.
    budget -= jsonBytes(message) + 1;
    if (budget < 0 && kept > 0) break;
  }
  if (kept === messages.length) return { ...ack, messages, hasMore };
  const shortened = keep === 'oldest' ? messages.slice(0, kept) : messages.slice(messages.length - kept);
  return { ...ack, messages: shortened, hasMore: true };
}
