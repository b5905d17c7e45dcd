// Catching up with changes after a reconnect: the room rev in join acks,
// join with since and sinceRev, and `changes` paging.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ADA, GRACE, connectAs, errorCode, join, sendMany, shutDown, startServer } from './helpers.mjs';

it('join with since and sinceRev returns the changes missed among the messages held', async () => {
  const server = await startServer();
  let ada = await connectAs(server, ADA);
  let grace = await connectAs(server, GRACE);
  try {
    await Promise.all([join(ada, 'general'), join(grace, 'general')]);
    const sent = await sendMany(grace, 'general', 4);
    await grace.request('edit', { room: 'general', id: sent[0].id, text: 'seen edit', opId: 'e0' });
    const seen = await join(ada, 'general');
    assert.deepEqual([seen.lastSeq, seen.rev], [4, 5]);
    ada.close();

    // While Ada is away: changes to messages she holds, and new messages.
    await grace.request('edit', { room: 'general', id: sent[1].id, text: 'edited', opId: 'e1' });
    await grace.request('react', { room: 'general', id: sent[3].id, emoji: '👍', on: true, opId: 'r1' });
    await grace.request('delete', { room: 'general', id: sent[2].id, opId: 'd1' });
    const [fifth] = await sendMany(grace, 'general', 1, 'new');
    await grace.request('edit', { room: 'general', id: fifth.id, text: 'new, edited', opId: 'e2' });
    await server.restart();

    ada = await connectAs(server, ADA);
    const ack = await join(ada, 'general', { since: seen.lastSeq, sinceRev: seen.rev });
    assert.deepEqual(ack.changes.map((m) => [m.seq, m.rev, m.version]), [[2, 6, 2], [4, 7, 2], [3, 8, 2]], 'seq <= since, by rev');
    assert.equal(ack.changesMore, false);
    assert.deepEqual([ack.changes[0].text, ack.changes[1].reactions, ack.changes[2].deleted], ['edited', [{ emoji: '👍', users: [GRACE.id] }], true]);
    assert.deepEqual(ack.messages.map((m) => [m.seq, m.text]), [[5, 'new, edited']], 'the page after since, as it is now');
    assert.equal(ack.rev, 10);
    assert.deepEqual(Object.keys(ack), ['ok', 'room', 'members', 'messages', 'hasMore', 'readSeq', 'lastSeq', 'rev', 'changes', 'changesMore']);

    const caughtUp = await join(ada, 'general', { since: ack.lastSeq, sinceRev: ack.rev });
    assert.deepEqual([caughtUp.changes, caughtUp.changesMore, caughtUp.messages], [[], false, []]);
    // Without since, sinceRev alone asks for nothing more than the rev.
    const plain = await join(ada, 'general', { sinceRev: 0 });
    assert.equal('changes' in plain, false);
    assert.equal(plain.rev, 10);
    grace.close();
    grace = null;
  } finally {
    await shutDown(server, ada, grace);
  }
});

it('over 100 changes: changesMore, then `changes` from the last rev until hasMore is false', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  const grace = await connectAs(server, GRACE);
  try {
    await join(grace, 'general');
    const sent = await sendMany(grace, 'general', 150);
    for (const [i, message] of sent.entries()) {
      await grace.request('react', { room: 'general', id: message.id, emoji: '👍', on: true, opId: `r${i}` });
    }
    const ack = await join(ada, 'general', { since: 150, sinceRev: 150 });
    assert.deepEqual([ack.changes.length, ack.changesMore, ack.rev], [100, true, 300]);
    const received = [...ack.changes];
    let hasMore = true;
    while (hasMore) {
      const page = await ada.request('changes', { room: 'general', afterRev: received.at(-1).rev, limit: 30 });
      assert.equal(page.rev, 300);
      assert.ok(page.messages.length <= 30);
      received.push(...page.messages);
      hasMore = page.hasMore;
    }
    assert.deepEqual(received.map((m) => m.seq), sent.map((m) => m.seq));
    assert.ok(received.every((m) => m.reactions.length === 1 && m.version === 2));

    // `changes` covers every seq, new messages included, in rev order.
    await grace.request('edit', { room: 'general', id: sent[0].id, text: 'edited', opId: 'e' });
    await sendMany(grace, 'general', 1, 'later');
    const tail = await ada.request('changes', { room: 'general', afterRev: 299 });
    assert.deepEqual(tail.messages.map((m) => [m.seq, m.rev]), [[150, 300], [1, 301], [151, 302]]);
    assert.deepEqual([tail.hasMore, tail.rev], [false, 302]);
    assert.deepEqual(Object.keys(tail), ['ok', 'messages', 'hasMore', 'rev']);
    assert.deepEqual((await ada.request('changes', { room: 'general', afterRev: 302 })).messages, []);
  } finally {
    await shutDown(server, ada, grace);
  }
});

it('changes: bad_request, not_found, then not_member', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  try {
    const changes = (payload) => ada.request('changes', payload).then(errorCode);
    assert.equal(await changes({ room: 'general' }), 'bad_request');
    assert.equal(await changes({ room: 'general', afterRev: 0, limit: 101 }), 'bad_request');
    assert.equal(await changes({ room: 'nowhere', afterRev: 0 }), 'not_found');
    assert.equal(await changes({ room: 'general', afterRev: 0 }), 'not_member');
  } finally {
    await shutDown(server, ada);
  }
});

it('the join ack keeps within the frame when both pages are full of large messages', async () => {
  const server = await startServer();
  const ada = await connectAs(server, ADA);
  try {
    await join(ada, 'general');
    // Control characters are escaped as \u00XX: 24000 bytes a message in the frame.
    const big = '\u0001'.repeat(4000);
    const posted = [];
    for (let i = 0; i < 120; i++) posted.push(await server.protocol.postMessage({ room: 'general', author: GRACE, text: big }));
    for (const { id } of posted.slice(0, 60)) {
      await ada.request('react', { room: 'general', id, emoji: '👍', on: true, opId: id });
    }
    const ack = await join(ada, 'general', { since: 60, sinceRev: 60 });
    const frame = Buffer.byteLength(`43${Number.MAX_SAFE_INTEGER}${JSON.stringify([ack])}`);
    assert.ok(frame <= 1_000_000, `${frame} bytes`);
    assert.ok(ack.changes.length > 0 && ack.changesMore, `${ack.changes.length} changes`);
    assert.ok(ack.messages.length > 0 && ack.hasMore, `${ack.messages.length} messages`);
  } finally {
    await shutDown(server, ada);
  }
});
