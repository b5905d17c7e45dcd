// The typing indicator: Grace sees "Ada is typing…" while Ada types, and it
// goes away when Ada sends, and when Ada stops typing without sending.
import { expect, test } from '../support/fixtures';

test('Grace sees Ada typing; the indicator clears when Ada sends and when Ada stops', async ({ openUser, snap }) => {
  const ada = await openUser('Ada');
  const grace = await openUser('Grace');
  await ada.openRoom('general');
  await grace.openRoom('general');
  await expect(grace.typingIndicator).toHaveCount(0);

  // 1. Typing, then sending: the send itself announces the stop.
  await ada.composer.pressSequentially('Working on it', { delay: 20 });
  await expect(grace.typingIndicator).toHaveText(/Ada is typing/);
  // Ada never sees herself typing.
  await expect(ada.typingIndicator).toHaveCount(0);
  await snap('Ada is typing', grace);
  await ada.composer.press('Enter');
  await expect(grace.messagesWithText('Working on it')).toHaveCount(1);
  await expect(grace.typingIndicator).toHaveCount(0);

  // 2. Typing, then nothing: time is the subject here. The SDK announces a
  // stop after 2 s without a keystroke (docs/protocol.md, Typing), well before
  // the 6 s the receiver would take to expire a lost start by itself; the
  // 4.5 s bound tells the two apart. The focus stays in the composer (a blur
  // would also stop typing).
  await ada.composer.pressSequentially('Still', { delay: 20 });
  await expect(grace.typingIndicator).toHaveText(/Ada is typing/);
  const lastKeystroke = Date.now();
  await expect(grace.typingIndicator).toHaveCount(0, { timeout: 4_500 });
  test.info().annotations.push({ type: 'timing', description: `indicator cleared ${Date.now() - lastKeystroke} ms after Ada's last keystroke` });
  await expect(ada.composer).toBeFocused();
  await expect(ada.composer).toHaveValue('Still');
  await snap('Ada stopped typing', grace);
});
