// Browser hints the core uses: connectivity (online / offline) and whether
// the page is visible (an open room is read as messages arrive only while
// someone can see it). Attached on connect, never at import time, and
// absent in Node and during server rendering. In a worker (the shared host)
// only connectivity is heard; the views say whether they are visible.

export interface EnvironmentEvents {
  online(): void;
  offline(): void;
  visibility(visible: boolean): void;
}

/** Starts listening; returns the function that stops. */
export function watchEnvironment(events: EnvironmentEvents): () => void {
  const target = (globalThis as { window?: EventTarget }).window ?? workerScope();
  const doc = (globalThis as { document?: Document }).document;
  if (!target || typeof target.addEventListener !== 'function') return () => {};
  const online = () => events.online();
  const offline = () => events.offline();
  const visibility = () => events.visibility(isVisible());
  target.addEventListener('online', online);
  target.addEventListener('offline', offline);
  doc?.addEventListener('visibilitychange', visibility);
  return () => {
    target.removeEventListener('online', online);
    target.removeEventListener('offline', offline);
    doc?.removeEventListener('visibilitychange', visibility);
  };
}

/** The global scope of a worker, which hears `online` and `offline` too; undefined elsewhere. */
function workerScope(): EventTarget | undefined {
  const scope = globalThis as { WorkerGlobalScope?: unknown; addEventListener?: unknown };
  return typeof scope.WorkerGlobalScope === 'function' && typeof scope.addEventListener === 'function'
    ? (globalThis as unknown as EventTarget)
    : undefined;
}

/** The page can be seen (true outside browsers). */
export function isVisible(): boolean {
  const doc = (globalThis as { document?: Document }).document;
  return !doc || doc.visibilityState !== 'hidden';
}

/** The platform believes it is offline (false when it cannot tell). */
export function isOffline(): boolean {
  const nav = (globalThis as { navigator?: { onLine?: boolean } }).navigator;
  return nav?.onLine === false;
}
