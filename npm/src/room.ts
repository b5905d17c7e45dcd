// A handle on one room of a ChatClient. Handles are cheap and cached per
// id: client.room('general') always returns the same object, so its
// snapshot cache and listeners are shared by every component that asks.
import type { CoreCommandResult } from './chatwire_core.js';
import type { CoreClient } from './core-client.js';
import { ChatwireError } from './errors.js';
import { ChangeNotifier } from './emitter.js';
import type { RoomMirror } from './room-mirror.js';
import type { Message, RoomSnapshot, SendOptions } from './types.js';

/** What a Room needs from its client (implemented by ChatClient). */
export interface RoomHost {
  /** Runs one core command now and takes its answer; throws ChatwireError when refused. */
  command(run: (core: CoreClient, now: number) => string, roomId: string): CoreCommandResult & { ok: true };
  /** Runs a core input and takes its answer. */
  input(run: (core: CoreClient, now: number) => string): void;
  /** Resolves with the messages history request `request` added, or rejects with its failure. */
  historyLoaded(request: number): Promise<number>;
  reportListenerError(error: unknown): void;
}

export class Room {
  private readonly changed: ChangeNotifier;

  /** @internal Use client.room(id). */
  constructor(
    /** The room's id, as the backend names it. */
    readonly id: string,
    private readonly host: RoomHost,
    private readonly mirror: RoomMirror,
  ) {
    this.changed = new ChangeNotifier((error) => host.reportListenerError(error));
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
   * `replyTo`: the message it answers (where `capabilities.replies`).
   * @throws ChatwireError 'not_joined', 'empty_text', 'text_too_long', 'too_many_pending', 'unknown_message', 'deleted', 'unsupported', ...
   */
  send(text: string, options: SendOptions = {}): string {
    if (typeof text !== 'string') throw new ChatwireError({ source: 'command', code: 'invalid_text', message: 'text must be a string', roomId: this.id });
    const replyTo = options.replyTo === undefined ? '' : this.target(options.replyTo);
    const result = this.host.command((core, now) => core.send(now, this.id, text, '', replyTo), this.id);
    return String(result.value);
  }

  /**
   * Replaces the text of the user's own message: shown at once, sent as
   * soon as possible under one operation id (exactly once on the server),
   * rolled back with an 'error' event (code 'change_failed') if refused.
   * A message not handed to the server yet is rewritten instead. Returns
   * the operation id (or the send's client id when it was rewritten).
   * @throws ChatwireError 'unsupported', 'unknown_message', 'deleted', 'not_author', 'empty_text', 'text_too_long', ...
   */
  edit(message: Message | string, text: string): string {
    if (typeof text !== 'string') throw new ChatwireError({ source: 'command', code: 'invalid_text', message: 'text must be a string', roomId: this.id });
    const target = this.target(message);
    return String(this.host.command((core, now) => core.edit(now, this.id, target, text), this.id).value);
  }

  /**
   * Deletes a message (the user's own; any, for an admin of the room): it
   * shows as deleted at once and is sent like an edit. Deleting a message
   * not handed to the server yet cancels it.
   * @throws ChatwireError 'unsupported', 'unknown_message', ...
   */
  delete(message: Message | string): string {
    const target = this.target(message);
    return String(this.host.command((core, now) => core.deleteMessage(now, this.id, target), this.id).value);
  }

  /**
   * Sets (`on`: true) or removes the user's `emoji` on a message. Setting is
   * never a toggle: sending it twice leaves one reaction.
   * @throws ChatwireError 'unsupported', 'unknown_message', 'deleted', 'invalid_emoji', ...
   */
  react(message: Message | string, emoji: string, on: boolean): string {
    if (typeof emoji !== 'string' || typeof on !== 'boolean') {
      throw new ChatwireError({ source: 'command', code: 'invalid_argument', message: 'emoji must be a string and on a boolean', roomId: this.id });
    }
    const target = this.target(message);
    return String(this.host.command((core, now) => core.react(now, this.id, target, emoji, on), this.id).value);
  }

  /** How the core names a message: its server id, or while it is being sent, its client id. */
  private target(message: Message | string): string {
    const name = typeof message === 'string' ? message : (message?.id ?? message?.clientId);
    if (typeof name !== 'string' || name === '') {
      throw new ChatwireError({ source: 'command', code: 'unknown_message', message: 'name a message by a Message of this room, or its id', roomId: this.id });
    }
    return name;
  }

  /** Sends a failed message again, under the same client id (never twice on the server). */
  retry(clientId: string): void {
    this.host.command((core, now) => core.retry(now, clientId), this.id);
  }

  /** Removes a failed message, or one not yet handed to the server. */
  cancel(clientId: string): void {
    this.host.command((core, now) => core.cancel(now, clientId), this.id);
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
    this.host.command((core, now) => core.setActive(now, this.id, active), this.id);
  }

  /**
   * Loads the page of messages before the oldest one shown. Resolves with
   * how many messages were added (0 when there is nothing older); a load
   * already in flight is shared rather than refused.
   * @throws ChatwireError 'unsupported' where the backend has no paged history
   */
  loadOlder(count = 0): Promise<number> {
    return this.loadPage((core, now) => core.loadOlder(now, this.id, count));
  }

  /** Starts a page load; resolves with what it added, 0 when there is nothing to load. */
  private loadPage(run: (core: CoreClient, now: number) => string): Promise<number> {
    let request: number;
    try {
      request = Number(this.host.command(run, this.id).value);
    } catch (error) {
      if (error instanceof ChatwireError && error.code === 'no_more_history') return Promise.resolve(0);
      return Promise.reject(error);
    }
    return this.host.historyLoaded(request);
  }

  /**
   * Loads the page after the newest message of the window jumpTo() shows.
   * Resolves with how many messages were added (0 when the room shows its
   * latest messages); reaching them makes the room live again.
   */
  loadNewer(count = 0): Promise<number> {
    return this.loadPage((core, now) => core.loadNewer(now, this.id, count));
  }

  /**
   * Shows the message `message`: at once when the room holds it; else the
   * page around it is loaded into a window apart from the latest messages
   * (`snapshot.detached`), and the promise resolves once it shows.
   * @throws ChatwireError 'unsupported' where the backend cannot find a message it did not send
   */
  jumpTo(message: Message | string): Promise<void> {
    const target = this.target(message);
    let value: unknown;
    try {
      value = this.host.command((core, now) => core.jumpTo(now, this.id, target), this.id).value;
    } catch (error) {
      return Promise.reject(error);
    }
    if (typeof value !== 'number') return Promise.resolve();
    return this.host.historyLoaded(value).then(() => undefined);
  }

  /** Leaves the window jumpTo() opened: the room shows its latest messages again. */
  jumpToLatest(): void {
    this.host.command((core, now) => core.jumpToLatest(now, this.id), this.id);
  }

  /** The room as it is now; the same object until the room changes. Costs no call into the core. */
  getSnapshot = (): RoomSnapshot => this.mirror.getSnapshot();

  /** Calls `listener` after every change of the room; returns the function that stops it. */
  subscribe = (listener: () => void): (() => void) => this.changed.subscribe(listener);

  /** @internal After an answer that changed the room: tell listeners. */
  notify(): void {
    this.changed.notify();
  }

  /** @internal The client is gone: listeners are dropped. */
  close(): void {
    this.changed.clear();
  }
}
