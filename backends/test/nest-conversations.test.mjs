import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import adapter from '../nest-conversations/adapter.mjs';
import { connectClient, nextEvent, recordEvents } from '../lib/socket-waits.mjs';

// Smoke tests of the seed 002 test server (NestJS) with a plain socket.io client, through its adapter.
let server;
let dataDir;
let alice;
let bob;
let carol;
const sockets = [];

async function connectAs(creds) {
  const socket = await connectClient(server.url, { auth: creds.auth });
  sockets.push(socket);
  return socket;
}

/** Sends over the socket and waits for the sender's own copy, which confirms the send. */
async function send(socket, conversationId, content) {
  const echo = nextEvent(socket, 'message', (m) => m.content === content);
  socket.emit('sendMessage', { conversationId, content });
  return echo;
}

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nest-conversations-'));
  server = await adapter.start({ dataDir });
  [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((name) => server.credentials(name)));
});

after(async () => {
  for (const socket of sockets) socket.close();
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('the socket refuses a missing, forged or foreign-key token in the handshake', async () => {
  await assert.rejects(connectClient(server.url), { message: 'Unauthorized' });
  await assert.rejects(connectClient(server.url, { auth: { token: 'not-a-jwt' } }), { message: 'Unauthorized' });
  const forged = jwt.sign({ sub: alice.user.id, username: 'alice' }, 'some-other-secret');
  await assert.rejects(connectClient(server.url, { auth: { token: forged } }), { message: 'Unauthorized' });
  const socket = await connectAs(alice);
  assert.equal(socket.connected, true);
});

test('REST requires the JWT and login is stable per name', async () => {
  assert.equal((await server.rest({}, 'GET', '/chat/conversations')).status, 401);
  assert.equal((await server.rest({ headers: { authorization: 'Bearer nope' } }, 'GET', '/chat/unread-count')).status, 401);
  const again = await server.credentials('alice');
  assert.equal(again.user.id, alice.user.id);
  assert.match(alice.user.id, /^[0-9a-f-]{36}$/);
  assert.equal((await server.rest({}, 'POST', '/auth/login', { username: '' })).status, 400);
});

test('userOnline / userOffline go to everyone on the first connection and after the last', async () => {
  const watcher = await connectAs(carol);
  const online = nextEvent(watcher, 'userOnline', (e) => e.userId === bob.user.id);
  const first = await connectAs(bob);
  assert.deepEqual(await online, { userId: bob.user.id });

  const offlines = recordEvents(watcher, 'userOffline');
  const onlines = recordEvents(watcher, 'userOnline');
  const second = await connectAs(bob);
  first.close();
  const offline = nextEvent(watcher, 'userOffline', (e) => e.userId === bob.user.id);
  second.close();
  assert.deepEqual(await offline, { userId: bob.user.id });
  assert.equal(offlines.filter((e) => e.userId === bob.user.id).length, 1, 'not while a second tab is open');
  assert.equal(onlines.filter((e) => e.userId === bob.user.id).length, 0, 'a second tab is not a new online');
});

test('sendMessage reaches both participants with the entity shape, and no one else', async () => {
  const room = server.rooms[0];
  const a = await connectAs(alice);
  const b = await connectAs(bob);
  const c = await connectAs(carol);
  const carolSaw = recordEvents(c, 'message');
  a.emit('joinConversation', { conversationId: room });
  b.emit('joinConversation', { conversationId: room });

  const bobGets = nextEvent(b, 'message', (m) => m.content === 'hi bob');
  const echo = await send(a, room, 'hi bob');
  assert.deepEqual(await bobGets, echo);
  assert.deepEqual(Object.keys(echo).sort(), ['content', 'conversationId', 'createdAt', 'id', 'isRead', 'sender', 'senderId', 'updatedAt']);
  assert.equal(echo.conversationId, room);
  assert.equal(echo.senderId, alice.user.id);
  assert.deepEqual(echo.sender, { id: alice.user.id, username: 'alice' });
  assert.equal(echo.isRead, false);
  assert.match(echo.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

  // carol is not a participant: her send is refused with Nest's 'exception', and she saw nothing.
  const refused = nextEvent(c, 'exception');
  c.emit('sendMessage', { conversationId: room, content: 'let me in' });
  const exception = await refused;
  assert.equal(exception.status, 'error');
  assert.equal(exception.message, 'not a participant of this conversation');
  await send(c, server.rooms[1], 'carol in her own conversation');
  assert.deepEqual(carolSaw.map((m) => m.content), ['carol in her own conversation']);
});

test('typing goes to the other participant only, without a conversation id', async () => {
  const room = server.rooms[0];
  const a = await connectAs(alice);
  const b = await connectAs(bob);
  const aliceSaw = recordEvents(a, 'typing');
  const on = nextEvent(b, 'typing', (t) => t.isTyping === true);
  a.emit('typing', { conversationId: room, isTyping: true });
  assert.deepEqual(await on, { userId: alice.user.id, isTyping: true });
  const off = nextEvent(b, 'typing', (t) => t.isTyping === false);
  a.emit('typing', { conversationId: room, isTyping: false });
  assert.deepEqual(await off, { userId: alice.user.id, isTyping: false });
  // A later message to alice proves the typing events were handled; she got no typing echo.
  await send(a, room, 'after typing');
  assert.deepEqual(aliceSaw, []);
});

test('unread counts, history, and marking read over the socket and REST with messageRead to the sender', async () => {
  const room = server.rooms[0];
  const a = await connectAs(alice);
  const b = await connectAs(bob);
  const before = (await server.rest(bob, 'GET', '/chat/unread-count')).json.count;
  const one = await send(a, room, 'unread one');
  const two = await send(a, room, 'unread two');

  assert.deepEqual((await server.rest(bob, 'GET', '/chat/unread-count')).json, { count: before + 2 });
  const conversations = (await server.rest(bob, 'GET', '/chat/conversations')).json;
  const conversation = conversations.find((c) => c.id === room);
  assert.equal(conversation.unreadCount, before + 2);
  assert.equal(conversation.lastMessage.id, two.id);
  assert.equal((await server.rest(alice, 'GET', '/chat/conversations')).json.find((c) => c.id === room).unreadCount, 0,
    'own messages are never unread');

  const history = await server.rest(bob, 'GET', `/chat/conversations/${room}/messages`);
  assert.equal(history.status, 200);
  assert.deepEqual(history.json.slice(-2).map((m) => m.id), [one.id, two.id]);

  const readOverSocket = nextEvent(a, 'messageRead', (e) => e.messageId === one.id);
  b.emit('markAsRead', { messageId: one.id });
  assert.deepEqual(await readOverSocket, { messageId: one.id });
  assert.deepEqual((await server.rest(bob, 'GET', '/chat/unread-count')).json, { count: before + 1 });

  const readOverRest = nextEvent(a, 'messageRead', (e) => e.messageId === two.id);
  const marked = await server.rest(bob, 'PUT', `/chat/messages/${two.id}/read`);
  assert.equal(marked.status, 200);
  assert.equal(marked.json.isRead, true);
  assert.equal(marked.json.id, two.id);
  await readOverRest;
  assert.deepEqual((await server.rest(bob, 'GET', '/chat/unread-count')).json, { count: before });

  // The sender marking her own message changes nothing; strangers and unknown ids are refused.
  const own = await send(a, room, 'mine');
  assert.equal((await server.rest(alice, 'PUT', `/chat/messages/${own.id}/read`)).json.isRead, false);
  assert.equal((await server.rest(carol, 'PUT', `/chat/messages/${own.id}/read`)).status, 403);
  assert.equal((await server.rest(bob, 'PUT', '/chat/messages/00000000-0000-0000-0000-000000000000/read')).status, 404);
});

test('conversations are one per pair, and only participants read them', async () => {
  const again = await server.rest(bob, 'POST', '/chat/conversations', { participantId: alice.user.id });
  assert.equal(again.status, 201);
  assert.equal(again.json.id, server.rooms[0], 'the same conversation from either side');
  assert.equal((await server.rest(bob, 'POST', '/chat/conversations', { participantId: bob.user.id })).status, 400);
  assert.equal((await server.rest(bob, 'POST', '/chat/conversations', { participantId: 'nobody' })).status, 404);
  assert.equal((await server.rest(carol, 'GET', `/chat/conversations/${server.rooms[0]}/messages`)).status, 403);
  assert.equal((await server.rest(carol, 'GET', '/chat/conversations/unknown/messages')).status, 404);
});

test('malformed socket payloads get an exception, never a crash', async () => {
  const a = await connectAs(alice);
  const exceptions = recordEvents(a, 'exception');
  for (const payload of [null, 7, 'x', [], { conversationId: 5 }, { conversationId: server.rooms[0], content: 'x'.repeat(20_000) }]) {
    for (const event of ['sendMessage', 'typing', 'joinConversation', 'markAsRead']) a.emit(event, payload);
  }
  const echo = await send(a, server.rooms[0], 'still serving');
  assert.equal(echo.content, 'still serving');
  assert.ok(exceptions.length >= 20, `${exceptions.length} exceptions`);
});

test('after a restart on the same data directory, tokens, history and read flags remain', async () => {
  const room = server.rooms[0];
  const historyBefore = (await server.rest(bob, 'GET', `/chat/conversations/${room}/messages`)).json;
  const unreadBefore = (await server.rest(bob, 'GET', '/chat/unread-count')).json;
  await server.restart();
  assert.deepEqual((await server.rest(bob, 'GET', `/chat/conversations/${room}/messages`)).json, historyBefore);
  assert.deepEqual((await server.rest(bob, 'GET', '/chat/unread-count')).json, unreadBefore);
  const socket = await connectAs(alice);
  assert.equal(socket.connected, true, 'the old token still verifies');
});
