// A long history: the seeded `archive` room (10,000 messages). Opening it and
// paging back through older history must keep the DOM small (the list is
// virtualized). Timings are recorded in the report, not asserted: the machine
// is shared and its speed says nothing about correctness.
import { expect, test } from '../support/fixtures';
import type { ChatPage } from '../support/chat-page';

test.use({ seedArchive: true });

const ARCHIVE_SIZE = 10_000;
const PAGES_TO_LOAD = 8;
/** Far fewer rows than the messages held once a few pages are in. */
const MAX_ROWS = 200;

/** The archive's numbers (each seeded text ends in "(#N)") of the rendered rows, top to bottom. */
async function renderedNumbers(user: ChatPage): Promise<number[]> {
  return (await user.messageTexts()).map((text) => Number(/\(#(\d+)\)$/.exec(text)?.[1] ?? NaN));
}

test('the 10,000-message archive pages in older history with a bounded number of rows in the DOM', async ({ openUser, snap }) => {
  test.setTimeout(60_000);
  const timings: Record<string, number | number[]> = {};
  let started = performance.now();
  const ada = await openUser('Ada');
  timings.pageLoadAndSignInMs = Math.round(performance.now() - started);

  started = performance.now();
  await ada.openRoom('archive');
  await expect(ada.messages.first()).toBeVisible();
  timings.openToFirstRowMs = Math.round(performance.now() - started);
  await expect(ada.messages.last().getByTestId('message-text')).toHaveText(new RegExp(`\\(#${ARCHIVE_SIZE}\\)$`));
  timings.openToNewestVisibleMs = Math.round(performance.now() - started);
  await snap('archive opened at its newest message', ada);

  let numbers = await renderedNumbers(ada);
  expect(numbers.length).toBeGreaterThan(0);
  expect(numbers.length).toBeLessThan(MAX_ROWS);
  const perPage: number[] = [];
  for (let page = 0; page < PAGES_TO_LOAD; page++) {
    const oldestShown = Math.min(...numbers);
    started = performance.now();
    // Scrolling to the top is what a reader does; the page loads older history near the top.
    await ada.messageList.evaluate((list) => list.scrollTo({ top: 0 }));
    await expect
      .poll(async () => Math.min(...(await renderedNumbers(ada))), { message: `page ${page + 1} of older history arrives`, timeout: 10_000 })
      .toBeLessThan(oldestShown);
    perPage.push(Math.round(performance.now() - started));
    numbers = await renderedNumbers(ada);
    expect(numbers.length, 'rows in the DOM').toBeLessThan(MAX_ROWS);
    // The rendered rows are consecutive archive messages: no gap, no repeat.
    expect(numbers).toEqual(numbers.map((_, index) => numbers[0]! + index));
  }
  // The bound above means something only when far more messages are held than rows shown.
  expect(ARCHIVE_SIZE - Math.min(...numbers) + 1, 'messages paged in').toBeGreaterThan(MAX_ROWS);
  timings.loadOlderPageMs = perPage;
  timings.rowsInDomAtEnd = numbers.length;
  timings.oldestRenderedAtEnd = Math.min(...numbers);
  await expect(ada.page.getByTestId('history-loading')).toHaveCount(0, { timeout: 10_000 });
  await snap(`after paging back ${PAGES_TO_LOAD} times`, ada);

  // Still paged in, still bounded: back to the newest message.
  started = performance.now();
  await ada.messageList.evaluate((list) => list.scrollTo({ top: list.scrollHeight }));
  await expect(ada.messages.last().getByTestId('message-text')).toHaveText(new RegExp(`\\(#${ARCHIVE_SIZE}\\)$`));
  timings.scrollBackToNewestMs = Math.round(performance.now() - started);
  expect(await ada.messages.count()).toBeLessThan(MAX_ROWS);

  const summary = JSON.stringify(timings);
  test.info().annotations.push({ type: 'timing', description: summary });
  await test.info().attach('archive timings', { body: summary, contentType: 'application/json' });
  console.log(`archive timings: ${summary}`);
});
