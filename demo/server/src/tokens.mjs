// Signed session tokens for the reference server: `<payload>.<signature>`,
// both base64url, the payload `{sub, name, iat, exp}` as JSON and the
// signature HMAC-SHA256 over the payload text. JWT-like without the header:
// there is one algorithm, so there is nothing to negotiate or downgrade.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

/** Seven days: a demo user stays signed in across restarts for a week. */
export const TOKEN_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** @typedef {import('./store.mjs').User} User */

/**
 * @param {string | Buffer} secret  at least 32 bytes
 * @param {() => number} [now]
 */
export function createTokenSigner(secret, now = Date.now) {
  const key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  if (key.length < 32) throw new Error('the token secret must be at least 32 bytes');
  const sign = (payload) => createHmac('sha256', key).update(payload).digest();

  return {
    /** A token for `user`, valid for TOKEN_LIFETIME_MS. @param {User} user */
    issue(user) {
      const iat = now();
      const payload = Buffer.from(JSON.stringify({ sub: user.id, name: user.name, iat, exp: iat + TOKEN_LIFETIME_MS })).toString('base64url');
      return `${payload}.${sign(payload).toString('base64url')}`;
    },
    /**
     * The user a token stands for, or null if it is malformed, forged or
     * expired. Never throws, whatever `token` is.
     * @param {unknown} token
     * @returns {User | null}
     */
    verify(token) {
      if (typeof token !== 'string' || token.length > 4096) return null;
      const dot = token.indexOf('.');
      if (dot <= 0 || dot !== token.lastIndexOf('.')) return null;
      const payload = token.slice(0, dot);
      const given = Buffer.from(token.slice(dot + 1), 'base64url');
      const expected = sign(payload);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      let claims;
      try {
        claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        return null;
      }
      const valid =
        claims !== null && typeof claims === 'object' && typeof claims.sub === 'string' && claims.sub !== '' &&
        typeof claims.name === 'string' && Number.isSafeInteger(claims.exp) && claims.exp > now();
      return valid ? { id: claims.sub, name: claims.name } : null;
    },
  };
}

/**
 * The secret to sign with: `given` if set; else the one stored in
 * `secretFile` (created with 32 random bytes, readable by the owner only, on
 * first use), so that tokens survive a restart; else, without a file (an
 * in-memory database), a random one for this process.
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
