// Before the scenarios: the package as users get it. `npm pack` of npm/
// (after its build: `cd npm && npm run build`), installed into this folder's
// node_modules with `npm install --no-save`, so package.json and the lock
// stay as committed. The same path as the packaging tests
// (npm/packaging/lib/tarball.mjs, reused): a tarball already installed is not
// installed again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installTarball, packPackage } from '../npm/packaging/lib/tarball.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'chatwire-faults-pack-'));
try {
  const tarball = await packPackage(resolve(here, '../npm'), scratch);
  const installed = await installTarball(here, tarball);
  console.log(`chatwire ${installed ? 'installed from' : 'already installed:'} the packed tarball (${tarball.integrity.slice(0, 20)}...)`);
} catch (error) {
  console.error(`the packed package could not be installed: ${error.message}`);
  process.exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
