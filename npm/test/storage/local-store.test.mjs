// What Chatwire keeps on the device (src/storage/local-store.ts) over fake-indexeddb, with a
// fake Web Locks API (test/support/fake-locks.mjs) standing for the browser:
// each "page" is a LocalStore with its own connection and its own view of the
// locks, as two tabs of one origin are.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { IDBFactory, forceCloseDatabase } from 'fake-indexeddb';
import { DATABASE_VERSION } from '../../dist/storage/idb.js';
import { LocalStore } from '../../dist/storage/local-store.js';
import { LockWorld } from '../support/fake-locks.mjs';

const SCOPE = 'https://chat.example.com|u-ada';

function record(clientId, overrides = {}) {
  return { schema: 1, clientId, room: 'general', text: `text of ${clientId}`, createdAtMs: 1_000, handedOver: false, ...overrides };
}

/** The errors a store reported, and the callback that collects them. */
function errors() {
  const list = [];
  const onError = (error) => list.push(error);
  return { list, onError, codes: () => list.map((error) => error.code) };
}

/** Opens `page` of a browser whose IndexedDB is `idb` and whose locks are `world`. */
async function openPage(idb, world, page, scope = SCOPE, extra = {}) {
  const reported = errors();
  const store = await LocalStore.open(scope, reported.onError, { indexedDB: idb, locks: world.managerFor(page), ...extra });
  return { store, errors: reported };
}

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Every stored value, read with a connection of its own (as devtools would). */
async function rawValues(idb) {
  const db = await request(idb.open('chatwire', DATABASE_VERSION));
  try {
    return await request(db.transaction('sends').objectStore('sends').getAll());
  } finally {
    db.close();
  }
}

/** Writes values as another writer would (another Chatwire version, a hand edit). */
async function rawPut(idb, values) {
  const db = await request(idb.open('chatwire', DATABASE_VERSION));
  try {
    const tx = db.transaction('sends', 'readwrite');
    for (const value of values) tx.objectStore('sends').put(value);
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

/** An IDBFactory that hands the test each connection it opens. */
function spied(idb) {
  const connections = [];
  const factory = {
    open(name, version) {
      const req = idb.open(name, version);
      req.addEventListener('success', () => connections.push(req.result));
      return req;
    },
    deleteDatabase: (name) => idb.deleteDatabase(name),
    cmp: (a, b) => idb.cmp(a, b),
    databases: () => idb.databases(),
  };
  return { factory, connections };
}

/** An IDBFactory whose open request is driven by the test. */
function scriptedFactory() {
  const requests = [];
  return {
    requests,
    open() {
      const req = { result: undefined, error: null, onupgradeneeded: null, onblocked: null, onsuccess: null, onerror: null };
      requests.push(req);
      return req;
    },
  };
}

const ids = (records) => records.map((r) => r.clientId);
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

test('a put survives its page: a later page claims it, oldest first, as written', async () => {
  const idb = new IDBFactory();
  const world = new LockWorld();
  const a = await openPage(idb, world, 'A');
  assert.equal(a.store.durable, true);
  a.store.put(record('c-2', { createdAtMs: 2_000 }));
  a.store.put(record('c-b', { createdAtMs: 1_000, handedOver: true, failure: 'timeout' }));
  a.store.put(record('c-a', { createdAtMs: 1_000 }));
  await a.store.flushed();
  a.store.close();
  await tick();  // the page lock is given back once the writes have settled

  const b = await openPage(idb, world, 'B');
  const claimed = await b.store.claimOrphans();
  assert.deepEqual(claimed, [
    record('c-a', { createdAtMs: 1_000 }),
    record('c-b', { createdAtMs: 1_000, handedOver: true, failure: 'timeout' }),
    record('c-2', { createdAtMs: 2_000 }),
  ]);
  assert.deepEqual(await b.store.claimOrphans(), [], 'claimed records are this page\'s now');
  assert.deepEqual(a.errors.list, []);
  assert.deepEqual(b.errors.list, []);
  // Claimed, not moved: the records stay on disk until the core deletes them.
  assert.equal((await rawValues(idb)).length, 3);
  b.store.close();
});

test('a crashed page\'s records are claimed; a live page\'s are not', async () => {
  const idb = new IDBFactory();
  const world = new LockWorld();
  const a = await openPage(idb, world, 'A');
  a.store.put(record('c-1'));
  await a.store.flushed();

  const b = await openPage(idb, world, 'B');
  assert.deepEqual(await b.store.claimOrphans(), [], 'A is alive: its lock is held');

  world.crash('A');  // no close(), no pagehide: the tab is killed
  assert.deepEqual(ids(await b.store.claimOrphans()), ['c-1']);

  const c = await openPage(idb, world, 'C');
  assert.deepEqual(await c.store.claimOrphans(), [], 'B owns it now, and B is alive');
  b.store.close();
  c.store.close();
});

test('two pages racing claimOrphans get disjoint sets that together are everything', async () => {
  const idb = new IDBFactory();
  const world = new LockWorld();
  const gone = await openPage(idb, world, 'gone');
  const written = [];
  for (let i = 0; i < 20; i++) {
    gone.store.put(record(`c-${String(i).padStart(2, '0')}`, { createdAtMs: 1_000 + i }));
    written.push(`c-${String(i).padStart(2, '0')}`);
  }
  await gone.store.flushed();
  world.crash('gone');

  const [b, c] = await Promise.all([openPage(idb, world, 'B'), openPage(idb, world, 'C')]);
  const [fromB, fromC] = await Promise.all([b.store.claimOrphans(), c.store.claimOrphans()]);
  const all = [...ids(fromB), ...ids(fromC)];
  assert.equal(new Set(all).size, all.length, `no record twice: ${ids(fromB)} / ${ids(fromC)}`);
  assert.deepEqual(all.sort(), written);
  b.store.close();
  c.store.close();
});

test('the same race without the claim lock still hands out no record twice (owners read before locks)', async () => {
  // A world whose claim lock is always granted at once, to every page.
  const idb = new IDBFactory();
  const world = new LockWorld();
  const gone = await openPage(idb, world, 'gone');
  for (let i = 0; i < 10; i++) gone.store.put(record(`c-${i}`, { createdAtMs: i }));
  await gone.store.flushed();
  world.crash('gone');
  const leaky = (page) => {
    const locks = world.managerFor(page);
    return {
      query: () => locks.query(),
      request: (name, options, callback) =>
        name.startsWith('chatwire-claim:') ? Promise.resolve().then(() => callback({ name })) : locks.request(name, options, callback),
    };
  };
  const b = await LocalStore.open(SCOPE, () => {}, { indexedDB: idb, locks: leaky('B') });
  const c = await LocalStore.open(SCOPE, () => {}, { indexedDB: idb, locks: leaky('C') });
  const [fromB, fromC] = await Promise.all([b.claimOrphans(), c.claimOrphans()]);
  const all = [...ids(fromB), ...ids(fromC)];
  assert.equal(new Set(all).size, all.length);
  assert.equal(all.length, 10);
  b.close();
  c.close();
});

test('a page that opens between another page\'s two reads keeps its new records', async () => {
  const idb = new IDBFactory();
  const world = new LockWorld();
  const gone = await openPage(idb, world, 'gone');
  gone.store.put(record('old'));
  await gone.store.flushed();
  world.crash('gone');

  // B's lock snapshot is taken before page C opens, and handed to B only
  // after C has written: C's lock is not in it, C's record is on disk.
  let c;
  const locks = world.managerFor('B');
  const slowQuery = {
    request: (...args) => locks.request(...args),
    query: async () => {
      const snapshot = await locks.query();
      c ??= await openPage(idb, world, 'C');
      c.store.put(record('new-of-C'));
      await c.store.flushed();
      return snapshot;
    },
  };
  const b = await LocalStore.open(SCOPE, () => {}, { indexedDB: idb, locks: slowQuery });
  assert.deepEqual(ids(await b.claimOrphans()), ['old']);
  assert.deepEqual(await c.store.claimOrphans(), [], 'C\'s record is C\'s, and B took the orphan');
  b.close();
  c.store.close();
});

test('future-schema and corrupt records are skipped, left as they are, and reported once', async () => {
  const idb = new IDBFactory();
  const world = new LockWorld();
  const first = await openPage(idb, world, 'first');
  first.store.put(record('good', { createdAtMs: 5 }));
  await first.store.flushed();
  world.crash('first');
  const future = { schema: 2, scope: SCOPE, clientId: 'future', owner: 'gone-page', body: { renamed: true } };
  const corrupt = [
    { ...record('no-text'), text: 42, scope: SCOPE, owner: 'gone-page' },
    { ...record('fractional-time'), createdAtMs: 1.5, scope: SCOPE, owner: 'gone-page' },
    { ...record('no-owner'), scope: SCOPE },
    { schema: '1', scope: SCOPE, clientId: 'string-schema', owner: 'gone-page' },
    { ...record('x'), clientId: 7, scope: SCOPE, owner: 'gone-page' },
  ];
  await rawPut(idb, [future, ...corrupt]);

  const b = await openPage(idb, world, 'B');
  assert.deepEqual(ids(await b.store.claimOrphans()), ['good']);
  assert.deepEqual(b.errors.codes(), ['storage_record_invalid']);
  const [error] = b.errors.list;
  assert.equal(error.source, 'storage');
  assert.equal(error.name, 'ChatwireError');
  assert.match(error.message, /1 stored send of a newer Chatwire version and 5 unreadable stored sends/);
  assert.equal(b.store.durable, true, 'a bad record is no reason to stop storing');

  assert.deepEqual(await b.store.claimOrphans(), []);
  assert.equal(b.errors.list.length, 1, 'reported once, not at every claim');

  const stored = await rawValues(idb);
  assert.equal(stored.length, 7, 'nothing deleted');
  for (const value of [future, ...corrupt]) {
    assert.deepEqual(stored.find((v) => v.clientId === value.clientId), value, 'left unchanged (owner included)');
  }
  b.store.close();
});

test('put then delete go out in call order, in one task or across tasks', async () => {
  const idb = new IDBFactory();
  const world = new LockWorld();
  const { store } = await openPage(idb, world, 'A');
  store.put(record('x', { text: 'first' }));
  store.delete('x');
  store.put(record('y'));
  store.put(record('x', { text: 'second' }));
  store.delete('y');
  store.put(record('z'));
  await tick();
  store.delete('z');
  store.put(record('x', { text: 'third', handedOver: true }));
  await store.flushed();
  const stored = await rawValues(idb);
  assert.deepEqual(stored.map((v) => [v.clientId, v.text, v.handedOver]), [['x', 'third', true]]);
  assert.equal(stored[0].scope, SCOPE);
  assert.equal(typeof stored[0].owner, 'string');
  store.close();
});

test('a put of something that is not a record is refused and reported, and storing goes on', async () => {
  const idb = new IDBFactory();
  const world = new LockWorld();
  const { store, errors: reported } = await openPage(idb, world, 'A');
  store.put({ ...record('bad'), createdAtMs: Number.NaN });
  store.put(record('ok', { extra: () => 'not cloneable' }));
  await store.flushed();
  assert.deepEqual(reported.codes(), ['storage_record_invalid']);
  assert.equal(store.durable, true);
  const stored = await rawValues(idb);
  assert.deepEqual(ids(stored), ['ok']);
  assert.equal('extra' in stored[0], false, 'only the record\'s own fields are stored');
  store.close();
});

test('forgetAll deletes every record of its scope, of any page, and nothing of another scope', async () => {
  const idb = new IDBFactory();
  const world = new LockWorld();
  const other = 'https://chat.example.com|u-ada2';  // a scope this one is a prefix of
  const a = await openPage(idb, world, 'A');
  const b = await openPage(idb, world, 'B');
  const c = await openPage(idb, world, 'C', other);
  a.store.put(record('a-1'));
  b.store.put(record('b-1'));
  c.store.put(record('c-1'));
  await Promise.all([a.store.flushed(), b.store.flushed(), c.store.flushed()]);
  await rawPut(idb, [{ schema: 9, scope: SCOPE, clientId: 'future' }]);

  a.store.put(record('a-2'));  // issued before forgetAll: deleted too
  await a.store.forgetAll();
  a.store.put(record('a-3'));  // issued after: kept
  await a.store.flushed();
  assert.deepEqual(
    (await rawValues(idb)).map((v) => [v.scope, v.clientId]).sort(),
    [[SCOPE, 'a-3'], [other, 'c-1']],
  );
  for (const page of [a, b, c]) {
    assert.deepEqual(page.errors.list, []);
    page.store.close();
  }
});

test('forgetAll after close still deletes what was written', async () => {
  const idb = new IDBFactory();
  const world = new LockWorld();
  const { store } = await openPage(idb, world, 'A');
  store.put(record('a-1'));
  store.close();
  await store.forgetAll();
  assert.deepEqual(await rawValues(idb), []);
});

test('without IndexedDB: one error, durable false, and every method is a harmless no-op', async () => {
  assert.equal(globalThis.indexedDB, undefined, 'Node has no IndexedDB');
  for (const options of [undefined, { indexedDB: null }]) {
    const reported = errors();
    const store = await LocalStore.open(SCOPE, reported.onError, options);
    assert.equal(store.durable, false);
    assert.deepEqual(reported.codes(), ['storage_unavailable']);
    assert.equal(reported.list[0].source, 'storage');
    assert.match(reported.list[0].message, /IndexedDB is not available/);
    store.put(record('c-1'));
    store.delete('c-1');
    assert.deepEqual(await store.claimOrphans(), []);
    await store.flushed();
    await store.forgetAll();
    store.close();
    store.close();
    assert.equal(reported.list.length, 1);
  }
});

test('LocalStore.memory() keeps nothing and reports nothing', async () => {
  const store = LocalStore.memory();
  assert.equal(store.durable, false);
  store.put(record('c-1'));
  assert.deepEqual(await store.claimOrphans(), []);
  await store.forgetAll();
  store.close();
});

test('a quota error while writing: one storage_quota error, then memory only', async () => {
  const { factory, connections } = spied(new IDBFactory());
  const world = new LockWorld();
  const { store, errors: reported } = await openPage(factory, world, 'A');
  const [db] = connections;
  const transaction = db.transaction;
  db.transaction = function (...args) {
    const tx = transaction.apply(this, args);
    // As a browser does when the disk is full: the commit fails, the transaction aborts.
    if (args[1] === 'readwrite') queueMicrotask(() => tx._abort('QuotaExceededError'));
    return tx;
  };
  store.put(record('c-1'));
  await store.flushed();
  assert.deepEqual(reported.codes(), ['storage_quota']);
  assert.equal(store.durable, false);
  store.put(record('c-2'));
  store.delete('c-1');
  await store.flushed();
  assert.deepEqual(await store.claimOrphans(), []);
  assert.equal(reported.list.length, 1, 'reported once');
  assert.ok(world.heldNames().some((name) => name.startsWith('chatwire-page:')), 'the page lock stays held until close');
  store.close();
  await tick();
  assert.deepEqual(world.heldNames(), []);
});

test('Safari\'s lost connection (transaction() throws InvalidStateError): one storage_failed, then memory only', async () => {
  const { factory, connections } = spied(new IDBFactory());
  const world = new LockWorld();
  const { store, errors: reported } = await openPage(factory, world, 'A');
  connections[0].transaction = () => {
    throw new DOMException('Connection to Indexed Database server lost. Refresh the page to try again', 'InvalidStateError');
  };
  store.put(record('c-1'));
  await store.flushed();
  assert.deepEqual(await store.claimOrphans(), []);
  store.put(record('c-2'));
  await store.flushed();
  assert.deepEqual(reported.codes(), ['storage_failed']);
  assert.match(reported.list[0].message, /InvalidStateError/);
  assert.equal(store.durable, false);
  store.close();
});

test('a connection the browser closes (site data cleared) falls back once', async () => {
  const { factory, connections } = spied(new IDBFactory());
  const { store, errors: reported } = await openPage(factory, new LockWorld(), 'A');
  forceCloseDatabase(connections[0]);
  await tick();
  assert.deepEqual(reported.codes(), ['storage_failed']);
  assert.equal(store.durable, false);
  store.put(record('c-1'));
  await store.flushed();
  assert.equal(reported.list.length, 1);
  store.close();
});

test('another page upgrading the database: this one closes so it can, and falls back', async () => {
  const idb = new IDBFactory();
  const { store, errors: reported } = await openPage(idb, new LockWorld(), 'A');
  const upgrade = idb.open('chatwire', DATABASE_VERSION + 1);
  let blocked = false;
  upgrade.onblocked = () => (blocked = true);
  const newer = await request(upgrade);
  newer.close();
  assert.equal(blocked, false);
  assert.deepEqual(reported.codes(), ['storage_failed']);
  assert.equal(store.durable, false);
  store.close();

  // And a page running this version after the upgrade: the open fails, chat goes on.
  const later = errors();
  const old = await LocalStore.open(SCOPE, later.onError, { indexedDB: idb, locks: null });
  assert.equal(old.durable, false);
  assert.deepEqual(later.codes(), ['storage_failed']);
  assert.match(later.list[0].message, /newer version/);
});

test('a blocked open: one storage_blocked error, and a connection that comes later is closed', async () => {
  const factory = scriptedFactory();
  const reported = errors();
  const opening = LocalStore.open(SCOPE, reported.onError, { indexedDB: factory, locks: null });
  const [req] = factory.requests;
  req.onblocked({});
  const store = await opening;
  assert.equal(store.durable, false);
  assert.deepEqual(reported.codes(), ['storage_blocked']);
  let closed = false;
  req.result = { close: () => (closed = true) };
  req.onsuccess({});
  assert.equal(closed, true);
  assert.equal(reported.list.length, 1);
});

test('an open that fails or never answers falls back with its code', async () => {
  const cases = [
    [new DOMException('full', 'QuotaExceededError'), 'storage_quota'],
    [new DOMException('private window', 'InvalidStateError'), 'storage_unavailable'],
    [new DOMException('odd', 'UnknownError'), 'storage_failed'],
  ];
  for (const [error, code] of cases) {
    const factory = scriptedFactory();
    const reported = errors();
    const opening = LocalStore.open(SCOPE, reported.onError, { indexedDB: factory, locks: null });
    factory.requests[0].error = error;
    factory.requests[0].onerror({ preventDefault() {} });
    assert.equal((await opening).durable, false);
    assert.deepEqual(reported.codes(), [code]);
  }

  const reported = errors();
  const thrown = { open: () => { throw new DOMException('opaque origin', 'SecurityError'); } };
  assert.equal((await LocalStore.open(SCOPE, reported.onError, { indexedDB: thrown })).durable, false);
  assert.deepEqual(reported.codes(), ['storage_unavailable']);

  const silent = errors();
  const store = await LocalStore.open(SCOPE, silent.onError, { indexedDB: scriptedFactory(), locks: null, timeoutMs: 30 });
  assert.equal(store.durable, false);
  assert.deepEqual(silent.codes(), ['storage_failed']);
  assert.match(silent.list[0].message, /did not finish within 30 ms/);
});

test('a page lock that cannot be had: memory only, so no other page takes this page\'s sends', async () => {
  const idb = new IDBFactory();
  const reported = errors();
  const refusing = { request: () => Promise.reject(new DOMException('opaque origin', 'SecurityError')), query: async () => ({ held: [], pending: [] }) };
  const store = await LocalStore.open(SCOPE, reported.onError, { indexedDB: idb, locks: refusing });
  assert.equal(store.durable, false);
  assert.deepEqual(reported.codes(), ['storage_failed']);
});

test('without Web Locks every record of the scope is claimed (one tab assumed)', async () => {
  const idb = new IDBFactory();
  const a = await LocalStore.open(SCOPE, () => {}, { indexedDB: idb, locks: null });
  a.put(record('c-1'));
  await a.flushed();
  const b = await LocalStore.open(SCOPE, () => {}, { indexedDB: idb, locks: null });
  assert.deepEqual(ids(await b.claimOrphans()), ['c-1'], 'taken although A is open');
  assert.deepEqual(await b.claimOrphans(), []);
  a.close();
  b.close();
});

test('a claim lock held by a frozen page: nothing claimed after the timeout, no error', async () => {
  const idb = new IDBFactory();
  const world = new LockWorld();
  const gone = await openPage(idb, world, 'gone');
  gone.store.put(record('c-1'));
  await gone.store.flushed();
  world.crash('gone');
  void world.managerFor('frozen').request(`chatwire-claim:${SCOPE}`, () => new Promise(() => {}));
  const b = await openPage(idb, world, 'B', SCOPE, { timeoutMs: 50 });
  assert.deepEqual(await b.store.claimOrphans(), []);
  assert.deepEqual(b.errors.list, []);
  assert.equal(b.store.durable, true);
  world.crash('frozen');
  assert.deepEqual(ids(await b.store.claimOrphans()), ['c-1'], 'a later call takes them');
  b.store.close();
});

test('close gives back the page lock after the last writes, and later calls do nothing', async () => {
  const idb = new IDBFactory();
  const world = new LockWorld();
  const { store, errors: reported } = await openPage(idb, world, 'A');
  assert.equal(world.heldNames().filter((name) => name.startsWith('chatwire-page:')).length, 1);
  store.put(record('c-1'));
  store.close();  // before the write's microtask: it still goes out
  assert.equal(store.durable, false);
  store.put(record('c-2'));
  store.delete('c-1');
  await store.flushed();
  await tick();
  assert.deepEqual(world.heldNames(), []);
  assert.deepEqual(ids(await rawValues(idb)), ['c-1']);
  assert.deepEqual(reported.list, []);
});

/** A room's newest messages as the core writes them (CoreCachedRoom). */
function room(name, texts) {
  const messages = texts.map((text, i) => ({
    id: `m${i + 1}`,
    clientId: null,
    author: { id: 'u-grace', name: 'Grace' },
    text,
    createdAt: 1_000 + i,
    status: 'sent',
  }));
  return { schema: 1, room: name, messages };
}

test('a room kept by one page is read by the next; a room without messages is deleted', async () => {
  const idb = new IDBFactory();
  const world = new LockWorld();
  const first = await openPage(idb, world, 'A');
  first.store.putRoom(room('general', ['one', 'two']));
  first.store.putRoom(room('random', ['x']));
  first.store.putRoom(room('general', ['two', 'three']));  // replaces the room's record
  first.store.putRoom(room('random', []));                  // left: dropped
  await first.store.flushed();
  first.store.close();

  const next = await openPage(idb, world, 'B');
  const rooms = await next.store.readRooms();
  assert.deepEqual(rooms, [room('general', ['two', 'three'])]);
  const other = await openPage(idb, world, 'C', 'https://chat.example.com|u-grace');
  assert.deepEqual(await other.store.readRooms(), [], 'another user sees nothing of it');
  assert.deepEqual([...next.errors.list, ...first.errors.list, ...other.errors.list], []);
  next.store.close();
  other.store.close();
});

test('unreadable or newer rooms are skipped, left on disk and reported once; invalid puts are refused', async () => {
  const idb = new IDBFactory();
  const world = new LockWorld();
  const { store, errors: reported } = await openPage(idb, world, 'A');
  store.putRoom(room('general', ['kept']));
  store.putRoom({ schema: 1, room: 'general' });
  await store.flushed();
  assert.deepEqual(reported.codes(), ['storage_record_invalid']);
  const db = await request(idb.open('chatwire', DATABASE_VERSION));
  const tx = db.transaction('history', 'readwrite');
  tx.objectStore('history').put({ scope: SCOPE, room: 'future', schema: 2, layout: 'unknown' });
  tx.objectStore('history').put({ scope: SCOPE, room: 'broken', schema: 1, messages: 'none' });
  await new Promise((resolve) => (tx.oncomplete = resolve));
  db.close();

  assert.deepEqual(await store.readRooms(), [room('general', ['kept'])]);
  assert.deepEqual(reported.codes(), ['storage_record_invalid', 'storage_record_invalid']);
  assert.match(reported.list[1].message, /skipped 2 unreadable or newer cached rooms/);
  assert.equal(store.durable, true, 'a bad record is no storage failure');
  store.close();
});

test('forgetAll deletes the rooms of its scope too', async () => {
  const idb = new IDBFactory();
  const world = new LockWorld();
  const { store } = await openPage(idb, world, 'A');
  store.putRoom(room('general', ['secret']));
  store.put(record('c-1'));
  await store.forgetAll();
  store.close();
  const next = await openPage(idb, world, 'B');
  assert.deepEqual(await next.store.readRooms(), []);
  assert.deepEqual(await next.store.claimOrphans(), []);
  next.store.close();
});

test('a database of version 1 (sends only) is upgraded in place: its sends are kept', async () => {
  const idb = new IDBFactory();
  const open = idb.open('chatwire', 1);
  open.onupgradeneeded = () => {
    const sends = open.result.createObjectStore('sends', { keyPath: ['scope', 'clientId'] });
    sends.createIndex('scope', 'scope', { unique: false });
    sends.put({ ...record('c-old'), scope: SCOPE, owner: 'gone-page' });
  };
  (await request(open)).close();

  const { store, errors: reported } = await openPage(idb, new LockWorld(), 'A');
  assert.equal(store.durable, true);
  assert.deepEqual(await store.claimOrphans(), [record('c-old')]);
  assert.deepEqual(await store.readRooms(), []);
  assert.deepEqual(reported.list, []);
  store.close();
});

function op(opId, overrides = {}) {
  return { schema: 1, opId, room: 'general', op: 'edit', messageId: 'm-1', text: `text of ${opId}`, createdAtMs: 1_000, ...overrides };
}

test('pending edits, deletes and reactions are kept like sends: claimed by a later page in order, deleted, forgotten', async () => {
  const idb = new IDBFactory();
  const world = new LockWorld();
  const a = await openPage(idb, world, 'A');
  a.store.put(record('c-1', { replyTo: 'm-parent' }));
  a.store.putOp(op('o-2', { createdAtMs: 2_000, op: 'react', emoji: '👍', on: true, text: undefined }));
  a.store.putOp(op('o-1'));
  a.store.putOp(op('o-gone', { op: 'delete', text: undefined }));
  a.store.deleteOp('o-gone');
  a.store.putOp({ schema: 1, opId: 'o-bad', op: 'toggle' });
  await a.store.flushed();
  assert.deepEqual(a.errors.codes(), ['storage_record_invalid'], 'a record of the wrong shape is refused');
  a.store.close();
  await tick();

  const b = await openPage(idb, world, 'B');
  assert.deepEqual(await b.store.claimOrphans(), [record('c-1', { replyTo: 'm-parent' })], 'a send keeps what it answers');
  assert.deepEqual(await b.store.claimOrphanOps(), [op('o-1'), { schema: 1, opId: 'o-2', room: 'general', op: 'react', messageId: 'm-1', emoji: '👍', on: true, createdAtMs: 2_000 }]);
  assert.deepEqual(await b.store.claimOrphanOps(), [], "claimed operations are this page's now");
  await b.store.forgetAll();
  b.store.close();
  const c = await openPage(idb, world, 'C');
  assert.deepEqual(await c.store.claimOrphanOps(), [], 'signing out deletes them too');
  assert.deepEqual(b.errors.list, []);
  c.store.close();
});

test('a database of version 2 (sends and rooms) gains the operations store in place', async () => {
  const idb = new IDBFactory();
  const open = idb.open('chatwire', 2);
  open.onupgradeneeded = () => {
    for (const [name, key] of [['sends', 'clientId'], ['history', 'room']]) {
      open.result.createObjectStore(name, { keyPath: ['scope', key] }).createIndex('scope', 'scope', { unique: false });
    }
    open.transaction.objectStore('sends').put({ ...record('c-old'), scope: SCOPE, owner: 'gone-page' });
  };
  (await request(open)).close();
  const { store, errors: reported } = await openPage(idb, new LockWorld(), 'A');
  assert.deepEqual(await store.claimOrphans(), [record('c-old')]);
  assert.deepEqual(await store.claimOrphanOps(), []);
  store.putOp(op('o-new'));
  await store.flushed();
  assert.deepEqual(reported.list, []);
  store.close();
});

test('importing the module touches no browser API (server rendering)', async () => {
  const url = new URL('../../dist/storage/local-store.js', import.meta.url).href;
  const script = `
    for (const name of ['indexedDB', 'navigator', 'crypto', 'IDBKeyRange', 'window', 'document']) {
      Object.defineProperty(globalThis, name, { configurable: true, get() { throw new Error('touched ' + name); } });
    }
    await import(${JSON.stringify(url)});
    console.log('imported');
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
  });
  assert.equal(stdout.trim(), 'imported');
});
