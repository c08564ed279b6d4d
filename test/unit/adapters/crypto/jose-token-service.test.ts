// test/unit/adapters/crypto: the jose token service: what it issues (ES256, kid, typ at+jwt, aud = azp = the
// client), and every forged, foreign or stale token it refuses (another key, alg none, HS256 under any key, a
// key in the header, no or an unknown kid, wrong issuer, audience, azp, type, expired).
import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createLocalJWKSet, exportJWK, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  createLocalSigningKeys,
  type PrivateSigningJwk,
} from '../../../../shared/adapters/crypto/es256-signing-keys.js';
import { createJoseTokenService } from '../../../../shared/adapters/crypto/jose-token-service.js';
import { generateSigningJwk } from '../../../../shared/adapters/secrets/local-secrets-file.js';
import { UnauthorizedError } from '../../../../shared/domain/errors.js';
import type { AccountId } from '../../../../shared/domain/types.js';
import { fixedClock } from '../../../helpers/fakes.js';

const ISSUER = 'https://api.signet.test';
const accountId = 'AAAAAAAAAAAAAAAAAAAAAA' as AccountId;
const subject = { accountId, generation: 3, clientId: 'web-app' };
const signingJwk: PrivateSigningJwk = generateSigningJwk();
const keys = createLocalSigningKeys(signingJwk);
const settings = { issuer: ISSUER, clientIds: ['web-app', 'ios-app'], accessTokenTtlMinutes: 15 };
const NOW = new Date('2026-11-25T10:00:00.000Z');

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const ourKid = async () => keys.currentKid();
const privateKeyOf = (jwk: PrivateSigningJwk) => createPrivateKey({ key: { ...jwk }, format: 'jwk' });

/** A token with the service's claims, signed with `key` under any header: the forger's tool. */
const forge = async (options: {
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
  key?: Parameters<SignJWT['sign']>[0];
}): Promise<string> => {
  const iat = Math.floor(NOW.getTime() / 1000);
  const claims = { sub: accountId, iss: ISSUER, aud: 'web-app', azp: 'web-app', iat, exp: iat + 900, gen: 0, jti: 'x' };
  return new SignJWT({ ...claims, ...options.claims })
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: await ourKid(), ...options.header } as { alg: string })
    .sign(options.key ?? privateKeyOf(signingJwk));
};

const service = (clock = fixedClock()) => createJoseTokenService({ keys, ...settings, clock });

describe('Function: createJoseTokenService', () => {
  it('issues an ES256 at+jwt with a kid whose claims name the account, its generation and the client', async () => {
    // Prepare
    const tokens = service();

    // Act
    const issued = await tokens.issue(subject);
    const claims = await tokens.verify(issued.accessToken);

    // Assess
    expect(issued.tokenType).toBe('Bearer');
    expect(issued.expiresIn).toBe(900);
    expect(claims).toEqual(subject);
    const [header, payload] = issued.accessToken
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>);
    expect(header).toEqual({ alg: 'ES256', typ: 'at+jwt', kid: await ourKid() });
    expect(Object.keys(payload ?? {}).sort()).toEqual(['aud', 'azp', 'exp', 'gen', 'iat', 'iss', 'jti', 'sub']);
    expect(payload).toMatchObject({ iss: ISSUER, sub: accountId, aud: 'web-app', azp: 'web-app', gen: 3 });
  });

  it('issues tokens that jose verifies with only the published keys', async () => {
    // Prepare
    const tokens = service();
    const { accessToken } = await tokens.issue(subject);
    const jwks = createLocalJWKSet({ keys: (await keys.publicKeys()).map((key) => ({ ...key })) });

    // Act
    const { payload } = await jwtVerify(accessToken, jwks, {
      issuer: ISSUER,
      audience: 'web-app',
      currentDate: NOW,
    });

    // Assess
    expect(payload.sub).toBe(accountId);
    expect(await keys.publicKeys()).toEqual([
      { kty: 'EC', crv: 'P-256', x: signingJwk.x, y: signingJwk.y, kid: await ourKid(), use: 'sig', alg: 'ES256' },
    ]);
  });

  it('gives every token its own jti', async () => {
    // Prepare
    const tokens = service();

    // Act
    const [first, second] = await Promise.all([tokens.issue(subject), tokens.issue(subject)]);

    // Assess
    const jti = (token: string) =>
      (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { jti: string }).jti;
    expect(jti(first.accessToken)).not.toBe(jti(second.accessToken));
    expect(jti(first.accessToken)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('refuses to issue a token for a client that is not configured', async () => {
    // Act
    const issued = service().issue({ ...subject, clientId: 'unknown-app' });

    // Assess
    await expect(issued).rejects.toThrow('configured client');
  });

  it('refuses a token once its 15 minutes are over, without leeway', async () => {
    // Prepare
    const clock = fixedClock();
    const tokens = service(clock);
    const { accessToken } = await tokens.issue(subject);

    // Act
    clock.advance(899);
    const justBefore = await tokens.verify(accessToken);
    clock.advance(1);
    const after = tokens.verify(accessToken);

    // Assess
    expect(justBefore.accountId).toBe(accountId);
    await expect(after).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('accepts a hand-made token with every expected claim and our key (the forgeries below differ in one thing each)', async () => {
    // Act
    const claims = await service().verify(await forge({}));

    // Assess
    expect(claims).toEqual({ accountId, generation: 0, clientId: 'web-app' });
  });

  it('accepts a token for any configured client', async () => {
    // Act
    const claims = await service().verify(await forge({ claims: { aud: 'ios-app', azp: 'ios-app' } }));

    // Assess
    expect(claims.clientId).toBe('ios-app');
  });

  it.each([
    ['signed with another P-256 key', async () => forge({ key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey })],
    ['with alg none', async () => `${b64({ alg: 'none', typ: 'at+jwt', kid: await ourKid() })}.${b64({ sub: accountId, gen: 0, iss: ISSUER, aud: 'web-app', azp: 'web-app', iat: 1_795_600_000, exp: 1_795_600_900 })}.`],
    ['signed HS256 with a random key', () => forge({ header: { alg: 'HS256' }, key: randomBytes(32) })],
    ['signed HS256 with the public key coordinates as the secret', () => forge({ header: { alg: 'HS256' }, key: Buffer.from(signingJwk.x, 'base64url') })],
    ['signed HS256 with the published JWK as the secret', async () => forge({ header: { alg: 'HS256' }, key: Buffer.from(JSON.stringify((await keys.publicKeys())[0])) })],
    ['without a kid', () => forge({ header: { kid: undefined } })],
    ['with an unknown kid', () => forge({ header: { kid: 'someone-else' } })],
    ['for an audience that is no configured client', () => forge({ claims: { aud: 'someone-else', azp: 'someone-else' } })],
    ['for two audiences', () => forge({ claims: { aud: ['web-app', 'ios-app'] } })],
    ['whose azp differs from its aud', () => forge({ claims: { azp: 'ios-app' } })],
    ['without an azp', () => forge({ claims: { azp: undefined } })],
    ['from another issuer', () => forge({ claims: { iss: 'https://evil.test' } })],
    ['without a generation', () => forge({ claims: { gen: undefined } })],
    ['with a negative generation', () => forge({ claims: { gen: -1 } })],
    ['without the at+jwt type', () => forge({ header: { typ: 'JWT' } })],
    ['that expired a second ago', () => forge({ claims: { exp: NOW.getTime() / 1000 - 1 } })],
    ['whose lifetime exceeds the configured one', () => forge({ claims: { exp: Date.parse('2026-11-26T10:00:00.000Z') / 1000 } })],
    ['that is not a JWT', async () => 'not-a-token'],
  ])('refuses a token %s', async (_case, make) => {
    // Prepare
    const token = await make();

    // Act
    const verified = service().verify(token);

    // Assess
    await expect(verified).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('never takes the key from the token header (an embedded jwk)', async () => {
    // Prepare
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const withJwk = await forge({ header: { jwk: await exportJWK(publicKey) }, key: privateKey });

    // Act
    const verified = service().verify(withJwk);

    // Assess
    await expect(verified).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('refuses a token whose claims were altered after signing', async () => {
    // Prepare
    const tokens = service();
    const { accessToken } = await tokens.issue(subject);
    const [header, payload, signature] = accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;

    // Act
    const verified = tokens.verify(`${header}.${b64({ ...claims, gen: 7 })}.${signature}`);

    // Assess
    await expect(verified).rejects.toBeInstanceOf(UnauthorizedError);
  });
});
