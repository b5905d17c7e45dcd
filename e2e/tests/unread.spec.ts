// Unread badges: a room Grace is not looking at counts Ada's new messages;
// opening it reads them and the badge goes.
import { expect, test } from '../support/fixtures';

test('the unread badge of a room Grace is not viewing counts up, and clears when she opens it', async ({ openUser, snap }) => {
  const ada = await openUser('Ada');
  const grace = await openUser('Grace');
  await grace.openRoom('general');
  await ada.openRoom('random');
  await expect(grace.unreadBadge('random')).toHaveCount(0);

  for (let count = 1; count <= 3; count++) {
    await ada.send(`News number ${count} in #random`);
    await expect(grace.unreadBadge('random')).toHaveText(String(count));
  }
  // Only the room with news has a badge; Ada's own messages never count for her.
  await expect(grace.unreadBadge('general')).toHaveCount(0);
  await expect(ada.unreadBadge('random')).toHaveCount(0);
  await snap('three unread in #random', grace);

  await grace.openRoom('random');
  await expect(grace.messagesWithText('News number 3 in #random')).toHaveCount(1);
  await expect(grace.unreadBadge('random')).toHaveCount(0);

  // While she is in the room, new messages do not count as unread.
  await ada.send('One more while you are here');
  await expect(grace.messagesWithText('One more while you are here')).toHaveCount(1);
  await expect(grace.unreadBadge('random')).toHaveCount(0);
  await snap('badge cleared', grace);

  // The read state is stored on the server: after a reload #random is still
  // read, while #design (news Grace never saw) still has its badge. Waiting
  // for the #design badge first proves the rooms' state has arrived.
  await ada.openRoom('design');
  await ada.send('Something in #design');
  await expect(grace.unreadBadge('design')).toHaveText('1');
  await grace.page.reload();
  await grace.expectConnected();
  await expect(grace.unreadBadge('design')).toHaveText('1');
  await expect(grace.unreadBadge('random')).toHaveCount(0);
});
