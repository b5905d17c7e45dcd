// ChatClient: the I/O half of Chatwire. The WebAssembly core decides
// everything (when to connect, what to send, what changed, what the
// connection panel shows); this class opens the sockets it asks for, hands
// every frame and page event in with the time, arms one timer for its next
// deadline, and turns each answer into events and frozen snapshots
// (docs/architecture.md, "The JS side owns I/O only").
import type { CoreAction, CoreAnswer, CoreCachedRoom, CoreCapabilities, CoreCommandResult, CoreEvent, CoreStoredOp } from './chatwire_core.js';
import type { CoreClient } from './core-client.js';
import { DeadlineTimer } from './deadline-timer.js';
import { ChangeNotifier, Emitter } from './emitter.js';
import { isVisible, watchEnvironment } from './environment.js';
import { ChatwireError } from './errors.js';
import { loadCore } from './load-core.js';
import { resolveOptions, type ResolvedOptions } from './options.js';
import { RoomMirror } from './room-mirror.js';
import { LocalStore, type StoredSendRecord } from './storage/local-store.js';
import { Room, type RoomHost } from './room.js';
import { PollingRequests } from './polling.js';
import { Transports } from './transport.js';
import { rememberTransport } from './transport-memory.js';
import type {
  AuthOption,
  ChatClientOptions,
  ConnectionSnapshot,
  ConnectionState,
  DiscontinuityEvent,
  Logger,
  Message,
  MessageEvent,
  ReconnectEvent,
  RoomState,
  StateEvent,
  WarningEvent,
} from './types.js';

/** Events of client.on(). */
export interface ChatClientEvents {
  [name: string]: unknown;
  /** The connection state changed. */
  state: StateEvent;
  /** Something failed: a connection attempt, a refused join or send, a server error event. */
  error: ChatwireError;
  /** A message from someone else arrived live (for notifications and sounds). */
  message: MessageEvent;
  /** Messages may be missing in a room after a reconnect (the backend cannot say what was missed). */
  discontinuity: DiscontinuityEvent;
  /** A reconnection attempt is scheduled. */
  reconnect: ReconnectEvent;
  /** The server sent something the dialect could not use; it was dropped. */
  warning: WarningEvent;
}

/** A room in client.getRooms(). */
export interface RoomSummary {
  roomId: string;
  state: RoomState;
  unreadCount: number;
}

/** What the backend can do, from the dialect (see docs/dialects.md). */
export type Capabilities = Readonly<CoreCapabilities>;

/**
 * A client with a core of its own (the Wasm module, in this page or worker):
 * what createChatClient makes when the client is not shared, and what a
 * shared host makes for its views. Kept apart from createChatClient so that
 * the worker's code does not include the code that starts the worker.
 * @internal Use createChatClient().
 */
export async function createLocalClient(options: ChatClientOptions, resolved: ResolvedOptions = resolveOptions(options)): Promise<ChatClient> {
  // Storage errors before the client exists wait for its first error listener.
  const early: ChatwireError[] = [];
  let reportStorageError = (error: ChatwireError): void => {
    early.push(error);
  };
  const [module, store] = await Promise.all([
    loadCore(options.locateFile),
    resolved.persist ? LocalStore.open(resolved.storageScope, (error) => reportStorageError(error)) : LocalStore.memory(),
  ]);
  // Before the core takes any new send: the records of pages that are gone,
  // and the rooms as the last page left them (shown before the socket connects).
  const [restored, ops, cachedRooms] = await Promise.all([store.claimOrphans(), store.claimOrphanOps(), store.readRooms()]);
  const client = new ChatClient((json) => new module.CoreClient(json), resolved, options.auth, options.logger, store, { sends: restored, ops, rooms: cachedRooms }, early);
  reportStorageError = (error) => client.reportStorageError(error);
  return client;
}

/** Frees the core of a client that was dropped without destroy(). */
let finalizer: FinalizationRegistry<CoreClient> | null = null;
function registerForCleanup(client: object, core: CoreClient): void {
  if (typeof FinalizationRegistry === 'undefined') return;
  finalizer ??= new FinalizationRegistry((orphan) => {
    try {
      if (!orphan.isDeleted()) orphan.delete();
    } catch {
      // A finalizer must never throw.
    }
  });
  finalizer.register(client, core, client);
}

const DESTROYED = (): ChatwireError =>
  new ChatwireError({ source: 'command', code: 'destroyed', message: 'the client was destroyed' });

export class ChatClient {
  private core_: CoreClient | null;
  private readonly transports: Transports;
  private readonly polling: PollingRequests;
  private readonly timer: DeadlineTimer;
  private readonly emitter: Emitter<ChatClientEvents>;
  private readonly changed: ChangeNotifier;
  private readonly rooms_ = new Map<string, Room>();
  /** Every room as the core described it, in the order the core first did (join order). */
  private readonly mirrors = new Map<string, RoomMirror>();
  private readonly roomHost: RoomHost;
  private stopWatching: (() => void) | null = null;
  private connection: ConnectionSnapshot = Object.freeze({ state: 'idle', error: null, reconnectAt: null, reconnectAttempt: 0, transport: null });
  private unreadTotal = 0;
  private roomList: readonly RoomSummary[] | null = null;
  private capabilities_: Capabilities | null = null;
  /** Bumped by connect() and disconnect(), so a late auth callback cannot connect a disconnected client. */
  private connectGeneration = 0;
  /** Answers not applied yet: an answer's actions can feed the core again (a socket that answers at once). */
  private readonly answers: CoreAnswer[] = [];
  private applying = false;
  /** Rooms changed by the answers being applied; their listeners run once they are all applied. */
  private readonly touched = new Set<Room>();
  /** The connection snapshot, unread total or room list changed by those answers. */
  private clientDirty = false;
  private readonly historyWaiters = new Map<number, { resolve(added: number): void; reject(error: ChatwireError): void }[]>();
  /** How history requests ended before anyone waited for them (a request refused in its own answer). */
  private readonly historyEnded = new Map<number, number | ChatwireError>();
  /** Storage errors from before anyone listened (opening IndexedDB happens before createChatClient returns). */
  private readonly unheardStorageErrors: ChatwireError[];

  /**
   * Set by a shared host (shared/host.ts): hears every answer of the core,
   * before this client applies it, to pass it on to the views.
   * @internal
   */
  answerTap: ((answer: CoreAnswer) => void) | null = null;

  /** @internal Use createChatClient(). `createCore` makes the core: the Wasm one, or a view's link to a shared one. */
  constructor(
    createCore: (configJson: string) => CoreClient,
    private readonly options: ResolvedOptions,
    private readonly auth: AuthOption | undefined,
    private readonly logger: Logger | undefined,
    private readonly localStore: LocalStore = LocalStore.memory(),
    restored: { sends: readonly StoredSendRecord[]; ops?: readonly CoreStoredOp[]; rooms: readonly CoreCachedRoom[] } = { sends: [], rooms: [] },
    storageErrors: ChatwireError[] = [],
  ) {
    this.unheardStorageErrors = storageErrors;
    const durable = localStore.durable;
    const core = createCore(
      JSON.stringify({ ...options.core, storeSends: durable, cachedMessages: durable ? options.cachedMessages : 0 }),
    );
    const error = core.error();
    if (error !== '') {
      core.delete();
      const { field, message } = JSON.parse(error) as { field: string; message: string };
      throw new ChatwireError({ source: 'config', code: 'invalid_option', message: `${field}: ${message}` });
    }
    this.core_ = core;
    core.setMessageEvents(false);  // until someone listens (see on())
    registerForCleanup(this, core);
    const reportListenerError = (listenerError: unknown) => this.logger?.error?.('chatwire: a listener threw', listenerError);
    this.emitter = new Emitter(reportListenerError);
    this.changed = new ChangeNotifier(reportListenerError);
    this.timer = new DeadlineTimer(() => this.input((c, now) => c.handleTimeout(now)));
    this.transports = new Transports(options.WebSocket, {
      opened: (id) => this.input((c, now) => c.transportOpened(now, id)),
      frame: (id, text) => this.input((c, now) => c.frameReceived(now, id, text)),
      binaryFrame: () => this.logger?.debug?.('chatwire: skipped a binary frame'),
      closed: (id, detail) => this.input((c, now) => c.transportClosed(now, id, detail)),
    });
    this.polling = new PollingRequests(options.pollingBase, {
      answered: (request, status, body) => this.input((c, now) => c.httpResponse(now, request, status, body)),
    }, options.fetch);
    this.roomHost = {
      command: (run, roomId) => this.command(run, roomId),
      input: (run) => this.input(run),
      historyLoaded: (request) => this.historyLoaded(request),
      reportListenerError,
    };
    // Shown when their rooms are joined; the core decides what goes out again.
    if (restored.sends.length > 0) this.input((c, now) => c.restoreSends(now, JSON.stringify(restored.sends)));
    // After the sends: an operation may name a send by its client id.
    if (restored.ops && restored.ops.length > 0) this.input((c, now) => c.restoreOps(now, JSON.stringify(restored.ops)));
    if (restored.rooms.length > 0) this.input((c, now) => c.restoreHistory(now, JSON.stringify(restored.rooms)));
  }

  // ---- connection ------------------------------------------------------------

  /** Where the connection stands. */
  get state(): ConnectionState {
    return this.connection.state;
  }

  /** True after destroy(). */
  get destroyed(): boolean {
    return this.core_ === null;
  }

  /**
   * Connects, and keeps reconnecting with backoff after drops until
   * disconnect(). With an auth callback, it is called first.
   */
  connect(): void {
    this.alive();
    const generation = ++this.connectGeneration;
    if (!this.stopWatching) {
      this.stopWatching = watchEnvironment({
        online: () => this.input((c, now) => c.networkOnline(now)),
        offline: () => this.input((c, now) => c.networkOffline(now)),
        visibility: (visible) => this.input((c, now) => c.pageVisible(now, visible)),
      });
      if (!isVisible()) this.input((c, now) => c.pageVisible(now, false));
    }
    if (typeof this.auth !== 'function') {
      this.input((c, now) => c.connect(now));
      return;
    }
    this.fetchAuth().then((auth) => {
      if (generation !== this.connectGeneration || !this.core_) return;
      this.input((c) => c.setAuth(JSON.stringify(auth)));
      this.input((c, now) => c.connect(now));
    }, (error: ChatwireError) => this.authFailed(error));
  }

  /** Closes the connection and stops reconnecting. Unconfirmed messages stay pending and go out after connect(). */
  disconnect(): void {
    if (!this.core_) return;
    ++this.connectGeneration;
    this.input((c, now) => c.disconnect(now));
  }

  /**
   * Disconnects and frees everything: the WebAssembly object, sockets,
   * timers, listeners. Idempotent. The client cannot be used afterwards;
   * snapshots already read stay valid. Messages still unconfirmed stay
   * stored for the next page of this user (see `persist`); `forget: true`
   * (signing out) deletes everything stored for the user instead.
   */
  destroy(options: { forget?: boolean } = {}): void {
    const core = this.core_;
    if (!core) return;
    ++this.connectGeneration;
    // Before the goodbye below, whose disconnect would end them as "nothing loaded".
    const destroyed = DESTROYED();
    for (const waiters of this.historyWaiters.values()) for (const waiter of waiters) waiter.reject(destroyed);
    this.historyWaiters.clear();
    if (core.release) {
      // A view of a shared client: the connection is every tab's; only this view goes.
      core.release(options.forget === true);
    } else {
      // Say goodbye properly (typing stops, the Socket.IO disconnect) while the sockets are still there;
      // only the frames and what to keep on the device (the rooms as they are now): the rooms keep
      // showing what they showed (snapshots stay readable, unchanged).
      const goodbye = JSON.parse(core.disconnect(Date.now())) as CoreAnswer;
      for (const action of goodbye.actions ?? []) this.perform(action);
      for (const event of goodbye.events ?? []) this.keep(event);
    }
    this.core_ = null;
    this.transports.closeAll();
    this.polling.closeAll();
    this.timer.cancel();
    this.stopWatching?.();
    this.stopWatching = null;
    finalizer?.unregister(this);
    core.delete();
    for (const room of this.rooms_.values()) room.close();
    this.connection = Object.freeze({ ...this.connection, state: 'disconnected', reconnectAt: null });
    this.changed.notify();
    this.emitter.clear();
    this.changed.clear();
    // Unconfirmed sends stay stored for the next page, unless the user signs out.
    // close() commits the writes already issued before it lets go.
    this.localStore.close();
    if (options.forget) void this.localStore.forgetAll();
  }

  /** Adds an event listener; returns the function that removes it. */
  on<K extends keyof ChatClientEvents & string>(name: K, listener: (event: ChatClientEvents[K]) => void): () => void {
    const off = this.emitter.on(name, listener);
    if (name === 'error' && this.unheardStorageErrors.length > 0) {
      // After this call returns, as every error is heard: never inside on().
      const errors = this.unheardStorageErrors.splice(0);
      queueMicrotask(() => {
        for (const error of errors) this.reportError(error);
      });
    }
    if (name !== 'message') return off;
    this.syncMessageEvents();
    return () => {
      off();
      this.syncMessageEvents();
    };
  }

  /**
   * Calls `listener` whenever the connection snapshot, the unread total or
   * the room list changes (store-style, for useSyncExternalStore).
   */
  subscribe = (listener: () => void): (() => void) => this.changed.subscribe(listener);

  /** The connection as a status bar shows it; the same object until it changes. */
  getConnection = (): ConnectionSnapshot => this.connection;

  /** Unread messages over every room not left. */
  getUnreadTotal = (): number => this.unreadTotal;

  /** Every room joined so far, in join order; the same array until one changes. */
  getRooms = (): readonly RoomSummary[] => {
    if (this.roomList) return this.roomList;
    const rooms: RoomSummary[] = [];
    for (const mirror of this.mirrors.values()) {
      if (mirror.roomState === 'none') continue;
      rooms.push(Object.freeze({ roomId: mirror.roomId, state: mirror.roomState, unreadCount: mirror.unread }));
    }
    this.roomList = Object.freeze(rooms);
    return this.roomList;
  };

  /** The handle on room `id` (the same object every time). Does not join it. */
  room(id: string): Room {
    let room = this.rooms_.get(id);
    if (!room) {
      room = new Room(id, this.roomHost, this.mirrorOf(id));
      this.rooms_.set(id, room);
    }
    return room;
  }

  /** What the backend can do, from the dialect: check before offering a feature. */
  get capabilities(): Capabilities {
    if (!this.capabilities_) {
      const core = this.alive();
      this.capabilities_ = Object.freeze(JSON.parse(core.capabilities()) as CoreCapabilities);
    }
    return this.capabilities_;
  }

  // ---- for a shared host and its views (shared/) ---------------------------------------

  /**
   * Runs one input of a view on this client's core and applies the answer;
   * returns the command's result (refusals are returned, not thrown), or
   * undefined for an input that is no command or after destroy().
   * @internal
   */
  runForView(run: (core: CoreClient, now: number) => string): CoreCommandResult | undefined {
    const core = this.core_;
    if (!core) return undefined;
    const answer = JSON.parse(run(core, Date.now())) as CoreAnswer;
    this.take(answer);
    return answer.result as CoreCommandResult | undefined;
  }

  /** Takes an answer of a core that runs elsewhere (a view of a shared client). @internal */
  receive(answer: CoreAnswer): void {
    if (this.core_) this.take(answer);
  }

  /** An error a shared host reports to this view (a refused command, storage). @internal */
  reportFromHost(error: ChatwireError): void {
    if (!this.core_) return;
    // A storage error may come before the app listens: it waits for the first listener, as in a local client.
    if (error.source === 'storage') this.reportStorageError(error);
    else this.reportError(error);
  }

  /** The end of a view's history load `request` (its ticket), as the shared host reports it. @internal */
  settleHistory(request: number, outcome: number | ChatwireError): void {
    this.endHistory(request, outcome);
  }

  /** Whether live messages are copied into 'message' events for a shared host's views (or this client's listeners). @internal */
  setMessageEventsForViews(enabled: boolean): void {
    this.core_?.setMessageEvents(enabled || this.emitter.has('message'));
  }

  /** The page is visible or not, as a shared host works it out from its views. @internal */
  setPageVisible(visible: boolean): void {
    this.input((c, now) => c.pageVisible(now, visible));
  }

  /**
   * Everything this client shows, as one answer that rebuilds it from
   * nothing: how a new view of a shared client starts. @internal
   */
  stateAnswer(): CoreAnswer {
    const rooms = [...this.mirrors.values()].filter((mirror) => mirror.roomState !== 'none').map((mirror) => mirror.fullChange());
    const { state, error, reconnectAt, reconnectAttempt, transport } = this.connection;
    return {
      rooms,
      connection: { state, error: error ? { ...error } : null, reconnectAt, reconnectAttempt, transport } as CoreAnswer['connection'],
      unreadTotal: this.unreadTotal,
    };
  }

  // ---- the loop: one input, one answer -------------------------------------------

  /** Feeds one input to the core and applies its answer. */
  private input(run: (core: CoreClient, now: number) => string): void {
    const core = this.core_;
    if (!core) return;
    this.take(JSON.parse(run(core, Date.now())) as CoreAnswer);
  }

  private command(run: (core: CoreClient, now: number) => string, roomId: string): CoreCommandResult & { ok: true } {
    const core = this.alive();
    const answer = JSON.parse(run(core, Date.now())) as CoreAnswer;
    const result = answer.result as CoreCommandResult;
    this.take(answer);
    if (!result.ok) throw new ChatwireError({ source: 'command', code: result.error, message: result.message, roomId });
    return result;
  }

  /**
   * Applies answers in the order the core gave them: an answer's actions may
   * feed the core again (a socket that answers synchronously), and that
   * answer comes after the rest of this one. Listeners run once all are applied.
   */
  private take(answer: CoreAnswer): void {
    this.answers.push(answer);
    if (this.applying) return;
    this.applying = true;
    try {
      for (let next = this.answers.shift(); next; next = this.answers.shift()) this.apply(next);
    } finally {
      this.applying = false;
    }
    this.notifyListeners();
  }

  private apply(answer: CoreAnswer): void {
    this.answerTap?.(answer);
    if (answer.actions) for (const action of answer.actions) this.perform(action);
    if (answer.rooms) {
      for (const change of answer.rooms) {
        const mirror = this.mirrorOf(change.id);
        const stateBefore = mirror.roomState;
        const unreadBefore = mirror.unread;
        mirror.apply(change);
        if (mirror.roomState !== stateBefore || mirror.unread !== unreadBefore) {
          this.roomList = null;
          this.clientDirty = true;
        }
        const room = this.rooms_.get(change.id);
        if (room) this.touched.add(room);
      }
    }
    if (answer.connection) {
      const { state, error, reconnectAt, reconnectAttempt, transport } = answer.connection;
      this.connection = Object.freeze({ state, error: error && Object.freeze(error), reconnectAt, reconnectAttempt, transport: transport ?? null });
      this.clientDirty = true;
    }
    if (answer.unreadTotal !== undefined) {
      this.unreadTotal = answer.unreadTotal;
      this.clientDirty = true;
    }
    if (answer.events) for (const event of answer.events) this.dispatch(event);
    if (answer.deadline !== undefined) this.timer.arm(answer.deadline, Date.now());
  }

  private notifyListeners(): void {
    if (this.touched.size > 0) {
      // A copy: a listener's own command applies its answer (and may touch rooms) before this loop ends.
      const rooms = [...this.touched];
      this.touched.clear();
      for (const room of rooms) room.notify();
    }
    if (this.clientDirty) {
      this.clientDirty = false;
      this.changed.notify();
    }
  }

  private perform(action: CoreAction): void {
    switch (action.type) {
      case 'open':
        this.transports.open(action.transport, `${this.options.socketBase}?${action.query}`);
        break;
      case 'send':
        this.transports.send(action.transport, action.text);
        break;
      case 'close':
        this.transports.close(action.transport);
        this.polling.close(action.transport);
        break;
      case 'request':
        this.polling.run(action);
        break;
    }
  }

  /** Reports one core event. */
  private dispatch(event: CoreEvent): void {
    switch (event.type) {
      case 'message': {
        const held = event.key === undefined ? undefined : this.mirrors.get(event.room)?.message(event.key);
        const message = held ?? (event.message && (Object.freeze({ ...event.message, roomId: event.room }) as Message));
        if (message) this.emitter.emit('message', { roomId: event.room, message });
        return;
      }
      case 'discontinuity':
        this.emitter.emit('discontinuity', { roomId: event.room });
        return;
      case 'state':
        this.logger?.debug?.(`chatwire: ${event.from} → ${event.to} (${event.reason})`);
        this.emitter.emit('state', { state: event.to, previous: event.from, reason: event.reason, detail: event.detail });
        return;
      case 'reconnect_scheduled':
        this.emitter.emit('reconnect', { attempt: event.attempt, delayMs: event.delayMs, at: event.atMs, reason: event.reason });
        return;
      case 'reconnect_deferred':
        return;  // the connection snapshot says it (reconnectAt null)
      case 'transport':
        // What worked, tried first on the next page load (options.ts).
        rememberTransport(this.options.socketBase, event.transport);
        return;
      case 'credentials':
        this.answerCredentials();
        return;
      case 'connection_error':
        this.reportError(new ChatwireError({ source: 'connection', code: event.code, message: event.message }));
        return;
      case 'chat_error': {
        const error = new ChatwireError({
          source: 'chat',
          code: event.code,
          message: event.message,
          roomId: event.room,
          ...(event.opId !== undefined ? { opId: event.opId } : {}),
          ...(event.reason !== undefined ? { reason: event.reason } : {}),
        });
        if (event.operation === 'history' && event.request !== undefined) this.endHistory(event.request, error);
        this.reportError(error);
        return;
      }
      case 'history_loaded':
        this.endHistory(event.request, event.added);
        return;
      case 'warning':
        this.logger?.warn?.(`chatwire: ${event.kind} "${event.event}": ${event.message}`);
        this.emitter.emit('warning', { kind: event.kind, event: event.event, message: event.message });
        return;
      case 'send_stored':
      case 'send_forgotten':
      case 'history_cached':
      case 'op_stored':
      case 'op_forgotten':
        this.keep(event);
        return;
    }
  }

  /** Runs the write to the device's storage that a core event asks for; ignores other events. */
  private keep(event: CoreEvent): void {
    switch (event.type) {
      case 'send_stored':
        this.localStore.put(event.record);
        return;
      case 'send_forgotten':
        this.localStore.delete(event.clientId);
        return;
      case 'history_cached':
        this.localStore.putRoom(event.record);
        return;
      case 'op_stored':
        this.localStore.putOp(event.record);
        return;
      case 'op_forgotten':
        this.localStore.deleteOp(event.opId);
        return;
    }
  }

  /** @internal A storage failure after creation: heard now, or by the first error listener. */
  reportStorageError(error: ChatwireError): void {
    if (this.emitter.has('error')) this.reportError(error);
    else {
      this.logger?.warn?.(`chatwire: storage error ${error.code}: ${error.message}`);
      this.unheardStorageErrors.push(error);
    }
  }

  // ---- helpers ---------------------------------------------------------------------

  private mirrorOf(roomId: string): RoomMirror {
    let mirror = this.mirrors.get(roomId);
    if (!mirror) {
      mirror = new RoomMirror(roomId);
      this.mirrors.set(roomId, mirror);
    }
    return mirror;
  }

  private historyLoaded(request: number): Promise<number> {
    const ended = this.historyEnded.get(request);
    if (ended !== undefined) {
      this.historyEnded.delete(request);
      return typeof ended === 'number' ? Promise.resolve(ended) : Promise.reject(ended);
    }
    return new Promise((resolve, reject) => {
      const waiters = this.historyWaiters.get(request) ?? [];
      waiters.push({ resolve, reject });
      this.historyWaiters.set(request, waiters);
    });
  }

  private endHistory(request: number, outcome: number | ChatwireError): void {
    const waiters = this.historyWaiters.get(request);
    if (!waiters) {
      // Nobody waits yet (the request failed within the answer that started it), or ever will
      // (a catch-up after a reconnect): keep the last few outcomes only.
      this.historyEnded.set(request, outcome);
      if (this.historyEnded.size > 16) this.historyEnded.delete(this.historyEnded.keys().next().value as number);
      return;
    }
    this.historyWaiters.delete(request);
    for (const waiter of waiters) {
      if (typeof outcome === 'number') waiter.resolve(outcome);
      else waiter.reject(outcome);
    }
  }

  private reportError(error: ChatwireError): void {
    if (this.emitter.has('error')) this.emitter.emit('error', error);
    else this.logger?.error?.(`chatwire: ${error.source} error ${error.code}: ${error.message}`);
  }

  /** The auth callback failed: the core shows it in the connection snapshot; listeners hear it. */
  private authFailed(error: ChatwireError): void {
    this.input((c) => c.authFailed(error.message));
    this.reportError(error);
  }

  /** The core copies each live message into a 'message' event only while someone listens. */
  private syncMessageEvents(): void {
    this.core_?.setMessageEvents(this.emitter.has('message'));
  }

  private async fetchAuth(): Promise<Record<string, unknown>> {
    try {
      const auth = typeof this.auth === 'function' ? await this.auth() : this.auth;
      if (typeof auth !== 'object' || auth === null) throw new Error('the auth callback must return an object');
      return auth;
    } catch (cause) {
      // Never include the callback's result: it may hold a token.
      const message = cause instanceof Error ? cause.message : 'the auth callback failed';
      throw new ChatwireError({ source: 'auth', code: 'auth_failed', message });
    }
  }

  /** The server refused the credentials: one refresh through the callback, or give up. */
  private answerCredentials(): void {
    if (typeof this.auth !== 'function') {
      this.input((c, now) => c.declineCredentials(now));
      return;
    }
    const generation = this.connectGeneration;
    this.fetchAuth().then(
      (auth) => {
        if (generation === this.connectGeneration) this.input((c, now) => c.provideCredentials(now, JSON.stringify(auth)));
      },
      (error: ChatwireError) => {
        this.authFailed(error);
        if (generation === this.connectGeneration) this.input((c, now) => c.declineCredentials(now));
      },
    );
  }

  private alive(): CoreClient {
    if (!this.core_) throw DESTROYED();
    return this.core_;
  }
}
