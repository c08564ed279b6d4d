// shared/adapters/crypto: the TokenService port: compact JWS access tokens, ES256 under the stage's signing
// keys (es256-signing-keys.ts: KMS in AWS, a local JWK pair). The JWS is assembled here, since jose cannot
// sign through KMS; jose verifies it, against the published keys chosen by `kid`, with the algorithm, type,
// issuer, audience (the configured clients) and expiry pinned.
import { randomBytes } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { UnauthorizedError } from '../../domain/errors.js';
import type { Clock } from '../../domain/ports.js';
import type { AccessToken, TokenClaims, TokenService, TokenSubject } from '../../domain/session/ports.js';
import type { AccountId } from '../../domain/types.js';
import type { SigningKeys } from './es256-signing-keys.js';

const ALGORITHM = 'ES256';
/** RFC 9068 media type of JWT access tokens, checked in the protected header. */
const TOKEN_TYPE = 'at+jwt';
/** An account id is 16 random bytes, base64url. */
const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Our tokens are well under a kilobyte; a longer string is not parsed. */
const MAX_TOKEN_LENGTH = 1024;

interface JoseTokenServiceOptions {
  readonly keys: SigningKeys;
  /** `settings.session.issuer`: the stage's public API base URL. */
  readonly issuer: string;
  /** The configured clients' ids: a token's `aud` must be one of them, and its `azp` the same. */
  readonly clientIds: readonly string[];
  readonly accessTokenTtlMinutes: number;
  readonly clock: Clock;
}

const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);
const base64url = (value: Uint8Array | string): string => Buffer.from(value).toString('base64url');

/**
 * Creates the token service.
 *
 * A token's header is `{alg: "ES256", typ: "at+jwt", kid}`; its claims `iss`, `sub` (the opaque account
 * id), `aud` and `azp` (the client id), `iat`, `exp`, a random `jti` and `gen` (the account's token
 * generation). Every failure to verify is one UnauthorizedError without a cause: nothing of a token
 * reaches a log.
 *
 * @example
 * const tokens = createJoseTokenService({ keys, issuer, clientIds: ['local-app'], accessTokenTtlMinutes: 15, clock });
 * const { accessToken } = await tokens.issue({ accountId, generation: 0, clientId: 'local-app' });
 * const { accountId, generation, clientId } = await tokens.verify(accessToken);
 */
const createJoseTokenService = (options: JoseTokenServiceOptions): TokenService => {
  const ttlSeconds = options.accessTokenTtlMinutes * 60;
  const clientIds: ReadonlySet<string> = new Set(options.clientIds);

  const issue = async (subject: TokenSubject): Promise<AccessToken> => {
    if (!clientIds.has(subject.clientId))
      throw new Error('A token can only be issued to a configured client');
    const issuedAt = epochSeconds(options.clock.now());
    const header = { alg: ALGORITHM, typ: TOKEN_TYPE, kid: await options.keys.currentKid() };
    const claims = {
      iss: options.issuer,
      sub: subject.accountId,
      aud: subject.clientId,
      azp: subject.clientId,
      iat: issuedAt,
      exp: issuedAt + ttlSeconds,
      jti: randomBytes(16).toString('base64url'),
      gen: subject.generation,
    };
    const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature = await options.keys.sign(Buffer.from(signingInput, 'ascii'));
    return {
      accessToken: `${signingInput}.${base64url(signature)}`,
      tokenType: 'Bearer',
      expiresIn: ttlSeconds,
    };
  };

  const verify = async (token: string): Promise<TokenClaims> => {
    if (token.length > MAX_TOKEN_LENGTH) throw new UnauthorizedError();
    let payload;
    try {
      const published = await options.keys.publicKeys();
      const jwks = createLocalJWKSet({ keys: published.map((key) => ({ ...key })) });
      let kid: unknown;
      ({
        payload,
        protectedHeader: { kid },
      } = await jwtVerify(token, jwks, {
        algorithms: [ALGORITHM],
        typ: TOKEN_TYPE,
        issuer: options.issuer,
        audience: [...clientIds],
        requiredClaims: ['sub', 'aud', 'azp', 'exp', 'iat', 'gen'],
        currentDate: options.clock.now(),
        clockTolerance: 0,
      }));
      // jose would try the one key of a single-key set for a token without `kid`: ours always name theirs.
      if (typeof kid !== 'string' || !published.some((key) => key.kid === kid)) throw new UnauthorizedError();
    } catch {
      // Deliberately no cause: a JOSE error can carry the token's claims.
      throw new UnauthorizedError();
    }
    const { sub, aud, azp, gen, exp, iat } = payload;
    if (
      typeof sub !== 'string' ||
      !ACCOUNT_ID.test(sub) ||
      // One audience, the client the token was issued to, and the same authorized party.
      typeof aud !== 'string' ||
      !clientIds.has(aud) ||
      azp !== aud ||
      typeof gen !== 'number' ||
      !Number.isSafeInteger(gen) ||
      gen < 0 ||
      // A token may live no longer than the configured lifetime, whatever its own exp says.
      typeof exp !== 'number' ||
      typeof iat !== 'number' ||
      exp - iat > ttlSeconds
    ) {
      throw new UnauthorizedError();
    }
    return { accountId: sub as AccountId, generation: gen, clientId: aud };
  };

  return { issue, verify };
};

export { createJoseTokenService };
export type { JoseTokenServiceOptions };
