// `read {room, seq}`: moves the user's read cursor (docs/protocol.md, "read"
// and "Read cursors").

import { ok } from '../replies.mjs';
import { parseRead } from '../validation.mjs';

/**
 * The cursor becomes max(current, min(seq, lastSeq)); when it moved, the other
 * connections in the room (the user's own included) receive `read`.
 *
 * @param {import('../engine.mjs').Engine} engine
 * @param {import('../connections.mjs').Connection} connection
 * @param {unknown} payload
 * @returns {Promise<import('../replies.mjs').Ack>}
 */
export async function handleRead(engine, connection, payload) {
  const { request, failure } = parseRead(payload);
  if (failure) return failure;
  const { room, seq } = request;
  const { user } = connection;

  const refusal = await engine.checkJoinedRoom(connection, room);
  if (refusal) return refusal;

  const { readSeq, moved } = await engine.store.advanceReadCursor(room, user.id, seq);
  if (moved) {
    engine.broadcast.toRoomExceptConnection(connection.socket, room, 'read', { room, user, seq: readSeq });
  }
  return ok({ readSeq });
}
