// Production builds of the apps, and the check every build must pass: the
// package's .wasm was emitted into the output, byte for byte.
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { runCommand } from './command.mjs';

/**
 * Runs `command` in the app's folder and finds the emitted .wasm.
 * @param {{ dir: string, command: string, args: string[], outDir: string }} app
 * @returns {Promise<{ seconds: number, wasmPath: string, warnings: string[] }>}
 *   wasmPath: the .wasm's URL path in the output; warnings: the bundler's, as a user would see them
 */
export async function buildApp({ dir, command, args, outDir }) {
  const started = performance.now();
  const { stdout, stderr } = await runCommand(command, args, { cwd: dir });
  const seconds = (performance.now() - started) / 1000;

  const shipped = readFileSync(packageWasm(dir));
  const emitted = listFiles(join(dir, outDir)).filter((file) => file.endsWith('.wasm'));
  const copy = emitted.find((file) => readFileSync(file).equals(shipped));
  if (!copy) {
    const found = emitted.length ? `only ${emitted.map((f) => relative(dir, f)).join(', ')}, which differ` : 'none';
    throw new Error(`the build emitted no copy of chatwire.wasm into ${outDir}/ (.wasm files: ${found})`);
  }
  return {
    seconds,
    wasmPath: `/${relative(join(dir, outDir), copy).split(sep).join('/')}`,
    warnings: bundlerWarnings(`${stdout}\n${stderr}`),
  };
}

/** webpack's "WARNING in <what>: <why>" and Vite's "(!) <why>" lines, colours stripped. */
function bundlerWarnings(output) {
  return output
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .filter((line) => /^WARNING in |\(!\)/.test(line))
    .map((line) => line.trim());
}

/**
 * The build machine's absolute file: URLs in `scripts` (bundles). webpack replaces
 * `import.meta.url` with the module's file: URL at build time; where the
 * glue keeps it in a variable, that path ships to every browser (and the
 * bundle changes with the checkout's location).
 */
export function buildPathLeaks(scripts) {
  const leaks = scripts.flatMap((file) => readFileSync(file, 'utf8').match(/file:\/\/\/[^"'`\s]*/g) ?? []);
  return [...new Set(leaks)];
}

/**
 * What an app that sets `locateFile` does at build time: copy the package's
 * .wasm (the `chatwire/chatwire.wasm` export) to a path of its choosing.
 * @param {string} dir      the app
 * @param {string} target   the copy, relative to the app
 */
export function copyPackageWasm(dir, target) {
  const destination = join(dir, target);
  mkdirSync(dirname(destination), { recursive: true });
  copyFileSync(packageWasm(dir), destination);
}

/** The installed package's .wasm, found the way a user's build script would: through its "exports". */
function packageWasm(dir) {
  return createRequire(join(dir, 'package.json')).resolve('chatwire/chatwire.wasm');
}

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}
