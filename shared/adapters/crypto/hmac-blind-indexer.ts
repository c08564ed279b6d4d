// shared/adapters/crypto: the BlindIndexer port on HMAC-SHA256. The table keeps these indexes instead
// of names, emails and numbers, so uniqueness and lookups work without any plaintext at rest.
import { createHmac, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import type { BlindIndexer, IndexKind } from '../../domain/ports.js';
import { InvalidKeyMaterialError } from './errors.js';

const KEY_BYTES = 32;
const INDEX_KINDS: readonly IndexKind[] = ['name', 'email', 'phone', 'ip', 'smsPrefix', 'reset'];

/**
 * Creates a blind indexer keyed with `blindIndexKey` (from `deriveKeyMaterial`).
 *
 * Each {@link IndexKind} gets its own subkey (HKDF-SHA256 of the key, info `kind:<kind>`), so a
 * name's index never equals an email's for the same text. The index is the full 256-bit
 * HMAC-SHA256 of the UTF-8 value, base64url without padding (43 characters). Callers normalize first.
 *
 * @param key - 32-byte key; anything else is refused.
 * @example
 * ```ts
 * const indexer = createHmacBlindIndexer(keys.blindIndexKey);
 * const emailIndex = indexer.index('email', normalizedEmail);
 * ```
 */
const createHmacBlindIndexer = (key: Uint8Array): BlindIndexer => {
  if (key.byteLength !== KEY_BYTES) {
    throw new InvalidKeyMaterialError(`The blind index key must be ${KEY_BYTES} bytes`);
  }
  // Key objects made once per container: an HMAC keyed with raw bytes imports them anew on every call.
  const subkeys = new Map<IndexKind, KeyObject>(
    INDEX_KINDS.map((kind) => [
      kind,
      createSecretKey(Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `kind:${kind}`, KEY_BYTES))),
    ]),
  );

  return {
    index(kind: IndexKind, normalizedValue: string): string {
      const subkey = subkeys.get(kind);
      if (subkey === undefined) {
        throw new RangeError('Unknown index kind');
      }
      return createHmac('sha256', subkey).update(normalizedValue, 'utf8').digest('base64url');
    },
  };
};

export { createHmacBlindIndexer };
