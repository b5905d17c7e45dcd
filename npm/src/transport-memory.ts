// Which transport last worked with a server, kept across page loads in
// localStorage when the runtime has it (a page; not Node, not a worker), so
// that a page behind a proxy that breaks WebSockets starts on polling at once
// instead of waiting out the WebSocket again. Storage that throws (private
// modes, sandboxed frames) only means nothing is remembered.
import type { TransportName } from './types.js';

const PREFIX = 'chatwire:transport:';

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function storage(): StorageLike | null {
  try {
    const local = (globalThis as { localStorage?: StorageLike }).localStorage;
    return local && typeof local.getItem === 'function' ? local : null;
  } catch {
    return null;  // reading localStorage itself throws where storage is blocked
  }
}

/** What worked last with `server` (the socket base URL), if anything was kept. */
export function rememberedTransport(server: string): TransportName | null {
  try {
    const value = storage()?.getItem(PREFIX + server);
    return value === 'websocket' || value === 'polling' ? value : null;
  } catch {
    return null;
  }
}

/** Keeps what works with `server` now. */
export function rememberTransport(server: string, transport: TransportName): void {
  try {
    const local = storage();
    if (local && local.getItem(PREFIX + server) !== transport) local.setItem(PREFIX + server, transport);
  } catch {
    // Full or blocked: the next page load starts with the default order.
  }
}

/**
 * `transports` in the order to try them on this page load: when both are
 * allowed and polling worked last time, polling first (the WebSocket is then
 * reached by upgrading, as soon as it works again).
 */
export function transportOrder(server: string, transports: readonly TransportName[]): TransportName[] {
  const order = [...transports];
  if (order.length === 2 && rememberedTransport(server) === 'polling') return ['polling', 'websocket'];
  return order;
}
