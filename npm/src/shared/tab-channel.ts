// The host protocol (protocol.ts) between tabs, for browsers without
// SharedWorker: the tab elected leader (leader-route.ts) runs the shared
// host, and the other tabs reach it over one BroadcastChannel. A channel is
// heard by every tab, so each frame names its sender and its addressee; a
// tab's view gets a port-like TabPort, and the leader a port-like adapter
// per view port, so host.ts and view-link.ts work over it unchanged.
//
// A BroadcastChannel loses nothing between two live tabs, but a frame sent
// to a leader that is closing is lost with it. So a view numbers what it
// posts and the leader acknowledges each frame; what is not acknowledged
// when the leader changes is posted again to the next one (view-link.ts
// replays the inputs). A leader that stops answering (a frozen tab) is
// noticed by the views' pings (leader-route.ts).
import type { HostMessage, ViewInput, ViewMessage } from './protocol.js';

/** One frame on the channel. `from` and `to` are tab-route ids (view ports have their own). */
export type TabFrame =
  /** A tab looks for the leader. */
  | { k: 'who'; from: string }
  /** The leader says it is: on election, and in answer to `who`. */
  | { k: 'leader'; from: string }
  | { k: 'ping'; from: string; to: string }
  | { k: 'pong'; from: string; to: string }
  /** View port → leader: the `n`th message of this port. */
  | { k: 'view'; from: string; to: string; n: number; m: ViewMessage }
  /** Leader → view port: messages up to `n` arrived. */
  | { k: 'ack'; from: string; to: string; n: number }
  /** Leader → view port. */
  | { k: 'host'; from: string; to: string; m: HostMessage };

/** The part of a BroadcastChannel used here (tests give an in-memory one). */
export interface ChannelLike {
  postMessage(frame: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/** A random id for a route or a port: unique among the tabs of a browser. */
export function newTabId(): string {
  const words = new Uint32Array(2);
  globalThis.crypto.getRandomValues(words);
  return `${words[0]!.toString(36)}${words[1]!.toString(36)}`;
}

/** Whether `frame` looks like a TabFrame addressed to `id` (other tabs' frames are not ours to judge). */
export function addressedTo(frame: unknown, id: string): frame is Extract<TabFrame, { to: string }> {
  if (typeof frame !== 'object' || frame === null) return false;
  const f = frame as { to?: unknown; from?: unknown; k?: unknown };
  return f.to === id && typeof f.from === 'string' && typeof f.k === 'string';
}

/**
 * A view's port to the leader tab `leader`. Messages are numbered and kept
 * until the leader acknowledges them; `unacknowledgedInputs()` hands the
 * inputs among them to the next port when the leader changes.
 */
export class TabPort {
  readonly id = newTabId();
  onmessage: ((event: { data: unknown }) => void) | null = null;
  private sent = 0;
  private readonly waiting = new Map<number, ViewMessage>();
  private closed = false;
  private readonly listener = (event: MessageEvent): void => this.hear(event.data);

  constructor(
    private readonly channel: ChannelLike,
    readonly leader: string,
    /** Called with every frame heard from the leader (its liveness, for the route). */
    private readonly heardLeader: () => void,
  ) {
    channel.addEventListener('message', this.listener);
  }

  postMessage(message: unknown): void {
    if (this.closed) return;
    const n = ++this.sent;
    this.waiting.set(n, message as ViewMessage);
    this.channel.postMessage({ k: 'view', from: this.id, to: this.leader, n, m: message as ViewMessage } satisfies TabFrame);
  }

  close(): void {
    this.closed = true;
    this.channel.removeEventListener('message', this.listener);
  }

  /** The inputs posted that the leader has not acknowledged, in order. */
  unacknowledgedInputs(): ViewInput[] {
    const inputs: ViewInput[] = [];
    for (const message of this.waiting.values()) if (message.t === 'input') inputs.push(message.input);
    return inputs;
  }

  private hear(frame: unknown): void {
    if (this.closed || !addressedTo(frame, this.id) || frame.from !== this.leader) return;
    this.heardLeader();
    if (frame.k === 'ack') {
      for (const n of this.waiting.keys()) if (n <= frame.n) this.waiting.delete(n);
    } else if (frame.k === 'host') {
      this.onmessage?.({ data: frame.m });
    }
  }
}

/** What the leader serves: a SharedHost, or anything that takes ports the same way. */
export interface PortServer {
  connect(port: { postMessage(message: unknown): void; onmessage: ((event: MessageEvent) => void) | null; close(): void }): void;
}

/** The leader's end of one view port: what host.ts sees as that view's port. */
class LeaderSidePort {
  onmessage: ((event: MessageEvent) => void) | null = null;
  /** The number of the last message delivered: a frame posted twice is delivered once. */
  delivered = 0;

  constructor(
    private readonly channel: ChannelLike,
    private readonly leader: string,
    private readonly view: string,
    private readonly onClose: () => void,
  ) {}

  postMessage(message: unknown): void {
    this.channel.postMessage({ k: 'host', from: this.leader, to: this.view, m: message as HostMessage } satisfies TabFrame);
  }

  close(): void {
    this.onClose();
  }
}

/**
 * The leader's side of the channel: announces the leader, answers `who`
 * and pings, and hands each view port that attaches to `server` as a port.
 */
export class TabServer {
  private readonly ports = new Map<string, LeaderSidePort>();
  private readonly listener = (event: MessageEvent): void => this.hear(event.data);

  constructor(
    private readonly channel: ChannelLike,
    /** The leader's route id. */
    private readonly id: string,
    private readonly server: PortServer,
  ) {
    channel.addEventListener('message', this.listener);
    this.announce();
  }

  /** Stops serving: the views hear no more from this tab. */
  close(): void {
    this.channel.removeEventListener('message', this.listener);
    this.ports.clear();
  }

  private announce(): void {
    this.channel.postMessage({ k: 'leader', from: this.id } satisfies TabFrame);
  }

  private hear(frame: unknown): void {
    const f = frame as Partial<TabFrame> | null;
    if (f?.k === 'who') {
      this.announce();
      return;
    }
    if (!addressedTo(frame, this.id)) return;
    if (frame.k === 'ping') {
      this.channel.postMessage({ k: 'pong', from: this.id, to: frame.from } satisfies TabFrame);
      return;
    }
    if (frame.k !== 'view' || typeof frame.n !== 'number') return;
    let port = this.ports.get(frame.from);
    if (!port) {
      // A port's first frame is its attach; a port this leader never saw that starts elsewhere is a
      // view of an earlier leader: it attaches again when it hears this one.
      if ((frame.m as { t?: unknown } | null)?.t !== 'attach') return;
      const view = frame.from;
      port = new LeaderSidePort(this.channel, this.id, view, () => this.ports.delete(view));
      this.ports.set(view, port);
      this.server.connect(port);
    }
    if (frame.n > port.delivered) {
      port.delivered = frame.n;
      port.onmessage?.({ data: frame.m } as MessageEvent);
    }
    this.channel.postMessage({ k: 'ack', from: this.id, to: frame.from, n: frame.n } satisfies TabFrame);
  }
}
