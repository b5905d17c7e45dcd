// A server restart mid-conversation: every client reconnects and rejoins,
// messages sent while the server was down are delivered exactly once, and
// what others sent meanwhile is filled in, nothing lost or doubled.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ada, bob, connectedClient, nextEvent, serverForFile, texts } from '../support/harness.mjs';
import { sleep, waitFor } from '../../../testkit/waits.mjs';

const files = serverForFile();
const { track } = files;

test('server restart: reconnect, rejoin, offline sends delivered once, the gap filled', async () => {
  const alice = track(await connectedClient(files.server, ada, ['ops', 'lobby']));
  const bobby = track(await connectedClient(files.server, bob, ['ops']));
  alice.room('ops').send('before the restart');
  await waitFor(() => texts(bobby, 'ops').length === 1, { message: 'Bob has the first message' });

  const reconnecting = nextEvent(alice, 'state', (e) => e.state === 'reconnecting');
  const scheduled = nextEvent(alice, 'reconnect');
  await files.server.close();
  await reconnecting;
  const retry = await scheduled;
  assert.ok(retry.attempt >= 1 && retry.delayMs >= 0);
  assert.equal(alice.getConnection().state, 'reconnecting');

  // Written while the server is down: shown as pending, not lost.
  const offlineId = alice.room('ops').send('written while down');
  assert.equal(alice.room('ops').getSnapshot().messages.at(-1).status, 'pending');

  await files.server.restart();
  await waitFor(() => alice.state === 'connected' && bobby.state === 'connected', { message: 'both reconnected', timeout: 8000 });
  await waitFor(() => alice.room('ops').getSnapshot().joined && alice.room('lobby').getSnapshot().joined, { message: 'Ada rejoined both rooms' });
  const delivered = await waitFor(
    () => alice.room('ops').getSnapshot().messages.find((m) => m.clientId === offlineId && m.status === 'sent'),
    { message: 'the offline message confirmed' },
  );
  assert.equal(delivered.seq, 2);

  // Bob sends right after; Ada sees everything once, in order.
  bobby.room('ops').send('after the restart');
  const expected = ['before the restart', 'written while down', 'after the restart'];
  await waitFor(() => texts(alice, 'ops').length === 3 && texts(bobby, 'ops').length === 3, { message: 'three messages on both sides' });
  await sleep(150);  // let any late duplicate arrive before checking
  assert.deepEqual(texts(alice, 'ops'), expected);
  assert.deepEqual(texts(bobby, 'ops'), expected);
  // On the server too: one stored copy each.
  const seqs = alice.room('ops').getSnapshot().messages.map((m) => m.seq);
  assert.deepEqual(seqs, [1, 2, 3]);
});

test('messages sent by others while a client was away are filled in after it reconnects', async () => {
  const alice = track(await connectedClient(files.server, ada, ['gap']));
  const bobby = track(await connectedClient(files.server, bob, ['gap']));
  bobby.room('gap').send('g1');
  await waitFor(() => texts(alice, 'gap').length === 1, { message: 'Ada has g1' });

  alice.disconnect();
  await waitFor(() => alice.state === 'disconnected', { message: 'Ada disconnected' });
  for (const text of ['g2', 'g3', 'g4']) bobby.room('gap').send(text);
  await waitFor(() => bobby.room('gap').getSnapshot().messages.every((m) => m.status === 'sent'), { message: 'Bob’s sent' });

  let discontinuities = 0;
  alice.on('discontinuity', () => discontinuities++);
  alice.connect();
  await waitFor(() => texts(alice, 'gap').length === 4, { message: 'the gap filled' });
  assert.deepEqual(texts(alice, 'gap'), ['g1', 'g2', 'g3', 'g4']);
  assert.equal(alice.room('gap').getSnapshot().unreadCount, 4, 'g1 (never marked read) and what was missed are unread');
  assert.equal(discontinuities, 0, 'the native protocol resumes exactly: no gap to report');
});
