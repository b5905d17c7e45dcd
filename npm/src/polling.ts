// The HTTP long-polling requests the core asks for ("request" actions), run
// with fetch. The core decides everything (which request, when, what a
// status means); this only moves bytes and reports how each request ended.
// Answers of a transport the core has closed are still reported: the core
// ignores a request it no longer waits for.
import type { FetchLike } from './types.js';

export interface PollingEvents {
  /** Request `request` ended: its status and body, or status 0 and a diagnostic. */
  answered(request: number, status: number, body: string): void;
}

export interface PollingRequest {
  transport: number;
  request: number;
  method: 'GET' | 'POST';
  query: string;
  body?: string;
}

export class PollingRequests {
  /** The GET out per transport: close() aborts it. */
  private readonly gets = new Map<number, AbortController>();

  /**
   * `base`: http(s) origin plus the Engine.IO path, ending in "/".
   * `fetchImpl`: the app's fetch(); the global one (looked up per request) when undefined.
   */
  constructor(
    private readonly base: string,
    private readonly events: PollingEvents,
    private readonly fetchImpl?: FetchLike,
  ) {}

  run(action: PollingRequest): void {
    const fetchImpl = this.fetchImpl ?? (globalThis as { fetch?: FetchLike }).fetch;
    if (typeof fetchImpl !== 'function') {
      queueMicrotask(() => this.events.answered(action.request, 0, 'this runtime has no fetch(): polling needs Node 18+ or a browser'));
      return;
    }
    const controller = new AbortController();
    const isGet = action.method === 'GET';
    if (isGet) this.gets.set(action.transport, controller);
    const init: RequestInit = { method: action.method, cache: 'no-store', signal: controller.signal };
    if (!isGet) {
      init.body = action.body ?? '';
      init.headers = { 'content-type': 'text/plain;charset=UTF-8' };
    }
    const settle = (status: number, body: string) => {
      if (isGet && this.gets.get(action.transport) === controller) this.gets.delete(action.transport);
      if (!controller.signal.aborted) this.events.answered(action.request, status, body);
    };
    fetchImpl(`${this.base}?${action.query}`, init).then(
      // A body cut short rejects text(): that is no complete answer (status 0).
      (response) => response.text().then((body) => settle(response.status, body), (error) => settle(0, `the body was cut short: ${describe(error)}`)),
      (error) => settle(0, describe(error)),
    );
  }

  /**
   * Aborts the GET of `transport`, whose answer nobody wants now. A POST
   * already made is left to finish: it carries what was said last (a
   * Socket.IO DISCONNECT, an Engine.IO close).
   */
  close(transport: number): void {
    const controller = this.gets.get(transport);
    if (!controller) return;
    this.gets.delete(transport);
    controller.abort();
  }

  closeAll(): void {
    for (const transport of [...this.gets.keys()]) this.close(transport);
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}
