// The single argument of every ack (docs/protocol.md, "Common shapes").

/**
 * @typedef {'bad_request' | 'not_member' | 'not_found' | 'too_long' | 'empty' | 'rate_limited'
 *   | 'unauthorized' | 'internal'} ErrorCode
 */

/**
 * @typedef {{ ok: false, error: { code: ErrorCode, message: string } }} Failure
 * @typedef {{ ok: true } & Record<string, unknown>} Success
 * @typedef {Success | Failure} Ack
 */

/**
 * A successful ack: `{ok: true, ...fields}`.
 * @param {Record<string, unknown>} [fields]
 * @returns {Success}
 */
export function ok(fields = {}) {
  return { ok: true, ...fields };
}

/**
 * A failed ack. `message` is English for logs; clients choose their text by `code`.
 * @param {ErrorCode} code
 * @param {string} message
 * @returns {Failure}
 */
export function failure(code, message) {
  return { ok: false, error: { code, message } };
}

/** The room is not joined on this connection. */
export const notMember = () => failure('not_member', 'room not joined on this connection');
