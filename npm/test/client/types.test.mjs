// The public types against the classes apps pass and the calls they make:
// compiles test/types/*.ts (listed in its tsconfig.json) with the package's own TypeScript and fails on any error.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import test from 'node:test';
import { fileURLToPath } from 'node:url';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const project = fileURLToPath(new URL('../types/tsconfig.json', import.meta.url));

test("the public types compile as apps use them: WebSocket classes, the connection methods and options", () => {
  let output = '';
  try {
    execFileSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8' });
  } catch (error) {
    output = `${error.stdout}${error.stderr}`;
  }
  assert.equal(output, '', output);
});
