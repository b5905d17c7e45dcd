// The HAProxy configuration (cluster/haproxy-config.mjs) in front of two
// real Engine.IO servers that accept long-polling (plain socket.io with the
// `io` cookie, as cluster.mjs sets it): every request of a polling session
// must reach the node that holds the session, although HAProxy balances
// round robin and socket.io-client under Node keeps no cookies. Without the
// sid stickiness every other request would land on the wrong node and be
// refused (400, "Session ID unknown").

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { Server } from 'socket.io';
import { io as connectClient } from 'socket.io-client';
import { renderHaproxyConfig } from '../../cluster/haproxy-config.mjs';
import { startHaproxy, waitForNodes } from '../../cluster/services.mjs';

/** A socket.io server that answers `whoami` with its id, and /api/health like a node. @param {string} id */
async function startEngine(id) {
  const httpServer = createServer((request, response) => {
    if (request.url === '/api/health') {
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok: true, node: id }));
    }
  });
  const io = new Server(httpServer, {
    transports: ['polling', 'websocket'],
    cookie: { name: 'io', path: '/', httpOnly: true, sameSite: 'lax' },
  });
  io.on('connection', (socket) => socket.on('whoami', (ack) => ack(id)));
  await new Promise((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (httpServer.address());
  return {
    id,
    address: `127.0.0.1:${port}`,
    close: () => new Promise((resolve) => io.close(() => resolve())),
  };
}

let scratch;
let engines;
let haproxy;
before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'chatwire-haproxy-'));
  engines = await Promise.all(['e1', 'e2'].map(startEngine));
  haproxy = await startHaproxy({ dir: scratch, nodes: engines });
  await waitForNodes(haproxy.url, ['e1', 'e2']);
});
after(async () => {
  await haproxy?.stop();
  for (const engine of engines ?? []) await engine.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Connects through HAProxy and asks `whoami` `times` times, one after the other. */
async function askRepeatedly(transports, times) {
  const socket = connectClient(haproxy.url, { transports, upgrade: false, reconnection: false, forceNew: true });
  const errors = [];
  socket.on('connect_error', (error) => errors.push(error.message));
  socket.on('disconnect', (reason) => errors.push(`disconnect: ${reason}`));
  try {
    const answers = [];
    for (let i = 0; i < times; i++) answers.push(await socket.timeout(3000).emitWithAck('whoami'));
    return { answers, errors: [...errors], transport: socket.io.engine.transport.name };
  } finally {
    socket.close();
  }
}

it('keeps every request of a long-polling session on its node', async () => {
  const seen = new Set();
  for (let session = 0; session < 4; session++) {
    const { answers, errors, transport } = await askRepeatedly(['polling'], 10);
    assert.equal(transport, 'polling');
    assert.deepEqual(errors, []);
    assert.equal(new Set(answers).size, 1, `one node per session: ${answers}`);
    seen.add(answers[0]);
  }
  assert.deepEqual([...seen].sort(), ['e1', 'e2'], 'sessions are still balanced between the nodes');
});

it('passes WebSocket upgrades through', async () => {
  const { answers, errors, transport } = await askRepeatedly(['websocket'], 5);
  assert.equal(transport, 'websocket');
  assert.deepEqual(errors, []);
  assert.equal(answers.length, 5);
});

it('renders a configuration HAProxy accepts, and refuses node ids it could not name a server by', () => {
  assert.match(renderHaproxyConfig({ host: '127.0.0.1', port: 1, nodes: engines }), /stick match url_param\(sid\)/);
  assert.throws(() => renderHaproxyConfig({ host: '127.0.0.1', port: 1, nodes: [{ id: 'a b', address: '127.0.0.1:1' }] }), /node id/);
  assert.throws(() => renderHaproxyConfig({ host: '127.0.0.1', port: 1, nodes: [] }), /at least one node/);
});
