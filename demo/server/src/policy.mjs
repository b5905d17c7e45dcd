// The server's policy limits: the defaults of limits.mjs, overridden by the
// caller's `limits` option. Unknown keys are refused rather than ignored, so
// that a caller who hopes to change a number the protocol fixes (the text
// length, the page sizes) learns at start-up that it cannot.

import { DEFAULT_POLICY_LIMITS } from './limits.mjs';

/** @typedef {import('./limits.mjs').PolicyLimits} PolicyLimits */
/** @typedef {import('./limits.mjs').TokenBucketLimit} TokenBucketLimit */

/** @param {unknown} value */
const isPositive = (value) => typeof value === 'number' && Number.isFinite(value) && value > 0;

/**
 * @param {string} name
 * @param {TokenBucketLimit} defaults
 * @param {unknown} given
 * @returns {TokenBucketLimit}
 */
function bucket(name, defaults, given) {
  if (given === undefined) return defaults;
  if (given === null || typeof given !== 'object') throw new TypeError(`limits.${name} must be {burst, perSecond}`);
  for (const key of Object.keys(given)) {
    if (key !== 'burst' && key !== 'perSecond') throw new TypeError(`limits.${name}.${key} is not a known limit`);
  }
  const merged = { ...defaults, ...given };
  if (!isPositive(merged.burst) || !isPositive(merged.perSecond)) {
    throw new TypeError(`limits.${name}: burst and perSecond must be positive numbers`);
  }
  return Object.freeze(merged);
}

/**
 * @param {Partial<{ send: Partial<TokenBucketLimit>, typing: Partial<TokenBucketLimit>, presenceGraceMs: number }>} [limits]
 * @returns {PolicyLimits}
 */
export function resolvePolicy(limits = {}) {
  for (const key of Object.keys(limits)) {
    if (!(key in DEFAULT_POLICY_LIMITS)) throw new TypeError(`limits.${key} is not a limit the server can change`);
  }
  const presenceGraceMs = limits.presenceGraceMs ?? DEFAULT_POLICY_LIMITS.presenceGraceMs;
  if (typeof presenceGraceMs !== 'number' || !(presenceGraceMs >= 0)) {
    throw new TypeError('limits.presenceGraceMs must be a number >= 0');
  }
  return Object.freeze({
    send: bucket('send', DEFAULT_POLICY_LIMITS.send, limits.send),
    typing: bucket('typing', DEFAULT_POLICY_LIMITS.typing, limits.typing),
    presenceGraceMs,
  });
}
