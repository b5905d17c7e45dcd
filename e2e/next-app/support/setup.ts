// Before the test: the package packed with `npm pack` and installed from the
// tarball (as an app gets it from the registry), `next build` (its output
// printed: the route table is the evidence), `next start`, and a reference
// server on a fresh database. Returns the teardown.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startServerProcess, type ServerProcess } from '../../../testkit/server-process.mjs';

const APP = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPO = resolve(APP, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const READY_TIMEOUT_MS = 30_000;

export default async function setup(): Promise<() => Promise<void>> {
  const scratch = mkdtempSync(join(tmpdir(), 'chatwire-next-'));
  const servers: ServerProcess[] = [];
  const teardown = async () => {
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    const tarball = execFileSync(NPM, ['pack', '--silent', '--pack-destination', scratch], { cwd: join(REPO, 'npm'), encoding: 'utf8' }).trim().split('\n').pop()!;
    // --no-save: the app's package.json and lock file stay as committed.
    execFileSync(NPM, ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', join(scratch, tarball)], { cwd: APP, stdio: 'inherit' });
    execFileSync(process.execPath, [join(APP, 'node_modules/next/dist/bin/next'), 'build'], { cwd: APP, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });

    const reference = await startServerProcess({
      name: 'reference server',
      command: process.execPath,
      args: [join(REPO, 'demo/server/src/main.mjs'), '--port', '0', '--db', join(scratch, 'chat.sqlite'), '--no-seed-archive'],
      readyTimeoutMs: READY_TIMEOUT_MS,
    });
    servers.push(reference);
    const port = await freePort();
    servers.push(await startServerProcess({
      name: 'next start',
      command: process.execPath,
      args: [join(APP, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'],
      cwd: APP,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
      ready: /Ready in|started server on/i,
      readyTimeoutMs: READY_TIMEOUT_MS,
    }));
    // Workers inherit the environment of this process.
    process.env.CHATWIRE_SERVER = reference.url!;
    process.env.NEXT_APP_URL = `http://127.0.0.1:${port}`;
    return teardown;
  } catch (error) {
    await teardown();
    throw error;
  }
}
