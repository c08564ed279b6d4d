// shared/adapters/crypto: the Random port on node:crypto's CSPRNG. Used for ids, salts, IVs and
// one-time codes; Math.random never appears in Signet.
import { randomBytes, randomInt } from 'node:crypto';
import type { Random } from '../../domain/ports.js';

/** Longest digit string `digits` makes: far above any code length, low enough to catch a unit mix-up. */
const MAX_DIGITS = 64;

/**
 * Random bytes and digit strings from node:crypto.
 *
 * `digits(n)` draws each digit with `crypto.randomInt(0, 10)`, which rejection-samples internally,
 * so every digit (and so every n-digit code, leading zeros included) is equally likely.
 *
 * @example
 * ```ts
 * const salt = nodeRandom.bytes(16);
 * const code = nodeRandom.digits(6); // e.g. '042917'
 * ```
 */
const nodeRandom: Random = {
  bytes(length: number): Uint8Array {
    if (!Number.isSafeInteger(length) || length < 0) {
      throw new RangeError('length must be a non-negative integer');
    }
    return new Uint8Array(randomBytes(length));
  },

  digits(digits: number): string {
    if (!Number.isSafeInteger(digits) || digits < 1 || digits > MAX_DIGITS) {
      throw new RangeError(`digits must be an integer from 1 to ${MAX_DIGITS}`);
    }
    let result = '';
    for (let i = 0; i < digits; i += 1) {
      result += String(randomInt(0, 10));
    }
    return result;
  },
};

export { nodeRandom };
