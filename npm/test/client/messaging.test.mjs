// Connect, join, send and receive through the public API, against a real
// socket.io server speaking the native protocol on 127.0.0.1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ada, bob, connectedClient, makeClient, nextEvent, serverForFile, texts } from '../support/harness.mjs';
import { sleep, waitFor } from '../../../testkit/waits.mjs';

const files = serverForFile();
const { track } = files;

test('connects through idle → connecting → connected and reports each state', async () => {
  const client = track(await makeClient(files.server, ada));
  const states = [];
  client.on('state', (event) => states.push(`${event.previous}→${event.state}`));
  assert.equal(client.state, 'idle');
  client.connect();
  await waitFor(() => client.state === 'connected', { message: 'connected' });
  assert.deepEqual(states, ['idle→connecting', 'connecting→connected']);
  assert.equal(client.getConnection().error, null);
});

test('a joined room shows its history and the members with their presence', async () => {
  const bobClient = track(await connectedClient(files.server, bob, ['history']));
  bobClient.room('history').send('before Ada came');
  await waitFor(() => bobClient.room('history').getSnapshot().messages[0]?.status === 'sent', { message: 'Bob’s message sent' });

  const client = track(await connectedClient(files.server, ada, ['history']));
  const snapshot = await waitFor(() => {
    const s = client.room('history').getSnapshot();
    return s.messages.length === 1 && s.members.length === 2 ? s : null;
  }, { message: 'history and members' });
  assert.equal(snapshot.messages[0].text, 'before Ada came');
  assert.equal(snapshot.messages[0].author.name, 'Bob');
  // The protocol's read cursor starts at 0 for a new member (docs/protocol.md, join: readSeq).
  assert.equal(snapshot.unreadCount, 1, 'the server says it is unread');
  assert.deepEqual(
    snapshot.members.map((m) => [m.user.id, m.online]).sort(),
    [[ada.id, true], [bob.id, true]],
  );
});

test('a send shows at once as pending, is confirmed by the ack, and stays one message', async () => {
  const client = track(await connectedClient(files.server, ada, ['send']));
  const room = client.room('send');
  const clientId = room.send('hello');
  assert.equal(typeof clientId, 'string');
  const pending = room.getSnapshot().messages;
  assert.equal(pending.length, 1);
  assert.equal(pending[0].status, 'pending');
  assert.equal(pending[0].id, null);
  assert.equal(pending[0].clientId, clientId);
  assert.ok(Object.isFrozen(pending[0]), 'snapshot messages are immutable');

  const sent = await waitFor(() => room.getSnapshot().messages.find((m) => m.status === 'sent'), { message: 'ack' });
  assert.equal(sent.clientId, clientId);
  assert.equal(typeof sent.id, 'string');
  assert.equal(sent.seq, 1);
  assert.deepEqual(sent.author, ada);
  // The server's broadcast echo of the same message must not add a copy.
  await sleep(100);
  assert.deepEqual(texts(client, 'send'), ['hello']);
});

test('a second client receives the message live, with a message event', async () => {
  const alice = track(await connectedClient(files.server, ada, ['live']));
  const bobby = track(await connectedClient(files.server, bob, ['live']));
  const arrived = nextEvent(bobby, 'message');
  alice.room('live').send('ping from Ada');
  const event = await arrived;
  assert.equal(event.roomId, 'live');
  assert.equal(event.message.text, 'ping from Ada');
  assert.equal(event.message.status, 'sent');
  assert.deepEqual(texts(bobby, 'live'), ['ping from Ada']);
  // The sender gets no message event for its own message.
  let ownEvents = 0;
  alice.on('message', () => ownEvents++);
  bobby.room('live').send('pong from Bob');
  await waitFor(() => texts(alice, 'live').length === 2, { message: 'Bob’s reply at Ada' });
  assert.equal(ownEvents, 1);
  assert.deepEqual(texts(alice, 'live'), ['ping from Ada', 'pong from Bob']);
});

test('snapshots keep their identity until the room changes, and reuse unchanged messages', async () => {
  const alice = track(await connectedClient(files.server, ada, ['identity']));
  const room = alice.room('identity');
  room.send('one');
  await waitFor(() => room.getSnapshot().messages[0]?.status === 'sent', { message: 'first sent' });
  const first = room.getSnapshot();
  assert.equal(room.getSnapshot(), first, 'unchanged room: same object');
  room.send('two');
  await waitFor(() => room.getSnapshot().messages[1]?.status === 'sent', { message: 'second sent' });
  const second = room.getSnapshot();
  assert.notEqual(second, first);
  assert.equal(second.messages[0], first.messages[0], 'the unchanged first message is the same object');
  assert.equal(second.members, first.members, 'members did not change: same array');
});

test('commands that cannot work throw a ChatwireError naming the reason', async () => {
  const client = track(await connectedClient(files.server, ada, ['rules']));
  const expectCode = (fn, code) =>
    assert.throws(fn, (error) => error.name === 'ChatwireError' && error.code === code && error.source === 'command');
  expectCode(() => client.room('never-joined').send('hi'), 'not_joined');
  expectCode(() => client.room('rules').send('   '), 'empty_text');
  expectCode(() => client.room('rules').send('x'.repeat(4001)), 'text_too_long');
  expectCode(() => client.room('rules').retry('no-such-id'), 'unknown_message');
  expectCode(() => client.room('').join(), 'invalid_room_id');
  assert.equal(client.room('rules').getSnapshot().messages.length, 0, 'nothing refused was shown');
});

test('older history loads page by page until there is no more', async () => {
  const writer = track(await connectedClient(files.server, bob, ['archive']));
  // Two bursts: at most 100 of a user's messages may wait for the server at once.
  for (const [from, to] of [[1, 100], [101, 120]]) {
    for (let i = from; i <= to; i++) writer.room('archive').send(`m${i}`);
    await waitFor(() => writer.room('archive').getSnapshot().messages.every((m) => m.status === 'sent'), { message: `m${to} sent` });
  }

  const reader = track(await connectedClient(files.server, ada, ['archive']));
  const room = reader.room('archive');
  // The join brings the latest page (50, the server's choice).
  await waitFor(() => room.getSnapshot().messages.length === 50, { message: 'the latest page' });
  assert.equal(room.getSnapshot().hasMore, true);
  const loading = room.loadOlder(50);
  assert.equal(room.getSnapshot().loadingOlder, true);
  assert.equal(await loading, 50);
  assert.equal(room.getSnapshot().loadingOlder, false);
  assert.equal(await room.loadOlder(), 20);
  assert.equal(room.getSnapshot().hasMore, false);
  assert.equal(await room.loadOlder(), 0, 'nothing older: resolves 0 instead of failing');
  assert.deepEqual(texts(reader, 'archive'), Array.from({ length: 120 }, (_, i) => `m${i + 1}`));
});
