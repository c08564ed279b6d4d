// test/unit/adapters/crypto: per-account data keys wrapped by the local master key (raw AES keyring)
// and by KMS (KMS keyring, against a mocked KMSClient: there is no local KMS server).
import { randomBytes } from 'node:crypto';
import {
  DecryptCommand,
  GenerateDataKeyCommand,
  InvalidCiphertextException,
  KMSClient,
} from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  InvalidKeyMaterialError,
  KeyGenerationFailedError,
  KeyUnwrapFailedError,
} from '../../../../shared/adapters/crypto/errors.js';
import {
  createKmsKeyService,
  createLocalKeyService,
} from '../../../../shared/adapters/crypto/keyring-key-service.js';
import type { AccountId } from '../../../../shared/domain/types.js';

const accountId = 'AccountAAAAAAAAAAAAAAA' as AccountId;
const otherAccountId = 'AccountBBBBBBBBBBBBBBB' as AccountId;
const keyArn = 'arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** The wrapped form's JSON, for tests that look inside or tamper with it. */
type WrappedJson = { v: number; k: { p: string; i: string; e: string }[] };
const decodeWrapped = (wrapped: string): WrappedJson =>
  JSON.parse(Buffer.from(wrapped, 'base64url').toString('utf8')) as WrappedJson;
const encodeWrapped = (json: unknown): string =>
  Buffer.from(JSON.stringify(json), 'utf8').toString('base64url');

const rejection = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('Function: createLocalKeyService', () => {
  it('generates a 32-byte data key that unwraps to the same bytes for the same account', async () => {
    // Prepare
    const keys = createLocalKeyService(randomBytes(32));

    // Act
    const { plaintext, wrapped } = await keys.generateDataKey(accountId);
    const unwrapped = await keys.unwrapDataKey(accountId, wrapped);

    // Assess
    expect(plaintext).toBeInstanceOf(Uint8Array);
    expect(plaintext.byteLength).toBe(32);
    expect(Buffer.from(unwrapped).equals(Buffer.from(plaintext))).toBe(true);
    expect(Buffer.from(plaintext).equals(Buffer.alloc(32))).toBe(false);
  });

  it('gives every call a new data key', async () => {
    // Prepare
    const keys = createLocalKeyService(randomBytes(32));

    // Act
    const first = await keys.generateDataKey(accountId);
    const second = await keys.generateDataKey(accountId);

    // Assess
    expect(Buffer.from(first.plaintext).equals(Buffer.from(second.plaintext))).toBe(false);
    expect(first.wrapped).not.toBe(second.wrapped);
  });

  it('stores a self-describing wrapped key that does not contain the data key', async () => {
    // Prepare
    const keys = createLocalKeyService(randomBytes(32));

    // Act
    const { plaintext, wrapped } = await keys.generateDataKey(accountId);

    // Assess
    expect(wrapped).toMatch(/^[A-Za-z0-9_-]+$/);
    const json = decodeWrapped(wrapped);
    expect(json.v).toBe(1);
    expect(json.k).toHaveLength(1);
    expect(json.k[0]?.p).toBe('signet');
    expect(Buffer.from(json.k[0]?.i ?? '', 'base64url').toString('latin1')).toMatch(/^local-master-v1/);
    expect(Buffer.from(json.k[0]?.e ?? '', 'base64url').byteLength).toBe(32 + 16);
    expect(Buffer.from(wrapped, 'base64url').includes(Buffer.from(plaintext))).toBe(false);
  });

  it('refuses to unwrap a key for another account', async () => {
    // Prepare
    const keys = createLocalKeyService(randomBytes(32));
    const { wrapped } = await keys.generateDataKey(accountId);

    // Act
    const error = await rejection(keys.unwrapDataKey(otherAccountId, wrapped));

    // Assess
    expect(error).toBeInstanceOf(KeyUnwrapFailedError);
    expect((error as Error).message).not.toContain(otherAccountId);
    expect((error as Error).message).not.toContain(wrapped);
  });

  it('refuses to unwrap a key wrapped under another master key', async () => {
    // Prepare
    const { wrapped } = await createLocalKeyService(randomBytes(32)).generateDataKey(accountId);
    const keys = createLocalKeyService(randomBytes(32));

    // Act & Assess
    await expect(keys.unwrapDataKey(accountId, wrapped)).rejects.toBeInstanceOf(KeyUnwrapFailedError);
  });

  it('refuses a wrapped key whose encrypted bytes were changed', async () => {
    // Prepare
    const keys = createLocalKeyService(randomBytes(32));
    const json = decodeWrapped((await keys.generateDataKey(accountId)).wrapped);
    const entry = json.k[0]!;
    const bytes = Buffer.from(entry.e, 'base64url');
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    const tampered = encodeWrapped({ ...json, k: [{ ...entry, e: bytes.toString('base64url') }] });

    // Act & Assess
    await expect(keys.unwrapDataKey(accountId, tampered)).rejects.toBeInstanceOf(KeyUnwrapFailedError);
  });

  it.each([
    ['an empty string', ''],
    ['not base64url JSON', 'bm90IGpzb24'],
    ['another format version', encodeWrapped({ v: 2, k: [{ p: 'signet', i: 'AA', e: 'AA' }] })],
    ['no keys', encodeWrapped({ v: 1, k: [] })],
    ['an unknown field', encodeWrapped({ v: 1, k: [{ p: 'signet', i: 'AA', e: 'AA' }], x: 1 })],
    ['another provider', encodeWrapped({ v: 1, k: [{ p: 'aws-kms', i: 'AA', e: 'AA' }] })],
    [
      'a truncated key',
      encodeWrapped({
        v: 1,
        k: [{ p: 'signet', i: Buffer.from('local-master-v1').toString('base64url'), e: 'AA' }],
      }),
    ],
  ])('refuses %s with KeyUnwrapFailedError', async (_label, wrapped) => {
    // Prepare
    const keys = createLocalKeyService(randomBytes(32));

    // Act & Assess
    await expect(keys.unwrapDataKey(accountId, wrapped)).rejects.toBeInstanceOf(KeyUnwrapFailedError);
  });

  it('leaves the caller’s master key untouched (the keyring zeroes what it is given)', async () => {
    // Prepare
    const masterKey = randomBytes(32);
    const copy = Buffer.from(masterKey);

    // Act
    const keys = createLocalKeyService(masterKey);
    const { wrapped } = await keys.generateDataKey(accountId);
    const again = createLocalKeyService(masterKey);

    // Assess
    expect(masterKey.equals(copy)).toBe(true);
    await expect(again.unwrapDataKey(accountId, wrapped)).resolves.toHaveLength(32);
  });

  it.each([16, 24, 64])('refuses a %i-byte master key', (length) => {
    // Act & Assess
    expect(() => createLocalKeyService(randomBytes(length))).toThrow(InvalidKeyMaterialError);
  });
});

describe('Function: createKmsKeyService', () => {
  const kms = mockClient(KMSClient);
  const dataKey = Buffer.alloc(32, 0xab);
  const ciphertextBlob = Buffer.from('kms-ciphertext-blob-for-tests');

  afterEach(() => {
    kms.reset();
  });

  /** KMS answers with fresh arrays: the keyring zeroes the Plaintext it receives. */
  const answerGenerateDataKey = (): void => {
    kms.on(GenerateDataKeyCommand).callsFake(() => ({
      KeyId: keyArn,
      Plaintext: new Uint8Array(dataKey),
      CiphertextBlob: new Uint8Array(ciphertextBlob),
    }));
  };

  it('asks KMS GenerateDataKey for 32 bytes under the stage key with the account id as encryption context', async () => {
    // Prepare
    answerGenerateDataKey();
    const keys = createKmsKeyService({ keyArn, client: new KMSClient({ region: 'eu-west-2' }) });

    // Act
    const { plaintext, wrapped } = await keys.generateDataKey(accountId);

    // Assess
    const calls = kms.commandCalls(GenerateDataKeyCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input).toEqual({ KeyId: keyArn, NumberOfBytes: 32, EncryptionContext: { accountId } });
    expect(input).not.toHaveProperty('KeySpec', expect.anything());
    expect(Buffer.from(plaintext).equals(dataKey)).toBe(true);
    expect(decodeWrapped(wrapped)).toEqual({
      v: 1,
      k: [
        {
          p: 'aws-kms',
          i: Buffer.from(keyArn).toString('base64url'),
          e: ciphertextBlob.toString('base64url'),
        },
      ],
    });
  });

  it('unwraps with KMS Decrypt, sending the ciphertext blob, the key and the account id as encryption context', async () => {
    // Prepare
    answerGenerateDataKey();
    kms.on(DecryptCommand).callsFake(() => ({ KeyId: keyArn, Plaintext: new Uint8Array(dataKey) }));
    const keys = createKmsKeyService({ keyArn, client: new KMSClient({ region: 'eu-west-2' }) });
    const { wrapped } = await keys.generateDataKey(accountId);

    // Act
    const unwrapped = await keys.unwrapDataKey(accountId, wrapped);

    // Assess
    const calls = kms.commandCalls(DecryptCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input).toEqual({
      KeyId: keyArn,
      CiphertextBlob: expect.any(Uint8Array),
      EncryptionContext: { accountId },
    });
    expect(Buffer.from(input.CiphertextBlob ?? []).equals(ciphertextBlob)).toBe(true);
    expect(Buffer.from(unwrapped).equals(dataKey)).toBe(true);
  });

  it('sends the asking account as context, so KMS refuses another account’s key', async () => {
    // Prepare
    answerGenerateDataKey();
    kms
      .on(DecryptCommand)
      .rejects(new InvalidCiphertextException({ message: 'InvalidCiphertextException', $metadata: {} }));
    const keys = createKmsKeyService({ keyArn, client: new KMSClient({ region: 'eu-west-2' }) });
    const { wrapped } = await keys.generateDataKey(accountId);

    // Act
    const error = await rejection(keys.unwrapDataKey(otherAccountId, wrapped));

    // Assess
    expect(kms.commandCalls(DecryptCommand)[0]?.args[0].input.EncryptionContext).toEqual({
      accountId: otherAccountId,
    });
    expect(error).toBeInstanceOf(KeyUnwrapFailedError);
    expect((error as Error).message).toBe('The wrapped data key could not be unwrapped');
  });

  it('does not call KMS for a key wrapped under another KMS key', async () => {
    // Prepare
    const otherArn = keyArn.replace('1234abcd', 'ffffffff');
    const wrapped = encodeWrapped({
      v: 1,
      k: [{ p: 'aws-kms', i: Buffer.from(otherArn).toString('base64url'), e: 'AAAA' }],
    });
    const keys = createKmsKeyService({ keyArn, client: new KMSClient({ region: 'eu-west-2' }) });

    // Act
    const error = await rejection(keys.unwrapDataKey(accountId, wrapped));

    // Assess
    expect(error).toBeInstanceOf(KeyUnwrapFailedError);
    expect(kms.commandCalls(DecryptCommand)).toHaveLength(0);
  });

  it('reports a KMS failure on generate as KeyGenerationFailedError, keeping the cause', async () => {
    // Prepare
    const failure = new Error('AccessDeniedException');
    kms.on(GenerateDataKeyCommand).rejects(failure);
    const keys = createKmsKeyService({ keyArn, client: new KMSClient({ region: 'eu-west-2' }) });

    // Act
    const error = await rejection(keys.generateDataKey(accountId));

    // Assess
    expect(error).toBeInstanceOf(KeyGenerationFailedError);
    expect((error as Error).cause).toBe(failure);
  });

  it('refuses a data key of the wrong length from KMS', async () => {
    // Prepare
    kms.on(GenerateDataKeyCommand).callsFake(() => ({
      KeyId: keyArn,
      Plaintext: new Uint8Array(16),
      CiphertextBlob: new Uint8Array(ciphertextBlob),
    }));
    const keys = createKmsKeyService({ keyArn, client: new KMSClient({ region: 'eu-west-2' }) });

    // Act & Assess
    await expect(keys.generateDataKey(accountId)).rejects.toBeInstanceOf(KeyGenerationFailedError);
  });

  it('uses one client for every call', async () => {
    // Prepare
    answerGenerateDataKey();
    kms.on(DecryptCommand).callsFake(() => ({ KeyId: keyArn, Plaintext: new Uint8Array(dataKey) }));
    const client = new KMSClient({ region: 'eu-west-2' });
    const keys = createKmsKeyService({ keyArn, client });

    // Act
    const { wrapped } = await keys.generateDataKey(accountId);
    await keys.generateDataKey(otherAccountId);
    await keys.unwrapDataKey(accountId, wrapped);

    // Assess
    const clients = new Set(kms.calls().map((call) => call.thisValue));
    expect(kms.calls()).toHaveLength(3);
    expect(clients).toEqual(new Set([client]));
  });

  it.each([
    ['an alias ARN', 'arn:aws:kms:eu-west-2:123456789012:alias/signet'],
    ['a bare key id', '1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['an empty string', ''],
  ])('refuses %s as keyArn', (_label, arn) => {
    // Act & Assess
    expect(() => createKmsKeyService({ keyArn: arn })).toThrow(InvalidKeyMaterialError);
  });
});
