import assert from 'node:assert/strict';
import { waitFor } from '../../../testkit/waits.mjs';

/** Joins a room; the snapshot says joined, and how the join was confirmed is the capability flag. */
export default {
  id: 'join',
  title: 'Join a room',
  async run(ctx) {
    const alice = await ctx.connected('alice');
    const room = alice.room(ctx.rooms[0]);
    const started = Date.now();
    room.join();
    await waitFor(() => room.getSnapshot().joined, { message: 'joined' });
    assert.equal(room.getSnapshot().state, 'joined');
    assert.deepEqual(alice.errors, []);
    const { joinConfirmation } = alice.client.capabilities;
    return `joined in ${Date.now() - started} ms (confirmed by ${joinConfirmation === 'none' ? 'nothing: sent is joined' : joinConfirmation})`;
  },
};
