// send: storing, broadcasting, idempotency, seq, and every error in its order.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createMemoryStore } from '../src/memory-store.mjs';
import { ADA, GRACE, LINUS, connectAs, errorCode, fakeClock, join, shutDown, startServer } from './helpers.mjs';
import { unchangedState } from './message-state.mjs';

it('stores the message, acks it, and broadcasts it to the room, the sender included', async () => {
  const clock = fakeClock();
  const server = await startServer({ now: clock.now });
  const ada = await connectAs(server, ADA);
  const adaPhone = await connectAs(server, ADA);
  const grace = await connectAs(server, GRACE);
  const linus = await connectAs(server, LINUS); // connected, but not in the room
  try {
    await Promise.all([join(ada, 'general'), join(adaPhone, 'general'), join(grace, 'general')]);
    const ack = await ada.request('send', { room: 'general', clientId: 'c-7f3a', text: 'Hello' });
    const expected = {
      id: ack.message.id,
      room: 'general',
      seq: 1,
      clientId: 'c-7f3a',
      author: ADA,
      text: 'Hello',
      createdAt: clock.now(),
      ...unchangedState(1),
    };
    assert.deepEqual(ack, { ok: true, message: expected });
    assert.equal(typeof ack.message.id, 'string');
    for (const client of [ada, adaPhone, grace]) assert.deepEqual(await client.waitFor('message'), expected);
    await linus.flush();
    assert.deepEqual(linus.received('message'), []);
  } finally {
    await shutDown(server, ada, adaPhone, grace, linus);
  }
});

it('stores and relays text verbatim, lengths in code points', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  try {
    await join(ada, 'general');
    const texts = ['  padded\nline two  ', '<b>not html</b> & **not markdown**', '😀'.repeat(4000), 'x'.repeat(4000), '\u200b'];
    for (const [i, text] of texts.entries()) {
      const ack = await ada.request('send', { room: 'general', clientId: `v${i}`, text });
      assert.equal(ack.ok, true, JSON.stringify(ack.error));
      assert.equal(ack.message.text, text);
    }
  } finally {
    await shutDown(server, ada);
  }
});

it('a repeated send returns the first message and is not broadcast again', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  const adaPhone = await connectAs(server, ADA);
  const grace = await connectAs(server, GRACE);
  try {
    await Promise.all([join(ada, 'general'), join(adaPhone, 'general'), join(grace, 'general')]);
    const first = await ada.request('send', { room: 'general', clientId: 'same', text: 'once' });
    const again = await ada.request('send', { room: 'general', clientId: 'same', text: 'once' });
    // On another connection of the same user, with other content: still the same send.
    const fromPhone = await adaPhone.request('send', { room: 'random', clientId: 'same', text: 'different' });
    assert.deepEqual(again, first);
    assert.deepEqual(fromPhone, first);
    // Another user's clientId space is their own.
    const graces = await grace.request('send', { room: 'general', clientId: 'same', text: 'mine' });
    assert.equal(graces.message.seq, 2);

    await Promise.all([ada.flush(), adaPhone.flush(), grace.flush()]);
    for (const client of [ada, adaPhone, grace]) {
      assert.deepEqual(client.received('message').map((m) => m.seq), [1, 2]);
    }
    assert.equal(server.store.lastSeq('general'), 2);
  } finally {
    await shutDown(server, ada, adaPhone, grace);
  }
});

it('numbers messages without gaps: failed and repeated sends use no seq', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  const grace = await connectAs(server, GRACE);
  try {
    await Promise.all([join(ada, 'general'), join(grace, 'general'), join(ada, 'random')]);
    const seqs = [];
    for (let i = 0; i < 20; i++) {
      const sender = i % 2 ? ada : grace;
      const ack = await sender.request('send', { room: 'general', clientId: `k${i}`, text: `m${i}` });
      seqs.push(ack.message.seq);
      await sender.request('send', { room: 'general', clientId: `k${i}`, text: `m${i}` }); // a repeat
      await sender.request('send', { room: 'general', clientId: `e${i}`, text: ' ' }); // empty
      await ada.request('send', { room: 'random', clientId: `r${i}`, text: 'elsewhere' }); // another room
    }
    assert.deepEqual(seqs, Array.from({ length: 20 }, (_, i) => i + 1));
    await grace.flush();
    assert.deepEqual(grace.received('message').map((m) => m.seq), seqs, 'broadcasts arrive in seq order');
    assert.equal(server.store.lastSeq('random'), 20);
  } finally {
    await shutDown(server, ada, grace);
  }
});

it('concurrent sends of one room get distinct consecutive seqs, each broadcast once', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  const grace = await connectAs(server, GRACE);
  try {
    await Promise.all([join(ada, 'general'), join(grace, 'general')]);
    const acks = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 ? ada : grace).request('send', { room: 'general', clientId: `p${i}`, text: `t${i}` }),
      ),
    );
    assert.deepEqual(acks.map((a) => a.message.seq).sort((a, b) => a - b), Array.from({ length: 30 }, (_, i) => i + 1));
    // The same key twice at once: one message.
    const [x, y] = await Promise.all([
      ada.request('send', { room: 'general', clientId: 'twice', text: 't' }),
      ada.request('send', { room: 'general', clientId: 'twice', text: 't' }),
    ]);
    assert.deepEqual(x, y);
    await grace.flush();
    assert.deepEqual(grace.received('message').map((m) => m.seq), Array.from({ length: 31 }, (_, i) => i + 1));
  } finally {
    await shutDown(server, ada, grace);
  }
});

it('send errors: bad_request for shapes, then not_found, unauthorized, not_member, empty, too_long', async () => {
  const server = await startServer();
  const grace = await connectAs(server, GRACE);
  try {
    await join(grace, 'general');
    const send = (payload) => grace.request('send', payload).then(errorCode);
    for (const payload of [
      { clientId: 'c', text: 'x' },
      { room: 'general', text: 'x' },
      { room: 'general', clientId: 'c' },
      { room: 'general', clientId: '', text: 'x' },
      { room: 'general', clientId: 'x'.repeat(65), text: 'x' },
      { room: 'general', clientId: 5, text: 'x' },
      { room: 'general', clientId: 'c', text: ['x'] },
      { room: 'general', clientId: 'c', text: null },
    ]) {
      assert.equal(await send(payload), 'bad_request', JSON.stringify(payload));
    }
    assert.equal(await send({ room: 'nowhere', clientId: 'c', text: 'x' }), 'not_found');
    assert.equal(await send({ room: 'private', clientId: 'c', text: 'x' }), 'unauthorized');
    assert.equal(await send({ room: 'random', clientId: 'c', text: 'x' }), 'not_member');
    for (const text of ['', '   ', '\n\t', '\u3000\u00a0\u2028']) {
      assert.equal(await send({ room: 'general', clientId: 'c', text }), 'empty', JSON.stringify(text));
    }
    assert.equal(await send({ room: 'general', clientId: 'c', text: 'x'.repeat(4001) }), 'too_long');
    assert.equal(await send({ room: 'general', clientId: 'c', text: '😀'.repeat(4001) }), 'too_long');
    const ack = await grace.request('send', { room: 'general', clientId: 'c', text: ' '.repeat(5000) });
    assert.deepEqual(ack.error, { code: 'empty', message: 'text is empty' });
    assert.equal(server.store.lastSeq('general'), 0, 'failed sends store nothing');
    // The clientId of failed sends stays unused.
    assert.equal((await grace.request('send', { room: 'general', clientId: 'c', text: 'now' })).message.seq, 1);
  } finally {
    await shutDown(server, grace);
  }
});

it('send checks in the documented order', async () => {
  const server = await startServer({ limits: { send: { burst: 1, perSecond: 0.001 } } });
  const ada = await connectAs(server, ADA);
  const grace = await connectAs(server, GRACE);
  try {
    await join(grace, 'general');
    const stored = await grace.request('send', { room: 'general', clientId: 'kept', text: 'first' });
    const send = (payload) => grace.request('send', payload).then(errorCode);
    // bad_request before the repeat lookup.
    assert.equal(await send({ room: 'general', clientId: 'kept' }), 'bad_request');
    assert.equal(await send({ room: '', clientId: 'kept', text: 'x' }), 'bad_request');
    // The repeat lookup before not_found, not_member and the text rules (and rate_limited).
    for (const room of ['nowhere', 'random', 'private']) {
      assert.deepEqual(await grace.request('send', { room, clientId: 'kept', text: '' }), stored);
    }
    // not_found and unauthorized before not_member.
    assert.equal(await send({ room: 'nowhere', clientId: 'n', text: '' }), 'not_found');
    assert.equal(await send({ room: 'private', clientId: 'n', text: '' }), 'unauthorized');
    // not_member before the text rules.
    assert.equal(await send({ room: 'random', clientId: 'n', text: '' }), 'not_member');
    assert.equal(await send({ room: 'random', clientId: 'n', text: 'x'.repeat(5000) }), 'not_member');
    // The text rules before rate_limited (the bucket of one is empty now).
    assert.equal(await send({ room: 'general', clientId: 'n', text: ' ' }), 'empty');
    assert.equal(await send({ room: 'general', clientId: 'n', text: 'x'.repeat(5000) }), 'too_long');
    assert.equal(await send({ room: 'general', clientId: 'n', text: 'fine' }), 'rate_limited');
    // Per user: Ada is not limited by Grace's sends.
    await join(ada, 'general');
    assert.equal((await ada.request('send', { room: 'general', clientId: 'n', text: 'fine' })).ok, true);
  } finally {
    await shutDown(server, ada, grace);
  }
});

it('rate_limited: a retry with the same clientId succeeds once the bucket refills', async () => {
  const clock = fakeClock();
  const server = await startServer({ now: clock.now, limits: { send: { burst: 3, perSecond: 1 } } });
  const ada = await connectAs(server, ADA);
  const adaPhone = await connectAs(server, ADA);
  try {
    await Promise.all([join(ada, 'general'), join(adaPhone, 'general')]);
    const codes = [];
    for (let i = 0; i < 4; i++) {
      const client = i % 2 ? adaPhone : ada; // one bucket for all of the user's connections
      codes.push(errorCode(await client.request('send', { room: 'general', clientId: `r${i}`, text: 'x' })));
    }
    assert.deepEqual(codes.slice(3), ['rate_limited']);
    assert.equal(server.store.lastSeq('general'), 3);
    clock.advance(999);
    assert.equal(errorCode(await ada.request('send', { room: 'general', clientId: 'r3', text: 'x' })), 'rate_limited');
    clock.advance(1);
    const retried = await ada.request('send', { room: 'general', clientId: 'r3', text: 'x' });
    assert.equal(retried.message.seq, 4);
  } finally {
    await shutDown(server, ada, adaPhone);
  }
});

it('internal: a failing store answers internal, stores nothing, and the server carries on', async () => {
  const store = createMemoryStore({ rooms: ['general'] });
  let failNext = false;
  const failingStore = {
    ...store,
    insertMessage(message) {
      if (failNext) {
        failNext = false;
        throw new Error('disk full');
      }
      return store.insertMessage(message);
    },
  };
  const failures = [];
  const server = await startServer({ store: failingStore, onError: (error, context) => failures.push([context, error.message]) });
  const ada = await connectAs(server, ADA);
  try {
    await join(ada, 'general');
    failNext = true;
    const ack = await ada.request('send', { room: 'general', clientId: 'c1', text: 'hi' });
    assert.deepEqual(ack, { ok: false, error: { code: 'internal', message: 'the server failed; retry later' } });
    assert.deepEqual(failures, [['send by u1', 'disk full']]);
    const retry = await ada.request('send', { room: 'general', clientId: 'c1', text: 'hi' });
    assert.equal(retry.message.seq, 1);
    await ada.flush();
    assert.deepEqual(ada.received('message').map((m) => m.seq), [1]);
  } finally {
    await shutDown(server, ada);
  }
});
