// shared/adapters/crypto: the FieldCipher port on node:crypto AES-256-GCM. Each personal field is
// sealed under the account's data key (from the KeyService) with the account id and field name bound
// as associated data, so a sealed value cannot be moved to another account or another field.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { FieldCipher, SealedField } from '../../domain/ports.js';
import type { AccountId } from '../../domain/types.js';
import { DecryptionFailedError, InvalidKeyMaterialError } from './errors.js';

const ALGORITHM = 'aes-256-gcm';
const FORMAT_VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** 12 bytes are exactly 16 base64url characters. */
const IV_PATTERN = /^[A-Za-z0-9_-]{16}$/;
/** Ciphertext and tag: at least the 16-byte tag (22 base64url characters, unpadded). */
const BODY_PATTERN = /^[A-Za-z0-9_-]{22,}$/;

const requireDataKey = (dataKey: Uint8Array): void => {
  if (dataKey.byteLength !== KEY_BYTES) {
    throw new InvalidKeyMaterialError(`The field data key must be ${KEY_BYTES} bytes`);
  }
};

/**
 * Associated data: format version, account id and field name. An account id is base64url and a field
 * name is one of a fixed set without ':', so the encoding is unambiguous.
 */
const associatedData = (accountId: AccountId, field: SealedField): Buffer =>
  Buffer.from(`signet:${FORMAT_VERSION}:${accountId}:${field}`, 'utf8');

/**
 * AES-256-GCM field encryption.
 *
 * `seal` draws a fresh 96-bit IV per call and returns `v1.<iv>.<ciphertext‖tag>` (both base64url).
 * `open` throws {@link DecryptionFailedError} for a malformed value and for any mismatch of key,
 * account id, field name, IV, ciphertext or tag. Both refuse a key that is not 32 bytes.
 *
 * @example
 * ```ts
 * const sealed = aesGcmFieldCipher.seal(dataKey, accountId, 'email', email);
 * const email = aesGcmFieldCipher.open(dataKey, accountId, 'email', sealed);
 * ```
 */
const aesGcmFieldCipher: FieldCipher = {
  seal(dataKey: Uint8Array, accountId: AccountId, field: SealedField, plaintext: string): string {
    requireDataKey(dataKey);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, dataKey, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(accountId, field));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${FORMAT_VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}`;
  },

  open(dataKey: Uint8Array, accountId: AccountId, field: SealedField, sealed: string): string {
    requireDataKey(dataKey);
    const parts = sealed.split('.');
    const [version, ivText, bodyText] = parts;
    if (
      parts.length !== 3 ||
      version !== FORMAT_VERSION ||
      ivText === undefined ||
      bodyText === undefined ||
      !IV_PATTERN.test(ivText) ||
      !BODY_PATTERN.test(bodyText)
    ) {
      throw new DecryptionFailedError();
    }
    const iv = Buffer.from(ivText, 'base64url');
    const body = Buffer.from(bodyText, 'base64url');
    // Re-encoding must give back the text: rejects non-canonical base64url (stray trailing bits).
    if (
      iv.toString('base64url') !== ivText ||
      body.toString('base64url') !== bodyText ||
      body.byteLength < TAG_BYTES
    ) {
      throw new DecryptionFailedError();
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, dataKey, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(accountId, field));
      decipher.setAuthTag(body.subarray(body.byteLength - TAG_BYTES));
      const plaintext = Buffer.concat([
        decipher.update(body.subarray(0, body.byteLength - TAG_BYTES)),
        decipher.final(),
      ]);
      return plaintext.toString('utf8');
    } catch (error) {
      // node:crypto's message ("Unsupported state or unable to authenticate data") holds no data.
      throw new DecryptionFailedError({ cause: error });
    }
  },
};

export { aesGcmFieldCipher };
