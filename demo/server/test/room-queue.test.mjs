// The engine with a store that answers late (as PostgreSQL does): one room's
// events keep their arrival order, other rooms are not held up, and a join
// whose connection closed meanwhile does not subscribe a dead socket.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createMemoryStore } from '../src/memory-store.mjs';
import { ADA, GRACE, connectAs, join, shutDown, startServer } from './helpers.mjs';

/** A promise with its resolve. */
const deferred = () => {
  let resolve;
  const promise = new Promise((r) => (resolve = r));
  return { promise, resolve };
};

/**
 * A memory store whose next call of a chosen method waits until the test
 * lets it go: `hold('insertMessage')` → `{ entered, open }`.
 */
function storeWithGates() {
  const inner = createMemoryStore({ rooms: ['general', 'random'] });
  /** @type {Map<string, { entered: ReturnType<typeof deferred>, opened: ReturnType<typeof deferred> }>} */
  const gates = new Map();
  const store = new Proxy(inner, {
    get(target, name) {
      const value = Reflect.get(target, name);
      if (typeof value !== 'function') return value;
      return (...args) => {
        const gate = gates.get(/** @type {string} */ (name));
        if (!gate) return value.apply(target, args);
        gates.delete(/** @type {string} */ (name));
        gate.entered.resolve();
        return gate.opened.promise.then(() => value.apply(target, args));
      };
    },
  });
  /** @param {string} method */
  const hold = (method) => {
    const gate = { entered: deferred(), opened: deferred() };
    gates.set(method, gate);
    return { entered: gate.entered.promise, open: () => gate.opened.resolve() };
  };
  return { store, hold };
}

it("one room's events are handled in arrival order while the store is slow; other rooms go on", async () => {
  const { store, hold } = storeWithGates();
  const server = await startServer({ store });
  const ada = await connectAs(server, ADA);
  const grace = await connectAs(server, GRACE);
  try {
    await join(ada, 'general');
    await join(ada, 'random');
    await join(grace, 'general');
    const insert = hold('insertMessage');
    const sent = ada.request('send', { room: 'general', clientId: 'slow', text: 'first' });
    await insert.entered;
    ada.emit('typing', { room: 'general', state: 'start' });
    // Another room is not held up by general's slow insert.
    assert.equal((await ada.request('send', { room: 'random', clientId: 'quick', text: 'meanwhile' })).ok, true);
    insert.open();
    assert.equal((await sent).ok, true);
    await grace.waitFor('typing');
    assert.deepEqual(
      grace.pushes.filter(({ event }) => event === 'message' || event === 'typing').map(({ event }) => event),
      ['message', 'typing'],
      'the typing sent after the message is relayed after it',
    );
  } finally {
    await shutDown(server, ada, grace);
  }
});

it('a join whose connection closes while the store answers subscribes nothing', async () => {
  const { store, hold } = storeWithGates();
  const server = await startServer({ store });
  const ada = await connectAs(server, ADA);
  try {
    const [serverSocket] = server.io.of('/').sockets.values();
    const disconnected = new Promise((resolve) => serverSocket.once('disconnect', resolve));
    const lookup = hold('getRoom');
    ada.emit('join', { room: 'general' }, () => {});
    await lookup.entered;
    ada.close();
    await disconnected;
    lookup.open();
    // Queued behind the join: once it is stored, the join has finished.
    await server.protocol.postMessage({ room: 'general', author: GRACE, text: 'after the join' });
    assert.equal(server.io.of('/').adapter.rooms.get('room:general'), undefined, 'no dead socket in the channel');
    assert.deepEqual(await store.listMembers('general'), [], 'and no membership');
  } finally {
    await shutDown(server, ada);
  }
});
