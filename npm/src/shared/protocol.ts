// The messages between the views of a shared client (one per tab) and the
// host that runs its core (a SharedWorker): docs/shared-host.md describes the
// protocol. Everything here is plain data, so it crosses a MessagePort by
// structured clone; nothing runs at import time.
import type { CoreAnswer, CoreCapabilities } from '../chatwire_core.js';
import type { ChatwireErrorInfo } from '../types.js';

/** Bumped when a message changes shape: a view and a host of different versions refuse each other. */
export const SHARED_PROTOCOL = 2;

/**
 * What a view may ask the core to do. The host carries each out on the one
 * core; refusals come back as a `refused` message.
 */
export type ViewInput =
  | { op: 'connect' }
  | { op: 'disconnect' }
  | { op: 'join' | 'leave' | 'markRead' | 'typing' | 'stopTyping' | 'refreshMembers'; room: string }
  | { op: 'send'; room: string; text: string; clientId: string; replyTo?: string }
  | { op: 'edit'; room: string; message: string; text: string; opId: string }
  | { op: 'deleteMessage'; room: string; message: string; opId: string }
  | { op: 'react'; room: string; message: string; emoji: string; on: boolean; opId: string }
  | { op: 'retry' | 'cancel'; clientId: string }
  | { op: 'setActive'; room: string; active: boolean }
  | { op: 'jumpToLatest'; room: string };

/** The options a host needs to create the core: the serializable part of ChatClientOptions. */
export interface SharedClientOptions {
  url: string;
  path?: string;
  dialect: unknown;
  user: unknown;
  auth?: Record<string, unknown>;
  query?: Record<string, string>;
  reconnection?: unknown;
  typing?: unknown;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  maxMessagesPerRoom?: number;
  maxTextLength?: number;
  historyPageSize?: number;
  persist?: boolean;
  cachedMessages?: number;
  /** Where chatwire.wasm is, as the page resolved it (a function cannot cross). */
  wasmUrl?: string;
  /** The view has an auth callback: the host asks a view for credentials (`needAuth`). */
  authCallback: boolean;
}

/**
 * What a view had going, so that a host that never saw it (a new leader tab
 * after a takeover; a worker that ended while every tab was in the
 * back-forward cache) can carry it on: sent with `attach`, applied before
 * the host answers `attached`. Applying it to a host that knows it all
 * changes nothing.
 */
export interface ViewResume {
  /** The view had called connect() (and not disconnect() since). */
  connect: boolean;
  /** Rooms the view joined and has not left, in join order. */
  rooms: string[];
  /** Rooms the view shows (setActive(true)). */
  active: string[];
  /** Sends the view saw pending, oldest first: a host that does not know a client id takes it as new. */
  sends: { room: string; text: string; clientId: string; replyTo?: string }[];
  /**
   * Changes the view made whose message still shows them pending, oldest
   * first. An old host may have acknowledged them and died before storing
   * them; sent again under the same opId, the server applies each once.
   * Absent from views before this field.
   */
  ops?: ViewChangeInput[];
  messageEvents: boolean;
}

/** The inputs that change a message: each names its operation with an opId. */
export type ViewChangeInput = Extract<ViewInput, { op: 'edit' | 'deleteMessage' | 'react' }>;

/** View → host. */
export type ViewMessage =
  /**
   * The first message on a port. `key` names the shared client (server and
   * user); views with the same key share one core and one connection.
   * `lock`: the Web Lock the view holds for as long as it lives (null where
   * there are no Web Locks), so the host notices a view that is gone.
   */
  | { t: 'attach'; protocol: number; key: string; options: SharedClientOptions; lock: string | null; visible: boolean; resume?: ViewResume }
  /**
   * `replay`: posted before to a host that went away without acknowledging
   * it (a leader tab closed): carried out if it still means something, and
   * never refused (a replayed send the host already has is not a new one).
   */
  | { t: 'input'; input: ViewInput; replay?: boolean }
  /** Loads older messages; answered by `loaded`. */
  | { t: 'loadOlder'; ticket: number; room: string; count: number }
  /** Loads newer messages of a detached window; answered by `loaded`. */
  | { t: 'loadNewer'; ticket: number; room: string; count: number }
  /** Shows a message (room.jumpTo()); answered by `loaded` once it shows. */
  | { t: 'jumpTo'; ticket: number; room: string; message: string }
  | { t: 'visible'; visible: boolean }
  /** Whether this view wants 'message' events. */
  | { t: 'messageEvents'; enabled: boolean }
  /** The answer to `needAuth`: the auth object, or why the callback failed. */
  | { t: 'auth'; ticket: number; auth?: Record<string, unknown>; error?: string }
  /** The view is going (destroy(), or the page is hidden in the back-forward cache). */
  | { t: 'detach'; forget: boolean };

/** Host → view. */
export type HostMessage =
  /** The answer to `attach`: the shared client as it is now, as one answer that rebuilds a view. */
  | { t: 'attached'; capabilities: CoreCapabilities; state: CoreAnswer }
  /** The host could not create the client (bad options, no core): the view reports it and goes local. */
  | { t: 'unavailable'; error: ChatwireErrorInfo }
  /** An answer of the core (without transport actions, deadlines and storage requests). */
  | { t: 'answer'; answer: CoreAnswer }
  /** An input of this view that the core refused. */
  | { t: 'refused'; error: ChatwireErrorInfo }
  /** The end of this view's loadOlder, loadNewer or jumpTo `ticket`. */
  | { t: 'loaded'; ticket: number; added?: number; error?: ChatwireErrorInfo }
  /** An error the host heard outside any answer (storage); reported as is. */
  | { t: 'error'; error: ChatwireErrorInfo }
  /** The shared client needs credentials (to connect, or after a refusal): this view's auth callback is asked. */
  | { t: 'needAuth'; ticket: number }
  /** The shared client was destroyed for every view (a sign-out in another tab). */
  | { t: 'ended' };
