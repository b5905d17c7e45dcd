// `history {room, before?, after?, limit?}`: a page of older or newer
// messages (docs/protocol.md, "history").

import { DEFAULT_HISTORY_LIMIT } from '../limits.mjs';
import { ackWithPage, pageAfter, pageBefore } from '../pages.mjs';
import { ok } from '../replies.mjs';
import { parseHistory } from '../validation.mjs';

/**
 * `before`: the newest `limit` with seq < before, hasMore = older exist.
 * `after`: the oldest `limit` with seq > after, hasMore = newer exist.
 * Neither: the latest `limit`, hasMore = older exist.
 *
 * @param {import('../engine.mjs').Engine} engine
 * @param {import('../connections.mjs').Connection} connection
 * @param {unknown} payload
 * @returns {import('../replies.mjs').Ack}
 */
export function handleHistory(engine, connection, payload) {
  const { request, failure } = parseHistory(payload);
  if (failure) return failure;
  const { room, before, after } = request;
  const limit = request.limit ?? DEFAULT_HISTORY_LIMIT;

  const refusal = engine.checkJoinedRoom(connection, room);
  if (refusal) return refusal;

  const page =
    after !== null ? pageAfter(engine.store, room, after, limit) : pageBefore(engine.store, room, before, limit);
  return ackWithPage(ok({ messages: [], hasMore: false }), page);
}
