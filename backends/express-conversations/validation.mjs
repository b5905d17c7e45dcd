/** Limits that keep a client from storing or relaying arbitrarily large values. */
export const MAX_ID_LENGTH = 200;
export const MAX_MESSAGE_LENGTH = 10_000;

/**
 * Reads an id the way the seed's client sends it (a string, or a number from a database row)
 * and returns it as a string, or null when it is not a usable id.
 */
export function readId(value) {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  return value.length > 0 && value.length <= MAX_ID_LENGTH ? value : null;
}

/** The message text, or null when it is empty, not a string or too long. */
export function readMessageText(value) {
  if (typeof value !== 'string') return null;
  if (value.trim().length === 0 || value.length > MAX_MESSAGE_LENGTH) return null;
  return value;
}

/** The payload object of a socket event; anything else reads as an empty object. */
export function payloadObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}
