// Typing indicators, unread counts with mark-read, and presence, between
// two clients of a real native-protocol server.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ada, bob, cyd, connectedClient, serverForFile, tokenFor } from '../support/harness.mjs';
import { sleep, waitFor } from '../../../testkit/waits.mjs';

const files = serverForFile();
const { track } = files;

test('typing shows at the other client and clears on stop', async () => {
  const alice = track(await connectedClient(files.server, ada, ['typing']));
  const bobby = track(await connectedClient(files.server, bob, ['typing']));
  alice.room('typing').typing();
  const typing = await waitFor(() => {
    const users = bobby.room('typing').getSnapshot().typingUsers;
    return users.length === 1 ? users : null;
  }, { message: 'Bob sees Ada typing' });
  assert.equal(typing[0].id, ada.id);
  assert.deepEqual(alice.room('typing').getSnapshot().typingUsers, [], 'own typing never shows');
  alice.room('typing').stopTyping();
  await waitFor(() => bobby.room('typing').getSnapshot().typingUsers.length === 0, { message: 'indicator cleared' });
});

test('keystrokes are debounced: a burst sends one start, and idling sends one stop', async () => {
  const alice = track(await connectedClient(files.server, ada, ['debounce'], { typing: { idleMs: 300 } }));
  const bobby = track(await connectedClient(files.server, bob, ['debounce']));
  const seen = [];
  // Ada's connection of this test: the newest of hers.
  const token = tokenFor(ada).token;
  const socket = [...files.server.io.sockets.sockets.values()].filter((s) => s.handshake.auth?.token === token).at(-1);
  socket.onAny((event, payload) => event === 'typing' && seen.push(payload.state));
  for (let i = 0; i < 20; i++) alice.room('debounce').typing();
  await waitFor(() => bobby.room('debounce').getSnapshot().typingUsers.length === 1, { message: 'Bob sees Ada typing' });
  await waitFor(() => bobby.room('debounce').getSnapshot().typingUsers.length === 0, { message: 'the idle stop arrives', timeout: 3000 });
  assert.deepEqual(seen, ['start', 'stop'], '20 keystrokes: one start, one stop');
});

test('unread counts up in a room not on screen and markRead clears it, for the room and the total', async () => {
  const alice = track(await connectedClient(files.server, ada, ['unread-a', 'unread-b']));
  const bobby = track(await connectedClient(files.server, bob, ['unread-a', 'unread-b']));
  let notified = 0;
  alice.subscribe(() => notified++);
  bobby.room('unread-a').send('1');
  bobby.room('unread-a').send('2');
  bobby.room('unread-b').send('3');
  await waitFor(() => alice.getUnreadTotal() === 3, { message: 'three unread in total' });
  assert.equal(alice.room('unread-a').getSnapshot().unreadCount, 2);
  assert.equal(alice.room('unread-b').getSnapshot().unreadCount, 1);
  assert.ok(notified > 0, 'client subscribers hear about the unread total');
  assert.deepEqual(alice.getRooms().map((r) => [r.roomId, r.unreadCount]), [['unread-a', 2], ['unread-b', 1]]);

  alice.room('unread-a').markRead();
  assert.equal(alice.room('unread-a').getSnapshot().unreadCount, 0, 'the cursor moves at once');
  assert.equal(alice.getUnreadTotal(), 1);
  // The receipt reaches Bob, whose messages now show Ada as a reader.
  await waitFor(() => bobby.room('unread-a').getSnapshot().messages.every((m) => m.readBy?.includes(ada.id)), { message: 'read receipts' });
  assert.equal(bobby.room('unread-b').getSnapshot().messages[0].readBy, undefined, 'unread elsewhere: no readers');
});

test('an active room is read as messages arrive; an inactive one is not', async () => {
  const alice = track(await connectedClient(files.server, ada, ['active']));
  const bobby = track(await connectedClient(files.server, bob, ['active']));
  alice.room('active').setActive(true);
  bobby.room('active').send('seen at once');
  await waitFor(() => alice.room('active').getSnapshot().messages.length === 1, { message: 'arrived' });
  assert.equal(alice.room('active').getSnapshot().unreadCount, 0);
  alice.room('active').setActive(false);
  bobby.room('active').send('not seen');
  await waitFor(() => alice.room('active').getSnapshot().unreadCount === 1, { message: 'counted as unread' });
});

test('opening a room names its first unread message for the divider, which stays while it is read', async () => {
  const alice = track(await connectedClient(files.server, ada, ['divider']));
  const bobby = track(await connectedClient(files.server, bob, ['divider']));
  bobby.room('divider').send('first news');
  bobby.room('divider').send('second news');
  await waitFor(() => alice.room('divider').getSnapshot().unreadCount === 2, { message: 'two unread' });
  assert.equal(alice.room('divider').getSnapshot().firstUnreadId, null, 'no divider before the room is opened');

  alice.room('divider').setActive(true);
  const opened = alice.room('divider').getSnapshot();
  assert.equal(opened.unreadCount, 0);
  assert.equal(opened.firstUnreadId, opened.messages.find((m) => m.text === 'first news').id);

  bobby.room('divider').send('third news');
  await waitFor(() => alice.room('divider').getSnapshot().messages.length === 3, { message: 'the third arrived' });
  assert.equal(alice.room('divider').getSnapshot().firstUnreadId, opened.firstUnreadId, 'it does not move while read');
  alice.room('divider').setActive(false);
  alice.room('divider').setActive(true);
  assert.equal(alice.room('divider').getSnapshot().firstUnreadId, null, 'all read: no divider next time');
});

test('presence: a member going offline and coming back shows in the member list', async () => {
  const alice = track(await connectedClient(files.server, ada, ['presence']));
  const cydby = await connectedClient(files.server, cyd, ['presence']);
  const cydOnline = () => alice.room('presence').getSnapshot().members.find((m) => m.user.id === cyd.id)?.online;
  await waitFor(() => cydOnline() === true, { message: 'Cyd online' });
  cydby.destroy();
  await waitFor(() => cydOnline() === false, { message: 'Cyd offline after his client is destroyed' });
  const again = track(await connectedClient(files.server, cyd, ['presence']));
  await waitFor(() => cydOnline() === true, { message: 'Cyd online again' });
  assert.equal(alice.room('presence').getSnapshot().members.filter((m) => m.user.id === cyd.id).length, 1);
  again.room('presence').leave();
  await waitFor(() => alice.room('presence').getSnapshot().members.every((m) => m.user.id !== cyd.id), { message: 'Cyd left' });
  await sleep(0);
});
