import assert from 'node:assert/strict';
import { uniqueText } from '../message-texts.mjs';
import { waitFor } from '../../../testkit/waits.mjs';
import { sendConfirmed } from '../chat-session.mjs';

/**
 * Unread counts. Bob has the room joined but not open: Alice's 3 messages make 3 unread (Alice's
 * own never count for her); markRead() clears them; with the room open, new messages are read as
 * they arrive. Where the backend keeps read state, the server learns it: Chatwire's server starts
 * a new session of Bob at 0, nest-conversations' REST count drops back (markAsRead per message).
 * Otherwise the client sends no read request at all.
 */
export default {
  id: 'unread',
  title: 'Unread counts and mark-read',
  async run(ctx, expected) {
    const roomId = ctx.rooms[0];
    const [alice, bob] = await ctx.aliceAndBob(roomId);
    const bobsRoom = bob.room(roomId);
    const baseline = bobsRoom.getSnapshot().unreadCount;
    const restBefore = await ctx.server.restUnread?.(bob.creds, roomId);

    const started = Date.now();
    await sendConfirmed(alice, roomId, [uniqueText('unread 1'), uniqueText('unread 2'), uniqueText('unread 3')]);
    await waitFor(() => bobsRoom.getSnapshot().unreadCount === baseline + 3, { message: `bob's unread at ${baseline + 3}` });
    assert.equal(bob.client.getUnreadTotal(), baseline + 3);
    assert.equal(alice.room(roomId).getSnapshot().unreadCount, 0, 'her own messages are not unread for alice');
    if (restBefore !== undefined) {
      assert.equal(await ctx.server.restUnread(bob.creds, roomId), restBefore + 3, 'the backend counts them too');
    }

    bobsRoom.markRead();
    assert.equal(bobsRoom.getSnapshot().unreadCount, 0, 'cleared at once');
    assert.equal(bob.client.getUnreadTotal(), 0);

    bobsRoom.setActive(true);
    const seen = uniqueText('unread while open');
    await sendConfirmed(alice, roomId, [seen]);
    await waitFor(() => bobsRoom.getSnapshot().messages.some((m) => m.text === seen), { message: 'bob received it' });
    assert.equal(bobsRoom.getSnapshot().unreadCount, 0, 'read as it arrives while the room is open');
    bobsRoom.setActive(false);

    const caps = bob.client.capabilities;
    const readFrames = () => bob.wire.sent.filter((f) => f.at >= started && /read/i.test(f.event)).length;
    if (expected.level === 'full') {
      assert.ok(caps.operations.includes('mark_read'));
      // The receipt for the message read while open was held by the throttle; setActive(false)
      // sent it at once. A second tab opened after it must start at 0. (Destroying Bob in the same
      // tick could still lose it: Socket.IO servers drop packets that arrive with the disconnect.)
      const seenMessage = bobsRoom.getSnapshot().messages.find((m) => m.text === seen);
      await waitFor(() => bob.wire.sent.some((f) => /read/i.test(f.event) && f.payload?.seq === seenMessage.seq), { message: 'the receipt sent on looking away', timeout: 300 });
      const again = await ctx.connected('bob', [roomId]);
      await waitFor(() => again.room(roomId).getSnapshot().messages.some((m) => m.text === seen), { message: 'history in the new session' });
      assert.equal(again.room(roomId).getSnapshot().unreadCount, 0, 'the server kept the read position');
      return `3 unread → markRead → 0; ${readFrames()} receipts; a second tab starts at 0`;
    }
    if (restBefore !== undefined) {
      await waitFor(() => readFrames() >= 4, { message: 'a read request per message' });
      // markAsRead has no answer: poll the REST count until the server has applied them.
      await waitFor(async () => (await ctx.server.restUnread(bob.creds, roomId)) === restBefore, { message: 'the backend\'s REST count back where it was', timeout: 3000 });
      return `3 unread → markRead → 0; REST count ${restBefore + 3} → ${restBefore} (${readFrames()} markAsRead)`;
    }
    assert.equal(caps.operations.includes('mark_read'), false);
    assert.equal(readFrames(), 0, 'no read request where the backend has none');
    return '3 unread → markRead → 0 (client only)';
  },
};
