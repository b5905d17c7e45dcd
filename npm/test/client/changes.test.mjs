// Edits, deletes, reactions and replies (issue 15) through the built package
// against the real reference server on 127.0.0.1: each shows at once in the
// room of the user who makes it, reaches the other user once, survives a
// dropped connection, and is rolled back with an error when refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ada, bob, connectedClient, nextEvent, serverForFile } from '../support/harness.mjs';
import { waitFor } from '../../../testkit/waits.mjs';

const files = serverForFile();
const open = async (user, rooms) => files.track(await connectedClient(files.server, user, rooms));

/** The message of `room` whose text (or, once deleted, whose id) is given, as `client` shows it. */
const shown = (client, room, match) => client.room(room).getSnapshot().messages.find(match);
const byText = (text) => (message) => message.text === text;

/** Sends `text` from `client` and waits until `others` show it sent; returns its server id. */
async function sent(client, room, text, others = []) {
  const clientId = client.room(room).send(text);
  await waitFor(() => shown(client, room, (m) => m.clientId === clientId)?.status === 'sent', { message: `"${text}" confirmed` });
  for (const other of others) await waitFor(() => shown(other, room, byText(text)), { message: `"${text}" reached the other` });
  return shown(client, room, (m) => m.clientId === clientId).id;
}

test('an edit shows at once, reaches the other user once, and is marked edited', async () => {
  const [a, b] = [await open(ada, ['edits']), await open(bob, ['edits'])];
  const id = await sent(a, 'edits', 'Helo', [b]);
  const opId = a.room('edits').edit(id, 'Hello');
  assert.match(opId, /\S/, 'edit() names the operation');
  const mine = shown(a, 'edits', (m) => m.id === id);
  assert.equal(mine.text, 'Hello', 'shown at once');
  assert.equal(mine.pendingOps, 1, 'pending until the server answers');
  await waitFor(() => shown(a, 'edits', (m) => m.id === id).pendingOps === undefined, { message: 'confirmed' });
  await waitFor(() => shown(b, 'edits', (m) => m.id === id)?.text === 'Hello', { message: 'Bob sees the edit' });
  for (const client of [a, b]) assert.equal(shown(client, 'edits', (m) => m.id === id).edited, true);
  const stored = files.server.store.messagesAfter('edits', 0, 100).find((m) => m.id === id);
  assert.equal(stored.text, 'Hello');
  assert.equal(stored.version, 2, 'applied once');
});

test('reactions are sets: two users, one emoji, mine for each; setting twice changes nothing; removing takes only mine', async () => {
  const [a, b] = [await open(ada, ['reactions']), await open(bob, ['reactions'])];
  const id = await sent(b, 'reactions', 'React to me', [a]);
  a.room('reactions').react(id, '👍', true);
  a.room('reactions').react(id, '👍', true);
  b.room('reactions').react(id, '👍', true);
  const counted = (client, count, mine) => {
    const reactions = shown(client, 'reactions', (m) => m.id === id)?.reactions ?? [];
    return reactions.length === 1 && reactions[0].emoji === '👍' && reactions[0].count === count && reactions[0].mine === mine;
  };
  await waitFor(() => counted(a, 2, true) && counted(b, 2, true), { message: 'both see 👍 ×2, their own among them' });
  a.room('reactions').react(id, '👍', false);
  await waitFor(() => counted(a, 1, false) && counted(b, 1, true), { message: "Ada's reaction is gone, Bob's stays" });
  const stored = files.server.store.messagesAfter('reactions', 0, 100).find((m) => m.id === id);
  assert.deepEqual(stored.reactions.map((r) => [r.emoji, r.users]), [['👍', [bob.id]]], 'the server holds each reaction once');
});

test('a delete leaves a tombstone in both rooms; a reply shows its parent', async () => {
  const [a, b] = [await open(ada, ['deletes']), await open(bob, ['deletes'])];
  const parent = await sent(a, 'deletes', 'The parent', [b]);
  const replyId = b.room('deletes').send('The reply', { replyTo: parent });
  await waitFor(() => shown(a, 'deletes', byText('The reply'))?.replyTo?.id === parent, { message: 'Ada sees the reply with its parent' });
  const preview = shown(a, 'deletes', byText('The reply')).replyTo;
  assert.deepEqual({ ...preview }, { id: parent, author: { id: ada.id, name: ada.name }, excerpt: 'The parent', deleted: false });
  assert.equal(typeof replyId, 'string');

  const doomed = await sent(a, 'deletes', 'Delete me', [b]);
  a.room('deletes').delete(doomed);
  assert.equal(shown(a, 'deletes', (m) => m.id === doomed).deleted, true, 'gone at once');
  await waitFor(() => shown(b, 'deletes', (m) => m.id === doomed)?.deleted === true, { message: 'Bob sees the tombstone' });
  const tombstone = shown(b, 'deletes', (m) => m.id === doomed);
  assert.equal(tombstone.text, '');
  assert.ok(b.room('deletes').getSnapshot().messages.indexOf(tombstone) > 0, 'it keeps its place');
});

test('an edit made while disconnected is shown, sent on reconnect under one opId, and applied once; the other user catches up after being away', async () => {
  const [a, b] = [await open(ada, ['away']), await open(bob, ['away'])];
  const id = await sent(a, 'away', 'Before', [b]);
  b.disconnect();
  a.disconnect();
  a.room('away').edit(id, 'After');
  assert.equal(shown(a, 'away', (m) => m.id === id).text, 'After', 'shown while offline');
  a.connect();
  await waitFor(() => shown(a, 'away', (m) => m.id === id).pendingOps === undefined, { message: 'confirmed after the reconnect' });
  b.connect();
  await waitFor(() => shown(b, 'away', (m) => m.id === id)?.text === 'After', { message: 'Bob, back, sees the edit he missed' });
  assert.equal(files.server.store.messagesAfter('away', 0, 100).find((m) => m.id === id).version, 2, 'applied once');
});

test('a change the server refuses is rolled back and reported with its reason', async () => {
  const a = await open(ada, ['refused']);
  const id = await sent(a, 'refused', 'Two emoji are not one');
  const failed = nextEvent(a, 'error', (error) => error.code === 'change_failed');
  // Two graphemes: the client leaves the grapheme rule to the server.
  const opId = a.room('refused').react(id, '👍👍', true);
  assert.equal(shown(a, 'refused', (m) => m.id === id).reactions?.[0]?.emoji, '👍👍', 'shown at once');
  const error = await failed;
  assert.equal(error.reason, 'invalid_emoji');
  assert.equal(error.opId, opId);
  await waitFor(() => (shown(a, 'refused', (m) => m.id === id).reactions ?? []).length === 0, { message: 'rolled back' });

  // A message this client never held: kept, sent, refused by the server, reported.
  const unknown = nextEvent(a, 'error', (error) => error.code === 'change_failed');
  a.room('refused').edit('m-nowhere', 'text');
  assert.equal((await unknown).reason, 'message_not_found');
  assert.equal(files.server.store.messagesAfter('refused', 0, 100).length, 1, 'nothing else stored');
});
