// Token buckets: `burst` events at once, refilled at `perSecond`. Time comes
// from the engine's clock, so tests can drive it.

/** @typedef {import('./limits.mjs').TokenBucketLimit} TokenBucketLimit */

/**
 * One bucket.
 * @param {TokenBucketLimit} limit
 * @param {() => number} now  epoch ms
 */
export function createTokenBucket({ burst, perSecond }, now) {
  let tokens = burst;
  let refilledAt = now();
  const refill = () => {
    const time = now();
    // A clock that steps back refills nothing rather than draining the bucket.
    tokens = Math.min(burst, tokens + (Math.max(0, time - refilledAt) * perSecond) / 1000);
    refilledAt = time;
  };
  return {
    /** Takes a token; false (and nothing taken) when the bucket is empty. */
    take() {
      refill();
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
    /** Whether the bucket is full, i.e. forgetting it would change nothing. */
    isFull() {
      refill();
      return tokens >= burst;
    },
  };
}

/** Past this many keys, full buckets (which hold no information) are dropped. */
const PRUNE_THRESHOLD = 10_000;

/**
 * A bucket per key (e.g. per user id), created on first use.
 * @param {TokenBucketLimit} limit
 * @param {() => number} now
 */
export function createKeyedRateLimiter(limit, now) {
  /** @type {Map<string, ReturnType<typeof createTokenBucket>>} */
  const buckets = new Map();
  return {
    /** @param {string} key */
    take(key) {
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= PRUNE_THRESHOLD) {
          for (const [other, candidate] of buckets) if (candidate.isFull()) buckets.delete(other);
        }
        buckets.set(key, (bucket = createTokenBucket(limit, now)));
      }
      return bucket.take();
    },
  };
}
