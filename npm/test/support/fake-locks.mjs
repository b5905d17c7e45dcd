// A stand-in for the Web Locks API (navigator.locks) of one browser, for
// Node tests: each page gets its own LockManager view of one shared set of
// locks, exclusive mode only, granted in request order per name. A page can
// crash (its locks vanish, as when a tab is killed, while its callbacks never
// return), and a request can be aborted with an AbortSignal while it waits.

export class LockWorld {
  /** name -> { name, mode, clientId } of the lock granted now. */
  held = new Map();
  /** Requests waiting, in order: { name, page, callback, resolve, reject }. */
  waiting = [];
  crashed = new Set();

  /** The navigator.locks of page `page` (a label; it shows as the locks' clientId). */
  managerFor(page) {
    const world = this;
    return {
      request(name, optionsOrCallback, maybeCallback) {
        const callback = typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback;
        const options = typeof optionsOrCallback === 'function' ? {} : (optionsOrCallback ?? {});
        if (world.crashed.has(page)) return new Promise(() => {});
        if ((options.mode ?? 'exclusive') !== 'exclusive') throw new Error('the fake supports exclusive locks only');
        return new Promise((resolve, reject) => {
          const entry = { name, page, callback, resolve, reject };
          const signal = options.signal;
          if (signal) {
            if (signal.aborted) {
              reject(new DOMException('the request was aborted', 'AbortError'));
              return;
            }
            signal.addEventListener('abort', () => {
              const index = world.waiting.indexOf(entry);
              if (index < 0) return;  // granted already: an abort no longer matters
              world.waiting.splice(index, 1);
              reject(new DOMException('the request was aborted', 'AbortError'));
            });
          }
          world.waiting.push(entry);
          world.grant();
        });
      },
      async query() {
        return {
          held: [...world.held.values()].map((lock) => ({ ...lock })),
          pending: world.waiting.map(({ name, page: clientId }) => ({ name, mode: 'exclusive', clientId })),
        };
      },
    };
  }

  /** Page `page` is gone without a word: its locks are released and it never runs again. */
  crash(page) {
    this.crashed.add(page);
    for (const [name, lock] of this.held) if (lock.clientId === page) this.held.delete(name);
    this.waiting = this.waiting.filter((entry) => entry.page !== page);
    this.grant();
  }

  /** Names of the locks held now. */
  heldNames() {
    return [...this.held.keys()];
  }

  grant() {
    for (const entry of [...this.waiting]) {
      if (this.held.has(entry.name)) continue;
      this.waiting.splice(this.waiting.indexOf(entry), 1);
      const lock = { name: entry.name, mode: 'exclusive', clientId: entry.page };
      this.held.set(entry.name, lock);
      const release = () => {
        if (this.held.get(entry.name) !== lock) return;  // its page crashed
        this.held.delete(entry.name);
        this.grant();
      };
      Promise.resolve()
        .then(() => entry.callback(lock))
        .then(
          (value) => {
            release();
            entry.resolve(value);
          },
          (error) => {
            release();
            entry.reject(error);
          },
        );
    }
  }
}
