// ChatClient: the I/O half of Chatwire. The WebAssembly core decides
// everything (when to connect, what to send, what changed); this class opens
// the sockets it asks for, hands every frame in with the time, arms one
// timer for its next deadline, and turns what comes out into events and
// snapshots. See DESIGN.md, "The JS side owns I/O only".
import type { CoreAction, CoreBatch, CoreCapabilities, CoreClient, CoreCommandResult, CoreEvent, CoreModule, CoreRoomSummary } from './chatwire_core.js';
import { DeadlineTimer } from './deadline-timer.js';
import { Emitter, Signal } from './emitter.js';
import { isVisible, watchEnvironment } from './environment.js';
import { ChatwireError } from './errors.js';
import { loadCore } from './load-core.js';
import { resolveOptions, type ResolvedOptions } from './options.js';
import { Room, type RoomHost } from './room.js';
import { Part } from './snapshot.js';
import { Transports } from './transport.js';
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
 * Creates a client: loads the WebAssembly core (once per page), validates
 * the options and the dialect, and returns a client that is not connected
 * yet. Call connect() to start, destroy() when done.
 * @throws ChatwireError with source 'config' naming the wrong option
 */
export async function createChatClient(options: ChatClientOptions): Promise<ChatClient> {
  const resolved = resolveOptions(options);
  const module = await loadCore(options.locateFile);
  return new ChatClient(module, resolved, options.auth, options.logger);
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
  private readonly timer: DeadlineTimer;
  private readonly emitter: Emitter<ChatClientEvents>;
  private readonly changed: Signal;
  private readonly rooms_ = new Map<string, Room>();
  private readonly activeRooms = new Set<string>();
  private readonly roomHost: RoomHost;
  private stopWatching: (() => void) | null = null;
  private connection: ConnectionSnapshot = Object.freeze({ state: 'idle', error: null, reconnectAt: null, reconnectAttempt: 0 });
  private unreadTotal = 0;
  private roomList: readonly RoomSummary[] | null = null;
  private capabilities_: Capabilities | null = null;
  /** Bumped by connect() and disconnect(), so a late auth callback cannot connect a disconnected client. */
  private connectGeneration = 0;
  private pumping = false;
  private pumpAgain = false;
  /** The connection snapshot, unread total or room list changed during this pump. */
  private clientDirty = false;

  /** @internal Use createChatClient(). */
  constructor(
    module: CoreModule,
    private readonly options: ResolvedOptions,
    private readonly auth: AuthOption | undefined,
    private readonly logger: Logger | undefined,
  ) {
    const core = new module.CoreClient(JSON.stringify(options.core));
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
    this.changed = new Signal(reportListenerError);
    this.timer = new DeadlineTimer(() => this.input((c, now) => c.handleTimeout(now)));
    this.transports = new Transports(options.WebSocket, {
      opened: (id) => this.input((c, now) => c.transportOpened(now, id)),
      frame: (id, text) => this.input((c, now) => c.frameReceived(now, id, text)),
      binaryFrame: () => this.logger?.debug?.('chatwire: skipped a binary frame'),
      closed: (id, detail) => this.input((c, now) => c.transportClosed(now, id, detail)),
    });
    this.roomHost = {
      command: (run, roomId) => this.command(run, roomId),
      input: (run) => this.input(run),
      core: () => this.core_,
      setActive: (roomId, active) => this.setRoomActive(roomId, active),
      reportListenerError,
    };
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
    this.stopWatching ??= watchEnvironment({
      online: () => this.input((c, now) => c.networkOnline(now)),
      offline: () => this.input((c, now) => c.networkOffline(now)),
      visibility: () => this.applyActiveRooms(),
    });
    if (typeof this.auth !== 'function') {
      this.input((c, now) => c.connect(now));
      return;
    }
    this.fetchAuth().then((auth) => {
      if (generation !== this.connectGeneration || !this.core_) return;
      this.core_.setAuth(JSON.stringify(auth));
      this.input((c, now) => c.connect(now));
    }, (error: ChatwireError) => this.reportError(error, true));
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
   * snapshots already read stay valid.
   */
  destroy(): void {
    const core = this.core_;
    if (!core) return;
    ++this.connectGeneration;
    // Before the goodbye below, whose disconnect would end them as "nothing loaded".
    const error = DESTROYED();
    for (const room of this.rooms_.values()) room.failLoads(error);
    // Say goodbye properly (typing stops, the Socket.IO disconnect) while the sockets are still there.
    this.input((c, now) => c.disconnect(now));
    this.core_ = null;
    this.transports.closeAll();
    this.timer.cancel();
    this.stopWatching?.();
    this.stopWatching = null;
    finalizer?.unregister(this);
    core.delete();
    for (const room of this.rooms_.values()) room.close();
    this.setConnection({ ...this.connection, state: 'disconnected', reconnectAt: null });
    this.emitter.clear();
    this.changed.clear();
  }

  /** Adds an event listener; returns the function that removes it. */
  on<K extends keyof ChatClientEvents & string>(name: K, listener: (event: ChatClientEvents[K]) => void): () => void {
    const off = this.emitter.on(name, listener);
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
    const core = this.core_;
    if (!core) return Object.freeze([]);
    const rooms = (JSON.parse(core.rooms()) as CoreRoomSummary[]).map((room) =>
      Object.freeze({ roomId: room.id, state: room.state as RoomState, unreadCount: room.unreadCount }),
    );
    this.roomList = Object.freeze(rooms);
    return this.roomList;
  };

  /** The handle on room `id` (the same object every time). Does not join it. */
  room(id: string): Room {
    let room = this.rooms_.get(id);
    if (!room) {
      room = new Room(id, this.roomHost);
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

  // ---- the loop: input → drain → perform -----------------------------------------

  /** Feeds one input to the core, then processes everything it produced. */
  private input(run: (core: CoreClient, now: number) => void): void {
    const core = this.core_;
    if (!core) return;
    run(core, Date.now());
    this.pump();
  }

  private command(run: (core: CoreClient, now: number) => string, roomId: string): CoreCommandResult & { ok: true } {
    const core = this.alive();
    const result = JSON.parse(run(core, Date.now())) as CoreCommandResult;
    this.pump();
    if (!result.ok) throw new ChatwireError({ source: 'command', code: result.error, message: result.message, roomId });
    return result;
  }

  /**
   * Drains the core until it has nothing more to say. Re-entrant calls (a
   * listener that sends a message) are folded into the running loop.
   */
  private pump(): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    const touched = new Map<Room, ChatwireError | null>();
    try {
      do {
        this.pumpAgain = false;
        const core = this.core_;
        if (!core) break;
        const batch = JSON.parse(core.drain()) as CoreBatch;
        for (const action of batch.actions) this.perform(action);
        for (const event of batch.events) this.dispatch(event, touched);
        this.timer.arm(batch.deadline, Date.now());
      } while (this.pumpAgain);
    } finally {
      this.pumping = false;
    }
    // Listeners run last, once per batch, with every snapshot already stale-marked.
    for (const [room, historyError] of touched) room.settle(historyError);
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
        break;
    }
  }

  /** Reports one core event; rooms it changed are collected in `touched`. */
  private dispatch(event: CoreEvent, touched: Map<Room, ChatwireError | null>): void {
    switch (event.type) {
      case 'room': {
        const room = this.rooms_.get(event.room);
        if (room) {
          room.invalidate(event.what);
          if (!touched.has(room)) touched.set(room, null);
        }
        if ((event.what & (Part.unread | Part.state)) === 0) return;
        this.roomList = null;
        this.unreadTotal = this.core_?.unreadTotal() ?? 0;
        this.clientDirty = true;
        return;
      }
      case 'message':
        this.emitter.emit('message', { roomId: event.room, message: Object.freeze(event.message) as Message });
        return;
      case 'discontinuity':
        this.emitter.emit('discontinuity', { roomId: event.room });
        return;
      case 'state':
        this.onStateChanged(event);
        return;
      case 'reconnect_scheduled':
        this.setConnection({ ...this.connection, reconnectAt: Date.now() + event.delayMs, reconnectAttempt: event.attempt });
        this.emitter.emit('reconnect', { attempt: event.attempt, delayMs: event.delayMs, at: Date.now() + event.delayMs, reason: event.reason });
        return;
      case 'reconnect_deferred':
        this.setConnection({ ...this.connection, reconnectAt: null, reconnectAttempt: event.attempt });
        return;
      case 'credentials':
        this.answerCredentials();
        return;
      case 'connection_error':
        this.reportError(new ChatwireError({ source: 'connection', code: event.code, message: event.message }), true);
        return;
      case 'chat_error': {
        const error = new ChatwireError({ source: 'chat', code: event.code, message: event.message, roomId: event.room });
        const room = this.rooms_.get(event.room);
        // A failed history request rejects the loadOlder() that waits for it.
        if (room && event.code === 'request_failed' && event.message.startsWith('history')) touched.set(room, error);
        this.reportError(error, false);
        return;
      }
      case 'warning':
        this.logger?.warn?.(`chatwire: ${event.kind} "${event.event}": ${event.message}`);
        this.emitter.emit('warning', { kind: event.kind, event: event.event, message: event.message });
        return;
    }
  }

  private onStateChanged(event: Extract<CoreEvent, { type: 'state' }>): void {
    this.logger?.debug?.(`chatwire: ${event.from} → ${event.to} (${event.reason})`);
    const connected = event.to === 'connected';
    this.setConnection({
      state: event.to,
      error: connected ? null : this.connection.error,
      reconnectAt: event.to === 'reconnecting' ? this.connection.reconnectAt : null,
      reconnectAttempt: connected ? 0 : this.connection.reconnectAttempt,
    });
    this.emitter.emit('state', { state: event.to, previous: event.from, reason: event.reason, detail: event.detail });
  }

  // ---- helpers ---------------------------------------------------------------------

  private setConnection(next: ConnectionSnapshot): void {
    this.connection = Object.freeze(next);
    // Inside a pump, listeners run once at its end.
    if (this.pumping) this.clientDirty = true;
    else this.changed.notify();
  }

  private reportError(error: ChatwireError, affectsConnection: boolean): void {
    if (affectsConnection) this.setConnection({ ...this.connection, error: error.toJSON() });
    if (this.emitter.has('error')) this.emitter.emit('error', error);
    else this.logger?.error?.(`chatwire: ${error.source} error ${error.code}: ${error.message}`);
  }

  /** The core copies each live message into a 'message' event only while someone listens. */
  private syncMessageEvents(): void {
    this.core_?.setMessageEvents(this.emitter.has('message'));
  }

  private setRoomActive(roomId: string, active: boolean): void {
    if (active) this.activeRooms.add(roomId);
    else this.activeRooms.delete(roomId);
    this.command((core, now) => core.setActive(now, roomId, active && isVisible()), roomId);
  }

  /** The page became visible or hidden: active rooms are read only while seen. */
  private applyActiveRooms(): void {
    const visible = isVisible();
    for (const roomId of this.activeRooms) this.input((core, now) => void core.setActive(now, roomId, visible));
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
        this.reportError(error, true);
        if (generation === this.connectGeneration) this.input((c, now) => c.declineCredentials(now));
      },
    );
  }

  private alive(): CoreClient {
    if (!this.core_) throw DESTROYED();
    return this.core_;
  }
}
