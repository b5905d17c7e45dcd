// A tab's link to the shared host: finds the host (a SharedWorker, or where
// there is none the tab elected leader), attaches this view, and turns what
// the host says into calls on the view's ChatClient. Also what a view owes
// the host: a Web Lock held for its life (the host notices a closed tab by
// getting it), a detach when the page goes into the back-forward cache (and
// a new attach when it comes back), and when the host changes (a new leader
// tab) a new attach that carries on what the view had going. Nothing runs
// at import time.
import type { CoreAnswer } from '../chatwire_core.js';
import type { ChatClient } from '../client.js';
import { ChatwireError } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import type { ChatClientOptions } from '../types.js';
import { startSharedWorker, workerRoute, type HostPort, type HostRoute } from './host-route.js';
import { SHARED_PROTOCOL, type HostMessage, type SharedClientOptions, type ViewMessage } from './protocol.js';
import { ViewCore } from './view-core.js';

/** How long a view waits for the host to attach it (the host loads the core first) before going local. */
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

/** What the host said first: attached, or why not. */
type Attachment = { port: HostPort; message: Extract<HostMessage, { t: 'attached' }> } | { refusal: ChatwireError } | null;

/**
 * Attaches this tab to the shared client of its server and user. Resolves
 * null when sharing is not possible here (sharing is off, or neither a
 * SharedWorker nor Web Locks and BroadcastChannel exist, or the host failed
 * to start or answer): the caller then makes a client of its own. Rejects
 * with the host's ChatwireError when the options are refused ('config').
 */
export async function openSharedView(
  options: ChatClientOptions,
  resolved: ResolvedOptions,
  given: HostRoute | null = null,
): Promise<SharedView | null> {
  const key = sharedClientKey(options, resolved);
  const route = given ?? (resolved.share ? await routeOf(options, key) : null);
  if (route === null) return null;
  const shared = sharedOptions(options, resolved);
  let lock = holdViewLock(options);

  const attach = async (core: ViewCore | null): Promise<Attachment> => {
    await lock?.granted;
    const message: ViewMessage = { t: 'attach', protocol: SHARED_PROTOCOL, key, options: shared, lock: lock?.name ?? null, visible: pageVisible() };
    if (core) message.resume = core.resume();
    return attachPort(route, options, message);
  };
  const first = await attach(null);
  if (first === null || 'refusal' in first) {
    lock?.release();
    route.close();
    if (first === null) {
      options.logger?.warn?.('chatwire: the shared host did not start; this tab uses a connection of its own');
      return null;
    }
    throw first.refusal;
  }
  const core = new ViewCore(first.port, JSON.stringify(first.message.capabilities));
  let port = first.port;
  let client: ChatClient | null = null;

  const listen = (target: HostPort): void => {
    target.onmessage = (event: MessageEvent) => {
      if (client && target === port) onHostMessage(client, target, event.data as HostMessage, options);
    };
  };

  // Attaching again: after the back-forward cache, or to a new host. Only the newest attempt counts.
  let attempt = 0;
  const reattach = (): void => {
    const mine = ++attempt;
    void attach(core).then((again) => {
      if (mine !== attempt || again === null || 'refusal' in again || !client || core.isDeleted()) return;
      const previous = port;
      port = again.port;
      core.replacePort(port);
      listen(port);
      previous.close();
      // What the old host may never have got; a host that did ignores the repeat (see ViewMessage 'input').
      for (const input of previous.unacknowledgedInputs?.() ?? []) port.postMessage({ t: 'input', input, replay: true } satisfies ViewMessage);
      client.receive(again.message.state);
    });
  };
  route.onHostChange = reattach;

  // The back-forward cache: a page kept there is frozen and must not hold the
  // shared client's typing or visibility; it detaches and attaches again on
  // return. It lets go of its lock too: a page holding a Web Lock is not
  // kept in the cache.
  const onPageHide = (event: PageTransitionEvent): void => {
    if (!event.persisted) return;
    port.postMessage({ t: 'detach', forget: false } satisfies ViewMessage);
    lock?.release();
  };
  const onPageShow = (event: PageTransitionEvent): void => {
    if (!event.persisted || core.isDeleted()) return;
    lock = holdViewLock(options);
    reattach();
  };
  const page = (globalThis as { window?: Window }).window;
  page?.addEventListener('pagehide', onPageHide);
  page?.addEventListener('pageshow', onPageShow);
  core.onRelease = () => {
    page?.removeEventListener('pagehide', onPageHide);
    page?.removeEventListener('pageshow', onPageShow);
    lock?.release();
    // After the detach has gone out (a port closed at once may drop it).
    setTimeout(() => {
      port.close();
      route.close();
    }, 0);
  };

  return {
    core,
    state: first.message.state,
    bind(bound: ChatClient): void {
      client = bound;
      core.checks = {
        room: (roomId) => bound.room(roomId).getSnapshot(),
        joinedRooms: () => bound.getRooms().filter((room) => room.state === 'joining' || room.state === 'joined').map((room) => room.roomId),
        maxTextLength: options.maxTextLength ?? DEFAULT_MAX_TEXT_LENGTH,
        maxPendingPerRoom: DEFAULT_MAX_PENDING,
      };
      listen(port);
      bound.receive(first.message.state);
    },
  };
}

/** Names the shared client: the tabs of one key (server, user, dialect) share one. */
export function sharedClientKey(options: ChatClientOptions, resolved: ResolvedOptions): string {
  return `${resolved.storageScope}|${JSON.stringify(options.dialect)}`;
}

/**
 * The way to the host in this page: its SharedWorker, or where there is
 * none a leader tab (Web Locks and BroadcastChannel); null without either.
 */
async function routeOf(options: ChatClientOptions, key: string): Promise<HostRoute | null> {
  const scope = globalThis as { SharedWorker?: unknown; BroadcastChannel?: unknown; navigator?: { locks?: LockManager } };
  if (typeof scope.SharedWorker === 'function') return workerRoute(() => startSharedWorker(options.workerUrl));
  const locks = scope.navigator?.locks;
  if (!locks || typeof scope.BroadcastChannel !== 'function') return null;
  try {
    const { leaderRoute } = await import('./leader-host.js');
    return leaderRoute(options, key, locks);
  } catch (error) {
    options.logger?.warn?.('chatwire: cannot load the leader election (shared/leader-host.js)', error);
    return null;
  }
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

/**
 * Opens a port to the host and attaches. Resolves null when the host fails
 * to start or does not answer in time.
 */
function attachPort(route: HostRoute, options: ChatClientOptions, attach: ViewMessage): Promise<Attachment> {
  return new Promise<Attachment>((resolve) => {
    let port: HostPort | null = null;
    let settled = false;
    const timer = setTimeout(() => finish(null), ATTACH_TIMEOUT_MS);
    const finish = (outcome: Attachment): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (outcome === null || 'refusal' in outcome) port?.close();
      resolve(outcome);
    };
    route.open().then(
      (opened) => {
        port = opened;
        if (settled) {
          opened.close();
          return;
        }
        opened.onmessage = (event: MessageEvent) => {
          const message = event.data as HostMessage;
          if (message?.t === 'attached') finish({ port: opened, message });
          else if (message?.t === 'unavailable') {
            // Refused options are the app's to fix; anything else: go local.
            if (message.error.source === 'config' && message.error.code !== 'shared_version_mismatch') finish({ refusal: new ChatwireError(message.error) });
            else finish(null);
          }
        };
        opened.postMessage(attach);
      },
      (error: unknown) => {
        options.logger?.warn?.('chatwire: cannot start the shared worker', error);
        finish(null);
      },
    );
  });
}

/** What the host says to an attached view. */
function onHostMessage(client: ChatClient, port: HostPort, message: HostMessage, options: ChatClientOptions): void {
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
      client.receive({ connection: { state: 'disconnected', error: null, reconnectAt: null, reconnectAttempt: 0, transport: null } });
      client.reportFromHost(new ChatwireError({ source: 'connection', code: 'shared_client_ended', message: 'another tab signed out: the shared client was destroyed' }));
      return;
    default:
      return;  // 'attached' and 'unavailable' come once, before this view is bound
  }
}

/** Runs the app's auth callback for the host; never includes the callback's result in an error. */
async function answerAuth(port: HostPort, ticket: number, options: ChatClientOptions): Promise<void> {
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
