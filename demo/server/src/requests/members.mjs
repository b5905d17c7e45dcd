// `members {room}`: the room's members with their online flags
// (docs/protocol.md, "members").

import { notMember, ok } from '../replies.mjs';
import { parseMembers } from '../validation.mjs';

/**
 * @param {import('../engine.mjs').Engine} engine
 * @param {import('../connections.mjs').Connection} connection
 * @param {unknown} payload
 * @returns {import('../replies.mjs').Ack}
 */
export function handleMembers(engine, connection, payload) {
  const { request, failure } = parseMembers(payload);
  if (failure) return failure;
  const { room } = request;

  const missing = engine.checkRoomExists(room);
  if (missing) return missing;
  if (!connection.rooms.has(room)) return notMember();
  return ok({ members: engine.membersOf(room) });
}
