import assert from 'node:assert/strict';
import { copiesOf, uniqueText } from '../message-texts.mjs';
import { sleep, waitFor } from '../../../testkit/waits.mjs';
import { sendConfirmed } from '../chat-session.mjs';

/**
 * A later joiner sees what was said before: once each, in order.
 * - full: pushed or fetched on join, and older pages load with loadOlder() without repeats;
 * - partial: a window on join (the backend's last N), and loadOlder() is refused as 'unsupported';
 * - absent (history only over the backend's REST API): the room joins empty without waiting for
 *   history, loadOlder() is refused, and the REST API does have the messages.
 */
export default {
  id: 'history',
  title: 'History on join',
  async run(ctx, expected) {
    const roomId = ctx.rooms[0];
    const alice = await ctx.connected('alice', [roomId]);
    const texts = [uniqueText('history 1'), uniqueText('history 2'), uniqueText('history 3')];
    await sendConfirmed(alice, roomId, texts);

    const bob = await ctx.connected('bob');
    const room = bob.room(roomId);
    room.join();
    await waitFor(() => room.getSnapshot().joined, { message: 'bob joined' });
    const caps = bob.client.capabilities;

    if (expected.level === 'absent') {
      await sleep(300);
      for (const text of texts) assert.equal(copiesOf(bob, roomId, text).length, 0);
      assert.equal(caps.operations.includes('history'), false);
      assert.equal(caps.historyAfterJoin, false);
      await assert.rejects(async () => room.loadOlder(), { code: 'unsupported' });
      const overRest = await ctx.server.restHistory(bob.creds, roomId);
      for (const text of texts) assert.equal(overRest.filter((t) => t === text).length, 1, `REST has "${text}" once`);
      return 'socket: none (loadOlder → unsupported); REST has all 3';
    }

    if (expected.level === 'partial') {
      await waitFor(() => texts.every((text) => copiesOf(bob, roomId, text).length === 1), { message: 'the 3 messages in bob\'s history' });
      await assert.rejects(async () => room.loadOlder(), { code: 'unsupported' });
      assertOrder(bob, roomId, texts);
      return 'the 3 on join; loadOlder → unsupported';
    }

    // Full: the newest page on join (all 3 here), and loadOlder() pages back without repeating any.
    await waitFor(() => texts.every((text) => copiesOf(bob, roomId, text).length === 1), { message: 'the 3 messages on join' });
    const added = await room.loadOlder();
    assert.ok(Number.isInteger(added) && added >= 0, `loadOlder resolved with ${added}`);
    for (const text of texts) assert.equal(copiesOf(bob, roomId, text).length, 1, 'paging repeats nothing');
    assertOrder(bob, roomId, texts);
    return `the 3 on join; loadOlder() added ${added} older`;
  },
};

function assertOrder(session, roomId, texts) {
  const shown = session.room(roomId).getSnapshot().messages.map((m) => m.text).filter((t) => texts.includes(t));
  assert.deepEqual(shown, texts);
}
