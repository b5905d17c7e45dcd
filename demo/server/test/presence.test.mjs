// presence: online from the first connection's open to the last one's close,
// told to the connections that share a room with the user.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ADA, GRACE, LINUS, connectAs, join, shutDown, startServer } from './helpers.mjs';
import { sleep } from '../../../testkit/waits.mjs';

it('announces the first open and the last close of a user with two connections, once each', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  const adaInRandom = await connectAs(server, ADA);
  const linus = await connectAs(server, LINUS);
  let grace = await connectAs(server, GRACE);
  try {
    await Promise.all([join(ada, 'general'), join(ada, 'random'), join(adaInRandom, 'random'), join(linus, 'random')]);
    await join(grace, 'general');
    await join(grace, 'random');
    grace.close();
    const offline = { user: GRACE, online: false };
    assert.deepEqual(await ada.waitFor('presence'), offline);
    assert.deepEqual(await adaInRandom.waitFor('presence'), offline);
    assert.deepEqual(await linus.waitFor('presence'), offline);

    grace = await connectAs(server, GRACE);
    const online = { user: GRACE, online: true };
    assert.deepEqual(await ada.waitFor('presence', (p) => p.online), online, 'before any rejoin: she is a member');
    const graceLaptop = await connectAs(server, GRACE);
    await join(graceLaptop, 'general');
    graceLaptop.close(); // her other connection is still open: nothing to announce
    grace.close();
    await ada.waitForCount('presence', 3);

    await Promise.all([ada.flush(), adaInRandom.flush(), linus.flush()]);
    // Ada's connection is in two of Grace's rooms, and hears each change once.
    assert.deepEqual(ada.received('presence').map((p) => p.online), [false, true, false]);
    assert.deepEqual(adaInRandom.received('presence').map((p) => p.online), [false, true, false]);
    assert.deepEqual(linus.received('presence').map((p) => p.online), [false, true, false]);
    assert.equal(server.protocol.isOnline(GRACE.id), false);
  } finally {
    await shutDown(server, ada, adaInRandom, linus, grace);
  }
});

it('tells only connections in a room where the user is a member', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  const linus = await connectAs(server, LINUS);
  const grace = await connectAs(server, GRACE);
  try {
    await Promise.all([join(ada, 'general'), join(linus, 'random'), join(grace, 'general')]);
    grace.close();
    await ada.waitFor('presence');
    await linus.flush();
    assert.deepEqual(linus.received('presence'), []);
  } finally {
    await shutDown(server, ada, linus, grace);
  }
});

it('reports online in join and members acks as the snapshot', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  const grace = await connectAs(server, GRACE);
  const linus = await connectAs(server, LINUS);
  try {
    await join(grace, 'general');
    await join(linus, 'general');
    grace.close();
    await linus.waitFor('presence', (p) => p.user.id === GRACE.id && !p.online);
    const ack = await join(ada, 'general');
    assert.deepEqual(ack.members, [
      { user: GRACE, online: false },
      { user: LINUS, online: true },
      { user: ADA, online: true },
    ]);
  } finally {
    await shutDown(server, ada, grace, linus);
  }
});

it('with a grace period, a quick reconnect announces nothing and a real leave is announced late', async () => {
  // Long enough for a reconnect on a loaded machine, short enough for the suite.
  const server = await startServer({ limits: { presenceGraceMs: 400 } });
  const ada = await connectAs(server, ADA);
  let grace = await connectAs(server, GRACE);
  try {
    await Promise.all([join(ada, 'general'), join(grace, 'general')]);
    grace.close();
    grace = await connectAs(server, GRACE); // a page reload
    await sleep(500);
    await ada.flush();
    assert.deepEqual(ada.received('presence'), [], 'no flap');

    const closedAt = Date.now();
    grace.close();
    assert.deepEqual(await ada.waitFor('presence'), { user: GRACE, online: false });
    assert.ok(Date.now() - closedAt >= 390, 'after the grace period');
  } finally {
    await shutDown(server, ada, grace);
  }
});
