// shared/domain/session: who is calling. Every Bearer route starts here.
// functions/me-* → (authenticate) → TokenService, AccountReader
import { UnauthorizedError } from '../errors.js';
import type { AccountReader, Authenticate, AuthenticatedCaller, TokenService } from './ports.js';

export interface AuthenticateDeps {
  readonly tokens: TokenService;
  readonly accounts: AccountReader;
}

/** The caller's account (active, its token of the generation in force) and the client the token is for. */
export type AuthenticatedAccount = AuthenticatedCaller;

/** A bearer token, as RFC 6750 allows it (token68); anything longer than this is not one of ours. */
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;
const MAX_AUTHORIZATION_LENGTH = 2048;

/**
 * Authenticates the caller of a Bearer route.
 *
 * Primary course:
 * 1. Parse `Authorization: Bearer <token>`.
 * 2. Verify the token (signature with the pinned key and algorithm, issuer, audience, expiry, purpose).
 * 3. Load the account it names; it must be active, and its token generation the token's.
 *
 * Alternatives: a missing, malformed, expired, forged or revoked token (issued before a password change,
 * a reset or an erasure), or an account that is gone or not active: 401 `unauthorized`, one answer.
 *
 * @example
 * const caller = authenticate({ tokens, accounts });
 * const account = await caller(facts.authorization);
 */
export const authenticate =
  (deps: AuthenticateDeps): Authenticate =>
  async (authorization: string | undefined): Promise<AuthenticatedAccount> => {
    if (authorization === undefined || authorization.length > MAX_AUTHORIZATION_LENGTH) throw new UnauthorizedError();
    const token = BEARER.exec(authorization.trim())?.[1];
    if (token === undefined) throw new UnauthorizedError();
    const claims = await deps.tokens.verify(token);
    const account = await deps.accounts.getById(claims.accountId);
    if (account === undefined || account.status !== 'active' || account.tokenGeneration !== claims.generation) {
      throw new UnauthorizedError();
    }
    return { ...account, clientId: claims.clientId };
  };
