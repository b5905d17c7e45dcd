// The fault scenarios, each against each kind of target, one after another.
// Every scenario gets a fresh target (its own database) and its own proxy,
// prints its figures as it ends, fails with a clear message if it has not
// finished in its time, and leaves nothing running. A scenario that cannot
// run here (a missing transport, no cluster) is reported as skipped, with why.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { withinDeadline } from '../lib/scope.mjs';
import { TARGET_KINDS } from '../lib/targets/index.mjs';
import { flapping } from '../scenarios/flapping.mjs';
import { noWebSocket } from '../scenarios/no-websocket.mjs';
import { slow } from '../scenarios/slow.mjs';

const SCENARIOS = [flapping, noWebSocket, slow];

for (const kind of TARGET_KINDS) {
  describe(`against the ${kind.name}`, () => {
    for (const scenario of SCENARIOS) {
      test(scenario.name, async (t) => {
        const unavailable = scenario.packageLacks() ?? (await kind.unavailable());
        if (unavailable) {
          t.skip(unavailable);
          return;
        }
        const dataDir = mkdtempSync(join(tmpdir(), `chatwire-faults-${scenario.name}-`));
        /** @type {string | null} */
        let cannotRun = null;
        try {
          await withinDeadline(`${scenario.name} against the ${kind.name}`, scenario.timeoutMs, async (scope) => {
            const target = await kind.start({ dataDir });
            scope.defer(() => target.stop());
            cannotRun = await scenario.cannotRun(target);
            if (cannotRun) return;
            try {
              await scenario.run({ scope, target, log: (line) => console.log(line) });
            } catch (error) {
              console.log(target.output());
              throw error;
            }
          });
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
        if (cannotRun) t.skip(`cannot run: ${cannotRun}`);
      });
    }
  });
}
