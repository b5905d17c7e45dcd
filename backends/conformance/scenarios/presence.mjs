import assert from 'node:assert/strict';
import { uniqueText } from '../message-texts.mjs';
import { sleep, waitFor } from '../../../testkit/waits.mjs';
import { sendConfirmed } from '../chat-session.mjs';

const memberOf = (session, roomId, other) =>
  session.room(roomId).getSnapshot().members.find((member) => member.user.id === other.user.id);

/**
 * Who is here. Full: Bob joining, leaving, coming back and disconnecting each show in Alice's
 * member list. Partial: only what the backend reports (joins only; or online / offline per user,
 * learned for a member Alice knows from his messages). Absent: nobody is claimed online, and
 * Bob's coming and going raises nothing.
 */
export default {
  id: 'presence',
  title: 'Presence: join / leave',
  async run(ctx, expected) {
    const roomId = ctx.rooms[0];
    const alice = await ctx.connected('alice', [roomId]);
    const caps = alice.client.capabilities;

    if (expected.level === 'absent') {
      assert.equal(caps.reportsMembers, false);
      assert.equal(caps.operations.includes('members'), false);
      const bob = await ctx.connected('bob', [roomId]);
      await sleep(300);
      assert.notEqual(memberOf(alice, roomId, bob)?.online, true, 'bob is not claimed online');
      bob.client.destroy();
      await sleep(300);
      assert.deepEqual(alice.errors, []);
      return 'no presence: nobody is claimed online';
    }

    if (!caps.reportsMembers) {
      // Online / offline per user (nest-conversations): Alice knows Bob as a member from his message.
      assert.equal(expected.level, 'partial', 'without member events presence is per user, not per room');
      const bob = await ctx.connected('bob', [roomId]);
      await sendConfirmed(bob, roomId, [uniqueText('presence')]);
      await waitFor(() => memberOf(alice, roomId, bob)?.online === true, { message: 'bob online for alice' });
      bob.client.destroy();
      await waitFor(() => memberOf(alice, roomId, bob)?.online === false, { message: 'bob offline after disconnecting' });
      await ctx.connected('bob', [roomId]);
      await waitFor(() => memberOf(alice, roomId, bob)?.online === true, { message: 'bob online again' });
      return 'online → offline → online';
    }

    const bob = await ctx.connected('bob', [roomId]);
    await waitFor(() => memberOf(alice, roomId, bob), { message: 'bob listed after joining' });
    if (expected.level === 'partial') {
      assert.equal(caps.operations.includes('leave'), false);
      return 'joins listed; leaving is not reported';
    }
    bob.room(roomId).leave();
    await waitFor(() => !memberOf(alice, roomId, bob)?.online, { message: 'bob gone after leaving' });
    bob.room(roomId).join();
    await waitFor(() => memberOf(alice, roomId, bob)?.online, { message: 'bob back after joining again' });
    bob.client.destroy();
    await waitFor(() => !memberOf(alice, roomId, bob)?.online, { message: 'bob gone after disconnecting' });
    return 'join → leave → join → disconnect';
  },
};
