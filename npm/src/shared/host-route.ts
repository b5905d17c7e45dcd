// How a view reaches the shared host: through a SharedWorker (here), or,
// where there is none, through the tab elected leader (leader-route.ts).
// view-link.ts attaches over whichever port a route opens.
import type { HostMessage, ViewInput } from './protocol.js';

/** A port to the host: a MessagePort, or a stand-in with the same three members. */
export interface HostPort {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
  close(): void;
  /** Inputs posted that may not have reached the host (see tab-channel.ts); none on a MessagePort. */
  unacknowledgedInputs?(): ViewInput[];
}

/** Where the host is. */
export interface HostRoute {
  /**
   * A new port to the host as it is now. A host that cannot be started (the
   * worker script failed to load) answers on it with `unavailable`, as a
   * host that cannot create the client does: the view goes local.
   */
  open(): Promise<HostPort>;
  /** Set by the view: called when the host changed (a new leader tab); the view attaches again. */
  onHostChange: (() => void) | null;
  /** The view is gone: stop taking part (a leader tab gives up hosting). */
  close(): void;
}

/** A started SharedWorker, as far as a view uses it (tests give a MessageChannel's end). */
export interface WorkerLike {
  port: MessagePort;
  onerror: ((event: ErrorEvent) => void) | null;
}

/** Starts (or finds) the worker. */
export type StartWorker = () => WorkerLike;

/** The route through a SharedWorker: one host per origin that outlives its tabs, so it never changes. */
export function workerRoute(start: StartWorker): HostRoute {
  return {
    onHostChange: null,
    close() {},
    async open() {
      const worker = start();
      const port: HostPort = worker.port;
      // A worker script that fails to load says so only here, after the view has started waiting.
      worker.onerror = () => {
        worker.onerror = null;
        const error = { source: 'connection', code: 'shared_worker_failed', message: 'the shared worker failed to start' } as const;
        port.onmessage?.({ data: { t: 'unavailable', error } satisfies HostMessage } as MessageEvent);
      };
      return port;
    },
  };
}

/** Starts the SharedWorker of this package, or the app's (`workerUrl`). */
export function startSharedWorker(workerUrl: string | URL | undefined): WorkerLike {
  if (workerUrl !== undefined) return new SharedWorker(workerUrl, { type: 'module', name: 'chatwire' });
  // Spelled exactly so: `new SharedWorker(new URL('./worker.js', import.meta.url), {...})`
  // is what Vite, webpack and Turbopack look for to bundle the worker.
  return new SharedWorker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'chatwire' });
}
