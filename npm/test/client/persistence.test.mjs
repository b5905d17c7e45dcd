// The durable outbox through the public API (`persist`): a message the
// server never confirmed survives the client being thrown away (a page
// reload) and goes out once from the next client of the same user; sign-out
// (`destroy({ forget: true })`) deletes it; `persist: false` keeps nothing;
// and a page without IndexedDB still chats, told once why nothing is kept.
//
// IndexedDB is fake-indexeddb, installed on globalThis as a page has it. Node
// has no Web Locks (navigator.locks), so the store assumes one tab and claims
// every record of its scope that another store wrote: exactly the "reload"
// of one tab that these tests play. Each test has its own server (so its own
// port, so its own storage scope) and its own user, and cleans both up in
// t.after, even when it fails halfway with the server down.
import 'fake-indexeddb/auto';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectedClient, makeClient, startServer, texts } from '../support/harness.mjs';
import { waitFor } from '../../../testkit/waits.mjs';

/** The factory fake-indexeddb installed, read directly: a test may hide or spy on the global. */
const idb = globalThis.indexedDB;

/** Servers and clients of one test, closed and destroyed when it ends, whatever happened. */
function fixture(t) {
  const clients = [];
  const servers = [];
  t.after(async () => {
    for (const client of clients) client.destroy();
    for (const server of servers) await server.close();
  });
  return {
    track(client) {
      clients.push(client);
      return client;
    },
    async server() {
      const server = await startServer();
      servers.push(server);
      return server;
    },
  };
}

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/**
 * What IndexedDB holds for `user` on `server`, read with a connection of its
 * own (as the next page, or the developer tools, would see it). A database
 * that does not exist yet is not created: that would make it version 1
 * without the store, and break the client that opens it next.
 */
async function storedSends(server, user) {
  return storedValues('sends', server, user);
}

/** The values of object store `storeName` for `user` on `server`. */
async function storedValues(storeName, server, user) {
  const open = idb.open('chatwire');
  open.onupgradeneeded = () => open.transaction.abort();
  let db;
  try {
    db = await request(open);
  } catch {
    return [];  // no database: nothing was ever stored
  }
  try {
    if (!db.objectStoreNames.contains(storeName)) return [];
    const values = await request(db.transaction(storeName).objectStore(storeName).getAll());
    // The scope is "<ws URL of the server><namespace>|<user id>".
    return values.filter((value) => value.scope.includes(`//127.0.0.1:${server.port}/`) && value.scope.endsWith(`|${user.id}`));
  } finally {
    db.close();
  }
}

/** The rooms IndexedDB keeps for `user` on `server` (see storedSends). */
async function storedRooms(server, user) {
  return storedValues('history', server, user);
}

/** The copies of message `clientId` the server stored in `roomId` (the memory store of the reference server). */
function serverCopies(server, roomId, clientId) {
  return server.store.messagesAfter(roomId, 0, 1000).filter((message) => message.clientId === clientId);
}

test('an unconfirmed send survives a reload, goes out once from the next client, and is then deleted', async (t) => {
  const { track, server: newServer } = fixture(t);
  const server = await newServer();
  const pam = { id: 'u-pam', name: 'Pam' };
  const quinn = { id: 'u-quinn', name: 'Quinn' };
  const persist = { persist: true };

  const first = track(await connectedClient(server, pam, ['outbox'], persist));
  // Quinn watches the room: what reaches another user is what was delivered.
  const watcher = track(await connectedClient(server, quinn, ['outbox']));

  // The server goes away; Pam writes anyway.
  await server.close();
  await waitFor(() => first.state === 'reconnecting', { message: 'Pam lost the server' });
  const clientId = first.room('outbox').send('written while the server was down');
  assert.equal(first.room('outbox').getSnapshot().messages.at(-1).status, 'pending');

  // On disk while the page still lives (a crash now would keep it too), as
  // the record the next page restores: never handed to a server.
  const [record] = await waitFor(async () => {
    const stored = await storedSends(server, pam);
    return stored.length === 1 ? stored : null;
  }, { message: 'the pending send stored' });
  assert.equal(record.clientId, clientId);
  assert.equal(record.room, 'outbox');
  assert.equal(record.text, 'written while the server was down');
  assert.equal(record.handedOver, false);
  assert.equal(record.schema, 1);

  // The reload: the page's client goes, a new one comes, still offline.
  first.destroy();
  const second = track(await makeClient(server, pam, persist));
  const room = second.room('outbox');
  assert.deepEqual(room.getSnapshot().messages, [], 'restored sends are shown only in their room, once it is joined');
  room.join();
  const restored = room.getSnapshot().messages;
  assert.equal(restored.length, 1, 'the restored send is back in its room');
  assert.equal(restored[0].clientId, clientId, 'under the same client id, so a server that had it would not store it twice');
  assert.equal(restored[0].text, 'written while the server was down');
  assert.equal(restored[0].status, 'pending');

  // The server comes back: the restored send goes out and is confirmed.
  await server.restart();
  second.connect();
  const sent = await waitFor(
    () => room.getSnapshot().messages.find((m) => m.clientId === clientId && m.status === 'sent'),
    { message: 'the restored send confirmed', timeout: 8000 },
  );
  assert.equal(sent.seq, 1);
  await waitFor(() => texts(watcher, 'outbox').length === 1, { message: 'Quinn has the message', timeout: 8000 });

  // Delivered once: one copy on the server, one at Quinn, one at Pam. Quinn
  // then sends a message of his own and Pam waits for it: everything Pam's
  // connection sent before has reached the server by then, so a second copy
  // of the restored send would already be there.
  watcher.room('outbox').send('got it');
  await waitFor(() => texts(second, 'outbox').length === 2, { message: 'Quinn’s reply at Pam' });
  assert.equal(serverCopies(server, 'outbox', clientId).length, 1, 'one stored copy on the server');
  assert.deepEqual(texts(watcher, 'outbox'), ['written while the server was down', 'got it']);
  assert.deepEqual(texts(second, 'outbox'), ['written while the server was down', 'got it']);

  // Confirmed, so no longer kept.
  await waitFor(async () => (await storedSends(server, pam)).length === 0, { message: 'the record deleted after the confirmation' });

  // Another reload: nothing comes back to send; the room's recent messages
  // show from the device's cache, and then once, from the server's history.
  second.destroy();
  const third = track(await makeClient(server, pam, persist));
  third.room('outbox').join();
  assert.deepEqual(
    third.room('outbox').getSnapshot().messages.map((m) => [m.text, m.status, m.cached]),
    [['written while the server was down', 'sent', true], ['got it', 'sent', true]],
    'the cached room, nothing pending',
  );
  third.connect();
  await waitFor(() => third.room('outbox').getSnapshot().messages.every((m) => !m.cached), { message: 'the history at the third client' });
  assert.ok(third.room('outbox').getSnapshot().messages.every((m) => m.status === 'sent'));
  assert.deepEqual(texts(third, 'outbox'), ['written while the server was down', 'got it']);
  assert.equal(serverCopies(server, 'outbox', clientId).length, 1);
  assert.deepEqual(await storedSends(server, pam), []);
});

test('destroy({ forget: true }) deletes the user’s stored sends: the next client restores nothing', async (t) => {
  const { track, server: newServer } = fixture(t);
  const server = await newServer();
  const rex = { id: 'u-rex', name: 'Rex' };

  // A room Rex wrote in: its recent messages are kept on the device.
  const reader = track(await connectedClient(server, rex, ['lobby'], { persist: true }));
  reader.room('lobby').send('seen by Rex');
  await waitFor(() => reader.room('lobby').getSnapshot().messages[0]?.status === 'sent', { message: 'Rex’s message confirmed' });
  reader.destroy();
  await waitFor(async () => (await storedRooms(server, rex)).length === 1, { message: 'the lobby kept' });

  // Never connected: the core accepts a send to a room that is joining, and
  // keeps it pending until the room is joined on a connection.
  const first = track(await makeClient(server, rex, { persist: true }));
  first.room('drafts').join();
  first.room('drafts').send('never sent: Rex signs out first');
  await waitFor(async () => (await storedSends(server, rex)).length === 1, { message: 'the pending send stored' });

  // Sign-out. The deletion runs after destroy() returns; wait until it is done,
  // as a later page would find the database.
  first.destroy({ forget: true });
  await waitFor(async () => (await storedSends(server, rex)).length === 0, { message: 'the stored send deleted' });
  assert.deepEqual(await storedRooms(server, rex), [], 'the kept rooms deleted with it');

  const second = track(await makeClient(server, rex, { persist: true }));
  second.room('drafts').join();
  second.room('lobby').join();
  assert.deepEqual(second.room('drafts').getSnapshot().messages, [], 'nothing restored');
  assert.deepEqual(second.room('lobby').getSnapshot().messages, [], 'no cached room either');
  second.connect();
  await waitFor(() => second.room('drafts').getSnapshot().joined, { message: 'joined' });
  // Joined on a connection, where a restored send would have gone out: the
  // server has no message, and Rex's view shows none.
  assert.deepEqual(texts(second, 'drafts'), []);
  assert.deepEqual(server.store.messagesAfter('drafts', 0, 1000), []);
});

test('a reload shows each room\'s recent messages before connecting, marked cached until the server\'s history replaces them', async (t) => {
  const { track, server: newServer } = fixture(t);
  const server = await newServer();
  const val = { id: 'u-val', name: 'Val' };
  const wes = { id: 'u-wes', name: 'Wes' };
  const options = { persist: true, cachedMessages: 3 };

  const first = track(await connectedClient(server, val, ['news'], options));
  const writer = track(await connectedClient(server, wes, ['news']));
  for (const text of ['one', 'two', 'three', 'four']) writer.room('news').send(text);
  await waitFor(() => texts(first, 'news').length === 4, { message: 'Val has the four messages' });
  // Written within a second of the last change, without a reload: a crash now would keep them.
  await waitFor(async () => (await storedRooms(server, val)).length === 1, { message: 'the room kept', timeout: 5000 });
  first.destroy();

  // The reload, with the server gone: the room shows at once, from the device.
  await server.close();
  const second = track(await makeClient(server, val, options));
  second.room('news').join();
  const cached = second.room('news').getSnapshot();
  assert.deepEqual(cached.messages.map((m) => [m.text, m.cached]), [['two', true], ['three', true], ['four', true]], 'the newest three, marked cached');
  assert.equal(cached.unreadCount, 0, 'cached messages are never unread');

  // Back online: the server's history confirms or replaces them.
  writer.room('news').send('five');
  await server.restart();
  second.connect();
  await waitFor(() => texts(second, 'news').includes('five') && second.room('news').getSnapshot().messages.every((m) => !m.cached), {
    message: 'the server history replaced the cache',
    timeout: 8000,
  });
  assert.deepEqual(texts(second, 'news').slice(-2), ['four', 'five']);
});

test('persist: false keeps nothing and never touches IndexedDB', async (t) => {
  const { track, server: newServer } = fixture(t);
  const server = await newServer();
  const sue = { id: 'u-sue', name: 'Sue' };

  // Every read of globalThis.indexedDB is counted, from before the client exists.
  let reads = 0;
  const installed = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB');
  Object.defineProperty(globalThis, 'indexedDB', {
    configurable: true,
    get() {
      reads++;
      return idb;
    },
  });
  t.after(() => Object.defineProperty(globalThis, 'indexedDB', installed));

  const first = track(await makeClient(server, sue, { persist: false }));
  first.room('ephemeral').join();
  const clientId = first.room('ephemeral').send('kept in memory only');
  assert.equal(first.room('ephemeral').getSnapshot().messages[0].status, 'pending');
  first.destroy();

  const second = track(await makeClient(server, sue, { persist: false }));
  second.room('ephemeral').join();
  assert.deepEqual(second.room('ephemeral').getSnapshot().messages, [], 'nothing restored');
  second.destroy();
  assert.equal(reads, 0, 'IndexedDB was never read');

  // Nothing written either: a client that does persist finds nothing of Sue's.
  Object.defineProperty(globalThis, 'indexedDB', installed);
  assert.deepEqual(await storedSends(server, sue), []);
  const third = track(await makeClient(server, sue, { persist: true }));
  third.room('ephemeral').join();
  assert.deepEqual(third.room('ephemeral').getSnapshot().messages, [], 'nothing restored by a persisting client');
  third.connect();
  await waitFor(() => third.room('ephemeral').getSnapshot().joined, { message: 'joined' });
  assert.deepEqual(serverCopies(server, 'ephemeral', clientId), [], 'the dropped send never reached the server');
});

test('without IndexedDB, persist: true still chats, and one storage_unavailable error says why', async (t) => {
  const { track, server: newServer } = fixture(t);
  const server = await newServer();
  const tom = { id: 'u-tom', name: 'Tom' };
  const uma = { id: 'u-uma', name: 'Uma' };

  // A page without IndexedDB (a private window of some browsers, or Node).
  const installed = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB');
  delete globalThis.indexedDB;
  t.after(() => Object.defineProperty(globalThis, 'indexedDB', installed));
  assert.equal(typeof globalThis.indexedDB, 'undefined');

  const client = track(await makeClient(server, tom, { persist: true }));
  // The error happened inside createChatClient, before anyone could listen:
  // it waits for the first error listener, which hears it after on() returns.
  const errors = [];
  client.on('error', (error) => errors.push(error));
  assert.deepEqual(errors, [], 'not heard inside on()');
  await waitFor(() => errors.length > 0, { message: 'the storage error heard' });
  assert.equal(errors.length, 1);
  assert.equal(errors[0].name, 'ChatwireError');
  assert.equal(errors[0].source, 'storage');
  assert.equal(errors[0].code, 'storage_unavailable');
  // Heard once: a later listener does not hear it again.
  const later = [];
  client.on('error', (error) => later.push(error));

  // Chat goes on in memory: connect, join, send, confirmed, received.
  const peer = track(await connectedClient(server, uma, ['no-idb']));
  client.connect();
  await waitFor(() => client.state === 'connected', { message: 'Tom connected' });
  client.room('no-idb').join();
  await waitFor(() => client.room('no-idb').getSnapshot().joined, { message: 'Tom joined' });
  client.room('no-idb').send('chat without storage');
  await waitFor(() => client.room('no-idb').getSnapshot().messages[0]?.status === 'sent', { message: 'Tom’s message confirmed' });
  await waitFor(() => texts(peer, 'no-idb').length === 1, { message: 'Uma has it' });
  assert.deepEqual(texts(peer, 'no-idb'), ['chat without storage']);

  // Sending and confirming wrote nothing, so nothing failed again.
  assert.equal(errors.length, 1, 'exactly one error in all');
  assert.deepEqual(later, []);
  assert.equal(typeof globalThis.indexedDB, 'undefined', 'the client did not install one either');
});
