// The few IndexedDB calls the storage modules make, as promises, and the one
// place that names the database's layout and turns a browser's DOMException
// into a storage error code. Nothing here runs at import time: server
// rendering and Node import this file without any browser API.

/** One database per origin for everything Chatwire keeps. */
export const DATABASE_NAME = 'chatwire';
/**
 * Bumped whenever a store or an index is added. Every version's steps are in
 * upgradeDatabase(), so a page that opens an older database brings it up to
 * date, and a page running an older Chatwire gets a VersionError (reported as
 * 'storage_failed') instead of writing a layout it does not know.
 */
export const DATABASE_VERSION = 3;
/** The user's unconfirmed sends: values are StoredSendValue (local-store.ts). */
export const SENDS_STORE = 'sends';
/** The newest messages of each joined room: values are CachedRoomValue (local-store.ts). Since version 2. */
export const HISTORY_STORE = 'history';
/** The user's pending edits, deletes and reactions: values are StoredOpValue (stored-ops.ts). Since version 3. */
export const OPS_STORE = 'ops';
/** Index of each store on `scope`: one user of one server. */
export const SCOPE_INDEX = 'scope';
/** Every store, for a transaction that may touch any of them. */
export const ALL_STORES = [SENDS_STORE, HISTORY_STORE, OPS_STORE];

/**
 * The codes of the errors storage reports (source 'storage'). All but
 * 'storage_record_invalid' mean the store has fallen back to memory.
 */
export type StorageErrorCode =
  | 'storage_unavailable'
  | 'storage_failed'
  | 'storage_blocked'
  | 'storage_quota'
  | 'storage_record_invalid';

/** Why storage stopped working, before it becomes a ChatwireError. */
export interface StorageFailure {
  code: StorageErrorCode;
  message: string;
}

/** Creates what version `oldVersion` lacks (0: a new database). */
export function upgradeDatabase(db: IDBDatabase, oldVersion: number): void {
  if (oldVersion < 1) {
    // The key path puts scope first, so a scope's records are one index
    // range, and a value can only be stored with a valid scope and client id:
    // every stored value is reachable through the scope index, even one whose
    // other fields went bad, so it can be reported and deleted on sign-out.
    const sends = db.createObjectStore(SENDS_STORE, { keyPath: ['scope', 'clientId'] });
    sends.createIndex(SCOPE_INDEX, 'scope', { unique: false });
  }
  if (oldVersion < 2) {
    // One value per room of a scope, replaced as the room changes.
    const history = db.createObjectStore(HISTORY_STORE, { keyPath: ['scope', 'room'] });
    history.createIndex(SCOPE_INDEX, 'scope', { unique: false });
  }
  if (oldVersion < 3) {
    // Owned by a page like the sends, and claimed the same way when it is gone.
    const ops = db.createObjectStore(OPS_STORE, { keyPath: ['scope', 'opId'] });
    ops.createIndex(SCOPE_INDEX, 'scope', { unique: false });
  }
}

/**
 * Turns what IndexedDB threw or failed with into a storage failure.
 * `doing` says what was being done ("writing unconfirmed sends"). The message
 * carries the DOMException's name and message, never a stored value (the
 * package never logs message texts).
 */
export function failureOf(error: unknown, doing: string): StorageFailure {
  const name = errorName(error);
  const detail = describe(error);
  if (name === 'QuotaExceededError') {
    return { code: 'storage_quota', message: `${doing}: the storage quota is exceeded (${detail}); nothing more is kept on this device` };
  }
  return { code: 'storage_failed', message: `${doing} failed (${detail}); nothing more is kept on this device` };
}

function errorName(error: unknown): string {
  const name = (error as { name?: unknown } | null | undefined)?.name;
  return typeof name === 'string' ? name : '';
}

function describe(error: unknown): string {
  if (error === null || error === undefined) return 'no error given';
  const name = errorName(error);
  const message = (error as { message?: unknown }).message;
  const text = typeof message === 'string' && message !== '' ? message : String(error);
  return name !== '' && !text.startsWith(name) ? `${name}: ${text}` : text;
}

/** IndexedDB is there but refuses this page (storage turned off for it). */
function unusable(error: unknown): StorageFailure {
  return { code: 'storage_unavailable', message: `IndexedDB cannot be used by this page (${describe(error)}); nothing more is kept on this device` };
}

/** What openDatabase() ends with: a connection, or why there is none. */
export type OpenOutcome = { db: IDBDatabase; failure?: undefined } | { db?: undefined; failure: StorageFailure };

/**
 * Opens (and creates or upgrades) the database. Never rejects and always
 * settles: a blocked open, an error, or no answer within `timeoutMs` each end
 * in a failure. A connection that arrives after the open has already been
 * given up (a blocked open that is unblocked later, a slow one) is closed at
 * once, so it cannot block another page's upgrade.
 */
export function openDatabase(factory: IDBFactory, timeoutMs: number): Promise<OpenOutcome> {
  return new Promise<OpenOutcome>((resolve) => {
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const settle = (outcome: OpenOutcome): void => {
      if (settled) return;
      settled = true;
      if (timer !== null) clearTimeout(timer);
      resolve(outcome);
    };

    let request: IDBOpenDBRequest;
    try {
      request = factory.open(DATABASE_NAME, DATABASE_VERSION);
    } catch (error) {
      // Thrown at once where storage is off for this page: sandboxed iframes,
      // opaque origins, some privacy settings (SecurityError).
      settle({ failure: unusable(error) });
      return;
    }

    request.onupgradeneeded = (event) => {
      // An exception here aborts the upgrade, and the open fails with it
      // (reported by onerror below).
      upgradeDatabase(request.result, event.oldVersion);
    };
    request.onblocked = () => {
      // Another page holds an older version open and has not closed it.
      // Waiting would leave chat without its outbox for as long as that page
      // lives; go on in memory instead.
      settle({ failure: { code: 'storage_blocked', message: 'opening the Chatwire database is blocked by another page that keeps an older version open; nothing more is kept on this device' } });
    };
    request.onsuccess = () => {
      const db = request.result;
      if (settled) {
        db.close();
        return;
      }
      settle({ db });
    };
    request.onerror = (event) => {
      // Handled here: keeps it from also being reported as uncaught.
      event.preventDefault();
      const error = request.error;
      const name = errorName(error);
      if (name === 'VersionError') {
        settle({ failure: { code: 'storage_failed', message: 'the Chatwire database was upgraded by a newer version of Chatwire in another page; nothing more is kept on this device' } });
      } else if (name === 'InvalidStateError' || name === 'SecurityError') {
        // Firefox's private windows (before version 115) fail the open with InvalidStateError.
        settle({ failure: unusable(error) });
      } else {
        settle({ failure: failureOf(error, 'opening the Chatwire database') });
      }
    };

    // Some Safari versions never answer the first open after the browser
    // starts; chat must not wait for it forever.
    timer = setTimeout(() => {
      settle({ failure: { code: 'storage_failed', message: `opening the Chatwire database did not finish within ${timeoutMs} ms; nothing more is kept on this device` } });
    }, timeoutMs);
  });
}

/** Resolves when `tx` commits; rejects with its error when it aborts. */
export function transactionDone(tx: IDBTransaction): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    // A failed request's error event bubbles here and then aborts the
    // transaction; the abort is where the outcome is read.
    tx.onabort = () => reject(tx.error ?? new DOMException('the transaction was aborted', 'AbortError'));
  });
}

/** The value of a request, for a request made outside any other callback. */
export function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}
