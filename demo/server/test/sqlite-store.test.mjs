// The SQLite store against the storage contract, and what only a database
// file can show: the data outlives closing it, and a seq has no gaps even
// when an insert fails halfway.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openSqliteStore } from '../src/sqlite-store.mjs';
import { describeStoreContract } from './store-contract.mjs';

const opened = [];
after(() => {
  for (const store of opened) store.close();
});

describeStoreContract('sqlite store', ({ rooms = [], admins = {}, now = Date.now } = {}) => {
  const store = openSqliteStore(':memory:');
  opened.push(store);
  for (const room of rooms) store.createRoom(room, now(), admins[room]);
  return store;
});

describe('sqlite store, on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chatwire-sqlite-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const ada = { id: 'u1', name: 'Ada' };

  it('keeps rooms, messages, members, cursors and users across close and reopen', () => {
    const path = join(dir, 'reopen.sqlite');
    const first = openSqliteStore(path);
    first.createRoomWithTitle('general', 'General', 1);
    first.insertMessage({ room: 'general', clientId: 'c1', author: ada, text: 'hello', createdAt: 2 });
    first.addMember('general', ada);
    first.advanceReadCursor('general', 'u1', 1);
    const user = first.userNamed('Grace');
    first.close();

    const second = openSqliteStore(path);
    opened.push(second);
    assert.deepEqual(second.listRooms(), [{ id: 'general', title: 'General', lastSeq: 1 }]);
    assert.equal(second.findMessageByClientId('u1', 'c1').text, 'hello');
    assert.deepEqual(second.listMembers('general'), [ada]);
    assert.equal(second.readSeq('general', 'u1'), 1);
    assert.deepEqual(second.userNamed('grace'), user, 'names are matched without case');
    assert.equal(second.insertMessage({ room: 'general', clientId: null, author: ada, text: 'again', createdAt: 3 }).message.seq, 2);
  });

  it('a failed insert uses no seq', () => {
    const store = openSqliteStore(join(dir, 'atomic.sqlite'));
    opened.push(store);
    store.createRoom('a', 1);
    store.insertMessage({ room: 'a', clientId: null, author: ada, text: 'one', createdAt: 1 });
    // NOT NULL text: the row fails after the seq was taken inside the transaction.
    assert.throws(() => store.insertMessage({ room: 'a', clientId: null, author: ada, text: null, createdAt: 1 }));
    assert.equal(store.lastSeq('a'), 1);
    assert.equal(store.insertMessage({ room: 'a', clientId: null, author: ada, text: 'two', createdAt: 1 }).message.seq, 2);
  });

  it('refuses a database written by a newer schema', () => {
    const path = join(dir, 'newer.sqlite');
    const store = openSqliteStore(path);
    store.database.pragma('user_version = 99');
    store.close();
    assert.throws(() => openSqliteStore(path), /schema version 99/);
  });
});
