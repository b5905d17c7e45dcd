// Unit tests of page selection and the frame limit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_FRAME_BYTES } from '../src/limits.mjs';
import { createMemoryStore } from '../src/memory-store.mjs';
import { ackWithAroundPage, ackWithPage, pageAfter, pageAround, pageBefore } from '../src/pages.mjs';
import { openSqliteStore } from '../src/sqlite-store.mjs';

async function storeWith(count, text = (i) => `message ${i}`, open = () => createMemoryStore({ rooms: ['a'] })) {
  const store = open();
  for (let i = 1; i <= count; i++) {
    await store.insertMessage({ room: 'a', clientId: null, author: { id: 'u', name: 'U' }, text: text(i), createdAt: 0 });
  }
  return store;
}

const seqs = (page) => page.messages.map((m) => m.seq);

describe('pages', async () => {
  it('hasMore says whether messages exist beyond the page, in its direction', async () => {
    const store = await storeWith(10);
    assert.deepEqual(seqs(await pageBefore(store, 'a', null, 4)), [7, 8, 9, 10]);
    assert.equal((await pageBefore(store, 'a', null, 4)).hasMore, true);
    assert.equal((await pageBefore(store, 'a', null, 10)).hasMore, false);
    assert.equal((await pageBefore(store, 'a', 5, 4)).hasMore, false);
    assert.equal((await pageBefore(store, 'a', 6, 4)).hasMore, true);
    assert.deepEqual(seqs(await pageAfter(store, 'a', 3, 4)), [4, 5, 6, 7]);
    assert.equal((await pageAfter(store, 'a', 3, 4)).hasMore, true);
    assert.equal((await pageAfter(store, 'a', 6, 4)).hasMore, false);
    assert.equal((await pageAfter(store, 'a', 10, 4)).hasMore, false);
  });

  it('keeps small pages whole', async () => {
    const store = await storeWith(3);
    const ack = ackWithPage({ ok: true, messages: [], hasMore: false }, await pageAfter(store, 'a', 0, 100));
    assert.deepEqual(ack.messages.map((m) => m.seq), [1, 2, 3]);
    assert.equal(ack.hasMore, false);
    assert.deepEqual(Object.keys(ack), ['ok', 'messages', 'hasMore'], 'fields keep their order');
  });

  it('shortens a page over the frame limit from the far end and sets hasMore', async () => {
    // Control characters are escaped as \u00XX: 6 bytes each in the frame.
    const store = await storeWith(100, () => '\u0001'.repeat(4000));
    const frame = (ack) => Buffer.byteLength(`43${Number.MAX_SAFE_INTEGER}${JSON.stringify([ack])}`);

    const after = ackWithPage({ ok: true, messages: [], hasMore: false }, await pageAfter(store, 'a', 0, 100));
    assert.ok(after.messages.length > 1 && after.messages.length < 100, `${after.messages.length} kept`);
    assert.equal(after.messages[0].seq, 1, 'the oldest are kept for after');
    assert.equal(after.hasMore, true);
    assert.ok(frame(after) <= MAX_FRAME_BYTES);

    const before = ackWithPage({ ok: true, messages: [], hasMore: false }, await pageBefore(store, 'a', null, 100));
    assert.equal(before.messages.at(-1).seq, 100, 'the newest are kept for the latest page');
    assert.equal(before.hasMore, true);
    assert.ok(frame(before) <= MAX_FRAME_BYTES);
    // Nearly full: one more message would not have fitted.
    assert.ok(frame(before) + 24_000 > MAX_FRAME_BYTES);
  });

  it('keeps at least one message so that paging progresses', async () => {
    const store = await storeWith(2);
    const ack = ackWithPage({ ok: true, messages: [], hasMore: false }, await pageAfter(store, 'a', 0, 100), 10);
    assert.deepEqual(ack.messages.map((m) => m.seq), [1]);
    assert.equal(ack.hasMore, true);
  });

  // Around a message: only getMessage, messagesBefore and messagesAfter of the
  // store contract, so both stores give the same pages.
  const stores = {
    memory: () => createMemoryStore({ rooms: ['a'] }),
    sqlite: () => {
      const store = openSqliteStore(':memory:');
      store.createRoom('a', 0);
      return store;
    },
  };
  for (const [name, open] of Object.entries(stores)) {
    it(`a page around a message is centered on it, and fills from the other side near an end (${name} store)`, async () => {
      const store = await storeWith(20, undefined, open);
      const around = async (seq, limit) => {
        const page = await pageAround(store, 'a', (await store.messagesAfter('a', seq - 1, 1))[0], limit);
        return [seqs(page), page.messages[page.target].seq, page.hasOlder, page.hasNewer];
      };
      assert.deepEqual(await around(10, 5), [[8, 9, 10, 11, 12], 10, true, true]);
      assert.deepEqual(await around(10, 4), [[9, 10, 11, 12], 10, true, true], 'the odd one out is newer');
      assert.deepEqual(await around(2, 5), [[1, 2, 3, 4, 5], 2, false, true], 'near the start: more newer');
      assert.deepEqual(await around(19, 5), [[16, 17, 18, 19, 20], 19, true, false], 'near the end: more older');
      assert.deepEqual(await around(10, 1), [[10], 10, true, true]);
      assert.deepEqual(await around(10, 100), [Array.from({ length: 20 }, (_, i) => i + 1), 10, false, false]);
      if (store.close) store.close();
    });
  }

  it('shortens a page around a message from both ends and keeps the message', async () => {
    const store = await storeWith(100, () => '\u0001'.repeat(4000));
    const frame = (ack) => Buffer.byteLength(`43${Number.MAX_SAFE_INTEGER}${JSON.stringify([ack])}`);
    const target = (await store.messagesAfter('a', 49, 1))[0];
    const ack = ackWithAroundPage({ ok: true }, await pageAround(store, 'a', target, 100));
    assert.ok(ack.messages.length > 1 && ack.messages.length < 100, `${ack.messages.length} kept`);
    assert.ok(ack.messages.some((m) => m.seq === 50), 'the target stays');
    const first = ack.messages[0].seq;
    const last = ack.messages.at(-1).seq;
    assert.ok(Math.abs(50 - first - (last - 50)) <= 1, `centered: ${first}..${last}`);
    assert.deepEqual([ack.hasOlder, ack.hasNewer, ack.hasMore], [true, true, true]);
    assert.deepEqual(Object.keys(ack), ['ok', 'messages', 'hasMore', 'hasOlder', 'hasNewer']);
    assert.ok(frame(ack) <= MAX_FRAME_BYTES);

    const small = await storeWith(3);
    const whole = ackWithAroundPage({ ok: true }, await pageAround(small, 'a', (await small.messagesAfter('a', 0, 1))[0], 50));
    assert.deepEqual([whole.messages.map((m) => m.seq), whole.hasOlder, whole.hasNewer, whole.hasMore], [[1, 2, 3], false, false, false]);
  });
});
