// LocalStore: what Chatwire keeps of one user on this device, in IndexedDB:
// the unconfirmed sends (the durable outbox), so a message typed offline
// survives a reload, a crash or a browser restart, and the newest messages
// of each joined room, so a reload shows a room before the socket connects.
// The core decides what is stored and when; this class only runs the puts
// and deletes it is told to, and at startup hands back the sends that no
// live page owns and the rooms' messages.
//
// Storage is never fatal: a page without IndexedDB, a blocked or failed open,
// a quota error or Safari's lost connection is reported once, and the store
// then keeps nothing, so chat goes on in memory.
//
// Who owns a record: every store holds a Web Lock named for its page id for
// as long as it lives, and writes that id into each record. The browser
// releases the lock when the page closes, reloads, crashes or is discarded,
// so a record whose owner's lock is not held belongs to nobody and can be
// claimed (claimOrphans). Nothing here runs at import time (server rendering).
import type { CoreCachedRoom, CoreStoredOp, CoreStoredSend } from '../chatwire_core.js';
import { ChatwireError } from '../errors.js';
import {
  ALL_STORES,
  HISTORY_STORE,
  OPS_STORE,
  SCOPE_INDEX,
  SENDS_STORE,
  failureOf,
  openDatabase,
  requestResult,
  transactionDone,
  type StorageFailure,
} from './idb.js';
import { opsInOrder, readStoredOp, type OwnedReading } from './stored-ops.js';
import { PAGE_LOCK_PREFIX, holdLock, livePageIds, newPageId, platformLocks } from './web-locks.js';

export type { StorageErrorCode } from './idb.js';

/** The schema version of stored sends this module writes and reads. */
export const SEND_RECORD_SCHEMA = 1;
/** The schema version of cached rooms this module hands to the core. */
export const CACHED_ROOM_SCHEMA = 1;

/**
 * One unconfirmed send of the user, as stored: the record the core writes
 * and reads back (CoreStoredSend, src/api/stored_send_json.h); a record
 * with a higher schema is left alone.
 */
export type StoredSendRecord = CoreStoredSend;

/** Options of LocalStore.open(); the defaults are the page's own APIs. */
export interface LocalStoreOptions {
  /** The IndexedDB to use. Default: the page's `indexedDB`. null: none, as in a page without IndexedDB. */
  indexedDB?: IDBFactory | null;
  /** The Web Locks to use. Default: `navigator.locks`. null: none (every record of the scope is claimed, see claimOrphans). */
  locks?: LockManager | null;
  /**
   * How long opening the database, taking the page lock and waiting for the
   * claim lock may take before the store gives up on them. Default 5000.
   */
  timeoutMs?: number;
}

/** A stored value: the record, plus whose it is (`scope`) and which page owns it (`owner`). */
interface StoredSendValue extends StoredSendRecord {
  scope: string;
  owner: string;
}

/** A stored room: the core's record, plus whose it is. One per room of a scope; no owner (any page may write it). */
interface CachedRoomValue extends CoreCachedRoom {
  scope: string;
}

/** A stored operation: the core's record, plus whose it is and which page owns it (as for sends). */
interface StoredOpValue extends CoreStoredOp {
  scope: string;
  owner: string;
}

/** A put or a delete waiting for its transaction, in one of the object stores. */
type PendingWrite =
  | { store: typeof SENDS_STORE; value: StoredSendValue }
  | { store: typeof HISTORY_STORE; value: CachedRoomValue }
  | { store: typeof OPS_STORE; value: StoredOpValue }
  | { store: typeof SENDS_STORE | typeof HISTORY_STORE | typeof OPS_STORE; key: [string, string] };

/** What a stored value turned out to be. */
type Reading = OwnedReading<StoredSendRecord>;

/** Records that pages own and claim from pages that are gone: the sends, the operations. */
interface OwnedKind<R> {
  store: typeof SENDS_STORE | typeof OPS_STORE;
  read(value: unknown): OwnedReading<R>;
  /** The value's key, to report each invalid one once. */
  idOf(value: unknown): string;
  order(a: R, b: R): number;
  /** What one record is called in a report: "stored send". */
  noun: string;
}

const DEFAULT_TIMEOUT_MS = 5000;
/** Exclusive while a page claims a scope's orphans, so two pages never claim at once. */
const CLAIM_LOCK_PREFIX = 'chatwire-claim:';

function storageError(failure: StorageFailure): ChatwireError {
  return new ChatwireError({ source: 'storage', code: failure.code, message: failure.message });
}

const UNAVAILABLE: StorageFailure = {
  code: 'storage_unavailable',
  message: 'IndexedDB is not available here (a private window, a browser without it, or Node); nothing is kept on this device',
};

/** The page's IndexedDB; reading it can throw where storage is blocked (SecurityError). */
function platformIndexedDB(): IDBFactory | null {
  try {
    return (globalThis as { indexedDB?: IDBFactory }).indexedDB ?? null;
  } catch {
    return null;
  }
}

/**
 * Reads a stored value without trusting it: another version of Chatwire,
 * an extension or a hand edit in the developer tools may have written it.
 * Only the known fields are copied, so a record handed out or written is
 * plain data of the documented shape.
 */
function readValue(value: unknown): Reading {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'corrupt' };
  const v = value as Record<string, unknown>;
  // Before any other check: a newer schema may have renamed every other field.
  if (typeof v.schema === 'number' && v.schema > SEND_RECORD_SCHEMA) return { kind: 'future' };
  if (
    v.schema !== SEND_RECORD_SCHEMA ||
    typeof v.clientId !== 'string' ||
    typeof v.room !== 'string' ||
    typeof v.text !== 'string' ||
    // Whole milliseconds, as the core writes them and reads them back.
    typeof v.createdAtMs !== 'number' ||
    !Number.isSafeInteger(v.createdAtMs) ||
    typeof v.handedOver !== 'boolean' ||
    (v.failure !== undefined && typeof v.failure !== 'string') ||
    (v.replyTo !== undefined && typeof v.replyTo !== 'string') ||
    typeof v.owner !== 'string'
  ) {
    return { kind: 'corrupt' };
  }
  const record: StoredSendRecord = {
    schema: SEND_RECORD_SCHEMA,
    clientId: v.clientId,
    room: v.room,
    text: v.text,
    createdAtMs: v.createdAtMs,
    handedOver: v.handedOver,
  };
  if (typeof v.failure === 'string') record.failure = v.failure;
  if (typeof v.replyTo === 'string') record.replyTo = v.replyTo;
  return { kind: 'ok', record, owner: v.owner };
}

/**
 * A cached room as the core wrote it, without trusting it (see readValue):
 * only the schema, the room and that messages is an array are checked here;
 * the core reads every message itself. null when it is not one.
 */
function readRoom(value: unknown): CoreCachedRoom | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (v.schema !== CACHED_ROOM_SCHEMA || typeof v.room !== 'string' || v.room === '' || !Array.isArray(v.messages)) return null;
  return { schema: CACHED_ROOM_SCHEMA, room: v.room, messages: v.messages as CoreCachedRoom['messages'] };
}

/** A name for a stored value in the set of those already reported (its key `field` is a key, maybe not a string). */
function keyOf(value: unknown, field: 'clientId' | 'opId'): string {
  const key = (value as Record<string, unknown> | null)?.[field];
  return typeof key === 'string' ? `${field}:${key}` : `${field}~${JSON.stringify(key) ?? String(key)}`;
}

function oldestFirst(a: StoredSendRecord, b: StoredSendRecord): number {
  if (a.createdAtMs !== b.createdAtMs) return a.createdAtMs - b.createdAtMs;
  // Code-unit order, the same in every locale.
  return a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0;
}

const SENDS: OwnedKind<StoredSendRecord> = {
  store: SENDS_STORE,
  read: readValue,
  idOf: (value) => keyOf(value, 'clientId'),
  order: oldestFirst,
  noun: 'stored send',
};

const OPS: OwnedKind<CoreStoredOp> = {
  store: OPS_STORE,
  read: readStoredOp,
  idOf: (value) => keyOf(value, 'opId'),
  order: opsInOrder,
  noun: 'stored change',
};

/** Deletes every value of `scope` in every store (inside the caller's readwrite transaction). */
function deleteScope(tx: IDBTransaction, scope: string): void {
  for (const name of ALL_STORES) {
    const store = tx.objectStore(name);
    const keys = store.index(SCOPE_INDEX).getAllKeys(scope);
    keys.onsuccess = () => {
      for (const key of keys.result) store.delete(key);
    };
  }
}

interface StoreParts {
  scope: string;
  onError: (error: ChatwireError) => void;
  db: IDBDatabase | null;
  locks: LockManager | null;
  pageId: string;
  releasePage: (() => void) | null;
  /** Kept after a fallback, for forgetAll's best effort. */
  factory: IDBFactory | null;
  timeoutMs: number;
}

/**
 * The user's unconfirmed sends of one scope (one user of one server), kept
 * in IndexedDB. Obtain one with LocalStore.open(); it never throws, and when
 * storage fails it keeps nothing (`durable` false) and chat goes on in memory.
 */
export class LocalStore {
  private readonly scope: string;
  private readonly onError: (error: ChatwireError) => void;
  /** The connection; null once the store has fallen back to memory or closed. */
  private db: IDBDatabase | null;
  /** null: no Web Locks (one tab assumed, see claimOrphans). */
  private readonly locks: LockManager | null;
  private readonly pageId: string;
  /** Gives back the page lock; held until close(), even after a fallback (see fallBack). */
  private releasePage: (() => void) | null;
  private readonly factory: IDBFactory | null;
  private readonly timeoutMs: number;
  /** Puts and deletes waiting for the microtask that writes them, in call order. */
  private pending: PendingWrite[] = [];
  private scheduled = false;
  /** Transactions not yet settled, for flushed(); these promises never reject. */
  private readonly inFlight = new Set<Promise<boolean>>();
  private closed = false;
  /** Invalid stored values already reported by this store, by client id. */
  private readonly reportedInvalid = new Set<string>();

  private constructor(parts: StoreParts) {
    this.scope = parts.scope;
    this.onError = parts.onError;
    this.db = parts.db;
    this.locks = parts.locks;
    this.pageId = parts.pageId;
    this.releasePage = parts.releasePage;
    this.factory = parts.factory;
    this.timeoutMs = parts.timeoutMs;
    const db = parts.db;
    if (db !== null) {
      // Another page opens a newer version of the database or deletes it:
      // close, or that page stays blocked for as long as this one lives.
      db.onversionchange = () =>
        this.fallBack({
          code: 'storage_failed',
          message: 'another page is upgrading or deleting the Chatwire database; nothing more is kept on this device',
        });
      // The browser closed the connection itself: site data cleared, the
      // storage process gone.
      db.onclose = () =>
        this.fallBack({
          code: 'storage_failed',
          message: 'the browser closed the Chatwire database (site data cleared or storage lost); nothing more is kept on this device',
        });
    }
  }

  /**
   * Opens (or creates) the store for `scope`, a string naming the server URL
   * and the user, given by the caller.
   *
   * Never rejects: when IndexedDB is missing (private windows, some browsers,
   * Node), the open is blocked, fails, times out, or the quota is exceeded,
   * it calls `onError` once with a ChatwireError (source 'storage', code
   * 'storage_unavailable', 'storage_failed', 'storage_blocked' or
   * 'storage_quota') and returns a store that keeps nothing, so chat goes on
   * in memory. `onError` is also how later failures are reported.
   */
  static async open(scope: string, onError: (error: ChatwireError) => void, options: LocalStoreOptions = {}): Promise<LocalStore> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const memory = (failure: StorageFailure, factory: IDBFactory | null): LocalStore => {
      const store = new LocalStore({ scope, onError, db: null, locks: null, pageId: '', releasePage: null, factory, timeoutMs });
      store.report(storageError(failure));
      return store;
    };
    const factory = options.indexedDB !== undefined ? options.indexedDB : platformIndexedDB();
    if (!factory) return memory(UNAVAILABLE, null);
    try {
      const pageId = newPageId();
      const locks = options.locks !== undefined ? options.locks : platformLocks();
      // The page lock is held before the first write: a record must never
      // name an owner whose lock is not held, or another page would take it.
      const [opened, releasePage] = await Promise.all([
        openDatabase(factory, timeoutMs),
        locks ? holdLock(locks, PAGE_LOCK_PREFIX + pageId, timeoutMs) : Promise.resolve(null),
      ]);
      if (opened.failure) {
        releasePage?.();
        return memory(opened.failure, factory);
      }
      if (locks && !releasePage) {
        // Other pages of this browser have Web Locks and would take this
        // page's records while it still sends them: keep nothing instead.
        opened.db.close();
        return memory(
          { code: 'storage_failed', message: 'the page lock of the Chatwire outbox could not be taken; nothing more is kept on this device' },
          factory,
        );
      }
      return new LocalStore({ scope, onError, db: opened.db, locks, pageId, releasePage, factory, timeoutMs });
    } catch (error) {
      // Not expected (every step above settles on its own); still no rejection.
      return memory(failureOf(error, 'opening the Chatwire database'), factory);
    }
  }

  /**
   * A store that keeps nothing and reports nothing, for a client created
   * with storage turned off (`persist: false`), so the caller needs no null
   * checks.
   */
  static memory(): LocalStore {
    return new LocalStore({ scope: '', onError: () => {}, db: null, locks: null, pageId: '', releasePage: null, factory: null, timeoutMs: 0 });
  }

  /** Whether records are really kept: false after a fallback to memory, and after close(). */
  get durable(): boolean {
    return this.db !== null;
  }

  /**
   * The records of this scope that no live page owns (their page closed,
   * reloaded or crashed), now owned by this page, oldest first (createdAtMs,
   * then clientId). Call it once at startup, before handing the core any
   * new send; calling it again later takes what pages gone since then left.
   *
   * Two windows racing never both get the same record: claiming runs inside
   * the exclusive Web Lock `chatwire-claim:<scope>` and takes only records
   * whose owner's page lock is not held (navigator.locks.query()). Where Web
   * Locks are missing, a live page cannot be told from a gone one, so one tab
   * is assumed and every record of the scope not written by this page is
   * taken: two tabs of such a browser can both get a record. When the claim
   * lock cannot be had within the timeout (a frozen page holds it), nothing
   * is claimed this time and the records stay for a later call.
   *
   * A record that is corrupt (wrong shape) or of a future schema is not
   * returned, not changed and not deleted, and reported once through onError
   * (code 'storage_record_invalid'). Never throws or rejects: a storage
   * failure is reported, the store falls back to memory, and [] is returned.
   */
  claimOrphans(): Promise<StoredSendRecord[]> {
    return this.claimKind(SENDS);
  }

  /**
   * The pending edits, deletes and reactions of this scope that no live page
   * owns, now owned by this page, in the order they were made; claimed as
   * claimOrphans() claims sends. Call it after claimOrphans(): an operation
   * may name a send by its client id.
   */
  claimOrphanOps(): Promise<CoreStoredOp[]> {
    return this.claimKind(OPS);
  }

  private async claimKind<R>(kind: OwnedKind<R>): Promise<R[]> {
    if (this.db === null) return [];
    const locks = this.locks;
    try {
      if (locks === null) return await this.claim(null, kind);
      return await this.withClaimLock(locks, () => this.claim(locks, kind));
    } catch (error) {
      this.fallBack(failureOf(error, `claiming ${kind.noun}s`));
      return [];
    }
  }

  /**
   * Writes `record`, owned by this page, replacing the record of the same
   * client id. Returns at once; the write commits later (see flushed()).
   * Writes and deletes go out in call order; those of one task share one
   * transaction. A failure is reported through onError ('storage_quota' when
   * the quota is exceeded, else 'storage_failed') and the store falls back to
   * keeping nothing, once. A record that is not a valid schema-1
   * StoredSendRecord is not written and is reported ('storage_record_invalid').
   */
  put(record: StoredSendRecord): void {
    if (this.db === null) return;
    const reading = readValue({ ...record, owner: this.pageId });
    if (reading.kind !== 'ok') {
      this.report(
        storageError({ code: 'storage_record_invalid', message: `not stored: the send is not a valid schema-${SEND_RECORD_SCHEMA} record` }),
      );
      return;
    }
    this.enqueue({ store: SENDS_STORE, value: { ...reading.record, scope: this.scope, owner: this.pageId } });
  }

  /** Deletes the record of `clientId` (confirmed or cancelled), in call order with put(). */
  delete(clientId: string): void {
    if (this.db === null || typeof clientId !== 'string') return;
    this.enqueue({ store: SENDS_STORE, key: [this.scope, clientId] });
  }

  /**
   * Writes the record of a pending edit, delete or reaction, owned by this
   * page, in call order with the other writes; as put() does for sends.
   */
  putOp(record: CoreStoredOp): void {
    if (this.db === null) return;
    const reading = readStoredOp({ ...record, owner: this.pageId });
    if (reading.kind !== 'ok') {
      this.report(storageError({ code: 'storage_record_invalid', message: 'not stored: the change is not a valid schema-1 record' }));
      return;
    }
    this.enqueue({ store: OPS_STORE, value: { ...reading.record, scope: this.scope, owner: this.pageId } });
  }

  /** Deletes the record of operation `opId` (answered, failed or forgotten), in call order with the other writes. */
  deleteOp(opId: string): void {
    if (this.db === null || typeof opId !== 'string') return;
    this.enqueue({ store: OPS_STORE, key: [this.scope, opId] });
  }

  /**
   * Keeps `record`, a room's newest messages, in place of the room's last
   * record; a record without messages deletes the room's (the room was
   * left). In call order with put() and delete(), and failures are handled
   * the same way. A record that is not a schema-1 CoreCachedRoom is not
   * written and is reported ('storage_record_invalid').
   */
  putRoom(record: CoreCachedRoom): void {
    if (this.db === null) return;
    if (readRoom(record) === null) {
      this.report(
        storageError({ code: 'storage_record_invalid', message: `not stored: the room is not a valid schema-${CACHED_ROOM_SCHEMA} record` }),
      );
      return;
    }
    if (record.messages.length === 0) this.enqueue({ store: HISTORY_STORE, key: [this.scope, record.room] });
    else this.enqueue({ store: HISTORY_STORE, value: { schema: CACHED_ROOM_SCHEMA, room: record.room, messages: record.messages, scope: this.scope } });
  }

  /**
   * The rooms kept for this scope, for the core's restoreHistory(). The
   * core reads each message and skips what it cannot use; here a record of
   * a future schema or without a room and a message list is skipped and
   * reported once ('storage_record_invalid'), and left on disk. Never
   * throws or rejects: a failure is reported, the store falls back to
   * memory, and [] is returned.
   */
  async readRooms(): Promise<CoreCachedRoom[]> {
    const db = this.db;
    if (db === null) return [];
    let values: unknown[];
    try {
      values = await requestResult(db.transaction(HISTORY_STORE, 'readonly').objectStore(HISTORY_STORE).index(SCOPE_INDEX).getAll(this.scope));
    } catch (error) {
      this.fallBack(failureOf(error, 'reading cached rooms'));
      return [];
    }
    const rooms: CoreCachedRoom[] = [];
    let skipped = 0;
    for (const value of values) {
      const room = readRoom(value);
      if (room) rooms.push(room);
      else ++skipped;
    }
    if (skipped > 0) {
      this.report(storageError({ code: 'storage_record_invalid', message: `skipped ${skipped} unreadable or newer cached room${skipped === 1 ? '' : 's'}; left in storage unchanged` }));
    }
    return rooms;
  }

  /**
   * Resolves when every put and delete issued so far has committed, or
   * failed and been reported (for tests, and for destroy() before close()).
   * Never rejects.
   */
  async flushed(): Promise<void> {
    this.commitPending();
    await Promise.all([...this.inFlight]);
  }

  /**
   * Deletes every record of this scope, of any page and any schema
   * (sign-out: `client.destroy({ forget: true })`), after the writes issued
   * before it. Never rejects. After a fallback to memory, or after close(),
   * it still tries once with a new connection, since what earlier writes
   * left must not outlive a sign-out; a failure then is not reported again.
   */
  async forgetAll(): Promise<void> {
    if (this.db !== null) {
      // The writes issued before go first, so a put just before a sign-out is deleted too.
      this.commitPending();
      await this.transact('deleting what is stored', (tx) => deleteScope(tx, this.scope));
      return;
    }
    if (this.factory === null) return;
    const opened = await openDatabase(this.factory, this.timeoutMs);
    if (!opened.db) return;
    try {
      const tx = opened.db.transaction(ALL_STORES, 'readwrite', { durability: 'strict' });
      deleteScope(tx, this.scope);
      await transactionDone(tx);
    } catch {
      // Reported already, when the store fell back.
    } finally {
      opened.db.close();
    }
  }

  /**
   * Releases the page lock and closes the database. Writes issued before
   * still commit (a closing connection finishes its transactions); later
   * calls do nothing. Idempotent.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const db = this.db;
    if (db !== null) {
      this.commitPending();
      this.db = null;
      db.onversionchange = null;
      db.onclose = null;
      db.close();
    }
    const release = this.releasePage;
    this.releasePage = null;
    // Once the last writes have settled: IndexedDB would order another page's
    // claim after them anyway, but nothing is lost by not relying on it.
    if (release) void Promise.all([...this.inFlight]).then(release);
  }

  /** Two passes: the owners on disk, then (after reading who is alive) the claim. */
  private async claim<R>(locks: LockManager | null, kind: OwnedKind<R>): Promise<R[]> {
    const db = this.db;
    if (db === null) return [];
    const values = await requestResult(
      db.transaction(kind.store, 'readonly').objectStore(kind.store).index(SCOPE_INDEX).getAll(this.scope),
    );
    const owners = this.ownersOf(values, kind);
    owners.delete(this.pageId);
    if (owners.size === 0) return [];
    // The locks are read after the records: a record's owner took its page
    // lock before writing it, so an owner seen on disk whose lock is not held
    // now is gone for good (page ids are never reused). Read the other way
    // round, a page that opened in between would lose its new records.
    const live = locks ? await livePageIds(locks) : new Set<string>();
    const gone = new Set([...owners].filter((owner) => !live.has(owner)));
    if (gone.size === 0) return [];

    const claimed: R[] = [];
    const committed = await this.transact(`claiming ${kind.noun}s`, (tx) => {
      const store = tx.objectStore(kind.store);
      // Read again in the writing transaction: only what is still there,
      // still owned by a gone page, is taken.
      const request = store.index(SCOPE_INDEX).getAll(this.scope);
      request.onsuccess = () => {
        for (const value of request.result) {
          const reading = kind.read(value);
          if (reading.kind !== 'ok' || !gone.has(reading.owner)) continue;
          // Fields this version does not know are kept for whoever wrote them.
          store.put({ ...(value as object), owner: this.pageId });
          claimed.push(reading.record);
        }
      };
    });
    return committed ? claimed.sort(kind.order) : [];
  }

  /** The owners of the valid values; reports the invalid ones not reported before. */
  private ownersOf<R>(values: unknown[], kind: OwnedKind<R>): Set<string> {
    const owners = new Set<string>();
    let future = 0;
    let corrupt = 0;
    for (const value of values) {
      const reading = kind.read(value);
      if (reading.kind === 'ok') {
        owners.add(reading.owner);
        continue;
      }
      const id = kind.idOf(value);
      if (this.reportedInvalid.has(id)) continue;
      this.reportedInvalid.add(id);
      if (reading.kind === 'future') ++future;
      else ++corrupt;
    }
    if (future + corrupt > 0) {
      const parts: string[] = [];
      if (future > 0) parts.push(`${future} ${kind.noun}${future === 1 ? '' : 's'} of a newer Chatwire version`);
      if (corrupt > 0) parts.push(`${corrupt} unreadable ${kind.noun}${corrupt === 1 ? '' : 's'}`);
      this.report(storageError({ code: 'storage_record_invalid', message: `skipped ${parts.join(' and ')}; left in storage unchanged` }));
    }
    return owners;
  }

  /**
   * Runs `claim` holding the scope's claim lock. Resolves [] when the lock
   * is not granted within the timeout: a claim takes milliseconds, so a lock
   * held that long belongs to a frozen page, and startup must not wait for it.
   */
  private async withClaimLock<R>(locks: LockManager, claim: () => Promise<R[]>): Promise<R[]> {
    const controller = typeof AbortController === 'function' ? new AbortController() : null;
    const timer = controller ? setTimeout(() => controller.abort(), this.timeoutMs) : null;
    const options: LockOptions = controller ? { mode: 'exclusive', signal: controller.signal } : { mode: 'exclusive' };
    try {
      return await locks.request(CLAIM_LOCK_PREFIX + this.scope, options, () => {
        if (timer !== null) clearTimeout(timer);
        return claim();
      });
    } catch (error) {
      // The timer is cleared on the grant, so an abort means the lock never came.
      if (controller?.signal.aborted) return [];
      throw error;
    } finally {
      if (timer !== null) clearTimeout(timer);
    }
  }

  private enqueue(write: PendingWrite): void {
    this.pending.push(write);
    if (this.scheduled) return;
    this.scheduled = true;
    // One transaction for the writes of one task: the core's answer can ask
    // for several at once, and each strict commit waits for the disk.
    queueMicrotask(() => this.commitPending());
  }

  /** Starts the transaction of the pending writes now (flushed, forgetAll and close cannot wait for the microtask). */
  private commitPending(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const writes = this.pending;
    this.pending = [];
    // Readwrite transactions on one store run in the order they are created,
    // across connections too, so batches commit in call order.
    void this.transact('writing to the Chatwire database', (tx) => {
      for (const write of writes) {
        const store = tx.objectStore(write.store);
        if ('value' in write) store.put(write.value);
        else store.delete(write.key);
      }
    });
  }

  /**
   * Runs `body` in a new readwrite transaction. Resolves true when it
   * commits; on any failure falls back to memory (reported once) and
   * resolves false. Never rejects.
   */
  private transact(doing: string, body: (tx: IDBTransaction) => void): Promise<boolean> {
    const db = this.db;
    if (db === null) return Promise.resolve(false);
    let tx: IDBTransaction | undefined;
    try {
      // 'strict': the commit is reported once the data is on disk. A
      // 'relaxed' commit, which browsers may default to, can be lost in a
      // crash, the very case this store exists for.
      tx = db.transaction(ALL_STORES, 'readwrite', { durability: 'strict' });
      body(tx);
    } catch (error) {
      // Safari's lost connection throws InvalidStateError from transaction().
      try {
        tx?.abort();
      } catch {
        // Already aborted or finished.
      }
      this.fallBack(failureOf(error, doing));
      return Promise.resolve(false);
    }
    const done = transactionDone(tx).then(
      () => true,
      (error: unknown) => {
        this.fallBack(failureOf(error, doing));
        return false;
      },
    );
    this.inFlight.add(done);
    void done.then(() => this.inFlight.delete(done));
    return done;
  }

  /**
   * Storage stopped working: keep nothing from now on and say so once. The
   * page lock stays held until close(): this page still sends its records
   * from memory, and another page must not take and send them too.
   */
  private fallBack(failure: StorageFailure): void {
    const db = this.db;
    if (db === null) return;
    this.db = null;
    this.pending = [];
    db.onversionchange = null;
    db.onclose = null;
    try {
      db.close();
    } catch {
      // A lost connection may refuse even this.
    }
    this.report(storageError(failure));
  }

  /** Calls onError; a listener that throws cannot leave the store half-updated. */
  private report(error: ChatwireError): void {
    try {
      this.onError(error);
    } catch (thrown) {
      queueMicrotask(() => {
        throw thrown;
      });
    }
  }
}

