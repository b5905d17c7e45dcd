// edit and delete: the change, message_updated to the room, versions,
// tombstones, who may, opId idempotency, and every error in its order.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createMemoryStore } from '../src/memory-store.mjs';
import { ADA, GRACE, LINUS, connectAs, errorCode, fakeClock, join, shutDown, startServer } from './helpers.mjs';

/** A server whose `general` has Linus as its admin. */
const startWithAdmin = (options = {}) =>
  startServer({ store: createMemoryStore({ rooms: ['general', 'random', 'private'], admins: { general: [LINUS.id] } }), ...options });

/** Ada and Grace in `general`, and a message of Ada's there. */
async function setUp(server) {
  const ada = await connectAs(server, ADA);
  const grace = await connectAs(server, GRACE);
  await Promise.all([join(ada, 'general'), join(grace, 'general')]);
  const { message } = await ada.request('send', { room: 'general', clientId: 'c1', text: 'Hello' });
  return { ada, grace, message };
}

it('edit: the author changes the text; the room, the author included, gets message_updated', async () => {
  const clock = fakeClock();
  const server = await startServer({ now: clock.now });
  const { ada, grace, message } = await setUp(server);
  try {
    clock.advance(5000);
    const ack = await ada.request('edit', { room: 'general', id: message.id, text: 'Hello, all', opId: 'e1' });
    const expected = { ...message, text: 'Hello, all', version: 2, rev: 2, editedAt: clock.now() };
    assert.deepEqual(ack, { ok: true, message: expected });
    for (const client of [ada, grace]) assert.deepEqual(await client.waitFor('message_updated'), expected);

    const again = await ada.request('edit', { room: 'general', id: message.id, text: 'Hello, everyone', opId: 'e2' });
    assert.deepEqual([again.message.version, again.message.rev], [3, 3], 'every edit is a version');
    const history = await ada.request('history', { room: 'general' });
    assert.deepEqual(history.messages, [again.message], 'history carries the current state');
  } finally {
    await shutDown(server, ada, grace);
  }
});

it('a repeated opId returns the current state, applies nothing and broadcasts nothing', async () => {
  const server = await startServer();
  const { ada, grace, message } = await setUp(server);
  const adaPhone = await connectAs(server, ADA);
  try {
    const edit = (text, opId, client = ada) => client.request('edit', { room: 'general', id: message.id, text, opId });
    await edit('A', 'op-a');
    const b = await edit('B', 'op-b');
    // The retry of A, late: the text stays B. From another connection, before any join, too.
    assert.deepEqual(await edit('A', 'op-a'), b);
    assert.deepEqual(await edit('A', 'op-a', adaPhone), b);
    // One key space for every change: a delete under a used opId changes nothing either.
    assert.deepEqual(await ada.request('delete', { room: 'general', id: message.id, opId: 'op-a' }), b);
    await grace.flush();
    assert.deepEqual(grace.received('message_updated').map((m) => [m.text, m.version]), [['A', 2], ['B', 3]]);
    assert.equal(server.store.roomRev('general'), 3);
    // Another user's opIds are their own.
    const { message: own } = await grace.request('send', { room: 'general', clientId: 'g', text: 'mine' });
    assert.equal((await grace.request('edit', { room: 'general', id: own.id, text: 'Mine', opId: 'op-a' })).message.text, 'Mine');
  } finally {
    await shutDown(server, ada, adaPhone, grace);
  }
});

it('edit: only the author; text rules as for send; gone after a delete', async () => {
  const server = await startWithAdmin();
  const { ada, grace, message } = await setUp(server);
  const linus = await connectAs(server, LINUS);
  try {
    await join(linus, 'general');
    let op = 0;
    const edit = (client, fields) =>
      client.request('edit', { room: 'general', id: message.id, opId: `o${++op}`, text: 'x', ...fields }).then(errorCode);
    assert.equal(await edit(grace, {}), 'unauthorized');
    assert.equal(await edit(linus, {}), 'unauthorized', 'an admin may delete, not edit');
    assert.equal(await edit(ada, { text: ' \n' }), 'empty');
    assert.equal(await edit(ada, { text: 'x'.repeat(4001) }), 'too_long');
    assert.equal((await ada.request('edit', { room: 'general', id: message.id, opId: 'ok', text: '😀'.repeat(4000) })).ok, true);
    await ada.request('delete', { room: 'general', id: message.id, opId: 'd' });
    assert.equal(await edit(ada, {}), 'gone');
    assert.equal(await edit(grace, {}), 'gone', 'gone comes before who');
  } finally {
    await shutDown(server, ada, grace, linus);
  }
});

it('delete: the author makes a tombstone, broadcast once; a delete of a tombstone succeeds quietly', async () => {
  const server = await startServer();
  const { ada, grace, message } = await setUp(server);
  try {
    await grace.request('react', { room: 'general', id: message.id, emoji: '👍', on: true, opId: 'r' });
    await ada.request('edit', { room: 'general', id: message.id, text: 'edited', opId: 'e' });
    const ack = await ada.request('delete', { room: 'general', id: message.id, opId: 'd1' });
    const tombstone = { ...message, text: '', version: 4, rev: 4, editedAt: null, deleted: true, reactions: [], replyTo: null };
    assert.deepEqual(ack, { ok: true, message: tombstone });
    assert.deepEqual(await grace.waitFor('message_updated', (m) => m.deleted), tombstone);

    // Anyone's delete of a tombstone: a success that changes nothing.
    assert.deepEqual(await grace.request('delete', { room: 'general', id: message.id, opId: 'd2' }), ack);
    assert.deepEqual(await ada.request('delete', { room: 'general', id: message.id, opId: 'd3' }), ack);
    await grace.flush();
    assert.equal(grace.received('message_updated').length, 3);
    const joined = await join(grace, 'general');
    assert.deepEqual(joined.messages, [tombstone], 'the join page carries the tombstone');
    assert.equal(joined.lastSeq, 1, 'a delete keeps the seq');
  } finally {
    await shutDown(server, ada, grace);
  }
});

it('delete: an admin of the room may delete anyone\'s message; others may not', async () => {
  const server = await startWithAdmin();
  const { ada, grace, message } = await setUp(server);
  const linus = await connectAs(server, LINUS);
  try {
    await Promise.all([join(linus, 'general'), join(linus, 'random'), join(grace, 'random')]);
    assert.equal(errorCode(await grace.request('delete', { room: 'general', id: message.id, opId: 'g' })), 'unauthorized');
    assert.equal(grace.received('message_updated').length, 0);
    const ack = await linus.request('delete', { room: 'general', id: message.id, opId: 'l' });
    assert.deepEqual([ack.message.deleted, ack.message.author], [true, ADA]);
    assert.equal((await ada.waitFor('message_updated')).deleted, true);
    // Admin of general only.
    const { message: elsewhere } = await grace.request('send', { room: 'random', clientId: 'r', text: 'x' });
    assert.equal(errorCode(await linus.request('delete', { room: 'random', id: elsewhere.id, opId: 'l2' })), 'unauthorized');
  } finally {
    await shutDown(server, ada, grace, linus);
  }
});

it('message_not_found for an unknown id, or one of another room', async () => {
  const server = await startServer();
  const { ada, grace, message } = await setUp(server);
  try {
    await join(ada, 'random');
    const { message: inRandom } = await ada.request('send', { room: 'random', clientId: 'r', text: 'x' });
    for (const [event, extra] of [['edit', { text: 'x' }], ['delete', {}], ['react', { emoji: '👍', on: true }]]) {
      for (const [room, id] of [['general', 'm-999'], ['general', 'nonsense'], ['general', inRandom.id], ['random', message.id]]) {
        const ack = await ada.request(event, { room, id, opId: `${event}-${room}-${id}`, ...extra });
        assert.equal(errorCode(ack), 'message_not_found', `${event} ${room} ${id}`);
      }
    }
  } finally {
    await shutDown(server, ada, grace);
  }
});

it('edit and delete check in the documented order', async () => {
  const server = await startServer({ limits: { send: { burst: 2, perSecond: 0.001 } } });
  const { ada, grace, message } = await setUp(server);
  try {
    const kept = await ada.request('edit', { room: 'general', id: message.id, text: 'kept', opId: 'kept' });
    const edit = (fields) => ada.request('edit', { room: 'general', id: message.id, text: 'x', opId: 'n', ...fields }).then(errorCode);
    // bad_request before the repeat lookup.
    assert.equal(await edit({ opId: 'kept', text: 5 }), 'bad_request');
    // The repeat lookup before everything else.
    for (const room of ['nowhere', 'random', 'private']) {
      assert.deepEqual(await ada.request('edit', { room, id: 'm-999', text: '', opId: 'kept' }), kept);
    }
    assert.equal(await edit({ room: 'nowhere' }), 'not_found');
    assert.equal(await edit({ room: 'private', id: 'm-999' }), 'not_member', 'Ada may use private, but has not joined it');
    assert.equal(errorCode(await grace.request('edit', { room: 'private', id: 'm-999', text: 'x', opId: 'n' })), 'unauthorized');
    assert.equal(await edit({ room: 'random', id: 'm-999', text: '' }), 'not_member');
    assert.equal(await edit({ id: 'm-999', text: '' }), 'message_not_found');
    assert.equal(errorCode(await grace.request('edit', { room: 'general', id: message.id, text: '', opId: 'n' })), 'unauthorized');
    assert.equal(await edit({ text: '' }), 'empty');
    // The bucket of two held the send and the first edit.
    assert.equal(await edit({}), 'rate_limited');
    assert.equal(errorCode(await ada.request('delete', { room: 'general', id: message.id, opId: 'd' })), 'rate_limited');
    assert.equal(server.store.getMessage('general', message.id).text, 'kept', 'failed changes store nothing');
  } finally {
    await shutDown(server, ada, grace);
  }
});

it('a change retried right after a reconnect is answered before the rejoin', async () => {
  const server = await startServer();
  let { ada, grace, message } = await setUp(server);
  try {
    const first = await ada.request('edit', { room: 'general', id: message.id, text: 'once', opId: 'e' });
    ada.close();
    await server.restart();
    ada = await connectAs(server, ADA);
    assert.deepEqual(await ada.request('edit', { room: 'general', id: message.id, text: 'once', opId: 'e' }), first);
    assert.equal(errorCode(await ada.request('edit', { room: 'general', id: message.id, text: 'twice', opId: 'f' })), 'not_member');
  } finally {
    await shutDown(server, ada, grace);
  }
});

it('changes ask authorizeRoom with their own name, as send does', async () => {
  const asked = [];
  const server = await startServer({
    authorizeRoom: ({ request }) => {
      asked.push(request);
      return request !== 'react';
    },
  });
  const { ada, grace, message } = await setUp(server);
  try {
    await ada.request('edit', { room: 'general', id: message.id, text: 'x', opId: 'e' });
    await ada.request('delete', { room: 'general', id: message.id, opId: 'd' });
    const refused = await grace.request('react', { room: 'general', id: message.id, emoji: '👍', on: true, opId: 'r' });
    assert.equal(errorCode(refused), 'unauthorized');
    assert.deepEqual(asked.slice(-4), ['send', 'edit', 'delete', 'react']);
  } finally {
    await shutDown(server, ada, grace);
  }
});
