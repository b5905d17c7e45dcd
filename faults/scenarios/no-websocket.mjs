// "No WebSocket": the clients sit behind proxies that break WebSockets, the
// two ways socket.io issues 1277 and 2751 describe. Ada and Grace's proxy
// answers every upgrade with 403 and passes plain HTTP; Linus's answers it
// with 101 itself and then passes nothing (the socket seems open, and hangs).
// All three must fall back to long-polling by themselves and chat together;
// then the proxies are fixed, and on their next connection the clients move
// to a WebSocket and carry on, nothing lost or doubled. The transport each
// client reports (its connection snapshot) must agree with what its proxy saw.
//
// Needs HTTP long-polling in the package and the server (issue 16, item 3);
// until both have it, packageLacks() or cannotRun() says so and the runner
// reports a skip with that reason.
import { FAULTS, startFaultProxy } from '../lib/fault-proxy.mjs';
import { openChatUser } from '../lib/chat-user.mjs';
import { waitForConvergence } from '../lib/convergence.mjs';
import { errorCodes, reconnects, seconds } from '../lib/figures.mjs';
import { packageHasPolling } from '../lib/package-features.mjs';
import { sendPaced } from '../lib/senders.mjs';
import { waitFor } from '../../testkit/waits.mjs';

/** Who sits behind which proxy. */
const BEHIND_REFUSING = ['Ada', 'Grace'];
const BEHIND_HANGING = ['Linus'];
const MESSAGES_PER_PHASE = 20;
const SEND_INTERVAL_MS = 250;
/** Falling back waits for the WebSocket to fail, or (hanging) for its handshake timeout. */
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
    const refusing = await startFaultProxy({ target: target.entry, faults: FAULTS.noWebSocket });
    scope.defer(() => refusing.close());
    const hanging = await startFaultProxy({ target: target.entry, faults: FAULTS.hangingWebSocket });
    scope.defer(() => hanging.close());
    const proxies = [refusing, hanging];

    // The default transports: WebSocket first, long-polling when it fails or stays silent.
    const connectStarted = performance.now();
    const users = await Promise.all([
      ...BEHIND_REFUSING.map((name) => openChatUser(scope, { target, url: refusing.url, name, roomId, connectTimeoutMs: CONNECT_TIMEOUT_MS })),
      ...BEHIND_HANGING.map((name) => openChatUser(scope, { target, url: hanging.url, name, roomId, connectTimeoutMs: CONNECT_TIMEOUT_MS })),
    ]);
    const fallbackMs = performance.now() - connectStarted;
    if (refusing.stats.refusedUpgrades < BEHIND_REFUSING.length || hanging.stats.hungUpgrades < BEHIND_HANGING.length) {
      throw new Error('not every client tried a WebSocket first: the default must be WebSocket, then polling');
    }
    // What each client says it runs on, and what the proxies see: they must agree.
    if (!users.every((user) => transportOf(user) === 'polling') || proxies.some((proxy) => proxy.stats.pollingRequests === 0 || proxy.openWebSockets > 0)) {
      throw new Error(
        `the clients are connected, but not all over polling: ${users.map((user) => `${user.name} on ${transportOf(user)}`).join(', ')}; ` +
          `polling requests seen ${proxies.map((proxy) => proxy.stats.pollingRequests).join(' and ')}, ` +
          `WebSockets open ${proxies.map((proxy) => proxy.openWebSockets).join(' and ')}`,
      );
    }
    /** @type {import('../lib/senders.mjs').SendLog} */
    const sent = new Map();
    await sendPaced(scope, users, roomId, { count: MESSAGES_PER_PHASE, intervalMs: SEND_INTERVAL_MS, sent });
    const overPolling = await waitForConvergence({ target, users, roomId, sent, timeoutMs: CONVERGE_TIMEOUT_MS });
    const pollingRequests = refusing.stats.pollingRequests + hanging.stats.pollingRequests;

    // The proxies are fixed. A client probes the upgrade once per connection (as Socket.IO does),
    // so the connections are cut to make them connect again: over a WebSocket straight away, or
    // over polling and then the upgrade, whichever the client tries first; either way it ends on one.
    const fixedAt = performance.now();
    for (const proxy of proxies) {
      proxy.set(FAULTS.none);
      proxy.cutAll();
    }
    await waitFor(
      () =>
        refusing.openWebSockets >= BEHIND_REFUSING.length &&
        hanging.openWebSockets >= BEHIND_HANGING.length &&
        users.every((user) => user.client.state === 'connected' && transportOf(user) === 'websocket'),
      { timeout: UPGRADE_TIMEOUT_MS, message: `all ${users.length} clients on WebSocket once the proxies let upgrades through` },
    );
    const upgradeMs = performance.now() - fixedAt;
    await sendPaced(scope, users, roomId, {
      count: MESSAGES_PER_PHASE,
      intervalMs: SEND_INTERVAL_MS,
      sent,
      text: (name, index) => `${name} over WebSocket #${index}`,
    });
    const overWebSocket = await waitForConvergence({ target, users, roomId, sent, timeoutMs: CONVERGE_TIMEOUT_MS });

    log(`no-websocket, ${target.name}: ${BEHIND_REFUSING.join(' and ')} behind a proxy that refuses WebSocket upgrades (403), ${BEHIND_HANGING.join(' and ')} behind one where they hang (101, then silence)`);
    log(`  all on polling after ${seconds(fallbackMs)}: ${refusing.stats.refusedUpgrades} upgrades refused, ${hanging.stats.hungUpgrades} hung; ${pollingRequests} polling requests`);
    log(`  ${MESSAGES_PER_PHASE} messages each over polling: converged ${seconds(overPolling.ms)} after the last send`);
    log(`  proxies fixed: all on WebSocket ${seconds(upgradeMs)} later (${refusing.stats.upgradesPassed + hanging.stats.upgradesPassed} upgrades let through)`);
    log(`  ${MESSAGES_PER_PHASE} more each over WebSocket: converged ${seconds(overWebSocket.ms)}; ${overWebSocket.stored.length} stored once, shown once`);
    log(`  reconnects: ${reconnects(users)}; error events: ${errorCodes(users)}`);
  },
};

/** The transport `user`'s client says it is on (ConnectionSnapshot.transport, with polling). */
function transportOf(user) {
  return user.client.getConnection().transport ?? 'unknown';
}
