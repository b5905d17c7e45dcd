// The storage interface (store.mjs) as tests: every store runs these
// (memory-store.test.mjs, sqlite-store.test.mjs, postgres-store.test.mjs), so
// the engine can rely on the same behaviour from each. Every call is awaited:
// the interface is asynchronous, and a synchronous store's plain values pass
// through `await` unchanged.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unchangedState } from './message-state.mjs';
import { describeChangesContract } from './store-changes-contract.mjs';

const ADA = { id: 'u1', name: 'Ada' };
const GRACE = { id: 'u2', name: 'Grace' };

const insert = (store, room, clientId, author = ADA, text = `text ${clientId}`) =>
  store.insertMessage({ room, clientId, author, text, createdAt: 1000 });

/**
 * Describes the contract for one store.
 * @param {string} name
 * @param {(options?: {rooms?: string[], admins?: Record<string, string[]>, now?: () => number}) => import('../src/store.mjs').ChatStore | Promise<import('../src/store.mjs').ChatStore>} makeStore
 *   a new, empty store with the given rooms (their createdAt from `now`, their admins from `admins`)
 */
export function describeStoreContract(name, makeStore) {
  describe(name, () => {
    it('creates rooms once', async () => {
      const store = await makeStore({ rooms: ['general'], now: () => 5 });
      assert.deepEqual(await store.getRoom('general'), { id: 'general', createdAt: 5, admins: [] });
      assert.equal(await store.getRoom('nope'), null);
      assert.equal((await store.createRoom('general', 9)).createdAt, 5);
      assert.deepEqual(await store.createRoom('new', 9), { id: 'new', createdAt: 9, admins: [] });
    });

    it('keeps the admins a room is defined with', async () => {
      const store = await makeStore({ rooms: ['a', 'b'], admins: { a: ['u2', 'u1'] } });
      assert.deepEqual((await store.getRoom('a')).admins, ['u2', 'u1']);
      assert.deepEqual((await store.getRoom('b')).admins, []);
      assert.deepEqual((await store.createRoom('c', 1, ['u3'])).admins, ['u3']);
      assert.deepEqual((await store.createRoom('c', 1, ['u4'])).admins, ['u3'], 'given once, with the room');
    });

    it('numbers each room 1, 2, 3 and gives ids unique across rooms', async () => {
      const store = await makeStore({ rooms: ['a', 'b'] });
      const seqs = [await insert(store, 'a', '1'), await insert(store, 'b', '2'), await insert(store, 'a', '3'), await insert(store, 'a', null)]
        .map(({ message }) => [message.room, message.seq]);
      assert.deepEqual(seqs, [['a', 1], ['b', 1], ['a', 2], ['a', 3]]);
      const ids = [...(await store.messagesAfter('a', 0, 10)), ...(await store.messagesAfter('b', 0, 10))].map((m) => m.id);
      assert.equal(new Set(ids).size, 4);
      assert.equal(await store.lastSeq('a'), 3);
      assert.equal(await store.lastSeq('b'), 1);
      assert.equal(await store.lastSeq('missing'), 0);
    });

    it('keeps (author, clientId) unique without using a seq; null clientIds never collide', async () => {
      const store = await makeStore({ rooms: ['a', 'b'] });
      const first = await insert(store, 'a', 'c1');
      const repeat = await insert(store, 'b', 'c1', ADA, 'other text');
      assert.equal(repeat.inserted, false);
      assert.deepEqual(repeat.message, first.message);
      assert.equal(await store.lastSeq('b'), 0);
      assert.equal((await insert(store, 'a', 'c1', GRACE)).inserted, true, 'another author may use the same clientId');
      assert.equal((await insert(store, 'a', null)).inserted, true);
      assert.equal((await insert(store, 'a', null)).inserted, true);
      assert.deepEqual(await store.findMessageByClientId('u1', 'c1'), first.message);
      assert.equal(await store.findMessageByClientId('u1', 'c2'), null);
    });

    it('stores messages with the protocol fields only, as frozen snapshots', async () => {
      const store = await makeStore({ rooms: ['a'] });
      const author = { id: 'u1', name: 'Ada', extra: 'x' };
      const { message } = await store.insertMessage({ room: 'a', clientId: 'c', author, text: ' verbatim ', createdAt: 7 });
      assert.deepEqual(message, {
        id: message.id,
        room: 'a',
        seq: 1,
        clientId: 'c',
        author: { id: 'u1', name: 'Ada' },
        text: ' verbatim ',
        createdAt: 7,
        ...unchangedState(1),
      });
      assert.throws(() => {
        message.text = 'changed';
      });
      assert.throws(() => message.reactions.push({ emoji: 'x', users: [] }));
      author.name = 'Changed';
      assert.equal(message.author.name, 'Ada');
    });

    it('refuses to insert into a missing room', async () => {
      const store = await makeStore();
      await assert.rejects(async () => insert(store, 'nope', 'c'), /no room/);
    });

    it('pages before and after a seq, oldest first', async () => {
      const store = await makeStore({ rooms: ['a'] });
      for (let i = 1; i <= 10; i++) await insert(store, 'a', `c${i}`);
      const seqs = (messages) => messages.map((m) => m.seq);
      assert.deepEqual(seqs(await store.messagesBefore('a', null, 3)), [8, 9, 10]);
      assert.deepEqual(seqs(await store.messagesBefore('a', 5, 3)), [2, 3, 4]);
      assert.deepEqual(seqs(await store.messagesBefore('a', 2, 3)), [1]);
      assert.deepEqual(seqs(await store.messagesBefore('a', 1, 3)), []);
      assert.deepEqual(seqs(await store.messagesBefore('a', 1e15, 2)), [9, 10]);
      assert.deepEqual(seqs(await store.messagesAfter('a', 0, 3)), [1, 2, 3]);
      assert.deepEqual(seqs(await store.messagesAfter('a', 8, 3)), [9, 10]);
      assert.deepEqual(seqs(await store.messagesAfter('a', 10, 3)), []);
      assert.deepEqual(seqs(await store.messagesAfter('a', 1e15, 3)), []);
      assert.deepEqual(await store.messagesAfter('missing', 0, 3), []);
    });

    it('tracks members in joining order, with their latest name', async () => {
      const store = await makeStore({ rooms: ['a', 'b'] });
      assert.equal(await store.addMember('a', ADA), true);
      assert.equal(await store.addMember('a', GRACE), true);
      assert.equal(await store.addMember('a', { id: 'u1', name: 'Ada L.' }), false);
      assert.deepEqual(await store.listMembers('a'), [{ id: 'u1', name: 'Ada L.' }, GRACE]);
      await store.addMember('b', ADA);
      assert.deepEqual(await store.roomsOfMember('u1'), ['a', 'b']);
      assert.equal(await store.removeMember('a', 'u1'), true);
      assert.equal(await store.removeMember('a', 'u1'), false);
      assert.equal(await store.removeMember('missing', 'u1'), false);
      assert.deepEqual(await store.roomsOfMember('u1'), ['b']);
      assert.deepEqual(await store.listMembers('missing'), []);
    });

    it('moves read cursors to max(current, min(seq, lastSeq))', async () => {
      const store = await makeStore({ rooms: ['a'] });
      for (let i = 1; i <= 5; i++) await insert(store, 'a', `c${i}`);
      assert.equal(await store.readSeq('a', 'u1'), 0);
      assert.deepEqual(await store.advanceReadCursor('a', 'u1', 3), { readSeq: 3, moved: true });
      assert.deepEqual(await store.advanceReadCursor('a', 'u1', 2), { readSeq: 3, moved: false });
      assert.deepEqual(await store.advanceReadCursor('a', 'u1', 99), { readSeq: 5, moved: true });
      assert.deepEqual(await store.advanceReadCursor('a', 'u1', 99), { readSeq: 5, moved: false });
      assert.equal(await store.readSeq('a', 'u1'), 5);
      assert.equal(await store.readSeq('a', 'u2'), 0);
    });

    describeChangesContract(makeStore);
  });
}
