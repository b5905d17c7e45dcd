// A view's stand-in for the core: the CoreClient a ChatClient drives when
// its core runs in a shared host (shared/host.ts). Inputs go to the host
// over the port; the host's answers come back to the client through
// ChatClient.receive(). A command answers at once, as the Wasm core does:
// the checks the core would make first (the room is joined, the text is
// usable, the id is free) are made here against the view's own mirror, and
// a send is named here, so room.send() still returns its client id. What
// only the host can refuse arrives later as an 'error' event (source
// 'command').
import type { CoreCapabilities, CoreCommandErrorCode } from '../chatwire_core.js';
import type { CoreClient } from '../core-client.js';
import type { RoomSnapshot } from '../types.js';
import type { ViewChangeInput, ViewInput, ViewMessage, ViewResume } from './protocol.js';

/** What the view knows that the checks need. */
export interface ViewChecks {
  /** The view's snapshot of a room (from its mirror). */
  room(roomId: string): RoomSnapshot;
  /** The rooms the view shows as joined or joining, in join order. */
  joinedRooms(): string[];
  maxTextLength: number;
  maxPendingPerRoom: number;
}

/** The part of a MessagePort a view uses. */
export interface ViewPort {
  postMessage(message: unknown): void;
}

const MAX_ROOM_ID_BYTES = 256;
/** Changes remembered for resume() before the settled ones are pruned. */
const MAX_REMEMBERED_CHANGES = 256;
const encoder = new TextEncoder();
const NOTHING = '{}';

function ok(value?: string | number): string {
  return JSON.stringify({ result: value === undefined ? { ok: true } : { ok: true, value } });
}

function refused(error: CoreCommandErrorCode, message: string): string {
  return JSON.stringify({ result: { ok: false, error, message } });
}

/** Ids no other view or page will choose: 64 random bits and a counter, as the core makes them. */
function idMaker(kind: 'v' | 'w'): () => string {
  const words = new Uint32Array(2);
  globalThis.crypto.getRandomValues(words);
  const prefix = `${kind}${words[0]!.toString(16).padStart(8, '0')}${words[1]!.toString(16).padStart(8, '0')}`;
  let counter = 0;
  return () => `${prefix}-${++counter}`;
}

export class ViewCore implements CoreClient {
  private deleted = false;
  private nextTicket = 1;
  /**
   * Rooms this view asked to join: usable at once, as with a local core,
   * though the host's answer saying so is still on its way.
   */
  private readonly joining = new Set<string>();
  private readonly newClientId = idMaker('v');
  private readonly newOpId = idMaker('w');
  // What this view has going, for a host that never saw it (resume()).
  private connectWanted = false;
  private readonly active = new Set<string>();
  private messageEvents = false;
  /** The changes this view made, by opId, until their message no longer shows them pending (resume()). */
  private readonly changes = new Map<string, ViewChangeInput>();
  /** Set by the link once the client exists. */
  checks: ViewChecks | null = null;

  /** The backend's capabilities, as the host sent them on attach. */
  private readonly caps: CoreCapabilities;

  constructor(
    private port: ViewPort,
    private readonly capabilitiesJson: string,
  ) {
    this.caps = JSON.parse(capabilitiesJson) as CoreCapabilities;
  }

  /** The link attached again on another port (the page came back from the back-forward cache). */
  replacePort(port: ViewPort): void {
    this.port = port;
  }

  error(): string {
    return '';
  }

  delete(): void {
    this.deleted = true;
  }

  /** Called by ChatClient.destroy() instead of a disconnect: this view goes, the shared client stays. */
  release(forget: boolean): void {
    this.post({ t: 'detach', forget });
    this.onRelease?.();
    this.deleted = true;
  }

  /** Set by the link: what to let go of when the view is released. */
  onRelease: (() => void) | null = null;

  isDeleted(): boolean {
    return this.deleted;
  }

  connect(): string {
    this.connectWanted = true;
    return this.input({ op: 'connect' });
  }

  disconnect(): string {
    this.connectWanted = false;
    return this.input({ op: 'disconnect' });
  }

  /**
   * What this view has going, as a host that never saw it needs it (sent
   * with a new attach): the rooms it shows, the sends it shows pending
   * (whichever tab wrote them), the rooms it has open.
   */
  resume(): ViewResume {
    const rooms = this.checks?.joinedRooms() ?? [...this.joining];
    const sends: ViewResume['sends'] = [];
    for (const room of rooms) {
      for (const message of this.checks?.room(room).messages ?? []) {
        if (message.status !== 'pending' || message.clientId === null) continue;
        const send = { room, text: message.text, clientId: message.clientId };
        sends.push(message.replyTo ? { ...send, replyTo: message.replyTo.id } : send);
      }
    }
    this.forgetSettledChanges();
    const active = [...this.active].filter((room) => rooms.includes(room));
    return { connect: this.connectWanted, rooms, active, sends, ops: [...this.changes.values()], messageEvents: this.messageEvents };
  }

  /**
   * Drops the changes whose message shows none pending (applied, refused, or
   * no longer held): only those still pending need a new host.
   */
  private forgetSettledChanges(): void {
    for (const [opId, change] of this.changes) {
      const shown = this.checks?.room(change.room).messages.find((m) => m.id === change.message || m.clientId === change.message);
      if (!shown?.pendingOps) this.changes.delete(opId);
    }
  }

  // The host runs the auth callback through its views ('needAuth'), hears
  // the network itself, and owns the transports and the timer: a view's
  // client never needs these.
  setAuth(): string { return NOTHING; }
  provideCredentials(): string { return NOTHING; }
  declineCredentials(): string { return NOTHING; }
  authFailed(): string { return NOTHING; }
  networkOnline(): string { return NOTHING; }
  networkOffline(): string { return NOTHING; }
  transportOpened(): string { return NOTHING; }
  frameReceived(): string { return NOTHING; }
  transportClosed(): string { return NOTHING; }
  httpResponse(): string { return NOTHING; }
  handleTimeout(): string { return NOTHING; }
  restoreSends(): string { return NOTHING; }
  restoreHistory(): string { return NOTHING; }
  restoreOps(): string { return NOTHING; }

  pageVisible(_now: number, visible: boolean): string {
    this.post({ t: 'visible', visible });
    return NOTHING;
  }

  join(_now: number, room: string): string {
    const bytes = encoder.encode(room).length;
    if (bytes === 0 || bytes > MAX_ROOM_ID_BYTES) return refused('invalid_room_id', 'room ids must be 1 to 256 bytes long');
    this.joining.add(room);
    this.input({ op: 'join', room });
    return ok();
  }

  leave(_now: number, room: string): string {
    const notJoined = this.ifJoined(room);
    if (notJoined) return notJoined;
    this.joining.delete(room);
    this.active.delete(room);
    this.input({ op: 'leave', room });
    return ok();
  }

  send(_now: number, room: string, text: string, clientId = '', replyTo = ''): string {
    const notJoined = this.ifJoined(room);
    if (notJoined) return notJoined;
    if (text.trim() === '') return refused('empty_text', 'the message is empty or only whitespace');
    const checks = this.checks;
    if (checks) {
      if (countCodePoints(text) > checks.maxTextLength) {
        return refused('text_too_long', 'the message is longer than maxTextLength code points (characters)');
      }
      const waiting = checks.room(room).messages.filter((m) => m.status !== 'sent').length;
      if (waiting >= checks.maxPendingPerRoom) {
        return refused('too_many_pending', 'too many messages in this room wait for the server: wait, or cancel some (see maxPendingPerRoom)');
      }
    }
    if (replyTo !== '' && !this.caps.replies) return refused('unsupported', 'the backend (dialect) has no replies');
    const id = clientId === '' ? this.newClientId() : clientId;
    this.input(replyTo === '' ? { op: 'send', room, text, clientId: id } : { op: 'send', room, text, clientId: id, replyTo });
    return ok(id);
  }

  // Changes of a message, named here as sends are, so that the caller has
  // the opId at once; what the host refuses arrives later as an 'error'
  // event naming it. (Where the host rewrites or cancels a send not handed
  // over yet instead, no operation goes out under this id.)
  edit(_now: number, room: string, message: string, text: string, opId = ''): string {
    const empty = text.trim() === '' ? refused('empty_text', 'the message is empty or only whitespace') : null;
    return this.change('edit', room, empty, opId, (id) => ({ op: 'edit', room, message, text, opId: id }));
  }

  deleteMessage(_now: number, room: string, message: string, opId = ''): string {
    return this.change('delete', room, null, opId, (id) => ({ op: 'deleteMessage', room, message, opId: id }));
  }

  react(_now: number, room: string, message: string, emoji: string, on: boolean, opId = ''): string {
    return this.change('react', room, null, opId, (id) => ({ op: 'react', room, message, emoji, on, opId: id }));
  }

  /**
   * Checks, names (unless the caller did), records and posts one change;
   * answers with its opId. `problem`: the operation's own refusal, if any,
   * given after the room's.
   */
  private change(kind: 'edit' | 'delete' | 'react', room: string, problem: string | null, opId: string, make: (opId: string) => ViewChangeInput): string {
    const refusal = this.ifChangeable(room, kind) ?? problem;
    if (refusal) return refusal;
    const input = make(opId === '' ? this.newOpId() : opId);
    // Kept so that a host taking over can be told (resume()); pruned there
    // and here, so that a long session does not grow it.
    if (this.changes.size >= MAX_REMEMBERED_CHANGES) this.forgetSettledChanges();
    this.changes.set(input.opId, input);
    this.input(input);
    return ok(input.opId);
  }

  retry(_now: number, clientId: string): string {
    this.input({ op: 'retry', clientId });
    return ok();
  }

  cancel(_now: number, clientId: string): string {
    this.input({ op: 'cancel', clientId });
    return ok();
  }

  typing(_now: number, room: string): string {
    return this.input({ op: 'typing', room });
  }

  stopTyping(_now: number, room: string): string {
    return this.input({ op: 'stopTyping', room });
  }

  markRead(_now: number, room: string): string {
    const notJoined = this.ifJoined(room);
    if (notJoined) return notJoined;
    this.input({ op: 'markRead', room });
    return ok();
  }

  setActive(_now: number, room: string, active: boolean): string {
    if (!this.joining.has(room) && this.checks?.room(room).state === 'none') {
      return refused('not_joined', 'the room is not joined: join it first');
    }
    if (active) this.active.add(room);
    else this.active.delete(room);
    this.input({ op: 'setActive', room, active });
    return ok();
  }

  loadOlder(_now: number, room: string, count: number): string {
    const notJoined = this.ifJoined(room);
    if (notJoined) return notJoined;
    if (!this.caps.operations.includes('history') || !this.caps.historyBefore) {
      return refused('unsupported', 'the backend (dialect) has no such operation');
    }
    if (this.checks && !this.checks.room(room).hasMore) return refused('no_more_history', 'the server said there is nothing older');
    const ticket = this.nextTicket++;
    this.post({ t: 'loadOlder', ticket, room, count });
    return ok(ticket);
  }

  loadNewer(_now: number, room: string, count: number): string {
    const notJoined = this.ifJoined(room);
    if (notJoined) return notJoined;
    if (this.checks && !this.checks.room(room).hasNewer) return refused('no_more_history', 'the room shows its latest messages');
    const ticket = this.nextTicket++;
    this.post({ t: 'loadNewer', ticket, room, count });
    return ok(ticket);
  }

  // The host's core decides whether the message is held; either way the
  // view's promise ends with the host's 'loaded' for this ticket.
  jumpTo(_now: number, room: string, message: string): string {
    const notJoined = this.ifJoined(room);
    if (notJoined) return notJoined;
    const ticket = this.nextTicket++;
    this.post({ t: 'jumpTo', ticket, room, message });
    return ok(ticket);
  }

  jumpToLatest(_now: number, room: string): string {
    const notJoined = this.ifJoined(room);
    if (notJoined) return notJoined;
    this.input({ op: 'jumpToLatest', room });
    return ok();
  }

  refreshMembers(_now: number, room: string): string {
    return this.input({ op: 'refreshMembers', room });
  }

  capabilities(): string {
    return this.capabilitiesJson;
  }

  stats(): string {
    // The core's counters are the host's.
    return JSON.stringify({ unknownEvents: 0, malformedEvents: 0 });
  }

  setMessageEvents(enabled: boolean): void {
    this.messageEvents = enabled;
    this.post({ t: 'messageEvents', enabled });
  }

  /** The refusal a change gets at once: the backend lacks the operation, or the room is not joined. */
  private ifChangeable(room: string, operation: 'edit' | 'delete' | 'react'): string | null {
    if (!(this.caps.operations as string[]).includes(operation)) return refused('unsupported', 'the backend (dialect) has no such operation');
    return this.ifJoined(room);
  }

  /** The refusal a command on `room` gets at once when the view's mirror says it is not joined. */
  private ifJoined(room: string): string | null {
    if (this.joining.has(room)) return null;
    const state = this.checks?.room(room).state;
    if (state === undefined || state === 'joining' || state === 'joined') return null;
    return refused('not_joined', 'the room is not joined (or not yet joined, or left): join it first');
  }

  private input(input: ViewInput): string {
    this.post({ t: 'input', input });
    return NOTHING;
  }

  private post(message: ViewMessage): void {
    if (this.deleted) return;
    this.port.postMessage(message);
  }
}

function countCodePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
