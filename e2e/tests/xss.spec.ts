// Text is text: markup in a message is shown as its characters, never
// parsed. A dialog from any page fails the test (the fixtures watch for
// them); here we also look for the elements and side effects directly.
import { expect, test } from '../support/fixtures';

const PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '<script>window.__xss=1</script>',
  '<b onmouseover=alert(2)>bold?</b> & &amp; "quotes"',
];

test('messages with HTML render as literal text: no dialog, no element, no script', async ({ openUser, snap }) => {
  const ada = await openUser('Ada');
  const grace = await openUser('Grace');
  const dialogs: string[] = [];
  for (const user of [ada, grace]) user.page.on('dialog', (dialog) => dialogs.push(`${user.name}: ${dialog.message()}`));
  await ada.openRoom('general');
  await grace.openRoom('general');

  for (const payload of PAYLOADS) await ada.send(payload);
  for (const user of [ada, grace]) {
    for (const payload of PAYLOADS) await expect(user.messagesWithText(payload)).toHaveCount(1);
    expect(await user.messageTexts()).toEqual(PAYLOADS);
    // The text nodes hold the markup's characters; no element came from it.
    await expect(user.messages.locator('img, script, b')).toHaveCount(0);
    // Hovering the would-be <b> does nothing either.
    await user.messagesWithText(PAYLOADS[2]!).getByTestId('message-text').hover();
    expect(await user.page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
  }
  await snap('markup shown as text', ada, grace);
  // An onerror handler would have fired on load of the broken src by now: the
  // last payload reached Grace after the first one.
  expect(dialogs).toEqual([]);
});
