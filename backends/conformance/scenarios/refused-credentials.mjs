import assert from 'node:assert/strict';
import { waitFor, sleep } from '../../../testkit/waits.mjs';

/** The same credentials with every secret replaced: a forged token, a forged cookie. */
function forge(creds) {
  const forgeValues = (object) => Object.fromEntries(Object.entries(object ?? {}).map(([key, value]) => [key, typeof value === 'string' ? 'forged' : value]));
  const headers = Object.fromEntries(Object.entries(creds.headers ?? {}).map(([key, value]) => {
    if (key.toLowerCase() === 'cookie') return [key, value.replace(/=([^;]*)/g, '=forged')];
    if (key.toLowerCase() === 'authorization') return [key, 'Bearer forged'];
    return [key, value];
  }));
  return { user: creds.user, auth: creds.auth && forgeValues(creds.auth), query: creds.query && forgeValues(creds.query), headers };
}

/**
 * Refused credentials end in the 'failed' state with a 'connect_rejected' error, not a retry loop.
 * Where the backend has no sign-in at all, the scenario shows that the client connects with any
 * identity (the seed trusts the name it is given) and raises nothing.
 */
export default {
  id: 'refused-credentials',
  title: 'Refused credentials',
  async run(ctx, expected) {
    const real = await ctx.credentials('alice');
    const mallory = await ctx.open('alice', { credentials: forge(real) });
    mallory.client.connect();
    if (expected.level === 'absent') {
      await waitFor(() => mallory.client.state === 'connected', { message: 'connected without credentials' });
      await sleep(200);
      assert.deepEqual(mallory.errors, []);
      return 'no sign-in: any name connects';
    }
    const error = await waitFor(() => mallory.errors[0], { message: 'an error for forged credentials' });
    await waitFor(() => mallory.client.state === 'failed', { message: 'state failed' });
    assert.equal(error.source, 'connection');
    assert.equal(error.code, 'connect_rejected');
    assert.equal(mallory.client.getConnection().error?.code, 'connect_rejected');
    await sleep(500);
    assert.equal(mallory.client.state, 'failed', 'no reconnection loop with refused credentials');
    return `failed: "${error.message}"`;
  },
};
