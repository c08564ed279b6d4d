// test/unit/adapters/crypto: the fingerprint (keyed HMAC of canonical JSON) and the seal of idempotent retries.
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  createIdempotencyCrypto,
} from '../../../../shared/adapters/crypto/idempotency-crypto.js';
import { InvalidKeyMaterialError } from '../../../../shared/adapters/crypto/errors.js';

const keyOf = (byte: number): Uint8Array => new Uint8Array(32).fill(byte);
const crypto = createIdempotencyCrypto({ fingerprintKey: keyOf(1), sealKey: keyOf(2) });

describe('Function: canonicalJson', () => {
  it('sorts the keys of every object, nested and inside arrays, and keeps array order', () => {
    // Act & Assess
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }, 3], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"y":2,"z":1},3]},"b":1}',
    );
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
    expect(canonicalJson('text')).toBe('"text"');
  });

  it('walks a body nested thousands deep without overflowing', () => {
    // Prepare: 16 KiB of brackets.
    const deep = JSON.parse(`${'['.repeat(8000)}${']'.repeat(8000)}`) as unknown;

    // Act & Assess
    expect(canonicalJson(deep)).toHaveLength(16_000);
  });
});

describe('Function: createIdempotencyCrypto', () => {
  describe('Method: fingerprint', () => {
    it('is the same for bodies that differ only in key order, and differs for another value', () => {
      // Act
      const one = crypto.fingerprint({ accountName: 'ada', code: '123456' });
      const reordered = crypto.fingerprint({ code: '123456', accountName: 'ada' });
      const other = crypto.fingerprint({ accountName: 'ada', code: '123457' });

      // Assess
      expect(reordered).toBe(one);
      expect(other).not.toBe(one);
      expect(one).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('is a keyed HMAC: another key gives another fingerprint, and it is no plain hash of the body', () => {
      // Prepare
      const body = { accountName: 'ada', code: '123456' };
      const otherKey = createIdempotencyCrypto({ fingerprintKey: keyOf(3), sealKey: keyOf(2) });
      const text = canonicalJson(body);

      // Act
      const fingerprint = crypto.fingerprint(body);

      // Assess
      expect(otherKey.fingerprint(body)).not.toBe(fingerprint);
      expect(fingerprint).not.toBe(createHash('sha256').update(text).digest('base64url'));
      expect(fingerprint).toBe(
        createHmac('sha256', Buffer.from(keyOf(1)))
          .update(`signet/idempotency-fingerprint/v1:${text}`)
          .digest('base64url'),
      );
    });
  });

  describe('Method: seal', () => {
    it('opens what it sealed for the same route only, and hides the plaintext', () => {
      // Prepare
      const answer = JSON.stringify({ statusCode: 202, body: '{"accountName":"ada.lovelace"}' });

      // Act
      const sealed = crypto.seal('register', answer);

      // Assess
      expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
      expect(sealed).not.toContain('ada');
      expect(crypto.seal('register', answer)).not.toBe(sealed);
      expect(crypto.open('register', sealed)).toBe(answer);
      expect(crypto.open('confirm', sealed)).toBeUndefined();
      expect(
        createIdempotencyCrypto({ fingerprintKey: keyOf(1), sealKey: keyOf(4) }).open('register', sealed),
      ).toBeUndefined();
      expect(crypto.open('register', `${sealed.slice(0, -2)}AA`)).toBeUndefined();
      expect(crypto.open('register', 'not sealed')).toBeUndefined();
    });
  });

  it('refuses keys that are not 32 bytes', () => {
    // Act & Assess
    expect(() => createIdempotencyCrypto({ fingerprintKey: new Uint8Array(16), sealKey: keyOf(2) })).toThrow(
      InvalidKeyMaterialError,
    );
  });
});
