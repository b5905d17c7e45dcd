// createChatClient: a view of the shared client of every tab (share: 'auto',
// see docs/shared-host.md), or a client with a core of its own.
import { ChatClient, createLocalClient } from './client.js';
import { resolveOptions } from './options.js';
import { workerRoute, type HostRoute, type StartWorker } from './shared/host-route.js';
import { openSharedView } from './shared/view-link.js';
import type { ChatClientOptions } from './types.js';

/** @internal Seams for tests: a shared host reached without a browser. */
export interface ClientInternals {
  /** Attach to a shared host through this "worker" (its port), whatever `share` says. */
  startSharedWorker?: StartWorker;
  /** Attach to a shared host through this route (a leader route over a test's locks), whatever `share` says. */
  hostRoute?: HostRoute;
}

/**
 * Creates a client: loads the WebAssembly core (once per page), validates
 * the options and the dialect, and returns a client that is not connected
 * yet. Call connect() to start, destroy() when done. In a browser page the
 * tabs of one server and user share one client (`share`), and this one is
 * a view of it.
 * @throws ChatwireError with source 'config' naming the wrong option
 */
export async function createChatClient(options: ChatClientOptions, internals: ClientInternals = {}): Promise<ChatClient> {
  const resolved = resolveOptions(options);
  const given = internals.hostRoute ?? (internals.startSharedWorker ? workerRoute(internals.startSharedWorker) : null);
  const shared = await openSharedView(options, resolved, given);
  if (!shared) return createLocalClient(options, resolved);
  // The host asks a tab's auth callback itself (needAuth); this client only shows the shared client.
  const client = new ChatClient(() => shared.core, resolved, undefined, options.logger);
  shared.bind(client);
  return client;
}
