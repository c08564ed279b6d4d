// shared/domain/session: checking a password under the sign-in throttles. Sign-in and the password
// change both come here, so a wrong current password counts as a failed sign-in.
import type { AppSettings } from '../../config/settings.js';
import { InvalidCredentialsError, RateLimitedError, SignInLockedError } from '../errors.js';
import type { BlindIndexer, PasswordHasher } from '../ports.js';
import type { IpFailureThrottle, SessionAccount, SignInThrottle } from './ports.js';

export interface CredentialCheckDeps {
  readonly settings: Pick<AppSettings, 'signIn'>;
  readonly indexer: BlindIndexer;
  readonly hasher: PasswordHasher;
  /** A hash of a random password, verified against when the name is unknown (same argon2 work). */
  readonly dummyHash: () => Promise<string>;
  readonly signInThrottle: Pick<SignInThrottle, 'admit' | 'succeeded'>;
  readonly ipThrottle: IpFailureThrottle;
}

export interface CredentialCheck {
  readonly nameIndex: string;
  /** The account the name points at, if any (pending accounts included: they fail alike). */
  readonly account: SessionAccount | undefined;
  readonly password: string;
  /** The client's address as API Gateway saw it; blind-indexed before it is stored. */
  readonly sourceIp: string;
  readonly now: Date;
}

/**
 * Checks a password under the throttles and returns the active account it opens.
 *
 * 1. Take a failure slot of the client IP (at most `maxFailuresPerIpPerHour` an hour, whatever the account).
 * 2. Count the attempt in advance against this client on this name, unless this client is backing off or
 *    the account is locked; while the client is not yet throttled, also toward the account's lock.
 * 3. Verify the password with argon2: against the account's hash, or a dummy hash for an unknown name.
 * 4. On success, this client's consecutive failures restart from zero (no other client's), so does the
 *    account's run toward the lock, and the IP slot is given back.
 *
 * Alternatives: this client throttled (even with the right password) or the account locked → 429
 * `rate_limited` with Retry-After; a wrong password, an unknown name or an account not yet verified → 401
 * `invalid_credentials`, with the same work.
 */
export const checkCredentials = async (deps: CredentialCheckDeps, check: CredentialCheck): Promise<SessionAccount> => {
  const limits = deps.settings.signIn;
  const ipIndex = deps.indexer.index('ip', check.sourceIp);
  const ipGate = await deps.ipThrottle.take(ipIndex, check.now, limits.maxFailuresPerIpPerHour);
  if (ipGate.outcome === 'blocked') throw new RateLimitedError(ipGate.retryAfterSeconds);

  let gate;
  try {
    // Only an active account keeps a lock until a reset: a pending registration may lapse and free its name.
    const lockHolder = check.account?.status === 'active' ? check.account.accountId : undefined;
    gate = await deps.signInThrottle.admit(check.nameIndex, ipIndex, lockHolder, check.now, limits);
  } catch (error) {
    await deps.ipThrottle.giveBack(ipIndex, check.now);
    throw error;
  }
  if (gate.outcome !== 'allowed') {
    // No password was checked: this was not a failure of this IP.
    await deps.ipThrottle.giveBack(ipIndex, check.now);
    if (gate.outcome === 'locked') throw new SignInLockedError(limits.backoffMaxSeconds);
    throw new RateLimitedError(gate.retryAfterSeconds);
  }

  const storedHash = check.account?.passwordHash ?? (await deps.dummyHash());
  const valid = await deps.hasher.verify(storedHash, check.password);
  if (!valid || check.account === undefined || check.account.status !== 'active') {
    throw new InvalidCredentialsError();
  }
  await deps.signInThrottle.succeeded(check.nameIndex, ipIndex, gate, limits);
  await deps.ipThrottle.giveBack(ipIndex, check.now);
  return check.account;
};
