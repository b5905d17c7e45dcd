// The end state every fault scenario demands: every message the users sent
// is stored exactly once, with its text as sent, each sender's in the order
// they were sent; and every client shows exactly the stored history, each
// message once, confirmed, in the stored order.
import { waitFor } from '../../testkit/waits.mjs';

/** How many problems a failure message lists before "and N more". */
const LISTED = 8;

/**
 * What is wrong with the store, [] when nothing.
 * @param {import('./targets/target.mjs').StoredMessage[]} stored  by seq
 * @param {Map<string, string[]>} sent  per author id, the texts in the order they were sent
 * @returns {string[]}
 */
export function storeProblems(stored, sent) {
  const problems = [];
  const copies = new Map();
  for (const message of stored) copies.set(message.text, (copies.get(message.text) ?? 0) + 1);
  for (const [authorId, texts] of sent) {
    for (const text of texts) {
      const count = copies.get(text) ?? 0;
      if (count !== 1) problems.push(`${JSON.stringify(text)} stored ${count} times`);
    }
    const order = stored.filter((message) => message.authorId === authorId).map((message) => message.text);
    const firstOutOfOrder = order.findIndex((text, index) => text !== texts[index]);
    if (problems.length === 0 && firstOutOfOrder !== -1) {
      problems.push(`${authorId}'s messages are stored out of the order sent from #${firstOutOfOrder}: ${JSON.stringify(order[firstOutOfOrder])}`);
    }
  }
  const expected = new Set([...sent.values()].flat());
  for (const message of stored) {
    if (!expected.has(message.text)) problems.push(`stored but never sent: ${JSON.stringify(message.text)}`);
  }
  return problems;
}

/**
 * What is wrong with what `user` shows in `roomId`, compared with the stored history.
 * @param {import('./chat-user.mjs').ChatUser} user
 * @param {string} roomId
 * @param {import('./targets/target.mjs').StoredMessage[]} stored
 * @returns {string[]}
 */
export function shownProblems(user, roomId, stored) {
  const shown = user.room(roomId).getSnapshot().messages;
  const problems = [];
  const unconfirmed = shown.filter((message) => message.status !== 'sent');
  if (unconfirmed.length > 0) {
    const statuses = countBy(unconfirmed.map((message) => message.status));
    problems.push(`${user.name} shows ${unconfirmed.length} unconfirmed (${statuses}), e.g. ${JSON.stringify(unconfirmed[0].text)}`);
  }
  if (shown.length !== stored.length) problems.push(`${user.name} shows ${shown.length} messages, the store has ${stored.length}`);
  const mismatch = stored.findIndex((message, index) => shown[index]?.text !== message.text || shown[index]?.seq !== message.seq);
  if (mismatch !== -1) {
    const at = shown[mismatch];
    problems.push(
      `${user.name}'s message #${mismatch} is ${at ? `${JSON.stringify(at.text)} (seq ${at.seq})` : 'missing'}, ` +
        `the store's is ${JSON.stringify(stored[mismatch].text)} (seq ${stored[mismatch].seq})`,
    );
  }
  return problems;
}

/**
 * Waits until the store and every user agree (see above) and resolves with how long that took;
 * rejects after `timeoutMs` with what was still wrong.
 * @param {{ target: import('./targets/target.mjs').Target, users: import('./chat-user.mjs').ChatUser[],
 *   roomId: string, sent: Map<string, string[]>, timeoutMs: number }} options
 * @returns {Promise<{ ms: number, stored: import('./targets/target.mjs').StoredMessage[] }>}
 */
export async function waitForConvergence({ target, users, roomId, sent, timeoutMs }) {
  const started = performance.now();
  /** @type {string[]} */
  let problems = [];
  /** @type {import('./targets/target.mjs').StoredMessage[]} */
  let stored = [];
  try {
    await waitFor(
      async () => {
        stored = await target.storedMessages(roomId);
        problems = storeProblems(stored, sent);
        if (problems.length === 0) problems = users.flatMap((user) => shownProblems(user, roomId, stored));
        return problems.length === 0;
      },
      { timeout: timeoutMs, interval: 200, message: 'every message stored once and shown once, in order, on every client' },
    );
  } catch (error) {
    const listed = problems.slice(0, LISTED).map((problem) => `  - ${problem}`);
    if (problems.length > LISTED) listed.push(`  - and ${problems.length - LISTED} more`);
    throw new Error(`${/** @type {Error} */ (error).message}; still wrong:\n${listed.join('\n')}`);
  }
  return { ms: performance.now() - started, stored };
}

/** "pending 3, failed 1" */
function countBy(values) {
  const counts = new Map();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, count]) => `${value} ${count}`).join(', ');
}
