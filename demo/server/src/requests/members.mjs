// `members {room}`: the room's members with their online flags
// (docs/protocol.md, "members").

import { ok } from '../replies.mjs';
import { parseMembers } from '../validation.mjs';

/**
 * @param {import('../engine.mjs').Engine} engine
 * @param {import('../connections.mjs').Connection} connection
 * @param {unknown} payload
 * @returns {Promise<import('../replies.mjs').Ack>}
 */
export async function handleMembers(engine, connection, payload) {
  const { request, failure } = parseMembers(payload);
  if (failure) return failure;
  const { room } = request;

  const refusal = await engine.checkJoinedRoom(connection, room);
  if (refusal) return refusal;
  return ok({ members: await engine.membersOf(room) });
}
