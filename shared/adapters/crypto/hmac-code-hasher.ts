// shared/adapters/crypto: the CodeHasher port on HMAC-SHA256. One-time codes are stored only as
// these HMACs, bound to their purpose and account, and checked in constant time.
import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import type { CodeHasher } from '../../domain/ports.js';
import type { AccountId, CodePurpose } from '../../domain/types.js';
import { InvalidKeyMaterialError } from './errors.js';

const KEY_BYTES = 32;
const DIGEST_BYTES = 32;
/** A stored hash is exactly 32 bytes in unpadded base64url. */
const STORED_HASH_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const DOMAIN = 'signet/code/v1';

/** Each field as a 4-byte big-endian byte length followed by its UTF-8 bytes: no two inputs frame alike. */
const frame = (fields: readonly string[]): Buffer =>
  Buffer.concat(
    fields.flatMap((field) => {
      const bytes = Buffer.from(field, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.byteLength);
      return [length, bytes];
    }),
  );

/** The stored hash as 32 bytes, or undefined when it is not one of ours. */
const decodeStored = (storedHash: string): Buffer | undefined => {
  if (!STORED_HASH_PATTERN.test(storedHash)) return undefined;
  const bytes = Buffer.from(storedHash, 'base64url');
  return bytes.byteLength === DIGEST_BYTES && bytes.toString('base64url') === storedHash ? bytes : undefined;
};

/**
 * Creates a code hasher keyed with `codeKey` (from `deriveKeyMaterial`).
 *
 * `hash` is HMAC-SHA256 over a length-prefixed frame of a domain label, the purpose, the account id and
 * the code, as unpadded base64url. `verify` recomputes it and compares 32 bytes with
 * `crypto.timingSafeEqual`; a malformed stored hash is compared against a zero buffer of the same
 * length and then rejected, so the work done does not depend on the submitted code or the stored value.
 *
 * @param key - 32-byte key; anything else is refused.
 * @example
 * ```ts
 * const codes = createHmacCodeHasher(keys.codeKey);
 * const stored = codes.hash(code, 'registration', accountId);
 * codes.verify(attempt, 'registration', accountId, stored); // true only for the same code, purpose and account
 * ```
 */
const createHmacCodeHasher = (key: Uint8Array): CodeHasher => {
  if (key.byteLength !== KEY_BYTES) {
    throw new InvalidKeyMaterialError(`The code key must be ${KEY_BYTES} bytes`);
  }
  // One key object per container: an HMAC keyed with raw bytes imports them into a new key object per call.
  const hmacKey = createSecretKey(Buffer.from(key));
  // A bound code frames one field more: it never equals the unbound hash of the same code.
  const digest = (code: string, purpose: CodePurpose, accountId: AccountId, boundTo?: string): Buffer =>
    createHmac('sha256', hmacKey)
      .update(frame(boundTo === undefined ? [DOMAIN, purpose, accountId, code] : [DOMAIN, purpose, accountId, code, boundTo]))
      .digest();

  return {
    hash: (code, purpose, accountId, boundTo) => digest(code, purpose, accountId, boundTo).toString('base64url'),

    verify(code, purpose, accountId, storedHash, boundTo): boolean {
      const expected = digest(code, purpose, accountId, boundTo);
      const stored = decodeStored(storedHash);
      const same = timingSafeEqual(expected, stored ?? Buffer.alloc(DIGEST_BYTES));
      return stored !== undefined && same;
    },
  };
};

export { createHmacCodeHasher };
