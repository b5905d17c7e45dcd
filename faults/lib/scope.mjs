// Every scenario stops by itself: within its deadline, and with everything it
// started (servers, proxies, clients) stopped whether it passed, failed or
// ran out of time.

/** What a scenario started, stopped in reverse order when it ends. */
export class Scope {
  /** @type {(() => unknown)[]} */
  #cleanups = [];
  #closed = false;

  /** True once the scenario has ended (or run out of time): loops check it to stop early. */
  get closed() {
    return this.#closed;
  }

  /**
   * Registers `cleanup` to run when the scenario ends; returns `value`, for one-line use. Once the
   * scope is closed (a body still running past its deadline starts something), it runs at once.
   */
  defer(cleanup, value) {
    if (this.#closed) {
      Promise.resolve()
        .then(cleanup)
        .catch((error) => console.log(`cleanup failed: ${error instanceof Error ? error.message : error}`));
    } else {
      this.#cleanups.push(cleanup);
    }
    return value;
  }

  /** Runs the cleanups, last first; a failing one is reported and the others still run. */
  async close() {
    this.#closed = true;
    for (const cleanup of this.#cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.log(`cleanup failed: ${error instanceof Error ? error.message : error}`);
      }
    }
    this.#cleanups = [];
  }
}

/**
 * Runs `body` with a fresh Scope, failing with a clear message if it has not finished in
 * `timeoutMs`; either way the scope is closed before this returns, which also ends whatever the
 * body was still waiting for (its servers and clients are gone).
 * @template T
 * @param {string} name
 * @param {number} timeoutMs
 * @param {(scope: Scope) => Promise<T>} body
 * @returns {Promise<T>}
 */
export async function withinDeadline(name, timeoutMs, body) {
  const scope = new Scope();
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name}: not finished within ${timeoutMs / 1000} s; stopped`)), timeoutMs);
  });
  const run = body(scope);
  // After the deadline the body fails on its own as its servers go away; nobody awaits that.
  run.catch(() => {});
  try {
    return await Promise.race([run, deadline]);
  } finally {
    clearTimeout(timer);
    await scope.close();
  }
}
