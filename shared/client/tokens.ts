// shared/client: what the client reads from a token answer: the access token's lifetime, `exp` - `iat` decoded
// from the JWT payload with plain base64url (no verification: the API verifies; the client only schedules its
// refresh), counted from the client's own clock so that a device whose clock is off refreshes on time.
import type { TokenRecord } from './storage.js';

/** The JSON text of a base64url segment (the payload is ASCII JSON, so atob's binary string is the text). */
const decodeSegment = (segment: string): string => {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  return atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='));
};

const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** The `exp` and `iat` claims of a JWT (seconds since the epoch), or {} when the token is not a readable JWT. */
const jwtTimes = (token: string): { exp?: number; iat?: number } => {
  const payload = token.split('.')[1];
  if (payload === undefined) return {};
  try {
    const claims = JSON.parse(decodeSegment(payload)) as { exp?: unknown; iat?: unknown } | null;
    return {
      ...(isTime(claims?.exp) ? { exp: claims.exp } : {}),
      ...(isTime(claims?.iat) ? { iat: claims.iat } : {}),
    };
  } catch {
    return {};
  }
};

/**
 * When the access token expires by the client's clock (`nowSeconds`): its lifetime `exp - iat` from now when the
 * token has both claims, `exp` itself when it has only that, else `expiresIn` from now.
 */
const accessExpiry = (token: string, expiresIn: number, nowSeconds: number): number => {
  const { exp, iat } = jwtTimes(token);
  if (exp !== undefined && iat !== undefined) return nowSeconds + Math.max(0, exp - iat);
  return exp ?? nowSeconds + expiresIn;
};

/** The token answer of sign-in, refresh and password change, as far as the client keeps it. */
interface TokenAnswer {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
  readonly refreshExpiresIn: number;
}

/** The record to keep for a token answer received at `nowMs` (the client's clock). */
const tokenRecordOf = (answer: TokenAnswer, nowMs: number): TokenRecord => {
  const nowSeconds = Math.floor(nowMs / 1000);
  return {
    accessToken: answer.accessToken,
    refreshToken: answer.refreshToken,
    accessExpiresAt: accessExpiry(answer.accessToken, answer.expiresIn, nowSeconds),
    refreshExpiresAt: nowSeconds + answer.refreshExpiresIn,
  };
};

export { jwtTimes, tokenRecordOf };
export type { TokenAnswer };
