// shared/adapters/crypto: the PasswordHasher port on argon2id (the `argon2` native package).
// The encoded PHC string carries its own parameters, so stored hashes survive a change of settings
// and needsRehash tells sign-in when to upgrade one.
import { randomBytes } from 'node:crypto';
import * as argon2 from 'argon2';
import type { AppSettings } from '../../config/settings.js';
import type { PasswordHasher } from '../../domain/ports.js';

/** Only argon2id hashes count as current; anything else needs a rehash. */
const ARGON2ID_PREFIX = '$argon2id$';

/**
 * Creates an argon2id password hasher with the stage's cost parameters.
 *
 * - `hash` returns a PHC string such as `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`
 *   (random 16-byte salt, 32-byte output).
 * - `verify` returns false, never throws, for a wrong password or a malformed/foreign hash;
 *   argon2 compares in constant time.
 * - `needsRehash` is true when the hash is not argon2id or was made with other m/t/p (or is malformed).
 *
 * @param params - `AppSettings['argon2']`: memoryKiB, iterations, parallelism.
 * @example
 * ```ts
 * const hasher = createArgon2PasswordHasher(settings.argon2);
 * const stored = await hasher.hash(password);
 * if (await hasher.verify(stored, attempt) && hasher.needsRehash(stored)) { … }
 * ```
 */
const createArgon2PasswordHasher = (params: AppSettings['argon2']): PasswordHasher => {
  const options = {
    type: argon2.argon2id,
    memoryCost: params.memoryKiB,
    timeCost: params.iterations,
    parallelism: params.parallelism,
  } as const;

  return {
    hash: (password: string): Promise<string> => argon2.hash(password, options),

    async verify(encodedHash: string, password: string): Promise<boolean> {
      try {
        return await argon2.verify(encodedHash, password);
      } catch {
        // Malformed or unsupported encoded hash: a failed check, never an exception.
        return false;
      }
    },

    needsRehash(encodedHash: string): boolean {
      if (!encodedHash.startsWith(ARGON2ID_PREFIX)) return true;
      try {
        return argon2.needsRehash(encodedHash, {
          memoryCost: options.memoryCost,
          timeCost: options.timeCost,
          parallelism: options.parallelism,
        });
      } catch {
        return true;
      }
    },
  };
};

/**
 * Returns a function giving a hash of a random, never-revealed password, made lazily on first use and
 * then reused for the life of the container. Sign-in verifies against it when the account is unknown,
 * so an unknown account costs the same argon2 time as a known one.
 *
 * @example
 * ```ts
 * const dummyHash = createDummyHash(hasher); // once per container
 * const stored = account?.passwordHash ?? (await dummyHash());
 * const ok = (await hasher.verify(stored, password)) && account !== undefined;
 * ```
 */
const createDummyHash = (hasher: PasswordHasher): (() => Promise<string>) => {
  let pending: Promise<string> | undefined;
  return () => {
    if (pending === undefined) {
      pending = hasher.hash(randomBytes(32).toString('base64url'));
      // A failed attempt is not cached: the next call tries again.
      pending.catch(() => {
        pending = undefined;
      });
    }
    return pending;
  };
};

export { createArgon2PasswordHasher, createDummyHash };
