// What the engine knows about open connections, and what ends with them: the
// rooms each one joined, its typing state, and who is online. None of it is
// stored: "a new connection is in no room" (docs/protocol.md, Resume).

import { createTokenBucket } from './rate-limiter.mjs';

/** @typedef {import('./store.mjs').User} User */
/** @typedef {import('./limits.mjs').TokenBucketLimit} TokenBucketLimit */

/** One authenticated socket.io connection. */
export class Connection {
  /**
   * @param {import('socket.io').Socket} socket
   * @param {User} user
   * @param {TokenBucketLimit} typingLimit
   * @param {() => number} now
   */
  constructor(socket, user, typingLimit, now) {
    this.socket = socket;
    /** @type {User} */
    this.user = user;
    /** Rooms joined on this connection (not left since). @type {Set<string>} */
    this.rooms = new Set();
    /** Room id → when the last `start` was received, while not stopped. @type {Map<string, number>} */
    this.typingSince = new Map();
    this.typingBucket = createTokenBucket(typingLimit, now);
    /** Whether the `error {rate_limited}` for the current typing flood was sent. */
    this.typingFloodReported = false;
  }
}

/**
 * The open connections by user, and presence: a user is online from their
 * first connection's open to their last one's close, which may be announced
 * `graceMs` late so that a page reload does not flap. A user whose offline
 * announcement is pending still counts as online; if they reconnect within
 * the grace, neither transition is announced.
 */
export class ConnectionRegistry {
  /**
   * @param {object} options
   * @param {number} options.graceMs
   * @param {(user: User) => void} options.onOnline   the user's first connection opened
   * @param {(user: User) => void} options.onOffline  the user's last connection closed (after the grace)
   */
  constructor({ graceMs, onOnline, onOffline }) {
    this.graceMs = graceMs;
    this.onOnline = onOnline;
    this.onOffline = onOffline;
    /** @type {Map<string, Set<Connection>>} */
    this.byUser = new Map();
    /** @type {Map<string, ReturnType<typeof setTimeout>>} */
    this.pendingOffline = new Map();
    /** Set by dispose: the server is shutting down and announces nothing more. */
    this.disposed = false;
  }

  /** @param {Connection} connection */
  open(connection) {
    const { id } = connection.user;
    let connections = this.byUser.get(id);
    if (!connections) this.byUser.set(id, (connections = new Set()));
    connections.add(connection);
    if (connections.size > 1) return;
    const pending = this.pendingOffline.get(id);
    if (pending !== undefined) {
      clearTimeout(pending);
      this.pendingOffline.delete(id);
      return;
    }
    this.onOnline(connection.user);
  }

  /** @param {Connection} connection */
  close(connection) {
    const { user } = connection;
    const connections = this.byUser.get(user.id);
    if (!connections?.delete(connection) || connections.size > 0) return;
    this.byUser.delete(user.id);
    if (this.disposed) return;
    if (this.graceMs <= 0) {
      this.onOffline(user);
      return;
    }
    const timer = setTimeout(() => {
      this.pendingOffline.delete(user.id);
      this.onOffline(user);
    }, this.graceMs);
    // A pending announcement must not keep the process alive.
    timer.unref?.();
    this.pendingOffline.set(user.id, timer);
  }

  /**
   * The user's open connections.
   * @param {string} userId
   * @returns {Iterable<Connection>}
   */
  connectionsOf(userId) {
    return this.byUser.get(userId) ?? [];
  }

  /** @param {string} userId */
  isOnline(userId) {
    return this.byUser.has(userId) || this.pendingOffline.has(userId);
  }

  /**
   * The server is shutting down: cancels pending offline announcements and
   * makes later closes announce nothing (everyone is being disconnected).
   */
  dispose() {
    this.disposed = true;
    for (const timer of this.pendingOffline.values()) clearTimeout(timer);
    this.pendingOffline.clear();
  }
}
