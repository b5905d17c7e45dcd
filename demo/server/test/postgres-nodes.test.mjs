// Two protocol servers (two nodes, each with its own pool) on one PostgreSQL
// database, and one user connected to both sending the same messages through
// both at once, as a client does when it retries through another node: each
// message is stored once, both acks carry it, and exactly one node broadcasts
// it (the other finds it already stored). Fan-out between nodes is Redis's
// job (the cluster), not the store's: here each node's room hears only its own.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { openPostgresStore } from '../src/postgres-store.mjs';
import { ADA, GRACE, LINUS, connectAs, join, shutDown, startServer } from './helpers.mjs';
import { startPrivatePostgres } from './support/private-postgres.mjs';

/** @type {import('./support/private-postgres.mjs').PrivatePostgres} */
let postgres;

before(async () => {
  postgres = await startPrivatePostgres();
});
after(async () => {
  await postgres?.destroy();
});

it('the same sends through two nodes at once: stored once, both acks the same, broadcast by one node', async () => {
  const url = await postgres.createDatabase();
  const [storeA, storeB] = await Promise.all([openPostgresStore(url), openPostgresStore(url)]);
  await storeA.createRoom('general', 1);
  const nodeA = await startServer({ store: storeA });
  const nodeB = await startServer({ store: storeB });
  const adaOnA = await connectAs(nodeA, ADA);
  const adaOnB = await connectAs(nodeB, ADA);
  const graceOnA = await connectAs(nodeA, GRACE);
  const linusOnB = await connectAs(nodeB, LINUS);
  try {
    for (const client of [adaOnA, adaOnB, graceOnA, linusOnB]) await join(client, 'general');
    const count = 40;
    const acks = await Promise.all(
      Array.from({ length: count }, (_, i) => {
        const send = { room: 'general', clientId: `c${i}`, text: `message ${i}` };
        return Promise.all([adaOnA.request('send', send), adaOnB.request('send', send)]);
      }),
    );
    for (const [onA, onB] of acks) {
      assert.equal(onA.ok && onB.ok, true, JSON.stringify([onA, onB]));
      assert.deepEqual(onA.message, onB.message);
    }
    const stored = await storeB.messagesAfter('general', 0, 1000);
    assert.deepEqual(stored.map((m) => m.seq), Array.from({ length: count }, (_, i) => i + 1), 'stored once each, no gap');

    // A last message on each node: once its observer has it, it has every earlier push of its node.
    await nodeA.protocol.postMessage({ room: 'general', author: GRACE, text: 'end of A' });
    await nodeB.protocol.postMessage({ room: 'general', author: LINUS, text: 'end of B' });
    await graceOnA.waitFor('message', (m) => m.text === 'end of A');
    await linusOnB.waitFor('message', (m) => m.text === 'end of B');
    const heard = (client) => client.received('message').filter((m) => m.clientId !== null).map((m) => m.clientId);
    const onA = heard(graceOnA);
    const onB = heard(linusOnB);
    assert.equal(onA.length + onB.length, count, `A broadcast ${onA.length}, B ${onB.length}`);
    assert.equal(new Set([...onA, ...onB]).size, count, 'each message by one node');
  } finally {
    await shutDown(nodeA, adaOnA, graceOnA);
    await shutDown(nodeB, adaOnB, linusOnB);
    await Promise.all([storeA.close(), storeB.close()]);
  }
});
