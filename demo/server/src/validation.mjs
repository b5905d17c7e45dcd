// The payload-shape checks of every request: the first step of the check
// order of docs/protocol.md ("Errors"), all failing with `bad_request`; and,
// at the end of this file, the content rules (`empty`, `too_long`,
// `invalid_emoji`), which the handlers apply later in that order, after room
// existence, membership and the target message.
//
// Each parser takes whatever the client sent as the first argument and
// returns either the typed request or the `bad_request` ack.

import {
  MAX_CHANGES_LIMIT,
  MAX_CLIENT_ID_CODE_POINTS,
  MAX_EMOJI_BYTES,
  MAX_EXACT_INTEGER,
  MAX_HISTORY_LIMIT,
  MAX_OP_ID_CODE_POINTS,
  MAX_TEXT_CODE_POINTS,
} from './limits.mjs';
import { failure } from './replies.mjs';
import { codePointCountUpTo, isBlank, isOneGrapheme } from './text.mjs';

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

/**
 * Ids and keys are names, not text: control characters (U+0000 among them)
 * and lone surrogates are refused here, whatever the store. Stored verbatim
 * they would differ by store: PostgreSQL's text cannot hold U+0000, and a
 * lone surrogate is written to UTF-8 as U+FFFD, so two different keys could
 * meet as one.
 * @param {string} value
 * @param {string} key
 */
function checkName(value, key) {
  if (/[\u0000-\u001f\u007f]/u.test(value) || !value.isWellFormed()) {
    throw new BadField(`${key} must not contain control characters or unpaired surrogates`);
  }
  return value;
}

/** @param {Record<string, unknown>} payload */
function requiredRoom(payload) {
  const room = field(payload, 'room');
  if (typeof room !== 'string' || room === '') throw new BadField('room must be a non-empty string');
  return checkName(room, 'room');
}

/**
 * An id that names something (a message): a non-empty string.
 * @param {Record<string, unknown>} payload
 * @param {string} key
 */
function requiredId(payload, key) {
  const value = field(payload, key);
  if (typeof value !== 'string' || value === '') throw new BadField(`${key} must be a non-empty string`);
  return checkName(value, key);
}

/**
 * @param {Record<string, unknown>} payload
 * @param {string} key
 * @returns {string | null} null when not given
 */
function optionalId(payload, key) {
  return isGiven(field(payload, key)) ? requiredId(payload, key) : null;
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
 */
function requiredInteger(payload, key, min) {
  const value = field(payload, key);
  if (!isGiven(value)) throw new BadField(`${key} is required`);
  return integerIn(value, key, min, MAX_EXACT_INTEGER);
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
 * An idempotency key chosen by the client (`clientId`, `opId`): 1 to `max` code points.
 * @param {Record<string, unknown>} payload
 * @param {string} key
 * @param {number} max
 */
function requiredKey(payload, key, max) {
  const value = requiredString(payload, key);
  const length = codePointCountUpTo(value, max);
  if (length < 1 || length > max) throw new BadField(`${key} must be 1-${max} characters`);
  return checkName(value, key);
}

/**
 * @param {Record<string, unknown>} payload
 * @param {string} key
 */
function requiredBoolean(payload, key) {
  const value = field(payload, key);
  if (typeof value !== 'boolean') throw new BadField(`${key} must be true or false`);
  return value;
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
 * `join {room, since?, sinceRev?}`; since and sinceRev are null when not given.
 * @param {unknown} payload
 */
export const parseJoin = (payload) =>
  parseWith(
    (p) => ({ room: requiredRoom(p), since: optionalInteger(p, 'since', 0), sinceRev: optionalInteger(p, 'sinceRev', 0) }),
    payload,
  );

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
 * `send {room, clientId, text, replyTo?}`; replyTo is null when not given.
 * Only text's type is checked here: `empty` and `too_long` come after the
 * repeat lookup and the membership check.
 * @param {unknown} payload
 */
export const parseSend = (payload) =>
  parseWith(
    (p) => ({
      room: requiredRoom(p),
      clientId: requiredKey(p, 'clientId', MAX_CLIENT_ID_CODE_POINTS),
      text: requiredString(p, 'text'),
      replyTo: optionalId(p, 'replyTo'),
    }),
    payload,
  );

/**
 * What `edit`, `delete` and `react` share: `{room, id, opId}`.
 * @param {Record<string, unknown>} p
 */
const changeKey = (p) => ({ room: requiredRoom(p), id: requiredId(p, 'id'), opId: requiredKey(p, 'opId', MAX_OP_ID_CODE_POINTS) });

/**
 * `edit {room, id, text, opId}`. As for send, only text's type is checked here.
 * @param {unknown} payload
 */
export const parseEdit = (payload) => parseWith((p) => ({ ...changeKey(p), text: requiredString(p, 'text') }), payload);

/**
 * `delete {room, id, opId}`.
 * @param {unknown} payload
 */
export const parseDelete = (payload) => parseWith(changeKey, payload);

/**
 * `react {room, id, emoji, on, opId}`. Only emoji's type is checked here:
 * `invalid_emoji` comes after the target message is found.
 * @param {unknown} payload
 */
export const parseReact = (payload) =>
  parseWith((p) => ({ ...changeKey(p), emoji: requiredString(p, 'emoji'), on: requiredBoolean(p, 'on') }), payload);

/**
 * `changes {room, afterRev, limit?}`; an absent limit is null.
 * @param {unknown} payload
 */
export const parseChanges = (payload) =>
  parseWith(
    (p) => ({ room: requiredRoom(p), afterRev: requiredInteger(p, 'afterRev', 0), limit: optionalInteger(p, 'limit', 1, MAX_CHANGES_LIMIT) }),
    payload,
  );

/**
 * `read {room, seq}`.
 * @param {unknown} payload
 */
export const parseRead = (payload) => parseWith((p) => ({ room: requiredRoom(p), seq: requiredInteger(p, 'seq', 0) }), payload);

/**
 * `history {room, before?, after?, around?, limit?}`: at most one of the three
 * bounds (`around` a message id); absent ones are null, an absent limit is null.
 * @param {unknown} payload
 */
export const parseHistory = (payload) =>
  parseWith((p) => {
    const room = requiredRoom(p);
    const before = optionalInteger(p, 'before', 1);
    const after = optionalInteger(p, 'after', 0);
    const around = optionalId(p, 'around');
    const limit = optionalInteger(p, 'limit', 1, MAX_HISTORY_LIMIT);
    if ([before, after, around].filter((bound) => bound !== null).length > 1) {
      throw new BadField('before, after and around are exclusive');
    }
    return { room, before, after, around, limit };
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

/**
 * The text rules of `send` and `edit`, in their order: `empty`, then `too_long`.
 * @param {string} text
 * @returns {Failure | null}
 */
export function textFailure(text) {
  if (isBlank(text)) return failure('empty', 'text is empty');
  if (codePointCountUpTo(text, MAX_TEXT_CODE_POINTS) > MAX_TEXT_CODE_POINTS) {
    return failure('too_long', `text is longer than ${MAX_TEXT_CODE_POINTS} characters`);
  }
  return null;
}

/**
 * A reaction's emoji: one extended grapheme cluster of at most 32 UTF-8
 * bytes. The byte bound comes first, so that a long string is refused
 * without being segmented.
 * @param {string} emoji
 * @returns {Failure | null}
 */
export function emojiFailure(emoji) {
  if (Buffer.byteLength(emoji, 'utf8') > MAX_EMOJI_BYTES || !isOneGrapheme(emoji)) {
    return failure('invalid_emoji', `emoji must be one character (grapheme) of at most ${MAX_EMOJI_BYTES} bytes`);
  }
  return null;
}
