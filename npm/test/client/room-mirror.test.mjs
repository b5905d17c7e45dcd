// Room snapshots read the core's messages as changes (keys in order plus the
// changed messages only; src/api/message_changes.h). These drive
// nextSnapshot() with core JSON directly, for the cases a server cannot
// easily provoke: a reader out of step, and a list that did not change.
import assert from 'node:assert/strict';
import test from 'node:test';
import { emptySnapshot, nextSnapshot } from '../../dist/snapshot.js';

const author = { id: 'u-bob', name: 'Bob' };
const message = (id, text) => ({ id, clientId: null, roomId: 'r', author: { ...author }, text, createdAt: 1, status: 'sent' });
const core = (keys, changedAt, changedMessages) => ({ exists: true, version: keys.length + 1, state: 'joined', messageKeys: keys, changedAt, changedMessages });

test('changes reuse every message object the core did not send again', () => {
  const first = nextSnapshot(emptySnapshot('r'), core(['s:1', 's:2'], [0, 1], [message('1', 'a'), message('2', 'b')]));
  assert.deepEqual(first.messages.map((m) => m.text), ['a', 'b']);

  const second = nextSnapshot(first, core(['s:1', 's:2', 's:3'], [2], [message('3', 'c')]));
  assert.deepEqual(second.messages.map((m) => m.text), ['a', 'b', 'c']);
  assert.equal(second.messages[0], first.messages[0]);
  assert.equal(second.messages[1], first.messages[1]);
  assert.ok(Object.isFrozen(second.messages[2]));

  const evicted = nextSnapshot(second, core(['s:2', 's:3'], [], []));
  assert.deepEqual(evicted.messages, [second.messages[1], second.messages[2]], 'the oldest left the window');
});

test('a changed message replaces the old object; an identical resend keeps it', () => {
  const first = nextSnapshot(emptySnapshot('r'), core(['s:1'], [0], [message('1', 'a')]));
  const same = nextSnapshot(first, core(['s:1'], [0], [message('1', 'a')]));
  assert.equal(same.messages, first.messages, 'nothing changed: the same array');
  const read = nextSnapshot(first, core(['s:1'], [0], [{ ...message('1', 'a'), readBy: ['u-cyd'] }]));
  assert.notEqual(read.messages[0], first.messages[0]);
  assert.deepEqual(read.messages[0].readBy, ['u-cyd']);
});

test('a key this side does not hold means out of step: null, so the room asks from scratch', () => {
  const first = nextSnapshot(emptySnapshot('r'), core(['s:1'], [0], [message('1', 'a')]));
  assert.equal(nextSnapshot(first, core(['s:1', 's:9'], [], [])), null);
});
