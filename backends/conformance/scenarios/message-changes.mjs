import assert from 'node:assert/strict';
import { ChatwireError } from 'chatwire';
import { copiesOf, uniqueText } from '../message-texts.mjs';
import { sleep, waitFor } from '../../../testkit/waits.mjs';
import { sendConfirmed } from '../chat-session.mjs';

// Issue 15's changes of messages: edits, deletes, reactions, replies, and catching up the changes
// missed while away. Each scenario starts from a message of Alice's that Alice and Bob both show.
// Where the backend lacks the operation (every seed backend), what the SDK promises instead is
// checked: the capability flag says so, and the call throws 'unsupported' and changes nothing.

/** Gives a change sent twice, or a stray copy, the time to show before counting. */
const SETTLE_MS = 200;
const EMOJI = '👍';

const byId = (session, roomId, id) => session.room(roomId).getSnapshot().messages.find((m) => m.id === id);

/** Waits until the server confirmed every change `session` made to message `id`. */
const confirmed = (session, roomId, id) =>
  waitFor(() => byId(session, roomId, id)?.pendingOps === undefined, { message: `${session.name}'s changes confirmed` });

/** After SETTLE_MS, runs `check` on Alice's side and on Bob's. */
async function onBothSides({ alice, bob }, check) {
  await sleep(SETTLE_MS);
  for (const session of [alice, bob]) check(session);
}

/**
 * The backend lacks the operation: `attempt` throws 'unsupported', and nothing changes: neither
 * side's messages, no frame sent, no error event.
 */
async function assertUnsupported(conversation, attempt) {
  const sides = [conversation.alice, conversation.bob];
  const state = (s) => ({ messages: JSON.stringify(s.room(conversation.roomId).getSnapshot().messages), frames: s.wire.sent.length, errors: s.errors.length });
  const before = sides.map(state);
  assert.throws(() => attempt(conversation), (error) => error instanceof ChatwireError && error.code === 'unsupported');
  await sleep(SETTLE_MS);
  sides.forEach((s, i) => assert.deepEqual(state(s), before[i], `${s.name}: nothing changed`));
}

/**
 * A scenario of one operation, from a message both sides show. The flag (`has(capabilities)`)
 * must be true exactly where the operation is expected ('full'), so a backend doing more or less
 * fails. Expected 'full': `full(conversation)` checks the behaviour; 'absent': `attempt` must be
 * refused without effect (assertUnsupported).
 */
function changeScenario({ id, title, flag, has, attempt, full }) {
  return {
    id,
    title,
    async run(ctx, expected) {
      const roomId = ctx.rooms[0];
      const [alice, bob] = await ctx.aliceAndBob(roomId);
      const text = uniqueText(`${id} target`);
      await sendConfirmed(alice, roomId, [text]);
      await waitFor(() => copiesOf(bob, roomId, text).length === 1, { message: 'bob shows the message' });
      const conversation = { roomId, alice, bob, text, id: copiesOf(alice, roomId, text)[0].id };
      assert.equal(has(alice.client.capabilities), expected.level === 'full', `${flag} exactly where the backend has the operation`);
      if (expected.level === 'full') return full(conversation);
      await assertUnsupported(conversation, attempt);
      return `${flag} is false; the call throws unsupported and changes nothing`;
    },
  };
}

/** The capability flag of an operation listed in `capabilities.operations`, and how to read it. */
const operationFlag = (name) => ({ flag: `capabilities.operations.includes('${name}')`, has: (caps) => caps.operations.includes(name) });
/** A boolean capability flag, and how to read it. */
const booleanFlag = (name) => ({ flag: `capabilities.${name}`, has: (caps) => caps[name] === true });

const attemptEdit = ({ roomId, alice, id }) => alice.room(roomId).edit(id, uniqueText('never shown'));

/** Alice's edit went over the wire once, and both sides show its text once, marked edited. */
async function assertEdited(conversation, newText) {
  const { roomId, alice, text, id } = conversation;
  assert.equal(alice.wire.sentCarrying(newText).length, 1, 'one edit frame');
  await onBothSides(conversation, (s) => {
    assert.equal(copiesOf(s, roomId, newText).length, 1, `${s.name}: the new text once`);
    assert.equal(copiesOf(s, roomId, text).length, 0, `${s.name}: the old text gone`);
    assert.equal(byId(s, roomId, id).edited, true, `${s.name}: marked edited`);
  });
}

export const editScenario = changeScenario({
  id: 'edit',
  title: 'Edit: the other side sees it once, marked edited',
  ...operationFlag('edit'),
  attempt: attemptEdit,
  async full(conversation) {
    const { roomId, alice, bob, id } = conversation;
    const newText = uniqueText('edited');
    const started = Date.now();
    alice.room(roomId).edit(id, newText);
    assert.equal(byId(alice, roomId, id).text, newText, 'shown at once');
    await waitFor(() => byId(bob, roomId, id)?.text === newText, { message: 'bob sees the edit' });
    const latency = Date.now() - started;
    await confirmed(alice, roomId, id);
    await assertEdited(conversation, newText);
    return `bob saw it in ${latency} ms; 1 copy, marked edited, 1 frame`;
  },
});

export const deleteScenario = changeScenario({
  id: 'delete',
  title: 'Delete: a tombstone on both sides',
  ...operationFlag('delete'),
  attempt: ({ roomId, alice, id }) => alice.room(roomId).delete(id),
  async full(conversation) {
    const { roomId, alice, bob, text, id } = conversation;
    const place = (s) => s.room(roomId).getSnapshot().messages.indexOf(byId(s, roomId, id));
    const places = new Map([alice, bob].map((s) => [s, place(s)]));
    alice.room(roomId).delete(id);
    assert.equal(byId(alice, roomId, id).deleted, true, 'shown at once');
    await waitFor(() => byId(bob, roomId, id)?.deleted === true, { message: 'bob sees the tombstone' });
    await confirmed(alice, roomId, id);
    await onBothSides(conversation, (s) => {
      assert.equal(byId(s, roomId, id).text, '', `${s.name}: no text left`);
      assert.equal(copiesOf(s, roomId, text).length, 0);
      assert.equal(place(s), places.get(s), `${s.name}: the tombstone keeps its place`);
    });
    return 'a tombstone (deleted, no text) in place on both sides';
  },
});

export const reactionsScenario = changeScenario({
  id: 'reactions',
  title: 'Reactions: one emoji from two users',
  ...operationFlag('react'),
  attempt: ({ roomId, bob, id }) => bob.room(roomId).react(id, EMOJI, true),
  async full(conversation) {
    const { roomId, alice, bob, id } = conversation;
    const shows = (s, count, mine) => {
      const reactions = byId(s, roomId, id)?.reactions ?? [];
      return reactions.length === 1 && reactions[0].emoji === EMOJI && reactions[0].count === count && reactions[0].mine === mine;
    };
    alice.room(roomId).react(id, EMOJI, true);
    alice.room(roomId).react(id, EMOJI, true);  // setting is not toggling: still one
    await waitFor(() => shows(alice, 1, true) && shows(bob, 1, false), { message: `${EMOJI} ×1, mine for alice only` });
    bob.room(roomId).react(id, EMOJI, true);
    await waitFor(() => shows(alice, 2, true) && shows(bob, 2, true), { message: `${EMOJI} ×2, mine for both` });
    for (const s of [alice, bob]) await confirmed(s, roomId, id);
    await onBothSides(conversation, (s) => assert.ok(shows(s, 2, true), `${s.name}: ${EMOJI} ×2, mine`));
    return `alice set ${EMOJI} twice → ×1 (mine: alice only); bob set it → ×2, mine for each`;
  },
});

export const replyScenario = changeScenario({
  id: 'reply',
  title: 'Reply: the preview names its parent',
  ...booleanFlag('replies'),
  attempt: ({ roomId, bob, id }) => bob.room(roomId).send(uniqueText('never shown'), { replyTo: id }),
  async full(conversation) {
    const { roomId, alice, bob, text, id } = conversation;
    const replyText = uniqueText('reply');
    bob.room(roomId).send(replyText, { replyTo: id });
    await waitFor(() => copiesOf(alice, roomId, replyText)[0]?.replyTo, { message: 'alice shows the reply and its preview' });
    await waitFor(() => copiesOf(bob, roomId, replyText)[0]?.status === 'sent', { message: 'bob\'s reply sent' });
    await onBothSides(conversation, (s) => {
      const replies = copiesOf(s, roomId, replyText);
      assert.equal(replies.length, 1, `${s.name}: the reply once`);
      assert.deepEqual({ ...replies[0].replyTo, author: { ...replies[0].replyTo.author } },
        { id, author: alice.user, excerpt: text, deleted: false }, `${s.name}: the preview`);
    });
    return 'both show the reply once, its preview naming the parent (id, author, excerpt)';
  },
});

export const catchUpScenario = changeScenario({
  id: 'catch-up',
  title: 'Catch up an edit made while away',
  ...booleanFlag('changesSince'),
  attempt: attemptEdit,
  async full(conversation) {
    const { roomId, alice, bob, text, id } = conversation;
    bob.client.disconnect();
    await waitFor(() => bob.client.state === 'disconnected', { message: 'bob is away' });
    const newText = uniqueText('edited while bob was away');
    alice.room(roomId).edit(id, newText);
    await confirmed(alice, roomId, id);
    assert.equal(byId(bob, roomId, id).text, text, 'bob, away, still shows the old text');

    const back = Date.now();
    bob.client.connect();
    await waitFor(() => byId(bob, roomId, id)?.text === newText, { message: 'bob, back, sees the edit he missed', timeout: 10_000 });
    const caughtUp = Date.now() - back;
    // A rejoin that resumes (since, sinceRev) gets the edit among the join's changes, not in a page.
    const rejoin = bob.wire.sent.find((frame) => frame.at >= back && frame.event === 'join');
    assert.ok(Number.isInteger(rejoin?.payload?.since) && Number.isInteger(rejoin.payload.sinceRev), `resumed: ${JSON.stringify(rejoin?.payload)}`);
    await assertEdited(conversation, newText);
    return `after reconnecting, bob had the edit in ${caughtUp} ms (rejoin since ${rejoin.payload.since}, sinceRev ${rejoin.payload.sinceRev})`;
  },
});
