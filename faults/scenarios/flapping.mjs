// "Flapping": the proxy cuts every connection a random 1–4 s after it opens,
// while three users send 150 messages each, and the server (or one node of
// the cluster) is killed with SIGKILL and started again twice. At the end,
// every message is stored once and shown once, in order, as sent, on every
// client.
import { FAULTS, startFaultProxy } from '../lib/fault-proxy.mjs';
import { openChatUser } from '../lib/chat-user.mjs';
import { waitForConvergence } from '../lib/convergence.mjs';
import { errorCodes, reconnects, seconds } from '../lib/figures.mjs';
import { sendPaced } from '../lib/senders.mjs';
import { sleep } from '../../testkit/waits.mjs';

const USERS = ['Ada', 'Grace', 'Linus'];
const MESSAGES_PER_USER = 150;
/**
 * 4 messages a second per user: under the reference server's default send limit (a burst of 30,
 * then 5 a second per user), which also has to absorb what queues up during an outage.
 */
const SEND_INTERVAL_MS = 250;
const CRASHES = 2;
/** How long the server stays dead each time. */
const DOWN_MS = 1000;
const CONVERGE_TIMEOUT_MS = 60_000;

/** @type {import('./scenario.mjs').Scenario} */
export const flapping = {
  name: 'flapping',
  timeoutMs: 150_000,
  packageLacks: () => null,
  cannotRun: async () => null,

  async run({ scope, target, log }) {
    const roomId = target.rooms[0];
    const proxy = await startFaultProxy({ target: target.entry });
    scope.defer(() => proxy.close());
    // Everyone signs in and joins on a sound line first: the scenario is about surviving faults,
    // not about connecting through them.
    const users = [];
    for (const name of USERS) users.push(await openChatUser(scope, { target, url: proxy.url, name, roomId }));
    proxy.set(FAULTS.flapping);
    log(`flapping, ${target.name}: ${USERS.length} users × ${MESSAGES_PER_USER} messages, connections cut every 1–4 s, ${CRASHES} SIGKILL restarts of ${target.crashWhat}`);

    const sendingMs = MESSAGES_PER_USER * SEND_INTERVAL_MS;
    const started = performance.now();
    const crashes = (async () => {
      for (let crash = 1; crash <= CRASHES && !scope.closed; crash += 1) {
        await sleep(sendingMs / (CRASHES + 1));
        if (scope.closed) return;
        const at = seconds(performance.now() - started);
        const { victim, connections } = await target.crash({ downMs: DOWN_MS });
        const open = connections === null ? 'client connections unknown' : `${connections} client connection${connections === 1 ? '' : 's'} on it`;
        log(`  ${at}: SIGKILL of ${victim} (${crash} of ${CRASHES}), ${open}; back after ${DOWN_MS} ms`);
      }
    })();
    const [sent] = await Promise.all([sendPaced(scope, users, roomId, { count: MESSAGES_PER_USER, intervalMs: SEND_INTERVAL_MS }), crashes]);
    const sendingDone = performance.now();

    // The cuts go on until everything is through: convergence must happen on the bad network.
    const { ms, stored } = await waitForConvergence({ target, users, roomId, sent, timeoutMs: CONVERGE_TIMEOUT_MS });
    const { stats } = proxy;
    log(`  cuts ${stats.cuts}; connections through the proxy ${stats.connections}, ${stats.upstreamFailures} of them refused (nothing listening behind the proxy)`);
    log(`  reconnects: ${reconnects(users)}`);
    log(`  error events: ${errorCodes(users)}`);
    log(`  sending took ${seconds(sendingDone - started)}; converged ${seconds(ms)} after the last send`);
    log(`  stored ${stored.length} messages, each once; each client shows all ${stored.length}, confirmed, in the stored order`);
  },
};
