// shared/adapters/crypto: the RefreshTokenCodec port on node:crypto. Refresh tokens are 256 random bits
// (base64url) stored only as HMAC-SHA256 under a key of their own; the token a rotation issues is sealed
// (AES-256-GCM) under a key derived from the seal key and the token it replaced, for the reuse grace window.
import { createCipheriv, createDecipheriv, createHmac, createSecretKey, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RefreshTokenCodec } from '../../domain/session/session-families.js';
import { InvalidKeyMaterialError } from './errors.js';

const KEY_BYTES = 32;
const TOKEN_BYTES = 32;
const FAMILY_ID_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HASH_DOMAIN = 'signet/refresh-token/v1:';
const SEAL_DOMAIN = 'signet/refresh-grace/v1:';
const SEALED = /^v1\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22,})$/;

/**
 * Creates the codec from `refreshTokenKey` and `refreshSealKey` (from `deriveKeyMaterial`).
 *
 * `seal` binds the family id as associated data and keys AES-256-GCM with HMAC(sealKey, replaced token):
 * Signet stores no key that opens it; only a request presenting the replaced token (within the window)
 * can, and only with the stage's root secret.
 *
 * @example
 * const codec = createRefreshTokenCodec({ hashKey: keys.refreshTokenKey, sealKey: keys.refreshSealKey });
 * const token = codec.generate();
 * const stored = codec.hash(token);
 */
const createRefreshTokenCodec = (keys: { hashKey: Uint8Array; sealKey: Uint8Array }): RefreshTokenCodec => {
  if (keys.hashKey.byteLength !== KEY_BYTES || keys.sealKey.byteLength !== KEY_BYTES) {
    throw new InvalidKeyMaterialError(`The refresh token keys must be ${KEY_BYTES} bytes`);
  }
  // Key objects made once per container (an HMAC keyed with raw bytes imports them on every call). The
  // sealing key is one token's: it is made, used once and wiped.
  const hashKey = createSecretKey(Buffer.from(keys.hashKey));
  const sealKey = createSecretKey(Buffer.from(keys.sealKey));
  const sealingKey = (replaced: string): Buffer => createHmac('sha256', sealKey).update(replaced, 'utf8').digest();
  const aad = (familyId: string): Buffer => Buffer.from(`${SEAL_DOMAIN}${familyId}`, 'utf8');

  return {
    generate: () => randomBytes(TOKEN_BYTES).toString('base64url'),
    newFamilyId: () => randomBytes(FAMILY_ID_BYTES).toString('base64url'),
    hash: (token) => createHmac('sha256', hashKey).update(`${HASH_DOMAIN}${token}`, 'utf8').digest('base64url'),
    same: (a, b) => {
      const left = Buffer.from(a, 'utf8');
      const right = Buffer.from(b, 'utf8');
      return left.byteLength === right.byteLength && timingSafeEqual(left, right);
    },
    seal: (successor, replaced, familyId) => {
      const key = sealingKey(replaced);
      try {
        const iv = randomBytes(IV_BYTES);
        const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
        cipher.setAAD(aad(familyId));
        const body = Buffer.concat([cipher.update(successor, 'utf8'), cipher.final(), cipher.getAuthTag()]);
        return `v1.${iv.toString('base64url')}.${body.toString('base64url')}`;
      } finally {
        key.fill(0);
      }
    },
    open: (sealed, replaced, familyId) => {
      const match = SEALED.exec(sealed);
      if (match?.[1] === undefined || match[2] === undefined) return undefined;
      const body = Buffer.from(match[2], 'base64url');
      if (body.byteLength < TAG_BYTES) return undefined;
      const key = sealingKey(replaced);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(match[1], 'base64url'), {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(aad(familyId));
        decipher.setAuthTag(body.subarray(body.byteLength - TAG_BYTES));
        return Buffer.concat([decipher.update(body.subarray(0, body.byteLength - TAG_BYTES)), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        return undefined;
      } finally {
        key.fill(0);
      }
    },
  };
};

export { createRefreshTokenCodec };
