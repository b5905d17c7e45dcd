// Two server nodes on one PostgreSQL database, as two stores with a pool each,
// racing: the same sends on both at once, the same clientId in two rooms at
// once, the same change on both at once. The database alone must keep every
// message stored once, every seq handed out once and without gaps, and every
// change applied once.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { openPostgresStore } from '../src/postgres-store.mjs';
import { startPrivatePostgres } from './support/private-postgres.mjs';

/** @type {import('./support/private-postgres.mjs').PrivatePostgres} */
let postgres;
/** @type {import('../src/postgres-store.mjs').PostgresStore[]} */
const opened = [];

before(async () => {
  postgres = await startPrivatePostgres();
});
after(async () => {
  await Promise.all(opened.map((store) => store.close()));
  await postgres?.destroy();
});

/**
 * Two stores on one new database, opened at once (so their migrations race
 * too). Each test starts hundreds of transactions at once on pools of ten
 * connections: on a busy machine a turn at the pool takes longer than a
 * server would wait, and this is about races, not about load.
 */
const twoNodes = async () => {
  const url = await postgres.createDatabase();
  const options = { connectTimeoutMs: 120_000 };
  const nodes = await Promise.all([openPostgresStore(url, options), openPostgresStore(url, options)]);
  opened.push(...nodes);
  return nodes;
};

const USERS = [
  { id: 'u1', name: 'Ada' },
  { id: 'u2', name: 'Grace' },
  { id: 'u3', name: 'Linus' },
];

/** The seqs 1..n. @param {number} n */
const oneTo = (n) => Array.from({ length: n }, (_, i) => i + 1);

it('the same sends on two nodes at once: each stored once, seqs 1..n without gaps', async () => {
  const [a, b] = await twoNodes();
  await a.createRoom('race', 1);
  const sends = 150;
  const unkeyed = 30; // system messages without clientId: they only race for seqs
  const attempts = [];
  for (let i = 0; i < sends; i++) {
    const send = { room: 'race', clientId: `c${i}`, author: USERS[i % USERS.length], text: `message ${i}`, createdAt: i };
    // Both nodes get the send (a client retrying through the other node), in either order.
    attempts.push(Promise.all(i % 2 === 0 ? [a.insertMessage(send), b.insertMessage(send)] : [b.insertMessage(send), a.insertMessage(send)]));
  }
  for (let i = 0; i < unkeyed; i++) {
    const node = i % 2 === 0 ? a : b;
    attempts.push(node.insertMessage({ room: 'race', clientId: null, author: USERS[0], text: `system ${i}`, createdAt: i }).then((result) => [result]));
  }
  const results = await Promise.all(attempts);

  for (const pair of results.slice(0, sends)) {
    assert.equal(pair.filter((result) => result.inserted).length, 1, 'one node inserted, the other found it');
    assert.deepEqual(pair[0].message, pair[1].message, 'both answer with the same message');
  }
  const stored = await a.messagesAfter('race', 0, 1000);
  assert.equal(stored.length, sends + unkeyed);
  assert.deepEqual(stored.map((m) => m.seq), oneTo(sends + unkeyed));
  assert.deepEqual([...stored.map((m) => m.rev)].sort((x, y) => x - y), oneTo(sends + unkeyed), 'revs too');
  assert.equal(new Set(stored.filter((m) => m.clientId !== null).map((m) => `${m.author.id}/${m.clientId}`)).size, sends);
  assert.equal(await b.lastSeq('race'), sends + unkeyed);
  assert.equal(await b.roomRev('race'), sends + unkeyed);
});

it('one clientId sent to two rooms through two nodes at once: stored once, no seq used by the other', async () => {
  const [a, b] = await twoNodes();
  await a.createRoom('x', 1);
  await a.createRoom('y', 1);
  const count = 60;
  const results = await Promise.all(
    Array.from({ length: count }, (_, i) => {
      const send = (room) => ({ room, clientId: `d${i}`, author: USERS[0], text: `to ${room}`, createdAt: i });
      return Promise.all([a.insertMessage(send('x')), b.insertMessage(send('y'))]);
    }),
  );
  for (const [inX, inY] of results) {
    assert.equal(Number(inX.inserted) + Number(inY.inserted), 1);
    assert.deepEqual(inX.message, inY.message);
  }
  const [x, y] = [await a.messagesAfter('x', 0, 1000), await a.messagesAfter('y', 0, 1000)];
  assert.equal(x.length + y.length, count);
  assert.deepEqual(x.map((m) => m.seq), oneTo(x.length), 'no gap in x');
  assert.deepEqual(y.map((m) => m.seq), oneTo(y.length), 'no gap in y');
  assert.equal(await a.lastSeq('x'), x.length);
  assert.equal(await a.lastSeq('y'), y.length);
});

it('the same change on two nodes at once is applied once; different changes each get their own version and rev', async () => {
  const [a, b] = await twoNodes();
  await a.createRoom('r', 1);
  const { message } = await a.insertMessage({ room: 'r', clientId: 'm', author: USERS[0], text: 'hello', createdAt: 1 });
  const count = 40;
  // Each user's reaction change, sent to both nodes with the same opId.
  const results = await Promise.all(
    Array.from({ length: count }, (_, i) => {
      const change = { room: 'r', id: message.id, userId: `user${i}`, opId: `op${i}`, emoji: i % 2 === 0 ? '👍' : '🎉', on: true };
      return Promise.all([a.setReaction(change), b.setReaction(change)]);
    }),
  );
  for (const pair of results) assert.equal(pair.filter((result) => result.changed).length, 1, 'applied on one node only');
  const now = await b.getMessage('r', message.id);
  assert.equal(now.version, 1 + count, 'one version per change');
  assert.equal(now.rev, 1 + count);
  assert.equal(await a.roomRev('r'), 1 + count);
  assert.deepEqual(now.reactions.map((r) => [r.emoji, r.users.length]), [['👍', count / 2], ['🎉', count / 2]]);
  const versions = results.map((pair) => pair.find((result) => result.changed).message.version).sort((x, y) => x - y);
  assert.deepEqual(versions, oneTo(count).map((v) => v + 1), 'every change saw its own version');
});

it('members, read cursors and users stay single when two nodes write them at once', async () => {
  const [a, b] = await twoNodes();
  await a.createRoom('r', 1);
  for (let i = 0; i < 5; i++) await a.insertMessage({ room: 'r', clientId: null, author: USERS[0], text: `m${i}`, createdAt: i });
  const joins = await Promise.all([a.addMember('r', USERS[1]), b.addMember('r', USERS[1])]);
  assert.deepEqual(joins.filter(Boolean), [true], 'one node made the member new');
  const cursors = await Promise.all([a.advanceReadCursor('r', 'u2', 3), b.advanceReadCursor('r', 'u2', 3)]);
  assert.equal(cursors.filter((cursor) => cursor.moved).length, 1);
  assert.deepEqual(cursors.map((cursor) => cursor.readSeq), [3, 3]);
  const users = await Promise.all([a.userNamed('Margaret'), b.userNamed('margaret')]);
  assert.equal(users[0].id, users[1].id, 'one user for one name');
});
