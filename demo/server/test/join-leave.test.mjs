// join and leave, member_joined and member_left.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createMemoryStore } from '../src/memory-store.mjs';
import { ADA, GRACE, LINUS, connectAs, errorCode, join, sendMany, shutDown, startServer } from './helpers.mjs';

it('join answers with exactly the documented fields', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  try {
    const ack = await ada.request('join', { room: 'general' });
    assert.deepEqual(ack, {
      ok: true,
      room: 'general',
      members: [{ user: ADA, online: true }],
      messages: [],
      hasMore: false,
      readSeq: 0,
      lastSeq: 0,
      rev: 0,
    });
  } finally {
    await shutDown(server, ada);
  }
});

it('join without since gives the latest 50 and hasMore for older ones', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  try {
    await join(ada, 'general');
    const sent = await sendMany(ada, 'general', 52);
    const ack = await join(ada, 'general');
    assert.deepEqual(ack.messages.map((m) => m.seq), sent.slice(2).map((m) => m.seq));
    assert.deepEqual(ack.messages.at(-1), sent.at(-1));
    assert.equal(ack.hasMore, true);
    assert.equal(ack.lastSeq, 52);
  } finally {
    await shutDown(server, ada);
  }
});

it('join with since gives up to 100 after it and hasMore for newer ones', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  try {
    await join(ada, 'general');
    await sendMany(ada, 'general', 105);
    const first = await join(ada, 'general', { since: 2 });
    assert.deepEqual(first.messages.map((m) => m.seq), Array.from({ length: 100 }, (_, i) => i + 3));
    assert.equal(first.hasMore, true);
    const near = await join(ada, 'general', { since: 100 });
    assert.deepEqual(near.messages.map((m) => m.seq), [101, 102, 103, 104, 105]);
    assert.equal(near.hasMore, false);
    for (const since of [105, 200]) {
      const caughtUp = await join(ada, 'general', { since });
      assert.deepEqual([caughtUp.messages, caughtUp.hasMore, caughtUp.lastSeq], [[], false, 105]);
    }
    const nullSince = await join(ada, 'general', { since: null });
    assert.equal(nullSince.messages.length, 50, 'null since means no since');
  } finally {
    await shutDown(server, ada);
  }
});

it('join errors: bad_request, not_found, unauthorized', async () => {
  const server = await startServer();
  const grace = await connectAs(server, GRACE);
  try {
    for (const payload of [{}, { room: '' }, { room: 7 }, { room: 'general', since: -1 }, { room: 'general', since: 1.5 }]) {
      assert.equal(errorCode(await grace.request('join', payload)), 'bad_request', JSON.stringify(payload));
    }
    assert.equal(errorCode(await grace.request('join', { room: 'nowhere' })), 'not_found');
    assert.equal(errorCode(await grace.request('join', { room: 'private' })), 'unauthorized');
    // bad_request comes before not_found and unauthorized.
    assert.equal(errorCode(await grace.request('join', { room: 'nowhere', since: 'x' })), 'bad_request');
    assert.equal(errorCode(await grace.request('join', { room: 'private', since: -5 })), 'bad_request');
    // A failed join subscribes nothing and makes no member.
    assert.equal(errorCode(await grace.request('members', { room: 'private' })), 'not_member');
    assert.deepEqual(server.store.listMembers('private'), []);
  } finally {
    await shutDown(server, grace);
  }
});

it('join may create rooms when configured to, still asking authorizeRoom', async () => {
  const server = await startServer({
    store: createMemoryStore(),
    createRoomsOnJoin: true,
    authorizeRoom: ({ room }) => !room.startsWith('secret'),
  });
  const ada = await connectAs(server, ADA);
  try {
    assert.equal((await ada.request('join', { room: 'fresh' })).ok, true);
    assert.notEqual(server.store.getRoom('fresh'), null);
    assert.equal(errorCode(await ada.request('join', { room: 'secret-1' })), 'unauthorized');
    assert.equal(server.store.getRoom('secret-1'), null);
    assert.equal(errorCode(await ada.request('send', { room: 'other', clientId: 'c', text: 'x' })), 'not_found');
  } finally {
    await shutDown(server, ada);
  }
});

it('member_joined goes to the others when a user becomes a member, not on a second connection', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  const grace = await connectAs(server, GRACE);
  const graceTablet = await connectAs(server, GRACE);
  try {
    await join(ada, 'general');
    const ack = await join(grace, 'general');
    assert.deepEqual(ack.members, [
      { user: ADA, online: true },
      { user: GRACE, online: true },
    ]);
    assert.deepEqual(await ada.waitFor('member_joined'), { room: 'general', user: GRACE });

    await join(graceTablet, 'general');
    await join(grace, 'general'); // a rejoin on the same connection
    await Promise.all([ada.flush(), grace.flush(), graceTablet.flush()]);
    assert.equal(ada.received('member_joined').length, 1);
    assert.deepEqual(grace.received('member_joined'), [], "the user's own connections are excluded");
    assert.deepEqual(graceTablet.received('member_joined'), []);
  } finally {
    await shutDown(server, ada, grace, graceTablet);
  }
});

it('a rejoin after a reconnect is not a new membership', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  let grace = await connectAs(server, GRACE);
  try {
    await join(ada, 'general');
    await join(grace, 'general');
    await ada.waitFor('member_joined');
    grace.close();
    await ada.waitFor('presence', (p) => p.online === false);
    grace = await connectAs(server, GRACE);
    const ack = await join(grace, 'general');
    assert.deepEqual(ack.members.map((m) => m.user.id), ['u1', 'u2'], 'membership survived the disconnect');
    await ada.flush();
    assert.equal(ada.received('member_joined').length, 1);
  } finally {
    await shutDown(server, ada, grace);
  }
});

it('leave ends the membership only when no other connection of the user is in the room', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  const grace = await connectAs(server, GRACE);
  const graceTablet = await connectAs(server, GRACE);
  try {
    await join(ada, 'general');
    await join(grace, 'general');
    await join(graceTablet, 'general');

    assert.deepEqual(await grace.request('leave', { room: 'general' }), { ok: true });
    await ada.flush();
    assert.deepEqual(ada.received('member_left'), [], 'the tablet is still in the room');
    assert.equal(errorCode(await grace.request('members', { room: 'general' })), 'not_member');

    // The left connection no longer receives the room's events.
    await ada.request('send', { room: 'general', clientId: 'c1', text: 'after leave' });
    await graceTablet.waitFor('message');
    await grace.flush();
    assert.deepEqual(grace.received('message'), []);

    assert.deepEqual(await graceTablet.request('leave', { room: 'general' }), { ok: true });
    assert.deepEqual(await ada.waitFor('member_left'), { room: 'general', user: GRACE });
    assert.deepEqual(server.store.listMembers('general'), [ADA]);
    await Promise.all([grace.flush(), graceTablet.flush()]);
    assert.deepEqual([...grace.received('member_left'), ...graceTablet.received('member_left')], []);
  } finally {
    await shutDown(server, ada, grace, graceTablet);
  }
});

it('leave of a room not joined on this connection succeeds and still ends the membership', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  let linus = await connectAs(server, LINUS);
  try {
    await join(ada, 'general');
    await join(linus, 'general');
    linus.close();
    linus = await connectAs(server, LINUS);
    assert.deepEqual(await linus.request('leave', { room: 'general' }), { ok: true });
    assert.deepEqual(await ada.waitFor('member_left'), { room: 'general', user: LINUS });
    assert.deepEqual(await linus.request('leave', { room: 'general' }), { ok: true }, 'again: still fine');
    assert.deepEqual(await linus.request('leave', { room: 'nowhere' }), { ok: true });
    for (const payload of [{}, { room: '' }, { room: null }, 'general']) {
      assert.equal(errorCode(await linus.request('leave', payload)), 'bad_request');
    }
    await ada.flush();
    assert.equal(ada.received('member_left').length, 1);
  } finally {
    await shutDown(server, ada, linus);
  }
});
