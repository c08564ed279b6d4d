// shared/client: what the client reads from a token answer: the access token's `exp`, decoded from the JWT
// payload with plain base64url (no verification: the API verifies; the client only schedules its refresh).
import type { TokenRecord } from './storage.js';

/** The JSON text of a base64url segment (the payload is ASCII JSON, so atob's binary string is the text). */
const decodeSegment = (segment: string): string => {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  return atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='));
};

/** The `exp` claim of a JWT in seconds since the epoch, or undefined when the token is not a readable JWT. */
const jwtExpiry = (token: string): number | undefined => {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(decodeSegment(payload));
    const exp = (claims as { exp?: unknown } | null)?.exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp : undefined;
  } catch {
    return undefined;
  }
};

/** The token answer of sign-in, refresh and password change, as far as the client keeps it. */
interface TokenAnswer {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
  readonly refreshExpiresIn: number;
}

/** The record to keep for a token answer received at `nowMs`: `exp` when readable, else now + expiresIn. */
const tokenRecordOf = (answer: TokenAnswer, nowMs: number): TokenRecord => {
  const nowSeconds = Math.floor(nowMs / 1000);
  return {
    accessToken: answer.accessToken,
    refreshToken: answer.refreshToken,
    accessExpiresAt: jwtExpiry(answer.accessToken) ?? nowSeconds + answer.expiresIn,
    refreshExpiresAt: nowSeconds + answer.refreshExpiresIn,
  };
};

export { jwtExpiry, tokenRecordOf };
export type { TokenAnswer };
