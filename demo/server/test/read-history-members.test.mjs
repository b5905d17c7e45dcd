// read cursors, history pages and the members list.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ADA, GRACE, connectAs, errorCode, join, sendMany, shutDown, startServer } from './helpers.mjs';

it('read moves the cursor to max(current, min(seq, lastSeq)) and tells the other connections', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  const adaPhone = await connectAs(server, ADA);
  const grace = await connectAs(server, GRACE);
  try {
    await Promise.all([join(ada, 'general'), join(adaPhone, 'general'), join(grace, 'general')]);
    await sendMany(grace, 'general', 5);
    assert.deepEqual(await ada.request('read', { room: 'general', seq: 3 }), { ok: true, readSeq: 3 });
    const expected = { room: 'general', user: ADA, seq: 3 };
    assert.deepEqual(await adaPhone.waitFor('read'), expected, "the user's other devices follow");
    assert.deepEqual(await grace.waitFor('read'), expected);

    assert.deepEqual(await ada.request('read', { room: 'general', seq: 1 }), { ok: true, readSeq: 3 }, 'never backwards');
    assert.deepEqual(await adaPhone.request('read', { room: 'general', seq: 3 }), { ok: true, readSeq: 3 });
    assert.deepEqual(await ada.request('read', { room: 'general', seq: 99 }), { ok: true, readSeq: 5 }, 'never past lastSeq');
    assert.deepEqual(await grace.waitFor('read', (r) => r.seq === 5), { room: 'general', user: ADA, seq: 5 });

    await Promise.all([ada.flush(), adaPhone.flush(), grace.flush()]);
    assert.deepEqual(ada.received('read'), [], 'not to the connection that sent it');
    assert.deepEqual(grace.received('read').map((r) => r.seq), [3, 5], 'only when it moved');
    assert.deepEqual(adaPhone.received('read').map((r) => r.seq), [3, 5]);

    // The join ack carries it, on any connection.
    assert.equal((await join(adaPhone, 'general')).readSeq, 5);
    assert.equal((await join(grace, 'general')).readSeq, 0, 'one cursor per user');
  } finally {
    await shutDown(server, ada, adaPhone, grace);
  }
});

it('read errors: bad_request, not_found, not_member', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  try {
    await join(ada, 'general');
    for (const payload of [{ room: 'general' }, { room: 'general', seq: -1 }, { room: 'general', seq: '3' }, { room: 'general', seq: 2.5 }, { seq: 1 }]) {
      assert.equal(errorCode(await ada.request('read', payload)), 'bad_request', JSON.stringify(payload));
    }
    assert.equal(errorCode(await ada.request('read', { room: 'nowhere', seq: 1 })), 'not_found');
    assert.equal(errorCode(await ada.request('read', { room: 'random', seq: 1 })), 'not_member');
    assert.equal(errorCode(await ada.request('read', { room: 'nowhere', seq: -1 })), 'bad_request');
    assert.equal(server.store.readSeq('random', ADA.id), 0);
  } finally {
    await shutDown(server, ada);
  }
});

it('history pages before, after and the latest, with hasMore in the direction asked', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  try {
    await join(ada, 'general');
    const sent = await sendMany(ada, 'general', 120);
    const page = async (query) => {
      const ack = await ada.request('history', { room: 'general', ...query });
      assert.deepEqual(Object.keys(ack), ['ok', 'messages', 'hasMore']);
      return [ack.messages.map((m) => m.seq), ack.hasMore];
    };
    const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

    assert.deepEqual(await page({}), [range(71, 120), true], 'default: the latest 50');
    assert.deepEqual(await page({ limit: 100, before: null, after: null }), [range(21, 120), true]);
    assert.deepEqual(await page({ before: 3, limit: 2 }), [[1, 2], false]);
    assert.deepEqual(await page({ before: 4, limit: 2 }), [[2, 3], true]);
    assert.deepEqual(await page({ before: 1 }), [[], false]);
    assert.deepEqual(await page({ before: 10 ** 15, limit: 1 }), [[120], true]);
    assert.deepEqual(await page({ after: 0, limit: 3 }), [[1, 2, 3], true]);
    assert.deepEqual(await page({ after: 117, limit: 3 }), [[118, 119, 120], false]);
    assert.deepEqual(await page({ after: 120 }), [[], false]);
    assert.deepEqual(await page({ after: 10, limit: 100 }), [range(11, 110), true]);

    const ack = await ada.request('history', { room: 'general', after: 4, limit: 1 });
    assert.deepEqual(ack.messages, [sent[4]], 'the stored messages themselves');
  } finally {
    await shutDown(server, ada);
  }
});

it('history shortens a page over 1000000 bytes and keeps the end the client pages from', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  try {
    await join(ada, 'general');
    // 4000 control characters: 24000 bytes of JSON each, so 100 would be 2.4 MB.
    for (let i = 1; i <= 100; i++) await server.protocol.postMessage({ room: 'general', author: GRACE, text: '\u0001'.repeat(4000) });
    const older = await ada.request('history', { room: 'general', limit: 100 });
    assert.ok(older.messages.length < 100 && older.messages.length > 1);
    assert.equal(older.messages.at(-1).seq, 100);
    assert.equal(older.hasMore, true);
    assert.ok(Buffer.byteLength(JSON.stringify([older])) < 1_000_000);

    const newer = await ada.request('history', { room: 'general', after: 0, limit: 100 });
    assert.equal(newer.messages[0].seq, 1);
    assert.equal(newer.hasMore, true);
    // A client that continues from the last seq it got reaches the end.
    let after = newer.messages.at(-1).seq;
    let hasMore = newer.hasMore;
    while (hasMore) {
      const next = await ada.request('history', { room: 'general', after, limit: 100 });
      assert.equal(next.messages[0].seq, after + 1);
      after = next.messages.at(-1).seq;
      hasMore = next.hasMore;
    }
    assert.equal(after, 100);
  } finally {
    await shutDown(server, ada);
  }
});

it('history around a message: the page centered on it, with hasOlder and hasNewer', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  try {
    await join(ada, 'general');
    const sent = await sendMany(ada, 'general', 30);
    await join(ada, 'random');
    const elsewhere = await sendMany(ada, 'random', 1, 'r');
    const around = (id, limit) => ada.request('history', { room: 'general', around: id, limit });

    const middle = await around(sent[14].id, 5);
    assert.deepEqual(Object.keys(middle), ['ok', 'messages', 'hasMore', 'hasOlder', 'hasNewer']);
    assert.deepEqual(middle.messages.map((m) => m.seq), [13, 14, 15, 16, 17]);
    assert.deepEqual(middle.messages[2], sent[14], 'the stored message itself');
    assert.deepEqual([middle.hasOlder, middle.hasNewer, middle.hasMore], [true, true, true]);

    const newest = await around(sent[29].id, 4);
    assert.deepEqual(newest.messages.map((m) => m.seq), [27, 28, 29, 30]);
    assert.deepEqual([newest.hasOlder, newest.hasNewer], [true, false]);
    const defaultLimit = await ada.request('history', { room: 'general', around: sent[0].id });
    assert.deepEqual([defaultLimit.messages.length, defaultLimit.hasOlder, defaultLimit.hasNewer], [30, false, false]);

    assert.equal(errorCode(await around('no-such-id', 5)), 'message_not_found');
    assert.equal(errorCode(await around(elsewhere[0].id, 5)), 'message_not_found', 'a message of another room');
    assert.equal(errorCode(await ada.request('history', { room: 'private', around: sent[0].id })), 'not_member');
    for (const payload of [
      { room: 'general', around: '' },
      { room: 'general', around: 5 },
      { room: 'general', around: sent[0].id, after: 1 },
      { room: 'general', around: sent[0].id, before: 2 },
    ]) {
      assert.equal(errorCode(await ada.request('history', payload)), 'bad_request', JSON.stringify(payload));
    }
  } finally {
    await shutDown(server, ada);
  }
});

it('history errors: bad_request, not_found, not_member', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  try {
    await join(ada, 'general');
    for (const payload of [
      { room: 'general', before: 3, after: 1 },
      { room: 'general', before: 0 },
      { room: 'general', after: -1 },
      { room: 'general', limit: 0 },
      { room: 'general', limit: 101 },
      { room: 'general', limit: '5' },
      { room: 'general', before: 2 ** 53 },
      {},
    ]) {
      assert.equal(errorCode(await ada.request('history', payload)), 'bad_request', JSON.stringify(payload));
    }
    assert.equal(errorCode(await ada.request('history', { room: 'nowhere' })), 'not_found');
    assert.equal(errorCode(await ada.request('history', { room: 'random' })), 'not_member');
    assert.equal(errorCode(await ada.request('history', { room: 'random', limit: 500 })), 'bad_request');
  } finally {
    await shutDown(server, ada);
  }
});

it('members lists the members with their online flags', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  const grace = await connectAs(server, GRACE);
  try {
    await join(ada, 'general');
    await join(grace, 'general');
    assert.deepEqual(await ada.request('members', { room: 'general' }), {
      ok: true,
      members: [
        { user: ADA, online: true },
        { user: GRACE, online: true },
      ],
    });
    grace.close();
    await ada.waitFor('presence');
    assert.deepEqual((await ada.request('members', { room: 'general' })).members, [
      { user: ADA, online: true },
      { user: GRACE, online: false },
    ]);
    assert.equal(errorCode(await ada.request('members', {})), 'bad_request');
    assert.equal(errorCode(await ada.request('members', { room: 'nowhere' })), 'not_found');
    assert.equal(errorCode(await ada.request('members', { room: 'random' })), 'not_member');
  } finally {
    await shutDown(server, ada, grace);
  }
});
