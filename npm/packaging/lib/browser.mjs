// Debian's Chromium driven by Playwright in library mode. Nothing is ever
// downloaded: Playwright gets the system browser's path.
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const PAGE_TIMEOUT_MS = 20_000;

/** @param {typeof import('@playwright/test').chromium} chromium */
export async function launchChromium(chromium) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's package (apt-get install chromium)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * Opens `url` in a fresh context and waits until its <pre id="status">
 * reports "sent" or an error (see apps/shared/smoke.js).
 *
 * @returns {Promise<{ status: string, problems: string[], wasm: { url: string, status: number, contentType: string }[] }>}
 *   `problems`: console errors, uncaught exceptions, failed requests; `wasm`: every .wasm response
 */
export async function runPage(browser, url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const problems = [];
    const wasm = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
      if (new URL(response.url()).pathname.endsWith('.wasm')) {
        wasm.push({ url: response.url(), status: response.status(), contentType: response.headers()['content-type'] ?? '' });
      }
    });
    await page.goto(url);
    const finished = await page
      .waitForFunction(() => /^(sent|error:.*)$/m.test(document.getElementById('status')?.textContent ?? ''), null, {
        timeout: PAGE_TIMEOUT_MS,
      })
      .then(() => true, () => false);
    const status = ((await page.textContent('#status').catch(() => null)) ?? '').trim();
    if (!finished) problems.push(`the page did not finish within ${PAGE_TIMEOUT_MS} ms`);
    return { status, problems, wasm };
  } finally {
    await context.close();
  }
}
