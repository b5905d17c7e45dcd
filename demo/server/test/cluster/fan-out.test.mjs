// Two nodes, one chat: what one node's clients do reaches the other node's
// clients once (Redis streams adapter), and what the engine asks about
// other connections (who is online, who is still in a room) is answered
// for the whole cluster. Clients connect to each node directly here, so
// which node serves whom is certain.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from '../helpers.mjs';
import { connect, login, startCluster } from './harness.mjs';

describe('a cluster of two nodes', () => {
  /** @type {Awaited<ReturnType<typeof startCluster>>} */
  let cluster;
  let n1;
  let n2;
  before(async () => {
    cluster = await startCluster();
    [n1, n2] = cluster.nodes.map((node) => node.url);
  });
  after(() => cluster?.stop());

  it('accepts on one node the token another node issued', async () => {
    const ada = await login(n1, 'Ada');
    const client = await connect(n2, ada.token);
    client.close();
    const refused = await connect(n2, `${ada.token}x`).then(
      () => null,
      (error) => error,
    );
    assert.equal(refused?.message, 'invalid token');
  });

  it('delivers every message to every member once, whichever node they are on', async () => {
    const [ada, grace] = await Promise.all([login(n1, 'Ada'), login(n2, 'Grace')]);
    const adaClient = await connect(n1, ada.token);
    const graceClient = await connect(n2, grace.token);
    try {
      await join(adaClient, 'random');
      await join(graceClient, 'random');
      // Connection state recovery: Socket.IO appends the stream offset to every broadcast.
      const extraArguments = [];
      graceClient.socket.on('message', (...args) => extraArguments.push(args.slice(1)));
      const sends = [];
      for (let i = 0; i < 20; i++) {
        const [client, author] = i % 2 === 0 ? [adaClient, 'a'] : [graceClient, 'g'];
        sends.push(client.request('send', { room: 'random', clientId: `fan-${author}-${i}`, text: `hello ${i}` }));
      }
      const acks = await Promise.all(sends);
      assert.ok(acks.every((ack) => ack.ok), JSON.stringify(acks.find((ack) => !ack.ok)));
      const seqs = acks.map((ack) => ack.message.seq);
      assert.equal(new Set(seqs).size, 20, 'one seq per message');

      for (const client of [adaClient, graceClient]) {
        const messages = (await client.waitForCount('message', 20)).filter((m) => m.clientId?.startsWith('fan-'));
        await client.flush();
        assert.deepEqual(
          client.received('message').filter((m) => m.clientId?.startsWith('fan-')).map((m) => m.seq).sort((a, b) => a - b),
          [...seqs].sort((a, b) => a - b),
          'each message once',
        );
        assert.equal(messages.length, 20);
      }
      assert.ok(extraArguments.length >= 20);
      for (const extra of extraArguments) assert.match(String(extra), /^\d+-\d+$/, 'one more argument: the Redis stream offset');
    } finally {
      adaClient.close();
      graceClient.close();
    }
  });

  it('relays typing to the other node', async () => {
    const [ada, grace] = await Promise.all([login(n1, 'Ada'), login(n2, 'Grace')]);
    const adaClient = await connect(n1, ada.token);
    const graceClient = await connect(n2, grace.token);
    try {
      await join(adaClient, 'design');
      await join(graceClient, 'design');
      adaClient.emit('typing', { room: 'design', state: 'start' });
      const typing = await graceClient.waitFor('typing', (t) => t.user.id === ada.user.id);
      assert.equal(typing.state, 'start');
    } finally {
      adaClient.close();
      graceClient.close();
    }
  });

  it('knows who is online on the other node, and announces their coming and going there', async () => {
    const [linus, barbara] = await Promise.all([login(n1, 'Linus'), login(n2, 'Barbara')]);
    let barbaraClient = await connect(n2, barbara.token);
    await join(barbaraClient, 'general');
    const linusClient = await connect(n1, linus.token);
    try {
      const ack = await join(linusClient, 'general');
      const online = (id) => ack.members.find((member) => member.user.id === id)?.online;
      assert.equal(online(barbara.user.id), true, 'online on n2, seen from n1');

      barbaraClient.close();
      assert.deepEqual(await linusClient.waitFor('presence', (p) => p.user.id === barbara.user.id && !p.online), { user: barbara.user, online: false });
      barbaraClient = await connect(n2, barbara.token);
      assert.deepEqual(await linusClient.waitFor('presence', (p) => p.user.id === barbara.user.id && p.online), { user: barbara.user, online: true });
      const members = await linusClient.request('members', { room: 'general' });
      assert.equal(members.members.find((member) => member.user.id === barbara.user.id)?.online, true);
    } finally {
      linusClient.close();
      barbaraClient.close();
    }
  });

  it('recovers a connection that dropped for a moment: its rooms, and what was broadcast meanwhile', async () => {
    const [ada, grace] = await Promise.all([login(n1, 'Ada'), login(n2, 'Grace')]);
    const adaClient = await connect(n1, ada.token);
    const graceClient = await connect(n2, grace.token, { reconnection: true, reconnectionDelay: 500, randomizationFactor: 0 });
    try {
      await join(adaClient, 'archive');
      await join(graceClient, 'archive');
      // A client can only be recovered from a broadcast it received (its offset).
      await adaClient.request('send', { room: 'archive', clientId: 'before', text: 'before' });
      await graceClient.waitFor('message', (m) => m.clientId === 'before');
      const reconnected = new Promise((resolve) => graceClient.socket.once('connect', resolve));
      // The transport dies (as when a network drops), not the socket: the
      // node keeps the session in Redis for connection state recovery.
      graceClient.socket.io.engine.close();
      const missed = [];
      for (let i = 0; i < 3; i++) {
        const ack = await adaClient.request('send', { room: 'archive', clientId: `missed-${i}`, text: `while Grace was away ${i}` });
        missed.push(ack.message.seq);
      }
      await reconnected;
      assert.equal(graceClient.socket.recovered, true, 'the session was recovered');
      const received = (await graceClient.waitForCount('message', 3)).filter((m) => m.clientId?.startsWith('missed-'));
      assert.deepEqual(received.map((m) => m.seq), missed, 'the missed broadcasts, in order, once');
      // Still in the room without a new join: the recovered socket got its rooms back.
      const reply = await graceClient.request('send', { room: 'archive', clientId: 'back', text: 'back' });
      assert.equal(reply.ok, true, JSON.stringify(reply));
      assert.deepEqual(reply.message.author, grace.user, 'the same user, restored with the socket');
      assert.equal((await adaClient.waitFor('message', (m) => m.clientId === 'back')).text, 'back');
    } finally {
      adaClient.close();
      graceClient.close();
    }
  });

  it('keeps a user a member while another of their connections, on another node, is in the room', async () => {
    const [ken, ada] = await Promise.all([login(n1, 'Ken'), login(n1, 'Ada')]);
    const kenHere = await connect(n1, ken.token);
    const kenThere = await connect(n2, ken.token);
    const watcher = await connect(n1, ada.token);
    try {
      await join(watcher, 'design');
      await join(kenHere, 'design');
      await join(kenThere, 'design');
      assert.deepEqual(await kenHere.request('leave', { room: 'design' }), { ok: true });
      await watcher.flush();
      assert.equal(watcher.received('member_left').filter((m) => m.user.id === ken.user.id).length, 0, 'still in it on n2');
      assert.deepEqual(await kenThere.request('leave', { room: 'design' }), { ok: true });
      assert.deepEqual(await watcher.waitFor('member_left', (m) => m.user.id === ken.user.id), { room: 'design', user: ken.user });
    } finally {
      for (const client of [kenHere, kenThere, watcher]) client.close();
    }
  });
});
