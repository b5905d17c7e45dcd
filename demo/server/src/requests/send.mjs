// `send {room, clientId, text}`: stores a message with the room's next seq
// and broadcasts it; idempotent by (author, clientId) (docs/protocol.md,
// "send" and "Idempotent send").

import { MAX_TEXT_CODE_POINTS } from '../limits.mjs';
import { failure as fail, notMember, ok } from '../replies.mjs';
import { codePointCountUpTo, isBlank } from '../text.mjs';
import { parseSend } from '../validation.mjs';

/**
 * Checks in the documented order: payload shape, the repeat lookup, room
 * existence and permission, membership on this connection, `empty`, then
 * `too_long`, then `rate_limited`.
 *
 * @param {import('../engine.mjs').Engine} engine
 * @param {import('../connections.mjs').Connection} connection
 * @param {unknown} payload
 * @returns {import('../replies.mjs').Ack}
 */
export function handleSend(engine, connection, payload) {
  const { request, failure } = parseSend(payload);
  if (failure) return failure;
  const { room, clientId, text } = request;
  const { store } = engine;
  const { user } = connection;

  // A repeat is answered from the store before anything else, even before the
  // room is rejoined after a reconnect; its room and text are not compared.
  const earlier = store.findMessageByClientId(user.id, clientId);
  if (earlier) return ok({ message: earlier });

  const refusal = engine.admitToRoom(user, room, 'send');
  if (refusal) return refusal;
  if (!connection.rooms.has(room)) return notMember();
  if (isBlank(text)) return fail('empty', 'text is empty');
  if (codePointCountUpTo(text, MAX_TEXT_CODE_POINTS) > MAX_TEXT_CODE_POINTS) {
    return fail('too_long', `text is longer than ${MAX_TEXT_CODE_POINTS} characters`);
  }
  if (!engine.sendLimiter.take(user.id)) return fail('rate_limited', 'too many messages; retry later');

  const { message, inserted } = store.insertMessage({ room, clientId, author: user, text, createdAt: engine.now() });
  // Not inserted: another process stored the same (author, clientId) since
  // the lookup above. Its first ack broadcast it; this one must not.
  if (inserted) engine.broadcast.toRoom(room, 'message', message);
  return ok({ message });
}
