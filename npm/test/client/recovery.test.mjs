// Socket.IO's connection state recovery, with the reference server started
// with `connectionStateRecovery`: the offset it appends to every broadcast
// never reaches the dialect, a cut connection is resumed (the server
// replays what was missed), and nothing shows twice although the client
// also rejoins and fills the gap by seq.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ada, bob, connectedClient, serverForFile, texts, tokenFor } from '../support/harness.mjs';
import { sleep, waitFor } from '../../../testkit/waits.mjs';

const files = serverForFile({
  // skipMiddlewares: false, so that the reference server's auth middleware
  // sees the resumed socket too (it keeps the user per socket).
  serverOptions: { connectionStateRecovery: { maxDisconnectionDuration: 60_000, skipMiddlewares: false } },
});
const { track } = files;

/** The server-side socket of `user`'s newest connection (earlier tests' clients stay connected). */
function newestSocketOf(server, user) {
  return [...server.io.sockets.sockets.values()].filter((socket) => socket.handshake.auth?.token === tokenFor(user).token).at(-1);
}

test('broadcast offsets are taken off before the dialect reads the event', async () => {
  const alice = track(await connectedClient(files.server, ada, ['offsets']));
  const bobby = track(await connectedClient(files.server, bob, ['offsets']));
  const warnings = [];
  alice.on('warning', (warning) => warnings.push(warning));
  for (const text of ['a', 'b', 'c']) bobby.room('offsets').send(text);
  await waitFor(() => texts(alice, 'offsets').length === 3, { message: 'Ada has three messages' });
  assert.deepEqual(texts(alice, 'offsets'), ['a', 'b', 'c']);
  assert.deepEqual(warnings, []);
});

test('a cut connection is recovered: what was missed arrives once', async () => {
  const alice = track(await connectedClient(files.server, ada, ['resume']));
  const bobby = track(await connectedClient(files.server, bob, ['resume']));
  bobby.room('resume').send('before the cut');
  await waitFor(() => texts(alice, 'resume').length === 1, { message: 'Ada has the first message' });

  const states = [];
  alice.on('state', (event) => states.push(event));
  const socket = newestSocketOf(files.server, ada);
  // Bob's message goes out while Ada's socket is gone and before she is back (her retry waits 50 ms).
  alice.on('state', (event) => {
    if (event.state === 'reconnecting') bobby.room('resume').send('while Ada was away');
  });
  socket.conn.close();
  await waitFor(() => states.some((e) => e.state === 'connected'), { message: 'Ada reconnected' });

  assert.equal(states.at(-1).detail, 'recovered', 'the server restored the session');
  assert.equal(newestSocketOf(files.server, ada).id, socket.id, 'the same Socket.IO session');
  await waitFor(() => texts(alice, 'resume').length === 2, { message: 'Ada has the missed message' });
  await sleep(150);  // let a duplicate (replay and rejoin both carry it) show up if it would
  assert.deepEqual(texts(alice, 'resume'), ['before the cut', 'while Ada was away']);
});

test('after a server restart nothing can be recovered, and the rejoin fills the gap by seq', async () => {
  const alice = track(await connectedClient(files.server, ada, ['restart']));
  const bobby = track(await connectedClient(files.server, bob, ['restart']));
  bobby.room('restart').send('r1');
  await waitFor(() => texts(alice, 'restart').length === 1, { message: 'Ada has r1' });
  const states = [];
  alice.on('state', (event) => states.push(event));

  await files.server.close();  // as a crashed node: the sessions are gone, the store is not
  files.server.store.insertMessage({ room: 'restart', clientId: null, author: { ...bob }, text: 'r2', createdAt: Date.now() });
  await files.server.restart();
  await waitFor(() => alice.state === 'connected', { message: 'Ada reconnected', timeout: 8000 });
  await waitFor(() => texts(alice, 'restart').length === 2, { message: 'Ada has r2 from the rejoin' });
  assert.notEqual(states.at(-1).detail, 'recovered');
  await sleep(150);
  assert.deepEqual(texts(alice, 'restart'), ['r1', 'r2']);
  assert.deepEqual(alice.room('restart').getSnapshot().messages.map((m) => m.seq), [1, 2]);
});
