// send with replyTo: the link and its preview, reply_not_found, and where it
// stands in the check order.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ADA, GRACE, connectAs, errorCode, join, shutDown, startServer } from './helpers.mjs';

it('a reply carries its parent as it is now, in the ack, the broadcast and every page', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  const grace = await connectAs(server, GRACE);
  try {
    await Promise.all([join(ada, 'general'), join(grace, 'general')]);
    const long = `${'é'.repeat(120)}`;
    const { message: parent } = await ada.request('send', { room: 'general', clientId: 'p', text: long });
    const ack = await grace.request('send', { room: 'general', clientId: 'r', text: 'Agreed', replyTo: parent.id });
    const replyTo = { id: parent.id, author: ADA, excerpt: 'é'.repeat(100), deleted: false };
    assert.deepEqual(ack.message.replyTo, replyTo);
    assert.deepEqual((await ada.waitFor('message', (m) => m.seq === 2)).replyTo, replyTo);

    // The parent's edit shows in the reply's preview; the reply itself is not a new version.
    await ada.request('edit', { room: 'general', id: parent.id, text: 'Short now', opId: 'e' });
    const page = await ada.request('history', { room: 'general' });
    assert.deepEqual(page.messages[1].replyTo, { ...replyTo, excerpt: 'Short now' });
    assert.equal(page.messages[1].version, 1);
    await ada.request('delete', { room: 'general', id: parent.id, opId: 'd' });
    const joined = await join(grace, 'general');
    assert.deepEqual(joined.messages[1].replyTo, { ...replyTo, excerpt: '', deleted: true });
    // A repeat of the send answers with the message as it is now.
    assert.deepEqual(
      (await grace.request('send', { room: 'general', clientId: 'r', text: 'Agreed', replyTo: parent.id })).message,
      joined.messages[1],
    );
  } finally {
    await shutDown(server, ada, grace);
  }
});

it('reply_not_found: an unknown parent, one of another room, or a deleted one; checked after membership, before text', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  try {
    await join(ada, 'general');
    await join(ada, 'random');
    const { message: inRandom } = await ada.request('send', { room: 'random', clientId: 'x', text: 'elsewhere' });
    const { message: gone } = await ada.request('send', { room: 'general', clientId: 'g', text: 'soon gone' });
    await ada.request('delete', { room: 'general', id: gone.id, opId: 'd' });
    let n = 0;
    const send = (fields) => ada.request('send', { room: 'general', clientId: `s${++n}`, text: 'hi', ...fields }).then(errorCode);
    for (const replyTo of ['m-999', 'nonsense', inRandom.id, gone.id]) {
      assert.equal(await send({ replyTo }), 'reply_not_found', replyTo);
    }
    assert.equal(await send({ replyTo: '' }), 'bad_request');
    assert.equal(await send({ replyTo: 'm-999', room: 'private' }), 'not_member');
    assert.equal(await send({ replyTo: 'm-999', text: '' }), 'reply_not_found', 'before empty');
    assert.equal(await send({ replyTo: 'm-999', text: 'x'.repeat(4001) }), 'reply_not_found', 'before too_long');
    assert.equal(server.store.lastSeq('general'), 1, 'nothing stored');
    assert.equal((await ada.request('send', { room: 'general', clientId: 'ok', text: 'hi', replyTo: null })).message.replyTo, null);
  } finally {
    await shutDown(server, ada);
  }
});
