// Gives the benchmarks the `chatwire` package exactly as users receive it:
// `npm pack` of ../npm (only what its "files" field ships), unpacked into a
// throw-away node_modules/chatwire, so that `import 'chatwire'` and
// 'chatwire/react' resolve through the package's own "exports" map. Measuring
// ../npm/dist directly could count files that are never published, or miss
// an exports mistake that users would hit.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const NPM_PACKAGE_DIR = resolve(BENCH_DIR, '../npm');

/** Thrown when ../npm has not been built; the message says how to build it. */
export class ChatwireNotBuiltError extends Error {}

/**
 * Packs and unpacks the package. Returns:
 * - `workDir`: a temporary directory whose node_modules holds `chatwire`
 *   (put entry files for bundling or importing here);
 * - `packageDir`: that node_modules/chatwire;
 * - `files`: the packed file list (path and size), `tarballBytes`, `name`, `version`;
 * - `cleanup()`: removes the temporary directory.
 * `npm pack` runs with --ignore-scripts: this measures the current build and
 * never starts one.
 */
export function packChatwire() {
  for (const required of ['package.json', 'dist/index.js', 'dist/chatwire.wasm']) {
    if (!existsSync(join(NPM_PACKAGE_DIR, required))) {
      throw new ChatwireNotBuiltError(
        `chatwire is not built: ${join(NPM_PACKAGE_DIR, required)} is missing. ` +
        'Build it first: (cd ../npm && npm ci && npm run build)');
    }
  }
  const workDir = mkdtempSync(join(tmpdir(), 'chatwire-bench-'));
  const cleanup = () => {
    process.off('exit', cleanup);
    rmSync(workDir, { recursive: true, force: true });
  };
  // An interrupted run (Ctrl-C in a minutes-long benchmark) must not leave the copy behind.
  process.on('exit', cleanup);
  exitOnInterrupt();
  try {
    const output = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', workDir], {
      cwd: NPM_PACKAGE_DIR,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [packed] = JSON.parse(output);
    const modulesDir = join(workDir, 'node_modules');
    mkdirSync(modulesDir);
    execFileSync('tar', ['-xzf', join(workDir, packed.filename), '-C', modulesDir]);
    const packageDir = join(modulesDir, 'chatwire');
    renameSync(join(modulesDir, 'package'), packageDir);
    return {
      workDir,
      packageDir,
      name: packed.name,
      version: packed.version,
      files: packed.files.map(({ path, size }) => ({ path, size })),
      tarballBytes: packed.size,
      unpackedBytes: packed.unpackedSize,
      cleanup,
    };
  } catch (error) {
    cleanup();
    throw error;
  }
}

let interruptHandled = false;

/** Turns SIGINT/SIGTERM into a normal exit, so that 'exit' cleanups run. */
function exitOnInterrupt() {
  if (interruptHandled) return;
  interruptHandled = true;
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
}

/**
 * Imports a specifier ('chatwire', 'chatwire/react') as a module inside
 * `workDir` would, so that Node applies the package's "exports" map.
 */
export async function importFromPack(pack, specifier) {
  const loader = join(pack.workDir, `import-${specifier.replace(/[^a-z0-9]/gi, '_')}.mjs`);
  writeFileSync(loader, `export * from ${JSON.stringify(specifier)};\n`);
  return import(pathToFileURL(loader).href);
}
