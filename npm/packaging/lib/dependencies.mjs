// This folder's own npm packages (bundlers, Playwright, socket.io), installed
// from package-lock.json with `npm ci` unless node_modules already matches it.
//
// npm keeps a copy of what it installed in node_modules/.package-lock.json.
// That copy leaves out optional packages for other platforms (Vite's
// rolldown and lightningcss ship one binary package per OS and CPU), so the
// two files are compared entry by entry, letting a missing optional entry pass.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from './command.mjs';

/** @returns {Promise<boolean>} whether it installed */
export async function ensureInstalled(dir) {
  if (isInStep(dir)) return false;
  await runCommand('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
  return true;
}

function isInStep(dir) {
  const wanted = readPackages(join(dir, 'package-lock.json'));
  const installed = readPackages(join(dir, 'node_modules', '.package-lock.json'));
  if (!wanted || !installed) return false;
  delete wanted[''];  // the folder itself, not an installed package
  for (const [path, entry] of Object.entries(wanted)) {
    const have = installed[path];
    if (have === undefined ? !entry.optional : JSON.stringify(have) !== JSON.stringify(entry)) return false;
  }
  return Object.keys(installed).every((path) => path in wanted);
}

function readPackages(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8')).packages ?? null;
  } catch {
    return null;
  }
}
