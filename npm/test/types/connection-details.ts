// Compiled, never run (test/client/types.test.mjs): the connection methods
// and options as apps use them, and the misuses the types must refuse.
import type { ChatClient, ChatClientOptions } from '../../dist/index.js';

export async function leave(client: ChatClient): Promise<void> {
  client.reconnectNow();
  const closed: Promise<void> = client.disconnect();
  await closed;
  // @ts-expect-error reconnectNow() returns nothing to wait for
  await client.reconnectNow().then(() => {});
}

export const options: Pick<ChatClientOptions, 'auth' | 'disconnectGraceMs'>[] = [
  { auth: async () => ({ token: 'short-lived' }), disconnectGraceMs: 1000 },
  { auth: () => ({ token: 'sync' }), disconnectGraceMs: 0 },
  // @ts-expect-error a grace is a number of milliseconds
  { disconnectGraceMs: '1s' },
];
