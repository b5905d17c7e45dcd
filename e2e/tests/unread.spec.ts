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

test('opening a room with news shows a "new messages" divider that stays put while she reads', async ({ openUser, snap }) => {
  const ada = await openUser('Ada');
  const grace = await openUser('Grace');
  await ada.openRoom('random');
  await ada.send('Read before');
  // Grace reads #random as it arrives, then looks elsewhere.
  await grace.openRoom('random');
  await expect(grace.messagesWithText('Read before')).toHaveCount(1);
  await grace.openRoom('general');
  await grace.openRoom('random');
  await expect(grace.messagesWithText('Read before')).toHaveCount(1);
  await expect(grace.newMessagesDivider).toHaveCount(0);
  await grace.openRoom('general');

  await ada.send('First news');
  await ada.send('Second news');
  await expect(grace.unreadBadge('random')).toHaveText('2');
  await grace.openRoom('random');
  await expect(grace.unreadBadge('random')).toHaveCount(0);
  await expect(grace.newMessagesDivider).toHaveCount(1);
  await expect(grace.rowWithDivider).toContainText('First news');

  // More arrives while she reads: read at once, and the divider does not move.
  await ada.send('Third news');
  await expect(grace.messagesWithText('Third news')).toHaveCount(1);
  await expect(grace.rowWithDivider).toContainText('First news');
  await expect(grace.newMessagesDivider).toHaveCount(1);
  await snap('divider above the first news', grace);

  // Everything was read: opening the room again shows no divider.
  await grace.openRoom('general');
  await grace.openRoom('random');
  await expect(grace.messagesWithText('Third news')).toHaveCount(1);
  await expect(grace.newMessagesDivider).toHaveCount(0);
});
