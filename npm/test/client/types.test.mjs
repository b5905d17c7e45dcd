// The public types against the classes apps pass: compiles
// test/types/*.ts with the package's own TypeScript and fails on any error.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import test from 'node:test';
import { fileURLToPath } from 'node:url';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const project = fileURLToPath(new URL('../types/tsconfig.json', import.meta.url));

test("the browser's WebSocket, ws and a wrapper all fit the WebSocket option", () => {
  let output = '';
  try {
    execFileSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8' });
  } catch (error) {
    output = `${error.stdout}${error.stderr}`;
  }
  assert.equal(output, '', output);
});
