// react: a set per (message, emoji, user), never a toggle; the emoji rules,
// the limit of 20 distinct emoji, and concurrent reactions.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ADA, GRACE, connectAs, errorCode, join, shutDown, startServer } from './helpers.mjs';

/** Ada and Grace in `general`, a message of Ada's, and `react` with fresh opIds. */
async function setUp(server) {
  const ada = await connectAs(server, ADA);
  const grace = await connectAs(server, GRACE);
  await Promise.all([join(ada, 'general'), join(grace, 'general')]);
  const { message } = await ada.request('send', { room: 'general', clientId: 'c1', text: 'Hello' });
  let op = 0;
  const react = (client, emoji, on, opId = `r${++op}`) => client.request('react', { room: 'general', id: message.id, emoji, on, opId });
  return { ada, grace, message, react };
}

it('on sets, off removes; each change is a version and a message_updated to the room', async () => {
  const server = await startServer();
  const { ada, grace, message, react } = await setUp(server);
  try {
    const first = await react(grace, '👍', true);
    const expected = { ...message, version: 2, rev: 2, reactions: [{ emoji: '👍', users: [GRACE.id] }] };
    assert.deepEqual(first, { ok: true, message: expected });
    for (const client of [ada, grace]) assert.deepEqual(await client.waitFor('message_updated'), expected);

    await react(ada, '👍', true);
    await react(ada, '🎉', true);
    const off = await react(grace, '👍', false);
    assert.deepEqual(off.message.reactions, [
      { emoji: '👍', users: [ADA.id] },
      { emoji: '🎉', users: [ADA.id] },
    ]);
    assert.equal(off.message.version, 5);
    await grace.flush();
    assert.deepEqual(grace.received('message_updated').map((m) => m.version), [2, 3, 4, 5]);
  } finally {
    await shutDown(server, ada, grace);
  }
});

it('on twice is one reaction, off when absent is nothing: successes without version or broadcast', async () => {
  const server = await startServer();
  const { ada, grace, react } = await setUp(server);
  try {
    const set = await react(grace, '👍', true);
    assert.deepEqual(await react(grace, '👍', true), set);
    assert.deepEqual(await react(grace, '❤️', false), set);
    assert.deepEqual(await react(ada, '👍', false), set, "removing what only someone else set");
    await Promise.all([ada.flush(), grace.flush()]);
    assert.equal(ada.received('message_updated').length, 1);
    assert.equal(grace.received('message_updated').length, 1);
    // The no-op's opId is kept: its late retry cannot set again what was removed since.
    await react(grace, '❤️', false, 'noop');
    await react(grace, '👍', false);
    assert.deepEqual((await react(grace, '❤️', true, 'noop')).message.reactions, []);
  } finally {
    await shutDown(server, ada, grace);
  }
});

it('invalid_emoji: not exactly one grapheme, or over 32 bytes', async () => {
  const server = await startServer();
  const { ada, grace, react } = await setUp(server);
  try {
    for (const emoji of ['👍'.repeat(200), '👍👎', 'ok', '', '\ud83d', '👨‍👩‍👧‍👦‍👦‍👦']) {
      assert.equal(errorCode(await react(grace, emoji, true)), 'invalid_emoji', JSON.stringify(emoji));
      assert.equal(errorCode(await react(grace, emoji, false)), 'invalid_emoji', `off ${JSON.stringify(emoji)}`);
    }
    for (const emoji of ['👍🏽', '🇫🇷', '👨‍👩‍👧‍👦', '❤️', '+']) {
      assert.equal((await react(grace, emoji, true)).ok, true, JSON.stringify(emoji));
    }
  } finally {
    await shutDown(server, ada, grace);
  }
});

it('too_many_reactions: the 21st distinct emoji; the 20 present stay usable', async () => {
  const server = await startServer();
  const { ada, grace, react } = await setUp(server);
  try {
    // 20 distinct emoji: 😀 (U+1F600) to 😓 (U+1F613).
    const emoji = Array.from({ length: 21 }, (_, i) => String.fromCodePoint(0x1f600 + i));
    for (const e of emoji.slice(0, 20)) assert.equal((await react(ada, e, true)).ok, true);
    assert.equal(errorCode(await react(grace, emoji[20], true)), 'too_many_reactions');
    assert.equal((await react(grace, emoji[0], true)).message.reactions[0].users.length, 2, 'an emoji already there');
    assert.equal((await react(grace, emoji[20], false)).ok, true, 'removing is never too many');
    // Once an emoji has no user left, there is room for another.
    await react(ada, emoji[5], false);
    const { message } = await react(grace, emoji[20], true);
    assert.equal(message.reactions.length, 20);
    assert.equal(message.reactions.at(-1).emoji, emoji[20]);
  } finally {
    await shutDown(server, ada, grace);
  }
});

it('gone on a deleted message, before the emoji rules', async () => {
  const server = await startServer();
  const { ada, grace, message, react } = await setUp(server);
  try {
    await ada.request('delete', { room: 'general', id: message.id, opId: 'd' });
    assert.equal(errorCode(await react(grace, '👍', true)), 'gone');
    assert.equal(errorCode(await react(grace, '👍', false)), 'gone');
    assert.equal(errorCode(await react(grace, 'not one', true)), 'gone');
  } finally {
    await shutDown(server, ada, grace);
  }
});

it('react checks in the documented order', async () => {
  const server = await startServer({ limits: { send: { burst: 1, perSecond: 0.001 } } });
  const { ada, grace, message, react } = await setUp(server);
  try {
    const request = (fields) =>
      grace.request('react', { room: 'general', id: message.id, emoji: '👍', on: true, opId: 'x', ...fields }).then(errorCode);
    assert.equal(await request({ on: 'yes' }), 'bad_request');
    assert.equal(await request({ room: 'nowhere' }), 'not_found');
    assert.equal(await request({ room: 'random' }), 'not_member');
    assert.equal(await request({ id: 'm-999', emoji: 'not one' }), 'message_not_found', 'the target before the emoji');
    assert.equal(await request({ emoji: 'not one' }), 'invalid_emoji');
    assert.equal((await react(grace, '👍', true)).ok, true); // Grace's only token
    assert.equal(await request({ emoji: 'not one' }), 'invalid_emoji', 'the emoji rules before rate_limited');
    assert.equal(await request({ emoji: '❤️' }), 'rate_limited');
  } finally {
    await shutDown(server, ada, grace);
  }
});

it('concurrent reactions of two users: both kept, each a version of its own, each broadcast once', async () => {
  const server = await startServer();
  const { ada, grace, react } = await setUp(server);
  try {
    const acks = await Promise.all(
      Array.from({ length: 10 }, (_, i) => react(i % 2 ? ada : grace, i < 6 ? '👍' : '❤️', true)),
    );
    assert.ok(acks.every((ack) => ack.ok));
    const versions = acks.map((ack) => ack.message.version).sort((a, b) => a - b);
    // 👍 by both, ❤️ by both: four changes; the other six were already set.
    assert.equal(new Set(versions).size, 4);
    assert.equal(Math.max(...versions), 5);
    await grace.flush();
    const updates = grace.received('message_updated');
    assert.deepEqual(updates.map((m) => m.version), [2, 3, 4, 5], 'in order, once each');
    const last = updates.at(-1).reactions;
    assert.deepEqual(last.map((r) => [r.emoji, [...r.users].sort()]), [
      ['👍', [ADA.id, GRACE.id]],
      ['❤️', [ADA.id, GRACE.id]],
    ]);
  } finally {
    await shutDown(server, ada, grace);
  }
});
