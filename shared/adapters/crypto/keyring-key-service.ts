// shared/adapters/crypto: the KeyService port on AWS Encryption SDK keyrings. Per-account data keys
// are made and wrapped by KMS in AWS (KmsKeyringNode) and by a local master key locally
// (RawAesKeyringNode); either way the account id is bound as encryption context.
// The keyring packages themselves, not the @aws-crypto/client-node umbrella: it is CommonJS only and
// re-exports the streaming encrypt and decrypt clients, the caching materials manager and the hierarchical
// key store, which would all be bundled though only the keyrings' wrap and unwrap are used here.
import { KmsKeyringNode, type KmsNodeClientSupplier } from '@aws-crypto/kms-keyring-node';
import {
  AlgorithmSuiteIdentifier,
  EncryptedDataKey,
  NodeAlgorithmSuite,
  NodeDecryptionMaterial,
  NodeEncryptionMaterial,
  unwrapDataKey,
  type KeyringNode,
} from '@aws-crypto/material-management-node';
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/raw-aes-keyring-node';
import { DecryptCommand, EncryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import * as z from 'zod';
import type { DataKey, KeyService } from '../../domain/ports.js';
import type { AccountId } from '../../domain/types.js';
import { InvalidKeyMaterialError, KeyGenerationFailedError, KeyUnwrapFailedError } from './errors.js';

/**
 * AES-256-GCM without a KDF: the keyring's unencrypted data key is 32 bytes and is the key itself,
 * which is what the field cipher needs. (No message is ever framed with this suite: only the
 * keyrings' wrap and unwrap are used.)
 */
const SUITE = new NodeAlgorithmSuite(AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16);

const LOCAL_KEY_NAMESPACE = 'signet';
const LOCAL_KEY_NAME = 'local-master-v1';
const MASTER_KEY_BYTES = 32;
/** A KMS key ARN (not an alias): the keyring matches stored keys against it by exact ARN. */
const KMS_KEY_ARN_PATTERN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:key\/[A-Za-z0-9-]+$/;

const Base64Url = z
  .string()
  .max(8192)
  .regex(/^[A-Za-z0-9_-]*$/);

/**
 * Wrapped form, version 1: base64url of `{"v":1,"k":[{"p":providerId,"i":providerInfo,"e":encryptedDataKey}]}`
 * with `i` and `e` base64url. providerInfo is binary for the raw AES keyring (key name, tag and IV
 * lengths, IV), hence bytes rather than text.
 */
const WrappedSchema = z.strictObject({
  v: z.literal(1),
  k: z
    .array(z.strictObject({ p: z.string().min(1).max(256), i: Base64Url, e: Base64Url }))
    .min(1)
    .max(8),
});

const serializeWrapped = (keys: readonly EncryptedDataKey[]): string =>
  Buffer.from(
    JSON.stringify({
      v: 1,
      k: keys.map((key) => ({
        p: key.providerId,
        i: Buffer.from(key.rawInfo ?? Buffer.from(key.providerInfo, 'utf8')).toString('base64url'),
        e: Buffer.from(key.encryptedDataKey).toString('base64url'),
      })),
    }),
    'utf8',
  ).toString('base64url');

/** Parses the wrapped form back into encrypted data keys, as the Encryption SDK's own deserializer does. */
const parseWrapped = (wrapped: string): EncryptedDataKey[] => {
  const json: unknown = JSON.parse(Buffer.from(wrapped, 'base64url').toString('utf8'));
  const { k } = WrappedSchema.parse(json);
  return k.map(({ p, i, e }) => {
    const rawInfo = new Uint8Array(Buffer.from(i, 'base64url'));
    return new EncryptedDataKey({
      providerId: p,
      providerInfo: Buffer.from(rawInfo).toString('utf8'),
      rawInfo,
      encryptedDataKey: new Uint8Array(Buffer.from(e, 'base64url')),
    });
  });
};

/** The account id is the whole encryption context: KMS binds it, the raw AES keyring uses it as AAD. */
const contextFor = (accountId: AccountId): Record<string, string> => ({ accountId });

/** Copies the material's data key out into a fresh array. */
const copyDataKey = (material: NodeEncryptionMaterial | NodeDecryptionMaterial): Uint8Array => {
  const exported = unwrapDataKey(material.getUnencryptedDataKey());
  const copy = new Uint8Array(exported);
  exported.fill(0);
  return copy;
};

/** A KeyService over any keyring that can generate (onEncrypt) and decrypt (onDecrypt) a data key. */
const keyringKeyService = (keyring: KeyringNode): KeyService => ({
  async generateDataKey(accountId: AccountId): Promise<DataKey> {
    const material = new NodeEncryptionMaterial(SUITE, contextFor(accountId));
    try {
      await keyring.onEncrypt(material);
    } catch (error) {
      throw new KeyGenerationFailedError({ cause: error });
    }
    try {
      if (!material.hasUnencryptedDataKey || material.encryptedDataKeys.length === 0) {
        throw new KeyGenerationFailedError();
      }
      return { plaintext: copyDataKey(material), wrapped: serializeWrapped(material.encryptedDataKeys) };
    } finally {
      if (material.hasUnencryptedDataKey) material.zeroUnencryptedDataKey();
    }
  },

  async unwrapDataKey(accountId: AccountId, wrapped: string): Promise<Uint8Array> {
    let encryptedDataKeys: EncryptedDataKey[];
    try {
      encryptedDataKeys = parseWrapped(wrapped);
    } catch {
      // The parser's messages may quote the input; it is dropped, not kept as cause.
      throw new KeyUnwrapFailedError();
    }
    const material = new NodeDecryptionMaterial(SUITE, contextFor(accountId));
    try {
      await keyring.onDecrypt(material, encryptedDataKeys);
    } catch (error) {
      throw new KeyUnwrapFailedError({ cause: error });
    }
    // The raw AES keyring reports a failed unwrap (wrong account, key or bytes) as "no key", not an error.
    if (!material.hasValidKey()) {
      throw new KeyUnwrapFailedError();
    }
    try {
      return copyDataKey(material);
    } finally {
      material.zeroUnencryptedDataKey();
    }
  },
});

/**
 * Creates the local KeyService: a RawAesKeyringNode (namespace `signet`, key name `local-master-v1`,
 * AES-256-GCM wrapping) under the master key from the local secrets file. The account id is bound as
 * associated data of the wrap, so a wrapped key only unwraps for its own account.
 *
 * @param masterKey - 32 bytes; copied, so the caller's array is left as it was.
 * @throws InvalidKeyMaterialError when the master key is not 32 bytes.
 * @example
 * ```ts
 * const keys = createLocalKeyService((await readLocalSecrets(file)).masterKey);
 * const { plaintext, wrapped } = await keys.generateDataKey(accountId);
 * const again = await keys.unwrapDataKey(accountId, wrapped);
 * ```
 */
const createLocalKeyService = (masterKey: Uint8Array): KeyService => {
  if (masterKey.byteLength !== MASTER_KEY_BYTES) {
    throw new InvalidKeyMaterialError(`The local master key must be ${MASTER_KEY_BYTES} bytes`);
  }
  const keyring = new RawAesKeyringNode({
    keyNamespace: LOCAL_KEY_NAMESPACE,
    keyName: LOCAL_KEY_NAME,
    // The keyring moves the key into a KeyObject and zeroes the array it was given: give it a copy.
    unencryptedMasterKey: new Uint8Array(masterKey),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
  return keyringKeyService(keyring);
};

/** Presents a v3 KMSClient as the `generateDataKey`/`encrypt`/`decrypt` object the keyring calls. */
const esdkKmsClient = (client: KMSClient): Exclude<ReturnType<KmsNodeClientSupplier>, false> => ({
  generateDataKey: (input) => client.send(new GenerateDataKeyCommand(input)),
  encrypt: (input) => client.send(new EncryptCommand(input)),
  decrypt: (input) => client.send(new DecryptCommand(input)),
});

/**
 * Creates the AWS KeyService: a KmsKeyringNode whose generator is the stage's KMS key. Data keys come
 * from KMS GenerateDataKey (32 bytes) and are unwrapped with KMS Decrypt, both with
 * `EncryptionContext: { accountId }`, so KMS refuses to unwrap a key for another account and CloudTrail
 * records which account each call was for.
 *
 * @param options.keyArn - the KMS key ARN (SIGNET_KMS_KEY_ARN). An alias is refused: wrapped keys name
 *   the key ARN and are matched against it exactly.
 * @param options.client - a KMSClient to use; by default one is made here, in the key's region, and
 *   shared by every call (create the service once per container).
 * @example
 * ```ts
 * const keys = createKmsKeyService({ keyArn: requireEnv(ENV.kmsKeyArn) });
 * ```
 */
const createKmsKeyService = (options: { keyArn: string; client?: KMSClient }): KeyService => {
  const match = KMS_KEY_ARN_PATTERN.exec(options.keyArn);
  if (match === null) {
    throw new InvalidKeyMaterialError(
      'keyArn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias',
    );
  }
  const client = esdkKmsClient(options.client ?? new KMSClient({ region: match[1] }));
  const keyring = new KmsKeyringNode({
    generatorKeyId: options.keyArn,
    clientProvider: () => client,
  });
  return keyringKeyService(keyring);
};

export { createKmsKeyService, createLocalKeyService };
