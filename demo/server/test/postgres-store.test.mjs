// The PostgreSQL store against the storage contract, on a private PostgreSQL
// server started for this file (support/private-postgres.mjs), and what only
// a database server shows: data outlives the store's pool, the schema version
// is checked, and a failed insert uses no seq.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openPostgresStore } from '../src/postgres-store.mjs';
import { describeStoreContract } from './store-contract.mjs';
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

/** A store on a new, empty database of the private server. */
const openFresh = async () => {
  const store = await openPostgresStore(await postgres.createDatabase());
  opened.push(store);
  return store;
};

describeStoreContract('postgres store', async ({ rooms = [], admins = {}, now = Date.now } = {}) => {
  const store = await openFresh();
  for (const room of rooms) await store.createRoom(room, now(), admins[room]);
  return store;
});

describe('postgres store, on a server', () => {
  const ada = { id: 'u1', name: 'Ada' };

  it('keeps rooms, messages, members, cursors and users across close and reopen', async () => {
    const url = await postgres.createDatabase();
    const first = await openPostgresStore(url);
    await first.createRoomWithTitle('general', 'General', 1);
    await first.insertMessage({ room: 'general', clientId: 'c1', author: ada, text: 'hello\u0000there', createdAt: 2 });
    await first.addMember('general', ada);
    await first.advanceReadCursor('general', 'u1', 1);
    const user = await first.userNamed('Grace');
    await first.close();

    const second = await openPostgresStore(url);
    opened.push(second);
    assert.deepEqual(await second.listRooms(), [{ id: 'general', title: 'General', lastSeq: 1 }]);
    assert.equal((await second.findMessageByClientId('u1', 'c1')).text, 'hello\u0000there', 'text is kept verbatim, U+0000 too');
    assert.deepEqual(await second.listMembers('general'), [ada]);
    assert.equal(await second.readSeq('general', 'u1'), 1);
    assert.deepEqual(await second.userNamed('grace'), user, 'names are matched without case');
    assert.notEqual((await second.userNamed('Linus')).id, user.id);
    const next = await second.insertMessage({ room: 'general', clientId: null, author: ada, text: 'again', createdAt: 3 });
    assert.equal(next.message.seq, 2);
  });

  it('a failed insert uses no seq', async () => {
    const store = await openFresh();
    await store.createRoom('a', 1);
    await store.insertMessage({ room: 'a', clientId: null, author: ada, text: 'one', createdAt: 1 });
    // NOT NULL author_name: the row fails after the room's counters were read under its lock.
    await assert.rejects(() => store.insertMessage({ room: 'a', clientId: null, author: { id: 'u1', name: null }, text: 'x', createdAt: 1 }));
    assert.equal(await store.lastSeq('a'), 1);
    assert.equal((await store.insertMessage({ room: 'a', clientId: null, author: ada, text: 'two', createdAt: 1 })).message.seq, 2);
  });

  it('seeds many messages at once, numbered after the ones there', async () => {
    const store = await openFresh();
    await store.createRoom('a', 1);
    await store.insertMessage({ room: 'a', clientId: 'c', author: ada, text: 'first', createdAt: 1 });
    await store.insertMany('a', [1, 2, 3].map((i) => ({ author: ada, text: `seed ${i}`, createdAt: i })));
    const messages = await store.messagesAfter('a', 0, 10);
    assert.deepEqual(messages.map((m) => [m.seq, m.rev, m.text]), [[1, 1, 'first'], [2, 2, 'seed 1'], [3, 3, 'seed 2'], [4, 4, 'seed 3']]);
    assert.equal(await store.roomRev('a'), 4);
  });

  it('refuses a database written by a newer schema', async () => {
    const url = await postgres.createDatabase();
    const store = await openPostgresStore(url);
    await store.pool.query('UPDATE chatwire_schema SET version = 99');
    await store.close();
    await assert.rejects(() => openPostgresStore(url), /schema version 99/);
  });
});
