// test/unit/adapters/crypto: the keys derived from the stage's root secret.
import { createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidKeyMaterialError } from '../../../../shared/adapters/crypto/errors.js';
import { deriveKeyMaterial } from '../../../../shared/adapters/crypto/key-material.js';

const rootSecret = 'r00tSecretForTestsOnly-0123456789abcdefghijklmnopqrstuvwxyzABCD';

describe('Function: deriveKeyMaterial', () => {
  it('derives six distinct 32-byte keys, and no token-signing key', () => {
    // Act
    const keys = deriveKeyMaterial(rootSecret);

    // Assess
    const all = [
      keys.blindIndexKey,
      keys.codeKey,
      keys.refreshTokenKey,
      keys.refreshSealKey,
      keys.idempotencyFingerprintKey,
      keys.idempotencySealKey,
    ].map((key) => Buffer.from(key));
    for (const key of all) expect(key.byteLength).toBe(32);
    expect(new Set(all.map((key) => key.toString('hex'))).size).toBe(6);
    expect(Object.keys(keys).sort()).toEqual([
      'blindIndexKey',
      'codeKey',
      'idempotencyFingerprintKey',
      'idempotencySealKey',
      'refreshSealKey',
      'refreshTokenKey',
    ]);
  });

  it('is HKDF-SHA256 with an empty salt and the documented info labels', () => {
    // Prepare
    const expected = (info: string): Buffer =>
      Buffer.from(hkdfSync('sha256', Buffer.from(rootSecret), Buffer.alloc(0), info, 32));

    // Act
    const keys = deriveKeyMaterial(rootSecret);

    // Assess
    expect(Buffer.from(keys.blindIndexKey).equals(expected('signet/blind-index/v1'))).toBe(true);
    expect(Buffer.from(keys.codeKey).equals(expected('signet/code-hmac/v1'))).toBe(true);
    expect(Buffer.from(keys.refreshTokenKey).equals(expected('signet/refresh-token-hmac/v1'))).toBe(true);
    expect(Buffer.from(keys.refreshSealKey).equals(expected('signet/refresh-grace-seal/v1'))).toBe(true);
    expect(Buffer.from(keys.idempotencyFingerprintKey).equals(expected('signet/idempotency-fingerprint/v1'))).toBe(true);
    expect(Buffer.from(keys.idempotencySealKey).equals(expected('signet/idempotency-seal/v1'))).toBe(true);
  });

  it('matches the RFC 5869 construction computed by hand (extract with a zero salt, then expand)', () => {
    // Prepare: HKDF-Extract with an empty salt uses a HashLen block of zeros as the HMAC key.
    const prk = createHmac('sha256', Buffer.alloc(32)).update(rootSecret).digest();
    const okm = createHmac('sha256', prk)
      .update(Buffer.concat([Buffer.from('signet/code-hmac/v1'), Buffer.of(1)]))
      .digest();

    // Act
    const { codeKey } = deriveKeyMaterial(rootSecret);

    // Assess
    expect(Buffer.from(codeKey).equals(okm)).toBe(true);
  });

  it('gives the same keys for the same secret and different keys for another', () => {
    // Act
    const first = deriveKeyMaterial(rootSecret);
    const again = deriveKeyMaterial(rootSecret);
    const other = deriveKeyMaterial(`${rootSecret}x`);

    // Assess
    expect(Buffer.from(again.codeKey).equals(Buffer.from(first.codeKey))).toBe(true);
    expect(Buffer.from(other.codeKey).equals(Buffer.from(first.codeKey))).toBe(false);
  });

  it('refuses a root secret shorter than 32 characters, naming the setting but not the value', () => {
    // Prepare
    const short = 'too-short-secret-31-characters!';

    // Act & Assess
    expect(short).toHaveLength(31);
    expect(() => deriveKeyMaterial(short)).toThrow(InvalidKeyMaterialError);
    expect(() => deriveKeyMaterial(short)).toThrow('rootSecret must be at least 32 characters');
    expect(() => deriveKeyMaterial(short)).not.toThrow(short);
    expect(() => deriveKeyMaterial(short.padEnd(32, '!'))).not.toThrow();
  });
});
