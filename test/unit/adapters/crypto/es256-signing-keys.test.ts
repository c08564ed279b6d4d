// test/unit/adapters/crypto: the ES256 signing keys. KMS has no local server, so its client is mocked and the
// exact Sign and GetPublicKey parameters are asserted; a real P-256 key stands in for the KMS key, so the JWS
// the token service assembles from KMS's DER answer is verified by jose with the public key.
import { createHash, generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, KMSInvalidStateException, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { calculateJwkThumbprint, createLocalJWKSet, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createKmsSigningKeys,
  derToJoseSignature,
} from '../../../../shared/adapters/crypto/es256-signing-keys.js';
import { InvalidKeyMaterialError, SigningFailedError } from '../../../../shared/adapters/crypto/errors.js';
import { createJoseTokenService } from '../../../../shared/adapters/crypto/jose-token-service.js';
import type { AccountId } from '../../../../shared/domain/types.js';
import { fixedClock } from '../../../helpers/fakes.js';

const CURRENT_ARN = 'arn:aws:kms:eu-west-2:111111111111:key/11111111-1111-1111-1111-111111111111';
const NEXT_ARN = 'arn:aws:kms:eu-west-2:111111111111:key/22222222-2222-2222-2222-222222222222';
const kms = mockClient(KMSClient);

/** A P-256 pair standing in for a KMS key: GetPublicKey answers its SPKI DER, Sign signs with it in DER. */
const kmsKey = () => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    publicKey,
    spki: new Uint8Array(publicKey.export({ format: 'der', type: 'spki' })),
    privateKey,
  };
};

const publicKeyAnswer = (spki: Uint8Array) => ({
  KeyId: CURRENT_ARN,
  PublicKey: spki,
  KeySpec: 'ECC_NIST_P256' as const,
  KeyUsage: 'SIGN_VERIFY' as const,
  SigningAlgorithms: ['ECDSA_SHA_256' as const],
});

afterEach(() => {
  kms.reset();
});

describe('Function: derToJoseSignature', () => {
  it('turns a DER ECDSA signature into the 64-byte r||s that Node verifies as IEEE P1363', () => {
    // Prepare
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const message = Buffer.from('header.payload');

    for (let i = 0; i < 20; i += 1) {
      // Act
      const raw = derToJoseSignature(nodeSign('sha256', message, { key: privateKey, dsaEncoding: 'der' }));

      // Assess
      expect(raw).toHaveLength(64);
      expect(nodeVerify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw)).toBe(true);
    }
  });

  it.each([
    ['an empty signature', new Uint8Array()],
    ['not a SEQUENCE', Uint8Array.of(0x31, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01)],
    ['a length past the end', Uint8Array.of(0x30, 0x08, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01)],
    ['trailing bytes', Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x00)],
    [
      'an integer longer than 32 bytes',
      Uint8Array.of(0x30, 0x25, 0x02, 0x21, 0x01, ...new Uint8Array(32), 0x02, 0x00),
    ],
  ])('refuses %s', (_case, der) => {
    // Act
    const convert = () => derToJoseSignature(der);

    // Assess
    expect(convert).toThrow(SigningFailedError);
  });
});

describe('Function: createKmsSigningKeys', () => {
  it('signs the SHA-256 digest with Sign (DIGEST, ECDSA_SHA_256) and the JWS verifies with the public key', async () => {
    // Prepare
    const key = kmsKey();
    kms.on(GetPublicKeyCommand).resolves(publicKeyAnswer(key.spki));
    // KMS signs the digest it is given. ECDSA over SHA-256(m) is ECDSA-SHA256 over m, so the fake looks the
    // message up by its digest and signs that with Node, answering DER as KMS does.
    const signedMessages = new Map<string, Buffer>();
    kms.on(SignCommand).callsFake((input: { Message: Uint8Array }) => {
      const message = signedMessages.get(Buffer.from(input.Message).toString('hex')) ?? Buffer.alloc(0);
      return {
        KeyId: CURRENT_ARN,
        Signature: new Uint8Array(nodeSign('sha256', message, { key: key.privateKey, dsaEncoding: 'der' })),
        SigningAlgorithm: 'ECDSA_SHA_256',
      };
    });
    const keys = createKmsSigningKeys({
      client: new KMSClient({ region: 'eu-west-2' }),
      currentKeyArn: CURRENT_ARN,
      otherKeyArns: [],
    });
    const tokens = createJoseTokenService({
      keys: {
        ...keys,
        sign: async (input) => {
          signedMessages.set(createHash('sha256').update(input).digest('hex'), Buffer.from(input));
          return keys.sign(input);
        },
      },
      issuer: 'https://api.signet.test',
      clientIds: ['web-app'],
      accessTokenTtlMinutes: 15,
      clock: fixedClock(),
    });

    // Act
    const { accessToken } = await tokens.issue({
      accountId: 'AAAAAAAAAAAAAAAAAAAAAA' as AccountId,
      generation: 0,
      clientId: 'web-app',
    });

    // Assess
    const signingInput = accessToken.split('.').slice(0, 2).join('.');
    const calls = kms.commandCalls(SignCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      KeyId: CURRENT_ARN,
      Message: createHash('sha256').update(signingInput).digest(),
      MessageType: 'DIGEST',
      SigningAlgorithm: 'ECDSA_SHA_256',
    });
    const jwks = createLocalJWKSet({ keys: (await keys.publicKeys()).map((jwk) => ({ ...jwk })) });
    const { payload, protectedHeader } = await jwtVerify(accessToken, jwks, {
      issuer: 'https://api.signet.test',
      audience: 'web-app',
      currentDate: fixedClock().now(),
    });
    expect(payload.azp).toBe('web-app');
    expect(protectedHeader).toEqual({
      alg: 'ES256',
      typ: 'at+jwt',
      kid: await calculateJwkThumbprint(key.publicKey.export({ format: 'jwk' }) as never),
    });
    expect(await tokens.verify(accessToken)).toMatchObject({ clientId: 'web-app' });
  });

  it('publishes the current key first, then the others, each fetched once per container', async () => {
    // Prepare
    const current = kmsKey();
    const next = kmsKey();
    kms.on(GetPublicKeyCommand, { KeyId: CURRENT_ARN }).resolves(publicKeyAnswer(current.spki));
    kms
      .on(GetPublicKeyCommand, { KeyId: NEXT_ARN })
      .resolves({ ...publicKeyAnswer(next.spki), KeyId: NEXT_ARN });
    const keys = createKmsSigningKeys({
      client: new KMSClient({ region: 'eu-west-2' }),
      currentKeyArn: CURRENT_ARN,
      otherKeyArns: [NEXT_ARN],
    });

    // Act
    const first = await keys.publicKeys();
    const again = await keys.publicKeys();
    const kid = await keys.currentKid();

    // Assess
    const jwkOf = (key: ReturnType<typeof kmsKey>) => key.publicKey.export({ format: 'jwk' });
    expect(first.map(({ x, y }) => ({ x, y }))).toEqual([
      { x: jwkOf(current).x, y: jwkOf(current).y },
      { x: jwkOf(next).x, y: jwkOf(next).y },
    ]);
    expect(
      first.every(
        (jwk) => jwk.kty === 'EC' && jwk.crv === 'P-256' && jwk.use === 'sig' && jwk.alg === 'ES256',
      ),
    ).toBe(true);
    expect(kid).toBe(first[0]?.kid);
    expect(new Set(first.map((jwk) => jwk.kid)).size).toBe(2);
    expect(again).toBe(first);
    expect(kms.commandCalls(GetPublicKeyCommand).map((call) => call.args[0].input)).toEqual([
      { KeyId: CURRENT_ARN },
      { KeyId: NEXT_ARN },
    ]);
  });

  it('fetches the public keys again after a failed fetch', async () => {
    // Prepare
    const key = kmsKey();
    kms
      .on(GetPublicKeyCommand)
      .rejectsOnce(new KMSInvalidStateException({ message: 'disabled', $metadata: {} }))
      .resolves(publicKeyAnswer(key.spki));
    const keys = createKmsSigningKeys({
      client: new KMSClient({ region: 'eu-west-2' }),
      currentKeyArn: CURRENT_ARN,
      otherKeyArns: [],
    });

    // Act
    const failed = await keys.publicKeys().catch((error: unknown) => error);
    const published = await keys.publicKeys();

    // Assess
    expect(failed).toBeInstanceOf(KMSInvalidStateException);
    expect(published).toHaveLength(1);
  });

  it('refuses a KMS key that is not an ECC_NIST_P256 signing key', async () => {
    // Prepare
    const key = kmsKey();
    kms.on(GetPublicKeyCommand).resolves({ ...publicKeyAnswer(key.spki), KeySpec: 'ECC_SECG_P256K1' });
    const keys = createKmsSigningKeys({
      client: new KMSClient({ region: 'eu-west-2' }),
      currentKeyArn: CURRENT_ARN,
      otherKeyArns: [],
    });

    // Act
    const published = keys.publicKeys();

    // Assess
    await expect(published).rejects.toBeInstanceOf(InvalidKeyMaterialError);
  });

  it('turns a KMS failure to sign into SigningFailedError, keeping the cause', async () => {
    // Prepare
    const refusal = new KMSInvalidStateException({ message: 'disabled', $metadata: {} });
    kms.on(SignCommand).rejects(refusal);
    const keys = createKmsSigningKeys({
      client: new KMSClient({ region: 'eu-west-2' }),
      currentKeyArn: CURRENT_ARN,
      otherKeyArns: [],
    });

    // Act
    const error = await keys.sign(Buffer.from('a.b')).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(SigningFailedError);
    expect((error as Error).cause).toBe(refusal);
  });
});
