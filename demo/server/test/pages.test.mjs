// Unit tests of page selection and the frame limit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_FRAME_BYTES } from '../src/limits.mjs';
import { createMemoryStore } from '../src/memory-store.mjs';
import { ackWithPage, pageAfter, pageBefore } from '../src/pages.mjs';

function storeWith(count, text = (i) => `message ${i}`) {
  const store = createMemoryStore({ rooms: ['a'] });
  for (let i = 1; i <= count; i++) {
    store.insertMessage({ room: 'a', clientId: null, author: { id: 'u', name: 'U' }, text: text(i), createdAt: 0 });
  }
  return store;
}

const seqs = (page) => page.messages.map((m) => m.seq);

describe('pages', () => {
  it('hasMore says whether messages exist beyond the page, in its direction', () => {
    const store = storeWith(10);
    assert.deepEqual(seqs(pageBefore(store, 'a', null, 4)), [7, 8, 9, 10]);
    assert.equal(pageBefore(store, 'a', null, 4).hasMore, true);
    assert.equal(pageBefore(store, 'a', null, 10).hasMore, false);
    assert.equal(pageBefore(store, 'a', 5, 4).hasMore, false);
    assert.equal(pageBefore(store, 'a', 6, 4).hasMore, true);
    assert.deepEqual(seqs(pageAfter(store, 'a', 3, 4)), [4, 5, 6, 7]);
    assert.equal(pageAfter(store, 'a', 3, 4).hasMore, true);
    assert.equal(pageAfter(store, 'a', 6, 4).hasMore, false);
    assert.equal(pageAfter(store, 'a', 10, 4).hasMore, false);
  });

  it('keeps small pages whole', () => {
    const store = storeWith(3);
    const ack = ackWithPage({ ok: true, messages: [], hasMore: false }, pageAfter(store, 'a', 0, 100));
    assert.deepEqual(ack.messages.map((m) => m.seq), [1, 2, 3]);
    assert.equal(ack.hasMore, false);
    assert.deepEqual(Object.keys(ack), ['ok', 'messages', 'hasMore'], 'fields keep their order');
  });

  it('shortens a page over the frame limit from the far end and sets hasMore', () => {
    // Control characters are escaped as \u00XX: 6 bytes each in the frame.
    const store = storeWith(100, () => '\u0001'.repeat(4000));
    const frame = (ack) => Buffer.byteLength(`43${Number.MAX_SAFE_INTEGER}${JSON.stringify([ack])}`);

    const after = ackWithPage({ ok: true, messages: [], hasMore: false }, pageAfter(store, 'a', 0, 100));
    assert.ok(after.messages.length > 1 && after.messages.length < 100, `${after.messages.length} kept`);
    assert.equal(after.messages[0].seq, 1, 'the oldest are kept for after');
    assert.equal(after.hasMore, true);
    assert.ok(frame(after) <= MAX_FRAME_BYTES);

    const before = ackWithPage({ ok: true, messages: [], hasMore: false }, pageBefore(store, 'a', null, 100));
    assert.equal(before.messages.at(-1).seq, 100, 'the newest are kept for the latest page');
    assert.equal(before.hasMore, true);
    assert.ok(frame(before) <= MAX_FRAME_BYTES);
    // Nearly full: one more message would not have fitted.
    assert.ok(frame(before) + 24_000 > MAX_FRAME_BYTES);
  });

  it('keeps at least one message so that paging progresses', () => {
    const store = storeWith(2);
    const ack = ackWithPage({ ok: true, messages: [], hasMore: false }, pageAfter(store, 'a', 0, 100), 10);
    assert.deepEqual(ack.messages.map((m) => m.seq), [1]);
    assert.equal(ack.hasMore, true);
  });
});
