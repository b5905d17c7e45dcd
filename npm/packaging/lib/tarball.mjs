// The package as users get it: `npm pack` of npm/ (after its build), then
// installed into each app's node_modules with `npm install --no-save`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from './command.mjs';

/** Files the package cannot work without; `npm run build` in npm/ makes them. */
const REQUIRED_DIST_FILES = ['index.js', 'index.d.ts', 'react/index.js', 'chatwire_core.js', 'chatwire.wasm'];

/**
 * Checks that npm/dist is built, then packs npm/ into `destination`.
 * @returns {Promise<{ file: string, integrity: string, files: string[] }>}
 */
export async function packPackage(packageDir, destination) {
  const missing = REQUIRED_DIST_FILES.filter((file) => !existsSync(join(packageDir, 'dist', file)));
  if (missing.length > 0) {
    throw new Error(
      `npm/dist is not built (missing ${missing.map((f) => `dist/${f}`).join(', ')}): ` +
        'run `cd npm && npm run build` first',
    );
  }
  warnIfStale(packageDir);
  const { stdout } = await runCommand('npm', ['pack', '--json', '--pack-destination', destination], { cwd: packageDir });
  const [packed] = JSON.parse(stdout);
  const files = packed.files.map((entry) => entry.path);
  const unpacked = REQUIRED_DIST_FILES.map((file) => `dist/${file}`).filter((file) => !files.includes(file));
  if (unpacked.length > 0) throw new Error(`npm pack left out ${unpacked.join(', ')}: check "files" in npm/package.json`);
  return { file: join(destination, packed.filename), integrity: packed.integrity, files };
}

/**
 * Installs the tarball into `appDir` (which has its own package.json), unless
 * that exact tarball is installed already: npm's hidden lock file in
 * node_modules records the integrity of what it installed.
 * @returns {Promise<boolean>} whether it installed
 */
export async function installTarball(appDir, tarball) {
  if (installedIntegrity(appDir) === tarball.integrity) return false;
  await runCommand('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', tarball.file], {
    cwd: appDir,
  });
  return true;
}

function installedIntegrity(appDir) {
  try {
    const lock = JSON.parse(readFileSync(join(appDir, 'node_modules', '.package-lock.json'), 'utf8'));
    return lock.packages?.['node_modules/chatwire']?.integrity ?? null;
  } catch {
    return null;
  }
}

/** A source newer than the build means the tarball would test old code: say so, but go on. */
function warnIfStale(packageDir) {
  const built = statSync(join(packageDir, 'dist', 'index.js')).mtimeMs;
  const newer = listFiles(join(packageDir, 'src')).filter((file) => statSync(file).mtimeMs > built);
  if (newer.length > 0) {
    console.log(`# warning: ${newer.length} file(s) in npm/src are newer than npm/dist; run \`npm run build\` in npm/`);
  }
}

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}
