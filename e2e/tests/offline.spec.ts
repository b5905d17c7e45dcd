// Offline: Ada's network "drops" (the page's offline switch closes the socket
// and makes new ones fail, like a dead Wi-Fi). A message she sends meanwhile
// waits as `pending`, goes out once when she is back, and is stored once.
import { expect, test } from '../support/fixtures';
import { storedTexts } from '../support/history-probe';

test('a message sent offline stays pending, is sent on reconnect, and arrives and is stored exactly once', async ({ openUser, server, snap }) => {
  const ada = await openUser('Ada', { share: 'off' });
  const grace = await openUser('Grace');
  await ada.openRoom('general');
  await grace.openRoom('general');
  await ada.send('Before the drop');
  await expect(grace.messagesWithText('Before the drop')).toHaveCount(1);

  await ada.setOffline(true);
  await expect(ada.connectionStatus).not.toHaveAttribute('data-state', 'connected');
  // A retry is scheduled and counted down ("retrying in 3 s").
  await expect(ada.page.getByTestId('reconnect-countdown')).toHaveText(/retrying in \d+ s/);

  const text = 'Sent while offline';
  await ada.send(text);
  const mine = ada.messagesWithText(text);
  await expect(mine).toHaveCount(1);
  await expect(mine).toHaveAttribute('data-status', 'pending');
  await expect(grace.messagesWithText(text)).toHaveCount(0);
  await snap('offline: pending', ada);

  await ada.setOffline(false);
  await ada.expectConnected(10_000);
  await expect(mine).toHaveAttribute('data-status', 'sent', { timeout: 10_000 });
  await expect(ada.page.getByTestId('reconnect-countdown')).toHaveCount(0);
  await expect(grace.messagesWithText(text)).toHaveCount(1);

  // A later message from Ada reaching Grace proves nothing else is in flight:
  // a duplicate of the offline message would have arrived before it.
  await ada.send('After the drop');
  for (const user of [ada, grace]) await expect(user.messagesWithText('After the drop')).toHaveCount(1);
  const expected = ['Before the drop', text, 'After the drop'];
  for (const user of [ada, grace]) expect(await user.messageTexts(), `${user.name}'s page`).toEqual(expected);
  await snap('back online', ada, grace);

  // Stored once on the server, and shown once on a fresh load of the page.
  expect(await storedTexts(server.url, 'general')).toEqual(expected);
  await grace.page.reload();
  await grace.expectConnected();
  await expect(grace.messagesWithText('After the drop')).toHaveCount(1);
  expect(await grace.messageTexts(), "Grace's page after a reload").toEqual(expected);
});
