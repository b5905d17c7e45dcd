// What `edit`, `delete` and `react` share (docs/protocol.md, "Changing
// messages"): the steps of the check order up to the target message, and the
// end, the ack with the message and `message_updated` to the room when the
// message changed.

import { failure, notMember, ok } from '../replies.mjs';

/** @typedef {import('../replies.mjs').Ack} Ack */
/** @typedef {import('../store.mjs').Message} Message */

/**
 * After the shape check: the opId repeat lookup (a repeat is answered with
 * the message as it is now, before anything else, so that a retry after a
 * reconnect needs no rejoin), room existence and permission, membership on
 * this connection, then the target: `message_not_found` unless it is a
 * message of this room, `gone` if it is deleted and the change is not a
 * delete.
 *
 * @param {import('../engine.mjs').Engine} engine
 * @param {import('../connections.mjs').Connection} connection
 * @param {{ room: string, id: string, opId: string }} request
 * @param {'edit' | 'delete' | 'react'} kind
 * @returns {Promise<{ done: Ack, target?: undefined } | { done?: undefined, target: Message }>}
 */
export async function findTarget(engine, connection, { room, id, opId }, kind) {
  const { store } = engine;
  const { user } = connection;
  const earlier = await store.findMessageByOpId(user.id, opId);
  if (earlier) return { done: ok({ message: earlier }) };

  const refusal = await engine.admitToRoom(user, room, kind);
  if (refusal) return { done: refusal };
  if (!connection.rooms.has(room)) return { done: notMember() };
  const target = await store.getMessage(room, id);
  if (!target) return { done: failure('message_not_found', 'no such message in this room') };
  if (target.deleted && kind !== 'delete') return { done: failure('gone', 'the message was deleted') };
  return { target };
}

/**
 * The ack of a change the store applied; the room hears of it only when the
 * version moved (a no-op or a repeat is not news).
 * @param {import('../engine.mjs').Engine} engine
 * @param {import('../store.mjs').ChangeResult} result
 * @returns {Ack}
 */
export function publishChange(engine, { message, changed }) {
  if (changed) engine.broadcast.toRoom(message.room, 'message_updated', message);
  return ok({ message });
}
