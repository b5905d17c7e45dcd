// `changes {room, afterRev, limit?}`: the messages of a room changed or
// stored after a rev, in rev order, for a client catching up
// (docs/protocol.md, "changes" and "Resume after reconnect").

import { MAX_CHANGES_LIMIT } from '../limits.mjs';
import { ackWithPage, pageOfChanges } from '../pages.mjs';
import { ok } from '../replies.mjs';
import { parseChanges } from '../validation.mjs';

/**
 * hasMore: more changes exist after the page; the client continues from the
 * rev of the page's last message. `rev` is the room's counter now.
 *
 * @param {import('../engine.mjs').Engine} engine
 * @param {import('../connections.mjs').Connection} connection
 * @param {unknown} payload
 * @returns {Promise<import('../replies.mjs').Ack>}
 */
export async function handleChanges(engine, connection, payload) {
  const { request, failure } = parseChanges(payload);
  if (failure) return failure;
  const { room, afterRev } = request;
  const { store } = engine;

  const refusal = await engine.checkJoinedRoom(connection, room);
  if (refusal) return refusal;

  const page = await pageOfChanges(store, room, afterRev, request.limit ?? MAX_CHANGES_LIMIT, null);
  return ackWithPage(ok({ messages: [], hasMore: false, rev: await store.roomRev(room) }), page);
}
