// The app under measurement: the packed chatwire tarball installed into
// browser/app (`npm install --no-save`, as a user would install it; skipped
// when that exact tarball is installed already), then a Vite production
// build of its three pages into browser/app/dist.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../app');

/** Installs `tarball` into the app unless it is there already. Returns whether it installed. */
export function installTarball(tarball) {
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (installedIntegrity() === integrity) return false;
  execFileSync('npm', ['install', '--no-save', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], {
    cwd: APP_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return true;
}

function installedIntegrity() {
  try {
    const lock = JSON.parse(readFileSync(join(APP_DIR, 'node_modules', '.package-lock.json'), 'utf8'));
    return lock.packages?.['node_modules/chatwire']?.integrity ?? null;
  } catch {
    return null;
  }
}

/** The installed chatwire's version (from its package.json). */
export function installedVersion() {
  return JSON.parse(readFileSync(join(APP_DIR, 'node_modules', 'chatwire', 'package.json'), 'utf8')).version;
}

/**
 * `vite build` of the app. Returns { seconds, outDir, files: [{ path, bytes }] }.
 * Throws when the build has no byte-for-byte copy of the installed package's
 * chatwire.wasm (the measured pages would not be running the packed Chatwire).
 */
export async function buildApp() {
  const started = performance.now();
  const warnings = [];
  await build({
    configFile: join(APP_DIR, 'vite.config.mjs'),
    build: {
      rolldownOptions: {
        onwarn(warning, warn) {
          // The package's 'use client' lines: harmless in a client-only build (plugin-react hides them too).
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
          warnings.push(warning.message);
          warn(warning);
        },
      },
    },
  });
  const outDir = join(APP_DIR, 'dist');
  const files = listFiles(outDir).map((file) => ({ path: file.slice(outDir.length), bytes: readFileSync(file).length }));
  const shipped = readFileSync(join(APP_DIR, 'node_modules', 'chatwire', 'dist', 'chatwire.wasm'));
  const wasm = files.filter((file) => file.path.endsWith('.wasm'));
  if (wasm.length !== 1 || !readFileSync(join(outDir, wasm[0].path)).equals(shipped)) {
    throw new Error(`the Vite build in ${outDir} has ${wasm.length} .wasm file(s), expected one copy of chatwire's chatwire.wasm`);
  }
  return { seconds: (performance.now() - started) / 1000, outDir, files, warnings };
}

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}
