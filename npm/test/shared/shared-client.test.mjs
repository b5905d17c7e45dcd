// One client for all tabs (share: 'auto'), without a browser: the shared
// host (dist/shared/host.js) runs here, each "tab" is a view created by
// createChatClient and attached over a MessageChannel, as a SharedWorker's
// port would attach it, against the real reference server on 127.0.0.1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import WebSocket from 'ws';
import { createChatClient } from '../../dist/index.js';
import { SharedHost } from '../../dist/shared/host.js';
import { bob, connectedClient, quickReconnection, serverForFile, texts, tokenFor } from '../support/harness.mjs';
import { waitFor } from '../../../testkit/waits.mjs';

const files = serverForFile();
const track = (client) => files.track(client);

/** A host as the worker has it; Node needs the WebSocket class, which the pages cannot send. */
function newHost() {
  const problems = [];
  const host = new SharedHost((options) => createChatClient({ ...options, WebSocket }), null, (message) => problems.push(message));
  return { host, problems };
}

/** A tab of `user`: a view attached to `host` through a new port. */
async function openTab(host, user, overrides = {}) {
  const channel = { port: null };
  const startSharedWorker = () => {
    const { port1, port2 } = new MessageChannel();
    host.connect(port1);
    channel.port = port2;
    return { port: port2, onerror: null };
  };
  const client = await createChatClient(
    // WebSocket: Node has none, and a view checks its options as any client does (it never opens one).
    { url: files.server.url, dialect: 'chatwire', user, auth: tokenFor(user), reconnection: quickReconnection, WebSocket, ...overrides },
    { startSharedWorker },
  );
  track(client);
  return { client, channel };
}

/** Sockets of `user` the server holds. */
function connectionsOf(user) {
  const token = tokenFor(user).token;
  return [...files.server.io.sockets.sockets.values()].filter((socket) => socket.handshake.auth?.token === token).length;
}

const dora = Object.freeze({ id: 'u-dora', name: 'Dora' });

test('three tabs of one user share one connection; a send from one shows once in all; markRead in one clears every badge', async () => {
  const { host, problems } = newHost();
  const tabs = [];
  for (let i = 0; i < 3; i++) tabs.push((await openTab(host, dora)).client);
  for (const tab of tabs) tab.connect();
  await waitFor(() => tabs.every((tab) => tab.state === 'connected'), { message: 'every tab shows the connection' });
  assert.equal(connectionsOf(dora), 1, 'the server sees one connection for three tabs');

  for (const tab of tabs) tab.room('shared').join();
  await waitFor(() => tabs.every((tab) => tab.room('shared').getSnapshot().joined), { message: 'joined in every tab' });
  const clientId = tabs[1].room('shared').send('from the second tab');
  assert.match(clientId, /^v[0-9a-f]{16}-1$/, 'named by the view, at once');
  await waitFor(() => tabs.every((tab) => tab.room('shared').getSnapshot().messages.some((m) => m.clientId === clientId && m.status === 'sent')), {
    message: 'confirmed in every tab',
  });
  for (const tab of tabs) assert.deepEqual(texts(tab, 'shared'), ['from the second tab'], 'once in each tab');
  assert.equal(files.server.store.messagesAfter('shared', 0, 100).length, 1, 'stored once');

  // Bob writes in a room no tab shows: every tab counts it; reading it in one clears it in all.
  const bobby = track(await connectedClient(files.server, bob, ['shared']));
  bobby.room('shared').send('for Dora');
  await waitFor(() => tabs.every((tab) => tab.getUnreadTotal() === 1), { message: 'one unread in every tab' });
  tabs[2].room('shared').markRead();
  await waitFor(() => tabs.every((tab) => tab.getUnreadTotal() === 0 && tab.room('shared').getSnapshot().unreadCount === 0), {
    message: 'read in every tab',
  });
  assert.deepEqual(problems, []);
});

test('a tab that goes away stops its typing; the others keep the connection', async () => {
  const { host } = newHost();
  const eve = { id: 'u-eve', name: 'Eve' };
  const first = (await openTab(host, eve)).client;
  const second = (await openTab(host, eve)).client;
  first.connect();
  await waitFor(() => second.state === 'connected', { message: 'connected' });
  first.room('typing-room').join();
  second.room('typing-room').join();
  const bobby = track(await connectedClient(files.server, bob, ['typing-room']));
  await waitFor(() => first.room('typing-room').getSnapshot().joined, { message: 'joined' });

  first.room('typing-room').typing();
  await waitFor(() => bobby.room('typing-room').getSnapshot().typingUsers.some((u) => u.id === eve.id), { message: 'Bob sees Eve typing' });
  first.destroy();
  await waitFor(() => bobby.room('typing-room').getSnapshot().typingUsers.length === 0, { message: 'the typing stopped with its tab' });
  assert.equal(second.state, 'connected');
  assert.equal(connectionsOf(eve), 1);

  // The last tab gone: the shared client closes its connection a little later.
  second.destroy();
  await waitFor(() => connectionsOf(eve) === 0, { message: 'the connection closed after the last tab', timeout: 6000 });
});

test('commands answer at once in the tab; history loads are answered to the tab that asked', async () => {
  const { host } = newHost();
  const fay = { id: 'u-fay', name: 'Fay' };
  const writer = track(await connectedClient(files.server, bob, ['long']));
  for (let i = 1; i <= 80; i++) writer.room('long').send(`old ${i}`);
  await waitFor(() => writer.room('long').getSnapshot().messages.filter((m) => m.status === 'sent').length === 80, { message: 'written' });

  const tab = (await openTab(host, fay, { historyPageSize: 10 })).client;
  const other = (await openTab(host, fay)).client;
  tab.connect();
  const room = tab.room('long');
  room.join();
  assert.throws(() => room.send('   '), { code: 'empty_text' }, 'refused at once, as with a local core');
  assert.throws(() => tab.room('never-joined').send('x'), { code: 'not_joined' });
  await waitFor(() => room.getSnapshot().joined && room.getSnapshot().hasMore, { message: 'the newest page, with more before it' });
  const shown = room.getSnapshot().messages.length;
  const added = await room.loadOlder();
  assert.equal(added, 10, 'a page of the size the first tab asked for');
  assert.equal(room.getSnapshot().messages.length, shown + added);
  await waitFor(() => other.room('long').getSnapshot().messages.length === shown + added, { message: 'the other tab shows the same list' });
});

test('storage failing in the host is told to every tab, the ones that attach later too', async () => {
  const { host } = newHost();
  const hal = { id: 'u-hal', name: 'Hal' };
  // persist: true in Node: the host's store finds no IndexedDB, and chat goes on in memory.
  const first = (await openTab(host, hal, { persist: true })).client;
  const heard = [];
  first.on('error', (error) => heard.push(['first', error.source, error.code]));
  const second = (await openTab(host, hal, { persist: true })).client;
  second.on('error', (error) => heard.push(['second', error.source, error.code]));
  await waitFor(() => heard.length === 2, { message: 'both tabs heard it' });
  assert.deepEqual(heard.sort(), [['first', 'storage', 'storage_unavailable'], ['second', 'storage', 'storage_unavailable']]);
  first.connect();
  await waitFor(() => second.state === 'connected', { message: 'chat goes on' });
});

test('a room is read as messages arrive only while a visible tab shows it', async () => {
  const { host } = newHost();
  const ivy = { id: 'u-ivy', name: 'Ivy' };
  const shown = await openTab(host, ivy);
  const other = (await openTab(host, ivy)).client;
  const tab = shown.client;
  tab.connect();
  tab.room('watched').join();
  await waitFor(() => tab.room('watched').getSnapshot().joined, { message: 'joined' });
  const bobby = track(await connectedClient(files.server, bob, ['watched']));

  // The tab that shows the room is hidden (its page posts this on visibilitychange): nobody sees it.
  shown.channel.port.postMessage({ t: 'visible', visible: false });
  tab.room('watched').setActive(true);
  bobby.room('watched').send('while hidden');
  await waitFor(() => other.getUnreadTotal() === 1 && tab.getUnreadTotal() === 1, { message: 'unread in both tabs' });

  // Seen again: read at once, in every tab.
  shown.channel.port.postMessage({ t: 'visible', visible: true });
  await waitFor(() => other.getUnreadTotal() === 0 && tab.getUnreadTotal() === 0, { message: 'read in both tabs' });
  bobby.room('watched').send('while seen');
  await waitFor(() => texts(other, 'watched').length === 2, { message: 'arrived' });
  assert.equal(other.getUnreadTotal(), 0, 'read as it arrives');
});

test('signing out in one tab (destroy({ forget: true })) ends the shared client for the others', async () => {
  const { host } = newHost();
  const jo = { id: 'u-jo', name: 'Jo' };
  const leaving = (await openTab(host, jo)).client;
  const staying = (await openTab(host, jo)).client;
  staying.connect();
  await waitFor(() => staying.state === 'connected', { message: 'connected' });
  const errors = [];
  staying.on('error', (error) => errors.push(error.code));
  leaving.destroy({ forget: true });
  await waitFor(() => errors.includes('shared_client_ended'), { message: 'the other tab is told' });
  assert.equal(staying.state, 'disconnected');
  await waitFor(() => connectionsOf(jo) === 0, { message: 'the connection closed at once, without the idle wait' });
});

test('a port that sends nonsense is ignored and the host keeps serving', async () => {
  const { host, problems } = newHost();
  const { port1, port2 } = new MessageChannel();
  host.connect(port1);
  port2.postMessage('not a message');
  port2.postMessage({ t: 'input', input: { op: 'send', room: 'x', text: 'before attach' } });
  port2.postMessage({ t: 'attach', protocol: 999, key: 'k', options: {} });
  const refusal = await new Promise((resolve) => {
    port2.onmessage = (event) => resolve(event.data);
  });
  port2.close();
  assert.equal(refusal.t, 'unavailable');
  assert.equal(refusal.error.code, 'shared_version_mismatch');
  assert.equal(problems.length, 2, problems.join('\n'));

  const gus = { id: 'u-gus', name: 'Gus' };
  const { client, channel } = await openTab(host, gus);
  const refusals = [];
  client.on('error', (error) => refusals.push(error.code));
  channel.port.postMessage({ t: 'input', input: { op: 'no-such-op' } });
  channel.port.postMessage({ t: 'input', input: { op: 'send', room: 42, text: 'x', clientId: 'c-1' } });
  channel.port.postMessage({ t: 'input', input: null });
  channel.port.postMessage({ t: 'loadOlder', ticket: 'one', room: 'x', count: 0 });
  channel.port.postMessage({ t: 'what' });
  await waitFor(() => refusals.length === 5, { message: 'five refusals' });
  assert.deepEqual(refusals, ['unknown_input', 'invalid_input', 'unknown_input', 'invalid_input', 'unknown_message']);
  client.connect();
  await waitFor(() => client.state === 'connected', { message: 'still serving' });

  // A message on its way when its view went changes nothing.
  const other = (await openTab(host, gus)).client;
  other.room('after').join();
  await waitFor(() => other.room('after').getSnapshot().joined, { message: 'joined' });
  channel.port.postMessage({ t: 'detach', forget: false });
  channel.port.postMessage({ t: 'input', input: { op: 'send', room: 'after', text: 'from a gone view', clientId: 'gone-1' } });
  other.room('after').send('from a live view');
  await waitFor(() => other.room('after').getSnapshot().messages.some((m) => m.status === 'sent'), { message: 'the live send' });
  assert.deepEqual(texts(other, 'after'), ['from a live view']);
});

test('edits, reactions and replies from one tab go through the one core, named by the tab; a refused change names its opId', async () => {
  const { host } = newHost();
  const hana = { id: 'u-hana', name: 'Hana' };
  const [first, second] = [(await openTab(host, hana)).client, (await openTab(host, hana)).client];
  first.connect();
  await waitFor(() => second.state === 'connected', { message: 'connected' });
  for (const tab of [first, second]) tab.room('changes').join();
  await waitFor(() => second.room('changes').getSnapshot().joined, { message: 'joined' });
  const clientId = first.room('changes').send('Helo');
  await waitFor(() => second.room('changes').getSnapshot().messages.some((m) => m.clientId === clientId && m.status === 'sent'), { message: 'sent' });
  const id = second.room('changes').getSnapshot().messages[0].id;

  const opId = second.room('changes').edit(id, 'Hello');
  assert.match(opId, /^w[0-9a-f]{16}-1$/, 'named by the tab, at once');
  second.room('changes').react(id, '🎉', true);
  second.room('changes').send('A reply', { replyTo: id });
  await waitFor(
    () => {
      const [parent, reply] = first.room('changes').getSnapshot().messages;
      return parent?.text === 'Hello' && parent.edited && parent.reactions?.[0]?.mine && reply?.replyTo?.id === id && reply.status === 'sent';
    },
    { message: 'the other tab shows the edit, the reaction and the reply' },
  );
  const stored = files.server.store.messagesAfter('changes', 0, 100);
  assert.equal(stored[0].text, 'Hello');
  assert.equal(stored[0].reactions.length, 1);

  const failed = new Promise((resolve) => second.on('error', (error) => error.code === 'change_failed' && resolve(error)));
  const refusedOp = second.room('changes').react(id, '🎉🎉', true);
  const error = await failed;
  assert.equal(error.opId, refusedOp, 'the refusal names the tab\'s opId');
  assert.equal(error.reason, 'invalid_emoji');
});
