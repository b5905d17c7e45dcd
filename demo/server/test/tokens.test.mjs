// The session tokens (src/tokens.mjs): standard HS256 JWTs that any JWT
// library with the key accepts, and that `verify` refuses, without throwing,
// when forged, expired, unsigned (`alg: none`), signed with another key or
// algorithm, or not a token at all.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { SignJWT, UnsecuredJWT, decodeProtectedHeader, jwtVerify } from 'jose';
import { TOKEN_LIFETIME_MS, createTokenSigner } from '../src/tokens.mjs';

const KEY = 'k'.repeat(32);
const OTHER_KEY = 'o'.repeat(32);
const ADA = Object.freeze({ id: 'u-1', name: 'Ada' });
const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);

const b64 = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A JWT made by hand from the RFC, so that the test does not trust the code it checks. */
function handMadeJwt(header, claims, key = KEY) {
  const signingInput = `${b64(header)}.${b64(claims)}`;
  return `${signingInput}.${createHmac('sha256', key).update(signingInput).digest('base64url')}`;
}

describe('session tokens', () => {
  const signer = createTokenSigner(KEY, () => NOW);

  it('issues a standard HS256 JWT that another verifier with the key accepts', async () => {
    const token = await signer.issue(ADA);
    assert.deepEqual(decodeProtectedHeader(token), { alg: 'HS256', typ: 'JWT' });
    const { payload } = await jwtVerify(token, new TextEncoder().encode(KEY), { currentDate: new Date(NOW) });
    assert.equal(payload.sub, ADA.id);
    assert.equal(payload.name, ADA.name);
    assert.equal(payload.iat, NOW / 1000);
    assert.equal(payload.exp, (NOW + TOKEN_LIFETIME_MS) / 1000);
    assert.deepEqual(await signer.verify(token), ADA);
  });

  it('accepts a token another service signed with the shared key', async () => {
    const token = handMadeJwt({ alg: 'HS256', typ: 'JWT' }, { sub: 'u-9', name: 'Grace', exp: NOW / 1000 + 60 });
    assert.deepEqual(await signer.verify(token), { id: 'u-9', name: 'Grace' });
  });

  it('refuses a forged signature and a changed payload', async () => {
    const [header, payload] = (await signer.issue(ADA)).split('.');
    assert.equal(await signer.verify(`${header}.${payload}.${'A'.repeat(43)}`), null);
    const admin = b64({ sub: 'u-1', name: 'Ada', exp: NOW / 1000 + 60, admin: true });
    const [, , signature] = (await signer.issue(ADA)).split('.');
    assert.equal(await signer.verify(`${header}.${admin}.${signature}`), null);
  });

  it('refuses an expired token, and accepts it until the second it expires', async () => {
    const token = await signer.issue(ADA);
    const justBefore = createTokenSigner(KEY, () => NOW + TOKEN_LIFETIME_MS - 1000);
    const atExpiry = createTokenSigner(KEY, () => NOW + TOKEN_LIFETIME_MS);
    assert.deepEqual(await justBefore.verify(token), ADA);
    assert.equal(await atExpiry.verify(token), null);
  });

  it('refuses alg none, with or without a signature', async () => {
    const unsecured = new UnsecuredJWT({ name: 'Ada' }).setSubject('u-1').setExpirationTime(NOW / 1000 + 60).encode();
    assert.equal(await signer.verify(unsecured), null);
    const [header, payload] = unsecured.split('.');
    assert.equal(await signer.verify(`${header}.${payload}.${'A'.repeat(43)}`), null);
    // `none` spelled otherwise, with an HMAC over it: still not HS256.
    assert.equal(await signer.verify(handMadeJwt({ alg: 'None', typ: 'JWT' }, { sub: 'u-1', name: 'Ada', exp: NOW / 1000 + 60 })), null);
  });

  it('refuses a token signed with another key, or with another algorithm and the same key', async () => {
    assert.equal(await signer.verify(await createTokenSigner(OTHER_KEY, () => NOW).issue(ADA)), null);
    const hs512 = await new SignJWT({ name: 'Ada' })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject('u-1')
      .setExpirationTime(NOW / 1000 + 60)
      .sign(new TextEncoder().encode(KEY));
    assert.equal(await signer.verify(hs512), null);
  });

  it('refuses a well-signed token without the claims it needs', async () => {
    const exp = NOW / 1000 + 60;
    for (const claims of [{ name: 'Ada', exp }, { sub: '', name: 'Ada', exp }, { sub: 'u-1', exp }, { sub: 'u-1', name: 7, exp }, { sub: 'u-1', name: 'Ada' }]) {
      assert.equal(await signer.verify(handMadeJwt({ alg: 'HS256' }, claims)), null, JSON.stringify(claims));
    }
  });

  it('answers null, never throwing, for garbage of any type', async () => {
    const garbage = [
      undefined, null, 0, 42, true, {}, [], { token: 'x' }, '', 'garbage', '.', '..', '...', 'a.b.c',
      `${b64({ alg: 'HS256' })}.not base64!.x`, `${b64('not json')}.${b64('{}')}.x`,
      `${b64({ alg: 'HS256' })}.${b64('[1,2]')}.${'A'.repeat(43)}`, 'x'.repeat(100_000), '\u0000.\uffff.\ud800',
    ];
    for (const input of garbage) assert.equal(await signer.verify(input), null, String(input).slice(0, 40));
  });

  it('refuses a key shorter than 32 bytes', () => {
    assert.throws(() => createTokenSigner('short'), /at least 32 bytes/);
  });
});
