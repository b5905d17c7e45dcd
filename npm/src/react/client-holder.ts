'use client';
// Owns the ChatClient of one <ChatProvider>. React StrictMode mounts,
// unmounts and mounts again every effect in development; destroying the
// client on the first unmount and creating another on the second mount
// would open two connections. So release() only schedules the destroy, and
// an acquire() that follows at once cancels it: one client, one connection.
import type { ChatClient } from '../client.js';
import { createChatClient } from '../create-chat-client.js';
import { ChatwireError } from '../errors.js';
import type { ChatClientOptions } from '../types.js';

export class ClientHolder {
  private client: ChatClient | null = null;
  private loadError: ChatwireError | null = null;
  private loading = false;
  private disposed = false;
  private users = 0;
  private disposeTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<() => void>();

  /** Pure: React may construct and discard holders while rendering. */
  constructor(
    private readonly options: ChatClientOptions,
    private readonly autoConnect: boolean,
  ) {}

  /** A provider mounted (an effect ran). Starts loading the client on first use. */
  acquire(): void {
    this.users += 1;
    if (this.disposeTimer !== null) {
      clearTimeout(this.disposeTimer);
      this.disposeTimer = null;
    }
    if (!this.client && !this.loading && !this.disposed) this.load();
  }

  /** A provider unmounted. The client is destroyed unless it is mounted again right away. */
  release(): void {
    this.users -= 1;
    if (this.users > 0 || this.disposeTimer !== null) return;
    this.disposeTimer = setTimeout(() => {
      this.disposeTimer = null;
      if (this.users === 0) this.dispose();
    }, 0);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getClient = (): ChatClient | null => this.client;

  getLoadError = (): ChatwireError | null => this.loadError;

  private load(): void {
    this.loading = true;
    createChatClient(this.options).then(
      (client) => {
        this.loading = false;
        if (this.disposed) {
          client.destroy();
          return;
        }
        this.client = client;
        if (this.autoConnect) client.connect();
        this.notify();
      },
      (error: unknown) => {
        this.loading = false;
        this.loadError =
          error instanceof ChatwireError
            ? error
            : new ChatwireError({ source: 'config', code: 'load_failed', message: error instanceof Error ? error.message : String(error) });
        this.notify();
      },
    );
  }

  private dispose(): void {
    this.disposed = true;
    const client = this.client;
    this.client = null;
    client?.destroy();
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
