// shared/domain/owner: who is calling. Every owner route starts here: the bearer token names an
// account (authenticate, shared/domain/session/authenticate.ts), this loads what the route needs of it,
// and routes that change contacts or erase check the current password too, under the sign-in throttles.
import { UnauthorizedError } from '../errors.js';
import type { Clock } from '../ports.js';
import type { OwnerAccount, OwnerStore } from './ports.js';
import { checkCredentials, type CredentialCheckDeps } from '../session/credentials.js';
import type { IdentifyCaller } from '../session/ports.js';

/** What an owner route knows of its request besides the body. */
export interface OwnerRequest {
  /** The Authorization header. */
  readonly authorization?: string | undefined;
  /** The client's address as API Gateway saw it (for the sign-in throttle of password checks). */
  readonly sourceIp: string;
}

/**
 * Checks the caller's current password. Throws InvalidCredentialsError (401 `invalid_credentials`)
 * when it is wrong, RateLimitedError (429) while the account or the client IP is throttled.
 */
export type CurrentPasswordCheck = (
  account: OwnerAccount,
  password: string,
  sourceIp: string,
) => Promise<void>;

/**
 * The caller's account as the owner's rights see it (authenticate has checked that it is active). An
 * account erased between the token check and this read answers like a revoked token.
 */
export const loadCaller = async (
  authenticate: IdentifyCaller,
  store: Pick<OwnerStore, 'load'>,
  authorization: string | undefined,
): Promise<OwnerAccount> => {
  const { accountId } = await authenticate(authorization);
  const account = await store.load(accountId);
  if (account === undefined) throw new UnauthorizedError();
  return account;
};

/**
 * The current-password check of the owner's routes: sign-in's own (checkCredentials), so that a wrong
 * current password counts as a failed sign-in of the account and of the client IP, and a stolen token
 * buys no more guesses than the sign-in form.
 *
 * @example
 * const checkPassword = throttledPasswordCheck({ settings, indexer, hasher, dummyHash, signInThrottle, ipThrottle, clock });
 */
export const throttledPasswordCheck =
  (deps: CredentialCheckDeps & { readonly clock: Clock }): CurrentPasswordCheck =>
  async (account, password, sourceIp) => {
    await checkCredentials(deps, {
      nameIndex: account.nameIndex,
      account,
      password,
      sourceIp,
      now: deps.clock.now(),
    });
  };
