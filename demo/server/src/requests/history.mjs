// `history {room, before?, after?, around?, limit?}`: a page of older or newer
// messages, or the page around one message (docs/protocol.md, "history").

import { DEFAULT_HISTORY_LIMIT } from '../limits.mjs';
import { ackWithAroundPage, ackWithPage, pageAfter, pageAround, pageBefore } from '../pages.mjs';
import { failure as fail, ok } from '../replies.mjs';
import { parseHistory } from '../validation.mjs';

/**
 * `before`: the newest `limit` with seq < before, hasMore = older exist.
 * `after`: the oldest `limit` with seq > after, hasMore = newer exist.
 * `around`: that message with the nearest older and newer ones, `limit` in
 * all, hasOlder and hasNewer for each side (hasMore: either); an id that is
 * no message of the room is `message_not_found`, after the membership check.
 * None: the latest `limit`, hasMore = older exist.
 *
 * @param {import('../engine.mjs').Engine} engine
 * @param {import('../connections.mjs').Connection} connection
 * @param {unknown} payload
 * @returns {Promise<import('../replies.mjs').Ack>}
 */
export async function handleHistory(engine, connection, payload) {
  const { request, failure } = parseHistory(payload);
  if (failure) return failure;
  const { room, before, after, around } = request;
  const limit = request.limit ?? DEFAULT_HISTORY_LIMIT;

  const refusal = await engine.checkJoinedRoom(connection, room);
  if (refusal) return refusal;

  if (around !== null) {
    const target = await engine.store.getMessage(room, around);
    if (!target) return fail('message_not_found', 'no such message in this room');
    return ackWithAroundPage(ok({ messages: [] }), await pageAround(engine.store, room, target, limit));
  }
  const page =
    after !== null ? await pageAfter(engine.store, room, after, limit) : await pageBefore(engine.store, room, before, limit);
  return ackWithPage(ok({ messages: [], hasMore: false }), page);
}
