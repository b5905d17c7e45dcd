// Jumping to a message that is not in memory (issue 15, item 4) against the
// real reference server: the page around it shows as a window apart from the
// latest messages, which keep arriving and counting; loadNewer() pages the
// window until it meets them, and jumpToLatest() goes back at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ada, bob, connectedClient, serverForFile } from '../support/harness.mjs';
import { waitFor } from '../../../testkit/waits.mjs';

const files = serverForFile();
const open = async (user, rooms) => files.track(await connectedClient(files.server, user, rooms));
const seqs = (client, room) => client.room(room).getSnapshot().messages.map((message) => message.seq);

/** `count` messages from `client` in `room`, all stored (in batches: at most 100 may wait for the server). */
async function fill(client, room, count) {
  for (let sent = 0; sent < count; ) {
    const batch = Math.min(80, count - sent);
    for (let i = 1; i <= batch; i++) client.room(room).send(`message ${sent + i}`);
    sent += batch;
    // Confirmed on the client too, not only stored: the next batch must find room among the pending.
    await waitFor(() => !client.room(room).getSnapshot().messages.some((m) => m.status === 'pending'), { message: `${sent} confirmed`, timeout: 20_000 });
  }
}

test('jumpTo loads the page around a message into a window; live messages wait apart; loadNewer meets them; jumpToLatest goes back', async () => {
  const b = await open(bob, ['long']);
  await fill(b, 'long', 260);
  assert.equal(files.server.store.messagesAfter('long', 0, 1000).length, 260);
  const a = await open(ada, ['long']);
  await waitFor(() => a.room('long').getSnapshot().messages.length > 0, { message: 'the latest page' });
  const latest = seqs(a, 'long');
  assert.equal(latest.at(-1), 260);
  const target = files.server.store.messagesAfter('long', 0, 1000).find((message) => message.seq === 20);

  await a.room('long').jumpTo(target.id);
  let room = a.room('long').getSnapshot();
  assert.equal(room.detached, true, 'a window apart from the latest messages');
  assert.ok(seqs(a, 'long').includes(20), 'the window holds the target');
  assert.ok(!seqs(a, 'long').includes(260), 'and not the latest');
  assert.equal(room.hasNewer, true);

  // A message arriving meanwhile is not shown in the window, but counts.
  const unreadBefore = room.unreadCount;
  b.room('long').send('while Ada reads old ones');
  await waitFor(() => a.room('long').getSnapshot().unreadCount === unreadBefore + 1, { message: 'counted as unread' });
  assert.ok(!a.room('long').getSnapshot().messages.some((m) => m.text === 'while Ada reads old ones'), 'not in the window');

  // Paging newer until the window meets the latest messages: the room is live again, without gaps.
  while (a.room('long').getSnapshot().detached) assert.ok((await a.room('long').loadNewer()) >= 0);
  room = a.room('long').getSnapshot();
  const all = seqs(a, 'long');
  assert.equal(all.at(-1), 261, 'the latest message is shown again');
  assert.deepEqual(all, Array.from({ length: all.length }, (_, i) => all[0] + i), 'one run without gaps');
  assert.ok(all[0] <= 20);

  // Again, and straight back.
  const early = files.server.store.messagesAfter('long', 0, 1000).find((message) => message.seq === 3);
  const trimmed = !seqs(a, 'long').includes(3);
  await a.room('long').jumpTo(early.id);
  assert.ok(seqs(a, 'long').includes(3));
  if (trimmed) assert.equal(a.room('long').getSnapshot().detached, true);
  a.room('long').jumpToLatest();
  assert.equal(a.room('long').getSnapshot().detached, false);
  assert.equal(seqs(a, 'long').at(-1), 261);
});

test('jumpTo of a message the room shows changes nothing and asks nothing; of an unknown one fails and keeps the room', async () => {
  const a = await open(ada, ['short']);
  a.room('short').send('here');
  await waitFor(() => a.room('short').getSnapshot().messages[0]?.status === 'sent', { message: 'sent' });
  const before = a.room('short').getSnapshot();
  await a.room('short').jumpTo(before.messages[0]);
  assert.equal(a.room('short').getSnapshot().detached, false);
  await assert.rejects(a.room('short').jumpTo('m-nowhere'), (error) => error.source === 'chat');
  assert.equal(a.room('short').getSnapshot().detached, false);
  assert.deepEqual(a.room('short').getSnapshot().messages.map((m) => m.text), ['here']);
});
