// Resume after a reconnect and after a server restart with its store intact.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ADA, GRACE, connectAs, errorCode, join, sendMany, shutDown, startServer } from './helpers.mjs';

it('after a restart, join with since gets exactly the missed messages', async () => {
  const server = await startServer();
  let ada = await connectAs(server, ADA);
  let grace = await connectAs(server, GRACE);
  try {
    await join(ada, 'general');
    await join(grace, 'general');
    await sendMany(grace, 'general', 3, 'before');
    await ada.waitForCount('message', 3);
    await ada.request('read', { room: 'general', seq: 2 });
    const held = Math.max(...ada.received('message').map((m) => m.seq));
    ada.close();

    const missed = await sendMany(grace, 'general', 2, 'away');
    const port = server.port;
    await server.restart();
    assert.equal(server.port, port, 'the same port');

    grace = await connectAs(server, GRACE);
    assert.equal(errorCode(await grace.request('send', { room: 'general', clientId: 'x', text: 'x' })), 'not_member',
      'a new connection is in no room');
    await join(grace, 'general');
    missed.push(...(await sendMany(grace, 'general', 1, 'after')));

    ada = await connectAs(server, ADA);
    const ack = await join(ada, 'general', { since: held });
    assert.deepEqual(ack.messages, missed);
    assert.deepEqual([ack.hasMore, ack.lastSeq, ack.readSeq], [false, 6, 2]);
    assert.deepEqual(ack.members, [
      { user: ADA, online: true },
      { user: GRACE, online: true },
    ]);
    // Live events continue from there.
    await grace.request('send', { room: 'general', clientId: 'live', text: 'live' });
    assert.equal((await ada.waitFor('message')).seq, 7);
  } finally {
    await shutDown(server, ada, grace);
  }
});

it('a send retried right after a reconnect is answered from the store before the rejoin', async () => {
  const server = await startServer();
  let ada = await connectAs(server, ADA);
  try {
    await join(ada, 'general');
    const first = await ada.request('send', { room: 'general', clientId: 'stored', text: 'hello' });
    await server.restart();
    ada = await connectAs(server, ADA);
    assert.deepEqual(await ada.request('send', { room: 'general', clientId: 'stored', text: 'hello' }), first);
    // One that never reached the store fails until the room is rejoined.
    assert.equal(errorCode(await ada.request('send', { room: 'general', clientId: 'lost', text: 'hi' })), 'not_member');
    await join(ada, 'general', { since: 1 });
    assert.equal((await ada.request('send', { room: 'general', clientId: 'lost', text: 'hi' })).message.seq, 2);
  } finally {
    await shutDown(server, ada);
  }
});

it('a socket.io client reconnects by itself to the restarted server on the same port', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA, { reconnection: true, reconnectionDelay: 20, reconnectionDelayMax: 50 });
  const grace = await connectAs(server, GRACE);
  try {
    await join(ada, 'general');
    const reconnected = new Promise((resolve) => ada.socket.once('connect', resolve));
    await server.restart();
    await reconnected; // the namespace CONNECT of the new connection was accepted
    assert.equal(ada.socket.connected, true);
    const ack = await join(ada, 'general', { since: 0 });
    assert.equal(ack.lastSeq, 0);
  } finally {
    await shutDown(server, ada, grace);
  }
});

it('more than 100 missed: the join page, then history after while hasMore', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  const grace = await connectAs(server, GRACE);
  try {
    await join(grace, 'general');
    const sent = await sendMany(grace, 'general', 230);
    const ack = await join(ada, 'general', { since: 5 });
    const received = [...ack.messages];
    let hasMore = ack.hasMore;
    while (hasMore) {
      const page = await ada.request('history', { room: 'general', after: received.at(-1).seq, limit: 100 });
      received.push(...page.messages);
      hasMore = page.hasMore;
    }
    assert.deepEqual(received, sent.slice(5));
  } finally {
    await shutDown(server, ada, grace);
  }
});

it('close() closes every connection and the port', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  const disconnected = new Promise((resolve) => ada.socket.once('disconnect', resolve));
  await server.close();
  assert.equal(await disconnected, 'transport close');
  await assert.rejects(connectAs(server, ADA), /websocket error|xhr poll error|ECONNREFUSED/i);
  await server.close(); // a second close is harmless
  ada.close();
});
