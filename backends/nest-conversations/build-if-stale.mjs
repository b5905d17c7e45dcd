import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SOURCES = [path.join(HERE, 'src'), path.join(HERE, 'tsconfig.json')];
export const ENTRY = path.join(HERE, 'dist', 'main.js');

function newestMtime(target) {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(target).map((name) => newestMtime(path.join(target, name))));
}

/**
 * Compiles the TypeScript server with tsc when dist/main.js is missing or older than any source,
 * so running the tests needs no separate build step. Synchronous: it runs once before a start.
 */
export function buildIfStale() {
  const built = fs.existsSync(ENTRY) ? fs.statSync(ENTRY).mtimeMs : -1;
  if (built >= Math.max(...SOURCES.map(newestMtime))) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', path.join(HERE, 'tsconfig.json')], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(`tsc failed for nest-conversations:\n${error.stdout}${error.stderr}`);
  }
  // tsc -incremental leaves an unchanged main.js alone; touch it so the check above passes next time.
  const now = new Date();
  fs.utimesSync(ENTRY, now, now);
}
