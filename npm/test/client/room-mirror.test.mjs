// A room's mirror takes the core's edits (CoreMessageEdits: removed keys,
// then upserts by index) and builds frozen snapshots from them. These drive
// RoomMirror with core JSON directly, for the cases a server cannot easily
// provoke: several edits in one answer, resets, and parts that did not change.
import assert from 'node:assert/strict';
import test from 'node:test';
import { RoomMirror } from '../../dist/room-mirror.js';

const author = { id: 'u-bob', name: 'Bob' };
const message = (id, text, extra = {}) => ({ id, clientId: null, author: { ...author }, text, createdAt: 1, status: 'sent', ...extra });
const texts = (snapshot) => snapshot.messages.map((m) => m.text);

test('appended messages keep every message object already held', () => {
  const room = new RoomMirror('r');
  room.apply({ id: 'r', version: 1, state: 'joined', messages: { upserts: [[0, 's:1', message('1', 'a')], [1, 's:2', message('2', 'b')]] } });
  const first = room.getSnapshot();
  assert.deepEqual(texts(first), ['a', 'b']);
  assert.equal(first.messages[0].roomId, 'r', 'the room id is the mirror\'s');
  assert.ok(Object.isFrozen(first.messages) && Object.isFrozen(first.messages[0]) && Object.isFrozen(first.messages[0].author));

  room.apply({ id: 'r', version: 2, messages: { removed: ['s:1'], upserts: [[1, 's:3', message('3', 'c')]] } });
  const second = room.getSnapshot();
  assert.deepEqual(texts(second), ['b', 'c'], 'the oldest left, the newest came');
  assert.equal(second.messages[0], first.messages[1], 'an unchanged message is the same object');
  assert.deepEqual(texts(first), ['a', 'b'], 'a snapshot already read never changes');
});

test('an upsert of a held key replaces it in place; others are inserted at their index', () => {
  const room = new RoomMirror('r');
  room.apply({ id: 'r', messages: { upserts: [[0, 's:1', message('1', 'a')], [1, 's:3', message('3', 'c')]] } });
  const before = room.getSnapshot();
  room.apply({ id: 'r', messages: { upserts: [[1, 's:2', message('2', 'b')], [2, 's:3', message('3', 'c', { readBy: ['u-cyd'] })]] } });
  const after = room.getSnapshot();
  assert.deepEqual(texts(after), ['a', 'b', 'c']);
  assert.equal(after.messages[0], before.messages[0]);
  assert.notEqual(after.messages[2], before.messages[1], 'a changed message is a new object');
  assert.deepEqual(after.messages[2].readBy, ['u-cyd']);
});

test('a confirmed own message: the pending copy goes, the sent one comes under the same key', () => {
  const room = new RoomMirror('r');
  room.apply({ id: 'r', messages: { upserts: [[0, 's:1', message('1', 'a')], [1, 'c:x', message(null, 'mine', { clientId: 'x', status: 'pending' })]] } });
  room.apply({ id: 'r', messages: { removed: ['c:x'], upserts: [[1, 'c:x', message('2', 'mine', { clientId: 'x' })]] } });
  const snapshot = room.getSnapshot();
  assert.deepEqual(snapshot.messages.map((m) => [m.id, m.status]), [['1', 'sent'], ['2', 'sent']]);
  assert.equal(room.message('c:x'), snapshot.messages[1]);
});

test('several removals at once, unknown keys ignored, and a reset', () => {
  const room = new RoomMirror('r');
  room.apply({ id: 'r', messages: { upserts: [0, 1, 2, 3].map((i) => [i, `s:${i}`, message(String(i), `t${i}`)]) } });
  room.apply({ id: 'r', messages: { removed: ['s:0', 's:2', 's:nope'] } });
  assert.deepEqual(texts(room.getSnapshot()), ['t1', 't3']);
  room.apply({ id: 'r', messages: { reset: true, upserts: [[0, 's:9', message('9', 'fresh')]] } });
  assert.deepEqual(texts(room.getSnapshot()), ['fresh']);
  assert.equal(room.message('s:1'), undefined, 'a reset forgets every key');
});

test('a change of another part keeps the messages array; no change keeps the snapshot', () => {
  const room = new RoomMirror('r');
  room.apply({ id: 'r', state: 'joined', messages: { upserts: [[0, 's:1', message('1', 'a')]] } });
  const first = room.getSnapshot();
  assert.equal(room.getSnapshot(), first, 'read twice without a change: the same object');
  room.apply({ id: 'r', typingUsers: [{ id: 'u-cyd', name: 'Cyd' }] });
  const typing = room.getSnapshot();
  assert.notEqual(typing, first);
  assert.equal(typing.messages, first.messages, 'typing changed, the messages did not');
  room.apply({ id: 'r', typingUsers: [{ id: 'u-cyd', name: 'Cyd' }] });
  assert.equal(room.getSnapshot().typingUsers, typing.typingUsers, 'an equal list keeps its identity');
  assert.equal(typing.joined, true);
});

test('a room the core forgot is empty again', () => {
  const room = new RoomMirror('r');
  room.apply({ id: 'r', state: 'left', unreadCount: 2, messages: { upserts: [[0, 's:1', message('1', 'a')]] } });
  room.apply({ id: 'r', gone: true });
  const snapshot = room.getSnapshot();
  assert.equal(snapshot.state, 'none');
  assert.equal(snapshot.messages.length, 0);
  assert.equal(snapshot.unreadCount, 0);
});
