// test/unit/adapters/crypto: one-time codes stored as HMACs bound to purpose and account.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidKeyMaterialError } from '../../../../shared/adapters/crypto/errors.js';
import { createHmacCodeHasher } from '../../../../shared/adapters/crypto/hmac-code-hasher.js';
import type { AccountId } from '../../../../shared/domain/types.js';

const key = randomBytes(32);
const accountId = 'AccountAAAAAAAAAAAAAAA' as AccountId;
const otherAccountId = 'AccountBBBBBBBBBBBBBBB' as AccountId;

describe('Function: createHmacCodeHasher', () => {
  describe('Method: hash', () => {
    it('gives a 256-bit base64url hash that does not contain the code', () => {
      // Prepare
      const codes = createHmacCodeHasher(key);

      // Act
      const stored = codes.hash('123456', 'registration', accountId);

      // Assess
      expect(stored).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(stored).not.toContain('123456');
    });

    it('frames its inputs, so shifting characters between account and code changes the hash', () => {
      // Prepare
      const codes = createHmacCodeHasher(key);

      // Act
      const first = codes.hash('23456', 'registration', 'abc1' as AccountId);
      const second = codes.hash('123456', 'registration', 'abc' as AccountId);

      // Assess
      expect(first).not.toBe(second);
    });
  });

  describe('Method: verify', () => {
    it('accepts the right code for the same purpose and account', () => {
      // Prepare
      const codes = createHmacCodeHasher(key);
      const stored = codes.hash('042917', 'registration', accountId);

      // Act
      const verified = codes.verify('042917', 'registration', accountId, stored);

      // Assess
      expect(verified).toBe(true);
    });

    it.each([
      ['a wrong code', '042918', 'registration', accountId],
      ['the code without its leading zero', '42917', 'registration', accountId],
      ['another purpose', '042917', 'password_reset', accountId],
      ['another account', '042917', 'registration', otherAccountId],
    ] as const)('rejects %s', (_label, code, purpose, account) => {
      // Prepare
      const codes = createHmacCodeHasher(key);
      const stored = codes.hash('042917', 'registration', accountId);

      // Act
      const verified = codes.verify(code, purpose, account, stored);

      // Assess
      expect(verified).toBe(false);
    });

    it('rejects a hash made under another key', () => {
      // Prepare
      const stored = createHmacCodeHasher(randomBytes(32)).hash('042917', 'registration', accountId);

      // Act
      const verified = createHmacCodeHasher(key).verify('042917', 'registration', accountId, stored);

      // Assess
      expect(verified).toBe(false);
    });

    it.each([
      ['an empty string', ''],
      ['a short hash', 'AAAA'],
      ['a long hash', 'A'.repeat(44)],
      ['a hex digest', 'a'.repeat(64)],
      ['standard base64', `${'A'.repeat(42)}+`],
      ['non-ASCII text', 'é'.repeat(43)],
      ['non-canonical base64url', `${'A'.repeat(42)}B`],
    ])('returns false, without throwing, for a malformed stored hash: %s', (_label, malformed) => {
      // Prepare
      const codes = createHmacCodeHasher(key);

      // Act
      const verified = codes.verify('042917', 'registration', accountId, malformed);

      // Assess
      expect(verified).toBe(false);
    });

    it('rejects the all-zero digest a malformed hash is compared against', () => {
      // Prepare
      const codes = createHmacCodeHasher(key);
      const zeros = Buffer.alloc(32).toString('base64url');

      // Act
      const verified = codes.verify('042917', 'registration', accountId, zeros);

      // Assess
      expect(verified).toBe(false);
    });
  });

  it('refuses a key that is not 32 bytes', () => {
    // Act & Assess
    expect(() => createHmacCodeHasher(randomBytes(31))).toThrow(InvalidKeyMaterialError);
  });
});
