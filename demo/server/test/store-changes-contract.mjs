// The storage contract for what changes a stored message (issue 15): the
// room's rev, versions, edits, tombstones, reactions, replies and the
// (user, opId) records. Part of describeStoreContract, so every store runs it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

const ADA = { id: 'u1', name: 'Ada' };
const GRACE = { id: 'u2', name: 'Grace' };

/**
 * @param {(options?: {rooms?: string[]}) => Promise<import('../src/store.mjs').ChatStore>} makeStore
 */
export function describeChangesContract(makeStore) {
  /** A store with rooms a and b, and a message of Ada's in a. */
  const setUp = async () => {
    const store = await makeStore({ rooms: ['a', 'b'] });
    const { message } = await store.insertMessage({ room: 'a', clientId: 'c1', author: ADA, text: 'hello', createdAt: 1 });
    let op = 0;
    const key = (userId = 'u1', opId = `op${++op}`) => ({ room: 'a', id: message.id, userId, opId });
    const react = (userId, emoji, on, opId) => store.setReaction({ ...key(userId, opId), emoji, on });
    const reactions = async () => (await store.getMessage('a', message.id)).reactions;
    return { store, message, key, react, reactions };
  };

  describe('changes', () => {
    it('counts every insert and change in the room rev, and gives it to the message', async () => {
      const { store, message, key } = await setUp();
      assert.equal(await store.roomRev('a'), 1);
      assert.equal(await store.roomRev('b'), 0);
      assert.equal(await store.roomRev('missing'), 0);
      await store.insertMessage({ room: 'a', clientId: null, author: GRACE, text: 'two', createdAt: 2 });
      const { message: edited, changed } = await store.editMessage({ ...key(), text: 'hello!', editedAt: 9 });
      assert.equal(changed, true);
      assert.deepEqual([edited.seq, edited.version, edited.rev, edited.text, edited.editedAt], [1, 2, 3, 'hello!', 9]);
      assert.equal(await store.roomRev('a'), 3);
      assert.deepEqual(await store.getMessage('a', message.id), edited);
      assert.deepEqual((await store.messagesAfter('a', 0, 10)).map((m) => [m.seq, m.rev]), [[1, 3], [2, 2]]);
    });

    it('lists the changed messages by rev, after a rev, up to a seq', async () => {
      const { store, message, key } = await setUp();
      for (let i = 2; i <= 4; i++) await store.insertMessage({ room: 'a', clientId: null, author: ADA, text: `m${i}`, createdAt: i });
      await store.editMessage({ ...key(), text: 'first, edited', editedAt: 5 });
      const changed = async (afterRev, limit, maxSeq) => (await store.messagesChangedAfter('a', afterRev, limit, maxSeq)).map((m) => [m.seq, m.rev]);
      assert.deepEqual(await changed(0, 10, null), [[2, 2], [3, 3], [4, 4], [1, 5]]);
      assert.deepEqual(await changed(3, 10, null), [[4, 4], [1, 5]]);
      assert.deepEqual(await changed(0, 2, null), [[2, 2], [3, 3]]);
      assert.deepEqual(await changed(1, 10, 2), [[2, 2], [1, 5]], 'seq <= maxSeq');
      assert.deepEqual(await changed(5, 10, null), []);
      assert.deepEqual(await store.messagesChangedAfter('missing', 0, 10, null), []);
      assert.equal(message.rev, 1, 'snapshots do not change under the caller');
    });

    it('finds a message only in its own room, and not by a malformed id', async () => {
      const { store, message } = await setUp();
      assert.equal((await store.getMessage('a', message.id)).text, 'hello');
      for (const [room, id] of [['b', message.id], ['missing', message.id], ['a', 'm-999'], ['a', 'nope'], ['a', ''], ['a', 'm-01']]) {
        assert.equal(await store.getMessage(room, id), null, `${room} ${id}`);
      }
    });

    it('records (user, opId): a repeat changes nothing and returns the message as it is now', async () => {
      const { store, message, key } = await setUp();
      const a = await store.editMessage({ ...key('u1', 'A'), text: 'A', editedAt: 2 });
      await store.editMessage({ ...key('u1', 'B'), text: 'B', editedAt: 3 });
      const repeat = await store.editMessage({ ...key('u1', 'A'), text: 'A', editedAt: 4 });
      assert.equal(repeat.changed, false);
      assert.deepEqual([repeat.message.text, repeat.message.version, repeat.message.editedAt], ['B', 3, 3]);
      assert.equal(await store.roomRev('a'), 3);
      assert.deepEqual(await store.findMessageByOpId('u1', 'A'), repeat.message);
      assert.equal(await store.findMessageByOpId('u2', 'A'), null, "another user's opIds are their own");
      assert.equal(await store.findMessageByOpId('u1', 'C'), null);
      // One space of opIds for every kind of change.
      assert.equal((await store.deleteMessage(key('u1', 'A'))).changed, false);
      assert.equal((await store.getMessage('a', message.id)).deleted, false);
      assert.equal(a.message.text, 'A');
    });

    it('makes a tombstone that keeps the identity and erases the content', async () => {
      const { store, message, key, react } = await setUp();
      await react('u2', '👍', true);
      const reply = (await store.insertMessage({ room: 'a', clientId: 'c2', author: GRACE, text: 're', createdAt: 2, replyTo: message.id })).message;
      const ownReply = (await store.insertMessage({ room: 'a', clientId: 'c3', author: ADA, text: 'x', createdAt: 3, replyTo: reply.id })).message;
      await store.editMessage({ ...key(), text: 'edited', editedAt: 4 });
      const { message: tombstone, changed } = await store.deleteMessage(key('u2'));
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
      assert.deepEqual(await store.findMessageByClientId('u1', 'c1'), tombstone);
      assert.deepEqual((await store.getMessage('a', reply.id)).replyTo, { id: message.id, author: ADA, excerpt: '', deleted: true });
      assert.deepEqual((await store.getMessage('a', reply.id)).version, 1, 'a reply is not changed by its parent');

      const again = await store.deleteMessage(key());
      assert.deepEqual(again, { message: tombstone, changed: false });
      // A deleted reply loses its link.
      assert.equal((await store.deleteMessage({ room: 'a', id: ownReply.id, userId: 'u1', opId: 'd' })).message.replyTo, null);
      await assert.rejects(async () => store.editMessage({ ...key(), text: 'back', editedAt: 5 }), /deleted/);
      await assert.rejects(async () => react('u1', '👍', true), /deleted/);
    });

    it('keeps reactions as a set per (emoji, user), in first-set order', async () => {
      const { store, react, reactions } = await setUp();
      assert.equal((await react('u1', '👍', true)).changed, true);
      assert.equal((await react('u1', '👍', true)).changed, false, 'on twice is one');
      assert.equal((await react('u2', '❤️', false)).changed, false, 'off when absent is nothing');
      await react('u2', '❤️', true);
      await react('u2', '👍', true);
      await react('u3', '🎉', true);
      assert.deepEqual(await reactions(), [
        { emoji: '👍', users: ['u1', 'u2'] },
        { emoji: '❤️', users: ['u2'] },
        { emoji: '🎉', users: ['u3'] },
      ]);
      // The first user leaving does not move the emoji; a user setting it again goes last.
      await react('u1', '👍', false);
      await react('u1', '👍', true);
      assert.deepEqual((await reactions())[0], { emoji: '👍', users: ['u2', 'u1'] });
      // An emoji nobody has left is not shown, and keeps its place.
      await react('u2', '❤️', false);
      assert.deepEqual((await reactions()).map((r) => r.emoji), ['👍', '🎉']);
      await react('u3', '❤️', true);
      assert.deepEqual((await reactions()).map((r) => r.emoji), ['👍', '❤️', '🎉']);
      const { message } = await react('u3', '🎉', false);
      assert.equal(message.version, 10, 'each change, and only a change, is a version');
      assert.equal(await store.roomRev('a'), 10);
    });

    it('links a reply to its parent, with an excerpt of the parent as it is now', async () => {
      const { store, message, key } = await setUp();
      const long = `${'😀'.repeat(99)}ab`;
      const parent = (await store.insertMessage({ room: 'a', clientId: 'p', author: GRACE, text: long, createdAt: 2 })).message;
      const reply = (await store.insertMessage({ room: 'a', clientId: 'r', author: ADA, text: 'yes', createdAt: 3, replyTo: parent.id })).message;
      assert.deepEqual(reply.replyTo, { id: parent.id, author: GRACE, excerpt: `${'😀'.repeat(99)}a`, deleted: false });
      const short = (await store.insertMessage({ room: 'a', clientId: 's', author: ADA, text: 'and', createdAt: 4, replyTo: message.id })).message;
      await store.editMessage({ ...key(), text: 'hello again', editedAt: 5 });
      assert.equal((await store.getMessage('a', short.id)).replyTo.excerpt, 'hello again');
      assert.equal((await store.messagesAfter('a', 0, 10)).find((m) => m.id === short.id).replyTo.excerpt, 'hello again');
      await assert.rejects(async () => store.insertMessage({ room: 'b', clientId: 'x', author: ADA, text: 'x', createdAt: 6, replyTo: parent.id }), /no message/);
      assert.equal(await store.lastSeq('b'), 0);
    });

    it('refuses changes of a message that is not in the room', async () => {
      const { store, message } = await setUp();
      for (const [room, id] of [['b', message.id], ['a', 'm-999']]) {
        await assert.rejects(async () => store.deleteMessage({ room, id, userId: 'u1', opId: `x-${room}` }), /no message/);
      }
      assert.equal(await store.findMessageByOpId('u1', 'x-b'), null, 'a failed change records no opId');
      assert.equal(await store.roomRev('b'), 0);
    });
  });
}
