// The storage contract for what changes a stored message (issue 15): the
// room's rev, versions, edits, tombstones, reactions, replies and the
// (user, opId) records. Part of describeStoreContract, so every store runs it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

const ADA = { id: 'u1', name: 'Ada' };
const GRACE = { id: 'u2', name: 'Grace' };

/**
 * @param {(options?: {rooms?: string[]}) => import('../src/store.mjs').ChatStore} makeStore
 */
export function describeChangesContract(makeStore) {
  /** A store with rooms a and b, and a message of Ada's in a. */
  const setUp = () => {
    const store = makeStore({ rooms: ['a', 'b'] });
    const { message } = store.insertMessage({ room: 'a', clientId: 'c1', author: ADA, text: 'hello', createdAt: 1 });
    let op = 0;
    const key = (userId = 'u1', opId = `op${++op}`) => ({ room: 'a', id: message.id, userId, opId });
    const react = (userId, emoji, on, opId) => store.setReaction({ ...key(userId, opId), emoji, on });
    const reactions = () => store.getMessage('a', message.id).reactions;
    return { store, message, key, react, reactions };
  };

  describe('changes', () => {
    it('counts every insert and change in the room rev, and gives it to the message', () => {
      const { store, message, key } = setUp();
      assert.equal(store.roomRev('a'), 1);
      assert.equal(store.roomRev('b'), 0);
      assert.equal(store.roomRev('missing'), 0);
      store.insertMessage({ room: 'a', clientId: null, author: GRACE, text: 'two', createdAt: 2 });
      const { message: edited, changed } = store.editMessage({ ...key(), text: 'hello!', editedAt: 9 });
      assert.equal(changed, true);
      assert.deepEqual([edited.seq, edited.version, edited.rev, edited.text, edited.editedAt], [1, 2, 3, 'hello!', 9]);
      assert.equal(store.roomRev('a'), 3);
      assert.deepEqual(store.getMessage('a', message.id), edited);
      assert.deepEqual(store.messagesAfter('a', 0, 10).map((m) => [m.seq, m.rev]), [[1, 3], [2, 2]]);
    });

    it('lists the changed messages by rev, after a rev, up to a seq', () => {
      const { store, message, key } = setUp();
      for (let i = 2; i <= 4; i++) store.insertMessage({ room: 'a', clientId: null, author: ADA, text: `m${i}`, createdAt: i });
      store.editMessage({ ...key(), text: 'first, edited', editedAt: 5 });
      const changed = (afterRev, limit, maxSeq) => store.messagesChangedAfter('a', afterRev, limit, maxSeq).map((m) => [m.seq, m.rev]);
      assert.deepEqual(changed(0, 10, null), [[2, 2], [3, 3], [4, 4], [1, 5]]);
      assert.deepEqual(changed(3, 10, null), [[4, 4], [1, 5]]);
      assert.deepEqual(changed(0, 2, null), [[2, 2], [3, 3]]);
      assert.deepEqual(changed(1, 10, 2), [[2, 2], [1, 5]], 'seq <= maxSeq');
      assert.deepEqual(changed(5, 10, null), []);
      assert.deepEqual(store.messagesChangedAfter('missing', 0, 10, null), []);
      assert.equal(message.rev, 1, 'snapshots do not change under the caller');
    });

    it('finds a message only in its own room, and not by a malformed id', () => {
      const { store, message } = setUp();
      assert.equal(store.getMessage('a', message.id).text, 'hello');
      for (const [room, id] of [['b', message.id], ['missing', message.id], ['a', 'm-999'], ['a', 'nope'], ['a', ''], ['a', 'm-01']]) {
        assert.equal(store.getMessage(room, id), null, `${room} ${id}`);
      }
    });

    it('records (user, opId): a repeat changes nothing and returns the message as it is now', () => {
      const { store, message, key } = setUp();
      const a = store.editMessage({ ...key('u1', 'A'), text: 'A', editedAt: 2 });
      store.editMessage({ ...key('u1', 'B'), text: 'B', editedAt: 3 });
      const repeat = store.editMessage({ ...key('u1', 'A'), text: 'A', editedAt: 4 });
      assert.equal(repeat.changed, false);
      assert.deepEqual([repeat.message.text, repeat.message.version, repeat.message.editedAt], ['B', 3, 3]);
      assert.equal(store.roomRev('a'), 3);
      assert.deepEqual(store.findMessageByOpId('u1', 'A'), repeat.message);
      assert.equal(store.findMessageByOpId('u2', 'A'), null, "another user's opIds are their own");
      assert.equal(store.findMessageByOpId('u1', 'C'), null);
      // One space of opIds for every kind of change.
      assert.equal(store.deleteMessage(key('u1', 'A')).changed, false);
      assert.equal(store.getMessage('a', message.id).deleted, false);
      assert.equal(a.message.text, 'A');
    });

    it('makes a tombstone that keeps the identity and erases the content', () => {
      const { store, message, key, react } = setUp();
      react('u2', '👍', true);
      const reply = store.insertMessage({ room: 'a', clientId: 'c2', author: GRACE, text: 're', createdAt: 2, replyTo: message.id }).message;
      const ownReply = store.insertMessage({ room: 'a', clientId: 'c3', author: ADA, text: 'x', createdAt: 3, replyTo: reply.id }).message;
      store.editMessage({ ...key(), text: 'edited', editedAt: 4 });
      const { message: tombstone, changed } = store.deleteMessage(key('u2'));
      assert.equal(changed, true);
      assert.deepEqual(tombstone, {
        id: message.id,
        room: 'a',
        seq: 1,
        clientId: 'c1',
        author: ADA,
        text: '',
        createdAt: 1,
        version: 4,
        rev: 6,
        editedAt: null,
        deleted: true,
        reactions: [],
        replyTo: null,
      });
      assert.deepEqual(store.findMessageByClientId('u1', 'c1'), tombstone);
      assert.deepEqual(store.getMessage('a', reply.id).replyTo, { id: message.id, author: ADA, excerpt: '', deleted: true });
      assert.deepEqual(store.getMessage('a', reply.id).version, 1, 'a reply is not changed by its parent');

      const again = store.deleteMessage(key());
      assert.deepEqual(again, { message: tombstone, changed: false });
      // A deleted reply loses its link.
      assert.equal(store.deleteMessage({ room: 'a', id: ownReply.id, userId: 'u1', opId: 'd' }).message.replyTo, null);
      assert.throws(() => store.editMessage({ ...key(), text: 'back', editedAt: 5 }), /deleted/);
      assert.throws(() => react('u1', '👍', true), /deleted/);
    });

    it('keeps reactions as a set per (emoji, user), in first-set order', () => {
      const { store, react, reactions } = setUp();
      assert.equal(react('u1', '👍', true).changed, true);
      assert.equal(react('u1', '👍', true).changed, false, 'on twice is one');
      assert.equal(react('u2', '❤️', false).changed, false, 'off when absent is nothing');
      react('u2', '❤️', true);
      react('u2', '👍', true);
      react('u3', '🎉', true);
      assert.deepEqual(reactions(), [
        { emoji: '👍', users: ['u1', 'u2'] },
        { emoji: '❤️', users: ['u2'] },
        { emoji: '🎉', users: ['u3'] },
      ]);
      // The first user leaving does not move the emoji; a user setting it again goes last.
      react('u1', '👍', false);
      react('u1', '👍', true);
      assert.deepEqual(reactions()[0], { emoji: '👍', users: ['u2', 'u1'] });
      // An emoji nobody has left is not shown, and keeps its place.
      react('u2', '❤️', false);
      assert.deepEqual(reactions().map((r) => r.emoji), ['👍', '🎉']);
      react('u3', '❤️', true);
      assert.deepEqual(reactions().map((r) => r.emoji), ['👍', '❤️', '🎉']);
      const { message } = react('u3', '🎉', false);
      assert.equal(message.version, 10, 'each change, and only a change, is a version');
      assert.equal(store.roomRev('a'), 10);
    });

    it('links a reply to its parent, with an excerpt of the parent as it is now', () => {
      const { store, message, key } = setUp();
      const long = `${'😀'.repeat(99)}ab`;
      const parent = store.insertMessage({ room: 'a', clientId: 'p', author: GRACE, text: long, createdAt: 2 }).message;
      const reply = store.insertMessage({ room: 'a', clientId: 'r', author: ADA, text: 'yes', createdAt: 3, replyTo: parent.id }).message;
      assert.deepEqual(reply.replyTo, { id: parent.id, author: GRACE, excerpt: `${'😀'.repeat(99)}a`, deleted: false });
      const short = store.insertMessage({ room: 'a', clientId: 's', author: ADA, text: 'and', createdAt: 4, replyTo: message.id }).message;
      store.editMessage({ ...key(), text: 'hello again', editedAt: 5 });
      assert.equal(store.getMessage('a', short.id).replyTo.excerpt, 'hello again');
      assert.equal(store.messagesAfter('a', 0, 10).find((m) => m.id === short.id).replyTo.excerpt, 'hello again');
      assert.throws(() => store.insertMessage({ room: 'b', clientId: 'x', author: ADA, text: 'x', createdAt: 6, replyTo: parent.id }), /no message/);
      assert.equal(store.lastSeq('b'), 0);
    });

    it('refuses changes of a message that is not in the room', () => {
      const { store, message } = setUp();
      for (const [room, id] of [['b', message.id], ['a', 'm-999']]) {
        assert.throws(() => store.deleteMessage({ room, id, userId: 'u1', opId: `x-${room}` }), /no message/);
      }
      assert.equal(store.findMessageByOpId('u1', 'x-b'), null, 'a failed change records no opId');
      assert.equal(store.roomRev('b'), 0);
    });
  });
}
