// The Web Locks the storage modules use to tell a live page from a gone one.
// A lock is released by the browser when the page that holds it closes,
// reloads, crashes or is discarded, which no page event reports reliably
// (pagehide and beforeunload do not run on a crash). Nothing here runs at
// import time.

/** Prefix of the lock each page holds for its lifetime, followed by its page id. */
export const PAGE_LOCK_PREFIX = 'chatwire-page:';

/** The page's Web Locks, or null where there are none (Node, older browsers, insecure origins). */
export function platformLocks(): LockManager | null {
  const nav = (globalThis as { navigator?: { locks?: LockManager } }).navigator;
  const locks = nav?.locks;
  return locks && typeof locks.request === 'function' && typeof locks.query === 'function' ? locks : null;
}

/**
 * Takes the exclusive lock `name` and holds it until the returned function is
 * called. Resolves null when the lock cannot be had within `timeoutMs` or
 * the request fails (a SecurityError in an opaque origin); a grant that comes
 * later is given back at once, so no page lock outlives the wait for it.
 */
export function holdLock(locks: LockManager, name: string, timeoutMs: number): Promise<(() => void) | null> {
  return new Promise((resolve) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      resolve(null);
    }, timeoutMs);
    let held: Promise<unknown>;
    try {
      held = locks.request(name, { mode: 'exclusive' }, () => {
        let release!: () => void;
        // The lock is held as long as this promise is pending: for the page's
        // lifetime unless release() is called.
        const lifetime = new Promise<void>((done) => (release = done));
        if (settled) {
          release();
        } else {
          settled = true;
          clearTimeout(timer);
          resolve(release);
        }
        return lifetime;
      });
    } catch {
      held = Promise.reject(new Error('locks.request threw'));
    }
    held.catch(() => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(null);
    });
  });
}

/** The page ids whose page lock is held now: the live pages. */
export async function livePageIds(locks: LockManager): Promise<Set<string>> {
  const snapshot = await locks.query();
  const live = new Set<string>();
  for (const lock of snapshot.held ?? []) {
    if (typeof lock.name === 'string' && lock.name.startsWith(PAGE_LOCK_PREFIX)) live.add(lock.name.slice(PAGE_LOCK_PREFIX.length));
  }
  return live;
}

/** A new id for this page's store: unique across pages, browser restarts and origins' tabs. */
export function newPageId(): string {
  const crypto = (globalThis as { crypto?: Crypto }).crypto;
  // randomUUID exists only in secure contexts; IndexedDB also works on plain http.
  if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID();
  if (typeof crypto?.getRandomValues === 'function') {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  }
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}
