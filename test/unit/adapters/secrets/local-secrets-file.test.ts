// test/unit/adapters/secrets: the local runtime's secrets file (master key, root secret, token-signing key).
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretsSourceError } from '../../../../shared/adapters/secrets/errors.js';
import {
  generateSigningJwk,
  initLocalSecrets,
  readLocalSecrets,
} from '../../../../shared/adapters/secrets/local-secrets-file.js';

const masterKey = randomBytes(32);
const rootSecret = randomBytes(48).toString('base64url');
const valid = { version: 1, masterKey: masterKey.toString('base64url'), rootSecret };

let dir: string;
let file: string;

const writeSecrets = async (content: unknown, mode = 0o600): Promise<void> => {
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content), { mode });
  await chmod(file, mode);
};

const rejection = async (promise: Promise<unknown>): Promise<Error> =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as Error,
  );

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signet-secrets-'));
  file = join(dir, 'secrets.json');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Function: readLocalSecrets', () => {
  it('reads the master key bytes and the root secret from a 0600 file', async () => {
    // Prepare
    await writeSecrets(valid);

    // Act
    const secrets = await readLocalSecrets(file);

    // Assess
    expect(Buffer.from(secrets.masterKey).equals(masterKey)).toBe(true);
    expect(secrets.masterKey.byteLength).toBe(32);
    expect(secrets.rootSecret).toBe(rootSecret);
  });

  it('reads the signing key when the file has one, and none from an older file', async () => {
    // Prepare
    const signingKey = generateSigningJwk();
    await writeSecrets({ ...valid, signingKey });

    // Act
    const withKey = await readLocalSecrets(file);
    await writeSecrets(valid);
    const older = await readLocalSecrets(file);

    // Assess
    expect(withKey.signingKey).toEqual(signingKey);
    expect(older.signingKey).toBeUndefined();
  });

  it('refuses a signing key that is not a P-256 private JWK, naming the field and not its value', async () => {
    // Prepare
    const { d: _d, ...publicOnly } = generateSigningJwk();
    await writeSecrets({ ...valid, signingKey: publicOnly });

    // Act
    const error = await rejection(readLocalSecrets(file));

    // Assess
    expect(error).toBeInstanceOf(SecretsSourceError);
    expect(error.message).toContain('signingKey.d');
    expect(error.message).not.toContain(publicOnly.x);
  });

  it.runIf(process.platform !== 'win32').each([0o644, 0o640, 0o604, 0o660, 0o620, 0o602, 0o610])(
    'refuses a file with mode %o, naming the file and not its content',
    async (mode) => {
      // Prepare
      await writeSecrets(valid, mode);

      // Act
      const error = await rejection(readLocalSecrets(file));

      // Assess
      expect(error).toBeInstanceOf(SecretsSourceError);
      expect(error.message).toContain(file);
      expect(error.message).toContain('chmod 600');
      expect(error.message).not.toContain(valid.masterKey);
      expect(error.message).not.toContain(rootSecret);
    },
  );

  it('accepts a 0400 file', async () => {
    // Prepare
    await writeSecrets(valid, 0o400);

    // Act
    const secrets = await readLocalSecrets(file);

    // Assess
    expect(secrets.rootSecret).toBe(rootSecret);
  });

  it('names the file when it is missing', async () => {
    // Act
    const error = await rejection(readLocalSecrets(file));

    // Assess
    expect(error).toBeInstanceOf(SecretsSourceError);
    expect(error.message).toBe(`Local secrets file ${file} could not be read`);
  });

  it('refuses a file that is not JSON without quoting it, even as cause', async () => {
    // Prepare
    const content = `{"masterKey": "${valid.masterKey}", oops`;
    await writeSecrets(content);

    // Act
    const error = await rejection(readLocalSecrets(file));

    // Assess
    expect(error).toBeInstanceOf(SecretsSourceError);
    expect(error.message).toBe(`Local secrets file ${file} is not valid JSON`);
    expect(error.cause).toBeUndefined();
  });

  it.each([
    ['another version', { ...valid, version: 2 }, 'version'],
    ['a master key of 16 bytes', { ...valid, masterKey: randomBytes(16).toString('base64url') }, 'masterKey'],
    ['a master key in standard base64', { ...valid, masterKey: masterKey.toString('base64') }, 'masterKey'],
    ['a non-canonical master key', { ...valid, masterKey: `${'A'.repeat(42)}B` }, 'masterKey'],
    ['a short root secret', { ...valid, rootSecret: 'short' }, 'rootSecret'],
    ['a missing root secret', { version: 1, masterKey: valid.masterKey }, 'rootSecret'],
    ['an unknown field', { ...valid, extra: true }, '(root)'],
  ])('refuses %s, naming the field and not the values', async (_label, content, field) => {
    // Prepare
    await writeSecrets(content);

    // Act
    const error = await rejection(readLocalSecrets(file));

    // Assess
    expect(error).toBeInstanceOf(SecretsSourceError);
    expect(error.message).toContain(`Local secrets file ${file} is invalid`);
    expect(error.message).toContain(field);
    expect(error.message).not.toContain(valid.masterKey);
    expect(error.message).not.toContain(masterKey.toString('base64'));
    expect(error.message).not.toContain(rootSecret);
    expect(error.cause).toBeUndefined();
  });
});

describe('Function: initLocalSecrets', () => {
  it('creates a 0600 file with fresh secrets that readLocalSecrets accepts', async () => {
    // Prepare
    const nested = join(dir, 'data', 'secrets.json');

    // Act
    const outcome = await initLocalSecrets(nested);

    // Assess
    expect(outcome).toBe('created');
    if (process.platform !== 'win32') expect((await stat(nested)).mode & 0o777).toBe(0o600);
    const secrets = await readLocalSecrets(nested);
    expect(secrets.masterKey.byteLength).toBe(32);
    expect(Buffer.from(secrets.rootSecret, 'base64url').byteLength).toBe(48);
    expect(secrets.signingKey).toMatchObject({ kty: 'EC', crv: 'P-256' });
  });

  it('never overwrites an existing file', async () => {
    // Prepare
    await writeSecrets(valid);
    const before = await readFile(file, 'utf8');

    // Act
    const outcome = await initLocalSecrets(file);

    // Assess
    expect(outcome).toBe('exists');
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('makes different secrets for different files', async () => {
    // Prepare
    const other = join(dir, 'other.json');

    // Act
    await initLocalSecrets(file);
    await initLocalSecrets(other);

    // Assess
    const [first, second] = await Promise.all([readLocalSecrets(file), readLocalSecrets(other)]);
    expect(Buffer.from(first.masterKey).equals(Buffer.from(second.masterKey))).toBe(false);
    expect(first.rootSecret).not.toBe(second.rootSecret);
  });
});
