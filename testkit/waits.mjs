// Waiting in tests. Tests wait for states, never for fixed times, unless they
// prove an absence ("no second copy arrived"): then sleep() gives the thing
// that must not happen its chance to happen.

/**
 * Polls `predicate` (it may be async: a REST query) until it returns a truthy value, and
 * resolves with that value; rejects after `timeout` ms with
 * "timed out after <timeout> ms waiting for: <message>".
 * @template T
 * @param {() => T | Promise<T>} predicate
 * @param {{ timeout?: number, interval?: number, message?: string }} [options]
 *   timeout: ms, default 5000; interval: ms between polls, default 10; message: what is awaited,
 *   in words (the predicate's source when absent)
 * @returns {Promise<T>}
 */
export async function waitFor(predicate, { timeout = 5000, interval = 10, message = String(predicate) } = {}) {
  const started = Date.now();
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() - started > timeout) throw new Error(`timed out after ${timeout} ms waiting for: ${message}`);
    await sleep(interval);
  }
}

/**
 * Resolves after `ms` milliseconds.
 * @param {number} ms
 * @returns {Promise<void>}
 */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
