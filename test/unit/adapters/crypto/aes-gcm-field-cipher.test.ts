// test/unit/adapters/crypto: AES-256-GCM sealing of personal fields, bound to account and field.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aesGcmFieldCipher } from '../../../../shared/adapters/crypto/aes-gcm-field-cipher.js';
import { DecryptionFailedError, InvalidKeyMaterialError } from '../../../../shared/adapters/crypto/errors.js';
import type { AccountId } from '../../../../shared/domain/types.js';

const accountId = 'Acc0untIdAAAAAAAAAAAAA' as AccountId;
const otherAccountId = 'Acc0untIdBBBBBBBBBBBBB' as AccountId;
const email = 'ada@example.org';

/** Flips one bit of one base64url character position, keeping the text valid base64url. */
const flipCharacter = (text: string, index: number): string => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const position = alphabet.indexOf(text.charAt(index));
  const replacement = alphabet.charAt(position ^ 0b100000);
  return `${text.slice(0, index)}${replacement}${text.slice(index + 1)}`;
};

describe('Function: aesGcmFieldCipher', () => {
  describe('Method: seal', () => {
    it('returns a versioned value that does not contain the plaintext', () => {
      // Prepare
      const key = randomBytes(32);

      // Act
      const sealed = aesGcmFieldCipher.seal(key, accountId, 'email', email);

      // Assess
      expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
      expect(sealed).not.toContain('ada');
      expect(Buffer.from(sealed.split('.')[2] ?? '', 'base64url').byteLength).toBe(
        Buffer.byteLength(email) + 16,
      );
    });

    it('uses a fresh IV each time, so equal values seal differently', () => {
      // Prepare
      const key = randomBytes(32);

      // Act
      const first = aesGcmFieldCipher.seal(key, accountId, 'email', email);
      const second = aesGcmFieldCipher.seal(key, accountId, 'email', email);

      // Assess
      expect(first.split('.')[1]).not.toBe(second.split('.')[1]);
      expect(first).not.toBe(second);
    });

    it.each([16, 24, 31, 33, 0])('refuses a %i-byte key', (length) => {
      // Prepare
      const key = randomBytes(length);

      // Act & Assess
      expect(() => aesGcmFieldCipher.seal(key, accountId, 'email', email)).toThrow(InvalidKeyMaterialError);
    });
  });

  describe('Method: open', () => {
    it.each([
      ['an email', 'email' as const, email],
      ['an empty string', 'accountName' as const, ''],
      ['non-ASCII text', 'preferences' as const, '{"名前":"エイダ","emoji":"🔐"}'],
      ['a long value', 'interests' as const, 'x'.repeat(10_000)],
    ])('gives back %s exactly', (_label, field, plaintext) => {
      // Prepare
      const key = randomBytes(32);
      const sealed = aesGcmFieldCipher.seal(key, accountId, field, plaintext);

      // Act
      const opened = aesGcmFieldCipher.open(key, accountId, field, sealed);

      // Assess
      expect(opened).toBe(plaintext);
    });

    it('refuses a value sealed for another account', () => {
      // Prepare
      const key = randomBytes(32);
      const sealed = aesGcmFieldCipher.seal(key, accountId, 'email', email);

      // Act & Assess
      expect(() => aesGcmFieldCipher.open(key, otherAccountId, 'email', sealed)).toThrow(
        DecryptionFailedError,
      );
    });

    it('refuses a value sealed as another field', () => {
      // Prepare
      const key = randomBytes(32);
      const sealed = aesGcmFieldCipher.seal(key, accountId, 'email', email);

      // Act & Assess
      expect(() => aesGcmFieldCipher.open(key, accountId, 'phone', sealed)).toThrow(DecryptionFailedError);
    });

    it('refuses a value sealed under another key', () => {
      // Prepare
      const sealed = aesGcmFieldCipher.seal(randomBytes(32), accountId, 'email', email);

      // Act & Assess
      expect(() => aesGcmFieldCipher.open(randomBytes(32), accountId, 'email', sealed)).toThrow(
        DecryptionFailedError,
      );
    });

    it('refuses a value with any single character of its IV or body changed', () => {
      // Prepare
      const key = randomBytes(32);
      const sealed = aesGcmFieldCipher.seal(key, accountId, 'email', email);
      const [version = '', iv = '', body = ''] = sealed.split('.');
      const tampered = [
        ...Array.from({ length: iv.length }, (_, i) => `${version}.${flipCharacter(iv, i)}.${body}`),
        ...Array.from({ length: body.length }, (_, i) => `${version}.${iv}.${flipCharacter(body, i)}`),
      ];

      // Act
      const outcomes = tampered.map((value) => {
        try {
          return aesGcmFieldCipher.open(key, accountId, 'email', value);
        } catch (error) {
          return error;
        }
      });

      // Assess
      expect(outcomes).toHaveLength(iv.length + body.length);
      for (const outcome of outcomes) {
        expect(outcome).toBeInstanceOf(DecryptionFailedError);
      }
    });

    it.each([
      ['an empty string', () => ''],
      ['another version', (sealed: string) => sealed.replace(/^v1\./, 'v2.')],
      ['a missing part', (sealed: string) => sealed.split('.').slice(0, 2).join('.')],
      ['an extra part', (sealed: string) => `${sealed}.AAAA`],
      ['a truncated tag', (sealed: string) => sealed.slice(0, -4)],
      ['a short IV', (sealed: string) => sealed.replace(/^v1\.[A-Za-z0-9_-]{4}/, 'v1.')],
      ['standard base64 characters', (sealed: string) => `${sealed.slice(0, -1)}+`],
      ['padding', (sealed: string) => `${sealed}=`],
    ])('refuses %s with DecryptionFailedError', (_label, mangle) => {
      // Prepare
      const key = randomBytes(32);
      const sealed = mangle(aesGcmFieldCipher.seal(key, accountId, 'email', email));

      // Act & Assess
      expect(() => aesGcmFieldCipher.open(key, accountId, 'email', sealed)).toThrow(DecryptionFailedError);
    });

    it('says nothing in its error about the value, the key or the account', () => {
      // Prepare
      const key = randomBytes(32);
      const sealed = aesGcmFieldCipher.seal(key, accountId, 'email', email);

      // Act
      let caught: unknown;
      try {
        aesGcmFieldCipher.open(key, otherAccountId, 'email', sealed);
      } catch (error) {
        caught = error;
      }

      // Assess
      expect(caught).toBeInstanceOf(DecryptionFailedError);
      const message = (caught as Error).message;
      expect(message).toBe('The sealed value could not be decrypted');
      for (const secret of [
        sealed,
        email,
        otherAccountId,
        accountId,
        key.toString('base64url'),
        key.toString('hex'),
      ]) {
        expect(message).not.toContain(secret);
      }
    });

    it('refuses a key that is not 32 bytes', () => {
      // Prepare
      const sealed = aesGcmFieldCipher.seal(randomBytes(32), accountId, 'email', email);

      // Act & Assess
      expect(() => aesGcmFieldCipher.open(randomBytes(16), accountId, 'email', sealed)).toThrow(
        InvalidKeyMaterialError,
      );
    });
  });
});
