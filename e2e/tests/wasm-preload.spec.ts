// The page as it loads: the Wasm module is requested while the HTML is
// parsed (index.html preloads it), so before the sign-in request is even
// sent, let alone answered; it arrives brotli-compressed and immutable; and
// it crosses the network once, the chat's own load after sign-in reusing it.
// Only the order of events and headers are asserted, never durations.
import type { CDPSession, Response } from '@playwright/test';
import { ChatPage } from '../support/chat-page';
import { expect, test } from '../support/fixtures';

const WASM = /\/assets\/chatwire-[\w-]+\.wasm$/;

test('the Wasm module loads before and during sign-in, compressed, downloaded once', async ({ browser, server }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught error in the page: ${error.message}`));

  // What happened, in the order the browser reports it.
  const events: string[] = [];
  page.on('request', (request) => {
    if (WASM.test(request.url())) events.push('wasm request');
    if (request.url().endsWith('/api/login')) events.push('login request');
  });
  page.on('response', (response) => {
    if (response.url().endsWith('/api/login')) events.push('login response');
  });
  // Whether each load of the module came over the network or from the HTTP cache.
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const wasmLoads: { fromCache: boolean }[] = [];
  cdp.on('Network.responseReceived', (event) => {
    if (WASM.test(event.response.url)) wasmLoads.push({ fromCache: !!(event.response.fromDiskCache || event.response.fromPrefetchCache) });
  });

  const firstWasm = page.waitForResponse(WASM);
  await page.goto(server.url);
  const wasm: Response = await firstWasm;
  expect(wasm.status()).toBe(200);
  const headers = await wasm.allHeaders();
  expect(headers['content-type']).toBe('application/wasm');
  expect(headers['content-encoding'], "Chromium accepts br; the server prefers it").toBe('br');
  expect(headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(headers.vary).toBe('Accept-Encoding');
  // The whole download done (into the HTTP cache) before the user signs in.
  await wasm.finished();

  const user = new ChatPage(page, 'Ada');
  await user.signInWithForm();

  const wasmAt = events.indexOf('wasm request');
  expect(wasmAt, `events: ${events.join(', ')}`).toBeGreaterThanOrEqual(0);
  expect(wasmAt, `the module is requested before the sign-in request (${events.join(', ')})`).toBeLessThan(events.indexOf('login request'));
  expect(wasmAt).toBeLessThan(events.indexOf('login response'));
  expect(
    wasmLoads.filter((load) => !load.fromCache),
    'one download: later loads come from the preload or the HTTP cache',
  ).toHaveLength(1);
  expect(problems).toEqual([]);
  await context.close();
});
