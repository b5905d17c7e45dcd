// "Slow": 200 ms of latency and 64 kB/s each way on every connection. Two
// users type a few messages keystroke by keystroke while a third sends a
// stream of long ones, which fills everyone's line down. Nothing may be lost
// or doubled, and typing must stay debounced: the server hears a start and a
// stop per burst of keystrokes, not one event per key, however slow the line.
// (A user's own send ends their typing, so the one who streams does not type.)
import { FAULTS, startFaultProxy } from '../lib/fault-proxy.mjs';
import { openChatUser } from '../lib/chat-user.mjs';
import { waitForConvergence } from '../lib/convergence.mjs';
import { errorCodes, kilobytes, reconnects, seconds } from '../lib/figures.mjs';
import { messageText, sendAndRecord, sendPaced } from '../lib/senders.mjs';
import { observeTyping } from '../lib/typing-observer.mjs';
import { sleep, waitFor } from '../../testkit/waits.mjs';

const TYPISTS = ['Ada', 'Grace'];
const STREAMER = 'Linus';
/** Bursts of typing per user, each ending with its message sent. */
const BURSTS = 3;
const KEYSTROKES_PER_BURST = 20;
const KEYSTROKE_MS = 100;
/** The client's default re-announce period while typing (TypingOptions.refreshMs). */
const TYPING_REFRESH_MS = 3000;
/** Meanwhile, long messages to load the lines: 30 of about 3.6 kB, 4 a second (under the send limit). */
const BULK_MESSAGES = 30;
const BULK_INTERVAL_MS = 250;
const CONVERGE_TIMEOUT_MS = 45_000;
/** After everything arrived, how long an extra typing event (which must not come) is given. */
const TYPING_SETTLE_MS = 1000;

/** @type {import('./scenario.mjs').Scenario} */
export const slow = {
  name: 'slow',
  timeoutMs: 120_000,
  packageLacks: () => null,
  cannotRun: async () => null,

  async run({ scope, target, log }) {
    const roomId = target.rooms[1];
    const proxy = await startFaultProxy({ target: target.entry, faults: FAULTS.slow });
    scope.defer(() => proxy.close());
    const observer = await observeTyping(scope, target, roomId);
    const users = [];
    const connectStarted = performance.now();
    for (const name of [...TYPISTS, STREAMER]) users.push(await openChatUser(scope, { target, url: proxy.url, name, roomId }));
    const connectMs = (performance.now() - connectStarted) / users.length;
    const typists = users.slice(0, TYPISTS.length);
    const streamer = users[TYPISTS.length];

    const started = performance.now();
    const bulkText = (name, index) => `${messageText(name, index)} ${'long line of text '.repeat(200)}`;
    /** @type {import('../lib/senders.mjs').SendLog} */
    const sent = new Map();
    await Promise.all([
      sendPaced(scope, [streamer], roomId, { count: BULK_MESSAGES, intervalMs: BULK_INTERVAL_MS, text: bulkText, sent }),
      ...typists.map((user) => typeAndSend(scope, user, roomId, sent)),
    ]);
    const sendingMs = performance.now() - started;
    const { ms, stored } = await waitForConvergence({ target, users, roomId, sent, timeoutMs: CONVERGE_TIMEOUT_MS });

    // Every burst's start and stop (the stop goes with its message) reached the server, which
    // relayed them to the observer; then room for any extra event, which must not come.
    for (const user of typists) {
      await waitFor(() => observer.count(user.user.id, 'start') >= BURSTS && observer.count(user.user.id, 'stop') >= BURSTS, {
        timeout: 10_000,
        message: `the server relayed a typing start and stop for each of ${user.name}'s ${BURSTS} bursts`,
      });
    }
    await sleep(TYPING_SETTLE_MS);
    const burstMs = KEYSTROKES_PER_BURST * KEYSTROKE_MS;
    const allowedPerBurst = 1 + Math.floor(burstMs / TYPING_REFRESH_MS) + 1;
    const typingLines = [];
    for (const user of typists) {
      const heard = observer.count(user.user.id);
      typingLines.push(`${user.name} ${BURSTS * KEYSTROKES_PER_BURST} keystrokes → ${user.counts.typingFramesSent} frames sent, ${heard} relayed by the server`);
      if (heard > BURSTS * allowedPerBurst) {
        throw new Error(`${user.name}'s typing is not debounced: the server heard ${heard} typing events for ${BURSTS} bursts of ${KEYSTROKES_PER_BURST} keystrokes (at most ${allowedPerBurst} per burst allowed)`);
      }
    }

    const { stats } = proxy;
    log(`slow, ${target.name}: ${FAULTS.slow.latencyMs} ms latency, ${kilobytes(FAULTS.slow.bytesPerSecond)}/s each way; ${TYPISTS.join(' and ')} type, ${STREAMER} sends ${BULK_MESSAGES} long messages`);
    log(`  connect and join through the slow line: ${seconds(connectMs)} per user`);
    log(`  through the proxy: ${kilobytes(stats.bytesUp)} up, ${kilobytes(stats.bytesDown)} down, ${stats.connections} connections`);
    log(`  typing: ${typingLines.join('; ')}`);
    log(`  reconnects: ${reconnects(users)}; error events: ${errorCodes(users)}`);
    log(`  sending took ${seconds(sendingMs)}; converged ${seconds(ms)} after the last send; ${stored.length} messages stored once and shown once`);
  },
};

/**
 * Types BURSTS messages, each keystroke by keystroke (room.typing() per key, as an input's change
 * handler calls it), then sends it, recording it in `sent`.
 */
async function typeAndSend(scope, user, roomId, sent) {
  const room = user.room(roomId);
  for (let burst = 0; burst < BURSTS && !scope.closed; burst += 1) {
    for (let key = 0; key < KEYSTROKES_PER_BURST; key += 1) {
      room.typing();
      await sleep(KEYSTROKE_MS);
    }
    sendAndRecord(user, roomId, `${user.name} typed message ${burst + 1} of ${BURSTS}`, sent);
  }
}
