import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where each backend's run leaves its outcomes (git-ignored: they belong to one run); a run over
 * polling (CONFORMANCE_TRANSPORT=polling) in results/polling/, apart from the README's table.
 */
export const RESULTS_DIR = fileURLToPath(
  new URL(process.env.CONFORMANCE_TRANSPORT === 'polling' ? './results/polling/' : './results/', import.meta.url),
);

/** Writes one backend's outcomes, with when and where they were measured. */
export function writeResults(backend, outcomes) {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const record = {
    backend: backend.name,
    preset: backend.preset,
    finishedAt: new Date().toISOString(),
    node: process.version,
    outcomes,
  };
  fs.writeFileSync(`${RESULTS_DIR}${backend.preset}.json`, `${JSON.stringify(record, null, 2)}\n`);
}

/** Every backend's last recorded run, in the order given by `presets`; missing ones are skipped. */
export function readResults(presets) {
  return presets
    .map((preset) => `${RESULTS_DIR}${preset}.json`)
    .filter((file) => fs.existsSync(file))
    .map((file) => JSON.parse(fs.readFileSync(file, 'utf8')));
}
