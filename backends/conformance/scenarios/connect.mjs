import assert from 'node:assert/strict';
import { waitFor } from '../../../testkit/waits.mjs';

/** Connects: idle → connecting → connected, with no error on the way. */
export default {
  id: 'connect',
  title: 'Connect',
  async run(ctx) {
    const alice = await ctx.open('alice');
    const states = [];
    alice.client.on('state', (event) => states.push(event.state));
    const started = Date.now();
    alice.client.connect();
    await waitFor(() => alice.client.state === 'connected', { message: 'alice connected' });
    assert.deepEqual(states, ['connecting', 'connected']);
    assert.deepEqual(alice.errors, []);
    return `connected in ${Date.now() - started} ms`;
  },
};
