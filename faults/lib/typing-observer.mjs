// Counts the typing events the server relays, as a plain socket.io-client
// member of the room connected straight to the target (not through the
// proxy). The server relays every `typing` it accepts to the room's other
// connections (docs/protocol.md, "typing"), so what this hears from a user is
// what the server received from them: the figure a debounce must keep low.
import { io } from 'socket.io-client';
import { waitFor } from '../../testkit/waits.mjs';

const TIMEOUT_MS = 10_000;

/**
 * Joins `roomId` on `target` as "Typing observer"; closed with `scope`.
 * @param {import('./scope.mjs').Scope} scope
 * @param {import('./targets/target.mjs').Target} target
 * @param {string} roomId
 * @returns {Promise<{ count: (userId: string, state?: 'start' | 'stop') => number }>}
 */
export async function observeTyping(scope, target, roomId) {
  const { token } = await target.signIn('Typing observer');
  const socket = io(target.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  scope.defer(() => socket.disconnect());
  /** @type {{ userId: string, state: string }[]} */
  const heard = [];
  socket.on('typing', (push) => {
    if (push?.room === roomId) heard.push({ userId: push.user?.id, state: push.state });
  });
  await waitFor(() => socket.connected, { timeout: TIMEOUT_MS, message: 'the typing observer connected' });
  const ack = await socket.timeout(TIMEOUT_MS).emitWithAck('join', { room: roomId });
  if (!ack?.ok) throw new Error(`the typing observer could not join ${roomId}: ${JSON.stringify(ack?.error)}`);
  return {
    count: (userId, state) => heard.filter((event) => event.userId === userId && (!state || event.state === state)).length,
  };
}
