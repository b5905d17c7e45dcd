// HTTP long-polling through the built package against the real reference
// server (socket.io 4.8.1 with both transports): polling alone, the upgrade
// to a WebSocket, the fallback from a WebSocket that opens and says nothing
// (behind a tiny proxy that hangs upgrades), what a page remembers of it,
// and polling's bad input, each an error event with its code.
import assert from 'node:assert/strict';
import { after, afterEach, test } from 'node:test';
import { ada, bob, connectedClient, makeClient, nextEvent, serverForFile, serverSocketOf, texts } from '../support/harness.mjs';
import { startPollingProxy } from '../support/polling-proxy.mjs';
import { waitFor } from '../../../testkit/waits.mjs';

const files = serverForFile();
const { track } = files;

/** Engine.IO's transport of `user`'s connection, as the server sees it. */
const serverTransportOf = (user) => serverSocketOf(files.server, user)?.conn.transport.name;

/** A Map-backed localStorage for Node, as a page has one. */
function installLocalStorage() {
  const items = new Map();
  globalThis.localStorage = {
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => items.set(key, String(value)),
    removeItem: (key) => items.delete(key),
  };
  return items;
}

// The proxy in front of the file's server, started by the first test that needs it.
let proxy = null;
async function startProxy() {
  proxy ??= await startPollingProxy(files.server.url);
  return proxy;
}
after(async () => {
  await proxy?.close();
});
afterEach(() => {
  delete globalThis.localStorage;
  if (proxy) proxy.websocket = 'forward';
});

test('polling alone: connect, join, send and receive, as the server sees it', async () => {
  const alice = track(await connectedClient(files.server, ada, ['poll'], { transports: ['polling'] }));
  const bobby = track(await connectedClient(files.server, bob, ['poll']));
  assert.equal(alice.getConnection().transport, 'polling');
  assert.equal(serverTransportOf(ada), 'polling');

  alice.room('poll').send('from polling');
  bobby.room('poll').send('to polling');
  await waitFor(() => texts(alice, 'poll').length === 2 && texts(bobby, 'poll').length === 2, { message: 'both messages on both sides' });
  await waitFor(() => alice.room('poll').getSnapshot().messages.every((m) => m.status === 'sent'), { message: 'Ada’s message confirmed' });
  assert.deepEqual(new Set(texts(alice, 'poll')), new Set(['from polling', 'to polling']));
  alice.destroy();
});

test('from polling, the client upgrades to a WebSocket and carries on there', async () => {
  const alice = track(await connectedClient(files.server, ada, ['up'], { transports: ['polling', 'websocket'] }));
  await waitFor(() => alice.getConnection().transport === 'websocket', { message: 'upgraded to a WebSocket' });
  await waitFor(() => serverTransportOf(ada) === 'websocket', { message: 'the server moved the session too' });

  alice.room('up').send('after the upgrade');
  await waitFor(() => alice.room('up').getSnapshot().messages.at(-1)?.status === 'sent', { message: 'sent over the WebSocket' });
  assert.equal(alice.getConnection().error, null, 'the upgrade reported no error');
  alice.destroy();
});

test('a WebSocket that opens and stays silent: polling takes over, and the next page load starts with it', async () => {
  const storage = installLocalStorage();
  await startProxy();
  proxy.websocket = 'silent';
  const errors = [];
  const alice = track(await makeClient({ url: proxy.url }, ada, { handshakeTimeoutMs: 500 }));
  alice.on('error', (error) => errors.push(error.code));
  alice.connect();
  await waitFor(() => alice.state === 'connected', { message: 'connected through the proxy', timeout: 8000 });
  assert.equal(alice.getConnection().transport, 'polling');
  assert.ok(errors.includes('transport_failed'), `a transport_failed error (got ${errors.join(', ')})`);
  assert.equal(proxy.log[0], 'UPGRADE websocket', 'the WebSocket was tried first');
  assert.deepEqual([...storage.values()], ['polling'], 'what worked is remembered');
  alice.room('hang').join();
  await waitFor(() => alice.room('hang').getSnapshot().joined, { message: 'joined over polling' });
  alice.destroy();

  // The next page load: polling first, no wait on the WebSocket.
  proxy.log.length = 0;
  const again = track(await makeClient({ url: proxy.url }, ada, { handshakeTimeoutMs: 500 }));
  const againErrors = [];
  again.on('error', (error) => againErrors.push(error.code));
  again.connect();
  await waitFor(() => again.state === 'connected', { message: 'connected again', timeout: 8000 });
  // The first handshake of either kind (the old client's last requests may still be logged).
  const firstHandshake = proxy.log.find((entry) => entry === 'GET polling' || entry === 'UPGRADE websocket');
  assert.equal(firstHandshake, 'GET polling', 'the new page starts with the polling handshake');
  assert.ok(!againErrors.includes('transport_failed'), 'nothing failed on the way in');
  // The upgrade probe meets the same hang and is given up; the connection stays.
  await waitFor(() => againErrors.includes('upgrade_failed'), { message: 'the probe given up', timeout: 8000 });
  assert.equal(again.state, 'connected');
  assert.equal(again.getConnection().transport, 'polling');
});

test('a refused WebSocket falls back to polling at once', async () => {
  await startProxy();
  proxy.websocket = 'refuse';
  const alice = track(await makeClient({ url: proxy.url }, ada));
  const failed = nextEvent(alice, 'error', (error) => error.code === 'transport_failed');
  alice.connect();
  await failed;
  await waitFor(() => alice.state === 'connected', { message: 'connected over polling' });
  assert.equal(alice.getConnection().transport, 'polling');
});

// ---- bad input ----------------------------------------------------------------------

/** A client on polling only, through the proxy, connected and in `room`. */
async function pollingClient(room) {
  await startProxy();
  const client = track(await connectedClient({ url: proxy.url }, ada, [room], { transports: ['polling'] }));
  const errors = [];
  client.on('error', (error) => errors.push(error));
  return { client, errors };
}

test('a sid the server no longer knows: session_unknown, then a new session', async () => {
  const { client, errors } = await pollingClient('sid');
  // The real server's answer to a sid it does not know (as after a restart).
  proxy.scriptNext((req, res, forward) => forward({ path: req.url.replace(/sid=[^&]+/, 'sid=forgotten') }));
  client.room('sid').send('after the sid is gone');
  await waitFor(() => errors.some((e) => e.code === 'session_unknown'), { message: 'session_unknown reported' });
  await waitFor(() => client.state === 'connected', { message: 'a new session', timeout: 8000 });
  await waitFor(() => client.room('sid').getSnapshot().messages.at(-1)?.status === 'sent', { message: 'the message still goes out' });
  assert.deepEqual(texts(client, 'sid'), ['after the sid is gone'], 'sent once');
});

test('a 400 from the proxy itself (HAProxy\'s page): http_error with the status, then a reconnect', async () => {
  const { client, errors } = await pollingClient('haproxy');
  proxy.scriptNext((req, res) => {
    req.resume();
    res.writeHead(400, { 'content-type': 'text/html' });
    res.end('<html><body><h1>400 Bad request</h1>\nYour browser sent an invalid request.\n</body></html>\n');
  });
  client.room('haproxy').send('through a bad proxy');
  await waitFor(() => errors.some((e) => e.code === 'http_error'), { message: 'http_error reported' });
  assert.match(errors.find((e) => e.code === 'http_error').message, /HTTP 400/);
  await waitFor(() => client.state === 'connected', { message: 'reconnected', timeout: 8000 });
  await waitFor(() => client.room('haproxy').getSnapshot().messages.at(-1)?.status === 'sent', { message: 'delivered after all' });
});

test('a polling answer cut in the middle: request_failed, then a reconnect', async () => {
  const { client, errors } = await pollingClient('cut');
  proxy.scriptNext((req, res) => {
    req.resume();
    // Promises 200 bytes, sends 10, and the connection dies.
    res.writeHead(200, { 'content-type': 'text/plain; charset=UTF-8', 'content-length': '200' });
    res.write('42["messag');
    setTimeout(() => res.socket?.destroy(), 20);
  });
  client.room('cut').send('across a cut');
  await waitFor(() => errors.some((e) => e.code === 'request_failed'), { message: 'request_failed reported' });
  await waitFor(() => client.state === 'connected', { message: 'reconnected', timeout: 8000 });
  await waitFor(() => client.room('cut').getSnapshot().messages.at(-1)?.status === 'sent', { message: 'delivered after all' });
});

test('an unknown packet type in a payload: malformed_frame, the connection kept, later packets delivered', async () => {
  const { client, errors } = await pollingClient('odd');
  const bobby = track(await connectedClient(files.server, bob, ['odd']));
  // The GET out now was made before this; the one after the next answer gets
  // a packet of a type Engine.IO does not have added to its answer.
  proxy.scriptNext((req, res, forward) => forward({ transformBody: (body) => `${body}\x1e9not-a-packet` }), 'GET');
  bobby.room('odd').send('first');
  await waitFor(() => texts(client, 'odd').includes('first'), { message: 'the first message' });
  bobby.room('odd').send('second');
  await waitFor(() => errors.some((e) => e.code === 'malformed_frame'), { message: 'malformed_frame reported' });
  assert.match(errors.find((e) => e.code === 'malformed_frame').message, /unknown Engine\.IO packet type/);
  await waitFor(() => texts(client, 'odd').includes('second'), { message: 'the second message delivered' });
  assert.equal(client.state, 'connected');
  bobby.room('odd').send('third');
  await waitFor(() => texts(client, 'odd').includes('third'), { message: 'polling carries on' });
});
