// `leave {room}`: the connection stops receiving the room's events; the user
// stops being a member unless another of their connections is still in the
// room (docs/protocol.md, "leave").

import { roomChannel } from '../broadcast.mjs';
import { ok } from '../replies.mjs';
import { parseLeave } from '../validation.mjs';

/**
 * Always succeeds for a well-formed payload, also for a room not joined on
 * this connection or one that does not exist: the document lists only
 * `bad_request` for `leave`, and leaving is idempotent.
 *
 * @param {import('../engine.mjs').Engine} engine
 * @param {import('../connections.mjs').Connection} connection
 * @param {unknown} payload
 * @returns {Promise<import('../replies.mjs').Ack>}
 */
export async function handleLeave(engine, connection, payload) {
  const { request, failure } = parseLeave(payload);
  if (failure) return failure;
  const { room } = request;
  const { user } = connection;

  engine.stopTyping(connection, room);
  connection.socket.leave(roomChannel(room));
  connection.rooms.delete(room);

  // In a cluster the user's other connections may be on other nodes: asked of all.
  const stillInRoom = await engine.presence.inRoomElsewhere(connection, room);
  if (!stillInRoom && (await engine.store.removeMember(room, user.id))) {
    engine.broadcast.toRoomExceptUser(room, user.id, 'member_left', { room, user });
  }
  return ok();
}
