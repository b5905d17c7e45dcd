// `delete {room, id, opId}`: makes a message a tombstone; its author or an
// admin of the room may (docs/protocol.md, "delete").

import { failure as fail, rateLimited } from '../replies.mjs';
import { parseDelete } from '../validation.mjs';
import { findTarget, publishChange } from './message-change.mjs';

/**
 * Checks in the documented order: shape, opId repeat, room, membership,
 * target (`message_not_found`; a tombstone is already what was asked, and
 * answered as a success before the rest), author or admin (`unauthorized`),
 * then `rate_limited`.
 *
 * @param {import('../engine.mjs').Engine} engine
 * @param {import('../connections.mjs').Connection} connection
 * @param {unknown} payload
 * @returns {Promise<import('../replies.mjs').Ack>}
 */
export async function handleDelete(engine, connection, payload) {
  const { request, failure } = parseDelete(payload);
  if (failure) return failure;
  const { store } = engine;
  const { user } = connection;
  const change = { ...request, userId: user.id };

  const { done, target } = await findTarget(engine, connection, request, 'delete');
  if (done) return done;
  // Changes nothing, but records the opId like any success.
  if (target.deleted) return publishChange(engine, await store.deleteMessage(change));
  const isAdmin = (await store.getRoom(request.room))?.admins.includes(user.id) ?? false;
  if (target.author.id !== user.id && !isAdmin) {
    return fail('unauthorized', 'only the author or an admin of the room may delete a message');
  }
  if (!engine.writeLimiter.take(user.id)) return rateLimited();

  return publishChange(engine, await store.deleteMessage(change));
}
