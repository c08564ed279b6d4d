// test/unit/adapters/crypto: argon2id password hashing with the stage's cost parameters.
import { describe, expect, it, vi } from 'vitest';
import {
  createArgon2PasswordHasher,
  createDummyHash,
} from '../../../../shared/adapters/crypto/argon2-password-hasher.js';
import { AppSettingsSchema } from '../../../../shared/config/settings.js';
import type { PasswordHasher } from '../../../../shared/domain/ports.js';

/** Small parameters keep the suite fast; one test below runs the defaults. */
const small = { memoryKiB: 8192, iterations: 1, parallelism: 1 };
const password = 'correct horse battery staple';

/** The algorithm, version and m/t/p an encoded PHC string records (its parameter order is the encoder's choice). */
const describeHash = (encoded: string): { id?: string; version?: string; params: Record<string, string> } => {
  const [, id, version, params = ''] = encoded.split('$');
  return {
    id,
    version,
    params: Object.fromEntries(params.split(',').map((pair) => pair.split('=') as [string, string])),
  };
};

describe('Function: createArgon2PasswordHasher', () => {
  describe('Method: hash', () => {
    it('produces an argon2id PHC string that carries the configured m, t and p', async () => {
      // Prepare
      const hasher = createArgon2PasswordHasher({ memoryKiB: 9216, iterations: 2, parallelism: 2 });

      // Act
      const encoded = await hasher.hash(password);

      // Assess
      expect(describeHash(encoded)).toEqual({
        id: 'argon2id',
        version: 'v=19',
        params: { m: '9216', t: '2', p: '2' },
      });
      expect(encoded.split('$')).toHaveLength(6);
      expect(encoded).not.toContain(password);
    });

    it('salts every hash, so the same password never hashes alike', async () => {
      // Prepare
      const hasher = createArgon2PasswordHasher(small);

      // Act
      const [first, second] = await Promise.all([hasher.hash(password), hasher.hash(password)]);

      // Assess
      expect(first).not.toBe(second);
    });

    it('uses the default settings (19 MiB, 2 iterations, 1 lane) when the stage sets none', async () => {
      // Prepare
      const defaults = AppSettingsSchema.shape.argon2.parse(undefined);
      const hasher = createArgon2PasswordHasher(defaults);

      // Act
      const encoded = await hasher.hash(password);

      // Assess
      expect(describeHash(encoded)).toEqual({
        id: 'argon2id',
        version: 'v=19',
        params: { m: '19456', t: '2', p: '1' },
      });
      await expect(hasher.verify(encoded, password)).resolves.toBe(true);
      expect(hasher.needsRehash(encoded)).toBe(false);
    });
  });

  describe('Method: verify', () => {
    it('accepts the right password and rejects a wrong one', async () => {
      // Prepare
      const hasher = createArgon2PasswordHasher(small);
      const encoded = await hasher.hash(password);

      // Act
      const [right, wrong] = await Promise.all([
        hasher.verify(encoded, password),
        hasher.verify(encoded, `${password}!`),
      ]);

      // Assess
      expect(right).toBe(true);
      expect(wrong).toBe(false);
    });

    it('verifies a hash made with other parameters, since the hash carries its own', async () => {
      // Prepare
      const older = await createArgon2PasswordHasher({ memoryKiB: 8192, iterations: 2, parallelism: 1 }).hash(
        password,
      );
      const hasher = createArgon2PasswordHasher(small);

      // Act
      const verified = await hasher.verify(older, password);

      // Assess
      expect(verified).toBe(true);
    });

    it.each([
      ['an empty string', ''],
      ['plain text', 'not a hash'],
      ['a truncated hash', '$argon2id$v=19$m=8192,t=1,p=1$c2FsdHNhbHQ'],
      ['an unknown algorithm', '$bcrypt$v=19$m=8192,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA'],
    ])('returns false, without throwing, for %s', async (_label, malformed) => {
      // Prepare
      const hasher = createArgon2PasswordHasher(small);

      // Act
      const verified = await hasher.verify(malformed, password);

      // Assess
      expect(verified).toBe(false);
    });
  });

  describe('Method: needsRehash', () => {
    it('is false for a hash made with the configured parameters', async () => {
      // Prepare
      const hasher = createArgon2PasswordHasher(small);
      const encoded = await hasher.hash(password);

      // Act
      const needed = hasher.needsRehash(encoded);

      // Assess
      expect(needed).toBe(false);
    });

    it.each([
      ['memory', { memoryKiB: 9216, iterations: 1, parallelism: 1 }],
      ['iterations', { memoryKiB: 8192, iterations: 2, parallelism: 1 }],
      ['parallelism', { memoryKiB: 8192, iterations: 1, parallelism: 2 }],
    ])('is true for a hash made with other %s', async (_label, other) => {
      // Prepare
      const encoded = await createArgon2PasswordHasher(other).hash(password);
      const hasher = createArgon2PasswordHasher(small);

      // Act
      const needed = hasher.needsRehash(encoded);

      // Assess
      expect(needed).toBe(true);
    });

    it('is true for a malformed or non-argon2id hash, without throwing', () => {
      // Prepare
      const hasher = createArgon2PasswordHasher(small);

      // Act & Assess
      expect(hasher.needsRehash('garbage')).toBe(true);
      expect(hasher.needsRehash('$argon2id$garbage')).toBe(true);
      expect(hasher.needsRehash('$argon2i$v=19$m=8192,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA')).toBe(
        true,
      );
    });
  });
});

describe('Function: createDummyHash', () => {
  it('makes one argon2 hash lazily and reuses it, so unknown accounts cost a real verify', async () => {
    // Prepare
    const hasher = createArgon2PasswordHasher(small);
    const hash = vi.spyOn(hasher, 'hash');
    const dummyHash = createDummyHash(hasher);
    expect(hash).not.toHaveBeenCalled();

    // Act
    const [first, second] = await Promise.all([dummyHash(), dummyHash()]);
    const third = await dummyHash();

    // Assess
    expect(hash).toHaveBeenCalledTimes(1);
    expect(describeHash(first)).toEqual({
      id: 'argon2id',
      version: 'v=19',
      params: { m: '8192', t: '1', p: '1' },
    });
    expect(second).toBe(first);
    expect(third).toBe(first);
    await expect(hasher.verify(first, password)).resolves.toBe(false);
  });

  it('tries again after a failed first hash', async () => {
    // Prepare
    const real = createArgon2PasswordHasher(small);
    const flaky: PasswordHasher = {
      ...real,
      hash: vi
        .fn<PasswordHasher['hash']>()
        .mockRejectedValueOnce(new Error('out of memory'))
        .mockImplementation(real.hash),
    };
    const dummyHash = createDummyHash(flaky);

    // Act
    const failed = dummyHash();
    await expect(failed).rejects.toThrow('out of memory');
    const retried = await dummyHash();

    // Assess
    expect(retried).toMatch(/^\$argon2id\$/);
    expect(flaky.hash).toHaveBeenCalledTimes(2);
  });
});
