// Loading the core, destroying clients, and what destroy frees.
import assert from 'node:assert/strict';
import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import WebSocket from 'ws';
import { createChatClient } from '../../dist/index.js';
import { loadCore } from '../../dist/load-core.js';
import { ada, connectedClient, startServer } from '../support/harness.mjs';
import { waitFor } from '../../../testkit/waits.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(() => server.close());

const offline = { url: 'http://127.0.0.1:9', dialect: 'chatwire', user: ada, WebSocket };

test('Node loads the .wasm next to the module, and clients share one instance', async () => {
  const first = await loadCore();
  const second = await loadCore();
  assert.equal(first, second);
  assert.ok(JSON.parse(first.presetNames()).includes('flask-shows'));
});

test('locateFile points at a copy of the .wasm elsewhere', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'chatwire-wasm-'));
  const copy = join(folder, 'renamed.wasm');
  await copyFile(fileURLToPath(new URL('../../dist/chatwire.wasm', import.meta.url)), copy);
  const asked = [];
  const client = await createChatClient({ ...offline, locateFile: (file) => (asked.push(file), copy) });
  assert.deepEqual([...new Set(asked)], ['chatwire.wasm']);
  client.destroy();
  await assert.rejects(createChatClient({ ...offline, locateFile: () => join(folder, 'missing.wasm') }), /ENOENT|no such file/);
});

test('destroy closes the connection, is idempotent, and later commands throw "destroyed"', async () => {
  const client = await connectedClient(server, ada, ['bye']);
  const socketsBefore = server.io.sockets.sockets.size;
  client.destroy();
  client.destroy();
  assert.equal(client.destroyed, true);
  assert.equal(client.state, 'disconnected');
  await waitFor(() => server.io.sockets.sockets.size === socketsBefore - 1, { message: 'the server saw the disconnect' });
  assert.throws(() => client.room('bye').send('hi'), (error) => error.code === 'destroyed');
  assert.throws(() => client.connect(), (error) => error.code === 'destroyed');
  client.disconnect();  // harmless
  assert.equal(client.room('bye').getSnapshot().joined, true, 'the last snapshot stays readable');
});

test('destroy rejects a loadOlder that was waiting', async () => {
  const writer = await connectedClient(server, { id: 'u-w', name: 'W' }, ['waiting']);
  for (let i = 0; i < 60; i++) writer.room('waiting').send(`w${i}`);
  await waitFor(() => writer.room('waiting').getSnapshot().messages.every((m) => m.status === 'sent'), { message: 'sent' });
  writer.destroy();
  const client = await connectedClient(server, ada, ['waiting']);
  await waitFor(() => client.room('waiting').getSnapshot().hasMore, { message: 'older messages exist' });
  const load = client.room('waiting').loadOlder();
  client.destroy();
  await assert.rejects(load, (error) => error.code === 'destroyed');
});

test('1,000 create / use / destroy cycles leave Wasm memory where it was', async () => {
  const core = await loadCore();
  const cycle = async () => {
    const client = await createChatClient(offline);
    const room = client.room('leak');
    room.join();
    room.send('a message that stays pending');
    room.typing();
    room.getSnapshot();
    client.destroy();
  };
  const cycles = 1000;
  for (let i = 0; i < 50; i++) await cycle();  // warm-up: allocator pools, the first growth
  const heapBefore = core.heapSize();
  const allocatedBefore = core.allocatedBytes();
  for (let i = 0; i < cycles; i++) await cycle();
  const heapAfter = core.heapSize();
  const allocatedAfter = core.allocatedBytes();
  console.log(`# Wasm heap ${heapBefore} → ${heapAfter} bytes; allocated ${allocatedBefore} → ${allocatedAfter} bytes`);
  assert.equal(heapAfter, heapBefore, 'the Wasm memory did not grow');
  // A leak of even one allocation per cycle would add at least 8 bytes x 1000 cycles. Less than a
  // byte per cycle is no leak: emmalloc's count of free memory can end a block header (8 bytes)
  // apart from one measurement to the next, depending on how the last blocks were split.
  assert.ok(allocatedAfter - allocatedBefore < cycles, `every allocation was freed (${allocatedAfter - allocatedBefore} bytes more after ${cycles} cycles)`);
});

test('clients dropped without destroy() are freed by the FinalizationRegistry fallback', async () => {
  // A gc() for this test only: V8 exposes it when the flag is set before the first use.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  const core = await loadCore();
  const settle = async () => {
    for (let i = 0; i < 10; i++) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  await settle();
  const before = core.allocatedBytes();
  for (let i = 0; i < 200; i++) {
    const client = await createChatClient(offline);
    client.room('orphan').join();
    client.room('orphan').send('never destroyed');
  }
  const leaked = core.allocatedBytes() - before;
  assert.ok(leaked > 0, 'the dropped clients hold Wasm memory until collected');
  await settle();
  const after = core.allocatedBytes();
  console.log(`# 200 dropped clients: ${leaked} bytes before collection, ${after - before} after`);
  assert.ok(after - before < leaked / 10, `the finalizer freed them (${after - before} of ${leaked} bytes left)`);
});

test('a stored message costs the Wasm heap its text and a bounded overhead', async () => {
  // Driven at the core's own boundary: the native protocol's frames, one room
  // that keeps every message (no eviction), the allocator's counters around 1,000 messages.
  const core = await loadCore();
  const client = new core.CoreClient(JSON.stringify({ dialect: 'chatwire', user: ada, seed: 3, maxMessagesPerRoom: 2000 }));
  const now = Date.now();
  client.setMessageEvents(false);
  client.connect(now);
  client.transportOpened(now, 1);
  client.frameReceived(now, 1, '0{"sid":"s","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}');
  client.frameReceived(now, 1, '40{"sid":"n"}');
  client.join(now, 'heap');
  client.frameReceived(now, 1, '431[{"ok":true,"members":[],"messages":[],"hasMore":false,"readSeq":0}]');
  const text = 'forty characters of message text, exact.';
  const feed = (from, count) => {
    for (let seq = from; seq < from + count; seq++) {
      const message = { id: `m-${seq}`, room: 'heap', seq, clientId: null, author: { id: `u${seq % 4}`, name: `Author ${seq % 4}` }, text, createdAt: now + seq };
      client.frameReceived(now, 1, `42${JSON.stringify(['message', message])}`);
    }
  };
  feed(1, 200);  // the room's containers past their first growth
  const before = core.allocatedBytes();
  feed(201, 1000);
  const perMessage = (core.allocatedBytes() - before) / 1000;
  client.delete();
  console.log(`# Wasm heap per stored message: ${perMessage} bytes, ${perMessage - text.length} beyond its ${text.length}-byte text`);
  // A bound against regressions above today's ~209 B; the aim is 150 B (docs/architecture.md, "Memory").
  assert.ok(perMessage - text.length < 320, `${perMessage - text.length} bytes beyond the text`);
});
