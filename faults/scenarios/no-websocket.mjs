// "No WebSocket": the proxy answers every WebSocket upgrade with 403 and
// passes plain HTTP, as the corporate proxies of socket.io issues 1277 and
// 2751 do. The clients must fall back to long-polling by themselves and chat;
// then the proxy is fixed, and on their next connection they move to a
// WebSocket and carry on, nothing lost or doubled. The transport each client
// reports (its connection snapshot) must agree with what the proxy saw.
//
// Needs HTTP long-polling in the package and the reference server (issue 16,
// item 3); until both have it, packageLacks() or cannotRun() says so and the
// runner reports a skip with that reason.
import { FAULTS, startFaultProxy } from '../lib/fault-proxy.mjs';
import { openChatUser } from '../lib/chat-user.mjs';
import { waitForConvergence } from '../lib/convergence.mjs';
import { errorCodes, reconnects, seconds } from '../lib/figures.mjs';
import { packageHasPolling } from '../lib/package-features.mjs';
import { sendPaced } from '../lib/senders.mjs';
import { waitFor } from '../../testkit/waits.mjs';

const USERS = ['Ada', 'Grace', 'Linus'];
const MESSAGES_PER_PHASE = 20;
const SEND_INTERVAL_MS = 250;
/** Falling back takes the failed WebSocket attempt first; generous for a loaded machine. */
const CONNECT_TIMEOUT_MS = 30_000;
const CONVERGE_TIMEOUT_MS = 30_000;
const UPGRADE_TIMEOUT_MS = 30_000;

/** @type {import('./scenario.mjs').Scenario} */
export const noWebSocket = {
  name: 'no-websocket',
  timeoutMs: 120_000,

  packageLacks: () =>
    packageHasPolling() ? null : 'the packed package has no HTTP long-polling (no `transports` option): branch issue16-polling is not merged',

  async cannotRun(target) {
    if (!(await target.speaksPolling())) return `the ${target.name} refuses Engine.IO long-polling (WebSocket only)`;
    return null;
  },

  async run({ scope, target, log }) {
    const roomId = target.rooms[2];
    const proxy = await startFaultProxy({ target: target.entry, faults: FAULTS.noWebSocket });
    scope.defer(() => proxy.close());

    // The default transports: WebSocket first, long-polling when it fails.
    const connectStarted = performance.now();
    const users = await Promise.all(
      USERS.map((name) => openChatUser(scope, { target, url: proxy.url, name, roomId, connectTimeoutMs: CONNECT_TIMEOUT_MS })),
    );
    const fallbackMs = performance.now() - connectStarted;
    if (proxy.stats.refusedUpgrades === 0) throw new Error('no client tried a WebSocket first: the default must be WebSocket, then polling');
    // What each client says it runs on, and what the proxy sees: they must agree.
    if (!users.every((user) => transportOf(user) === 'polling') || proxy.stats.pollingRequests === 0 || proxy.openWebSockets > 0) {
      throw new Error(
        `the clients are connected, but not over polling: ${users.map((user) => `${user.name} on ${transportOf(user)}`).join(', ')}; ` +
          `the proxy saw ${proxy.stats.pollingRequests} polling requests and has ${proxy.openWebSockets} WebSockets open`,
      );
    }
    /** @type {import('../lib/senders.mjs').SendLog} */
    const sent = new Map();
    await sendPaced(scope, users, roomId, { count: MESSAGES_PER_PHASE, intervalMs: SEND_INTERVAL_MS, sent });
    const overPolling = await waitForConvergence({ target, users, roomId, sent, timeoutMs: CONVERGE_TIMEOUT_MS });
    const pollingRequests = proxy.stats.pollingRequests;

    // The proxy is fixed. A client probes the upgrade once per connection (as Socket.IO does), so
    // the connections are cut to make them connect again: over a WebSocket straight away, or over
    // polling and then the upgrade, whichever the client tries first; either way it ends on one.
    proxy.set(FAULTS.none);
    const fixedAt = performance.now();
    proxy.cutAll();
    await waitFor(() => proxy.openWebSockets >= USERS.length && users.every((user) => user.client.state === 'connected' && transportOf(user) === 'websocket'), {
      timeout: UPGRADE_TIMEOUT_MS,
      message: `all ${USERS.length} clients on WebSocket once the proxy lets upgrades through`,
    });
    const upgradeMs = performance.now() - fixedAt;
    await sendPaced(scope, users, roomId, {
      count: MESSAGES_PER_PHASE,
      intervalMs: SEND_INTERVAL_MS,
      sent,
      text: (name, index) => `${name} over WebSocket #${index}`,
    });
    const overWebSocket = await waitForConvergence({ target, users, roomId, sent, timeoutMs: CONVERGE_TIMEOUT_MS });

    log(`no-websocket, ${target.name}: ${USERS.length} users behind a proxy that refuses WebSocket upgrades`);
    log(`  connected over polling in ${seconds(fallbackMs)} (all three, from the start), ${proxy.stats.refusedUpgrades} upgrades refused, ${pollingRequests} polling requests`);
    log(`  ${MESSAGES_PER_PHASE} messages each over polling: converged ${seconds(overPolling.ms)} after the last send`);
    log(`  proxy fixed: all on WebSocket ${seconds(upgradeMs)} later (${proxy.stats.upgradesPassed} upgrades let through)`);
    log(`  ${MESSAGES_PER_PHASE} more each over WebSocket: converged ${seconds(overWebSocket.ms)}; ${overWebSocket.stored.length} stored once, shown once`);
    log(`  reconnects: ${reconnects(users)}; error events: ${errorCodes(users)}`);
  },
};

/** The transport `user`'s client says it is on (ConnectionSnapshot.transport, with polling). */
function transportOf(user) {
  return user.client.getConnection().transport ?? 'unknown';
}
