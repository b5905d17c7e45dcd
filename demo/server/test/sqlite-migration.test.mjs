// A database written by the server before issue 15 (schema version 1),
// opened by this one: it is migrated, keeps its messages, cursors, members,
// users and clientIds, and takes the new operations. The old file is made by
// the old store itself, taken from git, so that the test does not rely on a
// re-creation of the old schema.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openSqliteStore } from '../src/sqlite-store.mjs';

/** The last commit whose store wrote schema version 1. */
const SCHEMA_1_COMMIT = 'f561edeef4713c7dcff7fc8fea6faa2618792046';
const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));

const ADA = { id: 'u1', name: 'Ada' };
const GRACE = { id: 'u2', name: 'Grace' };

/** The old store's source, or null when this checkout has no such history (a shallow clone). */
function oldStoreSource() {
  try {
    return execFileSync('git', ['show', `${SCHEMA_1_COMMIT}:demo/server/src/sqlite-store.mjs`], {
      cwd: SERVER_DIR,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return null;
  }
}

const source = oldStoreSource();

describe('sqlite store, a schema 1 file', { skip: source === null && 'the git history of the schema 1 store is not here' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'chatwire-migration-'));
  const oldPath = join(dir, 'v1.sqlite');
  const copyPath = join(dir, 'copy.sqlite');
  const opened = [];
  after(() => {
    for (const store of opened) store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  before(async () => {
    // The old module beside a link to this server's packages, so that it
    // imports the same better-sqlite3.
    writeFileSync(join(dir, 'old-store.mjs'), source);
    symlinkSync(join(SERVER_DIR, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const { openSqliteStore: openOldStore } = await import(pathToFileURL(join(dir, 'old-store.mjs')).href);
    const old = openOldStore(oldPath);
    old.createRoomWithTitle('general', 'General', 1);
    old.createRoomWithTitle('random', 'Random', 1);
    old.insertMessage({ room: 'general', clientId: 'c1', author: ADA, text: 'one', createdAt: 10 });
    old.insertMessage({ room: 'random', clientId: 'c2', author: ADA, text: 'elsewhere', createdAt: 11 });
    old.insertMessage({ room: 'general', clientId: null, author: GRACE, text: 'two', createdAt: 12 });
    old.insertMessage({ room: 'general', clientId: 'g3', author: GRACE, text: 'three', createdAt: 13 });
    old.addMember('general', ADA);
    old.addMember('general', GRACE);
    old.advanceReadCursor('general', 'u1', 2);
    old.userNamed('Ada');
    assert.equal(old.database.pragma('user_version', { simple: true }), 1);
    old.close();
    copyFileSync(oldPath, copyPath);
  });

  const open = () => {
    const store = openSqliteStore(copyPath);
    opened.push(store);
    return store;
  };

  it('keeps every message, as version 1 with rev = seq, and sets the room rev to the last seq', () => {
    const store = open();
    assert.equal(store.database.pragma('user_version', { simple: true }), 2);
    const messages = store.messagesAfter('general', 0, 10);
    assert.deepEqual(messages.map((m) => [m.id, m.seq, m.clientId, m.author, m.text, m.createdAt]), [
      ['m-1', 1, 'c1', ADA, 'one', 10],
      ['m-3', 2, null, GRACE, 'two', 12],
      ['m-4', 3, 'g3', GRACE, 'three', 13],
    ]);
    for (const m of messages) {
      assert.deepEqual([m.version, m.rev, m.editedAt, m.deleted, m.reactions, m.replyTo], [1, m.seq, null, false, [], null]);
    }
    assert.deepEqual([store.roomRev('general'), store.roomRev('random')], [3, 1]);
    assert.deepEqual(store.getRoom('general').admins, []);
    assert.deepEqual(store.listRooms().map((r) => [r.id, r.lastSeq]), [['general', 3], ['random', 1]]);
    store.close();
  });

  it('keeps cursors, members, users and clientId idempotency', () => {
    const store = open();
    assert.equal(store.readSeq('general', 'u1'), 2);
    assert.deepEqual(store.listMembers('general'), [ADA, GRACE]);
    assert.deepEqual(store.userNamed('ada'), { id: 'u-1', name: 'Ada' });
    const repeat = store.insertMessage({ room: 'general', clientId: 'c1', author: ADA, text: 'again', createdAt: 20 });
    assert.deepEqual([repeat.inserted, repeat.message.id, repeat.message.text], [false, 'm-1', 'one']);
    assert.equal(store.lastSeq('general'), 3);
    store.close();
  });

  it('takes the new operations, and keeps them across a reopen', () => {
    const store = open();
    const reply = store.insertMessage({ room: 'general', clientId: 'c5', author: ADA, text: 'yes', createdAt: 21, replyTo: 'm-4' }).message;
    assert.deepEqual([reply.seq, reply.rev, reply.replyTo.excerpt], [4, 4, 'three']);
    assert.equal(store.editMessage({ room: 'general', id: 'm-1', userId: 'u1', opId: 'e1', text: 'one!', editedAt: 22 }).message.rev, 5);
    store.setReaction({ room: 'general', id: 'm-3', userId: 'u1', opId: 'r1', emoji: '👍', on: true });
    store.deleteMessage({ room: 'general', id: 'm-4', userId: 'u2', opId: 'd1' });
    store.close();

    const reopened = open();
    assert.deepEqual(reopened.messagesChangedAfter('general', 3, 10, null).map((m) => [m.id, m.rev, m.version]), [
      ['m-5', 4, 1],
      ['m-1', 5, 2],
      ['m-3', 6, 2],
      ['m-4', 7, 2],
    ]);
    assert.deepEqual(reopened.getMessage('general', 'm-3').reactions, [{ emoji: '👍', users: ['u1'] }]);
    assert.deepEqual(reopened.getMessage('general', 'm-5').replyTo, { id: 'm-4', author: GRACE, excerpt: '', deleted: true });
    assert.equal(reopened.findMessageByOpId('u1', 'e1').text, 'one!');
    assert.equal(reopened.insertMessage({ room: 'general', clientId: null, author: ADA, text: 'next', createdAt: 23 }).message.rev, 8);
  });
});
