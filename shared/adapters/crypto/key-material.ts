// shared/adapters/crypto: turns the stage's one root secret (Secrets Manager in AWS, the local
// secrets file locally) into independent 32-byte keys, one per use, with HKDF-SHA256.
import { hkdfSync } from 'node:crypto';
import { InvalidKeyMaterialError } from './errors.js';

/** Shortest root secret accepted, in characters (Secrets Manager makes 64, the local file 64). */
const MIN_ROOT_SECRET_LENGTH = 32;
const KEY_BYTES = 32;

/** HKDF info labels: one per key, versioned so that a key can be replaced without touching the others. */
const KEY_LABELS = {
  blindIndexKey: 'signet/blind-index/v1',
  codeKey: 'signet/code-hmac/v1',
  refreshTokenKey: 'signet/refresh-token-hmac/v1',
  refreshSealKey: 'signet/refresh-grace-seal/v1',
  idempotencyFingerprintKey: 'signet/idempotency-fingerprint/v1',
  idempotencySealKey: 'signet/idempotency-seal/v1',
} as const;

/** The keys derived from the root secret; each is 32 bytes and independent of the others. */
interface KeyMaterial {
  /** For `createHmacBlindIndexer`. */
  readonly blindIndexKey: Uint8Array;
  /** For `createHmacCodeHasher`. */
  readonly codeKey: Uint8Array;
  /** For the HMAC under which refresh tokens are stored (`createRefreshTokenCodec`). */
  readonly refreshTokenKey: Uint8Array;
  /** For sealing, during the reuse grace window, the refresh token a rotation issued (`createRefreshTokenCodec`). */
  readonly refreshSealKey: Uint8Array;
  /** For the HMAC of an idempotent request's body (`createIdempotencyCrypto`). */
  readonly idempotencyFingerprintKey: Uint8Array;
  /** For sealing the answers kept for idempotent retries (`createIdempotencyCrypto`). */
  readonly idempotencySealKey: Uint8Array;
}

const derive = (rootSecret: Buffer, info: string): Uint8Array =>
  new Uint8Array(hkdfSync('sha256', rootSecret, Buffer.alloc(0), info, KEY_BYTES));

/**
 * Derives the HMAC keys from the root secret with HKDF-SHA256 (empty salt; info
 * `signet/blind-index/v1`, `signet/code-hmac/v1`). Access tokens are ES256 under their own keys
 * (es256-signing-keys.ts): nothing that can mint a token derives from this secret.
 *
 * @param rootSecret - the `rootSecret` of the stage secret or of the local secrets file.
 * @throws InvalidKeyMaterialError when the secret is shorter than 32 characters (the message names the
 *   setting, never its value).
 * @example
 * ```ts
 * const { blindIndexKey, codeKey } = deriveKeyMaterial(await loadRootSecret({ secretArn }));
 * ```
 */
const deriveKeyMaterial = (rootSecret: string): KeyMaterial => {
  if (rootSecret.length < MIN_ROOT_SECRET_LENGTH) {
    throw new InvalidKeyMaterialError(`rootSecret must be at least ${MIN_ROOT_SECRET_LENGTH} characters`);
  }
  const ikm = Buffer.from(rootSecret, 'utf8');
  try {
    return {
      blindIndexKey: derive(ikm, KEY_LABELS.blindIndexKey),
      codeKey: derive(ikm, KEY_LABELS.codeKey),
      refreshTokenKey: derive(ikm, KEY_LABELS.refreshTokenKey),
      refreshSealKey: derive(ikm, KEY_LABELS.refreshSealKey),
      idempotencyFingerprintKey: derive(ikm, KEY_LABELS.idempotencyFingerprintKey),
      idempotencySealKey: derive(ikm, KEY_LABELS.idempotencySealKey),
    };
  } finally {
    ikm.fill(0);
  }
};

export { deriveKeyMaterial, KEY_LABELS, MIN_ROOT_SECRET_LENGTH };
export type { KeyMaterial };
