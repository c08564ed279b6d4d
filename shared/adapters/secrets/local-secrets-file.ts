// shared/adapters/secrets: the local runtime's secrets file (SIGNET_LOCAL_SECRETS_FILE): the master
// key that wraps data keys locally, the root secret the HMAC keys derive from, and the P-256 key pair
// that signs access tokens. Stands in for KMS and Secrets Manager; written once with mode 0600 and never
// overwritten (infra/local/secrets.ts adds a signing key to an older file that has none).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as z from 'zod';
import type { PrivateSigningJwk } from '../crypto/es256-signing-keys.js';
import { SecretsSourceError } from './errors.js';

const MASTER_KEY_BYTES = 32;
const ROOT_SECRET_BYTES = 48;

/** base64url of exactly 32 bytes: a P-256 coordinate or private scalar. */
const P256_VALUE = /^[A-Za-z0-9_-]{43}$/;

/** A P-256 private key as a JWK: `{kty: "EC", crv: "P-256", x, y, d}`. */
const SigningKeySchema = z.strictObject({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().regex(P256_VALUE, 'must be base64url of 32 bytes'),
  y: z.string().regex(P256_VALUE, 'must be base64url of 32 bytes'),
  d: z.string().regex(P256_VALUE, 'must be base64url of 32 bytes'),
});

/**
 * `{"version":1,"masterKey":"<base64url of 32 bytes>","rootSecret":"<base64url of 48 bytes>",
 * "signingKey":{"kty":"EC","crv":"P-256","x":…,"y":…,"d":…}}`; files written before tokens were ES256
 * have no `signingKey` until the local runtime adds one.
 */
const LocalSecretsSchema = z.strictObject({
  version: z.literal(1),
  masterKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, 'must be base64url of 32 bytes')
    .refine(
      (value) => Buffer.from(value, 'base64url').toString('base64url') === value,
      'must be base64url of 32 bytes',
    ),
  rootSecret: z
    .string()
    .min(32, 'must be at least 32 characters')
    .max(1024, 'must be at most 1024 characters'),
  signingKey: SigningKeySchema.optional(),
});

/** What the local runtime reads from the secrets file. */
interface LocalSecrets {
  /** 32 bytes for `createLocalKeyService`. */
  readonly masterKey: Uint8Array;
  /** For `deriveKeyMaterial`. */
  readonly rootSecret: string;
  /** For `createLocalSigningKeys`; absent in a file written before tokens were ES256. */
  readonly signingKey?: PrivateSigningJwk;
}

/** A fresh P-256 key pair as a private JWK (x, y and d). */
const generateSigningJwk = (): PrivateSigningJwk => {
  const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  return SigningKeySchema.parse({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, d: jwk.d });
};

/**
 * Reads and validates the local secrets file.
 *
 * Refuses a file that group or others can access (`mode & 0o077`), as ssh does a private key; the fix
 * is `chmod 600 <file>`. Every error names the file and, for a bad field, the field; none quotes the
 * content, and JSON and schema errors are not kept as `cause` because their messages can quote it.
 *
 * @param path - the file (SIGNET_LOCAL_SECRETS_FILE).
 * @throws SecretsSourceError when the file is missing, exposed, not JSON or not in the format above.
 * @example
 * ```ts
 * const { masterKey, rootSecret } = await readLocalSecrets(requireEnv(ENV.localSecretsFile));
 * ```
 */
const readLocalSecrets = async (path: string): Promise<LocalSecrets> => {
  let text: string;
  try {
    const info = await stat(path);
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
      throw new SecretsSourceError(
        `Local secrets file ${path} is accessible by group or others (mode ${(info.mode & 0o777).toString(8)}); run chmod 600 on it`,
      );
    }
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof SecretsSourceError) throw error;
    throw new SecretsSourceError(`Local secrets file ${path} could not be read`, { cause: error });
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SecretsSourceError(`Local secrets file ${path} is not valid JSON`);
  }
  const result = LocalSecretsSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new SecretsSourceError(`Local secrets file ${path} is invalid: ${problems}`);
  }
  return {
    masterKey: new Uint8Array(Buffer.from(result.data.masterKey, 'base64url')),
    rootSecret: result.data.rootSecret,
    ...(result.data.signingKey === undefined ? {} : { signingKey: result.data.signingKey }),
  };
};

/**
 * Creates the local secrets file with fresh random secrets, mode 0600 (its folder 0700 if made here),
 * unless it already exists: an existing file is never overwritten, since data sealed under it would
 * become unreadable.
 *
 * @returns `'created'` or `'exists'`.
 * @example
 * ```ts
 * await initLocalSecrets(secretsFile); // on `npm start`, before any function reads it
 * ```
 */
const initLocalSecrets = async (path: string): Promise<'created' | 'exists'> => {
  const content = `${JSON.stringify({
    version: 1,
    masterKey: randomBytes(MASTER_KEY_BYTES).toString('base64url'),
    rootSecret: randomBytes(ROOT_SECRET_BYTES).toString('base64url'),
    signingKey: generateSigningJwk(),
  })}\n`;
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    // 'wx': fail rather than replace; the mode applies at creation.
    await writeFile(path, content, { flag: 'wx', mode: 0o600 });
    return 'created';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
    throw new SecretsSourceError(`Local secrets file ${path} could not be created`, { cause: error });
  }
};

export { generateSigningJwk, initLocalSecrets, readLocalSecrets, SigningKeySchema };
export type { LocalSecrets };
