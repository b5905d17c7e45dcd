// `edit {room, id, text, opId}`: replaces a message's text; only its author
// may (docs/protocol.md, "edit").

import { failure as fail, rateLimited } from '../replies.mjs';
import { parseEdit, textFailure } from '../validation.mjs';
import { findTarget, publishChange } from './message-change.mjs';

/**
 * Checks in the documented order: shape, opId repeat, room, membership,
 * target (`message_not_found`, `gone`), author (`unauthorized`), the text
 * rules of `send`, then `rate_limited`.
 *
 * @param {import('../engine.mjs').Engine} engine
 * @param {import('../connections.mjs').Connection} connection
 * @param {unknown} payload
 * @returns {Promise<import('../replies.mjs').Ack>}
 */
export async function handleEdit(engine, connection, payload) {
  const { request, failure } = parseEdit(payload);
  if (failure) return failure;
  const { user } = connection;

  const { done, target } = await findTarget(engine, connection, request, 'edit');
  if (done) return done;
  if (target.author.id !== user.id) return fail('unauthorized', 'only the author may edit a message');
  const badText = textFailure(request.text);
  if (badText) return badText;
  if (!engine.writeLimiter.take(user.id)) return rateLimited();

  return publishChange(engine, await engine.store.editMessage({ ...request, userId: user.id, editedAt: engine.now() }));
}
