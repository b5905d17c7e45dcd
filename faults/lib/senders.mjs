// Users sending at a steady pace, as people type, whatever the connection is
// doing: a message written while the client is reconnecting waits, pending,
// in its outbox.
import { sleep } from '../../testkit/waits.mjs';

/**
 * The text of `name`'s message number `index`: unique, numbered for failure messages, and not
 * ASCII only, so that a frame cut or joined in the wrong place cannot pass for the text as sent.
 */
export function messageText(name, index) {
  return `${name} #${String(index).padStart(3, '0')}: ça marche — 🚀 ${'·'.repeat(index % 7)}`;
}

/**
 * Every user sends `count` messages into `roomId`, one every `intervalMs`, all users at once.
 * Stops early, without error, when `scope` closes. Resolves with the texts sent per author id.
 * @param {import('./scope.mjs').Scope} scope
 * @param {import('./chat-user.mjs').ChatUser[]} users
 * @param {string} roomId
 * @param {{ count: number, intervalMs: number, text?: (name: string, index: number) => string, sent?: SendLog }} pace
 *   sent: where to record the sends, when others are recorded there too
 * @returns {Promise<SendLog>}
 */
export async function sendPaced(scope, users, roomId, { count, intervalMs, text = messageText, sent = new Map() }) {
  await Promise.all(
    users.map(async (user, userIndex) => {
      // Staggered, so that the three are not in lockstep.
      await sleep((intervalMs * userIndex) / users.length);
      for (let index = 0; index < count && !scope.closed; index += 1) {
        if (index > 0) await sleep(intervalMs);
        sendAndRecord(user, roomId, text(user.name, index), sent);
      }
    }),
  );
  return sent;
}

/** @typedef {Map<string, string[]>} SendLog  per author id, the texts in the order they were sent */

/** Sends `text` as `user` and records it in `sent`. */
export function sendAndRecord(user, roomId, text, sent) {
  user.room(roomId).send(text);
  const texts = sent.get(user.user.id) ?? [];
  texts.push(text);
  sent.set(user.user.id, texts);
}
