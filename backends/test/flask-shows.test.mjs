import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import adapter from '../flask-shows/adapter.mjs';
import { connectClient, nextEvent, recordEvents } from '../lib/socket-waits.mjs';

// Smoke tests of the seed 001 test server (Flask-SocketIO + eventlet, JWT, SQLite) with a plain
// socket.io client, through its adapter.
let server;
let dataDir;
let ada;
let grace;
const sockets = [];

/** Connects with the JWT in the query (or the cookie, with `{cookie: true}`). */
async function connectAs(creds, { cookie = false } = {}) {
  const socket = await connectClient(server.url, cookie ? { extraHeaders: creds.headers } : { query: creds.query });
  sockets.push(socket);
  return socket;
}

/** Joins a show; resolves with its message_history and active_users answers. */
async function joinShow(socket, showId) {
  const history = nextEvent(socket, 'message_history');
  const users = nextEvent(socket, 'active_users');
  socket.emit('join_show', { show_id: showId });
  return { history: await history, users: await users };
}

async function send(socket, showId, message) {
  const echo = nextEvent(socket, 'new_message', (m) => m.message === message);
  socket.emit('send_message', { show_id: showId, message });
  return echo;
}

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flask-shows-'));
  server = await adapter.start({ dataDir });
  [ada, grace] = await Promise.all([server.credentials('ada'), server.credentials('grace')]);
});

after(async () => {
  for (const socket of sockets) socket.close();
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('connections without a valid JWT are refused, by query or by cookie', async () => {
  await assert.rejects(connectClient(server.url), { message: 'Unauthorized' });
  await assert.rejects(connectClient(server.url, { query: { token: 'forged' } }), { message: 'Unauthorized' });
  await assert.rejects(connectClient(server.url, { extraHeaders: { cookie: 'access_token_cookie=forged' } }), { message: 'Unauthorized' });
  const tampered = `${ada.query.token.slice(0, -2)}xx`;
  await assert.rejects(connectClient(server.url, { query: { token: tampered } }), { message: 'Unauthorized' });
});

test('a valid JWT in the query or the cookie connects, greeted by "connected"', async () => {
  // Listening before the connection completes: python-socketio sends it ahead of the CONNECT packet.
  const socket = io(server.url, { transports: ['websocket'], reconnection: false, forceNew: true, query: ada.query });
  sockets.push(socket);
  assert.deepEqual(await nextEvent(socket, 'connected'), { message: 'Connected to ShareMyShows', username: 'ada' });
  const byCookie = await connectAs(grace, { cookie: true });
  assert.equal(byCookie.connected, true);
});

test('login gives the same user for the same name and refuses a bad one', async () => {
  const again = await server.credentials('ada');
  assert.equal(again.user.id, ada.user.id);
  assert.match(ada.user.id, /^\d+$/);
  assert.equal((await server.rest({}, 'POST', '/api/auth/login', { username: '  ' })).status, 400);
  assert.equal((await server.rest({}, 'POST', '/api/auth/login', {})).status, 400);
});

test('join_show answers message_history then active_users; the others get user_joined', async () => {
  const a = await connectAs(ada);
  const g = await connectAs(grace);
  await joinShow(a, 1);
  const announced = nextEvent(a, 'user_joined');
  const { history, users } = await joinShow(g, 1);
  assert.ok(Array.isArray(history.messages));
  assert.equal(users.count, 2);
  assert.deepEqual(users.active_users.map((u) => u.username).sort(), ['ada', 'grace']);
  assert.deepEqual(Object.keys(users.active_users[0]).sort(), ['sid', 'user_id', 'username']);
  assert.equal(typeof users.active_users[0].user_id, 'number');
  const joined = await announced;
  assert.equal(joined.user_id, Number(grace.user.id));
  assert.equal(joined.message, 'grace joined the chat');
  assert.equal(joined.active_users.length, 2);
});

test('send_message reaches everyone in the show, the sender included, with the seed\'s shape', async () => {
  const a = await connectAs(ada);
  const g = await connectAs(grace);
  await joinShow(a, 2);
  await joinShow(g, 2);
  const received = nextEvent(g, 'new_message', (m) => m.message === 'Encore!');
  const message = await send(a, 2, 'Encore!');
  assert.deepEqual(await received, message);
  assert.deepEqual(Object.keys(message).sort(), ['created_at', 'id', 'message', 'show_id', 'user_id', 'username']);
  assert.equal(message.show_id, 2);
  assert.equal(message.user_id, Number(ada.user.id));
  assert.equal(typeof message.id, 'number');
  assert.match(message.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);
});

test('typing goes to the others only; leave_show and disconnect send user_left', async () => {
  const a = await connectAs(ada);
  const g = await connectAs(grace);
  await joinShow(a, 1);
  await joinShow(g, 1);
  const adasOwn = recordEvents(a, 'user_typing');
  const seen = nextEvent(g, 'user_typing');
  a.emit('typing', { show_id: 1, is_typing: true });
  assert.deepEqual(await seen, { user_id: Number(ada.user.id), username: 'ada', is_typing: true });
  await send(a, 1, 'after typing');  // its echo comes after any relay to Ada would have
  assert.equal(adasOwn.length, 0);

  const left = nextEvent(g, 'user_left', (e) => e.username === 'ada');
  a.emit('leave_show', { show_id: 1 });
  const leaving = await left;
  assert.equal(leaving.message, 'ada left the chat');
  assert.ok(!leaving.active_users.some((u) => u.sid === a.id));

  const watcher = await connectAs(ada);
  await joinShow(watcher, 1);
  const gone = nextEvent(watcher, 'user_left', (e) => e.username === 'grace');
  g.close();
  assert.equal((await gone).username, 'grace');
});

test('get_active_users answers with the show id', async () => {
  const a = await connectAs(ada);
  await joinShow(a, 2);
  const answer = nextEvent(a, 'active_users', (e) => e.show_id === 2);
  a.emit('get_active_users', { show_id: 2 });
  const { show_id: showId, count, active_users: users } = await answer;
  assert.equal(showId, 2);
  assert.equal(count, users.length);
  assert.ok(users.some((u) => u.sid === a.id));
});

test('each documented error, and malformed payloads never stop the server', async () => {
  const a = await connectAs(ada);
  const errors = recordEvents(a, 'error');
  const expectError = async (event, payload, message) => {
    const error = nextEvent(a, 'error', (e) => e.message === message);
    a.emit(event, payload);
    const answer = await error;
    assert.equal(typeof answer.details, 'string', `${message} has details`);
  };
  await expectError('join_show', { show_id: 999 }, 'Show not found');
  await expectError('send_message', { show_id: 2, message: 'not joined' }, 'Not in show chat room');
  await expectError('send_message', { show_id: 2 }, 'Missing show_id or message');
  await expectError('send_message', { message: 'no show' }, 'Missing show_id or message');
  await joinShow(a, 2);
  await expectError('send_message', { show_id: 2, message: 'x'.repeat(1001) }, 'Message too long');
  for (const bad of [null, 'text', [1], 42, { show_id: true }, { show_id: { nested: 1 } }]) {
    for (const event of ['join_show', 'leave_show', 'send_message', 'typing', 'get_active_users']) a.emit(event, bad);
  }
  const message = await send(a, 2, 'still serving');
  assert.equal(message.message, 'still serving');
  assert.ok(errors.every((e) => typeof e.message === 'string'));
});

test('messages persist across a restart; history is the last 50, oldest first', async () => {
  const a = await connectAs(ada);
  await joinShow(a, 1);
  const texts = Array.from({ length: 55 }, (_, i) => `persisted ${i}`);
  for (const text of texts) await send(a, 1, text);
  await server.restart();
  const again = await connectAs(ada);
  const { history } = await joinShow(again, 1);
  assert.equal(history.messages.length, 50);
  assert.deepEqual(history.messages.map((m) => m.message), texts.slice(5));
  const ids = history.messages.map((m) => m.id);
  assert.deepEqual(ids, [...ids].sort((x, y) => x - y));
  // The JWT still works after the restart (the secret is kept in the data folder).
  assert.equal(again.connected, true);
});
