// A Redis outage while members are connected (issue 16, "Bad input"): Redis
// carries only the fan-out between nodes, so the nodes stay up, keep
// storing and acknowledging sends, and accept new connections (asking only
// themselves who is online while the other nodes cannot be asked). What they
// broadcast meanwhile waits in the Redis client's queue and goes out when
// Redis is back: nothing is lost, nothing is stored twice.

import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { waitUntil } from '../../cluster/services.mjs';
import { LEDGER_TIMING, ORPHAN_GRACE_MS } from '../../src/cluster-presence.mjs';
import { ChatMember } from './member.mjs';
import { connect, login, startCluster } from './harness.mjs';
import { join } from '../helpers.mjs';

const ROOM = 'random';
/**
 * Longer than the adapter's heartbeat timeout (3 s): the nodes give up on
 * each other, then find each other again. And longer than a dead node's
 * silence plus its users' grace (cluster-presence.mjs): had a node taken the
 * other for dead, it would announce the other's users offline during it.
 */
const OUTAGE_MS = LEDGER_TIMING.silentAfterMs + ORPHAN_GRACE_MS + 2 * LEDGER_TIMING.beatMs;

/** @type {Awaited<ReturnType<typeof startCluster>>} */
let cluster;
before(async () => {
  cluster = await startCluster();
});
after(() => cluster?.stop());

/** Each node's /api/health status and what it says of Redis and the database, by id. */
async function health() {
  const statuses = {};
  for (const node of cluster.nodes) {
    statuses[node.id] = await fetch(`${node.url}/api/health`).then(
      async (response) => {
        const { redis, database } = await response.json();
        return `${response.status} redis ${redis}, database ${database}`;
      },
      () => 'no answer',
    );
  }
  return statuses;
}

it('keeps the nodes up through a Redis outage and delivers what was sent during it once Redis is back', async () => {
  const [n1, n2] = cluster.nodes;
  const [ada, grace, linus] = await Promise.all(['Ada', 'Grace', 'Linus'].map((name) => login(cluster.url, name)));
  const adaMember = new ChatMember({ url: n1.url, token: ada.token, room: ROOM, name: 'Ada' });
  const graceMember = new ChatMember({ url: n2.url, token: grace.token, room: ROOM, name: 'Grace' });
  const members = [adaMember, graceMember];
  let linusClient = null;
  try {
    await waitUntil(async () => members.every((member) => member.joined), 10_000, 'both members joined');

    // Each node tells the others whom it holds once a second: let them hear
    // each other before the outage, so that each has users of the other to
    // (wrongly) give up.
    await new Promise((resolve) => setTimeout(resolve, 2 * LEDGER_TIMING.beatMs));
    const outageStarted = Date.now();
    await cluster.redis.stop();
    for (let i = 0; i < 5; i++) {
      adaMember.send(`ada-out-${i}`, `during the outage ${i}`);
      graceMember.send(`grace-out-${i}`, `during the outage ${i}`);
    }
    // The store is PostgreSQL: sends are stored and acknowledged without Redis.
    await waitUntil(async () => members.every((member) => member.outbox.size === 0), 10_000, 'sends acknowledged during the outage');
    // A new connection is served by its node alone.
    linusClient = await connect(n1.url, linus.token);
    const linusJoin = await join(linusClient, ROOM);
    assert.ok(linusJoin.members.some((member) => member.user.id === linus.user.id && member.online));
    const remaining = OUTAGE_MS - (Date.now() - outageStarted);
    if (remaining > 0) await new Promise((resolve) => setTimeout(resolve, remaining));
    const during = '200 redis down, database up';
    assert.deepEqual(await health(), { [n1.id]: during, [n2.id]: during }, 'both nodes up during the outage, and saying Redis is down');

    await cluster.redis.start();
    const back = Date.now();
    // Fan-out works again, both ways. What a node broadcast during the outage
    // waited in its Redis client's queue; a broadcast cut off as Redis went
    // down is lost between nodes, and the member fills that gap by seq.
    adaMember.send('ada-after', 'after the outage');
    graceMember.send('grace-after', 'after the outage');
    await waitUntil(async () => members.every((member) => member.messages.size >= 12), 15_000, 'every message on both nodes');
    const caughtUp = Date.now();

    const healthy = '200 redis up, database up';
    assert.deepEqual(await health(), { [n1.id]: healthy, [n2.id]: healthy }, 'both nodes up after the outage');
    await linusClient.flush();
    const offline = linusClient.received('presence').filter((presence) => !presence.online).map((presence) => presence.user.name);
    assert.deepEqual(offline, [], 'nobody announced offline: a Redis outage is not a dead node');
    for (const member of members) {
      assert.deepEqual(member.failures, [], member.name);
      const clientIds = [...member.messages.values()].map((message) => message.clientId);
      assert.equal(clientIds.length, 12, `${member.name} holds 12 messages`);
      assert.equal(new Set(clientIds).size, 12, `${member.name}: each stored once`);
    }
    console.log(
      `redis outage: ${Date.now() - outageStarted} ms in all, ${back - outageStarted} ms without Redis; ` +
        `all 12 messages on both nodes ${caughtUp - back} ms after Redis was back, ` +
        `gaps filled by seq: ${members.map((member) => `${member.name} ${member.gapsFilled}`).join(', ')}`,
    );
  } finally {
    for (const member of members) member.close();
    linusClient?.close();
  }
});
