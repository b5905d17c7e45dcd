// `send {room, clientId, text, replyTo?}`: stores a message with the room's
// next seq and broadcasts it; idempotent by (author, clientId)
// (docs/protocol.md, "send" and "Idempotent send").

import { failure as fail, notMember, ok, rateLimited } from '../replies.mjs';
import { parseSend, textFailure } from '../validation.mjs';

/** @param {import('../store.mjs').Message | null} message */
const isLiveMessage = (message) => message !== null && !message.deleted;

/**
 * Checks in the documented order: payload shape, the repeat lookup, room
 * existence and permission, membership on this connection, the parent of a
 * reply (`reply_not_found`), `empty`, then `too_long`, then `rate_limited`.
 *
 * @param {import('../engine.mjs').Engine} engine
 * @param {import('../connections.mjs').Connection} connection
 * @param {unknown} payload
 * @returns {Promise<import('../replies.mjs').Ack>}
 */
export async function handleSend(engine, connection, payload) {
  const { request, failure } = parseSend(payload);
  if (failure) return failure;
  const { room, clientId, text, replyTo } = request;
  const { store } = engine;
  const { user } = connection;

  // A repeat is answered from the store before anything else, even before the
  // room is rejoined after a reconnect; its room and text are not compared.
  const earlier = await store.findMessageByClientId(user.id, clientId);
  if (earlier) return ok({ message: earlier });

  const refusal = await engine.admitToRoom(user, room, 'send');
  if (refusal) return refusal;
  if (!connection.rooms.has(room)) return notMember();
  if (replyTo !== null && !isLiveMessage(await store.getMessage(room, replyTo))) {
    return fail('reply_not_found', 'replyTo is not a message of this room, or it was deleted');
  }
  const badText = textFailure(text);
  if (badText) return badText;
  if (!engine.writeLimiter.take(user.id)) return rateLimited();

  const { message, inserted } = await store.insertMessage({ room, clientId, author: user, text, createdAt: engine.now(), replyTo });
  // Not inserted: another server node stored the same (author, clientId)
  // since the lookup above. Its first ack broadcast it; this one must not.
  if (inserted) engine.broadcast.toRoom(room, 'message', message);
  return ok({ message });
}
