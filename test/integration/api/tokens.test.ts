// test/integration/api: access tokens as an app backend sees them, against the local API. A sign-in for the
// local client is verified with only the JWKS by the README's own code (jose's createRemoteJWKSet and
// jwtVerify); the JWKS document; sign-in's clientId; and every token a Bearer route must refuse: another key,
// alg none, HS256 under any key, another audience, a wrong type, azp unlike aud, expired.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseAppSettings } from '../../../shared/config/settings.js';
import {
  call,
  latestEmailCode,
  post,
  signet,
  strongPassword,
  uniqueEmail,
  uniqueName,
} from '../../helpers/api.js';
import { craftToken, localSigningKey, unsignedToken } from '../../helpers/tokens.js';
import { signetVerifier } from '../readme/verify-access-token.js';

const CLIENT_ID = 'local-app';
const ME = '/v1/me';
const JWKS = '/.well-known/jwks.json';
const UNAUTHORIZED = { error: 'unauthorized', message: expect.any(String) as unknown };

const settings = () => parseAppSettings(JSON.parse(signet().env.SIGNET_SETTINGS ?? '{}'));

/** Registers and confirms an account by email; answers its name and password. */
const registerActive = async (): Promise<{ accountName: string; password: string }> => {
  const person = { accountName: uniqueName('tokens'), password: strongPassword(), email: uniqueEmail() };
  expect((await post('/v1/registrations', { ...person, channel: 'email' })).status).toBe(202);
  const code = await latestEmailCode(person.email);
  expect((await post('/v1/registrations/confirm', { accountName: person.accountName, code })).status).toBe(
    200,
  );
  return { accountName: person.accountName, password: person.password };
};

const signIn = async (person: { accountName: string; password: string }): Promise<string> => {
  const answer = await post('/v1/sessions', { ...person, clientId: CLIENT_ID });
  expect(answer.status).toBe(200);
  return (answer.body as { accessToken: string }).accessToken;
};

const me = (token: string) => call('GET', ME, undefined, { authorization: `Bearer ${token}` });

const decoded = (token: string, part: 0 | 1): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[part] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;

describe('Access tokens', () => {
  it("verifies with only the JWKS, by the README's code, and carries the documented header and claims", async () => {
    // Prepare
    const person = await registerActive();
    const { issuer } = settings().session;
    const verify = signetVerifier(issuer, CLIENT_ID);

    // Act
    const token = await signIn(person);
    const accountId = await verify(token);

    // Assess
    expect(issuer).toBe(signet().apiUrl);
    expect(decoded(token, 0)).toEqual({ alg: 'ES256', typ: 'at+jwt', kid: expect.any(String) });
    const claims = decoded(token, 1);
    expect(Object.keys(claims).sort()).toEqual(['aud', 'azp', 'exp', 'gen', 'iat', 'iss', 'jti', 'sub']);
    expect(claims).toMatchObject({ iss: issuer, sub: accountId, aud: CLIENT_ID, azp: CLIENT_ID, gen: 0 });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(settings().session.accessTokenTtlMinutes * 60);
    // The subject is the opaque account id: never the name, never a contact.
    expect(accountId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(JSON.stringify(claims)).not.toContain(person.accountName);
    expect((await me(token)).status).toBe(200);
  });

  it("is refused by another app's verification (jose's audience)", async () => {
    // Prepare
    const token = await signIn(await registerActive());

    // Act
    const elsewhere = signetVerifier(settings().session.issuer, 'another-app')(token);

    // Assess
    await expect(elsewhere).rejects.toThrow();
  });

  it('publishes the public key by the kid tokens name, cacheable for 5 minutes, with no private part', async () => {
    // Prepare
    const token = await signIn(await registerActive());

    // Act
    const answer = await call('GET', JWKS, undefined, {});

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('public, max-age=300');
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    const { keys } = answer.body as { keys: Record<string, unknown>[] };
    expect(keys).toEqual([
      {
        kty: 'EC',
        crv: 'P-256',
        x: expect.any(String),
        y: expect.any(String),
        kid: decoded(token, 0).kid,
        use: 'sig',
        alg: 'ES256',
      },
    ]);
    expect(answer.text).not.toContain('"d"');
    expect(answer.text).not.toMatch(/"(p|q|dp|dq|qi|k)"/);
  });

  it('answers 400 invalid_request naming clientId for an unknown or missing client, before any password is checked', async () => {
    // Prepare
    const person = await registerActive();

    // Act
    const unknown = await post('/v1/sessions', { ...person, clientId: 'not-a-client' });
    const missing = await post('/v1/sessions', person);
    const wrongPassword = await post('/v1/sessions', {
      ...person,
      password: strongPassword(),
      clientId: 'not-a-client',
    });

    // Assess
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({
      error: 'invalid_request',
      details: [{ field: 'clientId', issue: 'is not a registered app client' }],
    });
    expect(unknown.text).not.toContain('not-a-client');
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({
      error: 'invalid_request',
      details: [{ field: 'clientId', issue: 'is required' }],
    });
    expect(wrongPassword.text).toBe(unknown.text);
  });

  it('refuses on a Bearer route a token signed by another key, alg none, HS256 under any key, another aud, a wrong typ, azp unlike aud, or expired', async () => {
    // Prepare
    const real = await signIn(await registerActive());
    const ours = await localSigningKey();
    const { issuer } = settings().session;
    const now = Math.floor(Date.now() / 1000);
    const valid = {
      iss: issuer,
      sub: decoded(real, 1).sub,
      aud: CLIENT_ID,
      azp: CLIENT_ID,
      iat: now,
      exp: now + 600,
      jti: randomBytes(16).toString('base64url'),
      gen: 0,
    };
    const publishedJwk = ((await call('GET', JWKS, undefined, {})).body as { keys: unknown[] }).keys[0];
    const forgeries = {
      'another P-256 key': await craftToken(valid, {
        key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
        kid: ours.kid,
      }),
      'another key with its own kid': await craftToken(valid, {
        key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
        kid: 'attacker',
      }),
      'alg none': unsignedToken({ alg: 'none', typ: 'at+jwt', kid: ours.kid }, valid),
      'HS256 under a random key': await craftToken(
        valid,
        { key: randomBytes(32), kid: ours.kid },
        { alg: 'HS256' },
      ),
      'HS256 under the published JWK': await craftToken(
        valid,
        { key: Buffer.from(JSON.stringify(publishedJwk)), kid: ours.kid },
        { alg: 'HS256' },
      ),
      'another aud': await craftToken({ ...valid, aud: 'another-app', azp: 'another-app' }, ours),
      'a wrong typ': await craftToken(valid, ours, { typ: 'JWT' }),
      'no typ': await craftToken(valid, ours, { typ: undefined }),
      'azp unlike aud': await craftToken({ ...valid, azp: 'another-app' }, ours),
      'another issuer': await craftToken({ ...valid, iss: 'https://evil.example' }, ours),
      'no kid': await craftToken(valid, { key: ours.key }),
      expired: await craftToken({ ...valid, iat: now - 901, exp: now - 1 }, ours),
    };

    // Act
    const control = await me(await craftToken(valid, ours));
    const answers = Object.fromEntries(
      await Promise.all(
        Object.entries(forgeries).map(async ([name, token]) => [name, await me(token)] as const),
      ),
    );

    // Assess
    expect(control.status).toBe(200);
    for (const [name, answer] of Object.entries(answers)) {
      expect(answer.status, name).toBe(401);
      expect(answer.body, name).toEqual(UNAUTHORIZED);
      expect(answer.headers.get('www-authenticate'), name).toBe('Bearer');
    }
  });

  it('the README shows the verification code this test runs, verbatim', async () => {
    // Prepare
    const source = await readFile(new URL('../readme/verify-access-token.ts', import.meta.url), 'utf8');
    const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');

    // Act: the snippet is the file without its two placing comment lines.
    const snippet = source.split('\n').slice(2).join('\n').trim();

    // Assess
    expect(readme).toContain(`\`\`\`ts\n${snippet}\n\`\`\``);
  });
});
