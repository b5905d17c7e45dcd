// Malformed payloads: every request answers bad_request (typing: nothing),
// the server never fails, and the connection carries on.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ADA, GRACE, connectAs, errorCode, join, shutDown, startServer } from './helpers.mjs';

const REQUESTS = ['join', 'leave', 'send', 'read', 'history', 'members', 'edit', 'delete', 'react', 'changes'];

const NOT_OBJECTS = [null, 0, 42, -1.5, 'general', '', true, false, [], [{ room: 'general' }], Buffer.from('{"room":"general"}')];

it('a payload that is missing or not an object is bad_request for every request', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  try {
    await join(ada, 'general');
    for (const event of REQUESTS) {
      // No argument at all besides the ack.
      const ack = await ada.request(event);
      assert.deepEqual(ack, { ok: false, error: { code: 'bad_request', message: 'the payload must be an object' } }, event);
      for (const payload of NOT_OBJECTS) {
        assert.equal(errorCode(await ada.request(event, payload)), 'bad_request', `${event} ${JSON.stringify(payload)}`);
      }
    }
  } finally {
    await shutDown(server, ada);
  }
});

it('missing fields and fields of the wrong type are bad_request', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  try {
    await join(ada, 'general');
    const wrong = [undefined, null, 1, true, [], {}, ['general'], { room: 'general' }];
    for (const event of REQUESTS) {
      for (const room of wrong) {
        const payload = { room, clientId: 'c', text: 'x', seq: 1, id: 'm-1', opId: 'o', emoji: '👍', on: true, afterRev: 0 };
        assert.equal(errorCode(await ada.request(event, payload)), 'bad_request', `${event} room=${JSON.stringify(room)}`);
      }
    }
    const cases = {
      send: [{ clientId: {}, text: 'x' }, { clientId: 'c', text: {} }, { clientId: 'c', text: 12 }, { clientId: ['c'], text: 'x' }],
      read: [{ seq: '1' }, { seq: {} }, { seq: [1] }, { seq: true }, { seq: 1e300 }, { seq: -0.5 }],
      history: [{ before: '2' }, { after: {} }, { limit: [] }, { limit: 1.5 }, { before: true }],
      join: [{ since: '0' }, { since: {} }, { since: -(2 ** 60) }, { since: 1, sinceRev: '1' }, { sinceRev: -1 }],
      send: [{ clientId: 'c', text: 'x', replyTo: 5 }, { clientId: 'c', text: 'x', replyTo: '' }, { clientId: 'c', text: 'x', replyTo: ['m-1'] }],
      edit: [{ id: 'm-1', opId: 'o' }, { id: 'm-1', text: 'x' }, { id: 5, opId: 'o', text: 'x' }, { id: 'm-1', opId: {}, text: 'x' }],
      delete: [{ opId: 'o' }, { id: 'm-1' }, { id: '', opId: 'o' }, { id: 'm-1', opId: 'x'.repeat(65) }],
      react: [
        { id: 'm-1', opId: 'o', emoji: '👍' },
        { id: 'm-1', opId: 'o', emoji: '👍', on: 'true' },
        { id: 'm-1', opId: 'o', emoji: 128077, on: true },
        { id: 'm-1', opId: 'o', on: true },
        { id: 'm-1', emoji: '👍', on: true },
      ],
      changes: [{}, { afterRev: '0' }, { afterRev: 1.5 }, { afterRev: 0, limit: 0 }, { afterRev: 0, limit: '10' }],
    };
    for (const [event, payloads] of Object.entries(cases)) {
      for (const fields of payloads) {
        assert.equal(errorCode(await ada.request(event, { room: 'general', ...fields })), 'bad_request', `${event} ${JSON.stringify(fields)}`);
      }
    }
    assert.deepEqual([server.store.lastSeq('general'), server.store.roomRev('general')], [0, 0]);
  } finally {
    await shutDown(server, ada);
  }
});

it('unknown fields and further arguments are ignored', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  try {
    const ack = await ada.request('join', { room: 'general', color: 'blue', since: null }, 'extra', 3);
    assert.equal(ack.ok, true);
    const sent = await ada.request('send', { room: 'general', clientId: 'c', text: 'hi', markdown: true }, { room: 'other' });
    assert.equal(sent.message.text, 'hi');
    assert.deepEqual(Object.keys(sent.message), [
      'id', 'room', 'seq', 'clientId', 'author', 'text', 'createdAt', 'version', 'rev', 'editedAt', 'deleted', 'reactions', 'replyTo',
    ]);
  } finally {
    await shutDown(server, ada);
  }
});

it('huge and strange text never crashes: too_long, empty, or stored verbatim', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  try {
    await join(ada, 'general');
    const send = (clientId, text) => ada.request('send', { room: 'general', clientId, text });
    assert.equal(errorCode(await send('big', 'x'.repeat(900_000))), 'too_long');
    assert.equal(errorCode(await send('bigspace', ' '.repeat(900_000))), 'empty');
    assert.equal(errorCode(await send('bigid'.repeat(100_000), 'x')), 'bad_request');
    for (const [i, text] of ['\u0000', '\ud800', '\udfff\ud800', '\u{10ffff}', 'a\u0000b'].entries()) {
      const ack = await send(`odd${i}`, text);
      assert.equal(ack.message.text, text, JSON.stringify(text));
    }
    // Deep nesting where a string is expected.
    let deep = 'x';
    for (let i = 0; i < 2000; i++) deep = { deep };
    assert.equal(errorCode(await send('deep', deep)), 'bad_request');
    assert.equal((await send('after', 'still here')).ok, true);
  } finally {
    await shutDown(server, ada);
  }
});

it('ids and keys with control characters or unpaired surrogates are bad_request, whatever the field', async () => {
  const server = await startServer({ createRoomsOnJoin: true });
  const ada = await connectAs(server, ADA);
  try {
    await join(ada, 'general');
    const sent = await ada.request('send', { room: 'general', clientId: 'fine', text: 'x' });
    const id = sent.message.id;
    // Each is a name PostgreSQL could not keep as given (U+0000) or would keep as another (a lone surrogate).
    for (const odd of ['a\u0000b', '\u0000', 'tab\there', 'del\u007f', '\ud800', 'x\udfff\ud800']) {
      const requests = [
        ['join', { room: odd }],
        ['send', { room: odd, clientId: 'c', text: 'x' }],
        ['send', { room: 'general', clientId: odd, text: 'x' }],
        ['send', { room: 'general', clientId: 'c', text: 'x', replyTo: odd }],
        ['edit', { room: 'general', id: odd, text: 'y', opId: 'o' }],
        ['edit', { room: 'general', id, text: 'y', opId: odd }],
        ['react', { room: 'general', id, emoji: '👍', on: true, opId: odd }],
        ['history', { room: 'general', around: odd }],
      ];
      for (const [event, payload] of requests) {
        const ack = await ada.request(event, payload);
        assert.equal(errorCode(ack), 'bad_request', `${event} ${JSON.stringify(payload)}`);
        assert.match(ack.error.message, /control characters or unpaired surrogates/);
      }
    }
    // Names outside ASCII are fine: the rule is about what cannot be kept as given.
    assert.equal((await ada.request('send', { room: 'general', clientId: 'clé-🔑', text: 'x' })).ok, true);
    assert.equal((await ada.request('join', { room: 'café' })).ok, true);
  } finally {
    await shutDown(server, ada);
  }
});

it('a frame over 1000000 bytes closes that connection only', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  const grace = await connectAs(server, GRACE);
  try {
    await join(ada, 'general');
    const disconnected = new Promise((resolve) => ada.socket.once('disconnect', resolve));
    ada.emit('send', { room: 'general', clientId: 'huge', text: 'x'.repeat(1_000_001) });
    assert.equal(await disconnected, 'transport close');
    assert.equal((await grace.request('join', { room: 'general' })).lastSeq, 0);
  } finally {
    await shutDown(server, ada, grace);
  }
});

it('requests sent without an ack id are still carried out, and answered with nothing', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  const grace = await connectAs(server, GRACE);
  try {
    await join(grace, 'general');
    ada.emit('join', { room: 'general' });
    ada.emit('send', { room: 'general', clientId: 'no-ack', text: 'fire and forget' });
    ada.emit('send', 'garbage');
    assert.equal((await grace.waitFor('message')).clientId, 'no-ack');
  } finally {
    await shutDown(server, ada, grace);
  }
});
