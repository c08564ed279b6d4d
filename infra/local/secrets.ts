// infra/local: the local stand-in for Secrets Manager and KMS: <dataDir>/secrets.json holds the HMAC root secret,
// the master key that wraps per-account data keys and the P-256 pair that signs access tokens. Created once, mode
// 0600, never overwritten: replacing it would make every stored blind index and wrapped key unreadable. A file
// from before tokens were ES256 gets a signing key added, its other fields kept byte for byte in value.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PrivateSigningJwk } from '../../shared/adapters/crypto/es256-signing-keys.js';
import { generateSigningJwk, SigningKeySchema } from '../../shared/adapters/secrets/local-secrets-file.js';
import { LocalSecretsError } from './errors.js';

/** File name of the local secrets inside the data folder. */
export const LOCAL_SECRETS_FILE_NAME = 'secrets.json';

/** Shape of the local secrets file. */
export interface LocalSecretsFile {
  readonly version: 1;
  /** base64url of 32 random bytes: wraps per-account data keys (the local KMS). */
  readonly masterKey: string;
  /** base64url of 48 random bytes: the HKDF root of the blind-index and code-HMAC keys. */
  readonly rootSecret: string;
  /** The P-256 private JWK that signs access tokens (the local KMS signing key). */
  readonly signingKey: PrivateSigningJwk;
}

const isBase64UrlOfLength = (value: unknown, bytes: number): boolean =>
  typeof value === 'string' &&
  /^[A-Za-z0-9_-]+$/.test(value) &&
  Buffer.from(value, 'base64url').length === bytes &&
  Buffer.from(value, 'base64url').toString('base64url') === value;

/**
 * Checks an existing file's shape; the message names the file and the field, never a value.
 * @returns the parsed file, and whether it still needs a signing key.
 */
const assertWellFormed = (
  path: string,
  text: string,
): { file: Record<string, unknown>; needsSigningKey: boolean } => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new LocalSecretsError(`Local secrets file ${path} is not valid JSON`, { cause: error });
  }
  const file = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  if (file.version !== 1) {
    throw new LocalSecretsError(`Local secrets file ${path} has an unknown version (expected 1)`);
  }
  if (!isBase64UrlOfLength(file.masterKey, 32)) {
    throw new LocalSecretsError(`Local secrets file ${path}: masterKey must be base64url of 32 bytes`);
  }
  if (!isBase64UrlOfLength(file.rootSecret, 48)) {
    throw new LocalSecretsError(`Local secrets file ${path}: rootSecret must be base64url of 48 bytes`);
  }
  if (file.signingKey !== undefined && !SigningKeySchema.safeParse(file.signingKey).success) {
    throw new LocalSecretsError(`Local secrets file ${path}: signingKey must be a P-256 private JWK`);
  }
  return { file, needsSigningKey: file.signingKey === undefined };
};

/**
 * Adds a signing key to a file that has none: the whole file is written to a new 0600 file beside it and
 * renamed over it, so that a crash leaves either the old file or the new one, never half of either.
 */
const addSigningKey = async (path: string, file: Record<string, unknown>): Promise<void> => {
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(
        `${JSON.stringify({ ...file, signingKey: generateSigningJwk() }, null, 2)}\n`,
        'utf8',
      );
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new LocalSecretsError(`Cannot add a signing key to local secrets file ${path}`, { cause: error });
  }
};

/**
 * Returns the path of `<dataDir>/secrets.json`, creating the folder (0700) and the file (0600) on first start.
 * An existing file is kept as it is (a signing key is added if it has none), but refused when group or
 * others may access it, or when malformed.
 *
 * @example
 * const secretsFile = await ensureLocalSecrets('.signet'); // → '/abs/.signet/secrets.json'
 */
const ensureLocalSecrets = async (dataDir: string): Promise<string> => {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, LOCAL_SECRETS_FILE_NAME);
  const secrets: LocalSecretsFile = {
    version: 1,
    masterKey: randomBytes(32).toString('base64url'),
    rootSecret: randomBytes(48).toString('base64url'),
    signingKey: generateSigningJwk(),
  };
  try {
    // 'wx' = O_CREAT | O_EXCL: creates or fails, so a racing start can never overwrite the file.
    const handle = await open(path, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(secrets, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(path, 0o600);
    return path;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new LocalSecretsError(`Cannot create local secrets file ${path}`, { cause: error });
    }
  }
  const info = await stat(path);
  if (!info.isFile()) {
    throw new LocalSecretsError(`Local secrets path ${path} is not a file`);
  }
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    const mode = (info.mode & 0o777).toString(8).padStart(3, '0');
    throw new LocalSecretsError(
      `Local secrets file ${path} is accessible by group or others (mode ${mode}); run: chmod 600 ${path}`,
    );
  }
  const { file, needsSigningKey } = assertWellFormed(path, await readFile(path, 'utf8'));
  if (needsSigningKey) await addSigningKey(path, file);
  return path;
};

export { ensureLocalSecrets };
