// What a page without SharedWorker needs to share its client: the leader
// election, and the host it runs while it leads. Loaded on demand by
// view-link.ts (a dynamic import), so that the pages of browsers with
// SharedWorker, nearly all, never download it.
import { createLocalClient } from '../client.js';
import type { ChatClientOptions } from '../types.js';
import { SharedHost } from './host.js';
import { LeaderRoute } from './leader-route.js';

/** The route of the tabs of `key` through a leader tab, over this page's Web Locks and BroadcastChannel. */
export function leaderRoute(options: ChatClientOptions, key: string, locks: LockManager): LeaderRoute {
  const log = (message: string, detail?: unknown): void => options.logger?.warn?.(message, detail);
  return new LeaderRoute({
    key,
    locks,
    openChannel: (name) => new BroadcastChannel(name),
    // The leader tab runs what the worker would: createLocalClient, the page's own core.
    makeHost: () => new SharedHost((hostOptions) => createLocalClient(hostOptions), locks, (message) => log(message)),
    log,
  });
}
