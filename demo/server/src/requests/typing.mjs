// `typing {room, state}`, sent without ack id: relayed to the other
// connections in the room with `ttlMs` (docs/protocol.md, "typing" and
// "Typing"). Never answered; an invalid one is dropped silently.

import { TYPING_TTL_MS } from '../limits.mjs';
import { parseTyping } from '../validation.mjs';

/**
 * A flood (over the connection's typing rate) is dropped, and one
 * `error {rate_limited}` push per flood says so: sending one per dropped
 * event would answer a flood with a flood.
 *
 * @param {import('../engine.mjs').Engine} engine
 * @param {import('../connections.mjs').Connection} connection
 * @param {unknown} payload
 */
export function handleTyping(engine, connection, payload) {
  // Handled after the room's earlier events: the connection may have closed
  // since, and its `stop` went out then.
  if (!connection.socket.connected) return;
  if (!connection.typingBucket.take()) {
    if (!connection.typingFloodReported) {
      connection.typingFloodReported = true;
      connection.socket.emit('error', { code: 'rate_limited', message: 'too many typing events' });
    }
    return;
  }
  connection.typingFloodReported = false;

  const { request, failure } = parseTyping(payload);
  if (failure || !connection.rooms.has(request.room)) return;
  const { room, state } = request;

  if (state === 'start') connection.typingSince.set(room, engine.now());
  else connection.typingSince.delete(room);
  engine.broadcast.toRoomExceptConnection(connection.socket, room, 'typing', {
    room,
    user: connection.user,
    state,
    ttlMs: TYPING_TTL_MS,
  });
}
