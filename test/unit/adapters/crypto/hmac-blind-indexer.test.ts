// test/unit/adapters/crypto: keyed blind indexes for names, emails and numbers.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidKeyMaterialError } from '../../../../shared/adapters/crypto/errors.js';
import { createHmacBlindIndexer } from '../../../../shared/adapters/crypto/hmac-blind-indexer.js';

const key = Buffer.alloc(32, 7);

describe('Function: createHmacBlindIndexer', () => {
  it('gives the same index for the same kind and value, every time and across instances', () => {
    // Prepare
    const first = createHmacBlindIndexer(key);
    const second = createHmacBlindIndexer(Buffer.from(key));

    // Act
    const indexes = [
      first.index('email', 'ada@example.org'),
      first.index('email', 'ada@example.org'),
      second.index('email', 'ada@example.org'),
    ];

    // Assess
    expect(new Set(indexes).size).toBe(1);
  });

  it('gives a full 256-bit base64url index that does not contain the value', () => {
    // Prepare
    const indexer = createHmacBlindIndexer(key);

    // Act
    const index = indexer.index('name', 'ada');

    // Assess
    expect(index).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(index, 'base64url').byteLength).toBe(32);
    expect(index).not.toContain('ada');
  });

  it('separates kinds: the same text indexes differently as a name, an email and a phone', () => {
    // Prepare
    const indexer = createHmacBlindIndexer(key);
    const value = 'same-text';

    // Act
    const indexes = (['name', 'email', 'phone'] as const).map((kind) => indexer.index(kind, value));

    // Assess
    expect(new Set(indexes).size).toBe(3);
  });

  it('depends on the key: another key gives other indexes', () => {
    // Prepare
    const indexer = createHmacBlindIndexer(key);
    const other = createHmacBlindIndexer(randomBytes(32));

    // Act & Assess
    expect(other.index('email', 'ada@example.org')).not.toBe(indexer.index('email', 'ada@example.org'));
  });

  it('distinguishes different values', () => {
    // Prepare
    const indexer = createHmacBlindIndexer(key);

    // Act
    const indexes = ['ada', 'Ada', 'ada ', 'adb', ''].map((value) => indexer.index('name', value));

    // Assess
    expect(new Set(indexes).size).toBe(5);
  });

  it('refuses a key that is not 32 bytes', () => {
    // Act & Assess
    expect(() => createHmacBlindIndexer(randomBytes(16))).toThrow(InvalidKeyMaterialError);
  });
});
