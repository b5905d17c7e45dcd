// The shape of a fault scenario (one file each in this folder). The runner
// (test/scenarios.test.mjs) asks packageLacks() first, starts a fresh target,
// asks cannotRun(), then run()s it within timeoutMs, and stops everything
// afterwards.

/**
 * @typedef {object} Scenario
 * @property {string} name
 * @property {number} timeoutMs  the scenario fails, stopped, if it has not finished by then
 * @property {() => string | null} packageLacks  what the packed package lacks for this scenario (a skip,
 *   with that reason, before any target is started), or null
 * @property {(target: import('../lib/targets/target.mjs').Target) => Promise<string | null>} cannotRun
 *   why the scenario cannot run against this target (reported as a skip, with
 *   the reason), or null
 * @property {(context: { scope: import('../lib/scope.mjs').Scope, target: import('../lib/targets/target.mjs').Target,
 *   log: (line: string) => void }) => Promise<void>} run  throws what went wrong; logs its figures
 */

export {};
