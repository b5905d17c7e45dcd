// Web Locks for Node tests of the leader election (shared/leader-route.ts):
// one exclusive lock per name, with the request options the election uses
// (ifAvailable, signal, steal), as the Web Locks spec describes them. Node
// has no navigator.locks; the real ones are used by the Playwright tests.

/** A LockManager for the tabs of one simulated browser. */
export function memoryLocks() {
  const holders = new Map();  // name → the holder's token
  const queues = new Map();   // name → waiting requests, oldest first

  const grantNext = (name) => queues.get(name)?.shift()?.grant();

  function grant(name, callback, resolve, reject) {
    const token = { stolen: false, reject };
    holders.set(name, token);
    const settle = (done) => {
      if (token.stolen) return;  // its request already failed when the lock was taken from it
      if (holders.get(name) === token) {
        holders.delete(name);
        grantNext(name);
      }
      done();
    };
    Promise.resolve()
      .then(() => callback({ name, mode: 'exclusive' }))
      .then((value) => settle(() => resolve(value)), (error) => settle(() => reject(error)));
  }

  return {
    request(name, optionsOrCallback, maybeCallback) {
      const options = typeof optionsOrCallback === 'function' ? {} : (optionsOrCallback ?? {});
      const callback = typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback;
      return new Promise((resolve, reject) => {
        if (options.steal) {
          const current = holders.get(name);
          if (current) {
            current.stolen = true;
            current.reject(new DOMException('the lock was stolen', 'AbortError'));
          }
          grant(name, callback, resolve, reject);
          return;
        }
        const queue = queues.get(name) ?? [];
        queues.set(name, queue);
        if (!holders.has(name) && queue.length === 0) {
          grant(name, callback, resolve, reject);
          return;
        }
        if (options.ifAvailable) {
          Promise.resolve().then(() => callback(null)).then(resolve, reject);
          return;
        }
        const entry = { grant: () => grant(name, callback, resolve, reject) };
        queue.push(entry);
        options.signal?.addEventListener('abort', () => {
          const at = queue.indexOf(entry);
          if (at < 0) return;
          queue.splice(at, 1);
          reject(new DOMException('the request was aborted', 'AbortError'));
        });
      });
    },
    async query() {
      return {
        held: [...holders.keys()].map((name) => ({ name, mode: 'exclusive' })),
        pending: [...queues].flatMap(([name, queue]) => queue.map(() => ({ name, mode: 'exclusive' }))),
      };
    },
  };
}
