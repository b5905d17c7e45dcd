// The SharedWorker that hosts the shared clients of an origin (one per
// server and user; see shared/host.ts). Pages start it through
// shared/view-link.ts; bundlers find it by the `new URL('./worker.js',
// import.meta.url)` there, and an app that serves it itself passes the
// `workerUrl` option.
import { createLocalClient } from '../client.js';
import { SharedHost } from './host.js';

interface SharedWorkerScope {
  onconnect: ((event: MessageEvent) => void) | null;
  navigator: { locks?: LockManager };
}

const scope = globalThis as unknown as SharedWorkerScope;
// createLocalClient, not createChatClient: the worker must not include the code that starts it.
const host = new SharedHost((options) => createLocalClient(options), scope.navigator.locks ?? null, (message) => console.warn(message));
scope.onconnect = (event) => {
  const port = event.ports[0];
  if (port) host.connect(port);
};
