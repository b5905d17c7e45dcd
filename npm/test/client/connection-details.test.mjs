// The connection details users asked for, against the real reference
// server: reconnectNow() skips the backoff wait, the auth callback runs
// before every attempt (and a failing one is retried, not fatal), and
// disconnect() lets what is in flight be acknowledged before it closes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ada, bob, connectedClient, makeClient, nextEvent, serverForFile, serverSocketOf, startServer, tokenFor } from '../support/harness.mjs';
import { waitFor } from '../../../testkit/waits.mjs';

const files = serverForFile();
const { track } = files;

/** Ends `user`'s connection as a network cut would (Engine.IO close, not a Socket.IO kick). */
function cut(server, user) {
  serverSocketOf(server, user).conn.close();
}

test('reconnectNow() skips a long backoff wait, and does nothing while connected', async () => {
  // A minute before each retry: only reconnectNow() can reconnect within the test's wait.
  const slow = { initialDelayMs: 60_000, maxDelayMs: 60_000, randomization: 0 };
  const client = track(await connectedClient(files.server, ada, [], { reconnection: slow }));
  const sockets = files.server.io.engine.clientsCount;
  client.reconnectNow();
  assert.equal(client.state, 'connected');
  assert.equal(files.server.io.engine.clientsCount, sockets, 'no second connection');

  const scheduled = nextEvent(client, 'reconnect');
  cut(files.server, ada);
  assert.equal((await scheduled).delayMs, 60_000);
  client.reconnectNow();
  await waitFor(() => client.state === 'connected', { message: 'reconnected without waiting a minute' });
});

test('reconnectNow() after disconnect() does not connect', async () => {
  const client = track(await connectedClient(files.server, bob));
  await client.disconnect();
  client.reconnectNow();
  assert.equal(client.state, 'disconnected');
});

test('the auth callback renews a short-lived token before every reconnection attempt', async () => {
  // Only the newest token is valid: the server never refuses one, because the client never offers an old one.
  let generation = 0;
  const refused = [];
  const server = await startServer({
    authenticate: (auth) => {
      const [token, issued] = String(auth?.token ?? '').split('#');
      if (Number(issued) !== generation) {
        refused.push(auth?.token);
        return null;
      }
      return token === tokenFor(ada).token ? ada : null;
    },
  });
  const calls = [];
  const client = await makeClient(server, ada, {
    auth: async () => {
      calls.push(generation);
      return { token: `${tokenFor(ada).token}#${generation}` };
    },
  });
  try {
    client.connect();
    await waitFor(() => client.state === 'connected', { message: 'connected with the first token' });
    generation = 1;  // the first token expired while connected
    const reconnected = nextEvent(client, 'state', (e) => e.state === 'connected');
    [...server.io.sockets.sockets.values()][0].conn.close();
    await reconnected;
    assert.deepEqual(calls, [0, 1], 'called for the first connect and again for the reconnection');
    assert.deepEqual(refused, [], 'no token was refused');
  } finally {
    client.destroy();
    await server.close();
  }
});

test('an auth callback that throws is an error event, and the client tries again later', async () => {
  let failures = 1;
  const client = track(await makeClient(files.server, ada, {
    auth: () => {
      if (failures-- > 0) throw new Error('token endpoint answered 503');
      return tokenFor(ada);
    },
  }));
  const error = nextEvent(client, 'error');
  const retry = nextEvent(client, 'reconnect');
  client.connect();
  const reported = await error;
  assert.equal(reported.source, 'auth');
  assert.equal(reported.code, 'auth_failed');
  assert.equal(reported.message, 'token endpoint answered 503');
  assert.equal((await retry).reason, 'auth_unavailable');
  await waitFor(() => client.state === 'connected', { message: 'connected on the retry' });
});

test('disconnect() sends the read receipt the throttle holds and waits for its ack', async () => {
  const room = 'receipts';
  const alice = track(await connectedClient(files.server, ada, [room]));
  const bobby = track(await connectedClient(files.server, bob, [room]));
  bobby.room(room).send('one');
  await waitFor(() => alice.room(room).getSnapshot().messages.length === 1, { message: 'Ada has the first message' });
  alice.room(room).markRead();
  await waitFor(() => files.server.store.readSeq(room, ada.id) === 1, { message: 'the first receipt went out at once' });
  bobby.room(room).send('two');
  await waitFor(() => alice.room(room).getSnapshot().messages.length === 2, { message: 'Ada has the second message' });
  alice.room(room).markRead();  // within the receipt interval: held back

  await alice.disconnect();
  assert.equal(alice.state, 'disconnected');
  assert.equal(files.server.store.readSeq(room, ada.id), 2, 'the held receipt reached the server before the close');
});

test('a second disconnect() closes at once', async () => {
  const client = track(await connectedClient(files.server, ada, ['twice']));
  const first = client.disconnect();
  const second = client.disconnect();
  await Promise.all([first, second]);
  assert.equal(client.state, 'disconnected');
});
