// Session tokens for the reference server: standard JWTs (RFC 7519), HS256
// with a shared key, signed and checked by `jose` rather than by hand. Being
// standard is the point: every node of a cluster, and any other service that
// holds the key, verifies them with an ordinary JWT library.
//
// Claims: `sub` (the user id), `name`, `iat` and `exp` (seconds, as RFC 7519
// says). Verification pins the algorithm to HS256, so a token that names
// another one (`none`, or an asymmetric one whose "public key" would be our
// secret) is refused without being looked at further.

import { SignJWT, jwtVerify } from 'jose';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

/** Seven days: a demo user stays signed in across restarts for a week. */
export const TOKEN_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** The only algorithm issued or accepted. */
export const TOKEN_ALGORITHM = 'HS256';

/** Longer than any token this server issues; anything longer is refused unread. */
const MAX_TOKEN_LENGTH = 4096;

/** @typedef {import('./store.mjs').User} User */

/**
 * @typedef {object} TokenSigner
 * @property {(user: User) => Promise<string>} issue  a JWT for `user`, valid for TOKEN_LIFETIME_MS
 * @property {(token: unknown) => Promise<User | null>} verify  the user a token stands for, or null if it
 *   is not a string, malformed, forged, signed with another key or algorithm, or expired. Never rejects,
 *   whatever `token` is.
 */

/**
 * @param {string | Uint8Array} secret  the shared key, at least 32 bytes (HS256 wants a key as long as its hash)
 * @param {() => number} [now]          clock, epoch ms
 * @returns {TokenSigner}
 */
export function createTokenSigner(secret, now = Date.now) {
  const key = typeof secret === 'string' ? new TextEncoder().encode(secret) : Uint8Array.from(secret);
  if (key.length < 32) throw new Error('the token secret must be at least 32 bytes');
  const seconds = () => Math.floor(now() / 1000);

  return {
    issue(user) {
      const iat = seconds();
      return new SignJWT({ name: user.name })
        .setProtectedHeader({ alg: TOKEN_ALGORITHM, typ: 'JWT' })
        .setSubject(user.id)
        .setIssuedAt(iat)
        .setExpirationTime(iat + TOKEN_LIFETIME_MS / 1000)
        .sign(key);
    },

    async verify(token) {
      if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) return null;
      let payload;
      try {
        ({ payload } = await jwtVerify(token, key, {
          algorithms: [TOKEN_ALGORITHM],
          currentDate: new Date(now()),
          requiredClaims: ['sub', 'exp'],
        }));
      } catch {
        // Every refusal (bad signature, expired, malformed, another alg) is
        // the same to the caller: no user. The reason is not logged, since
        // logging it invites logging the token.
        return null;
      }
      const { sub, name } = payload;
      if (typeof sub !== 'string' || sub === '' || typeof name !== 'string') return null;
      return { id: sub, name };
    },
  };
}

/**
 * The secret to sign with: `given` if set (a cluster's nodes must all be
 * given the same one); else the one stored in `secretFile` (created with 32
 * random bytes, readable by the owner only, on first use), so that tokens
 * survive a restart; else, without a file (an in-memory database), a random
 * one for this process.
 * @param {{given?: string, secretFile?: string | null}} options
 * @returns {Buffer}
 */
export function loadSecret({ given, secretFile }) {
  if (given) return Buffer.from(given, 'utf8');
  if (!secretFile) return randomBytes(32);
  if (existsSync(secretFile)) return Buffer.from(readFileSync(secretFile, 'utf8').trim(), 'base64');
  const secret = randomBytes(32);
  writeFileSync(secretFile, `${secret.toString('base64')}\n`, { mode: 0o600 });
  chmodSync(secretFile, 0o600);
  return secret;
}
