// Before the test: the package packed with `npm pack` and installed from the
// tarball (as an app gets it from the registry), `next build` (its output
// printed: the route table is the evidence), `next start`, and a reference
// server on a fresh database. Returns the teardown.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const APP = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPO = resolve(APP, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export default async function setup(): Promise<() => Promise<void>> {
  const scratch = mkdtempSync(join(tmpdir(), 'chatwire-next-'));
  const children: ChildProcess[] = [];
  const teardown = async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((done) => child.once('exit', done)) : null)));
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    const tarball = execFileSync(NPM, ['pack', '--silent', '--pack-destination', scratch], { cwd: join(REPO, 'npm'), encoding: 'utf8' }).trim().split('\n').pop()!;
    // --no-save: the app's package.json and lock file stay as committed.
    execFileSync(NPM, ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', join(scratch, tarball)], { cwd: APP, stdio: 'inherit' });
    execFileSync(process.execPath, [join(APP, 'node_modules/next/dist/bin/next'), 'build'], { cwd: APP, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });

    const server = await startAndWait(
      children,
      spawn(process.execPath, [join(REPO, 'demo/server/src/main.mjs'), '--port', '0', '--db', join(scratch, 'chat.sqlite'), '--no-seed-archive'], { stdio: ['ignore', 'pipe', 'inherit'] }),
      /listening on (http:\/\/\S+)/,
    );
    const port = await freePort();
    await startAndWait(
      children,
      spawn(process.execPath, [join(APP, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'], {
        cwd: APP,
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
      }),
      /Ready in|started server on/i,
    );
    // Workers inherit the environment of this process.
    process.env.CHATWIRE_SERVER = server;
    process.env.NEXT_APP_URL = `http://127.0.0.1:${port}`;
    return teardown;
  } catch (error) {
    await teardown();
    throw error;
  }
}

/** Resolves with the first match of `ready` in the child's stdout (its group 1, if any). */
function startAndWait(children: ChildProcess[], child: ChildProcess, ready: RegExp): Promise<string> {
  children.push(child);
  return new Promise((resolvePromise, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`not ready within 30 s:\n${output}`)), 30_000);
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePromise(match[1] ?? match[0]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} before it was ready:\n${output}`));
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolvePromise(port));
    });
  });
}
