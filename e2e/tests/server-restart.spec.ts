// The hard case: the server process is KILLED (SIGKILL: no shutdown, no
// goodbye on the sockets) mid-conversation and started again on the same
// port and database. Both pages must notice, reconnect, rejoin, send what
// was written meanwhile, and end with the same conversation: nothing lost,
// nothing doubled, and the same as the server's stored history.
import { expect, test } from '../support/fixtures';
import type { ChatPage } from '../support/chat-page';
import { storedTexts } from '../support/history-probe';

/** Sends `text` and waits until both users show it once (a strict order between senders). */
async function say(author: ChatPage, text: string, everyone: ChatPage[]): Promise<void> {
  await author.send(text);
  for (const user of everyone) await expect(user.messagesWithText(text), `${user.name} shows "${text}"`).toHaveCount(1, { timeout: 10_000 });
}

test('after a SIGKILL and restart of the server, both users reconnect and hold the same history, each message once', async ({ openUser, server, snap }) => {
  // Reconnecting takes the client's backoff (1 s doubling to 8 s, ±50 %): up to ~12 s after a long outage.
  test.setTimeout(60_000);
  const ada = await openUser('Ada');
  const grace = await openUser('Grace');
  const both = [ada, grace];
  await ada.openRoom('general');
  await grace.openRoom('general');

  const before = ['A1 before the crash', 'G1 before the crash', 'A2 before the crash'];
  await say(ada, before[0]!, both);
  await say(grace, before[1]!, both);
  await say(ada, before[2]!, both);

  await server.kill();
  for (const user of both) {
    await expect(user.connectionStatus, `${user.name} notices the server is gone`).toHaveAttribute('data-state', 'reconnecting', { timeout: 10_000 });
  }
  // Written while the server is down: each waits, pending, on its own side.
  const during = { ada: 'A3 while the server is down', grace: 'G2 while the server is down' };
  await ada.send(during.ada);
  await grace.send(during.grace);
  await expect(ada.messagesWithText(during.ada)).toHaveAttribute('data-status', 'pending');
  await expect(grace.messagesWithText(during.grace)).toHaveAttribute('data-status', 'pending');
  await snap('server down', ada, grace);

  await server.start();
  for (const user of both) await user.expectConnected(20_000);
  for (const user of both) {
    for (const text of [during.ada, during.grace]) {
      await expect(user.messagesWithText(text), `${user.name} shows "${text}"`).toHaveCount(1, { timeout: 10_000 });
    }
  }
  await expect(ada.messagesWithText(during.ada)).toHaveAttribute('data-status', 'sent');
  await expect(grace.messagesWithText(during.grace)).toHaveAttribute('data-status', 'sent');

  const after = ['A4 after the restart', 'G3 after the restart'];
  await say(ada, after[0]!, both);
  await say(grace, after[1]!, both);
  await snap('after the restart', ada, grace);

  // The two messages written during the outage may be stored in either order
  // (each client flushes its own queue on reconnect); everything else is fixed.
  const stored = await storedTexts(server.url, 'general');
  expect(stored.slice(0, 3)).toEqual(before);
  expect([...stored.slice(3, 5)].sort()).toEqual([during.ada, during.grace].sort());
  expect(stored.slice(5)).toEqual(after);
  for (const user of both) expect(await user.messageTexts(), `${user.name}'s page = the stored history`).toEqual(stored);
});
