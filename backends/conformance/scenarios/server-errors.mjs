import assert from 'node:assert/strict';
import { sleep, waitFor } from '../../../testkit/waits.mjs';

/** How long the client waits for a send's confirmation here, so a dropped send fails quickly. */
const REQUEST_TIMEOUT_MS = 1500;

/**
 * The backend's error events reach the app as 'error' events (source 'chat') carrying the
 * server's message. The trigger is a join of a room the backend does not have (the adapter's
 * unknownRoom). Where the backend has no error event, a request it drops must not hang: a send
 * over its size limit (the adapter's droppedText) fails by its timeout with a 'send_failed' error.
 */
export default {
  id: 'server-errors',
  title: 'Server errors surfaced',
  async run(ctx, expected) {
    if (expected.level === 'absent') {
      const alice = await ctx.connected('alice', [ctx.rooms[0]], { requestTimeoutMs: REQUEST_TIMEOUT_MS, maxTextLength: 100_000 });
      const room = alice.room(ctx.rooms[0]);
      const clientId = room.send(ctx.server.droppedText);
      const failed = await waitFor(() => room.getSnapshot().messages.find((m) => m.clientId === clientId && m.status === 'failed'), { message: 'the dropped send failed', timeout: REQUEST_TIMEOUT_MS + 2500 });
      const error = await waitFor(() => alice.errors.find((e) => e.code === 'send_failed'), { message: 'a send_failed error' });
      assert.equal(error.source, 'chat');
      assert.equal(error.roomId, ctx.rooms[0]);
      return `no error event; a dropped send fails after its ${REQUEST_TIMEOUT_MS} ms timeout ("${failed.failure}")`;
    }

    const alice = await ctx.connected('alice', [ctx.rooms[0]]);
    const unknown = alice.room(ctx.server.unknownRoom);
    unknown.join();
    const error = await waitFor(() => alice.errors.find((e) => e.source === 'chat'), { message: 'an error event', timeout: 3000 });
    assert.ok(error.message.length > 0);
    if (alice.client.capabilities.joinConfirmation !== 'none') {
      await sleep(100);
      assert.notEqual(unknown.getSnapshot().state, 'joined', 'a refused join is not joined');
    }
    // The connection and the other room are unharmed.
    assert.equal(alice.client.state, 'connected');
    assert.equal(alice.room(ctx.rooms[0]).getSnapshot().joined, true);
    return `${error.code}: "${error.message}"`;
  },
};
