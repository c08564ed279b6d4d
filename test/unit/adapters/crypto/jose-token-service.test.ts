// test/unit/adapters/crypto: the jose token service: what it issues, and every forged, foreign or stale
// token it refuses (other key, alg none, a key in the header, wrong issuer, audience, type or purpose, expired).
import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { SignJWT, exportJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { createJoseTokenService } from '../../../../shared/adapters/crypto/jose-token-service.js';
import { UnauthorizedError } from '../../../../shared/domain/errors.js';
import type { AccountId } from '../../../../shared/domain/types.js';
import { fixedClock } from '../../../helpers/fakes.js';

const key = new Uint8Array(32).fill(9);
const session = { issuer: 'signet', audience: 'signet-api', tokenTtlMinutes: 15 };
const accountId = 'AAAAAAAAAAAAAAAAAAAAAA' as AccountId;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token with the service's claims, signed by `sign` with any header: the forger's tool. */
const forge = async (options: {
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
  signingKey?: Uint8Array;
  now?: Date;
}): Promise<string> => {
  const iat = Math.floor((options.now ?? new Date('2026-11-25T10:00:00.000Z')).getTime() / 1000);
  const claims = { sub: accountId, iss: 'signet', aud: 'signet-api', iat, exp: iat + 900, gen: 0, purpose: 'access', azp: 'local-app' };
  return new SignJWT({ ...claims, ...options.claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', ...options.header } as { alg: string })
    .sign(options.signingKey ?? key);
};

describe('Function: createJoseTokenService', () => {
  it('issues a Bearer token that verifies to the same account and generation', async () => {
    // Prepare
    const tokens = createJoseTokenService({ key, ...session, clock: fixedClock() });

    // Act
    const issued = await tokens.issue({ accountId, generation: 3, clientId: 'local-app' });
    const claims = await tokens.verify(issued.accessToken);

    // Assess
    expect(issued.tokenType).toBe('Bearer');
    expect(issued.expiresIn).toBe(900);
    expect(claims).toEqual({ accountId, generation: 3, clientId: 'local-app' });
    const [header, payload] = issued.accessToken.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header).toEqual({ alg: 'HS256', typ: 'at+jwt' });
    expect(Object.keys(payload).sort()).toEqual(['aud', 'azp', 'exp', 'gen', 'iat', 'iss', 'jti', 'purpose', 'sub']);
  });

  it('refuses a token once its 15 minutes are over', async () => {
    // Prepare
    const clock = fixedClock();
    const tokens = createJoseTokenService({ key, ...session, clock });
    const { accessToken } = await tokens.issue({ accountId, generation: 0, clientId: 'local-app' });

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
    // Prepare
    const tokens = createJoseTokenService({ key, ...session, clock: fixedClock() });

    // Act
    const claims = await tokens.verify(await forge({}));

    // Assess
    expect(claims).toEqual({ accountId, generation: 0, clientId: 'local-app' });
  });

  it.each([
    ['signed with another key', () => forge({ signingKey: randomBytes(32) })],
    ['with alg none', async () => `${b64({ alg: 'none', typ: 'at+jwt' })}.${b64({ sub: accountId, gen: 0, purpose: 'access', iss: 'signet', aud: 'signet-api', iat: 1_795_600_000, exp: 1_795_600_900 })}.`],
    ['signed with HS512 and the right key', () => forge({ header: { alg: 'HS512' } })],
    ['for another audience', () => forge({ claims: { aud: 'someone-else' } })],
    ['from another issuer', () => forge({ claims: { iss: 'evil' } })],
    ['of another purpose', () => forge({ claims: { purpose: 'refresh' } })],
    ['without a generation', () => forge({ claims: { gen: undefined } })],
    ['with a negative generation', () => forge({ claims: { gen: -1 } })],
    ['without the at+jwt type', () => forge({ header: { typ: 'JWT' } })],
    ['whose lifetime exceeds the configured one', () => forge({ claims: { exp: Date.parse('2026-11-26T10:00:00.000Z') / 1000 } })],
    ['that is not a JWT', async () => 'not-a-token'],
  ])('refuses a token %s', async (_case, make) => {
    // Prepare
    const tokens = createJoseTokenService({ key, ...session, clock: fixedClock() });
    const token = await make();

    // Act
    const verified = tokens.verify(token);

    // Assess
    await expect(verified).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('never takes the key from the token header (an embedded jwk or a kid)', async () => {
    // Prepare
    const tokens = createJoseTokenService({ key, ...session, clock: fixedClock() });
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const attackerKey = randomBytes(32);
    const withJwk = await new SignJWT({ gen: 0, purpose: 'access' })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', jwk: await exportJWK(publicKey) })
      .setSubject(accountId)
      .setIssuer('signet')
      .setAudience('signet-api')
      .setIssuedAt(1_795_600_000)
      .setExpirationTime(1_795_600_900)
      .sign(privateKey);
    const withKid = await forge({ header: { kid: 'attacker' }, signingKey: attackerKey });

    // Act
    const outcomes = await Promise.allSettled([tokens.verify(withJwk), tokens.verify(withKid)]);

    // Assess
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
  });

  it('refuses a token whose signature was computed over altered claims', async () => {
    // Prepare
    const tokens = createJoseTokenService({ key, ...session, clock: fixedClock() });
    const { accessToken } = await tokens.issue({ accountId, generation: 0, clientId: 'local-app' });
    const [header, payload, signature] = accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const altered = b64({ ...claims, gen: 7 });
    // A signature over the altered claims with a key the attacker guessed (not ours).
    const guessed = createHmac('sha256', randomBytes(32)).update(`${header}.${altered}`).digest('base64url');

    // Act
    const outcomes = await Promise.allSettled([
      tokens.verify(`${header}.${altered}.${signature}`),
      tokens.verify(`${header}.${altered}.${guessed}`),
    ]);

    // Assess
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
  });

  it('refuses a signing key that is not 32 bytes', () => {
    // Act
    const make = () => createJoseTokenService({ key: new Uint8Array(16), ...session, clock: fixedClock() });

    // Assess
    expect(make).toThrow('32 bytes');
  });
});
