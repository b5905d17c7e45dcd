// A handle on one room of a ChatClient. Handles are cheap and cached per
// id: client.room('general') always returns the same object, so its
// snapshot cache and listeners are shared by every component that asks.
import type { CoreClient, CoreCommandResult, CoreRoomSnapshot } from './chatwire_core.js';
import { ChatwireError } from './errors.js';
import { Signal } from './emitter.js';
import { Part, emptySnapshot, nextSnapshot } from './snapshot.js';
import type { RoomSnapshot } from './types.js';

/** What a Room needs from its client (implemented by ChatClient). */
export interface RoomHost {
  /** Runs one core command now, then processes what it produced; throws ChatwireError when refused. */
  command(run: (core: CoreClient, now: number) => string, roomId: string): CoreCommandResult & { ok: true };
  /** Runs a core call that returns nothing, then processes what it produced. */
  input(run: (core: CoreClient, now: number) => void): void;
  /** The core, or null once destroyed. */
  core(): CoreClient | null;
  setActive(roomId: string, active: boolean): void;
  reportListenerError(error: unknown): void;
}

interface OlderWaiter {
  resolve(added: number): void;
  reject(error: ChatwireError): void;
  before: number;
}

export class Room {
  private snapshot: RoomSnapshot;
  /** Parts of the snapshot the core changed since it was last read. */
  private stale: number = Part.all;
  private readonly changed: Signal;
  private olderWaiters: OlderWaiter[] = [];

  /** @internal Use client.room(id). */
  constructor(
    /** The room's id, as the backend names it. */
    readonly id: string,
    private readonly host: RoomHost,
  ) {
    this.snapshot = emptySnapshot(id);
    this.changed = new Signal((error) => host.reportListenerError(error));
  }

  /**
   * Joins the room (idempotent). The join goes out when connected, and the
   * room is joined again by itself after every reconnect.
   */
  join(): void {
    this.host.command((core, now) => core.join(now, this.id), this.id);
  }

  /** Leaves the room: its unconfirmed messages fail; what was shown stays readable. */
  leave(): void {
    this.host.command((core, now) => core.leave(now, this.id), this.id);
  }

  /**
   * Shows `text` at once as a pending message and sends it as soon as
   * possible, across reconnects. Returns its client id, which names the
   * message before and after the server confirms it.
   * @throws ChatwireError 'not_joined', 'empty_text', 'text_too_long', 'too_many_pending', ...
   */
  send(text: string): string {
    if (typeof text !== 'string') throw new ChatwireError({ source: 'command', code: 'invalid_text', message: 'text must be a string', roomId: this.id });
    const result = this.host.command((core, now) => core.send(now, this.id, text), this.id);
    return String(result.value);
  }

  /** Sends a failed message again, under the same client id (never twice on the server). */
  retry(clientId: string): void {
    this.host.command((core, now) => core.retry(now, clientId), this.id);
  }

  /** Removes a failed message, or one not yet handed to the server. */
  cancel(clientId: string): void {
    this.host.command((core) => core.cancel(0, clientId), this.id);
  }

  /** Call on every keystroke; the client decides what to send (a start, a refresh, a stop after idling). */
  typing(): void {
    this.host.input((core, now) => core.typing(now, this.id));
  }

  /** The user cleared the input or sent: announce the stop now. */
  stopTyping(): void {
    this.host.input((core, now) => core.stopTyping(now, this.id));
  }

  /** Marks everything shown as read (the unread count drops to 0) and tells the server where it can. */
  markRead(): void {
    this.host.command((core, now) => core.markRead(now, this.id), this.id);
  }

  /**
   * The app shows this room: while the page is visible, messages are read
   * as they arrive. Call with false when the user switches away.
   */
  setActive(active: boolean): void {
    this.host.setActive(this.id, active);
  }

  /**
   * Loads the page of messages before the oldest one shown. Resolves with
   * how many messages were added (0 when there is nothing older); a load
   * already in flight is shared rather than refused.
   * @throws ChatwireError 'unsupported' where the backend has no paged history
   */
  loadOlder(count = 0): Promise<number> {
    const before = this.getSnapshot().messages.length;
    const waiter = new Promise<number>((resolve, reject) => this.olderWaiters.push({ resolve, reject, before }));
    try {
      this.host.command((core, now) => core.loadOlder(now, this.id, count), this.id);
    } catch (error) {
      const code = error instanceof ChatwireError ? error.code : '';
      if (code === 'busy') return waiter;
      this.olderWaiters.pop();
      if (code === 'no_more_history') return Promise.resolve(0);
      return Promise.reject(error);
    }
    return waiter;
  }

  /** The room as it is now; the same object until the room changes. */
  getSnapshot = (): RoomSnapshot => {
    if (this.stale === 0) return this.snapshot;
    const core = this.host.core();
    if (!core) return this.snapshot;
    let parts = this.snapshot.version === 0 ? Part.all : this.stale;
    this.stale = 0;
    // Messages always as changes: a room of 10,000 then costs its keys and
    // the one message that arrived, not all of it (src/api/message_changes.h).
    if ((parts & Part.messages) !== 0) parts |= Part.messageChanges;
    const read = (bits: number) => nextSnapshot(this.snapshot, JSON.parse(core.roomSnapshot(this.id, bits)) as CoreRoomSnapshot);
    // Null: the core named a message this side does not hold (out of step);
    // from scratch it names none that it does not send, so it cannot be null.
    this.snapshot = read(parts) ?? read(parts | Part.messagesFromScratch)!;
    return this.snapshot;
  };

  /** Calls `listener` after every change of the room; returns the function that stops it. */
  subscribe = (listener: () => void): (() => void) => this.changed.subscribe(listener);

  /** @internal The core reported a change of `what` (Part bits). */
  invalidate(what: number): void {
    this.stale |= what;
  }

  /** @internal After a batch that changed the room: settle loads, tell listeners. */
  settle(historyError: ChatwireError | null): void {
    if (this.olderWaiters.length > 0) {
      if (historyError) {
        for (const waiter of this.takeWaiters()) waiter.reject(historyError);
      } else if (!this.getSnapshot().loadingOlder) {
        const length = this.snapshot.messages.length;
        for (const waiter of this.takeWaiters()) waiter.resolve(Math.max(0, length - waiter.before));
      }
    }
    this.changed.notify();
  }

  /** @internal Loads still waiting fail with `error` (the client is being destroyed). */
  failLoads(error: ChatwireError): void {
    for (const waiter of this.takeWaiters()) waiter.reject(error);
  }

  /** @internal The client is gone: listeners are dropped. */
  close(): void {
    this.changed.clear();
  }

  private takeWaiters(): OlderWaiter[] {
    const waiters = this.olderWaiters;
    this.olderWaiters = [];
    return waiters;
  }
}
