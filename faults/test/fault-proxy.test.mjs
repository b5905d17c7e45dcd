// The fault proxy itself, against real servers on 127.0.0.1: it forwards
// bytes both ways, cuts, refuses WebSocket upgrades while passing plain HTTP,
// and is never faster than the slow line it models. (Only lower bounds on
// time are asserted: a loaded machine can make things slower, never faster.)
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer } from 'node:net';
import { after, test } from 'node:test';
import { WebSocket, WebSocketServer } from 'ws';
import { FAULTS, startFaultProxy } from '../lib/fault-proxy.mjs';

const closers = [];
after(async () => {
  for (const close of closers.reverse()) await close();
});

/** A TCP echo server on 127.0.0.1. */
async function echoServer() {
  const server = createServer((socket) => {
    socket.on('error', () => {});  // the proxy's resets
    socket.pipe(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  return server.address().port;
}

/** An HTTP server that answers GET /ping with "pong" and accepts WebSockets that echo. */
async function httpAndWebSocketServer() {
  const server = createHttpServer((request, response) => response.end(request.url === '/ping' ? 'pong' : 'other'));
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket) => socket.on('message', (data) => socket.send(data)));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(() => new Promise((resolve) => { wss.close(); server.closeAllConnections(); server.close(resolve); }));
  return server.address().port;
}

async function proxyTo(port, faults) {
  const proxy = await startFaultProxy({ target: { port }, faults });
  closers.push(() => proxy.close());
  return proxy;
}

/** Connects through the proxy, writes `payload`, resolves with everything echoed until `length` bytes came. */
async function echoThrough(proxy, payload) {
  const socket = connect({ host: '127.0.0.1', port: proxy.port });
  const chunks = [];
  let received = 0;
  socket.write(payload);
  for await (const chunk of socket) {
    chunks.push(chunk);
    received += chunk.length;
    if (received >= payload.length) break;
  }
  socket.destroy();
  return Buffer.concat(chunks);
}

test('without faults, bytes go both ways unchanged, and are counted', async () => {
  const proxy = await proxyTo(await echoServer(), FAULTS.none);
  const payload = Buffer.alloc(300_000, 'x');
  payload.write('first', 0);
  payload.write('last', payload.length - 4);
  const echoed = await echoThrough(proxy, payload);
  assert.ok(echoed.equals(payload));
  assert.equal(proxy.stats.connections, 1);
  assert.equal(proxy.stats.bytesUp, payload.length);
  assert.equal(proxy.stats.bytesDown, payload.length);
});

test('with cuts on, every connection is reset by the proxy, and each cut is counted', async () => {
  const proxy = await proxyTo(await echoServer(), { cutAfterMs: [20, 60] });
  const sockets = [0, 1, 2].map(() => connect({ host: '127.0.0.1', port: proxy.port }));
  const errors = await Promise.all(sockets.map((socket) => new Promise((resolve) => {
    socket.on('error', (error) => resolve(error.code));
    socket.on('close', () => resolve('closed'));
  })));
  assert.deepEqual(errors, ['ECONNRESET', 'ECONNRESET', 'ECONNRESET']);
  assert.equal(proxy.stats.cuts, 3);
  assert.equal(proxy.stats.open, 0);
});

test('cutAll() resets what is open; a connection the server refuses is closed on the client too', async () => {
  const port = await echoServer();
  const proxy = await proxyTo(port, FAULTS.none);
  const socket = connect({ host: '127.0.0.1', port: proxy.port });
  await once(socket, 'connect');
  const closed = new Promise((resolve) => socket.on('error', (error) => resolve(error.code)));
  await new Promise((resolve) => setTimeout(resolve, 50));
  proxy.cutAll();
  assert.equal(await closed, 'ECONNRESET');

  // A port nobody listens on any more: the echo server's, closed.
  const deadPort = await echoServer();
  await closers.pop()();
  const toNowhere = await proxyTo(deadPort, FAULTS.none);
  const lost = connect({ host: '127.0.0.1', port: toNowhere.port });
  const ended = await new Promise((resolve) => {
    lost.on('error', (error) => resolve(error.code));
    lost.on('close', () => resolve('closed'));
  });
  assert.ok(['ECONNRESET', 'closed'].includes(ended), ended);
  assert.equal(toNowhere.stats.upstreamFailures, 1);
});

test('refusing WebSockets: the upgrade gets a 403, plain HTTP passes; once fixed, the WebSocket opens', async () => {
  const proxy = await proxyTo(await httpAndWebSocketServer(), FAULTS.noWebSocket);
  const refused = new WebSocket(`ws://127.0.0.1:${proxy.port}/socket`);
  const error = await new Promise((resolve) => refused.on('error', resolve));
  assert.match(error.message, /Unexpected server response: 403/);
  const pong = await fetch(`http://127.0.0.1:${proxy.port}/ping`);
  assert.equal(await pong.text(), 'pong');
  assert.equal(proxy.stats.refusedUpgrades, 1);

  proxy.set(FAULTS.none);
  const socket = new WebSocket(`ws://127.0.0.1:${proxy.port}/socket`);
  await once(socket, 'open');
  socket.send('hello');
  const [data] = await once(socket, 'message');
  assert.equal(String(data), 'hello');
  socket.close();
  assert.equal(proxy.stats.upgradesPassed, 1);
});

test('a hanging proxy: the WebSocket opens and nothing ever arrives; plain HTTP passes; close() ends it', async () => {
  const proxy = await proxyTo(await httpAndWebSocketServer(), FAULTS.hangingWebSocket);
  const socket = new WebSocket(`ws://127.0.0.1:${proxy.port}/socket`);
  await once(socket, 'open');
  let received = 0;
  socket.on('message', () => (received += 1));
  socket.send('hello');
  // An absence: the echo would take a millisecond; it is given a quarter of a second.
  await new Promise((resolve) => setTimeout(resolve, 250));
  assert.equal(received, 0, 'nothing passes a hung WebSocket');
  assert.equal(proxy.stats.hungUpgrades, 1);
  const pong = await fetch(`http://127.0.0.1:${proxy.port}/ping`);
  assert.equal(await pong.text(), 'pong');
  const closed = once(socket, 'close');
  await proxy.close();  // resolves only once every connection has ended: the hung one too
  await closed;
});

test('the slow line: a round trip takes at least twice the latency, 128 kB at least 2 s at 64 kB/s', async () => {
  const proxy = await proxyTo(await echoServer(), FAULTS.slow);
  let started = performance.now();
  await echoThrough(proxy, Buffer.from('ping'));
  const roundTripMs = performance.now() - started;
  assert.ok(roundTripMs >= 2 * FAULTS.slow.latencyMs, `round trip ${roundTripMs.toFixed(0)} ms`);

  const payload = Buffer.alloc(128 * 1024, 'y');
  started = performance.now();
  const echoed = await echoThrough(proxy, payload);
  const seconds = (performance.now() - started) / 1000;
  assert.ok(echoed.equals(payload), 'every byte arrives, in order');
  // Up at 64 kB/s (2 s), then down, overlapping: at least the 2 s of one direction.
  assert.ok(seconds >= payload.length / FAULTS.slow.bytesPerSecond, `${seconds.toFixed(2)} s`);
  console.log(`slow line: round trip ${roundTripMs.toFixed(0)} ms, 128 kB echoed in ${seconds.toFixed(2)} s`);
});
