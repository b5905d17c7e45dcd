// The WebSockets the core asks for. The core names each transport by a
// number; events of a socket the core has since closed are still reported
// (the core ignores them), so a late close can never be mistaken for the
// current connection's.
import type { WebSocketConstructor, WebSocketLike } from './types.js';

export interface TransportEvents {
  opened(transport: number): void;
  frame(transport: number, text: string): void;
  /** A binary frame: the core skips Socket.IO binary attachments. */
  binaryFrame(transport: number): void;
  closed(transport: number, detail: string): void;
}

export class Transports {
  private readonly sockets = new Map<number, WebSocketLike>();

  constructor(
    private readonly WebSocketImpl: WebSocketConstructor,
    private readonly events: TransportEvents,
  ) {}

  /** Opens transport `id` to `url`. A constructor that throws (bad URL) counts as a close. */
  open(id: number, url: string): void {
    let socket: WebSocketLike;
    try {
      socket = new this.WebSocketImpl(url);
    } catch (error) {
      queueMicrotask(() => this.events.closed(id, `cannot open: ${describe(error)}`));
      return;
    }
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => this.events.opened(id);
    socket.onmessage = (event) => {
      if (typeof event.data === 'string') this.events.frame(id, event.data);
      else this.events.binaryFrame(id);
    };
    // Browsers report errors without detail and always follow with close.
    socket.onerror = () => {};
    socket.onclose = (event) => {
      this.sockets.delete(id);
      detach(socket);
      this.events.closed(id, `closed (code ${event.code ?? 'unknown'}${event.reason ? `: ${event.reason}` : ''})`);
    };
    this.sockets.set(id, socket);
  }

  send(id: number, text: string): void {
    const socket = this.sockets.get(id);
    // OPEN is 1 in every WebSocket implementation.
    if (socket && socket.readyState === 1) socket.send(text);
  }

  /** Closes transport `id` without reporting it: the core asked for it. */
  close(id: number): void {
    const socket = this.sockets.get(id);
    if (!socket) return;
    this.sockets.delete(id);
    detach(socket);
    try {
      socket.close(1000);
    } catch {
      // Closing a socket that is still connecting throws in some implementations; it is dropped either way.
    }
  }

  closeAll(): void {
    for (const id of [...this.sockets.keys()]) this.close(id);
  }
}

function detach(socket: WebSocketLike): void {
  socket.onopen = null;
  socket.onmessage = null;
  socket.onclose = null;
  socket.onerror = () => {};  // a late error event must not become an unhandled 'error'
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
