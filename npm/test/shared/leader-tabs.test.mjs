// Sharing where a browser has no SharedWorker: the tabs elect a leader with
// Web Locks, and the leader's page hosts the shared client for the others
// over a BroadcastChannel (shared/leader-route.ts, shared/tab-channel.ts).
// Each "tab" here has its own LeaderRoute, a real BroadcastChannel and a
// view client made by createChatClient, against the real reference server
// on 127.0.0.1. The locks are memoryLocks() (Node has no Web Locks); a tab
// is frozen or closed by cutting its channel, as a frozen or closed page
// neither hears nor says anything.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import WebSocket from 'ws';
import { createChatClient } from '../../dist/index.js';
import { SharedHost } from '../../dist/shared/host.js';
import { LeaderRoute, SILENT_LEADER_MS } from '../../dist/shared/leader-route.js';
import { quickReconnection, serverForFile, texts, tokenFor } from '../support/harness.mjs';
import { memoryLocks } from '../support/memory-locks.mjs';
import { waitFor } from '../../../testkit/waits.mjs';

const files = serverForFile();
const channels = [];
after(() => {
  for (const channel of channels) channel.close();
});

/** A BroadcastChannel that can be cut off, as a frozen page is: frames in and out wait until thaw(). */
function freezableChannel(name) {
  const real = new BroadcastChannel(name);
  const listeners = new Set();
  const held = [];
  const outgoing = [];
  let frozen = false;
  real.onmessage = (event) => {
    if (frozen) held.push(event);
    else for (const listener of listeners) listener(event);
  };
  const channel = {
    postMessage(frame) {
      if (frozen) outgoing.push(frame);
      else real.postMessage(frame);
    },
    addEventListener: (_type, listener) => listeners.add(listener),
    removeEventListener: (_type, listener) => listeners.delete(listener),
    close: () => real.close(),
    freeze() {
      frozen = true;
    },
    thaw() {
      frozen = false;
      for (const frame of outgoing.splice(0)) real.postMessage(frame);
      for (const event of held.splice(0)) for (const listener of listeners) listener(event);
    },
  };
  channels.push(channel);
  return channel;
}

/** A tab of `user` in the browser whose locks are `locks`. */
async function openTab(user, locks, key) {
  const problems = [];
  let channel = null;
  const route = new LeaderRoute({
    key,
    locks,
    openChannel: (name) => (channel = freezableChannel(name)),
    makeHost: () => new SharedHost((options) => createChatClient({ ...options, WebSocket }), null, (message) => problems.push(message)),
    log: () => {},
  });
  const client = await createChatClient(
    { url: files.server.url, dialect: 'chatwire', user, auth: tokenFor(user), reconnection: quickReconnection, WebSocket },
    { hostRoute: route },
  );
  files.track(client);
  return { client, route, channel, problems };
}

/** Sockets of `user` the server holds. */
function connectionsOf(user) {
  const token = tokenFor(user).token;
  return [...files.server.io.sockets.sockets.values()].filter((socket) => socket.handshake.auth?.token === token).length;
}

/** Three tabs of `user`, connected, in `room`; the first leads. */
async function threeTabs(user, room) {
  const locks = memoryLocks();
  const tabs = [];
  for (let i = 0; i < 3; i++) tabs.push(await openTab(user, locks, `key-${user.id}`));
  for (const tab of tabs) tab.client.connect();
  await waitFor(() => tabs.every((tab) => tab.client.state === 'connected'), { message: 'every tab shows the connection' });
  for (const tab of tabs) tab.client.room(room).join();
  await waitFor(() => tabs.every((tab) => tab.client.room(room).getSnapshot().joined), { message: 'joined in every tab' });
  assert.deepEqual(tabs.map((tab) => tab.route.leading), [true, false, false], 'the first tab found the lock free');
  assert.equal(connectionsOf(user), 1, 'one connection for three tabs');
  return tabs;
}

const sentOnce = (tab, room, text) => tab.client.room(room).getSnapshot().messages.filter((m) => m.text === text && m.status === 'sent').length === 1;

test('the leader tab closes: a waiting tab takes over, and a send no host acknowledged is delivered once', async () => {
  const erin = { id: 'u-erin', name: 'Erin' };
  const [leader, second, third] = await threeTabs(erin, 'handover');

  // The leader's page goes: it hears nothing more. The second tab sends before anyone took over.
  leader.channel.freeze();
  const clientId = second.client.room('handover').send('during the handover');
  assert.equal(typeof clientId, 'string');
  // Then the page is gone for good: its lock is released and its connection closes.
  leader.route.close();

  await waitFor(() => second.route.leading || third.route.leading, { message: 'a waiting tab took the lock' });
  await waitFor(() => [second, third].every((tab) => sentOnce(tab, 'handover', 'during the handover')), {
    message: 'the send reached the new host, once, in both tabs',
  });
  assert.equal(files.server.store.messagesAfter('handover', 0, 100).length, 1, 'stored once');
  await waitFor(() => connectionsOf(erin) === 1, { message: 'the old connection closed; the new leader has one' });
  for (const tab of [second, third]) assert.deepEqual(texts(tab.client, 'handover'), ['during the handover']);
  for (const tab of [second, third]) assert.deepEqual(tab.problems, []);
});

test('a frozen leader is taken over after it stays silent, and steps down when it wakes', async () => {
  const finn = { id: 'u-finn', name: 'Finn' };
  const [leader, second, third] = await threeTabs(finn, 'frozen');

  // A frozen page keeps its lock: only the silence tells.
  const frozenAt = Date.now();
  leader.channel.freeze();
  await waitFor(() => second.route.leading || third.route.leading, { message: 'a view took the lock from the silent leader', timeout: SILENT_LEADER_MS * 3 });
  assert.ok(Date.now() - frozenAt >= SILENT_LEADER_MS - 100, 'not before the leader was silent for SILENT_LEADER_MS');
  assert.equal(leader.route.leading, false, 'the leader it was taken from stopped hosting');
  await waitFor(() => [second, third].every((tab) => tab.client.state === 'connected'), { message: 'the new host connected' });

  second.client.room('frozen').send('while the old leader sleeps');
  await waitFor(() => [second, third].every((tab) => sentOnce(tab, 'frozen', 'while the old leader sleeps')), { message: 'delivered in the awake tabs' });

  // The old leader's page wakes: it hears the new leader and becomes a view of it.
  leader.channel.thaw();
  await waitFor(() => sentOnce(leader, 'frozen', 'while the old leader sleeps'), { message: 'the woken tab shows what it missed' });
  leader.client.room('frozen').send('awake again');
  await waitFor(() => [leader, second, third].every((tab) => sentOnce(tab, 'frozen', 'awake again')), { message: 'its send goes through the new leader' });
  await waitFor(() => connectionsOf(finn) === 1, { message: 'one connection again' });
  assert.equal(files.server.store.messagesAfter('frozen', 0, 100).length, 2, 'each stored once');
});

test('a takeover carries what a view saw pending: a reply keeps its parent, and edits and reactions are applied once', async () => {
  const gwen = { id: 'u-gwen', name: 'Gwen' };
  const [leader, second, third] = await threeTabs(gwen, 'carried');
  const room = second.client.room('carried');
  room.send('the parent');
  await waitFor(() => [second, third].every((tab) => sentOnce(tab, 'carried', 'the parent')), { message: 'the parent is sent' });
  const parent = room.getSnapshot().messages.find((m) => m.text === 'the parent');

  // The leader's client goes offline: the host acknowledges what the second
  // tab asks, and it stays pending, in the old host's core only.
  leader.client.disconnect();
  await waitFor(() => second.client.state === 'disconnected', { message: 'the tabs show the connection closed' });
  room.send('the reply', { replyTo: parent });
  room.edit(parent, 'the parent, edited');
  room.react(parent, '👍', true);
  await waitFor(
    () => {
      const messages = room.getSnapshot().messages;
      return messages.some((m) => m.text === 'the reply' && m.status === 'pending') && messages.find((m) => m.id === parent.id)?.pendingOps === 2;
    },
    { message: 'the second tab shows the reply and both changes pending' },
  );

  // The old host goes with everything it had; the new one learns it from the views.
  leader.route.close();
  await waitFor(() => second.route.leading || third.route.leading, { message: 'a waiting tab took the lock' });
  await waitFor(
    () => {
      const stored = files.server.store.messagesAfter('carried', 0, 100);
      return stored.length === 2 && stored[0].text === 'the parent, edited' && stored[0].reactions.length === 1;
    },
    { message: 'the new host sent the reply and both changes' },
  );

  const [storedParent, storedReply] = files.server.store.messagesAfter('carried', 0, 100);
  assert.equal(storedReply.replyTo?.id, storedParent.id, 'the reply still answers its parent');
  assert.equal(storedParent.version, 3, 'the edit and the reaction each applied once');
  assert.deepEqual(storedParent.reactions, [{ emoji: '👍', users: [gwen.id] }]);
  await waitFor(() => [second, third].every((tab) => sentOnce(tab, 'carried', 'the reply')), { message: 'both tabs show the reply sent' });
  await waitFor(() => room.getSnapshot().messages.find((m) => m.id === parent.id)?.pendingOps === undefined, { message: 'no change shows pending' });
});
