import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import adapter from '../flask-multiroom/adapter.mjs';
import { connectClient, nextEvent, recordEvents } from '../lib/socket-waits.mjs';

// Smoke tests of the seed 004 test server (Flask-SocketIO + eventlet, session cookie, SQLite)
// with a plain socket.io client, through its adapter.
let server;
let dataDir;
let ada;
let grace;
const sockets = [];

async function connectAs(creds) {
  const socket = await connectClient(server.url, { extraHeaders: creds.headers });
  sockets.push(socket);
  return socket;
}

async function joinRoom(socket, room) {
  const joined = nextEvent(socket, 'room_joined', (e) => e.room === room);
  socket.emit('join_room', { room });
  return joined;
}

async function send(socket, room, message) {
  const echo = nextEvent(socket, 'new_message', (m) => m.message === message);
  socket.emit('send_message', { room, message });
  return echo;
}

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flask-multiroom-'));
  server = await adapter.start({ dataDir });
  [ada, grace] = await Promise.all([server.credentials('ada'), server.credentials('grace')]);
});

after(async () => {
  for (const socket of sockets) socket.close();
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('sockets need the login session; a missing or tampered cookie is refused', async () => {
  await assert.rejects(connectClient(server.url), { message: 'Unauthorized' });
  // Flip the second-to-last character of the signature: the last one of an unpadded base64url
  // signature carries spare bits that a decoder ignores, so changing it can leave the bytes valid.
  const tampered = ada.headers.cookie.replace(/.(?=.$)/, (c) => (c === 'A' ? 'B' : 'A'));
  await assert.rejects(connectClient(server.url, { extraHeaders: { cookie: tampered } }), { message: 'Unauthorized' });
  await assert.rejects(connectClient(server.url, { extraHeaders: { cookie: 'session=forged' } }), { message: 'Unauthorized' });
  assert.equal((await server.rest({}, 'POST', '/login', { username: '' })).status, 400);
});

test('connect sends status and rooms_list with the four default rooms', async () => {
  // Listening before the connection completes: python-socketio sends these ahead of the CONNECT packet.
  const socket = io(server.url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: ada.headers });
  sockets.push(socket);
  const status = nextEvent(socket, 'status');
  const rooms = nextEvent(socket, 'rooms_list');
  assert.deepEqual(await status, { msg: 'ada connected' });
  assert.deepEqual((await rooms).rooms.map((r) => r.name), ['general', 'workout-tips', 'nutrition', 'progress']);
  const again = nextEvent(socket, 'rooms_list');
  socket.emit('get_rooms');
  assert.equal((await again).rooms.length, 4);
});

test('join_room answers room_joined with history (join rows included); the others get user_joined', async () => {
  const a = await connectAs(ada);
  const g = await connectAs(grace);
  await joinRoom(a, 'nutrition');
  const announced = nextEvent(a, 'user_joined', (e) => e.room === 'nutrition');
  const { messages } = await joinRoom(g, 'nutrition');
  assert.deepEqual(await announced, { room: 'nutrition', user_id: Number(grace.user.id), username: 'grace' });
  const types = messages.map((m) => m.message_type);
  assert.ok(types.includes('join'), `join rows in the history: ${types}`);
  assert.deepEqual(Object.keys(messages[0]).sort(), ['created_at', 'id', 'is_edited', 'message', 'message_type', 'room', 'user_id', 'username']);
});

test('send_message reaches the whole room, the sender included, with the preset\'s shape', async () => {
  const a = await connectAs(ada);
  const g = await connectAs(grace);
  await joinRoom(a, 'progress');
  await joinRoom(g, 'progress');
  const received = nextEvent(g, 'new_message', (m) => m.message === 'PR today');
  const message = await send(a, 'progress', 'PR today');
  assert.deepEqual(await received, message);
  assert.equal(message.message_type, 'text');
  assert.equal(message.is_edited, false);
  assert.equal(message.user_id, Number(ada.user.id));
  assert.equal(typeof message.id, 'number');
  assert.match(message.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?$/, 'isoformat() without a zone');
});

test('typing_start / typing_stop reach the others only; leave and disconnect send user_left', async () => {
  const a = await connectAs(ada);
  const g = await connectAs(grace);
  await joinRoom(a, 'general');
  await joinRoom(g, 'general');
  const adasOwn = recordEvents(a, 'user_typing');
  const start = nextEvent(g, 'user_typing', (e) => e.is_typing);
  a.emit('typing_start', { room: 'general' });
  assert.deepEqual(await start, { room: 'general', user_id: Number(ada.user.id), username: 'ada', is_typing: true });
  const stop = nextEvent(g, 'user_typing', (e) => !e.is_typing);
  a.emit('typing_stop', { room: 'general' });
  assert.equal((await stop).is_typing, false);
  await send(a, 'general', 'after typing');  // its echo comes after any relay to Ada would have
  assert.equal(adasOwn.length, 0);

  const left = nextEvent(g, 'user_left', (e) => e.username === 'ada');
  a.emit('leave_room', { room: 'general' });
  assert.deepEqual(await left, { room: 'general', user_id: Number(ada.user.id), username: 'ada' });
  const watcher = await connectAs(ada);
  await joinRoom(watcher, 'general');
  const gone = nextEvent(watcher, 'user_left', (e) => e.username === 'grace');
  g.close();
  assert.equal((await gone).room, 'general');
});

test('each error, and malformed payloads never stop the server', async () => {
  const a = await connectAs(ada);
  const expectError = async (event, payload, message) => {
    const error = nextEvent(a, 'error', (e) => e.message === message);
    a.emit(event, payload);
    await error;
  };
  await expectError('join_room', { room: 'no-such-room' }, 'Room not found');
  await expectError('join_room', { room: 42 }, 'Invalid request');
  await expectError('send_message', { room: 'general', message: 'not joined' }, 'Not in room');
  await joinRoom(a, 'general');
  await expectError('send_message', { room: 'general', message: '  ' }, 'Message cannot be empty');
  await expectError('send_message', { room: 'general', message: 'x'.repeat(2001) }, 'Message too long');
  await expectError('send_message', 'text', 'Invalid request');
  for (const bad of [null, 'text', [1], 42, { room: { nested: 1 } }]) {
    for (const event of ['join_room', 'leave_room', 'send_message', 'typing_start', 'typing_stop', 'get_rooms']) a.emit(event, bad);
  }
  assert.equal((await send(a, 'general', 'still serving')).message, 'still serving');
});

test('messages and sessions survive a restart', async () => {
  const a = await connectAs(ada);
  await joinRoom(a, 'workout-tips');
  await send(a, 'workout-tips', 'kept across restarts');
  await server.restart();
  const again = await connectAs(ada);  // the same cookie: the secret key is kept in the data folder
  const { messages } = await joinRoom(again, 'workout-tips');
  assert.equal(messages.filter((m) => m.message === 'kept across restarts').length, 1);
});
