// The npm package's own client (createChatClient, npm/dist: build it first)
// against the cluster. Connection state recovery makes Socket.IO append an
// offset to every broadcast event (`["message", {...}, "1733-0"]`), so this
// checks that the package still takes broadcasts from the other node, and
// that it comes through a node's death: reconnect through HAProxy, rejoin,
// catch up, each message shown once.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { waitUntil } from '../../cluster/services.mjs';
import { login, startCluster } from './harness.mjs';

const DIST = new URL('../../../../npm/dist/index.js', import.meta.url);
const built = existsSync(fileURLToPath(DIST));

describe('the npm package against the cluster', { skip: built ? false : 'npm/dist is not built (cd npm && npm run build)' }, () => {
  /** @type {Awaited<ReturnType<typeof startCluster>>} */
  let cluster;
  /** @type {typeof import('../../../../npm/dist/index.js').createChatClient} */
  let createChatClient;
  const clients = [];
  before(async () => {
    ({ createChatClient } = await import(DIST.href));
    cluster = await startCluster();
  });
  after(async () => {
    for (const client of clients) client.destroy();
    await cluster?.stop();
  });

  /**
   * A connected package client of `url` for a signed-in user, that has joined `room`.
   * @param {string} url @param {{ token: string, user: { id: string, name: string } }} session @param {string} room
   */
  async function member(url, { token, user }, room) {
    const name = user.name;
    const client = await createChatClient({
      url,
      dialect: 'chatwire',
      user,
      auth: { token },
      WebSocket,
      reconnection: { initialDelayMs: 100, maxDelayMs: 500, randomization: 0.5 },
    });
    clients.push(client);
    const errors = [];
    client.on('error', (event) => errors.push(event));
    client.connect();
    await waitUntil(async () => client.state === 'connected', 10_000, `${name} connected`);
    client.room(room).join();
    await waitUntil(async () => client.room(room).getSnapshot().joined, 10_000, `${name} joined ${room}`);
    return { client, user, errors };
  }

  /** How many Socket.IO connections each live node has open. */
  async function connectionsPerNode() {
    const counts = {};
    for (const node of cluster.nodes) {
      counts[node.id] = await fetch(`${node.url}/api/health`).then((response) => response.json(), () => null).then((health) => health?.connections ?? null);
    }
    return counts;
  }

  const texts = (client, room) => client.room(room).getSnapshot().messages.map((message) => message.text);

  it('takes broadcasts from the other node, offset argument and all: messages, typing, presence', async () => {
    const [n1, n2] = cluster.nodes;
    const ada = await member(n1.url, await login(n1.url, 'Ada'), 'design');
    const grace = await member(n2.url, await login(n2.url, 'Grace'), 'design');
    const fail = (what) => (error) => {
      throw new Error(`${what}: ${error.message}; Ada sees ${JSON.stringify(texts(ada.client, 'design'))}, ` +
        `Grace sees ${JSON.stringify(texts(grace.client, 'design'))}; errors ${JSON.stringify([...ada.errors, ...grace.errors])}`);
    };
    // One way first: Grace sends nothing, so only the broadcasts can bring these.
    for (let i = 0; i < 3; i++) ada.client.room('design').send(`from n1 ${i}`);
    await waitUntil(async () => texts(grace.client, 'design').length >= 3, 10_000, 'n1 to n2').catch(fail('n1 to n2'));
    assert.deepEqual(texts(grace.client, 'design'), ['from n1 0', 'from n1 1', 'from n1 2']);
    for (let i = 0; i < 3; i++) grace.client.room('design').send(`from n2 ${i}`);
    await waitUntil(async () => texts(ada.client, 'design').length >= 6, 10_000, 'n2 to n1').catch(fail('n2 to n1'));
    assert.deepEqual(texts(ada.client, 'design'), ['from n1 0', 'from n1 1', 'from n1 2', 'from n2 0', 'from n2 1', 'from n2 2']);
    assert.deepEqual(texts(grace.client, 'design'), texts(ada.client, 'design'));

    // Changes are broadcasts too: an edit and a reaction from the other node.
    const first = ada.client.room('design').getSnapshot().messages[0];
    ada.client.room('design').edit(first, 'from n1 0, edited');
    grace.client.room('design').react(grace.client.room('design').getSnapshot().messages[0], '👍', true);
    const firstOn = (client) => client.room('design').getSnapshot().messages[0];
    await waitUntil(async () => firstOn(grace.client).text === 'from n1 0, edited' && firstOn(ada.client).reactions?.length === 1, 10_000, 'edit and reaction across nodes')
      .catch(fail('changes'));
    assert.equal(firstOn(grace.client).edited, true);

    grace.client.room('design').typing();
    await waitUntil(async () => ada.client.room('design').getSnapshot().typingUsers.some((user) => user.id === grace.user.id), 10_000, 'typing n2 to n1')
      .catch(fail('typing'));
    const online = (client, user) => client.room('design').getSnapshot().members.find((m) => m.user.id === user.id)?.online;
    assert.equal(online(ada.client, grace.user), true, 'Grace online, seen from n1');
    grace.client.disconnect();
    await waitUntil(async () => online(ada.client, grace.user) === false, 10_000, 'presence offline n2 to n1').catch(fail('presence'));
    assert.deepEqual([...ada.errors, ...grace.errors], []);
    // Gone before the next test counts connections per node.
    for (const { client } of [ada, grace]) {
      client.destroy();
      clients.splice(clients.indexOf(client), 1);
    }
    await waitUntil(async () => Object.values(await connectionsPerNode()).every((count) => count === 0), 10_000, 'no connection left');
  });

  it('comes through the death of its node: reconnects through HAProxy, catches up, shows each message once', async () => {
    // Signed in first, so that the connections alone take turns between the nodes.
    const sessions = await Promise.all(['Linus', 'Barbara', 'Ken'].map((name) => login(cluster.url, name)));
    const members = [];
    for (const session of sessions) members.push(await member(cluster.url, session, 'random'));
    const connections = await connectionsPerNode();
    assert.ok(cluster.nodes.every((node) => connections[node.id] >= 1), `HAProxy spread the members: ${JSON.stringify(connections)}`);
    const victim = cluster.nodes[0];
    const sent = [];
    for (let i = 0; i < 12; i++) {
      const { client, user } = members[i % members.length];
      const text = `${user.name} ${i}`;
      client.room('random').send(text);
      sent.push(text);
      if (i === 4) await victim.kill();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await waitUntil(
      async () => members.every(({ client }) => texts(client, 'random').length >= sent.length &&
        client.room('random').getSnapshot().messages.every((message) => message.status === 'sent')),
      20_000,
      'every message sent and shown everywhere',
    ).catch((error) => {
      throw new Error(`${error.message}: ${JSON.stringify(members.map(({ user, client }) => [user.name, client.state, texts(client, 'random')]))}`);
    });
    for (const { client, user } of members) {
      assert.deepEqual([...texts(client, 'random')].sort(), [...sent].sort(), `${user.name} shows each message once`);
    }
    const survivor = cluster.nodes[1];
    assert.equal((await connectionsPerNode())[survivor.id], members.length, 'every member is on the surviving node');
  });
});
