// The "offline" switch: a WebSocket constructor and a fetch for the chat
// client that can cut the network the way a dropped Wi-Fi does. While off,
// open sockets are dropped (the client sees close code 1006, no goodbye) and
// new ones fail before opening; long-polling requests out are aborted and
// new ones fail as an unreachable host's do. Both transports must be cut:
// otherwise a client whose WebSocket fails falls back to polling, and the
// switch would cut nothing. The client goes through its real reconnect path:
// backoff, countdown, messages kept pending. Switched on again, the page
// fires the browser's `online` event, which tells the client to retry now.
// The position survives a reload of the tab (sessionStorage).
import type { FetchLike, WebSocketConstructor, WebSocketLike } from 'chatwire';

type Listener = () => void;

/** Where a tab's switch position outlives a reload, as a real network outage does. */
const STORAGE_KEY = 'chatwire-demo-offline';

export class OfflineSwitch {
  private offline = readPosition();
  private readonly open = new Set<{ socket: WebSocket; drop: () => void }>();
  /** Polling requests out, aborted when the switch goes off. */
  private readonly requests = new Set<AbortController>();
  private readonly listeners = new Set<Listener>();

  /** Give this to createChatClient as `WebSocket`. */
  readonly WebSocket: WebSocketConstructor;

  constructor() {
    const owner = this;
    // A constructor that returns its object: a real WebSocket, or one that fails.
    function SwitchedWebSocket(url: string): WebSocketLike {
      return owner.offline ? failingSocket() : owner.track(new WebSocket(url));
    }
    this.WebSocket = SwitchedWebSocket as unknown as WebSocketConstructor;
  }

  /** Give this to createChatClient as `fetch`: the client's long-polling requests. */
  readonly fetch: FetchLike = async (url, init) => {
    if (this.offline) throw new TypeError('Failed to fetch (network offline: demo switch)');
    const controller = new AbortController();
    // The client's own abort (it closes the transport) still works.
    init.signal?.addEventListener('abort', () => controller.abort(), { once: true });
    this.requests.add(controller);
    try {
      return await fetch(url, { ...init, signal: controller.signal });
    } finally {
      this.requests.delete(controller);
    }
  };

  get isOffline(): boolean {
    return this.offline;
  }

  setOffline(offline: boolean): void {
    if (offline === this.offline) return;
    this.offline = offline;
    writePosition(offline);
    if (offline) {
      for (const entry of [...this.open]) entry.drop();
      for (const request of [...this.requests]) request.abort();
    } else {
      window.dispatchEvent(new Event('online'));
    }
    for (const listener of this.listeners) listener();
  }

  /** For useSyncExternalStore. */
  subscribe = (listener: Listener) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  getSnapshot = () => this.offline;

  private track(socket: WebSocket): WebSocket {
    const entry = {
      socket,
      drop: () => {
        this.open.delete(entry);
        const onclose = socket.onclose;
        // Silence the real socket, then tell the client what a dead network says.
        socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
        socket.close();
        onclose?.call(socket, new CloseEvent('close', { code: 1006, reason: 'network offline (demo switch)' }));
      },
    };
    this.open.add(entry);
    socket.addEventListener('close', () => this.open.delete(entry));
    return socket;
  }
}

// sessionStorage is per tab: another tab of the demo keeps its own network.
// Storage that cannot be used (a sandboxed frame) leaves the switch on.
function readPosition(): boolean {
  try {
    return sessionStorage.getItem(STORAGE_KEY) === 'offline';
  } catch {
    return false;
  }
}

function writePosition(offline: boolean): void {
  try {
    if (offline) sessionStorage.setItem(STORAGE_KEY, 'offline');
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // The position then lasts until the reload only.
  }
}

/** A socket that fails to connect, asynchronously, as an unreachable host does. */
function failingSocket(): WebSocketLike {
  const socket: WebSocketLike = {
    binaryType: 'blob',
    readyState: 0,
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
    send() {
      throw new Error('not open');
    },
    close() {},
  };
  setTimeout(() => {
    (socket as { readyState: number }).readyState = WebSocket.CLOSED;
    socket.onerror?.(new Event('error'));
    socket.onclose?.({ code: 1006, reason: 'network offline (demo switch)' });
  }, 50);
  return socket;
}
