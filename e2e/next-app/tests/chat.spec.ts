import { expect, test } from '@playwright/test';

const app = () => process.env.NEXT_APP_URL!;
const pageUrl = (name: string) => `${app()}/?server=${encodeURIComponent(process.env.CHATWIRE_SERVER!)}&name=${encodeURIComponent(name)}`;

test('the server-rendered page has the chat shell, idle, with no client created', async ({ request }) => {
  const response = await request.get(pageUrl('Server Render'));
  expect(response.status()).toBe(200);
  const html = await response.text();
  expect(html).toContain('Chatwire on Next.js');
  expect(html).toMatch(/data-testid="connection-status" data-state="idle"/);
  expect(html).toContain('data-testid="composer-input"');
});

test('two people chat through the Next.js app: each message arrives once, sent', async ({ browser }, testInfo) => {
  const ada = await (await browser.newContext()).newPage();
  const grace = await (await browser.newContext()).newPage();
  const failures: string[] = [];
  for (const page of [ada, grace]) page.on('pageerror', (error) => failures.push(error.message));
  await ada.goto(pageUrl('Ada'));
  await grace.goto(pageUrl('Grace'));
  for (const page of [ada, grace]) await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');

  await ada.getByTestId('composer-input').fill('Hello from Next.js');
  await ada.getByTestId('composer-send').click();
  await expect(ada.getByTestId('message').filter({ hasText: 'Hello from Next.js' })).toHaveAttribute('data-status', 'sent');
  await expect(grace.getByTestId('message-text').filter({ hasText: 'Hello from Next.js' })).toHaveCount(1);

  await grace.getByTestId('composer-input').fill('Hi Ada!');
  await grace.getByTestId('composer-send').click();
  await expect(ada.getByTestId('message-text').filter({ hasText: 'Hi Ada!' })).toHaveCount(1);
  await expect(ada.getByTestId('message')).toHaveCount(2);

  // Sharing is on (the default): a second tab of Ada's shows the same chat over the same connection.
  const adaAgain = await ada.context().newPage();
  adaAgain.on('pageerror', (error) => failures.push(error.message));
  await adaAgain.goto(pageUrl('Ada'));
  await expect(adaAgain.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await expect(adaAgain.getByTestId('message-text').filter({ hasText: 'Hi Ada!' })).toHaveCount(1);
  const health = await (await fetch(new URL('/api/health', process.env.CHATWIRE_SERVER!))).json();
  expect(health.connections, 'one connection per browser: Ada\'s two tabs share hers').toBe(2);

  await testInfo.attach('ada', { body: await ada.screenshot(), contentType: 'image/png' });
  await testInfo.attach('grace', { body: await grace.screenshot(), contentType: 'image/png' });
  expect(failures).toEqual([]);
});
