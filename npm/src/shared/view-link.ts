// A tab's link to the shared host: finds (or starts) the SharedWorker,
// attaches this view, and turns what the host says into calls on the
// view's ChatClient. Also what a view owes the host: a Web Lock held for
// its life (the host notices a closed tab by getting it), and a detach when
// the page goes into the back-forward cache (and a new attach when it
// comes back). Nothing runs at import time.
import type { CoreAnswer } from '../chatwire_core.js';
import type { ChatClient } from '../client.js';
import { ChatwireError } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import type { ChatClientOptions } from '../types.js';
import { SHARED_PROTOCOL, type HostMessage, type SharedClientOptions, type ViewMessage } from './protocol.js';
import { ViewCore } from './view-core.js';

/** How long a view waits for the host to attach it (the worker loads the core first) before going local. */
const ATTACH_TIMEOUT_MS = 15_000;
const VIEW_LOCK_PREFIX = 'chatwire-view:';
const DEFAULT_MAX_TEXT_LENGTH = 4000;
const DEFAULT_MAX_PENDING = 100;

/** A view attached to the shared host: its core, and the state to start from. */
export interface SharedView {
  core: ViewCore;
  /** The shared client as it was on attach, as one answer. */
  state: CoreAnswer;
  /** Wires the host's messages to `client` (call once, right after creating it). */
  bind(client: ChatClient): void;
}

type Port = MessagePort;

/** A started SharedWorker, as far as a view uses it (tests give a MessageChannel's end). */
export interface WorkerLike {
  port: Port;
  onerror: ((event: ErrorEvent) => void) | null;
}
/** Starts (or finds) the worker. */
export type StartWorker = () => WorkerLike;

/** What the host said first: attached, or why not. */
type Attachment = { port: Port; message: Extract<HostMessage, { t: 'attached' }> } | { refusal: ChatwireError } | null;

/**
 * Attaches this tab to the shared client of its server and user. Resolves
 * null when sharing is not possible here (no SharedWorker, the worker failed
 * to start or answer): the caller then makes a client of its own. Rejects
 * with the host's ChatwireError when the options are refused ('config').
 */
export async function openSharedView(
  options: ChatClientOptions,
  resolved: ResolvedOptions,
  startWorker: StartWorker | null = null,
): Promise<SharedView | null> {
  const available = typeof (globalThis as { SharedWorker?: unknown }).SharedWorker === 'function';
  const start = startWorker ?? (resolved.share && available ? () => startSharedWorker(options) : null);
  if (start === null) return null;
  const shared = sharedOptions(options, resolved);
  const key = `${resolved.storageScope}|${JSON.stringify(options.dialect)}`;
  let lock = holdViewLock(options);

  const attach = async (): Promise<Attachment> => {
    await lock?.granted;
    return attachPort(start, options, { t: 'attach', protocol: SHARED_PROTOCOL, key, options: shared, lock: lock?.name ?? null, visible: pageVisible() });
  };
  const first = await attach();
  if (first === null) {
    lock?.release();
    options.logger?.warn?.('chatwire: the shared worker did not start; this tab uses a connection of its own');
    return null;
  }
  if ('refusal' in first) {
    lock?.release();
    throw first.refusal;
  }
  const core = new ViewCore(first.port, JSON.stringify(first.message.capabilities));
  let port = first.port;
  let client: ChatClient | null = null;

  const listen = (target: Port): void => {
    target.onmessage = (event: MessageEvent) => {
      if (client) onHostMessage(client, target, event.data as HostMessage, options);
    };
  };

  // The back-forward cache: a page kept there is frozen and must not hold the
  // shared client's typing or visibility; it detaches and attaches again on
  // return. It lets go of its lock too: a page holding a Web Lock is not
  // kept in the cache.
  const onPageHide = (event: PageTransitionEvent): void => {
    if (!event.persisted) return;
    port.postMessage({ t: 'detach', forget: false } satisfies ViewMessage);
    port.close();
    lock?.release();
  };
  const onPageShow = (event: PageTransitionEvent): void => {
    if (!event.persisted || core.isDeleted()) return;
    lock = holdViewLock(options);
    void attach().then((again) => {
      if (again === null || 'refusal' in again || !client || core.isDeleted()) return;
      port = again.port;
      core.replacePort(port);
      listen(port);
      client.receive(again.message.state);
    });
  };
  const page = (globalThis as { window?: Window }).window;
  page?.addEventListener('pagehide', onPageHide);
  page?.addEventListener('pageshow', onPageShow);
  core.onRelease = () => {
    page?.removeEventListener('pagehide', onPageHide);
    page?.removeEventListener('pageshow', onPageShow);
    lock?.release();
    // After the detach has gone out (a port closed at once may drop it).
    setTimeout(() => port.close(), 0);
  };

  return {
    core,
    state: first.message.state,
    bind(bound: ChatClient): void {
      client = bound;
      core.checks = {
        room: (roomId) => bound.room(roomId).getSnapshot(),
        maxTextLength: options.maxTextLength ?? DEFAULT_MAX_TEXT_LENGTH,
        maxPendingPerRoom: DEFAULT_MAX_PENDING,
      };
      listen(port);
      bound.receive(first.message.state);
    },
  };
}

/** The serializable options the host creates the client from. */
function sharedOptions(options: ChatClientOptions, resolved: ResolvedOptions): SharedClientOptions {
  const shared: SharedClientOptions = {
    url: options.url,
    dialect: options.dialect,
    user: options.user,
    persist: resolved.persist,
    cachedMessages: resolved.cachedMessages,
    authCallback: typeof options.auth === 'function',
  };
  if (options.path !== undefined) shared.path = options.path;
  if (options.auth !== undefined && typeof options.auth !== 'function') shared.auth = options.auth as Record<string, unknown>;
  if (options.query !== undefined) shared.query = options.query;
  if (options.reconnection !== undefined) shared.reconnection = options.reconnection;
  if (options.typing !== undefined) shared.typing = options.typing;
  for (const key of ['connectTimeoutMs', 'requestTimeoutMs', 'maxMessagesPerRoom', 'maxTextLength', 'historyPageSize'] as const) {
    if (options[key] !== undefined) shared[key] = options[key];
  }
  // The page's answer to "where is chatwire.wasm", as a URL the worker can fetch.
  if (options.locateFile) shared.wasmUrl = new URL(options.locateFile('chatwire.wasm'), globalThis.location?.href).href;
  return shared;
}

function startSharedWorker(options: ChatClientOptions): WorkerLike {
  if (options.workerUrl !== undefined) return new SharedWorker(options.workerUrl, { type: 'module', name: 'chatwire' });
  // Spelled exactly so: `new SharedWorker(new URL('./worker.js', import.meta.url), {...})`
  // is what Vite, webpack and Turbopack look for to bundle the worker.
  return new SharedWorker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'chatwire' });
}

/**
 * Starts (or finds) the worker and attaches. Resolves null when the worker
 * fails to load or does not answer in time.
 */
function attachPort(start: StartWorker, options: ChatClientOptions, attach: ViewMessage): Promise<Attachment> {
  return new Promise<Attachment>((resolve) => {
    let worker: WorkerLike;
    try {
      worker = start();
    } catch (error) {
      options.logger?.warn?.('chatwire: cannot start the shared worker', error);
      resolve(null);
      return;
    }
    const port = worker.port;
    const timer = setTimeout(() => finish(null), ATTACH_TIMEOUT_MS);
    const finish = (outcome: Attachment): void => {
      clearTimeout(timer);
      worker.onerror = null;
      if (outcome === null || 'refusal' in outcome) port.close();
      resolve(outcome);
    };
    worker.onerror = () => finish(null);
    port.onmessage = (event: MessageEvent) => {
      const message = event.data as HostMessage;
      if (message?.t === 'attached') finish({ port, message });
      else if (message?.t === 'unavailable') {
        // Refused options are the app's to fix; anything else: go local.
        if (message.error.source === 'config' && message.error.code !== 'shared_version_mismatch') finish({ refusal: new ChatwireError(message.error) });
        else finish(null);
      }
    };
    port.postMessage(attach);
  });
}

/** What the host says to an attached view. */
function onHostMessage(client: ChatClient, port: Port, message: HostMessage, options: ChatClientOptions): void {
  switch (message?.t) {
    case 'answer':
      client.receive(message.answer);
      return;
    case 'refused':
    case 'error':
      client.reportFromHost(new ChatwireError(message.error));
      return;
    case 'loaded':
      client.settleHistory(message.ticket, message.error ? new ChatwireError(message.error) : (message.added ?? 0));
      return;
    case 'needAuth':
      void answerAuth(port, message.ticket, options);
      return;
    case 'ended':
      client.receive({ connection: { state: 'disconnected', error: null, reconnectAt: null, reconnectAttempt: 0 } });
      client.reportFromHost(new ChatwireError({ source: 'connection', code: 'shared_client_ended', message: 'another tab signed out: the shared client was destroyed' }));
      return;
    default:
      return;  // 'attached' and 'unavailable' come once, before this view is bound
  }
}

/** Runs the app's auth callback for the host; never includes the callback's result in an error. */
async function answerAuth(port: Port, ticket: number, options: ChatClientOptions): Promise<void> {
  try {
    const auth = typeof options.auth === 'function' ? await options.auth() : options.auth;
    if (typeof auth !== 'object' || auth === null) throw new Error('the auth callback must return an object');
    port.postMessage({ t: 'auth', ticket, auth: auth as Record<string, unknown> } satisfies ViewMessage);
  } catch (cause) {
    port.postMessage({ t: 'auth', ticket, error: cause instanceof Error ? cause.message : 'the auth callback failed' } satisfies ViewMessage);
  }
}

/** A Web Lock this view holds until released: the host takes it to learn that the view is gone. */
interface ViewLock {
  name: string;
  /** Resolves once the lock is held: only then may the host ask for it, or it would get it at once. */
  granted: Promise<void>;
  release(): void;
}

function holdViewLock(options: ChatClientOptions): ViewLock | null {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (!locks) return null;
  const words = new Uint32Array(2);
  globalThis.crypto.getRandomValues(words);
  const name = `${VIEW_LOCK_PREFIX}${words[0]!.toString(36)}${words[1]!.toString(36)}`;
  let release = (): void => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let grant = (): void => {};
  const granted = new Promise<void>((resolve) => {
    grant = resolve;
  });
  locks
    .request(name, () => {
      grant();
      return held;
    })
    .catch((error: unknown) => {
      // Without its lock the view is noticed only when it detaches itself.
      options.logger?.warn?.('chatwire: the view lock failed', error);
      grant();
    });
  return { name, granted, release: () => release() };
}

function pageVisible(): boolean {
  const doc = (globalThis as { document?: Document }).document;
  return !doc || doc.visibilityState !== 'hidden';
}
