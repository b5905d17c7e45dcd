// Runs once before the suite: checks that what it tests has been built. The
// suite never builds the page itself (the project's test script does), so a
// missing build is a clear error here rather than 30 confusing timeouts.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO, SERVER_MAIN, WEB_DIST } from './paths';

export default function checkPrerequisites(): void {
  const missing: string[] = [];
  if (!existsSync(SERVER_MAIN)) missing.push(`the reference server program ${SERVER_MAIN}`);
  if (!existsSync(resolve(REPO, 'demo/server/node_modules'))) {
    missing.push('the reference server dependencies: (cd demo/server && npm ci)');
  }
  if (!existsSync(resolve(WEB_DIST, 'index.html'))) {
    missing.push(`the built demo page ${WEB_DIST}/index.html: (cd npm && npm run build) then (cd demo/web && npm ci && npm run build)`);
  }
  if (missing.length > 0) {
    throw new Error(`e2e: cannot run, missing:\n  - ${missing.join('\n  - ')}`);
  }
}
