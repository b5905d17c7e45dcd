// The errors a store throws that the protocol engine answers with a code of
// its own rather than `internal` (docs/protocol.md, "Errors").

/**
 * The database cannot be reached now (refused, dropped, shutting down, out of
 * connections, too slow to connect): nothing was stored, or the outcome is
 * unknown and a retry with the same clientId or opId is safe (both are
 * idempotent). The engine answers `unavailable`: retry later.
 */
export class StoreUnavailableError extends Error {
  /**
   * @param {string} message
   * @param {{ cause?: unknown }} [options]
   */
  constructor(message, options) {
    super(message, options);
    this.name = 'StoreUnavailableError';
    /** The protocol's error code for it. */
    this.code = 'unavailable';
  }
}
