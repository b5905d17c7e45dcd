// Loads the built Wasm core (dist/chatwire_core.js + dist/chatwire.wasm)
// in Node and checks that the embind surface matches chatwire_core.d.ts:
// every method exists and answers JSON, a bad configuration names its field,
// hostile numbers and text do not abort the module, and create/delete
// cycles give all memory back. Run after scripts/build-wasm.sh:
//
//   node npm/scripts/smoke-core.mjs
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

const dist = new URL('../dist/', import.meta.url);
const { default: createChatwireCore } = await import(new URL('chatwire_core.js', dist).href);
const wasmBinary = await readFile(new URL('chatwire.wasm', dist));
const core = await createChatwireCore({ wasmBinary, print: () => {}, printErr: (text) => console.error(text) });

const now = Date.now();
const config = JSON.stringify({ dialect: 'chatwire', user: { id: 'u1', name: 'Ada' }, seed: 7 });

// Module functions.
const presets = JSON.parse(core.presetNames());
assert.ok(presets.includes('chatwire') && presets.includes('flask-rooms'), `presets: ${presets}`);
assert.equal(typeof core.heapSize(), 'number');
assert.ok(core.heapSize() >= 65536);
assert.equal(typeof core.allocatedBytes(), 'number');

// One cycle: connect, the open action, the handshake, CONNECT, a join and a send.
const client = new core.CoreClient(config);
assert.equal(client.error(), '');
assert.equal(client.state(), 'idle');
client.connect(now);
let batch = JSON.parse(client.drain());
assert.equal(batch.actions.length, 1);
assert.equal(batch.actions[0].type, 'open');
assert.match(batch.actions[0].query, /EIO=4/);
assert.equal(batch.events[0].type, 'state');
assert.equal(batch.deadline, now + 20000);
const transport = batch.actions[0].transport;
client.transportOpened(now, transport);
client.frameReceived(now, transport,
  '0{"sid":"s","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}');
batch = JSON.parse(client.drain());
assert.deepEqual(batch.actions, [{ type: 'send', transport, text: '40' }]);
client.frameReceived(now, transport, '40{"sid":"n"}');
batch = JSON.parse(client.drain());
assert.equal(batch.events[0].to, 'connected');
assert.deepEqual(JSON.parse(client.join(now, 'lobby')), { ok: true, value: true });
const sent = JSON.parse(client.send(now, 'lobby', 'hello 👋'));
assert.equal(sent.ok, true);
const snapshot = JSON.parse(client.roomSnapshot('lobby', 31));
assert.equal(snapshot.messages[0].clientId, sent.value);
assert.equal(snapshot.messages[0].text, 'hello 👋', 'text survives UTF-16 -> UTF-8 -> UTF-16');
assert.equal(snapshot.messages[0].status, 'pending');

// Every other method answers without throwing.
client.setAuth('{"token":"t"}');
client.provideCredentials(now, 'null');
client.declineCredentials(now);
client.networkOffline(now);
client.networkOnline(now);
client.typing(now, 'lobby');
client.stopTyping(now, 'lobby');
for (const result of [client.leave(now, 'nowhere'), client.retry(now, 'x'), client.cancel(now, 'x'),
  client.markRead(now, 'lobby'), client.setActive(now, 'lobby', true), client.loadOlder(now, 'lobby', 0),
  client.refreshMembers(now, 'lobby')]) {
  assert.equal(typeof JSON.parse(result).ok, 'boolean');
}
assert.equal(client.unreadTotal(), 0);
assert.equal(JSON.parse(client.rooms())[0].id, 'lobby');
assert.equal(JSON.parse(client.capabilities()).hasSeq, true);
assert.deepEqual(JSON.parse(client.stats()), { unknownEvents: 0, malformedEvents: 0 });
client.handleTimeout(now + 60000);
client.transportClosed(now + 60000, transport, 'bye');
client.disconnect(now + 60000);
JSON.parse(client.drain());

// Hostile input: no abort, clear refusals.
client.connect(NaN);
client.frameReceived(now, NaN, 'x');
client.frameReceived(now, transport, 'x'.repeat(3_000_000));
assert.equal(JSON.parse(client.send(Infinity, 'lobby', 'x')).error, 'invalid_argument');
assert.equal(JSON.parse(client.send(now, 'lobby', 'x'.repeat(5_000_000))).error, 'text_too_long');
assert.equal(JSON.parse(client.join(now, '\ud800')).ok, true, 'a lone surrogate is a byte sequence, not a crash');
assert.ok(JSON.parse(client.drain()).events.some((e) => e.type === 'warning' && e.kind === 'invalid_argument'));
client.delete();
assert.equal(client.isDeleted(), true);

// A refused configuration names its field and makes a harmless client.
const refused = new core.CoreClient('{"dialect":"chatwire","user":{"id":"u1","name":"Ada"},"typing":{"idleMs":-1}}');
assert.equal(JSON.parse(refused.error()).field, 'typing.idleMs');
assert.equal(JSON.parse(refused.join(now, 'lobby')).error, 'not_created');
refused.delete();
for (const garbage of ['', 'null', '{', '\u0000', '{"dialect":"nope","user":{"id":"u","name":"n"}}']) {
  const bad = new core.CoreClient(garbage);
  assert.equal(typeof JSON.parse(bad.error()).field, 'string', garbage);
  bad.delete();
}

// Create/use/delete cycles give every byte back.
function cycle() {
  const c = new core.CoreClient(config);
  c.connect(now);
  const open = JSON.parse(c.drain()).actions[0];
  c.transportOpened(now, open.transport);
  c.frameReceived(now, open.transport,
    '0{"sid":"s","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}');
  c.frameReceived(now, open.transport, '40{"sid":"n"}');
  c.join(now, 'lobby');
  for (let i = 0; i < 20; i++) c.send(now, 'lobby', `message ${i}`);
  c.roomSnapshot('lobby', 31);
  c.drain();
  c.delete();
}
cycle();
const before = core.allocatedBytes();
for (let i = 0; i < 50; i++) cycle();
assert.equal(core.allocatedBytes(), before, 'create/delete cycles leak nothing');

console.log(`smoke-core: ok (heap ${core.heapSize()} bytes, ${core.allocatedBytes()} allocated)`);
