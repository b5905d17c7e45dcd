// typing: relay to the other connections with ttlMs, stop on leave and close,
// invalid ones dropped, floods reported once.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ADA, GRACE, LINUS, connectAs, fakeClock, join, shutDown, startServer } from './helpers.mjs';

it('relays typing to the other connections in the room with ttlMs 6000, never back to the sender', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  const adaPhone = await connectAs(server, ADA);
  const grace = await connectAs(server, GRACE);
  const linus = await connectAs(server, LINUS);
  try {
    await Promise.all([join(ada, 'general'), join(adaPhone, 'general'), join(grace, 'general'), join(linus, 'random')]);
    ada.emit('typing', { room: 'general', state: 'start' });
    const start = { room: 'general', user: ADA, state: 'start', ttlMs: 6000 };
    assert.deepEqual(await grace.waitFor('typing'), start);
    assert.deepEqual(await adaPhone.waitFor('typing'), start, "the user's other connections get it too");
    ada.emit('typing', { room: 'general', state: 'stop' });
    assert.deepEqual(await grace.waitFor('typing', (t) => t.state === 'stop'), { ...start, state: 'stop' });

    await Promise.all([ada.flush(), linus.flush(), grace.flush()]);
    assert.deepEqual(ada.received('typing'), []);
    assert.deepEqual(linus.received('typing'), [], 'other rooms hear nothing');
    assert.equal(grace.received('typing').length, 2);
  } finally {
    await shutDown(server, ada, adaPhone, grace, linus);
  }
});

it('drops invalid typing and typing for rooms not joined, silently, and never answers', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  const grace = await connectAs(server, GRACE);
  try {
    await Promise.all([join(ada, 'general'), join(grace, 'general')]);
    for (const payload of [undefined, null, 'start', [], { room: 'general' }, { room: 'general', state: 'typing' }, { state: 'start' }, { room: 'random', state: 'start' }, { room: 'nowhere', state: 'start' }]) {
      ada.emit('typing', payload);
    }
    await assert.rejects(ada.socket.timeout(300).emitWithAck('typing', { room: 'general', state: 'stop' }), /timed out/);
    await Promise.all([ada.flush(), grace.flush()]);
    assert.deepEqual(grace.received('typing').map((t) => t.state), ['stop'], 'only the valid one');
    assert.deepEqual(ada.received('error'), []);
  } finally {
    await shutDown(server, ada, grace);
  }
});

it('relays a stop when a typing connection leaves the room or closes', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  const grace = await connectAs(server, GRACE);
  const graceTablet = await connectAs(server, GRACE);
  try {
    await Promise.all([join(ada, 'general'), join(ada, 'random'), join(grace, 'general'), join(grace, 'random'), join(graceTablet, 'general')]);
    grace.emit('typing', { room: 'general', state: 'start' });
    grace.emit('typing', { room: 'random', state: 'start' });
    await ada.waitFor('typing', (t) => t.room === 'random');
    await grace.request('leave', { room: 'random' });
    assert.deepEqual(await ada.waitFor('typing', (t) => t.room === 'random' && t.state === 'stop'), {
      room: 'random',
      user: GRACE,
      state: 'stop',
      ttlMs: 6000,
    });
    grace.close();
    assert.deepEqual(await ada.waitFor('typing', (t) => t.room === 'general' && t.state === 'stop'), {
      room: 'general',
      user: GRACE,
      state: 'stop',
      ttlMs: 6000,
    });
    assert.equal((await graceTablet.waitFor('typing', (t) => t.state === 'stop')).room, 'general');
    await ada.flush();
    assert.equal(ada.received('typing').filter((t) => t.state === 'stop').length, 2, 'one stop per room');
  } finally {
    await shutDown(server, ada, grace, graceTablet);
  }
});

it('sends no stop on close for a start that already expired, or after a stop', async () => {
  const clock = fakeClock();
  const server = await startServer({ now: clock.now });
  const ada = await connectAs(server, ADA);
  const grace = await connectAs(server, GRACE);
  try {
    await Promise.all([join(ada, 'general'), join(ada, 'random'), join(grace, 'general'), join(grace, 'random')]);
    grace.emit('typing', { room: 'general', state: 'start' });
    grace.emit('typing', { room: 'random', state: 'start' });
    grace.emit('typing', { room: 'random', state: 'stop' });
    await grace.flush();
    clock.advance(6000);
    grace.close();
    await ada.waitFor('presence', (p) => p.online === false);
    assert.deepEqual(ada.received('typing').map((t) => `${t.room} ${t.state}`), ['general start', 'random start', 'random stop']);
  } finally {
    await shutDown(server, ada, grace);
  }
});

it('drops a typing flood and says so with one error push', async () => {
  const clock = fakeClock();
  const server = await startServer({ now: clock.now, limits: { typing: { burst: 3, perSecond: 1 } } });
  const ada = await connectAs(server, ADA);
  const grace = await connectAs(server, GRACE);
  try {
    await Promise.all([join(ada, 'general'), join(grace, 'general')]);
    for (let i = 0; i < 10; i++) ada.emit('typing', { room: 'general', state: 'start' });
    assert.deepEqual(await ada.waitFor('error'), { code: 'rate_limited', message: 'too many typing events' });
    await Promise.all([ada.flush(), grace.flush()]);
    assert.equal(grace.received('typing').length, 3);
    assert.equal(ada.received('error').length, 1, 'one report per flood');

    clock.advance(1000);
    ada.emit('typing', { room: 'general', state: 'stop' });
    await grace.waitFor('typing', (t) => t.state === 'stop');
    for (let i = 0; i < 3; i++) ada.emit('typing', { room: 'general', state: 'start' });
    await ada.flush();
    assert.equal(ada.received('error').length, 2, 'a new flood is reported again');
    assert.equal((await ada.request('members', { room: 'general' })).ok, true, 'the connection stays open');
  } finally {
    await shutDown(server, ada, grace);
  }
});
