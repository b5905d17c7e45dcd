// Jumping to a message that is not loaded: a reply in the 10,000-message
// archive quotes a message near its start; a click on the quote shows the
// page around that message (a window apart from the latest messages), and
// "Jump to latest" comes back.
import { expect, test } from '../support/fixtures';
import { sendReplyAs } from '../support/history-probe';

test.use({ seedArchive: true });

test('a reply quoting a message far back: its quote jumps there, and "Jump to latest" comes back', async ({ openUser, server, snap }) => {
  const ada = await openUser('Ada');
  await ada.openRoom('archive');
  await expect(ada.messages.first()).toBeVisible();
  const { parentId } = await sendReplyAs(server.url, 'Grace', 'archive', 'Remember this one?', 5);
  const reply = ada.messagesWithText('Remember this one?');
  await expect(reply.getByTestId('reply-quote')).toContainText('(#5)');
  await expect(ada.messageById(parentId)).toHaveCount(0);

  await reply.getByTestId('reply-quote').click();
  await expect(ada.messageById(parentId)).toBeVisible();
  await expect(ada.messageById(parentId).locator('xpath=..')).toHaveClass(/revealed/);
  await expect(ada.messagesWithText('Remember this one?')).toHaveCount(0);
  await snap('the window around message #5', ada);

  await ada.page.getByTestId('jump-to-latest').click();
  await expect(ada.messagesWithText('Remember this one?')).toBeVisible();
  await expect(ada.messageById(parentId)).toHaveCount(0);
});
