// The module API: options checking, postMessage, isOnline, testAuthenticate.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Server } from 'socket.io';
import { createMemoryStore } from '../src/memory-store.mjs';
import { attachChatProtocol } from '../src/protocol.mjs';
import { testAuthenticate, testToken } from '../src/test-server.mjs';
import { ADA, GRACE, LINUS, connectAs, join, shutDown, startServer } from './helpers.mjs';

it('testAuthenticate accepts "test:<id>:<name>" only', () => {
  assert.deepEqual(testAuthenticate({ token: 'test:u1:Ada' }), { id: 'u1', name: 'Ada' });
  assert.deepEqual(testAuthenticate({ token: 'test:u1:Ada: the first' }), { id: 'u1', name: 'Ada: the first' });
  assert.deepEqual(testAuthenticate({ token: testToken(GRACE) }), GRACE);
  for (const auth of [undefined, null, 'test:u1:Ada', {}, { token: 1 }, { token: 'test:u1:' }, { token: 'test::Ada' }, { token: 'TEST:u1:Ada' }, { token: 'x test:u1:Ada' }]) {
    assert.equal(testAuthenticate(auth), null, JSON.stringify(auth));
  }
});

it('attachChatProtocol refuses missing parts and limits the protocol fixes', () => {
  // Never attached to an HTTP server: nothing to listen on, nothing to close.
  const io = new Server();
  const store = createMemoryStore();
  const authenticate = () => null;
  assert.throws(() => attachChatProtocol({}, { store, authenticate }), /socket.io Server/);
  assert.throws(() => attachChatProtocol(io, { authenticate }), /store/);
  assert.throws(() => attachChatProtocol(io, { store }), /authenticate/);
  assert.throws(() => attachChatProtocol(io, { store, authenticate, limits: { maxTextLength: 10 } }), /maxTextLength/);
  assert.throws(() => attachChatProtocol(io, { store, authenticate, limits: { send: { burst: 0 } } }), /positive/);
  assert.throws(() => attachChatProtocol(io, { store, authenticate, limits: { typing: { rate: 1 } } }), /typing.rate/);
  assert.throws(() => attachChatProtocol(io, { store, authenticate, limits: { presenceGraceMs: -1 } }), /presenceGraceMs/);
});

it('postMessage stores a message without clientId and broadcasts it', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  try {
    await join(ada, 'general');
    const system = { id: 'u0', name: 'System' };
    const [message, pushed] = await Promise.all([
      server.protocol.postMessage({ room: 'general', author: system, text: 'Room created' }),
      ada.waitFor('message'),
    ]);
    assert.deepEqual(pushed, message);
    assert.equal(message.clientId, null);
    assert.equal(message.seq, 1);
    await assert.rejects(() => server.protocol.postMessage({ room: 'nowhere', author: system, text: 'x' }), /no room/);
    await assert.rejects(() => server.protocol.postMessage({ room: 'general', author: system, text: ' ' }), /text/);
    await assert.rejects(() => server.protocol.postMessage({ room: 'general', author: system, text: 'x'.repeat(4001) }), /text/);
    assert.equal(await server.store.lastSeq('general'), 1);
  } finally {
    await shutDown(server, ada);
  }
});

it('the presence of a user who is a member of no room goes to nobody', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  try {
    await join(ada, 'general');
    const linus = await connectAs(server, LINUS);
    assert.equal(server.protocol.isOnline(LINUS.id), true);
    linus.close();
    const grace = await connectAs(server, GRACE);
    await join(grace, 'general');
    await ada.waitFor('member_joined');
    await ada.flush();
    assert.deepEqual(ada.received('presence'), []);
    grace.close();
  } finally {
    await shutDown(server, ada);
  }
});
