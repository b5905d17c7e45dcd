// createChatClient refuses wrong options with an error naming the option,
// before anything connects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import WebSocket from 'ws';
import { ChatwireError, createChatClient, presetNames } from '../../dist/index.js';

const valid = { url: 'http://127.0.0.1:9', dialect: 'chatwire', user: { id: 'u1', name: 'Ada' }, WebSocket };

async function refused(options, pattern) {
  await assert.rejects(createChatClient(options), (error) => {
    assert.ok(error instanceof ChatwireError, `a ChatwireError, got ${error}`);
    assert.equal(error.source, 'config');
    assert.match(error.message, pattern);
    return true;
  });
}

test('every preset creates a client', async () => {
  assert.equal(presetNames.length, 6);
  for (const dialect of presetNames) {
    const client = await createChatClient({ ...valid, dialect });
    assert.equal(client.state, 'idle');
    assert.ok(Array.isArray(client.capabilities.operations));
    client.destroy();
  }
});

test('capabilities tell what the backend can do', async () => {
  const native = await createChatClient(valid);
  assert.equal(native.capabilities.idempotentSend, true);
  assert.equal(native.capabilities.historyBefore, true);
  native.destroy();
  const shows = await createChatClient({ ...valid, dialect: 'flask-shows' });
  assert.equal(shows.capabilities.idempotentSend, false);
  shows.destroy();
});

test('a wrong url, path, user or WebSocket is named', async () => {
  await refused({ ...valid, url: 'not a url' }, /^url: /);
  await refused({ ...valid, url: 'ftp://example.com' }, /^url: .*scheme/);
  await refused({ ...valid, path: '' }, /^path: /);
  await refused({ ...valid, user: { id: '', name: 'Ada' } }, /user\.id/);
  await refused({ ...valid, user: undefined }, /user/);
  await refused({ ...valid, WebSocket: 'ws' }, /^WebSocket: /);
});

test('Node without a global WebSocket asks for one to be injected', async (t) => {
  if (typeof globalThis.WebSocket === 'function') return t.skip('this Node has a global WebSocket');
  await refused({ ...valid, WebSocket: undefined }, /WebSocket: .*ws/);
});

test('out-of-range numbers and an unknown preset are named', async () => {
  await refused({ ...valid, typing: { idleMs: -5 } }, /typing\.idleMs/);
  await refused({ ...valid, reconnection: { randomization: 2 } }, /reconnection\.randomization/);
  await refused({ ...valid, maxTextLength: 0 }, /maxTextLength/);
  await refused({ ...valid, dialect: 'slack' }, /dialect/);
});

test('transports: a wrong list, handshake timeout or fetch is named; polling alone needs no WebSocket', async () => {
  await refused({ ...valid, transports: ['carrier-pigeon'] }, /^transports: /);
  await refused({ ...valid, transports: ['polling', 'polling'] }, /^transports: /);
  await refused({ ...valid, transports: [] }, /^transports: /);
  await refused({ ...valid, handshakeTimeoutMs: 0 }, /handshakeTimeoutMs/);
  await refused({ ...valid, fetch: 'fetch' }, /^fetch: /);
  const pollingOnly = await createChatClient({ ...valid, WebSocket: undefined, transports: ['polling'] });
  assert.equal(pollingOnly.getConnection().transport, null, 'no transport before connecting');
  pollingOnly.destroy();
});

test('a custom dialect with a mistake is refused with its JSON path', async () => {
  await refused({ ...valid, dialect: { requests: { send: 42 } } }, /dialect/);
});

test('the namespace comes from the URL path, as in socket.io-client', async () => {
  const client = await createChatClient({ ...valid, url: 'http://127.0.0.1:9/chat' });
  client.destroy();
});
