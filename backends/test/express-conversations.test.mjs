import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import adapter from '../express-conversations/adapter.mjs';
import { connectClient, nextEvent, recordEvents } from '../lib/socket-waits.mjs';

// Smoke tests of the seed 003 test server with a plain socket.io client, through its adapter.
let server;
let dataDir;
const sockets = [];

async function client() {
  const socket = await connectClient(server.url);
  sockets.push(socket);
  return socket;
}

/** Joins and proves the join took effect: the user's own message comes back to them. */
async function joinAndSend(socket, conversationId, senderId, message) {
  const echo = nextEvent(socket, 'newMessage', (m) => m.message === message);
  socket.emit('joinConversation', { conversationId });
  socket.emit('sendMessage', { conversationId, senderId, message });
  return echo;
}

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'express-conversations-'));
  server = await adapter.start({ dataDir });
});

after(async () => {
  for (const socket of sockets) socket.close();
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('connects without credentials (the seed has no auth) and starts with an empty history', async () => {
  const socket = await client();
  assert.equal(socket.connected, true);
  const { status, json } = await server.rest(null, 'GET', '/api/conversations/empty/messages');
  assert.equal(status, 200);
  assert.deepEqual(json, []);
});

test('newMessage goes to the whole conversation, sender included, and not to other conversations', async () => {
  const [room, otherRoom] = server.rooms;
  const ada = await client();
  const bob = await client();
  const eve = await client();
  const eveSaw = recordEvents(eve, 'newMessage');
  await joinAndSend(eve, otherRoom, 'eve', 'eve is elsewhere');

  const adaEcho = await joinAndSend(ada, room, 'ada', 'hello');
  assert.deepEqual(Object.keys(adaEcho).sort(), ['conversationId', 'id', 'message', 'senderId', 'timestamp']);
  assert.equal(adaEcho.conversationId, room);
  assert.equal(adaEcho.senderId, 'ada');
  assert.match(adaEcho.id, /^\d+$/);
  assert.ok(!Number.isNaN(Date.parse(adaEcho.timestamp)) && adaEcho.timestamp.endsWith('Z'));

  const adaGetsBob = nextEvent(ada, 'newMessage', (m) => m.message === 'hi ada');
  const bobEcho = await joinAndSend(bob, room, 'bob', 'hi ada');
  const received = await adaGetsBob;
  assert.deepEqual(received, bobEcho);
  assert.ok(BigInt(bobEcho.id) > BigInt(adaEcho.id), 'ids increase');

  // eve is only in the other conversation: a later message there arrives, the first two never did.
  const eveGetsLater = nextEvent(eve, 'newMessage', (m) => m.message === 'later');
  eve.emit('sendMessage', { conversationId: otherRoom, senderId: 'eve', message: 'later' });
  await eveGetsLater;
  assert.deepEqual(eveSaw.map((m) => m.message), ['eve is elsewhere', 'later']);
});

test('leaveConversation stops delivery to that socket', async () => {
  const room = 'leave-test';
  const ada = await client();
  const bob = await client();
  await joinAndSend(ada, room, 'ada', 'before leaving');
  await joinAndSend(bob, room, 'bob', 'bob is here');
  const adaSaw = recordEvents(ada, 'newMessage');
  ada.emit('leaveConversation', { conversationId: room });
  // ada's own later message to a room she is in proves her leave was handled first.
  await joinAndSend(ada, 'leave-test-probe', 'ada', 'probe');
  await joinAndSend(bob, room, 'bob', 'after ada left');
  await joinAndSend(ada, 'leave-test-probe', 'ada', 'probe 2');
  assert.deepEqual(adaSaw.map((m) => m.message), ['probe', 'probe 2']);
});

test('typing is relayed to the others and cleared by the server 3 s later', async () => {
  const room = 'typing-test';
  const ada = await client();
  const bob = await client();
  await joinAndSend(ada, room, 'ada', 'ada joins');
  await joinAndSend(bob, room, 'bob', 'bob joins');
  const bobSawTyping = recordEvents(bob, 'typing');

  const started = Date.now();
  const typingOn = nextEvent(ada, 'typing', (t) => t.isTyping === true);
  const typingOff = nextEvent(ada, 'typing', (t) => t.isTyping === false, 5000);
  bob.emit('typing', { conversationId: room, userId: 'bob' });
  assert.deepEqual(await typingOn, { userId: 'bob', isTyping: true });
  assert.deepEqual(await typingOff, { userId: 'bob', isTyping: false });
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 2900 && elapsed < 4500, `cleared after ${elapsed} ms`);
  assert.deepEqual(bobSawTyping, [], 'the typist gets no echo');
});

test('every typing event schedules its own clear 3 s later, as in the seed (no clearTimeout)', async () => {
  const room = 'typing-repeat';
  const ada = await client();
  const bob = await client();
  await joinAndSend(ada, room, 'ada', 'ada joins');
  await joinAndSend(bob, room, 'bob', 'bob joins');
  const seen = recordEvents(ada, 'typing');
  const started = Date.now();
  const firstOff = nextEvent(ada, 'typing', (t) => t.isTyping === false, 5000);
  bob.emit('typing', { conversationId: room, userId: 'bob' });
  setTimeout(() => bob.emit('typing', { conversationId: room, userId: 'bob' }), 1000);
  await firstOff;
  const firstOffAt = Date.now() - started;
  assert.ok(firstOffAt >= 2900 && firstOffAt < 3900, `first clear after ${firstOffAt} ms despite the second typing`);
  await nextEvent(ada, 'typing', (t) => t.isTyping === false, 3000);
  assert.deepEqual(seen.map((t) => t.isTyping), [true, true, false, false]);
});

test('REST save endpoint stores, broadcasts and validates; REST history lists oldest first', async () => {
  const room = 'rest-test';
  const ada = await client();
  await joinAndSend(ada, room, 'ada', 'over the socket');
  const adaGetsRest = nextEvent(ada, 'newMessage', (m) => m.message === 'over REST');
  const saved = await server.rest(null, 'POST', `/api/conversations/${room}/messages`, { senderId: 'bob', message: 'over REST' });
  assert.equal(saved.status, 201);
  assert.deepEqual(await adaGetsRest, saved.json);

  const history = await server.rest(null, 'GET', `/api/conversations/${room}/messages`);
  assert.equal(history.status, 200);
  assert.deepEqual(history.json.map((m) => [m.senderId, m.message]), [['ada', 'over the socket'], ['bob', 'over REST']]);

  assert.equal((await server.rest(null, 'POST', `/api/conversations/${room}/messages`, { senderId: 'bob', message: '  ' })).status, 400);
  assert.equal((await server.rest(null, 'POST', `/api/conversations/${room}/messages`, { message: 'no sender' })).status, 400);
  const malformed = await fetch(`${server.url}/api/conversations/${room}/messages`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json',
  });
  assert.equal(malformed.status, 400);
});

test('malformed socket payloads are ignored and the server keeps serving', async () => {
  const ada = await client();
  for (const payload of [null, 42, 'text', [], { conversationId: {} }, { conversationId: 'x', senderId: 'a', message: 'x'.repeat(20_000) }]) {
    ada.emit('sendMessage', payload);
    ada.emit('typing', payload);
    ada.emit('joinConversation', payload);
  }
  const echo = await joinAndSend(ada, 'still-alive', 'ada', 'still here');
  assert.equal(echo.message, 'still here');
  const history = await server.rest(null, 'GET', '/api/conversations/x/messages');
  assert.deepEqual(history.json, []);
});

test('messages persist across a restart on the same data directory', async () => {
  const room = 'persist-test';
  const ada = await client();
  const first = await joinAndSend(ada, room, 'ada', 'remember me');
  await server.restart();
  const history = await server.rest(null, 'GET', `/api/conversations/${room}/messages`);
  assert.deepEqual(history.json, [first]);
  const again = await client();
  const second = await joinAndSend(again, room, 'ada', 'after restart');
  assert.ok(BigInt(second.id) > BigInt(first.id));
});
