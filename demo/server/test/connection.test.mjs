// Connection and auth: the open packet, the token check, unknown events.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Manager, io as connectClient } from 'socket.io-client';
import { testToken } from '../src/test-server.mjs';
import { ADA, connectAs, join, refusalOf, shutDown, startServer } from './helpers.mjs';

it('opens with maxPayload 1000000 and the documented heartbeat over a WebSocket', async () => {
  const server = await startServer();
  const socket = connectClient(server.url, {
    transports: ['websocket'],
    reconnection: false,
    autoConnect: false,
    auth: { token: testToken(ADA) },
  });
  try {
    socket.connect(); // creates the Engine.IO socket synchronously; the open packet comes later
    const open = await new Promise((resolve) => socket.io.engine.once('handshake', resolve));
    assert.equal(open.maxPayload, 1_000_000);
    assert.equal(open.pingInterval, 25_000);
    assert.equal(open.pingTimeout, 20_000);
    assert.deepEqual(open.upgrades, []);
    assert.equal(socket.io.engine.transport.name, 'websocket');
  } finally {
    socket.close();
    await shutDown(server);
  }
});

it('accepts HTTP long-polling and offers the upgrade to a WebSocket', async () => {
  const server = await startServer();
  const socket = connectClient(server.url, {
    transports: ['polling'],
    reconnection: false,
    autoConnect: false,
    auth: { token: testToken(ADA) },
  });
  try {
    socket.connect();
    const open = await new Promise((resolve) => socket.io.engine.once('handshake', resolve));
    assert.deepEqual(open.upgrades, ['websocket']);
    assert.equal(socket.io.engine.transport.name, 'polling');
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const ack = await socket.timeout(5000).emitWithAck('join', { room: 'general' });
    assert.equal(ack.ok, true, JSON.stringify(ack));
    assert.deepEqual(ack.members, [{ user: ADA, online: true }]);
    assert.equal(socket.io.engine.transport.name, 'polling', 'still polling: only polling was allowed');
  } finally {
    socket.close();
    await shutDown(server);
  }
});

it('accepts a valid token and acts as its user', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  try {
    const ack = await join(ada, 'general');
    assert.deepEqual(ack.members, [{ user: ADA, online: true }]);
  } finally {
    await shutDown(server, ada);
  }
});

it('refuses a bad token with CONNECT_ERROR "invalid token", never echoing it', async () => {
  const server = await startServer();
  try {
    for (const auth of [{ token: 'secret-token-123' }, { token: 42 }, {}, { token: 'test::' }]) {
      const refusal = await refusalOf(server, auth);
      assert.equal(refusal.message, 'invalid token');
      assert.equal(refusal.data, undefined);
      assert.ok(!JSON.stringify(refusal).includes('secret-token-123'));
    }
  } finally {
    await shutDown(server);
  }
});

it('refuses on the wire as 44{"message":"invalid token"} and keeps the transport open for a retry', async () => {
  const server = await startServer();
  // A Manager without a namespace socket: its Engine.IO connection carries raw Socket.IO packets.
  const manager = new Manager(server.url, { transports: ['websocket'], reconnection: false, autoConnect: false });
  try {
    await new Promise((resolve, reject) => manager.open((error) => (error ? reject(error) : resolve(undefined))));
    const engine = manager.engine;
    // Engine.IO adds and strips its message type "4": the frame `44{...}` is the packet `4{...}`.
    const nextPacket = () => new Promise((resolve) => engine.once('message', resolve));

    engine.write(`0${JSON.stringify({ token: 'stale-secret' })}`);
    assert.equal(await nextPacket(), '4{"message":"invalid token"}');

    engine.write(`0${JSON.stringify({ token: testToken(ADA) })}`);
    assert.match(await nextPacket(), /^0\{"sid":"[^"]+"\}$/);
    engine.write('21["join",{"room":"general"}]');
    assert.match(await nextPacket(), /^31\[\{"ok":true,"room":"general",/);
  } finally {
    manager.engine?.close();
    await shutDown(server);
  }
});

it('accepts an authenticator that answers with a promise', async () => {
  const server = await startServer({
    authenticate: async (auth) => (auth.token === 'good' ? { id: 'u9', name: 'Async' } : null),
  });
  try {
    const refusal = await refusalOf(server, { token: 'bad' });
    assert.equal(refusal.message, 'invalid token');
    const ok = await connectAs(server, { id: 'x', name: 'x' }, { auth: { token: 'good' } });
    const ack = await join(ok, 'general');
    assert.deepEqual(ack.members[0].user, { id: 'u9', name: 'Async' });
    ok.close();
  } finally {
    await shutDown(server);
  }
});

it('refuses with "authentication failed" when the authenticator fails, and reports it', async () => {
  const failures = [];
  const server = await startServer({
    authenticate: (auth) => {
      if (auth.token === 'throw') throw new Error('database down');
      return { id: 42, name: 'not a valid user' };
    },
    onError: (error, context) => failures.push([context, error.message]),
  });
  try {
    assert.equal((await refusalOf(server, { token: 'throw' })).message, 'authentication failed');
    assert.equal((await refusalOf(server, { token: 'malformed' })).message, 'authentication failed');
    assert.equal(failures.length, 2);
    assert.deepEqual(failures[0], ['authenticate', 'database down']);
    assert.ok(failures.every(([, message]) => !message.includes('throw') && !message.includes('malformed')));
  } finally {
    await shutDown(server);
  }
});

it('ignores unknown events: no ack, and the connection carries on', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  try {
    await assert.rejects(ada.socket.timeout(300).emitWithAck('dance', { room: 'general' }), /timed out/);
    await assert.rejects(ada.socket.timeout(300).emitWithAck('__proto__', {}), /timed out/);
    assert.equal((await ada.request('join', { room: 'general' })).ok, true);
  } finally {
    await shutDown(server, ada);
  }
});
