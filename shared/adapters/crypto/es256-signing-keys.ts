// shared/adapters/crypto: the ES256 keys access tokens are signed with and verified against. In AWS the
// private key never leaves KMS (an ECC_NIST_P256 SIGN_VERIFY key: Sign with MessageType DIGEST, public
// keys from GetPublicKey); locally a P-256 JWK pair from the secrets file. Either way the `kid` is the
// key's RFC 7638 thumbprint, so it names the key itself, and the signature is JOSE's raw r||s.
import { createHash, createPrivateKey, createPublicKey, sign as nodeSign, type KeyObject } from 'node:crypto';
import { GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import { calculateJwkThumbprint } from 'jose';
import { InvalidKeyMaterialError, SigningFailedError } from './errors.js';

/** A published verification key, as GET /.well-known/jwks.json lists it. */
interface PublicSigningJwk {
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly x: string;
  readonly y: string;
  readonly kid: string;
  readonly use: 'sig';
  readonly alg: 'ES256';
}

/** A local P-256 private key as a JWK (the secrets file's `signingKey`). */
interface PrivateSigningJwk {
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly x: string;
  readonly y: string;
  readonly d: string;
}

/** The stage's token-signing keys: one signs, all of them verify. */
interface SigningKeys {
  /** The `kid` of the key that signs. */
  currentKid(): Promise<string>;
  /** ES256 over the JWS signing input (`<header>.<payload>`): 64 bytes, r||s. */
  sign(signingInput: Uint8Array): Promise<Uint8Array>;
  /** Every key a token may be signed with: the current one first, then the next and the previous. */
  publicKeys(): Promise<readonly PublicSigningJwk[]>;
}

/** P-256 coordinates and scalars are 32 bytes. */
const P256_BYTES = 32;

/** The public half of a P-256 key as a published JWK, with its thumbprint as `kid`. */
const publishedJwk = async (key: KeyObject): Promise<PublicSigningJwk> => {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') {
    throw new InvalidKeyMaterialError('A token-signing key must be an EC P-256 key');
  }
  const kid = await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, 'sha256');
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, kid, use: 'sig', alg: 'ES256' };
};

/** Reads one DER length (short or long form) at `offset`. */
const readDerLength = (der: Uint8Array, offset: number): { length: number; next: number } => {
  const first = der[offset];
  if (first === undefined) throw new SigningFailedError();
  if (first < 0x80) return { length: first, next: offset + 1 };
  const bytes = first & 0x7f;
  if (bytes === 0 || bytes > 2) throw new SigningFailedError();
  let length = 0;
  for (let i = 1; i <= bytes; i += 1) {
    const byte = der[offset + i];
    if (byte === undefined) throw new SigningFailedError();
    length = length * 256 + byte;
  }
  return { length, next: offset + 1 + bytes };
};

/** One DER INTEGER at `offset`, as a fixed 32-byte big-endian value. */
const readDerInteger = (der: Uint8Array, offset: number): { value: Uint8Array; next: number } => {
  if (der[offset] !== 0x02) throw new SigningFailedError();
  const { length, next } = readDerLength(der, offset + 1);
  if (length === 0 || next + length > der.length) throw new SigningFailedError();
  let digits = der.subarray(next, next + length);
  while (digits.length > P256_BYTES && digits[0] === 0) digits = digits.subarray(1);
  if (digits.length > P256_BYTES) throw new SigningFailedError();
  const value = new Uint8Array(P256_BYTES);
  value.set(digits, P256_BYTES - digits.length);
  return { value, next: next + length };
};

/**
 * Turns an ECDSA signature in DER (`SEQUENCE { INTEGER r, INTEGER s }`, RFC 3279, as KMS answers) into
 * the raw `r || s` of 64 bytes that JWS ES256 uses (RFC 7518 §3.4).
 *
 * @throws SigningFailedError for anything else.
 */
const derToJoseSignature = (der: Uint8Array): Uint8Array => {
  if (der[0] !== 0x30) throw new SigningFailedError();
  const sequence = readDerLength(der, 1);
  if (sequence.next + sequence.length !== der.length) throw new SigningFailedError();
  const r = readDerInteger(der, sequence.next);
  const s = readDerInteger(der, r.next);
  if (s.next !== der.length) throw new SigningFailedError();
  const raw = new Uint8Array(2 * P256_BYTES);
  raw.set(r.value, 0);
  raw.set(s.value, P256_BYTES);
  return raw;
};

/** Caches a promise for the container's life, but forgets a rejection so the next call tries again. */
const cached = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let value: Promise<T> | undefined;
  return () => {
    value ??= load().catch((error: unknown) => {
      value = undefined;
      throw error;
    });
    return value;
  };
};

/**
 * Local signing keys: one P-256 pair from the secrets file signs and is published.
 *
 * @example
 * ```ts
 * const keys = createLocalSigningKeys((await readLocalSecrets(file)).signingKey);
 * ```
 */
const createLocalSigningKeys = (privateJwk: PrivateSigningJwk): SigningKeys => {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: { ...privateJwk }, format: 'jwk' });
  } catch {
    // No cause: the error of a malformed JWK can quote it.
    throw new InvalidKeyMaterialError('The local token-signing key is not a valid EC P-256 JWK');
  }
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new InvalidKeyMaterialError('The local token-signing key must be an EC P-256 key');
  }
  const published = cached(async () => publishedJwk(createPublicKey(privateKey)));
  return {
    currentKid: async () => (await published()).kid,
    sign: async (signingInput) =>
      new Uint8Array(nodeSign('sha256', signingInput, { key: privateKey, dsaEncoding: 'ieee-p1363' })),
    publicKeys: async () => [await published()],
  };
};

export interface KmsSigningKeysOptions {
  readonly client: KMSClient;
  /** ARN of the key that signs (SIGNET_SIGNING_KEY_ARN). */
  readonly currentKeyArn: string;
  /** ARNs of the other published keys, next and previous (SIGNET_VERIFY_KEY_ARNS); may be empty. */
  readonly otherKeyArns: readonly string[];
}

/**
 * KMS signing keys. `Sign` gets the SHA-256 digest of the signing input (MessageType DIGEST, ECDSA_SHA_256)
 * and answers DER, turned into r||s here. Public keys come from `GetPublicKey` once per container (a
 * failed fetch is retried on the next call), so verifying a token costs no KMS call once warm.
 *
 * @example
 * ```ts
 * const keys = createKmsSigningKeys({ client: new KMSClient({}), currentKeyArn, otherKeyArns: [] });
 * ```
 */
const createKmsSigningKeys = (options: KmsSigningKeysOptions): SigningKeys => {
  const arns = [
    options.currentKeyArn,
    ...options.otherKeyArns.filter((arn) => arn !== options.currentKeyArn),
  ];
  const fetchPublicKey = async (keyArn: string): Promise<PublicSigningJwk> => {
    const answer = await options.client.send(new GetPublicKeyCommand({ KeyId: keyArn }));
    if (
      answer.PublicKey === undefined ||
      answer.KeySpec !== 'ECC_NIST_P256' ||
      answer.KeyUsage !== 'SIGN_VERIFY' ||
      !(answer.SigningAlgorithms ?? []).includes('ECDSA_SHA_256')
    ) {
      throw new InvalidKeyMaterialError('A token-signing KMS key must be ECC_NIST_P256 for SIGN_VERIFY');
    }
    return publishedJwk(createPublicKey({ key: Buffer.from(answer.PublicKey), format: 'der', type: 'spki' }));
  };
  const publicKeys = cached(async () => Promise.all(arns.map(fetchPublicKey)));

  return {
    currentKid: async () => {
      const [current] = await publicKeys();
      if (current === undefined) throw new InvalidKeyMaterialError('No token-signing key is configured');
      return current.kid;
    },
    sign: async (signingInput) => {
      const digest = createHash('sha256').update(signingInput).digest();
      let signature: Uint8Array | undefined;
      try {
        ({ Signature: signature } = await options.client.send(
          new SignCommand({
            KeyId: options.currentKeyArn,
            Message: digest,
            MessageType: 'DIGEST',
            SigningAlgorithm: 'ECDSA_SHA_256',
          }),
        ));
      } catch (error) {
        throw new SigningFailedError({ cause: error });
      }
      if (signature === undefined) throw new SigningFailedError();
      return derToJoseSignature(signature);
    },
    publicKeys,
  };
};

export { createKmsSigningKeys, createLocalSigningKeys, derToJoseSignature };
export type { PrivateSigningJwk, PublicSigningJwk, SigningKeys };
