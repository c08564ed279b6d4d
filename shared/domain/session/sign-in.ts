// shared/domain/session
// functions/sessions → (signIn) → BlindIndexer, AccountStore, SignInThrottle, IpFailureThrottle,
// PasswordHasher, TokenService, SessionFamilyStore, RefreshTokenCodec
import type { AppSettings } from '../../config/settings.js';
import type { Clock } from '../ports.js';
import type { AccountStore, SessionAccount, TokenService } from './ports.js';
import type { AccountName } from '../types.js';
import { checkCredentials, type CredentialCheckDeps } from './credentials.js';
import { startFamily, type StartFamilyDeps, type TokenPair } from './session-families.js';

export interface SignInDeps extends CredentialCheckDeps, StartFamilyDeps {
  readonly settings: Pick<AppSettings, 'signIn' | 'privacyPolicyVersion' | 'session'>;
  readonly accounts: Pick<AccountStore, 'findByNameIndex' | 'recordSignIn'>;
  readonly tokens: TokenService;
  readonly clock: Clock;
}

/** What POST /v1/sessions answers: an access token and the refresh token of a new session family. */
export interface SignedIn extends TokenPair {
  /** Present (true) when the account's latest consent is to another privacy policy than the one in force. */
  readonly consentRequired?: true;
}

/** Whether the account has consented to the privacy policy in force (its latest consent). */
export const hasCurrentConsent = (account: Pick<SessionAccount, 'consent'>, policyVersion: string): boolean =>
  account.consent.at(-1)?.policyVersion === policyVersion;

/**
 * Signs in with account name and password.
 *
 * Primary course:
 * 1. Find the account by the name's blind index.
 * 2. Check the password under the per-IP and per-account throttles (checkCredentials).
 * 3. Record the sign-in (lastActiveAt); re-hash a hash made with older argon2 parameters.
 * 4. Issue an access token of the account's current token generation for the client (`aud`, `azp`).
 * 5. Start a session family for the client: its refresh token is answered, its HMAC stored.
 *
 * `clientId` is one of the configured clients: the request schema refuses any other (400).
 *
 * Alternatives: a wrong password, an unknown name or an account not yet verified → 401
 * `invalid_credentials`, alike and with the same argon2 work; throttled → 429 `rate_limited` with
 * Retry-After, even for the right password. `consentRequired: true` when the privacy policy changed.
 */
export const signIn =
  (deps: SignInDeps) =>
  async (
    input: { accountName: AccountName; password: string; clientId: string },
    client: { sourceIp: string },
  ): Promise<SignedIn> => {
    const now = deps.clock.now();
    const nameIndex = deps.indexer.index('name', input.accountName);
    const found = await deps.accounts.findByNameIndex(nameIndex);
    const account = await checkCredentials(deps, {
      nameIndex,
      account: found,
      password: input.password,
      sourceIp: client.sourceIp,
      now,
    });

    const rehash = deps.hasher.needsRehash(account.passwordHash)
      ? { passwordHash: await deps.hasher.hash(input.password), previousHash: account.passwordHash }
      : undefined;
    await deps.accounts.recordSignIn(account.accountId, now, rehash);
    const token = await startFamily(deps, {
      accountId: account.accountId,
      generation: account.tokenGeneration,
      clientId: input.clientId,
    });
    return hasCurrentConsent(account, deps.settings.privacyPolicyVersion) ? token : { ...token, consentRequired: true };
  };
