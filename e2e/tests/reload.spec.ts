// A reload loses nothing the user wrote: messages written offline are kept
// in IndexedDB, shown again after the reload, and sent once, in order. A
// reload also shows each room's recent messages before the socket connects.
// Where IndexedDB is missing, the chat works in memory and says so once.
import { expect, test } from '../support/fixtures';
import { storedMessages } from '../support/history-probe';
import type { Page } from '@playwright/test';

test('messages written offline survive a reload and are sent exactly once, in order', async ({ openUser, server, snap }) => {
  const ada = await openUser('Ada', { share: 'off' });
  const grace = await openUser('Grace');
  await ada.openRoom('general');
  await grace.openRoom('general');
  await ada.send('Before the drop');
  await expect(grace.messagesWithText('Before the drop')).toHaveCount(1);

  await ada.setOffline(true);
  await expect(ada.connectionStatus).not.toHaveAttribute('data-state', 'connected');
  const offline = ['Written offline, first', 'Written offline, second'] as const;
  for (const text of offline) await ada.send(text);
  for (const text of offline) await expect(ada.messagesWithText(text)).toHaveAttribute('data-status', 'pending');
  await snap('offline: two pending', ada);

  // The reloaded page is still offline (the switch outlives a reload, as an
  // outage does): the messages are back, from IndexedDB, still pending.
  await ada.page.reload();
  await ada.openRoom('general');
  for (const text of offline) await expect(ada.messagesWithText(text)).toHaveAttribute('data-status', 'pending');
  await expect(ada.connectionStatus).not.toHaveAttribute('data-state', 'connected');
  await expect(grace.messagesWithText(offline[0])).toHaveCount(0);
  await snap('reloaded, still offline', ada);

  await ada.setOffline(false);
  await ada.expectConnected(10_000);
  for (const text of offline) {
    await expect(ada.messagesWithText(text)).toHaveCount(1);
    await expect(ada.messagesWithText(text)).toHaveAttribute('data-status', 'sent', { timeout: 10_000 });
    await expect(grace.messagesWithText(text)).toHaveCount(1);
  }
  const expected = ['Before the drop', ...offline];
  for (const user of [ada, grace]) expect(await user.messageTexts(), `${user.name}'s page`).toEqual(expected);
  await snap('after the reload', ada, grace);

  // Stored once each, in the order written, each under its own client id.
  const stored = await storedMessages(server.url, 'general');
  expect(stored.map((message) => message.text)).toEqual(expected);
  expect(new Set(stored.map((message) => message.clientId)).size).toBe(expected.length);

  // Nothing is left to send: a second reload sends nothing again.
  await ada.page.reload();
  await ada.expectConnected();
  await expect(ada.messagesWithText(offline[1])).toHaveCount(1);
  expect((await storedMessages(server.url, 'general')).map((message) => message.text)).toEqual(expected);
});

test('a reload shows the room from this device before the socket connects', async ({ openUser }) => {
  const ada = await openUser('Ada', { share: 'off' });
  const grace = await openUser('Grace');
  await ada.openRoom('general');
  await grace.openRoom('general');
  const said = ['Cached one', 'Cached two', 'Cached three'];
  for (const text of said) await grace.send(text);
  for (const text of said) await expect(ada.messagesWithText(text)).toHaveCount(1);
  // The core writes a changed room about a second later; wait until it is on disk.
  await expect.poll(() => cachedTexts(ada.page, 'general'), { timeout: 10_000 }).toEqual(expect.arrayContaining(said));

  // Reloaded while offline: no socket can connect, yet the room is there, from IndexedDB.
  await ada.setOffline(true);
  await ada.page.reload();
  await ada.openRoom('general');
  for (const text of said) await expect(ada.messagesWithText(text)).toHaveAttribute('data-cached', 'true');
  await expect(ada.connectionStatus).not.toHaveAttribute('data-state', 'connected');

  // Online: the server's history replaces the cached copies, one of each.
  await ada.setOffline(false);
  await ada.expectConnected(10_000);
  for (const text of said) {
    await expect(ada.messagesWithText(text)).toHaveCount(1);
    await expect(ada.messagesWithText(text)).not.toHaveAttribute('data-cached', 'true');
  }
});

test('without IndexedDB the chat works in memory and reports it once', async ({ openUser }) => {
  const ada = await openUser('Ada', { share: 'off' });
  const grace = await openUser('Grace');
  // As in a browser without IndexedDB: it is gone before the page's scripts run.
  await ada.page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
  });
  await ada.page.reload();
  await ada.expectConnected();
  await ada.openRoom('general');
  await grace.openRoom('general');
  await ada.send('Still here');
  await expect(grace.messagesWithText('Still here')).toHaveCount(1);
  await expect(ada.messagesWithText('Still here')).toHaveAttribute('data-status', 'sent');

  const storageErrors = ada.page.getByTestId('timeline-entry').filter({ hasText: 'storage: storage_unavailable' });
  await expect(storageErrors).toHaveCount(1);
});

/** The texts IndexedDB keeps for `roomId` in the page's origin (any user), read in the page. */
function cachedTexts(page: Page, roomId: string): Promise<string[]> {
  return page.evaluate(async (room) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('chatwire');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    try {
      if (!db.objectStoreNames.contains('history')) return [];
      const values = await new Promise<{ room: string; messages: { text: string }[] }[]>((resolve, reject) => {
        const request = db.transaction('history').objectStore('history').getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      return values.filter((value) => value.room === room).flatMap((value) => value.messages.map((message) => message.text));
    } finally {
      db.close();
    }
  }, roomId);
}
