// One-at-a-time async work per key: what keeps the protocol engine's steps
// for one room from interleaving now that the store is asynchronous.

/**
 * A queue per key: `run(key, work)` starts `work` once every earlier work of
 * the same key has settled (resolved or rejected), and resolves or rejects as
 * `work` does. Different keys run concurrently. A key's queue is forgotten
 * when it runs empty, so keys cost nothing once idle.
 *
 * @returns {{ run<T>(key: string, work: () => T | Promise<T>): Promise<T>, readonly busyKeys: number }}
 */
export function createKeyedQueue() {
  /** The settling of the last work queued per key. @type {Map<string, Promise<void>>} */
  const tails = new Map();
  const ignore = () => {};
  return {
    run(key, work) {
      const result = (tails.get(key) ?? Promise.resolve()).then(work);
      const tail = result.then(ignore, ignore);
      tails.set(key, tail);
      tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    /** How many keys have work queued or running (for tests: no key is kept forever). */
    get busyKeys() {
      return tails.size;
    },
  };
}
