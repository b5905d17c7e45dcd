// Server rendering of chatwire/react, in plain Node (no DOM; this file must
// never load jsdom): every hook renders its fallback, no connection is
// opened, and neither `window` nor `document` is defined or read by the
// package, at import time or while rendering.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import React from 'react';
import ReactDOMServer from 'react-dom/server';
import { sleep } from '../../../testkit/waits.mjs';

const h = React.createElement;
const coreEntry = new URL('../../dist/index.js', import.meta.url);
const reactEntry = new URL('../../dist/react/index.js', import.meta.url);
/** Stack frames of the package's own code start with this (ES modules show file: URLs). */
const packageCode = new URL('../../dist/', import.meta.url).href;

/**
 * Traps on globalThis.window and globalThis.document: reading them still
 * gives undefined (so `typeof window` checks behave as in Node), but a read
 * made by the package's own code, or any assignment, is recorded.
 */
const touches = [];
function installBrowserGlobalTraps() {
  for (const name of ['window', 'document']) {
    assert.equal(name in globalThis, false, `precondition: no ${name} in this process`);
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        // Line 0 is "Error", line 1 this getter, line 2 the code that read the global.
        const reader = new Error().stack.split('\n')[2] ?? '';
        if (reader.includes(packageCode)) touches.push(`read of ${name} ${reader.trim()}`);
        return undefined;
      },
      set() {
        touches.push(`assignment to ${name}`);
      },
    });
  }
}

let server;
let chatwire;
let harness;
let connections = 0;

before(async () => {
  installBrowserGlobalTraps();
  // The package (also imported by the harness) is loaded after the traps, so that an import-time read is caught too.
  chatwire = await import(reactEntry.href);
  harness = await import('../support/harness.mjs');
  server = await harness.startServer();
  server.io.engine.on('connection', () => connections++);
});

after(async () => {
  await server?.close();
  delete globalThis.window;
  delete globalThis.document;
});

/** A WebSocket constructor that records being called (it must never be). */
const constructed = [];
class RecordingWebSocket {
  constructor(url) {
    constructed.push(url);
    throw new Error('server rendering must not open a WebSocket');
  }
}

function Everything() {
  const { useChatClient, useConnection, useRoom, useRooms, useUnreadTotal } = chatwire;
  const client = useChatClient();
  const connection = useConnection();
  const room = useRoom('general', { active: true });
  const total = useUnreadTotal();
  const rooms = useRooms();
  return h(
    'main',
    null,
    h('p', { id: 'client' }, client === null ? 'no client' : 'client'),
    h('p', { id: 'state' }, connection.state),
    h('p', { id: 'retry' }, connection.reconnectInMs === null ? 'no retry' : String(connection.reconnectInMs)),
    h('p', { id: 'error' }, connection.error === null ? 'no error' : connection.error.code),
    h('p', { id: 'total' }, String(total)),
    h('p', { id: 'rooms' }, String(rooms.length)),
    h('p', { id: 'joined' }, room.joined ? 'joined' : 'not joined'),
    h('p', { id: 'unread' }, String(room.unreadCount)),
    h('p', { id: 'typing' }, String(room.typingUsers.length)),
    h('p', { id: 'more' }, room.hasMore ? 'more' : 'no more'),
    h('ul', { id: 'messages' }, room.messages.map((m) => h('li', { key: m.clientId ?? m.id }, m.text))),
  );
}

test('renderToString of a <ChatProvider> with every hook: the fallbacks, no connection, no window', async () => {
  const { ada, tokenFor } = harness;
  const options = { url: server.url, dialect: 'chatwire', user: ada, auth: tokenFor(ada), WebSocket: RecordingWebSocket };
  const html = ReactDOMServer.renderToString(h(chatwire.ChatProvider, { options }, h(Everything)));
  assert.equal(
    html,
    '<main>' +
      '<p id="client">no client</p>' +
      '<p id="state">idle</p>' +
      '<p id="retry">no retry</p>' +
      '<p id="error">no error</p>' +
      '<p id="total">0</p>' +
      '<p id="rooms">0</p>' +
      '<p id="joined">not joined</p>' +
      '<p id="unread">0</p>' +
      '<p id="typing">0</p>' +
      '<p id="more">no more</p>' +
      '<ul id="messages"></ul>' +
      '</main>',
  );
  // Long enough for a client created during rendering to have loaded the core and connected.
  await sleep(400);
  assert.deepEqual(constructed, [], 'no WebSocket was constructed');
  assert.equal(connections, 0, 'the server saw no connection');
  assert.deepEqual(touches, [], 'window and document were neither read by the package nor assigned');
});

test('both entries import in a fresh Node process without a DOM', () => {
  const script = `
    const core = await import(${JSON.stringify(coreEntry.href)});
    const react = await import(${JSON.stringify(reactEntry.href)});
    const leaked = ['window', 'document'].filter((name) => name in globalThis);
    console.log(JSON.stringify({ core: Object.keys(core).sort(), react: Object.keys(react).sort(), leaked }));
  `;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(result.status, 0, `the import failed:\n${result.stderr}`);
  assert.equal(result.stderr, '', 'nothing printed on stderr');
  const { core, react, leaked } = JSON.parse(result.stdout);
  for (const name of ['createChatClient', 'ChatClient', 'Room', 'ChatwireError']) assert.ok(core.includes(name), `core exports ${name}`);
  assert.deepEqual(react, ['ChatProvider', 'useChatClient', 'useConnection', 'useRoom', 'useRooms', 'useUnreadTotal']);
  assert.deepEqual(leaked, [], 'importing defined no browser globals');
});
