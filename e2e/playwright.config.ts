// The end-to-end suite: the built demo page (demo/web/dist) in Debian's
// Chromium, several users in separate browser contexts, against the real
// reference server program (one fresh process and database per test; see
// support/fixtures.ts).
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './tests',
  // Fails early, with the command to run, when the page or the server is not built/installed.
  globalSetup: './support/global-setup.ts',
  // The machine has 2 cores shared with other work; each test runs two browsers and a server.
  workers: 2,
  fullyParallel: true,
  // A flaky test must show up as a failure, not be hidden by a retry.
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list'], ['html', { outputFolder: 'playwright-report', open: 'never' }]],
  outputDir: 'test-results',
  use: {
    testIdAttribute: 'data-testid',
    viewport: { width: 1280, height: 800 },
    // Cheap: one PNG per page at the end of each test; the tests also attach
    // their own at the moment that matters.
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      // Debian's Chromium: `npx playwright install` is never needed.
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
