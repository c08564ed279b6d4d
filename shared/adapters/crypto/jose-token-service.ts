// shared/adapters/crypto: the TokenService port on `jose`: compact JWS access tokens, HS256 with the
// stage's token-signing key (KeyMaterial.tokenKey). Verification pins the algorithm and the key (no
// `alg: none`, no key from the token's header) and checks typ, issuer, audience, expiry and purpose.
import { randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { UnauthorizedError } from '../../domain/errors.js';
import type { Clock } from '../../domain/ports.js';
import type { AccessToken, TokenClaims, TokenService, TokenSubject } from '../../domain/session/ports.js';
import type { AccountId } from '../../domain/types.js';
import { InvalidKeyMaterialError } from './errors.js';

const KEY_BYTES = 32;
const ALGORITHM = 'HS256';
/** RFC 9068 media type of JWT access tokens, checked in the protected header. */
const TOKEN_TYPE = 'at+jwt';
/** The only purpose an access token has; a signed token of any other purpose is refused. */
const PURPOSE = 'access';
/** An account id is 16 random bytes, base64url. */
const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Our tokens are a few hundred characters; a longer string is not parsed. */
const MAX_TOKEN_LENGTH = 1024;

interface JoseTokenServiceOptions {
  /** 32 bytes: `KeyMaterial.tokenKey`. */
  readonly key: Uint8Array;
  /** `AppSettings['session']`. */
  readonly issuer: string;
  readonly audience: string;
  readonly tokenTtlMinutes: number;
  readonly clock: Clock;
}

const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/**
 * Creates the token service.
 *
 * A token's claims: `sub` (account id), `gen` (the account's token generation), `purpose: "access"`,
 * `iss`, `aud`, `iat`, `exp` and a random `jti`; its header `{alg: "HS256", typ: "at+jwt"}`. Every
 * failure to verify is one UnauthorizedError without a cause: nothing of a token reaches a log.
 *
 * @example
 * const tokens = createJoseTokenService({ key: keys.tokenKey, ...settings.session, clock });
 * const { accessToken } = await tokens.issue(accountId, account.tokenGeneration);
 * const { accountId, generation } = await tokens.verify(accessToken);
 */
const createJoseTokenService = (options: JoseTokenServiceOptions): TokenService => {
  if (options.key.byteLength !== KEY_BYTES) {
    throw new InvalidKeyMaterialError(`The token signing key must be ${KEY_BYTES} bytes`);
  }
  const key = Uint8Array.from(options.key);
  const ttlSeconds = options.tokenTtlMinutes * 60;

  const issue = async ({ accountId, generation, clientId }: TokenSubject): Promise<AccessToken> => {
    const issuedAt = epochSeconds(options.clock.now());
    const accessToken = await new SignJWT({ gen: generation, purpose: PURPOSE, azp: clientId })
      .setProtectedHeader({ alg: ALGORITHM, typ: TOKEN_TYPE })
      .setSubject(accountId)
      .setIssuer(options.issuer)
      .setAudience(options.audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ttlSeconds)
      .setJti(randomBytes(16).toString('base64url'))
      .sign(key);
    return { accessToken, tokenType: 'Bearer', expiresIn: ttlSeconds };
  };

  const verify = async (token: string): Promise<TokenClaims> => {
    if (token.length > MAX_TOKEN_LENGTH) throw new UnauthorizedError();
    let payload;
    try {
      ({ payload } = await jwtVerify(token, key, {
        algorithms: [ALGORITHM],
        typ: TOKEN_TYPE,
        issuer: options.issuer,
        audience: options.audience,
        requiredClaims: ['sub', 'exp', 'iat', 'gen', 'purpose', 'azp'],
        currentDate: options.clock.now(),
        clockTolerance: 0,
      }));
    } catch {
      // Deliberately no cause: a JOSE error can carry the token's claims.
      throw new UnauthorizedError();
    }
    const { sub, gen, purpose, exp, iat, azp } = payload;
    if (
      purpose !== PURPOSE ||
      typeof sub !== 'string' ||
      typeof azp !== 'string' ||
      !ACCOUNT_ID.test(sub) ||
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
    return { accountId: sub as AccountId, generation: gen, clientId: azp };
  };

  return { issue, verify };
};

export { createJoseTokenService };
export type { JoseTokenServiceOptions };
