// The route to the shared host where a browser has no SharedWorker: the
// tabs of one server and user elect a leader with a Web Lock
// (`chatwire-leader:<key>`); the leader runs the shared host in its page and
// serves the other tabs over a BroadcastChannel (tab-channel.ts).
//
// Election: a tab takes the lock if it is free, else queues for it. The
// browser hands the lock to a queued tab as soon as the leader's page is
// closed, reloaded, crashes or is discarded, so a leader that is gone is
// replaced at once. A leader that is there but frozen keeps its lock, so
// every view pings the leader while it has nothing else to hear from it,
// and takes the lock from a leader silent for SILENT_LEADER_MS (`steal`).
// The leader it was taken from hears so (its lock request fails), stops
// hosting and becomes a view again.
import type { HostPort, HostRoute } from './host-route.js';
import { TabPort, TabServer, addressedTo, newTabId, type ChannelLike, type PortServer, type TabFrame } from './tab-channel.js';

const LEADER_LOCK_PREFIX = 'chatwire-leader:';
/** Held by the one view that takes over from a silent leader, so that its fellow views do not steal from it in turn. */
const TAKEOVER_LOCK_PREFIX = 'chatwire-takeover:';
const CHANNEL_PREFIX = 'chatwire-tabs:';
/** How often a view checks on the leader; it pings when it heard nothing for this long. */
export const PING_EVERY_MS = 1000;
/** A leader silent this long (no answer to pings) is taken over. */
export const SILENT_LEADER_MS = 3000;

/** A host the leader runs: serves ports, and is closed when another tab takes over. */
export interface TabHost extends PortServer {
  close(): void;
}

export interface LeaderRouteParts {
  /** The shared client's key (server and user): tabs of one key elect one leader. */
  key: string;
  locks: LockManager;
  /** Opens the channel of `name` (a BroadcastChannel). */
  openChannel(name: string): ChannelLike & { close(): void };
  /** Creates the host this tab runs while it leads. */
  makeHost(): TabHost;
  log(message: string, detail?: unknown): void;
}

export class LeaderRoute implements HostRoute {
  onHostChange: (() => void) | null = null;
  private readonly id = newTabId();
  private readonly channel: ChannelLike & { close(): void };
  private readonly lockName: string;
  /** The leader as this tab knows it: its id (this.id while leading), or null while there is none. */
  private leader: string | null = null;
  private hosting: { host: TabHost; server: TabServer; release(): void } | null = null;
  /** The last tab that said it leads: the leader once this one stops. */
  private announced: string | null = null;
  private lastHeard = Date.now();
  private queued: AbortController | null = null;
  private readonly leaderKnown: (() => void)[] = [];
  private closed = false;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly listener = (event: MessageEvent): void => this.hear(event.data);

  constructor(private readonly parts: LeaderRouteParts) {
    this.lockName = LEADER_LOCK_PREFIX + parts.key;
    this.channel = parts.openChannel(CHANNEL_PREFIX + parts.key);
    this.channel.addEventListener('message', this.listener);
    this.timer = setInterval(() => this.watch(), PING_EVERY_MS);
    void this.takeLock({ ifAvailable: true }).then((won) => {
      if (!won) this.queue();
    });
    this.channel.postMessage({ k: 'who', from: this.id } satisfies TabFrame);
  }

  /** Whether this tab runs the host now. */
  get leading(): boolean {
    return this.hosting !== null;
  }

  async open(): Promise<HostPort> {
    while (this.leader === null) await new Promise<void>((resolve) => this.leaderKnown.push(resolve));
    if (this.hosting) {
      // This tab's own view reaches the host in its page directly.
      const channel = new MessageChannel();
      this.hosting.host.connect(channel.port1);
      return channel.port2;
    }
    return new TabPort(this.channel, this.leader, () => {
      this.lastHeard = Date.now();
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.queued?.abort();
    this.stopHosting();
    this.channel.removeEventListener('message', this.listener);
    this.channel.close();
  }

  /**
   * Requests the leader lock; resolves whether it was granted. While held,
   * this tab leads; a request taken away later (another tab stole it) ends
   * that.
   */
  private takeLock(options: LockOptions): Promise<boolean> {
    return new Promise((resolve) => {
      let granted = false;
      this.parts.locks
        .request(this.lockName, options, (lock) => {
          if (lock === null || this.closed) {
            resolve(false);
            return undefined;
          }
          granted = true;
          resolve(true);
          return new Promise<void>((release) => this.lead(release));
        })
        .catch((error: unknown) => {
          if (!granted) {
            resolve(false);  // given up (aborted) before it was granted
            return;
          }
          this.parts.log('chatwire: another tab took over the shared connection', error);
          this.stopHosting();
          this.follow(this.announced === this.id ? null : this.announced);
          this.queue();
        });
    });
  }

  /** Waits for the lock behind the leader: granted when the leader's page goes. */
  private queue(): void {
    if (this.closed) return;
    const queued = new AbortController();
    this.queued = queued;
    void this.takeLock({ signal: queued.signal });
  }

  /**
   * Takes the lock from a leader that does not answer. Every view of that
   * leader notices the silence at about the same time; the one that gets
   * the takeover lock steals, and holds it until it has announced itself,
   * so the others hear the new leader instead of stealing from it.
   */
  private steal(): void {
    void this.parts.locks
      .request(TAKEOVER_LOCK_PREFIX + this.parts.key, { ifAvailable: true }, async (lock) => {
        if (lock === null || this.closed || this.hosting || Date.now() - this.lastHeard < SILENT_LEADER_MS) return;
        this.parts.log('chatwire: the tab hosting the shared connection does not answer; this tab takes over');
        this.queued?.abort();
        this.queued = null;
        await this.takeLock({ steal: true });
      })
      .catch(() => {});
  }

  private lead(release: () => void): void {
    const host = this.parts.makeHost();
    const server = new TabServer(this.channel, this.id, host);
    this.hosting = { host, server, release };
    this.announced = this.id;
    this.follow(this.id);
  }

  private stopHosting(): void {
    const hosting = this.hosting;
    if (!hosting) return;
    this.hosting = null;
    hosting.server.close();
    hosting.host.close();
    hosting.release();
  }

  /** The leader is now `leader` (null: not known yet): views attach again. */
  private follow(leader: string | null): void {
    if (leader === this.leader) return;
    this.leader = leader;
    this.lastHeard = Date.now();
    if (leader === null) {
      this.channel.postMessage({ k: 'who', from: this.id } satisfies TabFrame);
      return;
    }
    for (const resolve of this.leaderKnown.splice(0)) resolve();
    this.onHostChange?.();
  }

  private hear(frame: unknown): void {
    const f = frame as Partial<TabFrame> | null;
    if (f?.k === 'leader' && typeof f.from === 'string' && f.from !== this.id) {
      this.announced = f.from;
      // While this tab leads, another tab's claim is stale (or it stole the lock: then takeLock hears so).
      if (!this.hosting) this.follow(f.from);
      return;
    }
    if (addressedTo(frame, this.id) && frame.k === 'pong' && frame.from === this.leader) this.lastHeard = Date.now();
  }

  /** A view's watch on its leader: ping when it is quiet, take over when it stays silent. */
  private watch(): void {
    if (this.closed || this.hosting) return;
    const silent = Date.now() - this.lastHeard;
    if (silent >= SILENT_LEADER_MS) {
      this.steal();
    } else if (silent >= PING_EVERY_MS && this.leader !== null) {
      this.channel.postMessage({ k: 'ping', from: this.id, to: this.leader } satisfies TabFrame);
    } else if (this.leader === null) {
      this.channel.postMessage({ k: 'who', from: this.id } satisfies TabFrame);
    }
  }
}
