// The host of shared clients: one ChatClient (one core, one WebSocket, one
// outbox) per server and user, serving every view (tab) that attaches over a
// MessagePort. It runs in a SharedWorker (shared/worker.ts); Node tests run
// it over a MessageChannel. The protocol is shared/protocol.ts, described in
// docs/shared-host.md.
//
// What is shared is decided here, not in the views: the page is visible when
// any view is, a room is read as messages arrive when a visible view shows
// it, a view that goes away has its typing stopped, and a view's loadOlder
// is answered to it alone.
import type { CoreAnswer, CoreCommandResult, CoreEvent } from '../chatwire_core.js';
import type { ChatClient } from '../client.js';
import type { Room } from '../room.js';
import { ChatwireError } from '../errors.js';
import type { ChatClientOptions, ChatwireErrorInfo } from '../types.js';
import { SHARED_PROTOCOL, type HostMessage, type SharedClientOptions, type ViewChangeInput, type ViewInput, type ViewMessage, type ViewResume } from './protocol.js';

/** The part of a MessagePort the host uses (a browser's, or Node's). */
export interface PortLike {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
  close(): void;
}

/** How the host makes a client; createChatClient in the worker, injectable for tests. */
export type ClientFactory = (options: ChatClientOptions) => Promise<ChatClient>;

/**
 * A session with no views left is destroyed after this long: a page that
 * reloads, or React StrictMode's unmount-and-mount, attaches again within it
 * and keeps the connection.
 */
export const IDLE_SESSION_MS = 2000;

/** Storage errors a session keeps for views that attach later. */
const MAX_KEPT_STORAGE_ERRORS = 4;

/** Events a view hears itself, or that only the host acts on. */
const HOST_ONLY_EVENTS = new Set<CoreEvent['type']>(['send_stored', 'send_forgotten', 'history_cached', 'op_stored', 'op_forgotten', 'history_loaded', 'credentials']);

interface View {
  port: PortLike;
  visible: boolean;
  messageEvents: boolean;
  authCallback: boolean;
  /** Rooms this view shows (setActive(true)). */
  active: Set<string>;
  /** Rooms this view has typed in since its last stop. */
  typing: Set<string>;
  gone: boolean;
}

/** The views of one server and user, and their one client. */
class Session {
  readonly views = new Set<View>();
  client: ChatClient | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private nextAuthTicket = 1;
  /** The storage errors so far (the last few), told to every view that attaches. */
  private readonly storageErrors: ChatwireErrorInfo[] = [];
  private readonly authWaiters = new Map<number, { view: View; resolve(auth: Record<string, unknown>): void; reject(error: Error): void }>();

  constructor(
    readonly key: string,
    private readonly options: SharedClientOptions,
    private readonly onEnd: (session: Session) => void,
  ) {}

  /** Creates the client (once); rejects with the ChatwireError that refused it. */
  async start(factory: ClientFactory): Promise<void> {
    const { wasmUrl, authCallback, ...rest } = this.options;
    const options = {
      ...rest,
      share: 'off',
      ...(wasmUrl ? { locateFile: () => wasmUrl } : {}),
      // The views' callback, asked through a view: functions do not cross ports.
      ...(authCallback ? { auth: () => this.askForAuth() } : {}),
    } as ChatClientOptions;
    const client = await factory(options);
    client.answerTap = (answer) => this.broadcast(answer);
    client.on('error', (error) => {
      // Everything else reaches the views inside the answers.
      if (error.source !== 'storage') return;
      // Kept for views that attach later: the first one attaches only after the store has failed.
      this.storageErrors.push(error.toJSON());
      if (this.storageErrors.length > MAX_KEPT_STORAGE_ERRORS) this.storageErrors.shift();
      this.post(null, { t: 'error', error: error.toJSON() });
    });
    this.client = client;
  }

  attach(view: View, resume: ViewResume | undefined): void {
    if (this.idleTimer !== null) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
    this.views.add(view);
    const client = this.client!;
    if (resume) this.resume(view, resume);
    view.port.postMessage({ t: 'attached', capabilities: { ...client.capabilities }, state: client.stateAnswer() } satisfies HostMessage);
    for (const error of this.storageErrors) this.post(view, { t: 'error', error });
    this.updateVisibility();
    this.updateMessageEvents();
  }

  detach(view: View, forget: boolean): void {
    if (view.gone) return;
    view.gone = true;
    this.views.delete(view);
    const client = this.client;
    if (client && !client.destroyed) {
      // Whatever this view was doing stops with it: its typing, the rooms it showed.
      for (const room of view.typing) client.runForView((core, now) => core.stopTyping(now, room));
      for (const room of view.active) this.updateActive(room);
      this.updateVisibility();
      this.updateMessageEvents();
    }
    for (const [ticket, waiter] of this.authWaiters) {
      if (waiter.view !== view) continue;
      this.authWaiters.delete(ticket);
      // Another view may answer instead.
      this.askForAuth().then(waiter.resolve, waiter.reject);
    }
    if (forget) {
      this.end(true);
      return;
    }
    if (this.views.size === 0 && this.idleTimer === null) {
      this.idleTimer = setTimeout(() => {
        this.idleTimer = null;
        if (this.views.size === 0) this.end(false);
      }, IDLE_SESSION_MS);
    }
  }

  /** One message from one of its views. */
  handle(view: View, message: ViewMessage): void {
    const client = this.client;
    // A message that was on its way when its view went: nobody is left to answer.
    if (!client || client.destroyed || view.gone) return;
    switch (message.t) {
      case 'input': {
        const problem = inputProblem(message.input);
        if (problem) {
          this.refuse(view, { source: 'command', ...problem });
          return;
        }
        this.input(view, message.input, message.replay === true);
        return;
      }
      case 'loadOlder':
      case 'loadNewer':
      case 'jumpTo': {
        const load = loadOf(message);
        if (!load) {
          this.refuse(view, { source: 'command', code: 'invalid_input', message: `the shared host dropped a ${message.t} of the wrong shape` });
          return;
        }
        this.load(view, message.ticket, load(this.client!.room(message.room)));
        return;
      }
      case 'visible':
        view.visible = message.visible === true;
        this.updateVisibility();
        for (const room of view.active) this.updateActive(room);
        return;
      case 'messageEvents':
        view.messageEvents = message.enabled === true;
        this.updateMessageEvents();
        return;
      case 'auth': {
        const waiter = this.authWaiters.get(message.ticket);
        if (!waiter || waiter.view !== view) return;
        this.authWaiters.delete(message.ticket);
        if (message.auth && typeof message.auth === 'object') waiter.resolve(message.auth);
        else waiter.reject(new Error(typeof message.error === 'string' ? message.error : 'the auth callback failed'));
        return;
      }
      case 'detach':
        this.detach(view, message.forget === true);
        return;
      case 'attach':
        return;  // once per port; handled by the host
      default:
        this.refuse(view, { source: 'command', code: 'unknown_message', message: 'the shared host does not know this message' });
    }
  }

  /**
   * Carries on what a view had going with a host that went away: its rooms,
   * its connection, the sends it saw pending, the rooms it shows. On a host
   * that has it all this changes nothing: a joined room is not joined
   * again, and a send whose client id the core knows is refused by it.
   */
  private resume(view: View, resume: ViewResume): void {
    const client = this.client!;
    if (!isResume(resume)) {
      this.refuse(view, { source: 'command', code: 'invalid_input', message: 'the shared host dropped a resume of the wrong shape' });
      return;
    }
    for (const room of resume.rooms) {
      const state = client.room(room).getSnapshot().state;
      if (state === 'none' || state === 'left') this.input(view, { op: 'join', room }, true);
    }
    if (resume.connect && (client.state === 'idle' || client.state === 'disconnected')) client.connect();
    for (const send of resume.sends) this.input(view, { op: 'send', ...send }, true);
    for (const change of resume.ops ?? []) this.input(view, change, true);
    for (const room of resume.active) this.input(view, { op: 'setActive', room, active: true }, true);
    view.messageEvents = resume.messageEvents;
  }

  /** Runs one input of `view`; a refusal goes back to it unless the input is a replay (see ViewMessage 'input'). */
  private input(view: View, input: ViewInput, replay: boolean): void {
    const client = this.client!;
    let result: CoreCommandResult | undefined;
    switch (input.op) {
      case 'connect':
        client.connect();
        return;
      case 'disconnect':
        client.disconnect();
        return;
      case 'join':
        result = client.runForView((core, now) => core.join(now, input.room));
        break;
      case 'leave':
        view.active.delete(input.room);
        result = client.runForView((core, now) => core.leave(now, input.room));
        break;
      case 'send':
        view.typing.delete(input.room);
        result = client.runForView((core, now) => core.send(now, input.room, input.text, input.clientId, typeof input.replyTo === 'string' ? input.replyTo : ''));
        break;
      // A change is named by the view, which has answered with its id already: its refusal comes later, as for sends.
      case 'edit':
        result = client.runForView((core, now) => core.edit(now, input.room, input.message, input.text, input.opId));
        break;
      case 'deleteMessage':
        result = client.runForView((core, now) => core.deleteMessage(now, input.room, input.message, input.opId));
        break;
      case 'react':
        result = client.runForView((core, now) => core.react(now, input.room, input.message, input.emoji, input.on, input.opId));
        break;
      case 'retry':
        result = client.runForView((core, now) => core.retry(now, input.clientId));
        break;
      case 'cancel':
        result = client.runForView((core, now) => core.cancel(now, input.clientId));
        break;
      case 'typing':
        view.typing.add(input.room);
        client.runForView((core, now) => core.typing(now, input.room));
        return;
      case 'stopTyping':
        view.typing.delete(input.room);
        client.runForView((core, now) => core.stopTyping(now, input.room));
        return;
      case 'markRead':
        result = client.runForView((core, now) => core.markRead(now, input.room));
        break;
      case 'jumpToLatest':
        result = client.runForView((core, now) => core.jumpToLatest(now, input.room));
        break;
      case 'setActive':
        if (input.active) view.active.add(input.room);
        else view.active.delete(input.room);
        this.updateActive(input.room);
        return;
      case 'refreshMembers':
        result = client.runForView((core, now) => core.refreshMembers(now, input.room));
        break;
    }
    if (result && !result.ok && !replay) {
      const room = 'room' in input ? input.room : undefined;
      this.refuse(view, { source: 'command', code: result.error, message: result.message, ...(room !== undefined ? { roomId: room } : {}) });
    }
  }

  /** Answers a view's history load (`ticket`) to that view alone when `loading` ends. */
  private load(view: View, ticket: number, loading: Promise<number | void>): void {
    loading.then(
      (added) => this.post(view, { t: 'loaded', ticket, added: added ?? 0 }),
      (error: unknown) => this.post(view, { t: 'loaded', ticket, error: infoOf(error) }),
    );
  }

  /** A room is active on the core while a visible view shows it (a hidden tab reads nothing). */
  private updateActive(room: string): void {
    const active = [...this.views].some((view) => view.visible && view.active.has(room));
    // Refused only for a room not joined, which the view was told at once.
    this.client!.runForView((core, now) => core.setActive(now, room, active));
  }

  /** The page is visible while any view is. */
  private updateVisibility(): void {
    const client = this.client;
    if (!client || client.destroyed || this.views.size === 0) return;
    client.setPageVisible([...this.views].some((view) => view.visible));
  }

  /** The core copies live messages into events while any view listens. */
  private updateMessageEvents(): void {
    const client = this.client;
    if (!client || client.destroyed) return;
    client.setMessageEventsForViews([...this.views].some((view) => view.messageEvents));
  }

  /** Asks a view with an auth callback (the newest) for credentials. */
  private askForAuth(): Promise<Record<string, unknown>> {
    const views = [...this.views].filter((view) => view.authCallback);
    const view = views[views.length - 1];
    if (!view) return Promise.reject(new Error('no open tab can provide credentials'));
    return new Promise((resolve, reject) => {
      const ticket = this.nextAuthTicket++;
      this.authWaiters.set(ticket, { view, resolve, reject });
      this.post(view, { t: 'needAuth', ticket });
    });
  }

  /** Passes an answer of the core on to every view, without what only the host acts on. */
  private broadcast(answer: CoreAnswer): void {
    if (this.views.size === 0) return;
    const shared: CoreAnswer = {};
    if (answer.rooms) shared.rooms = answer.rooms;
    if (answer.connection) shared.connection = answer.connection;
    if (answer.unreadTotal !== undefined) shared.unreadTotal = answer.unreadTotal;
    if (answer.events) {
      const events = answer.events
        .filter((event) => !HOST_ONLY_EVENTS.has(event.type))
        // A history request is answered to its view alone ('loaded').
        .map((event) => (event.type === 'chat_error' && event.request !== undefined ? { ...event, request: undefined } : event));
      if (events.length > 0) shared.events = events;
    }
    if (Object.keys(shared).length === 0) return;
    this.post(null, { t: 'answer', answer: shared });
  }

  /** To one view, or (null) to all. */
  private post(view: View | null, message: HostMessage): void {
    for (const target of view ? [view] : this.views) {
      try {
        target.port.postMessage(message);
      } catch {
        // A port that cannot take it belongs to a view that is gone.
      }
    }
  }

  private refuse(view: View, error: ChatwireErrorInfo): void {
    this.post(view, { t: 'refused', error });
  }

  /** Destroys the client; `forget` also deletes what is stored, and tells the remaining views. */
  end(forget: boolean): void {
    if (forget) this.post(null, { t: 'ended' });
    for (const waiter of this.authWaiters.values()) waiter.reject(new Error('the shared client ended'));
    this.authWaiters.clear();
    this.views.clear();
    this.client?.destroy({ forget });
    this.onEnd(this);
  }
}

/** The fields each input needs, by type: what a view may send, checked before it reaches the core. */
const INPUT_FIELDS: Record<ViewInput['op'], Record<string, 'string' | 'boolean'>> = {
  connect: {},
  disconnect: {},
  join: { room: 'string' },
  leave: { room: 'string' },
  markRead: { room: 'string' },
  typing: { room: 'string' },
  stopTyping: { room: 'string' },
  refreshMembers: { room: 'string' },
  send: { room: 'string', text: 'string', clientId: 'string' },
  edit: { room: 'string', message: 'string', text: 'string', opId: 'string' },
  deleteMessage: { room: 'string', message: 'string', opId: 'string' },
  react: { room: 'string', message: 'string', emoji: 'string', on: 'boolean', opId: 'string' },
  retry: { clientId: 'string' },
  cancel: { clientId: 'string' },
  setActive: { room: 'string', active: 'boolean' },
  jumpToLatest: { room: 'string' },
};

/** Why `input` is not a ViewInput with every field it needs, of the right type; null when it is. */
function inputProblem(input: unknown): { code: string; message: string } | null {
  const op = typeof input === 'object' && input !== null ? (input as { op?: unknown }).op : undefined;
  if (typeof op !== 'string' || !Object.prototype.hasOwnProperty.call(INPUT_FIELDS, op)) {
    return { code: 'unknown_input', message: `the shared host does not know the input ${JSON.stringify(op) ?? 'undefined'}` };
  }
  const fields = INPUT_FIELDS[op as ViewInput['op']];
  const wrong = Object.entries(fields).find(([name, type]) => typeof (input as Record<string, unknown>)[name] !== type);
  return wrong ? { code: 'invalid_input', message: `the shared host dropped "${op}": ${wrong[0]} must be a ${wrong[1]}` } : null;
}

const HOST_CLOSED = (): ChatwireError =>
  new ChatwireError({ source: 'connection', code: 'shared_host_closed', message: 'this tab no longer hosts the shared client' });

function infoOf(error: unknown): ChatwireErrorInfo {
  if (error instanceof ChatwireError) return error.toJSON();
  return { source: 'command', code: 'failed', message: error instanceof Error ? error.message : String(error) };
}

/** What a well-formed history load of a view runs on its room; null for one of the wrong shape. */
function loadOf(message: Extract<ViewMessage, { t: 'loadOlder' | 'loadNewer' | 'jumpTo' }>): ((room: Room) => Promise<number | void>) | null {
  if (typeof message.ticket !== 'number' || typeof message.room !== 'string') return null;
  if (message.t === 'jumpTo') return typeof message.message === 'string' ? (room) => room.jumpTo(message.message) : null;
  if (typeof message.count !== 'number') return null;
  const count = message.count;
  return message.t === 'loadOlder' ? (room) => room.loadOlder(count) : (room) => room.loadNewer(count);
}

/** The inputs a resume may carry as `ops`. */
const CHANGE_OPS: ReadonlySet<unknown> = new Set<ViewChangeInput['op']>(['edit', 'deleteMessage', 'react']);

/** Whether `resume` has the shape of a ViewResume (its strings are checked by the core). */
function isResume(resume: unknown): resume is ViewResume {
  if (typeof resume !== 'object' || resume === null) return false;
  const r = resume as Record<string, unknown>;
  const strings = (value: unknown): boolean => Array.isArray(value) && value.every((item) => typeof item === 'string');
  const sends = Array.isArray(r.sends) && r.sends.every((send) => inputProblem({ op: 'send', ...(send as object) }) === null);
  const changes =
    r.ops === undefined ||
    (Array.isArray(r.ops) && r.ops.every((change) => CHANGE_OPS.has((change as { op?: unknown })?.op) && inputProblem(change) === null));
  return typeof r.connect === 'boolean' && typeof r.messageEvents === 'boolean' && strings(r.rooms) && strings(r.active) && sends && changes;
}

/** Whether `message` is a ViewMessage at all (its fields are checked where they are read). */
function isViewMessage(message: unknown): message is ViewMessage {
  return typeof message === 'object' && message !== null && typeof (message as { t?: unknown }).t === 'string';
}

export class SharedHost {
  private readonly sessions = new Map<string, Promise<Session>>();
  private closed = false;

  constructor(
    private readonly factory: ClientFactory,
    /** Web Locks, to learn when a view's page is gone; null where there are none. */
    private readonly locks: LockManager | null,
    private readonly logError: (message: string) => void = () => {},
  ) {}

  /** Serves the views of one port (a SharedWorker's `connect` event gives one per page). */
  connect(port: PortLike): void {
    let view: View | null = null;
    let session: Session | null = null;
    const pendingMessages: ViewMessage[] = [];
    port.onmessage = (event) => {
      const message = event.data;
      if (!isViewMessage(message)) {
        this.logError('chatwire shared host: dropped a message that is not a view message');
        return;
      }
      if (message.t === 'attach') {
        if (view) return;  // once per port
        view = this.newView(port, message);
        void this.attach(view, message).then((attached) => {
          session = attached;
          if (!session) return;
          for (const queued of pendingMessages.splice(0)) session.handle(view!, queued);
        });
        return;
      }
      if (!view) {
        this.logError(`chatwire shared host: dropped "${message.t}" before "attach"`);
        return;
      }
      if (session) session.handle(view, message);
      else pendingMessages.push(message);
    };
  }

  private newView(port: PortLike, message: Extract<ViewMessage, { t: 'attach' }>): View {
    return {
      port,
      visible: message.visible !== false,
      messageEvents: false,
      authCallback: message.options?.authCallback === true,
      active: new Set(),
      typing: new Set(),
      gone: false,
    };
  }

  private async attach(view: View, message: Extract<ViewMessage, { t: 'attach' }>): Promise<Session | null> {
    if (message.protocol !== SHARED_PROTOCOL || typeof message.key !== 'string' || typeof message.options !== 'object') {
      view.port.postMessage({
        t: 'unavailable',
        error: { source: 'config', code: 'shared_version_mismatch', message: `the shared host speaks protocol ${SHARED_PROTOCOL}, the page ${String(message.protocol)}` },
      } satisfies HostMessage);
      return null;
    }
    let session: Session;
    try {
      if (this.closed) throw HOST_CLOSED();
      session = await this.sessionFor(message.key, message.options);
      // Closed while the client was being made: the view attaches to the next host.
      if (this.closed) throw HOST_CLOSED();
    } catch (error) {
      view.port.postMessage({ t: 'unavailable', error: infoOf(error) } satisfies HostMessage);
      return null;
    }
    session.attach(view, message.resume ?? undefined);
    if (message.lock && this.locks) {
      // Granted once the view's page has released it: closed, crashed or discarded.
      this.locks.request(message.lock, async () => session.detach(view, false)).catch(() => {});
    }
    return session;
  }

  /**
   * Ends every session without forgetting anything: the host's tab gave up
   * hosting (another tab took over), and the views attach to the new host.
   */
  close(): void {
    this.closed = true;
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    for (const session of sessions) void session.then((started) => started.end(false), () => {});
  }

  private sessionFor(key: string, options: SharedClientOptions): Promise<Session> {
    let session = this.sessions.get(key);
    if (!session) {
      const created = new Session(key, options, (ended) => {
        if (this.sessions.get(ended.key) === session) this.sessions.delete(ended.key);
      });
      session = created.start(this.factory).then(() => created);
      this.sessions.set(key, session);
      // A failed start is not kept: the next view tries again.
      session.catch(() => {
        if (this.sessions.get(key) === session) this.sessions.delete(key);
      });
    }
    return session;
  }
}
