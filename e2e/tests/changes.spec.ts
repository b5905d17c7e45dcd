// After send: two people edit, delete, react and reply, one of them offline
// for part of it. Each change shows at once where it is made, reaches the
// other page once, and both pages end up showing the same room; the
// server's database holds each reaction once.
import { expect, test } from '../support/fixtures';
import { login, storedMessages } from '../support/history-probe';

test('Ada and Grace edit, delete, react and reply, Grace offline in between; both pages end the same, each reaction stored once', async ({ openUser, server, snap }) => {
  // A long scenario (two pages, an offline spell, a dozen changes): it took
  // 32.8 s once on CI's two busy cores, past the 30 s default.
  test.setTimeout(60_000);
  const ada = await openUser('Ada');
  const grace = await openUser('Grace', { share: 'off' });
  for (const user of [ada, grace]) await user.openRoom('random');

  await ada.send('Helo everyone');
  await ada.send('Oops, wrong room');
  await grace.send('Hi Ada');
  for (const user of [ada, grace]) await expect(user.messagesWithText('Hi Ada')).toHaveCount(1);

  // Online: an edit and two reactions on one message.
  await ada.editMessage('Helo everyone', 'Hello everyone');
  await ada.react('Hi Ada', '👍');
  await grace.react('Hi Ada', '👍');
  for (const user of [ada, grace]) {
    await expect(user.messagesWithText('Hello everyone').getByTestId('message-edited')).toBeVisible();
    await expect(user.reactionChip('Hi Ada', '👍')).toHaveText('👍 2');
    // Each of them reacted: the chip is pressed in both pages.
    await expect(user.reactionChip('Hi Ada', '👍')).toHaveAttribute('aria-pressed', 'true');
  }

  // Grace offline: a reaction and a reply show at once on her page; Ada meanwhile deletes a message.
  await grace.setOffline(true);
  await grace.react('Hello everyone', '🎉');
  await expect(grace.reactionChip('Hello everyone', '🎉')).toHaveText('🎉 1');
  await grace.reply('Hello everyone', 'Replying while offline');
  await expect(grace.messagesWithText('Replying while offline').getByTestId('reply-quote')).toContainText('Hello everyone');
  const deletedId = await ada.deleteMessage('Oops, wrong room');
  await snap('Grace offline: her changes pending; Ada deleted one', ada, grace);

  // Back online: what each missed arrives, what Grace did goes out once.
  await grace.setOffline(false);
  await grace.expectConnected();
  for (const user of [ada, grace]) {
    await expect(user.messageById(deletedId)).toHaveAttribute('data-deleted', 'true');
    await expect(user.reactionChip('Hello everyone', '🎉')).toHaveText('🎉 1');
    await expect(user.messagesWithText('Replying while offline').getByTestId('reply-quote')).toContainText('Hello everyone');
    await expect(user.messagesWithText('Replying while offline')).toHaveAttribute('data-status', 'sent');
  }
  await expect(grace.messages.filter({ has: grace.page.locator('[data-pending-ops]') })).toHaveCount(0);
  await expect.poll(() => ada.roomAsData()).toEqual(await grace.roomAsData());
  await snap('both pages the same', ada, grace);

  // The server's database: each reaction once, the tombstone, the reply's link.
  const [adaId, graceId] = [(await login(server.url, 'Ada')).user.id, (await login(server.url, 'Grace')).user.id];
  const stored = await storedMessages(server.url, 'random');
  const byText = (text: string) => stored.find((message) => message.text === text)!;
  expect(byText('Hi Ada').reactions).toEqual([{ emoji: '👍', users: [adaId, graceId] }]);
  expect(byText('Hello everyone').reactions).toEqual([{ emoji: '🎉', users: [graceId] }]);
  expect(byText('Replying while offline').replyTo?.id).toBe(byText('Hello everyone').id);
  expect(stored.find((message) => message.deleted)?.text).toBe('');
  expect(stored.filter((message) => message.text === 'Replying while offline')).toHaveLength(1);
});
