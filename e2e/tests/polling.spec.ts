// Long-polling in a real browser: a page told to use only HTTP long-polling
// (`?transports=polling`) chats with a page on a WebSocket, through the
// reference server, which serves both; each sees every message once.
import { expect, test } from '../support/fixtures';

test('a page on HTTP long-polling and a page on a WebSocket exchange messages, each once', async ({ openUser, snap }) => {
  const ada = await openUser('Ada', { transports: 'polling' });
  const grace = await openUser('Grace');
  await expect(ada.page.getByTestId('connection-transport')).toHaveText(/HTTP long-polling/);
  await expect(grace.page.getByTestId('connection-transport')).toHaveText(/WebSocket/);

  await ada.openRoom('general');
  await grace.openRoom('general');
  await ada.send('Sent over polling');
  await grace.send('Sent over a WebSocket');
  for (const user of [ada, grace]) {
    for (const text of ['Sent over polling', 'Sent over a WebSocket']) {
      await expect(user.messagesWithText(text)).toHaveCount(1);
      await expect(user.messagesWithText(text)).toHaveAttribute('data-status', 'sent');
    }
  }
  expect(await ada.messageTexts()).toEqual(await grace.messageTexts());
  await snap('polling and WebSocket', ada, grace);
});
