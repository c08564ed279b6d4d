// shared/domain/session
// functions/sessions-logout → (signOut) → RefreshTokenCodec, SessionFamilyStore
import type { Clock } from '../ports.js';
import type { RefreshTokenCodec, SessionFamilyStore } from './session-families.js';

export interface SignOutDeps {
  readonly refreshTokens: Pick<RefreshTokenCodec, 'hash'>;
  readonly sessions: Pick<SessionFamilyStore, 'findByTokenHash' | 'revoke'>;
  readonly clock: Clock;
}

/** A refresh token is 43 characters of base64url; anything else is not one of ours. */
const REFRESH_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Signs out: ends the family of a refresh token (its current token or a rotated one).
 *
 * Primary course:
 * 1. Find the family by the token's HMAC and revoke it (a conditional write; revoking twice is a no-op).
 *
 * The access tokens the family issued still work until their `exp` (at most `session.accessTokenTtlMinutes`): they are
 * verified without a read of the family. POST /v1/me/sessions/revoke-all kills them at once.
 *
 * Alternatives: an unknown, expired or already revoked token answers the same `signed_out`: the answer
 * must not tell a guesser whether a token was live, and a client signing out has nothing left to do.
 */
export const signOut =
  (deps: SignOutDeps) =>
  async (input: { refreshToken: string }): Promise<{ status: 'signed_out' }> => {
    if (REFRESH_TOKEN.test(input.refreshToken)) {
      const family = await deps.sessions.findByTokenHash(deps.refreshTokens.hash(input.refreshToken));
      if (family !== undefined) await deps.sessions.revoke(family, deps.clock.now(), 'signed_out');
    }
    return { status: 'signed_out' };
  };
