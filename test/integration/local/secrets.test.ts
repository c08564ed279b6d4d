// test/integration/local: the local secrets file (infra/local/secrets.ts) on a real file system.
import { createPrivateKey } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalSecretsError } from '../../../infra/local/errors.js';
import { ensureLocalSecrets } from '../../../infra/local/secrets.js';

describe('Function: ensureLocalSecrets', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = join(await mkdtemp(join(tmpdir(), 'signet-secrets-')), 'data');
  });

  afterEach(async () => {
    await rm(join(dataDir, '..'), { recursive: true, force: true });
  });

  it('creates <dataDir>/secrets.json with mode 0600 in the documented format', async () => {
    // Act
    const path = await ensureLocalSecrets(dataDir);

    // Assess
    expect(path).toBe(join(dataDir, 'secrets.json'));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const secrets = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(secrets).sort()).toEqual(['masterKey', 'rootSecret', 'signingKey', 'version']);
    expect(secrets.version).toBe(1);
    expect(secrets.masterKey).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(String(secrets.masterKey), 'base64url')).toHaveLength(32);
    expect(secrets.rootSecret).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(String(secrets.rootSecret), 'base64url')).toHaveLength(48);
    const signingKey = secrets.signingKey as Record<string, string>;
    expect(Object.keys(signingKey).sort()).toEqual(['crv', 'd', 'kty', 'x', 'y']);
    expect(createPrivateKey({ key: signingKey, format: 'jwk' }).asymmetricKeyDetails?.namedCurve).toBe(
      'prime256v1',
    );
  });

  it('adds a signing key to a file from before tokens were ES256, keeping its other secrets and its mode', async () => {
    // Prepare
    const path = await ensureLocalSecrets(dataDir);
    const { signingKey: _dropped, ...older } = JSON.parse(await readFile(path, 'utf8')) as Record<
      string,
      unknown
    >;
    await writeFile(path, JSON.stringify(older));

    // Act
    await ensureLocalSecrets(dataDir);
    const upgraded = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    await ensureLocalSecrets(dataDir);
    const again = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;

    // Assess
    expect(upgraded).toMatchObject(older);
    expect(upgraded.signingKey).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(again).toEqual(upgraded);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await readdir(dataDir)).sort()).toEqual(['secrets.json']);
  });

  it('refuses a malformed signing key instead of replacing it', async () => {
    // Prepare
    const path = await ensureLocalSecrets(dataDir);
    const file = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    const broken = JSON.stringify({ ...file, signingKey: { kty: 'EC', crv: 'P-384' } });
    await writeFile(path, broken);

    // Act
    const error = await ensureLocalSecrets(dataDir).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(LocalSecretsError);
    expect((error as Error).message).toContain('signingKey');
    expect(await readFile(path, 'utf8')).toBe(broken);
  });

  it('never overwrites an existing file', async () => {
    // Prepare
    const path = await ensureLocalSecrets(dataDir);
    const original = await readFile(path, 'utf8');

    // Act
    const again = await ensureLocalSecrets(dataDir);

    // Assess
    expect(again).toBe(path);
    expect(await readFile(path, 'utf8')).toBe(original);
  });

  it('gives each data folder its own random secrets', async () => {
    // Prepare
    const other = join(dataDir, 'other');

    // Act
    const first = JSON.parse(await readFile(await ensureLocalSecrets(dataDir), 'utf8')) as Record<
      string,
      string
    >;
    const second = JSON.parse(await readFile(await ensureLocalSecrets(other), 'utf8')) as Record<
      string,
      string
    >;

    // Assess
    expect(second.masterKey).not.toBe(first.masterKey);
    expect(second.rootSecret).not.toBe(first.rootSecret);
  });

  it('refuses a file that group or others can read, naming the file but not its content', async () => {
    // Prepare
    const path = await ensureLocalSecrets(dataDir);
    const content = JSON.parse(await readFile(path, 'utf8')) as Record<string, string>;
    await chmod(path, 0o644);

    // Act
    const error = await ensureLocalSecrets(dataDir).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(LocalSecretsError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain('chmod 600');
    expect((error as Error).message).not.toContain(content.masterKey);
    expect((error as Error).message).not.toContain(content.rootSecret);
    expect((await stat(path)).mode & 0o777).toBe(0o644);
  });

  it('refuses a malformed file instead of replacing it', async () => {
    // Prepare
    const path = await ensureLocalSecrets(dataDir);
    await writeFile(path, '{"version":1,"masterKey":"short","rootSecret":"short"}');

    // Act
    const error = await ensureLocalSecrets(dataDir).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(LocalSecretsError);
    expect((error as Error).message).toContain('masterKey');
    expect(await readFile(path, 'utf8')).toBe('{"version":1,"masterKey":"short","rootSecret":"short"}');
  });
});
