// main.mjs's cluster settings: a node that lacks one refuses to start and
// says which, and a cluster setting without --cluster is refused rather than
// silently starting a lone server. (Running clusters: test/cluster/.)

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../src/main.mjs', import.meta.url));

/** Runs main.mjs with `args` and an environment without CHATWIRE_ variables. */
function run(args) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('CHATWIRE_')));
  return spawnSync(process.execPath, [MAIN, '--db', ':memory:', '--port', '0', ...args], { env, encoding: 'utf8', timeout: 10_000 });
}

it('refuses --cluster without a node id, Redis or the shared key, naming each', () => {
  const result = run(['--cluster']);
  assert.equal(result.status, 2);
  for (const missing of ['--node-id', '--redis', '--secret']) assert.match(result.stderr, new RegExp(missing));

  const withSome = run(['--cluster', '--node-id', 'n1', '--secret', 'k'.repeat(32)]);
  assert.equal(withSome.status, 2);
  assert.match(withSome.stderr, /--redis \(CHATWIRE_REDIS_URL\)/);
  assert.doesNotMatch(withSome.stderr, /--node-id \(/);
});

it('refuses a cluster setting given without --cluster', () => {
  for (const args of [['--redis', 'redis://127.0.0.1:1'], ['--node-id=n1']]) {
    const result = run(args);
    assert.equal(result.status, 2, args.join(' '));
    assert.match(result.stderr, /is a cluster setting: add --cluster/);
  }
});

it('refuses --postgres without the shared key', () => {
  const result = run(['--postgres', 'postgres://127.0.0.1:1/none']);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /--postgres needs --secret/);
});
