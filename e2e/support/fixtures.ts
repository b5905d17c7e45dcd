// Playwright fixtures for the e2e suite:
// - `server`: a fresh reference server PROCESS per test (port 0, its own
//   temporary SQLite file, the built page at `/`), stopped with SIGTERM after
//   the test; a non-zero exit fails the test (the contract says 0).
//   `test.use({ seedArchive: true })` seeds the 10,000-message `archive` room.
// - `openUser(name, { share })`: a new browser context (own storage and own
//   shared worker: another person's browser) on the server's page, signed in
//   THROUGH THE PAGE'S FORM (it is fast, and it is the path a person takes;
//   no test here injects a session). By default the page's tabs share one
//   connection (the package's default); `share: 'off'` gives the page a
//   connection of its own, with the offline switch. `sharedWorker: false`
//   deletes SharedWorker from every page of the browser before its scripts
//   run, as in the browsers that lack it: the tabs then elect a leader tab.
//   `transports: 'polling'` gives the page's client that transport order
//   (the demo's `?transports=`).
//   `user.openAnotherTab()` opens a second tab of the same person.
//   Every page fails the test on a JS dialog (alert/confirm/prompt) or an
//   uncaught page error.
// - `openPage(url, name)`: the same for a page that needs no sign-in (a seed
//   backend preset with `?user=&name=` in the URL).
// - `snap(label, ...users)`: attaches a screenshot of each user's page to the
//   HTML report.
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatPage } from './chat-page';
import { startReferenceServer, type ReferenceServer } from './reference-server';

interface Fixtures {
  seedArchive: boolean;
  server: ReferenceServer;
  openUser: (name: string, options?: { share?: 'auto' | 'off'; sharedWorker?: boolean; transports?: string }) => Promise<ChatPage>;
  openPage: (url: string, name: string, options?: BrowserOptions) => Promise<ChatPage>;
  snap: (label: string, ...users: ChatPage[]) => Promise<void>;
}

/** How the browser of a person differs from Chromium's defaults. */
interface BrowserOptions {
  /** false: a browser without SharedWorker. */
  sharedWorker?: boolean;
}

/** Pages opened during one test, and what went wrong in them. */
class PageRegistry {
  private readonly contexts: BrowserContext[] = [];
  readonly problems: string[] = [];

  constructor(private readonly browser: Browser) {}

  async open(url: string, name: string, options: BrowserOptions = {}): Promise<ChatPage> {
    const context = await this.browser.newContext();
    this.contexts.push(context);
    if (options.sharedWorker === false) await context.addInitScript(() => delete (window as { SharedWorker?: unknown }).SharedWorker);
    // Every tab of the context, the ones a test opens later included.
    context.on('page', (page) => this.watch(page, name));
    const page = await context.newPage();
    await page.goto(url);
    return new ChatPage(page, name);
  }

  private watch(page: Page, name: string): void {
    page.on('dialog', (dialog) => {
      this.problems.push(`${name}: a ${dialog.type()} dialog opened: "${dialog.message()}"`);
      dialog.dismiss().catch(() => {});
    });
    page.on('pageerror', (error) => this.problems.push(`${name}: uncaught error in the page: ${error.message}`));
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.contexts.map((context) => context.close()));
  }
}

export const test = base.extend<Fixtures>({
  seedArchive: [false, { option: true }],

  server: async ({ seedArchive }, use, testInfo) => {
    const dir = mkdtempSync(join(tmpdir(), 'chatwire-e2e-'));
    const server = await startReferenceServer({ dbPath: join(dir, 'chat.sqlite'), seedArchive });
    try {
      await use(server);
    } finally {
      const code = await server.stop();
      await testInfo.attach('reference server output', { body: server.output(), contentType: 'text/plain' });
      rmSync(dir, { recursive: true, force: true });
      expect(code, 'the reference server exits 0 on SIGTERM').toBe(0);
    }
  },

  // Depends on `server` only for the order: pages close before the server stops.
  openPage: async ({ browser, server }, use) => {
    const pages = new PageRegistry(browser);
    await use((url, name, options) => pages.open(url, name, options));
    await pages.closeAll();
    expect(pages.problems, 'no dialogs or uncaught errors in the pages').toEqual([]);
  },

  openUser: async ({ server, openPage }, use) => {
    await use(async (name, options = {}) => {
      const query = new URLSearchParams();
      if (options.share === 'off') query.set('share', 'off');
      if (options.transports) query.set('transports', options.transports);
      const url = query.size > 0 ? `${server.url}/?${query}` : server.url;
      const user = await openPage(url, name, { sharedWorker: options.sharedWorker });
      await user.signInWithForm();
      return user;
    });
  },

  snap: async ({}, use, testInfo) => {
    await use(async (label, ...users) => {
      for (const user of users) {
        await testInfo.attach(`${label} (${user.name})`, { body: await user.page.screenshot(), contentType: 'image/png' });
      }
    });
  },
});

export { expect };
