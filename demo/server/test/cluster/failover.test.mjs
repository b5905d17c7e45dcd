// Failover (issue 16): members on both nodes send through HAProxy; one node
// is killed (SIGKILL: no goodbye, no saved session) while they send. Its
// members reconnect through HAProxy to the other node, rejoin and catch up,
// and their unacknowledged sends go again under the same clientId. In the
// end every member holds every message once, and each message is stored
// once.

import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { waitUntil } from '../../cluster/services.mjs';
import { ORPHAN_GRACE_MS } from '../../src/cluster-presence.mjs';
import { join } from '../helpers.mjs';
import { ChatMember } from './member.mjs';
import { connect, login, startCluster } from './harness.mjs';

const ROOM = 'general';
const MEMBERS = ['Ada', 'Grace', 'Linus', 'Barbara'];
const MESSAGES_EACH = 25;
/** Under the send rate limit's refill (5/s), above it in bursts: a member's 25 fit its burst of 30. */
const SEND_EVERY_MS = 120;

/** @type {Awaited<ReturnType<typeof startCluster>>} */
let cluster;
before(async () => {
  cluster = await startCluster();
});
after(() => cluster?.stop());

/** How many Socket.IO connections each node has open. */
async function connectionsPerNode() {
  const counts = {};
  for (const node of cluster.nodes) {
    const health = await fetch(`${node.url}/api/health`).then((response) => response.json(), () => null);
    counts[node.id] = health?.connections ?? null;
  }
  return counts;
}

/**
 * Every message of the room, as stored, read through the protocol by a
 * member of its own.
 * @param {string} token
 */
async function storedMessages(token) {
  const reader = new ChatMember({ url: cluster.url, token, room: ROOM, name: 'reader' });
  try {
    await waitUntil(async () => reader.joined, 10_000, 'the reader joined');
    return [...reader.messages.values()];
  } finally {
    reader.close();
  }
}

it('loses and doubles nothing when a node is killed while its members send', async () => {
  const sessions = await Promise.all(MEMBERS.map((name) => login(cluster.url, name)));
  const members = sessions.map(({ token }, i) => new ChatMember({ url: cluster.url, token, room: ROOM, name: MEMBERS[i] }));
  try {
    await waitUntil(async () => members.every((member) => member.joined), 10_000, 'every member joined');
    const before = await connectionsPerNode();
    assert.ok(Object.values(before).every((count) => count >= 1), `HAProxy spread the members: ${JSON.stringify(before)}`);

    const started = Date.now();
    let killedAt = null;
    const victim = cluster.nodes[0];
    for (let i = 0; i < MESSAGES_EACH; i++) {
      members.forEach((member) => member.send(`${member.name}-${i}`, `${member.name} says ${i}`));
      if (i === Math.floor(MESSAGES_EACH / 3)) {
        await victim.kill();
        killedAt = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, SEND_EVERY_MS));
    }

    const total = MEMBERS.length * MESSAGES_EACH;
    await waitUntil(
      async () => members.every((member) => member.outbox.size === 0 && member.messages.size >= total),
      30_000,
      'every send acknowledged and every message held by every member',
    );
    const converged = Date.now();

    const after = await connectionsPerNode();
    assert.equal(after[victim.id], null, 'the killed node is gone');
    assert.equal(after[cluster.nodes[1].id], MEMBERS.length, 'every member is on the surviving node');
    for (const member of members) assert.deepEqual(member.failures, [], member.name);

    const stored = await storedMessages(sessions[0].token);
    const clientIds = stored.map((message) => `${message.author.name}:${message.clientId}`);
    assert.equal(stored.length, total, 'each message stored once: no more, no fewer');
    assert.equal(new Set(clientIds).size, total, 'no clientId stored twice');
    const seqs = stored.map((message) => message.seq).sort((a, b) => a - b);
    assert.deepEqual(seqs, Array.from({ length: total }, (_, i) => i + 1), 'seqs without gaps');

    for (const member of members) {
      assert.deepEqual([...member.messages.keys()].sort((a, b) => a - b), seqs, `${member.name} holds every message once`);
      for (const [clientId, seq] of member.acked) assert.equal(member.messages.get(seq).clientId, clientId);
    }

    const reconnected = members.filter((member) => member.connects > 1).map((member) => member.name);
    console.log(
      `failover: ${total} messages from ${MEMBERS.length} members; node ${victim.id} killed ${killedAt - started} ms in; ` +
        `${reconnected.length} members reconnected (${reconnected.join(', ')}); converged ${converged - killedAt} ms after the kill; ` +
        `connections before ${JSON.stringify(before)}, after ${JSON.stringify(after)}; ` +
        `gaps filled by seq: ${members.reduce((sum, member) => sum + member.gapsFilled, 0)}`,
    );
    assert.ok(reconnected.length >= 1, 'the killed node had members, and they came back');
  } finally {
    for (const member of members) member.close();
  }
});

it('announces offline the users of a killed node who do not come back, and only them', async () => {
  const [victim, survivor] = cluster.nodes;
  await victim.start(); // the test above killed it
  const [observer, ghost, returner] = await Promise.all(['Edsger', 'Frances', 'Alan'].map((name) => login(cluster.url, name)));
  const observerClient = await connect(survivor.url, observer.token);
  const ghostClient = await connect(victim.url, ghost.token);
  let returnerClient = await connect(victim.url, returner.token);
  try {
    await join(observerClient, ROOM);
    await join(ghostClient, ROOM);
    await join(returnerClient, ROOM);
    // The victim beats once a second: let the survivor hear whom it holds.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    await victim.kill();
    const killedAt = Date.now();
    // Alan's client reconnects to the survivor, as it would through HAProxy; Frances's tab is gone.
    returnerClient.close();
    returnerClient = await connect(survivor.url, returner.token);
    await join(returnerClient, ROOM);

    // Only these three: the members of the test above may still be settled as the killed node's users.
    const ours = new Set([ghost.user.id, returner.user.id, observer.user.id]);
    const offline = () => observerClient.received('presence').filter((presence) => !presence.online && ours.has(presence.user.id));
    await waitUntil(async () => offline().length > 0, 20_000, 'an offline announcement for a user of the killed node');
    const announcedAfter = Date.now() - killedAt;
    assert.ok(announcedAfter >= ORPHAN_GRACE_MS, `not before the grace given to reconnect (${announcedAfter} ms)`);
    await observerClient.flush();
    assert.deepEqual(offline(), [{ user: ghost.user, online: false }], 'Frances, once; not Alan, who came back');
    const members = await observerClient.request('members', { room: ROOM });
    const online = (id) => members.members.find((member) => member.user.id === id)?.online;
    assert.equal(online(ghost.user.id), false);
    assert.equal(online(returner.user.id), true);
    console.log(`presence after a crash: ${ghost.user.name} announced offline ${announcedAfter} ms after the kill`);
  } finally {
    observerClient.close();
    ghostClient.close();
    returnerClient.close();
  }
});
