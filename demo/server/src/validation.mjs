// The payload-shape checks of every request: the first step of the check
// order of docs/protocol.md ("Errors"), all failing with `bad_request`.
// Checks that come later in that order (room existence, membership, the text
// rules `empty` and `too_long`) are not here: they need the store or the
// connection.
//
// Each parser takes whatever the client sent as the first argument and
// returns either the typed request or the `bad_request` ack.

import {
  MAX_CLIENT_ID_CODE_POINTS,
  MAX_EXACT_INTEGER,
  MAX_HISTORY_LIMIT,
} from './limits.mjs';
import { failure } from './replies.mjs';
import { codePointCountUpTo } from './text.mjs';

/** @typedef {import('./replies.mjs').Failure} Failure */

/** A field that fails the request; caught by `parseWith` and turned into the ack. */
class BadField extends Error {}

/**
 * Whether `value` is a JSON object: not null, not an array, not a Buffer or
 * another class instance (socket.io turns binary attachments into Buffers).
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
export function isJsonObject(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * A field's value; only own properties count, so `{}` never yields an
 * inherited `toString` or `constructor`.
 * @param {Record<string, unknown>} payload
 * @param {string} key
 */
function field(payload, key) {
  return Object.hasOwn(payload, key) ? payload[key] : undefined;
}

/**
 * "Optional fields may be absent or `null`; both mean 'not given'."
 * @param {unknown} value
 */
const isGiven = (value) => value !== undefined && value !== null;

/** @param {Record<string, unknown>} payload */
function requiredRoom(payload) {
  const room = field(payload, 'room');
  if (typeof room !== 'string' || room === '') throw new BadField('room must be a non-empty string');
  return room;
}

/**
 * @param {Record<string, unknown>} payload
 * @param {string} key
 */
function requiredString(payload, key) {
  const value = field(payload, key);
  if (typeof value !== 'string') throw new BadField(`${key} must be a string`);
  return value;
}

/**
 * An integer within [min, max]. JSON numbers arrive as JavaScript numbers, so
 * "without fraction" is `Number.isSafeInteger`, which also bounds it to
 * ±(2^53 − 1). (`1.0` and `1e3` parse to the integers 1 and 1000 and cannot be
 * told apart from `1` and `1000` once parsed; they are accepted.)
 *
 * @param {unknown} value
 * @param {string} key
 * @param {number} min
 * @param {number} max
 */
function integerIn(value, key, min, max) {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === MAX_EXACT_INTEGER ? `>= ${min}` : `${min}-${max}`;
    throw new BadField(`${key} must be an integer ${range}`);
  }
  return value;
}

/**
 * @param {Record<string, unknown>} payload
 * @param {string} key
 * @param {number} min
 * @param {number} [max]
 * @returns {number | null} null when not given
 */
function optionalInteger(payload, key, min, max = MAX_EXACT_INTEGER) {
  const value = field(payload, key);
  return isGiven(value) ? integerIn(value, key, min, max) : null;
}

/**
 * Runs a parser on a payload that must be a JSON object.
 * @template T
 * @param {(payload: Record<string, unknown>) => T} parse
 * @param {unknown} payload
 * @returns {{ request: T, failure?: undefined } | { request?: undefined, failure: Failure }}
 */
function parseWith(parse, payload) {
  if (!isJsonObject(payload)) return { failure: failure('bad_request', 'the payload must be an object') };
  try {
    return { request: parse(payload) };
  } catch (error) {
    if (error instanceof BadField) return { failure: failure('bad_request', error.message) };
    throw error;
  }
}

/**
 * `join {room, since?}`; since is null when not given.
 * @param {unknown} payload
 */
export const parseJoin = (payload) =>
  parseWith((p) => ({ room: requiredRoom(p), since: optionalInteger(p, 'since', 0) }), payload);

/**
 * `leave {room}`.
 * @param {unknown} payload
 */
export const parseLeave = (payload) => parseWith((p) => ({ room: requiredRoom(p) }), payload);

/**
 * `members {room}`.
 * @param {unknown} payload
 */
export const parseMembers = (payload) => parseWith((p) => ({ room: requiredRoom(p) }), payload);

/**
 * `send {room, clientId, text}`. Only text's type is checked here: `empty` and
 * `too_long` come after the repeat lookup and the membership check.
 * @param {unknown} payload
 */
export const parseSend = (payload) =>
  parseWith((p) => {
    const room = requiredRoom(p);
    const clientId = requiredString(p, 'clientId');
    const length = codePointCountUpTo(clientId, MAX_CLIENT_ID_CODE_POINTS);
    if (length < 1 || length > MAX_CLIENT_ID_CODE_POINTS) {
      throw new BadField(`clientId must be 1-${MAX_CLIENT_ID_CODE_POINTS} characters`);
    }
    return { room, clientId, text: requiredString(p, 'text') };
  }, payload);

/**
 * `read {room, seq}`.
 * @param {unknown} payload
 */
export const parseRead = (payload) =>
  parseWith((p) => {
    const room = requiredRoom(p);
    const seq = field(p, 'seq');
    if (!isGiven(seq)) throw new BadField('seq is required');
    return { room, seq: integerIn(seq, 'seq', 0, MAX_EXACT_INTEGER) };
  }, payload);

/**
 * `history {room, before?, after?, limit?}`; absent bounds are null, an absent limit is null.
 * @param {unknown} payload
 */
export const parseHistory = (payload) =>
  parseWith((p) => {
    const room = requiredRoom(p);
    const before = optionalInteger(p, 'before', 1);
    const after = optionalInteger(p, 'after', 0);
    const limit = optionalInteger(p, 'limit', 1, MAX_HISTORY_LIMIT);
    if (before !== null && after !== null) throw new BadField('before and after are exclusive');
    return { room, before, after, limit };
  }, payload);

/**
 * `typing {room, state}`: state is "start" or "stop".
 * @param {unknown} payload
 */
export const parseTyping = (payload) =>
  parseWith((p) => {
    const room = requiredRoom(p);
    const state = field(p, 'state');
    if (state !== 'start' && state !== 'stop') throw new BadField('state must be "start" or "stop"');
    return { room, state };
  }, payload);
