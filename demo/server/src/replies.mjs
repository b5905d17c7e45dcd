// The single argument of every ack (docs/protocol.md, "Common shapes").

/**
 * @typedef {'bad_request' | 'not_member' | 'not_found' | 'too_long' | 'empty' | 'rate_limited'
 *   | 'unauthorized' | 'internal' | 'message_not_found' | 'gone' | 'invalid_emoji' | 'too_many_reactions'
 *   | 'reply_not_found' | 'unavailable'} ErrorCode
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

/** The user's sends and changes are over their rate. */
export const rateLimited = () => failure('rate_limited', 'too many messages or changes; retry later');
