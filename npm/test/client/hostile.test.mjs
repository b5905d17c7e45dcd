// A server that sends garbage: malformed frames, unknown events, payloads
// with missing or wrong fields. The client reports each, keeps what it had,
// and stays connected and usable.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ada, bob, connectedClient, serverSocketOf, startServer, texts } from '../support/harness.mjs';
import { waitFor } from '../../../testkit/waits.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(() => server.close());

test('garbage from the server becomes warnings and errors, never a crash', async () => {
  const client = await connectedClient(server, ada, ['hostile']);
  const sender = await connectedClient(server, bob, ['hostile']);
  sender.room('hostile').send('a good message');
  await waitFor(() => texts(client, 'hostile').length === 1, { message: 'the good message' });

  const warnings = [];
  const errors = [];
  client.on('warning', (event) => warnings.push(event));
  client.on('error', (error) => errors.push(error));
  const socket = serverSocketOf(server, ada);
  assert.ok(socket, 'found Ada’s socket on the server');
  socket.emit('no_such_event', { x: 1 });
  socket.emit('message', { room: 'hostile' });  // no id, seq, author, text
  socket.emit('message', 'not an object');
  socket.emit('message', { room: 'hostile', id: 'm-x', seq: 'two', author: { id: 'u', name: 'U' }, text: 't', createdAt: 1, clientId: null });
  socket.emit('typing', { room: 'hostile', user: 42, typing: 'yes' });
  socket.conn.sendPacket('message', '2["message",');  // a truncated Socket.IO packet
  socket.conn.sendPacket('message', '9');              // an unknown packet type

  await waitFor(() => warnings.length >= 4 && errors.length >= 2, { message: 'warnings and errors reported' });
  assert.ok(warnings.some((w) => w.kind === 'unknown_event' && w.event === 'no_such_event'));
  assert.ok(warnings.filter((w) => w.kind === 'malformed_event').length >= 3);
  assert.ok(errors.every((e) => e.source === 'connection' && e.code === 'malformed_frame'));
  assert.equal(client.state, 'connected');
  assert.deepEqual(texts(client, 'hostile'), ['a good message'], 'nothing malformed was shown');

  // Still fully usable.
  client.room('hostile').send('still here');
  await waitFor(() => texts(sender, 'hostile').includes('still here'), { message: 'a send after the garbage' });
  client.destroy();
  sender.destroy();
});
