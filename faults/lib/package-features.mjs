// What the installed (packed) package can do, read from its published types:
// a scenario that needs a feature still on another branch says so instead of
// failing for the wrong reason or passing without running.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Whether ChatClientOptions has `transports` (HTTP long-polling besides WebSocket, issue 16 item 3). */
export function packageHasPolling() {
  return declarations().some((text) => /\btransports\?:/.test(text));
}

/** The text of every .d.ts of the installed chatwire. */
function declarations() {
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve('chatwire/package.json')) + '/dist';
  return listFiles(dist).filter((file) => file.endsWith('.d.ts')).map((file) => readFileSync(file, 'utf8'));
}

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}
