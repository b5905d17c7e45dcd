// The Wasm core as TypeScript objects: CoreClient over the module's C ABI
// (bindings/core_exports.cpp). Text crosses as UTF-8 through the module's
// memory: arguments are encoded straight into a buffer the module lends,
// each answer is decoded with one TextDecoder call. One call per input.
import type { RawCoreModule } from './chatwire_core.js';
import { coreOps, type CoreOpName } from './generated/contract.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** What a module instance offers: clients, and figures for tests. */
export interface CoreModule {
  CoreClient: new (configJson: string) => CoreClient;
  /** Names of the built-in dialect presets, as a JSON array of strings. */
  presetNames(): string;
  /** Bytes of Wasm linear memory (for the leak test). */
  heapSize(): number;
  /** Bytes currently allocated by malloc (for the leak test). */
  allocatedBytes(): number;
}

/**
 * One chatwire::api::CoreApi. Every method taking `now` wants Date.now():
 * the core stamps pending messages with it. Every input returns a
 * CoreAnswer as JSON: everything the input caused, so nothing needs asking
 * afterwards. Numbers that are not whole or out of range never reach the
 * core: the answer reports an 'invalid_argument' warning, or a command's
 * result refuses with 'invalid_argument'.
 */
export interface CoreClient {
  /** "" when created; otherwise a CoreConfigError as JSON. */
  error(): string;
  /** Frees the C++ object. Calling anything afterwards throws. */
  delete(): void;
  /**
   * Only on a view of a shared core (shared/view-core.ts): destroy() calls
   * it instead of disconnecting, since the connection is every tab's.
   */
  release?(forget: boolean): void;
  isDeleted(): boolean;

  connect(now: number): string;
  disconnect(now: number): string;
  /** Replaces the auth object (JSON; "null" for none) for the next CONNECT. */
  setAuth(authJson: string): string;
  /** Answers a "credentials" event: one more CONNECT with this auth. */
  provideCredentials(now: number, authJson: string): string;
  declineCredentials(now: number): string;
  /** The app's auth callback failed: the connection panel shows it. */
  authFailed(message: string): string;
  networkOnline(now: number): string;
  networkOffline(now: number): string;
  /** The page became visible or hidden: active rooms are read only while seen. */
  pageVisible(now: number, visible: boolean): string;

  transportOpened(now: number, transport: number): string;
  frameReceived(now: number, transport: number, text: string): string;
  transportClosed(now: number, transport: number, detail: string): string;
  /**
   * A "request" action ended: its HTTP status and whole body, or status 0
   * and a diagnostic when no complete answer came (network error, body cut).
   */
  httpResponse(now: number, request: number, status: number, body: string): string;
  handleTimeout(now: number): string;

  join(now: number, room: string): string;
  leave(now: number, room: string): string;
  /**
   * result.value: the message's client id: `clientId` when given (1 to 64
   * of A-Z a-z 0-9 - _, not in use; else 'invalid_client_id'), else a new one.
   */
  send(now: number, room: string, text: string, clientId?: string, replyTo?: string): string;
  /**
   * Changes of a message: `message` is its server id, or the client id of
   * the user's own message still being sent. result.value: the operation's
   * id (opId); or the send's client id, when a send not handed over yet was
   * rewritten (edit) or cancelled (delete) instead. `opId`: the caller's
   * name for the operation (as `clientId` for send), or '' for a new one.
   */
  edit(now: number, room: string, message: string, text: string, opId?: string): string;
  deleteMessage(now: number, room: string, message: string, opId?: string): string;
  react(now: number, room: string, message: string, emoji: string, on: boolean, opId?: string): string;
  /** The records of pending operations kept before a reload (a JSON array of CoreStoredOp); result.value: how many were taken. */
  restoreOps(now: number, recordsJson: string): string;
  retry(now: number, clientId: string): string;
  cancel(now: number, clientId: string): string;
  typing(now: number, room: string): string;
  stopTyping(now: number, room: string): string;
  markRead(now: number, room: string): string;
  setActive(now: number, room: string, active: boolean): string;
  /**
   * count 0: the configured page size. result.value: the history request's
   * id; a 'history_loaded' event or a 'chat_error' naming it ends the load.
   */
  loadOlder(now: number, room: string, count: number): string;
  /** The page after the newest message of a detached window; as loadOlder. */
  loadNewer(now: number, room: string, count: number): string;
  /**
   * Shows the message `message` names. result.value: its key (a string)
   * when the room shows it already; else the id (a number) of the request
   * for the page around it, ended by 'history_loaded' or 'chat_error'.
   */
  jumpTo(now: number, room: string, message: string): string;
  /** The room shows its latest messages again. */
  jumpToLatest(now: number, room: string): string;
  refreshMembers(now: number, room: string): string;
  /** The records of unconfirmed sends kept before a reload (a JSON array of CoreStoredSend). */
  restoreSends(now: number, recordsJson: string): string;
  /** The rooms' newest messages kept before a reload (a JSON array of CoreCachedRoom); result.value: rooms taken. */
  restoreHistory(now: number, recordsJson: string): string;

  /** The dialect's capabilities as a CoreCapabilities JSON string. */
  capabilities(): string;
  /** Counters as a CoreStats JSON string. */
  stats(): string;
  /** Whether answers report 'message' events (on by default). */
  setMessageEvents(enabled: boolean): void;
}

/** Wraps an instantiated module. */
export function coreModule(raw: RawCoreModule): CoreModule {
  const memory = new ModuleText(raw);
  class WasmCoreClient implements CoreClient {
    private handle: number;

    constructor(configJson: string) {
      const [config, length] = memory.write(configJson, '');
      this.handle = raw._cw_create(config, length);
    }

    error(): string {
      return memory.read(raw._cw_error(this.alive()));
    }

    delete(): void {
      raw._cw_destroy(this.alive());
      this.handle = 0;
    }

    isDeleted(): boolean {
      return this.handle === 0;
    }

    connect(now: number): string { return this.call('connect', now); }
    disconnect(now: number): string { return this.call('disconnect', now); }
    setAuth(authJson: string): string { return this.call('setAuth', 0, 0, authJson); }
    provideCredentials(now: number, authJson: string): string { return this.call('provideCredentials', now, 0, authJson); }
    declineCredentials(now: number): string { return this.call('declineCredentials', now); }
    authFailed(message: string): string { return this.call('authFailed', 0, 0, message); }
    networkOnline(now: number): string { return this.call('networkOnline', now); }
    networkOffline(now: number): string { return this.call('networkOffline', now); }
    pageVisible(now: number, visible: boolean): string { return this.call('pageVisible', now, visible ? 1 : 0); }
    transportOpened(now: number, transport: number): string { return this.call('transportOpened', now, transport); }
    frameReceived(now: number, transport: number, text: string): string { return this.call('frameReceived', now, transport, text); }
    transportClosed(now: number, transport: number, detail: string): string { return this.call('transportClosed', now, transport, detail); }
    httpResponse(now: number, request: number, status: number, body: string): string { return this.call('httpResponse', now, request, String(status), body); }
    handleTimeout(now: number): string { return this.call('handleTimeout', now); }
    join(now: number, room: string): string { return this.call('join', now, 0, room); }
    leave(now: number, room: string): string { return this.call('leave', now, 0, room); }
    send(now: number, room: string, text: string, clientId = '', replyTo = ''): string { return this.call('send', now, 0, room, text, clientId, replyTo); }
    edit(now: number, room: string, message: string, text: string, opId = ''): string { return this.call('edit', now, 0, room, message, text, opId); }
    deleteMessage(now: number, room: string, message: string, opId = ''): string { return this.call('deleteMessage', now, 0, room, message, opId); }
    react(now: number, room: string, message: string, emoji: string, on: boolean, opId = ''): string { return this.call('react', now, on ? 1 : 0, room, message, emoji, opId); }
    restoreOps(now: number, recordsJson: string): string { return this.call('restoreOps', now, 0, recordsJson); }
    retry(now: number, clientId: string): string { return this.call('retry', now, 0, clientId); }
    cancel(now: number, clientId: string): string { return this.call('cancel', now, 0, clientId); }
    typing(now: number, room: string): string { return this.call('typing', now, 0, room); }
    stopTyping(now: number, room: string): string { return this.call('stopTyping', now, 0, room); }
    markRead(now: number, room: string): string { return this.call('markRead', now, 0, room); }
    setActive(now: number, room: string, active: boolean): string { return this.call('setActive', now, active ? 1 : 0, room); }
    loadOlder(now: number, room: string, count: number): string { return this.call('loadOlder', now, count, room); }
    loadNewer(now: number, room: string, count: number): string { return this.call('loadNewer', now, count, room); }
    jumpTo(now: number, room: string, message: string): string { return this.call('jumpTo', now, 0, room, message); }
    jumpToLatest(now: number, room: string): string { return this.call('jumpToLatest', now, 0, room); }
    refreshMembers(now: number, room: string): string { return this.call('refreshMembers', now, 0, room); }
    restoreSends(now: number, recordsJson: string): string { return this.call('restoreSends', now, 0, recordsJson); }
    restoreHistory(now: number, recordsJson: string): string { return this.call('restoreHistory', now, 0, recordsJson); }

    capabilities(): string {
      return memory.read(raw._cw_capabilities(this.alive()));
    }

    stats(): string {
      return memory.read(raw._cw_stats(this.alive()));
    }

    setMessageEvents(enabled: boolean): void {
      raw._cw_set_message_events(this.alive(), enabled ? 1 : 0);
    }

    /** One input: its text arguments into the module's buffer, its answer out. */
    private call(op: CoreOpName, now: number, number = 0, a = '', b = '', c = '', d = ''): string {
      const handle = this.alive();
      const [pointer, aLength, bLength, cLength, dLength] = memory.write(a, b, c, d);
      return memory.read(raw._cw_call(handle, coreOps[op], now, number, pointer, aLength, bLength, cLength, dLength));
    }

    private alive(): number {
      if (this.handle === 0) throw new Error('chatwire: the core client was deleted');
      return this.handle;
    }
  }
  return {
    CoreClient: WasmCoreClient,
    presetNames: () => memory.read(raw._cw_preset_names()),
    heapSize: () => raw._cw_heap_size(),
    allocatedBytes: () => raw._cw_allocated_bytes(),
  };
}

/** UTF-8 text in and out of the module's memory. */
class ModuleText {
  constructor(private readonly raw: RawCoreModule) {}

  /**
   * Writes `a` to `d` one after another into the module's argument buffer;
   * returns where they start and their byte lengths. A string with lone
   * surrogates is written with U+FFFD in their place (TextEncoder's rule).
   * Spelled out for four, not a loop over a list: it runs for every frame.
   */
  write(a: string, b: string, c = '', d = ''): [pointer: number, aLength: number, bLength: number, cLength: number, dLength: number] {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    const capacity = 3 * (a.length + b.length + c.length + d.length);
    const pointer = this.raw._cw_buffer(capacity);
    // After _cw_buffer: it may have grown the memory, which replaces HEAPU8.
    const heap = this.raw.HEAPU8;
    const end = pointer + capacity;
    const aLength = a.length === 0 ? 0 : encoder.encodeInto(a, heap.subarray(pointer, end)).written;
    const bAt = pointer + aLength;
    const bLength = b.length === 0 ? 0 : encoder.encodeInto(b, heap.subarray(bAt, end)).written;
    const cAt = bAt + bLength;
    const cLength = c.length === 0 ? 0 : encoder.encodeInto(c, heap.subarray(cAt, end)).written;
    const dLength = d.length === 0 ? 0 : encoder.encodeInto(d, heap.subarray(cAt + cLength, end)).written;
    return [pointer, aLength, bLength, cLength, dLength];
  }

  /** The text the last call returned at `pointer`. */
  read(pointer: number): string {
    const length = this.raw._cw_result_length();
    return length === 0 ? '' : decoder.decode(this.raw.HEAPU8.subarray(pointer, pointer + length));
  }
}
