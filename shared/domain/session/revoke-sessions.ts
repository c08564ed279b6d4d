// shared/domain/session
// functions/me-sessions-revoke-all → (revokeAllSessions) → authenticate, SessionFamilyStore, TokenGenerations
import { UnauthorizedError } from '../errors.js';
import type { Clock } from '../ports.js';
import type { AccountId } from '../types.js';
import type { Authenticate } from './ports.js';
import type { SessionFamilyStore } from './session-families.js';

/** Bumps an account's token generation, so that every access token issued so far is dead. */
export interface TokenGenerations {
  /**
   * ADD tokenGeneration 1 on an active account, and publish SessionsRevoked (occurring `at`) with it;
   * false, and no event, when the account is not active.
   */
  bump(accountId: AccountId, at: Date): Promise<boolean>;
}

export interface RevokeAllSessionsDeps {
  readonly authenticate: Authenticate;
  readonly sessions: Pick<SessionFamilyStore, 'revokeAll'>;
  readonly generations: TokenGenerations;
  readonly clock: Clock;
}

/**
 * Signs the caller out everywhere.
 *
 * Primary course:
 * 1. Authenticate the bearer token.
 * 2. End every family of the account (no refresh token of it works any more).
 * 3. Bump the token generation: every access token, the caller's included, dies at once. This comes
 *    after step 2, so that a refresh racing it can only have issued a token of the old generation. The
 *    bump publishes SessionsRevoked in its own transaction: the event means every session is dead.
 *
 * Alternatives: a bad token → 401 `unauthorized`.
 */
export const revokeAllSessions =
  (deps: RevokeAllSessionsDeps) =>
  async (request: { authorization?: string | undefined }): Promise<{ status: 'signed_out' }> => {
    const account = await deps.authenticate(request.authorization);
    const now = deps.clock.now();
    await deps.sessions.revokeAll(account.accountId, now, 'revoked_all');
    if (!(await deps.generations.bump(account.accountId, now))) throw new UnauthorizedError();
    return { status: 'signed_out' };
  };
