import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import adapter from '../flask-rooms/adapter.mjs';
import { connectClient, nextEvent, recordEvents } from '../lib/socket-waits.mjs';

// Smoke tests of the seed 000 test server (Flask-SocketIO, in memory) with a plain socket.io client.
let server;
const sockets = [];

/** A connected socket.io client, closed after the file. */
async function connect() {
  const socket = await connectClient(server.url);
  sockets.push(socket);
  return socket;
}

async function joinAs(socket, username, room) {
  const joined = nextEvent(socket, 'user_joined', (e) => e.username === username && e.room === room);
  socket.emit('join', { username, room });
  return joined;
}

before(async () => { server = await adapter.start(); });
after(async () => {
  for (const socket of sockets) socket.close();
  await server.stop();
});

test('connect is answered by connection_response', async () => {
  // Listening before the connection completes: python-socketio sends it ahead of the CONNECT packet.
  const socket = io(server.url, { transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  assert.deepEqual(await nextEvent(socket, 'connection_response'), { data: 'Connected' });
});

test('join announces user_joined to the room, the joiner included', async () => {
  const ada = await connect();
  const grace = await connect();
  await joinAs(ada, 'ada', 'join-room');
  const seenByAda = nextEvent(ada, 'user_joined', (e) => e.username === 'grace');
  assert.deepEqual(await joinAs(grace, 'grace', 'join-room'), { username: 'grace', room: 'join-room' });
  assert.deepEqual(await seenByAda, { username: 'grace', room: 'join-room' });
});

test('message goes to the last joined room, sender included, with the preset\'s shape', async () => {
  const ada = await connect();
  const grace = await connect();
  await joinAs(ada, 'ada', 'old-room');
  await joinAs(ada, 'ada', 'msg-room');
  await joinAs(grace, 'grace', 'msg-room');
  const echo = nextEvent(ada, 'message', (m) => m.message === 'hello');
  const received = nextEvent(grace, 'message', (m) => m.message === 'hello');
  ada.emit('message', { message: 'hello' });
  const message = await echo;
  assert.deepEqual(await received, message);
  assert.deepEqual(Object.keys(message).sort(), ['id', 'message', 'room', 'timestamp', 'username']);
  assert.equal(message.username, 'ada');
  assert.equal(message.room, 'msg-room');
  assert.equal(typeof message.id, 'string');
  assert.match(message.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?$/, 'isoformat() without a zone');
});

test('get_messages answers the asker only with the room\'s history, oldest first', async () => {
  const ada = await connect();
  const grace = await connect();
  await joinAs(ada, 'ada', 'history-room');
  for (const text of ['one', 'two']) {
    const echo = nextEvent(ada, 'message', (m) => m.message === text);
    ada.emit('message', { message: text });
    await echo;
  }
  await joinAs(grace, 'grace', 'history-room');
  const adasHistory = recordEvents(ada, 'message_history');
  const history = nextEvent(grace, 'message_history');
  grace.emit('get_messages', { room: 'history-room' });
  const { room, messages } = await history;
  assert.equal(room, 'history-room');
  assert.deepEqual(messages.map((m) => m.message), ['one', 'two']);
  assert.equal(adasHistory.length, 0);
});

test('typing is relayed to the others in the room only', async () => {
  const ada = await connect();
  const grace = await connect();
  await joinAs(ada, 'ada', 'typing-room');
  await joinAs(grace, 'grace', 'typing-room');
  const adasOwn = recordEvents(ada, 'user_typing');
  const seen = nextEvent(grace, 'user_typing');
  ada.emit('typing', { is_typing: true });
  assert.deepEqual(await seen, { username: 'ada', is_typing: true });
  // A message after the typing event proves ordering: by its echo, no relay to Ada is on its way.
  const echo = nextEvent(ada, 'message', (m) => m.message === 'after typing');
  ada.emit('message', { message: 'after typing' });
  await echo;
  assert.equal(adasOwn.length, 0);
});

test('invalid payloads are dropped and the server keeps serving', async () => {
  const ada = await connect();
  const messages = recordEvents(ada, 'message');
  ada.emit('message', { message: 'before any join' });
  await joinAs(ada, 'ada', 'bad-room');
  for (const bad of [null, 'text', [1, 2], { message: 42 }, { message: '   ' }, { message: 'x'.repeat(4001) }]) {
    ada.emit('message', bad);
    ada.emit('typing', bad);
    ada.emit('join', bad);
    ada.emit('get_messages', bad);
  }
  const echo = nextEvent(ada, 'message', (m) => m.message === 'still here');
  ada.emit('message', { message: 'still here' });
  await echo;
  assert.deepEqual(messages.map((m) => m.message), ['still here']);
});

test('a restart forgets the history (in memory, like the seed)', async () => {
  const ada = await connect();
  await joinAs(ada, 'ada', 'restart-room');
  const echo = nextEvent(ada, 'message', (m) => m.message === 'gone after restart');
  ada.emit('message', { message: 'gone after restart' });
  await echo;
  await server.restart();
  const again = await connect();
  await joinAs(again, 'ada', 'restart-room');
  const history = nextEvent(again, 'message_history');
  again.emit('get_messages', { room: 'restart-room' });
  assert.deepEqual((await history).messages, []);
});
