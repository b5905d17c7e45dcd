// The systems the scenarios run against. Each kind says whether it can be
// started here (null) or why not, and starts a fresh one (its data in
// `dataDir`) for each scenario.
import { clusterUnavailable, startCluster } from './cluster.mjs';
import { startReferenceServer } from './reference-server.mjs';

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
    // Two nodes on PostgreSQL and Redis behind HAProxy (issue 16, item 1); crash() kills one node.
    name: 'cluster',
    unavailable: clusterUnavailable,
    start: startCluster,
  },
];
