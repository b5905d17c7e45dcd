// A PostgreSQL outage while clients are connected (issue 16, "Bad input"):
// requests are answered `unavailable` (retry later), the server stays up, and
// once the database is back the same requests succeed, stored once. Also the
// HTTP login, which answers 503 `unavailable` meanwhile.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { openPostgresStore } from '../src/postgres-store.mjs';
import { startReferenceServer } from '../src/reference-server.mjs';
import { ADA, GRACE, connectAs, errorCode, join, shutDown, startServer } from './helpers.mjs';
import { startPrivatePostgres } from './support/private-postgres.mjs';

/** @type {import('./support/private-postgres.mjs').PrivatePostgres} */
let postgres;

before(async () => {
  postgres = await startPrivatePostgres();
});
after(async () => {
  await postgres?.destroy();
});

it('while the database is down requests answer unavailable; once it is back the retries succeed, stored once', async () => {
  const store = await openPostgresStore(await postgres.createDatabase());
  await store.createRoom('general', 1);
  /** @type {string[]} */
  const failures = [];
  const server = await startServer({ store, onError: (error, context) => failures.push(`${context}: ${error?.message}`) });
  const ada = await connectAs(server, ADA);
  const grace = await connectAs(server, GRACE);
  try {
    await join(ada, 'general');
    await join(grace, 'general');
    const send = (clientId) => ada.request('send', { room: 'general', clientId, text: `text of ${clientId}` });
    assert.equal((await send('before')).message.seq, 1);

    await postgres.stop();
    const during = await send('during');
    assert.equal(errorCode(during), 'unavailable', JSON.stringify(during));
    assert.equal(errorCode(await ada.request('history', { room: 'general' })), 'unavailable');
    assert.equal(errorCode(await grace.request('read', { room: 'general', seq: 1 })), 'unavailable');
    assert.ok(failures.length >= 3 && failures.every((failure) => /unavailable/.test(failure)), failures.join('\n'));
    // The connections outlived the outage: the server did not fall over.
    assert.equal(ada.socket.connected && grace.socket.connected, true);

    await postgres.start();
    const retried = await send('during');
    assert.equal(retried.ok, true, JSON.stringify(retried));
    assert.equal(retried.message.seq, 2);
    assert.equal((await send('during')).message.id, retried.message.id, 'a second retry finds the same message');
    assert.equal((await send('after')).message.seq, 3);
    assert.deepEqual((await store.messagesAfter('general', 0, 10)).map((m) => m.clientId), ['before', 'during', 'after']);
    assert.equal((await grace.request('read', { room: 'general', seq: 3 })).readSeq, 3);
  } finally {
    await shutDown(server, ada, grace);
    await store.close();
  }
});

it('a database that hangs instead of refusing: requests time out as unavailable, and the room is served again once it answers', async () => {
  // Short waits: this test is about what happens when they run out.
  const store = await openPostgresStore(await postgres.createDatabase(), { connectTimeoutMs: 1000, queryTimeoutMs: 1000 });
  await store.createRoom('general', 1);
  const server = await startServer({ store, onError: () => {} });
  const ada = await connectAs(server, ADA);
  try {
    await join(ada, 'general');
    const send = (clientId) => ada.request('send', { room: 'general', clientId, text: clientId });
    assert.equal((await send('before')).ok, true);
    postgres.freeze();
    try {
      assert.equal(errorCode(await send('during')), 'unavailable');
      // The room's queue moved on: the next request was not stuck behind the first.
      assert.equal(errorCode(await send('during')), 'unavailable');
    } finally {
      postgres.thaw();
    }
    const retried = await send('during');
    assert.equal(retried.ok, true, JSON.stringify(retried));
    assert.equal((await send('after')).ok, true);
    const stored = await store.messagesAfter('general', 0, 10);
    assert.deepEqual(stored.map((m) => m.clientId), ['before', 'during', 'after'], 'stored once');
    assert.deepEqual(stored.map((m) => m.seq), [1, 2, 3]);
  } finally {
    await shutDown(server, ada);
    await store.close();
  }
});

it('the HTTP login answers 503 unavailable while the database is down, and works once it is back; /api/health says so', async () => {
  const server = await startReferenceServer({
    port: 0,
    postgresUrl: await postgres.createDatabase(),
    secret: 'a test secret of at least thirty-two bytes',
    archiveSize: 0,
  });
  const login = (name) =>
    fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name }) });
  const health = async () => {
    const response = await fetch(`${server.url}/api/health`);
    return { status: response.status, database: (await response.json()).database };
  };
  const logged = console.error;
  try {
    assert.equal((await login('Ada')).status, 200);
    assert.deepEqual(await health(), { status: 200, database: 'up' });
    await postgres.stop();
    console.error = () => {}; // the server logs the outage; not this test's output
    const refused = await login('Grace');
    assert.equal(refused.status, 503);
    assert.equal((await refused.json()).error.code, 'unavailable');
    // Reported, not judged: the node itself is fine, and a load balancer must keep it.
    assert.deepEqual(await health(), { status: 200, database: 'down' });
    console.error = logged;
    await postgres.start();
    const back = await login('Grace');
    assert.equal(back.status, 200);
    assert.equal((await back.json()).user.name, 'Grace');
    assert.deepEqual(await health(), { status: 200, database: 'up' });
  } finally {
    console.error = logged;
    await server.close();
  }
});
