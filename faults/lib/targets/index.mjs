// The systems the scenarios run against. Each kind says whether it can be
// started here (null) or why not, and starts a fresh one (its data in
// `dataDir`) for each scenario.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startReferenceServer } from './reference-server.mjs';

const CLUSTER_SCRIPT = fileURLToPath(new URL('../../../scripts/cluster.sh', import.meta.url));

/**
 * @typedef {object} TargetKind
 * @property {string} name
 * @property {() => Promise<string | null>} unavailable  why it cannot be started here, or null
 * @property {(options: { dataDir: string }) => Promise<import('./target.mjs').Target>} start
 */

/** @type {TargetKind[]} */
export const TARGET_KINDS = [
  {
    name: 'reference server',
    unavailable: async () => null,
    start: startReferenceServer,
  },
  {
    // Two nodes on Redis and PostgreSQL behind HAProxy (issue 16, item 1). Its target module comes
    // with the cluster: the scenarios need nothing else (see ./target.mjs).
    name: 'cluster',
    unavailable: async () =>
      existsSync(CLUSTER_SCRIPT)
        ? 'the cluster target is not written yet (faults/lib/targets/cluster.mjs)'
        : 'no cluster to run against: scripts/cluster.sh (branch issue16-cluster) is not merged',
    start: () => Promise.reject(new Error('no cluster target')),
  },
];
