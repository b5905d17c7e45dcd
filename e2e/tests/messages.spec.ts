// Messages both ways: Ada and Grace, each in their own browser context, each
// see the other's messages once, in the same order, and their own as `sent`.
import { expect, test } from '../support/fixtures';

test('Ada and Grace exchange messages; each sees every message exactly once, in order', async ({ openUser, snap }) => {
  const ada = await openUser('Ada');
  const grace = await openUser('Grace');
  await ada.openRoom('general');
  await grace.openRoom('general');

  const conversation: Array<[typeof ada, string]> = [
    [ada, 'Hello Grace, this is Ada.'],
    [grace, 'Hi Ada! Grace here.'],
    [ada, 'Shall we test the chat?'],
    [grace, 'We are doing it right now.'],
  ];
  for (const [author, text] of conversation) {
    await author.send(text);
    // Each waits for the message to land on both sides before the next: a strict order.
    for (const reader of [ada, grace]) await expect(reader.messagesWithText(text)).toHaveCount(1);
    await expect(author.messagesWithText(text)).toHaveAttribute('data-status', 'sent');
  }

  const expected = conversation.map(([, text]) => text);
  for (const reader of [ada, grace]) {
    expect(await reader.messageTexts(), `${reader.name}'s page`).toEqual(expected);
    // Authors are shown by display name.
    await expect(reader.messagesWithText(expected[1]!).getByTestId('message-author')).toHaveText('Grace');
  }
  await snap('after the exchange', ada, grace);
});
